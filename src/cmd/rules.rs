//! `schoolgate rules [ID]`: the rule catalogue, in words.

use schoolgate::audit::rules::{all_rules, rule};

use super::Exit;

pub fn run(id: Option<&str>) -> Exit {
    match id {
        None => {
            for r in all_rules() {
                println!("{:<44} {:<8} {}", r.id, r.severity.as_str(), r.summary);
            }
            Exit::Clean
        }
        Some(id) => match rule(id) {
            Some(r) => {
                println!("{} ({})\n\n{}\n\n{}", r.id, r.severity, r.summary, r.explanation);
                Exit::Clean
            }
            None => {
                eprintln!("There is no rule called `{id}`. Run `schoolgate rules` to list them.");
                Exit::InputError
            }
        },
    }
}
