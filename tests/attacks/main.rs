//! The guarantees, attacked. Each module tries to break one promise the way
//! a careless user or an attacker would, through the real binary, and
//! asserts the refusal: exit code, a message naming the file or field, the
//! published folder unchanged byte for byte, no private byte anywhere in the
//! output, nothing written outside the site. README's "What Schoolgate
//! guarantees" lists each promise with the test that proves it.

#[path = "../common/mod.rs"]
mod common;

mod bounds;
mod output;
mod paths;
mod publish;
mod register;
mod waivers;
