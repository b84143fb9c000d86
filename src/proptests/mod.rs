//! Property tests (proptest) of the parts that take arbitrary input: the
//! address policy, and the payload builder and parsers.
//!
//! The rules are restated here from the README rather than taken from the
//! code under test, so that a rule dropped from the code cannot pass
//! unnoticed.

mod addresses;
mod payloads;
mod urls;
