//! Writing a document whose list is too long to hold: the list's items go
//! out as they come, and the document reads byte for byte as if it had been
//! written whole by `serde_json::to_string_pretty`.

use serde::Serialize;
use std::io::{BufWriter, StdoutLock, Write};

use crate::error::{Error, Result};

/// `{"<key>": [ …items… ], …tail…}`, one item at a time.
pub struct StreamedList<W: Write = BufWriter<StdoutLock<'static>>> {
    out: W,
    items: usize,
    /// Once stdout is closed (`| head`), the rest is dropped quietly.
    closed: bool,
}

impl StreamedList {
    /// A document on stdout.
    pub fn open(key: &str) -> Result<StreamedList> {
        StreamedList::on(BufWriter::new(std::io::stdout().lock()), key)
    }
}

impl<W: Write> StreamedList<W> {
    pub fn on(out: W, key: &str) -> Result<StreamedList<W>> {
        StreamedList::after(out, &serde_json::Map::new(), key)
    }

    /// A document whose fields start with those of `head` (a struct), in its
    /// order, before the list.
    pub fn after<T: Serialize>(out: W, head: &T, key: &str) -> Result<StreamedList<W>> {
        let mut list = StreamedList {
            out,
            items: 0,
            closed: false,
        };
        let mut start = String::from("{");
        if let Some(fields) = fields_of(&pretty(head)?) {
            start.push_str(fields);
            start.push(',');
        }
        start.push_str(&format!("\n  {}: [", quoted(key)?));
        list.write(start.as_bytes())?;
        Ok(list)
    }

    pub fn push<T: Serialize>(&mut self, item: &T) -> Result<()> {
        let text = pretty(item)?;
        let mut block = String::with_capacity(text.len() + 64);
        block.push_str(if self.items == 0 { "\n" } else { ",\n" });
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                block.push('\n');
            }
            block.push_str("    ");
            block.push_str(line);
        }
        self.items += 1;
        self.write(block.as_bytes())
    }

    /// Ends the list, writes the fields of `tail` (a struct) after it, in
    /// its order, and ends the document.
    pub fn close<T: Serialize>(mut self, tail: &T) -> Result<W> {
        let mut block = String::new();
        if self.items > 0 {
            block.push_str("\n  ");
        }
        block.push(']');
        if let Some(fields) = fields_of(&pretty(tail)?) {
            block.push(',');
            block.push_str(fields);
        }
        block.push_str("\n}\n");
        self.write(block.as_bytes())?;
        if !self.closed {
            self.out.flush().or_else(quiet_pipe)?;
        }
        Ok(self.out)
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        match self.out.write_all(bytes) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            Err(e) => Err(Error::Internal(format!("cannot write to stdout: {e}"))),
        }
    }
}

/// A struct's pretty form is `{`, its fields indented by two, `}`: the
/// fields are what a document needs around its list.
fn fields_of(pretty: &str) -> Option<&str> {
    let fields = pretty.strip_prefix('{')?.strip_suffix('}')?;
    let fields = fields.trim_end_matches('\n');
    (!fields.is_empty()).then_some(fields)
}

fn quiet_pipe(e: std::io::Error) -> Result<()> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(Error::Internal(format!("cannot write to stdout: {e}")))
    }
}

fn pretty<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot write JSON: {e}")))
}

fn quoted(key: &str) -> Result<String> {
    pretty(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Tail {
        summary: serde_json::Value,
        error: Option<String>,
    }

    #[derive(Serialize)]
    struct Whole<'a> {
        items: &'a [serde_json::Value],
        summary: serde_json::Value,
        error: Option<String>,
    }

    #[test]
    fn a_streamed_document_reads_as_one_written_whole() {
        let items = [
            json!({"b": [1, 2], "a": "x\ny"}),
            json!({"a": 2}),
            json!([]),
        ];
        for n in 0..=items.len() {
            let mut list = StreamedList::on(Vec::new(), "items").unwrap();
            for item in &items[..n] {
                list.push(item).unwrap();
            }
            let summary = json!({"total": n});
            let tail = Tail {
                summary: summary.clone(),
                error: None,
            };
            let written = String::from_utf8(list.close(&tail).unwrap()).unwrap();
            let whole = Whole {
                items: &items[..n],
                summary,
                error: None,
            };
            let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
            assert_eq!(written, expected);
        }
    }

    #[test]
    fn a_head_comes_before_the_list() {
        #[derive(Serialize)]
        struct Head {
            version: u32,
            key: Option<String>,
        }
        let head = Head {
            version: 1,
            key: None,
        };
        let mut list = StreamedList::after(Vec::new(), &head, "items").unwrap();
        list.push(&json!({"a": 1})).unwrap();
        let written = list.close(&serde_json::Map::new()).unwrap();
        #[derive(Serialize)]
        struct Whole {
            version: u32,
            key: Option<String>,
            items: Vec<serde_json::Value>,
        }
        let whole = Whole {
            version: 1,
            key: None,
            items: vec![json!({"a": 1})],
        };
        let expected = serde_json::to_string_pretty(&whole).unwrap() + "\n";
        assert_eq!(String::from_utf8(written).unwrap(), expected);
    }

    #[test]
    fn an_empty_tail_ends_the_document_after_the_list() {
        let list = StreamedList::on(Vec::new(), "webhooks").unwrap();
        let written = list.close(&serde_json::Map::new()).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            "{\n  \"webhooks\": []\n}\n"
        );
    }
}
