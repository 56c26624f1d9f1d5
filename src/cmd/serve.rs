//! `schoolgate serve`: local preview. (Not built yet.)

use crate::cli::ServeArgs;

use super::Exit;

pub fn run(_args: ServeArgs) -> Exit {
    eprintln!("`schoolgate serve` is not available yet. Run `schoolgate build` and open public/index.html.");
    Exit::InputError
}
