//! API access tokens ([`AccessToken`]) and their scope ([`TokenScope`]).

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::CommandkError;

/// What a CommandK API access token may do. CommandK's own documentation says a token is
/// either `Read` or `Write` scoped, and that **`Write` is not a superset of `Read`**: a
/// Write token cannot read secret values. Browsing and editing therefore take two tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenScope {
    /// Reads secrets (listing, reveal); every write is refused with 403.
    Read,
    /// Creates secrets and sets values; reading secret values is refused with 403.
    Write,
}

impl TokenScope {
    /// True for [`TokenScope::Read`].
    pub fn can_read_values(&self) -> bool {
        matches!(self, TokenScope::Read)
    }

    /// True for [`TokenScope::Write`].
    pub fn can_write(&self) -> bool {
        matches!(self, TokenScope::Write)
    }
}

impl fmt::Display for TokenScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenScope::Read => "Read",
            TokenScope::Write => "Write",
        })
    }
}

/// A CommandK API access token (Settings → API Access in the dashboard). The value is only
/// readable through [`AccessToken::expose`]; `Debug` and `Display` print
/// `AccessToken(<redacted>)`.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Reads a token as people paste it: the bare value, `Bearer <value>`, or a whole
    /// `Authorization: Bearer <value>` header line. Surrounding whitespace is dropped. An
    /// empty token, or one with spaces, line breaks or non-printable characters inside, is
    /// refused (field `"token"`), without echoing the input.
    pub fn parse(input: &str) -> Result<AccessToken, CommandkError> {
        let mut rest = input.trim();
        if let Some(header) = strip_prefix_ci(rest, "authorization:") {
            rest = header.trim_start();
        }
        if let Some(value) = strip_prefix_ci(rest, "bearer") {
            if value.starts_with(char::is_whitespace) || value.is_empty() {
                rest = value.trim_start();
            }
        }
        if rest.is_empty() {
            return Err(CommandkError::validation("token", "the token is empty"));
        }
        if rest.chars().any(char::is_whitespace) {
            return Err(CommandkError::validation(
                "token",
                "the token must not contain spaces or line breaks",
            ));
        }
        if !rest.chars().all(|c| c.is_ascii_graphic()) {
            return Err(CommandkError::validation(
                "token",
                "the token contains characters that cannot be sent (only printable ASCII)",
            ));
        }
        Ok(AccessToken(rest.to_string()))
    }

    /// The token value: what goes to the keychain and into the header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A short, non-reversible fingerprint: the first 8 hex digits of SHA-256 of the value.
    pub fn fingerprint(&self) -> String {
        Sha256::digest(self.0.as_bytes())
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The `Authorization` header value: `Bearer <value>`.
    pub fn authorization_header(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUE: &str = "ck_9f8e7d6c5b4a39281706f5e4d3c2b1a0";

    #[test]
    fn forms_people_paste() {
        for input in [
            VALUE.to_string(),
            format!("  {VALUE}\n"),
            format!("Bearer {VALUE}"),
            format!("bearer   {VALUE}"),
            format!("Authorization: Bearer {VALUE}"),
        ] {
            assert_eq!(
                AccessToken::parse(&input).unwrap().expose(),
                VALUE,
                "{input:?}"
            );
        }
        // A token that merely starts with the letters "bearer" is kept whole.
        assert_eq!(
            AccessToken::parse("bearerish123").unwrap().expose(),
            "bearerish123"
        );
    }

    #[test]
    fn refusals_do_not_echo_the_input() {
        for bad in ["", "   ", "Bearer", "Bearer a b", "abc\u{7}def", "tökén"] {
            let err = AccessToken::parse(bad).unwrap_err();
            assert_eq!(err.code(), "validation", "{bad:?}");
            assert!(!err.to_string().contains("def") && !err.to_string().contains("ök"));
        }
    }

    #[test]
    fn redaction_header_fingerprint() {
        let t = AccessToken::parse(VALUE).unwrap();
        assert_eq!(format!("{t:?}"), "AccessToken(<redacted>)");
        assert_eq!(t.to_string(), "AccessToken(<redacted>)");
        assert!(!format!("{:?}", Some(t.clone())).contains(VALUE));
        assert_eq!(t.authorization_header(), format!("Bearer {VALUE}"));
        // sha256("abc") = ba7816bf...
        assert_eq!(AccessToken::parse("abc").unwrap().fingerprint(), "ba7816bf");
    }

    #[test]
    fn scopes() {
        assert!(TokenScope::Read.can_read_values() && !TokenScope::Read.can_write());
        assert!(TokenScope::Write.can_write() && !TokenScope::Write.can_read_values());
        assert_eq!(
            serde_json::to_string(&TokenScope::Write).unwrap(),
            "\"Write\""
        );
    }
}
