//! JSON as a received body holds it: object keys in document order, repeated
//! keys kept. serde_json's own `Value` sorts keys (its `preserve_order`
//! feature would change the order of every other document the tool prints),
//! and both the payload's field order and a faithful re-serialization of the
//! body need the order as it was.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;
use std::io::{self, Write};

#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// The ways a framework commonly writes JSON back out after parsing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// No whitespace at all (JavaScript's `JSON.stringify`, serde_json).
    Compact,
    /// One value per line, indented by two spaces.
    Pretty2,
    /// One value per line, indented by four spaces.
    Pretty4,
    /// `, ` and `: ` between values (Python's `json.dumps` by default).
    Spaced,
}

impl Layout {
    pub const ALL: [Layout; 4] = [
        Layout::Compact,
        Layout::Pretty2,
        Layout::Pretty4,
        Layout::Spaced,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Layout::Compact => "written compact (no whitespace)",
            Layout::Pretty2 => "pretty-printed with an indent of 2 spaces",
            Layout::Pretty4 => "pretty-printed with an indent of 4 spaces",
            Layout::Spaced => "written on one line with `, ` and `: ` (Python's json.dumps)",
        }
    }
}

impl Json {
    /// Parses one JSON document; surrounding whitespace is allowed, trailing
    /// data is not.
    pub fn parse(bytes: &[u8]) -> Result<Json, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    /// The document written out again in `layout`.
    pub fn write(&self, layout: Layout) -> Vec<u8> {
        let mut out = Vec::new();
        let written = match layout {
            Layout::Compact => self.serialize(&mut serde_json::Serializer::new(&mut out)),
            Layout::Pretty2 => self.serialize(&mut serde_json::Serializer::with_formatter(
                &mut out,
                serde_json::ser::PrettyFormatter::with_indent(b"  "),
            )),
            Layout::Pretty4 => self.serialize(&mut serde_json::Serializer::with_formatter(
                &mut out,
                serde_json::ser::PrettyFormatter::with_indent(b"    "),
            )),
            Layout::Spaced => self.serialize(&mut serde_json::Serializer::with_formatter(
                &mut out, Spaced,
            )),
        };
        written.expect("writing JSON to memory cannot fail");
        out
    }

    /// The same value as serde_json's own type, for typed deserialization
    /// (a repeated key keeps its last value, as serde_json would).
    pub fn to_value(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => Value::Array(items.iter().map(Json::to_value).collect()),
            Json::Object(pairs) => Value::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_value()))
                    .collect(),
            ),
        }
    }

    /// What kind of value this is, in the words serde uses in its errors.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// serde_json's compact output with a space after each `,` and `:`.
struct Spaced;

impl serde_json::ser::Formatter for Spaced {
    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        Spaced::separate(out, first)
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        Spaced::separate(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }
}

impl Spaced {
    /// What goes before an item of an array or an object: nothing before
    /// the first.
    fn separate<W: ?Sized + Write>(out: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { out.write_all(b", ") }
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(n) => n.serialize(serializer),
            Json::String(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(pairs) => {
                let mut map = serializer.serialize_map(Some(pairs.len()))?;
                for (key, value) in pairs {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Json, E> {
        // JSON has no NaN or infinity, so a parsed float always converts.
        Ok(serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_string()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut pairs = Vec::new();
        while let Some(pair) = map.next_entry()? {
            pairs.push(pair);
        }
        Ok(Json::Object(pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"z":1,"a":[true,null,"é\n"],"z":{"b":2.5,"a":-3}}"#;

    #[test]
    fn keys_keep_their_order_and_repeats() {
        let json = Json::parse(BODY.as_bytes()).unwrap();
        assert_eq!(
            String::from_utf8(json.write(Layout::Compact)).unwrap(),
            BODY
        );
        let Json::Object(pairs) = &json else {
            panic!("an object")
        };
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["z", "a", "z"]);
        assert_eq!(json.to_value()["z"]["a"], -3);
    }

    #[test]
    fn layouts_are_what_frameworks_write() {
        let json = Json::parse(br#"{"a": [1, 2], "b": {}}"#).unwrap();
        let written = |layout| String::from_utf8(json.write(layout)).unwrap();
        assert_eq!(written(Layout::Compact), r#"{"a":[1,2],"b":{}}"#);
        assert_eq!(written(Layout::Spaced), r#"{"a": [1, 2], "b": {}}"#);
        assert_eq!(
            written(Layout::Pretty2),
            "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}"
        );
        assert!(written(Layout::Pretty4).starts_with("{\n    \"a\": [\n        1,"));
    }

    #[test]
    fn bad_documents_are_errors_not_panics() {
        for bad in [&b""[..], b"{", b"{} {}", b"\xff", &[b'['; 100_000]] {
            assert!(Json::parse(bad).is_err());
        }
    }
}
