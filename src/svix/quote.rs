//! How the server's answers are quoted in errors: Svix's own error bodies
//! read as `code: detail` or per field, anything else clipped and printable,
//! and never with the token in it.

use super::config::Token;

/// How much of an answer an error message quotes.
const QUOTE_CHARS: usize = 600;

/// Svix's error body as text: `code: detail` for its errors, each
/// field's complaint for a validation error, the raw text otherwise.
pub fn error_body(token: &Token, body: &[u8]) -> String {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return raw(token, body);
    };
    let detail = &value["detail"];
    let text = match (value["code"].as_str(), detail) {
        (Some(code), serde_json::Value::String(detail)) => format!("{code}: {detail}"),
        (_, serde_json::Value::Array(items)) => items
            .iter()
            .map(|item| {
                let loc: Vec<String> = item["loc"]
                    .as_array()
                    .map(|l| {
                        l.iter()
                            .map(|p| p.as_str().map_or(p.to_string(), str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                let msg = item["msg"].as_str().unwrap_or("invalid");
                format!("{}: {msg}", loc.join("."))
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => value.to_string(),
    };
    clip(&token.scrub(&text))
}

/// A bounded, printable, token-free quote of an answer.
pub fn raw(token: &Token, body: &[u8]) -> String {
    if body.is_empty() {
        return "(empty body)".to_string();
    }
    let text = String::from_utf8_lossy(body);
    format!("{:?}", clip(&token.scrub(&text)))
}

fn clip(text: &str) -> String {
    if text.chars().count() <= QUOTE_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(QUOTE_CHARS).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> Token {
        Token::parse("sk_live.token", "test").unwrap()
    }

    #[test]
    fn svix_errors_read_as_code_and_detail_or_per_field() {
        let t = token();
        let plain = br#"{"code":"authentication_failed","detail":"Invalid token"}"#;
        assert_eq!(
            error_body(&t, plain),
            "authentication_failed: Invalid token"
        );
        let fields = br#"{"detail":[{"loc":["body","url"],"msg":"bad url","type":"value_error"},
            {"loc":["body","secret"],"msg":"secret length invalid","type":"value_error"}]}"#;
        assert_eq!(
            error_body(&t, fields),
            "body.url: bad url; body.secret: secret length invalid"
        );
        assert_eq!(error_body(&t, b"<html>\n"), "\"<html>\\n\"");
        assert_eq!(raw(&t, b""), "(empty body)");
    }

    #[test]
    fn an_echoed_token_is_never_quoted_even_where_the_quote_is_cut() {
        // The cut falls seven characters into the token.
        let t = token();
        let padding = "x".repeat(QUOTE_CHARS - 7 - "c: ".len());
        let echo = format!(r#"{{"code":"c","detail":"{padding}sk_live.token"}}"#);
        assert!(!error_body(&t, echo.as_bytes()).contains("sk_l"));
        let padding = "x".repeat(QUOTE_CHARS - 7);
        assert!(!raw(&t, format!("{padding}sk_live.token").as_bytes()).contains("sk_l"));
    }
}
