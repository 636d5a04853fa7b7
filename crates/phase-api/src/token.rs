//! Access tokens: [`Token`] and its [`TokenKind`].

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::PhaseError;

/// The kind of a Phase access token; it is the word after `Bearer` in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenKind {
    /// A Personal Access Token: acts as the person and sees their personal overrides.
    User,
    /// A service account token: never sees or sets personal overrides.
    ServiceAccount,
    /// A legacy service token.
    Service,
}

impl TokenKind {
    /// The word used in the `Authorization` header (`User`, `ServiceAccount`, `Service`).
    pub fn header_word(&self) -> &'static str {
        match self {
            TokenKind::User => "User",
            TokenKind::ServiceAccount => "ServiceAccount",
            TokenKind::Service => "Service",
        }
    }

    /// True when secrets fetched with this kind of token carry personal overrides.
    pub fn sees_overrides(&self) -> bool {
        matches!(self, TokenKind::User)
    }

    fn from_word(word: &str) -> Option<TokenKind> {
        match word.to_ascii_lowercase().as_str() {
            "user" => Some(TokenKind::User),
            "serviceaccount" => Some(TokenKind::ServiceAccount),
            "service" => Some(TokenKind::Service),
            _ => None,
        }
    }
}

impl fmt::Display for TokenKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.header_word())
    }
}

/// An access token: its kind and its secret. The secret is only readable through
/// [`Token::expose`]; `Debug` and `Display` print `Token(User, <redacted>)`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    kind: TokenKind,
    secret: String,
}

impl Token {
    /// A token of `kind`. The secret is trimmed; an empty secret, or one with whitespace
    /// or non-printable characters inside, is refused (field `"token"`).
    pub fn new(kind: TokenKind, secret: impl Into<String>) -> Result<Token, PhaseError> {
        let secret = secret.into();
        let trimmed = secret.trim();
        if trimmed.is_empty() {
            return Err(PhaseError::validation("token", "the token is empty"));
        }
        if trimmed.chars().any(char::is_whitespace) {
            return Err(PhaseError::validation(
                "token",
                "the token must not contain spaces or line breaks",
            ));
        }
        if !trimmed.chars().all(|c| c.is_ascii_graphic()) {
            return Err(PhaseError::validation(
                "token",
                "the token contains characters that cannot be sent (only printable ASCII)",
            ));
        }
        Ok(Token {
            kind,
            secret: trimmed.to_string(),
        })
    }

    /// Reads a token as people paste it: `"Bearer User abc"`, `"User abc"`, `"Bearer abc"`
    /// or `"abc"` (the last two take `default_kind`). Console tokens starting with
    /// `pss_user:` or `pss_service:` are kept as given; their kind comes from the prefix
    /// (`pss_user:` → User, `pss_service:v2:` → ServiceAccount, `pss_service:v1:` → Service,
    /// other `pss_service:` → `default_kind` unless that is User, then ServiceAccount).
    pub fn parse(input: &str, default_kind: TokenKind) -> Result<Token, PhaseError> {
        let mut words: Vec<&str> = input.split_whitespace().collect();
        if words
            .first()
            .is_some_and(|w| w.eq_ignore_ascii_case("bearer"))
        {
            words.remove(0);
        }
        let (kind, secret) = match words.as_slice() {
            [] => return Err(PhaseError::validation("token", "the token is empty")),
            [secret] => (kind_from_prefix(secret).unwrap_or(default_kind), *secret),
            [word, secret] => match TokenKind::from_word(word) {
                Some(kind) => (kind, *secret),
                None => {
                    return Err(PhaseError::validation(
                        "token",
                        "expected 'User', 'ServiceAccount' or 'Service' before the token",
                    ))
                }
            },
            _ => {
                return Err(PhaseError::validation(
                    "token",
                    "the token must not contain spaces",
                ))
            }
        };
        let kind = if secret.starts_with("pss_user:") {
            TokenKind::User
        } else if secret.starts_with("pss_service:") && kind == TokenKind::User {
            kind_from_prefix(secret).unwrap_or(TokenKind::ServiceAccount)
        } else {
            kind
        };
        Token::new(kind, secret)
    }

    /// The token's kind.
    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// The secret itself. This is the only way to read it.
    pub fn expose(&self) -> &str {
        &self.secret
    }

    /// A short, non-reversible fingerprint: the first 8 hex digits of SHA-256 of the secret.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.secret.as_bytes());
        digest[..4].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The `Authorization` header value: `Bearer <Kind> <secret>`.
    pub fn authorization_header(&self) -> String {
        format!("Bearer {} {}", self.kind.header_word(), self.secret)
    }
}

