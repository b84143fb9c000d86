//! Property tests (proptest) of the validators, the payload builder and parsers.
