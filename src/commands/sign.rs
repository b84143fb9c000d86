//! `sign`: the Standard Webhooks headers of a body, printed as header
//! lines, a curl command or JSON, for a receiver's own tests. It sends
//! nothing and does not check the body, so that a receiver can be tested
//! with a bad payload too.

use super::{Context, scope};
use crate::cli::{SignArgs, SignFormat};
use crate::clock;
use crate::error::{Error, Result};
use crate::json::SignedDoc;
use crate::signing::{Secret, Signers};
use crate::verify::request::{MAX_BODY_BYTES, read_input};
use crate::webhook;

/// Longest `--id` accepted.
const MAX_ID_CHARS: usize = 256;

pub fn run(ctx: &Context, args: SignArgs) -> Result<()> {
    let format = match (args.format, ctx.out.json) {
        (Some(SignFormat::Json) | None, true) => SignFormat::Json,
        (Some(other), true) => {
            return Err(Error::invalid(format!(
                "--json and --format {} ask for two formats; give one of them",
                format_name(other)
            )));
        }
        (format, false) => format.unwrap_or(SignFormat::Headers),
    };
    if let Some(id) = &args.id {
        check_id(id)?;
    }
    let url = match (format, &args.url) {
        (SignFormat::Curl, Some(url)) => Some(check_url(url)?),
        (SignFormat::Curl, None) => return Err(Error::invalid("--format curl needs --url URL")),
        _ => None,
    };
    let signers = match (&args.secret, &args.hook) {
        (Some(text), _) => Signers::of(&Secret::parse(text)?, None),
        (None, Some(hook)) => {
            let collection = scope(args.api_key.as_deref())?;
            let hook = ctx.store()?.find_hook(hook, collection.as_ref())?;
            // During a rotation's grace period a delivery carries both
            // secrets' signatures; so do these headers, so that they are
            // what the webhook's receivers will meet.
            let previous = hook.previous_secret.as_ref().map(|p| p.secret.as_str());
            Signers::of(&hook.signing_secret()?, previous)
        }
        (None, None) => {
            return Err(Error::invalid(
                "sign needs a secret to sign with: give --secret whsec_… or --hook NAME|ID \
                 (a stored webhook's secret)",
            ));
        }
    };
    let body = read_input(&args.body, "body", MAX_BODY_BYTES)?;
    let id = match args.id {
        Some(id) => id,
        None => webhook::MessageIds::new().next(),
    };
    let timestamp = args.timestamp.unwrap_or_else(|| clock::now_ms() / 1000);
    let signature = signers.header(&id, timestamp, &body);
    let headers = [
        ("webhook-id", id.clone()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature.clone()),
    ];
    match format {
        SignFormat::Json => ctx
            .out
            .print_json(&SignedDoc::of(&id, timestamp, &signature)),
        SignFormat::Headers => {
            let lines: Vec<String> = headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
            ctx.out.print_line(&lines.join("\n"))
        }
        SignFormat::Curl => {
            let url = url.expect("checked above for curl");
            ctx.out
                .print_line(&curl_command(&url, &headers, &args.body, &body))
        }
    }
}

fn format_name(format: SignFormat) -> &'static str {
    match format {
        SignFormat::Headers => "headers",
        SignFormat::Curl => "curl",
        SignFormat::Json => "json",
    }
}

/// A header value must survive being sent: visible ASCII only.
fn check_id(id: &str) -> Result<()> {
    let chars = id.chars().count();
    if id.is_empty() || chars > MAX_ID_CHARS || !id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(format!(
            "--id {id:?} is not a usable webhook-id; it must be 1 to {MAX_ID_CHARS} visible ASCII \
             characters, without spaces"
        )));
    }
    Ok(())
}

fn check_url(url: &str) -> Result<String> {
    match url::Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(url.to_string()),
        Ok(parsed) => Err(Error::invalid(format!(
            "--url {url:?} uses the scheme `{}`; curl needs an http or https URL",
            parsed.scheme()
        ))),
        Err(e) => Err(Error::invalid(format!("--url {url:?} is not a URL: {e}"))),
    }
}

/// A curl command that sends `body` with the headers, byte for byte. A file
/// is sent with `--data-binary @FILE`; a body from stdin is written into the
/// command, as a quoted argument when it is text, or through `printf` with
/// octal escapes when it has bytes a shell argument or a terminal would not
/// carry intact.
fn curl_command(url: &str, headers: &[(&str, String)], source: &str, body: &[u8]) -> String {
    let mut lines = vec![format!("curl --request POST {}", shell_quote(url))];
    lines.push(format!(
        "--header {}",
        shell_quote("content-type: application/json")
    ));
    for (name, value) in headers {
        lines.push(format!(
            "--header {}",
            shell_quote(&format!("{name}: {value}"))
        ));
    }
    let text = std::str::from_utf8(body)
        .ok()
        .filter(|t| !t.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
    let mut prefix = String::new();
    if source != "-" {
        let file = format!("@{source}");
        lines.push(format!("--data-binary {}", shell_quote(&file)));
    } else if let Some(text) = text {
        lines.push(format!("--data-raw {}", shell_quote(text)));
    } else {
        prefix = format!("printf '{}' | ", printf_escaped(body));
        lines.push("--data-binary @-".to_string());
    }
    format!("{prefix}{}", lines.join(" \\\n  "))
}

/// Quotes a word for a POSIX shell: as it is when every character is safe,
/// else in single quotes (a quote inside becomes `'\''`).
fn shell_quote(word: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c);
    if !word.is_empty() && word.chars().all(safe) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// `bytes` as a printf format that prints exactly them: printable ASCII as
/// it is, `%` and `\` doubled, and every other byte (the single quote too)
/// as a three-digit octal escape.
fn printf_escaped(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'%' => out.push_str("%%"),
            b'\\' => out.push_str(r"\\"),
            b'\'' => out.push_str(r"\047"),
            b' '..=b'~' => out.push(b as char),
            _ => out.push_str(&format!("\\{b:03o}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_needed() {
        assert_eq!(
            shell_quote("https://localhost:3000/hooks"),
            "https://localhost:3000/hooks"
        );
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
    }

    #[test]
    fn printf_formats_carry_any_byte() {
        assert_eq!(
            printf_escaped(b"a%b\\c'\x00\xff\n"),
            r"a%%b\\c\047\000\377\012"
        );
    }
}
