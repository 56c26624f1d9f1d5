//! `schoolgate serve`: local preview with live reload (see [`schoolgate::preview`]).

use crate::cli::ServeArgs;
use schoolgate::error;

use super::Exit;

pub fn run(args: ServeArgs) -> Exit {
    match crate::preview::serve(&args.root, args.port) {
        Ok(()) => Exit::Clean,
        Err(e) => {
            eprint!("{}", error::render(&[e], &args.root));
            Exit::InputError
        }
    }
}