fn kind_from_prefix(secret: &str) -> Option<TokenKind> {
    if secret.starts_with("pss_user:") {
        Some(TokenKind::User)
    } else if secret.starts_with("pss_service:v2:") {
        Some(TokenKind::ServiceAccount)
    } else if secret.starts_with("pss_service:v1:") {
        Some(TokenKind::Service)
    } else {
        None
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({}, <redacted>)", self.kind.header_word())
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "7f3a9c0d1e2b4a5968778695a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d6e7f";

    #[test]
    fn parse_forms() {
        let t = Token::parse(&format!("Bearer User {HEX}"), TokenKind::Service).unwrap();
        assert_eq!((t.kind(), t.expose()), (TokenKind::User, HEX));
        let t = Token::parse(&format!("  ServiceAccount {HEX}\n"), TokenKind::User).unwrap();
        assert_eq!((t.kind(), t.expose()), (TokenKind::ServiceAccount, HEX));
        let t = Token::parse(&format!("Bearer {HEX}"), TokenKind::ServiceAccount).unwrap();
        assert_eq!((t.kind(), t.expose()), (TokenKind::ServiceAccount, HEX));
        let t = Token::parse(HEX, TokenKind::User).unwrap();
        assert_eq!((t.kind(), t.expose()), (TokenKind::User, HEX));
        let t = Token::parse(&format!("bearer service {HEX}"), TokenKind::User).unwrap();
        assert_eq!(t.kind(), TokenKind::Service);
    }

    #[test]
    fn parse_console_prefixes() {
        let pat = "pss_user:v1:abc:def:ghi:jkl";
        let t = Token::parse(pat, TokenKind::ServiceAccount).unwrap();
        assert_eq!((t.kind(), t.expose()), (TokenKind::User, pat));
        let sa = "pss_service:v2:abc:def:ghi:jkl";
        let t = Token::parse(sa, TokenKind::User).unwrap();
        assert_eq!((t.kind(), t.expose()), (TokenKind::ServiceAccount, sa));
        let legacy = "pss_service:v1:abc:def";
        assert_eq!(
            Token::parse(legacy, TokenKind::User).unwrap().kind(),
            TokenKind::Service
        );
        let other = "pss_service:abc";
        assert_eq!(
            Token::parse(other, TokenKind::User).unwrap().kind(),
            TokenKind::ServiceAccount
        );
    }

    #[test]
    fn parse_refusals() {
        for bad in [
            "",
            "   ",
            "Bearer",
            "Bogus abc",
            "User a b",
            "User ab\u{1}c",
        ] {
            let err = Token::parse(bad, TokenKind::User).unwrap_err();
            assert_eq!(err.code(), "validation", "{bad:?}");
            assert!(!err.to_string().contains("ab\u{1}c"));
        }
    }

    #[test]
    fn new_trims_and_refuses() {
        assert_eq!(
            Token::new(TokenKind::User, "  abc \n").unwrap().expose(),
            "abc"
        );
        assert!(Token::new(TokenKind::User, "").is_err());
        assert!(Token::new(TokenKind::User, "a bc").is_err());
        assert!(Token::new(TokenKind::User, "a\tbc").is_err());
    }

    #[test]
    fn redaction_and_header() {
        let t = Token::new(TokenKind::User, HEX).unwrap();
        assert_eq!(format!("{t:?}"), "Token(User, <redacted>)");
        assert_eq!(t.to_string(), "Token(User, <redacted>)");
        assert!(!format!("{:?}", Some(t.clone())).contains(HEX));
        assert_eq!(t.authorization_header(), format!("Bearer User {HEX}"));
        let fp = t.fingerprint();
        assert_eq!(fp.len(), 8);
        assert!(fp.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(!HEX.contains(&fp) || fp.len() < HEX.len());
        // sha256("abc") = ba7816bf...
        assert_eq!(
            Token::new(TokenKind::User, "abc").unwrap().fingerprint(),
            "ba7816bf"
        );
    }

    #[test]
    fn kind_words() {
        assert_eq!(TokenKind::ServiceAccount.header_word(), "ServiceAccount");
        assert!(TokenKind::User.sees_overrides());
        assert!(!TokenKind::ServiceAccount.sees_overrides());
        assert!(!TokenKind::Service.sees_overrides());
        assert_eq!(
            serde_json::to_string(&TokenKind::ServiceAccount).unwrap(),
            "\"ServiceAccount\""
        );
    }
}
