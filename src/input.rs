//! Reading what a user hands in as a file or on stdin (`-`): capped, with
//! errors that name the source, and a word on stderr when stdin is a
//! terminal, so that a command waiting for input never looks hung.

use std::io::{IsTerminal, Read};

use crate::error::{Error, Result};

/// Where some input comes from, as the user named it.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    /// A path, or `-` for stdin.
    pub path: &'a str,
    /// What the input is, for messages: "the payload", "the document".
    pub what: &'a str,
}

impl Source<'_> {
    /// How errors name it: "the payload file p.json", "the payload on stdin".
    pub fn shown(&self) -> String {
        if self.path == "-" {
            format!("{} on stdin", self.what)
        } else {
            format!("{} file {}", self.what, self.path)
        }
    }

    /// Reads it whole, refusing more than `cap` bytes.
    pub fn read(&self, cap: u64) -> Result<Vec<u8>> {
        let shown = self.shown();
        let reader: Box<dyn Read> = if self.path == "-" {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                eprintln!(
                    "reading {} from stdin (end it with Ctrl-D, or press Ctrl-C to stop)",
                    self.what
                );
            }
            Box::new(stdin)
        } else {
            Box::new(
                std::fs::File::open(self.path)
                    .map_err(|e| Error::invalid(format!("cannot read {shown}: {e}")))?,
            )
        };
        let mut bytes = Vec::new();
        reader
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::invalid(format!("cannot read {shown}: {e}")))?;
        if bytes.len() as u64 > cap {
            return Err(Error::invalid(format!(
                "{shown} is larger than the limit of {cap} bytes"
            )));
        }
        Ok(bytes)
    }
}
