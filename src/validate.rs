//! The rules a webhook's own fields must satisfy (its name, description and
//! triggers), shared by `add`, `edit` and `import` so that no path into the
//! store skips one. The collection's key keeps its rules in `event::ApiKey`.

use crate::error::{Error, Result};
use crate::event::Trigger;

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_DESCRIPTION_CHARS: usize = 1000;

/// Unicode's format characters that names meet in practice: zero-width
/// spaces and joiners, the bidirectional marks, overrides and isolates, the
/// word joiner and invisible operators, the byte-order mark, and the soft
/// hyphen.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}')
}

pub fn name(name: &str) -> Result<()> {
    let chars = name.chars().count();
    if chars == 0 || name.trim().is_empty() {
        return Err(Error::invalid(format!(
            "webhook name {name:?} is empty; a name of 1 to {MAX_NAME_CHARS} characters is required"
        )));
    }
    if chars > MAX_NAME_CHARS {
        return Err(Error::invalid(format!(
            "webhook name is {chars} characters long; at most {MAX_NAME_CHARS} are allowed"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid(format!(
            "webhook name {name:?} contains a control character, which is not allowed"
        )));
    }
    // Invisible and direction-changing characters make two names look alike,
    // or a table read wrongly (a right-to-left override reverses the rest
    // of its line).
    if let Some(c) = name.chars().find(|&c| is_invisible_format(c)) {
        return Err(Error::invalid(format!(
            "webhook name {name:?} contains the invisible formatting character U+{:04X}, which \
             is not allowed, so that two webhooks cannot look alike",
            c as u32
        )));
    }
    // " inv" and "inv" would be two webhooks that look the same in every table.
    if name.trim() != name {
        return Err(Error::invalid(format!(
            "webhook name {name:?} starts or ends with whitespace; names must not, so that \
             two webhooks cannot look alike"
        )));
    }
    Ok(())
}

pub fn description(text: &str) -> Result<()> {
    let chars = text.chars().count();
    if chars > MAX_DESCRIPTION_CHARS {
        return Err(Error::invalid(format!(
            "description is {chars} characters long; at most {MAX_DESCRIPTION_CHARS} are allowed"
        )));
    }
    // Named, with its position, as a URL's is: a carriage return from a
    // Windows editor is the usual one, and "a control character" alone
    // does not say which.
    if let Some((at, c)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && *c != '\n' && *c != '\t')
    {
        let what = match c {
            '\r' => "a carriage return (\\r, as Windows line ends have)".to_string(),
            c => format!("the control character U+{:04X}", c as u32),
        };
        return Err(Error::invalid(format!(
            "description contains {what} at character {}; only newlines (\\n) and tabs are \
             allowed",
            at + 1
        )));
    }
    Ok(())
}

/// Parses trigger names given on the command line and returns them in the
/// spec's order without repeats, refusing an empty set.
pub fn triggers<S: AsRef<str>>(names: &[S]) -> Result<Vec<Trigger>> {
    let parsed = names
        .iter()
        .map(|n| n.as_ref().parse::<Trigger>())
        .collect::<Result<Vec<_>>>()?;
    trigger_set(parsed)
}

/// A webhook's triggers: at least one, each once, in the spec's order.
pub fn trigger_set(mut parsed: Vec<Trigger>) -> Result<Vec<Trigger>> {
    parsed.sort();
    parsed.dedup();
    if parsed.is_empty() {
        return Err(Error::invalid(
            "a webhook needs at least one trigger; add one with --trigger",
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(name("inventory-sync").is_ok());
        assert!(name("").is_err());
        assert!(name("   ").is_err());
        assert!(name(&"x".repeat(100)).is_ok());
        assert!(name(&"x".repeat(101)).is_err());
        assert!(name("a\u{7}b").is_err());
        assert!(name(" inv").is_err());
        assert!(name("inv ").is_err());
        assert!(name("inventory sync").is_ok());
    }

    #[test]
    fn triggers_are_ordered_and_deduplicated() {
        assert_eq!(
            triggers(&["delete", "Upload", "UPLOAD"]).unwrap(),
            vec![Trigger::Upload, Trigger::Delete]
        );
        assert!(triggers::<&str>(&[]).is_err());
    }
}
