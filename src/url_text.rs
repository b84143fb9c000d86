//! The rules on a URL as it was typed, checked before a URL parser reads it.
//!
//! The `url` crate follows the WHATWG URL standard, which repairs what it
//! reads: it drops tabs and newlines wherever they stand, trims surrounding
//! whitespace and control characters, reads `\` as `/`, supplies a missing
//! `//` and skips an empty host. So `https:///x` would be stored as
//! `https://x/`, and a header injection attempt as a harmless-looking path.
//! These rules refuse such input instead, so that what is stored is what the
//! user meant. The rewrites that keep the meaning (the case of the scheme and
//! host, the default port, IDNA, the spellings of an IPv4 address) are left
//! to the parser.

/// Checks `raw` against the rules. The error completes a sentence that
/// starts with the URL, e.g. `URL "https:///x" ` + the error.
pub fn check(raw: &str) -> Result<(), String> {
    // Positions are 1-based and count characters, not bytes, so that they
    // match what a user counts in the text they typed.
    let chars: Vec<char> = raw.chars().collect();
    if let Some(at) = chars.iter().position(|c| c.is_control()) {
        return Err(format!(
            "contains the control character {} at character {}; control characters are not \
             allowed in a URL",
            shown(chars[at]),
            at + 1
        ));
    }
    if let Some(first) = chars.first().filter(|c| c.is_whitespace()) {
        return Err(format!(
            "starts with whitespace, {} at character 1; remove it",
            shown(*first)
        ));
    }
    if let Some(last) = chars.last().filter(|c| c.is_whitespace()) {
        return Err(format!(
            "ends with whitespace, {} at character {}; remove it",
            shown(*last),
            chars.len()
        ));
    }
    if let Some(at) = chars.iter().position(|c| *c == '\\') {
        return Err(format!(
            "contains a backslash at character {}; URL parsers read `\\` as `/`, so write `/`, \
             or `%5C` for a backslash that belongs in the path",
            at + 1
        ));
    }
    check_authority(&chars)?;
    if let Some(at) = chars.iter().position(|c| *c == '#') {
        let fragment: String = chars[at..].iter().collect();
        return Err(format!(
            "has a fragment, `{fragment}` at character {}; a fragment is never sent to the \
             server, so remove it",
            at + 1
        ));
    }
    Ok(())
}

/// For `http` and `https`, the schemes whose missing `//` or empty host a
/// parser would repair: the scheme must be followed by `//` and a non-empty
/// host, and an `@` must not stand alone before it. Other schemes are left to
/// the parser and to the callers' own rules.
fn check_authority(chars: &[char]) -> Result<(), String> {
    let Some(colon) = chars.iter().position(|c| *c == ':') else {
        return Ok(());
    };
    let scheme: String = chars[..colon].iter().collect();
    if !(scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) {
        return Ok(());
    }
    let no_host = |at: usize| {
        let found = match chars.get(at) {
            Some(c) => format!("character {} is `{c}`", at + 1),
            None => format!("the URL ends at character {}", chars.len()),
        };
        format!(
            "is not a valid URL: it has no host (`{scheme}:` must be followed by `//` and a \
             host, but {found})"
        )
    };
    let slashes = colon + 1;
    if chars[slashes..].iter().take(2).ne(['/', '/'].iter()) {
        let at = (slashes..slashes + 2)
            .find(|i| chars.get(*i) != Some(&'/'))
            .expect("one of the two is not a slash");
        return Err(no_host(at));
    }
    let start = slashes + 2;
    let end = chars[start..]
        .iter()
        .position(|c| matches!(c, '/' | '?' | '#'))
        .map_or(chars.len(), |i| start + i);
    if start == end {
        return Err(no_host(start));
    }
    let authority = &chars[start..end];
    if let Some(at) = authority.iter().rposition(|c| *c == '@') {
        let userinfo = &authority[..at];
        if userinfo.is_empty() || userinfo == [':'] {
            return Err(format!(
                "has an `@` with an empty user name before the host, at character {}; remove it",
                start + at + 1
            ));
        }
    }
    Ok(())
}

/// A character as a user can read it in a message: the usual escape for the
/// common control characters, the code point for the rest.
fn shown(c: char) -> String {
    match c {
        '\t' => "\\t (tab)".to_string(),
        '\n' => "\\n (line feed)".to_string(),
        '\r' => "\\r (carriage return)".to_string(),
        '\0' => "\\0 (NUL)".to_string(),
        ' ' => "U+0020 (space)".to_string(),
        c => format!("U+{:04X}", c as u32),
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    #[track_caller]
    fn refused(raw: &str, fragments: &[&str]) {
        let err = check(raw).expect_err(raw);
        for fragment in fragments {
            assert!(err.contains(fragment), "{raw:?}: {err}");
        }
    }

    #[test]
    fn control_characters_are_named_with_their_position() {
        refused(
            "https://h.example/x\r\nX: 1",
            &["\\r (carriage return)", "character 20"],
        );
        refused("https://h.example/\tx", &["\\t (tab)", "character 19"]);
        refused("https://h.example/\u{7}", &["U+0007", "character 19"]);
        refused("https://h.example/\u{7f}", &["U+007F", "character 19"]);
        refused("https://h.example/\0", &["\\0 (NUL)"]);
        refused("https://h.example/\n", &["\\n (line feed)", "character 19"]);
        // Characters, not bytes: `é` is two bytes in UTF-8.
        refused("https://é.example/\u{1}", &["character 19"]);
    }

    #[test]
    fn surrounding_whitespace_is_refused() {
        refused(
            " https://h.example/",
            &["starts with whitespace", "U+0020 (space)"],
        );
        refused(
            "https://h.example/ ",
            &["ends with whitespace", "character 19"],
        );
        refused(
            "https://h.example/\u{a0}",
            &["ends with whitespace", "U+00A0"],
        );
        assert!(
            check("https://h.example/a b").is_ok(),
            "inner spaces are encoded"
        );
    }

    #[test]
    fn a_backslash_is_refused() {
        refused(
            "https://h.example\\evil.example/x",
            &["backslash", "character 18"],
        );
        refused("https://h.example/x?q=\\", &["backslash", "character 23"]);
    }

    #[test]
    fn the_host_must_follow_two_slashes() {
        refused("https:///x", &["no host", "character 9 is `/`"]);
        refused("https:/x", &["no host", "character 8 is `x`"]);
        refused("https:x", &["no host", "character 7 is `x`"]);
        refused("HTTPS:x", &["`HTTPS:` must be followed by `//`"]);
        refused("http:///x", &["no host"]);
        refused("https://", &["is not a valid URL", "ends at character 8"]);
        refused("https://?q", &["no host", "character 9 is `?`"]);
        refused("https://@h.example/", &["empty user name", "character 9"]);
        refused("https://:@h.example/", &["empty user name", "character 10"]);
        // Other schemes are the callers' business.
        assert!(check("file:///etc/passwd").is_ok());
        assert!(check("socks5:x").is_ok());
        assert!(check("https://:pw@h.example/").is_ok(), "the policy's rule");
    }

    #[test]
    fn a_fragment_is_refused() {
        refused(
            "https://x.example.com/b?q=1#frag",
            &["`#frag`", "character 28"],
        );
        refused("https://x.example.com/#", &["fragment", "character 23"]);
    }

    #[test]
    fn ordinary_urls_pass() {
        for raw in [
            "https://hooks.example.com/echo3d",
            "HTTPS://Hooks.Example.COM:443/a?b=c&d=%20",
            "https://bücher.example/",
            "https://[::1]:8443/",
            "http://localhost:3000/hook",
            "https://user:pw@h.example/",
            "not a url",
            "",
        ] {
            assert_eq!(check(raw), Ok(()), "{raw}");
        }
    }
}
