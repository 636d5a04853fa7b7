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

/// How the person wrote the token; kept so that a refusal can say which form was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TokenForm {
    /// The string the Phase Console shows: `pss_user:v1:<token>:<kx_pub>:<share>:<wrap_key>`
    /// (or `pss_service:v1|v2:…`). Only the 3rd field is sent; the others are key material.
    Console,
    /// An `Authorization` header value: `Bearer User <token>` or `User <token>`.
    Header,
    /// The token value alone.
    Bare,
}

/// An access token: its kind and its secret, as the person gave it. The secret is only
/// readable through [`Token::expose`]; `Debug` and `Display` print `Token(User, <redacted>)`.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    kind: TokenKind,
    form: TokenForm,
    /// What the person pasted (trimmed, without `Bearer <Kind>`): a Console string or a bare value.
    secret: String,
    /// Byte range of the value sent in the header (the 3rd field of a Console string).
    bearer: std::ops::Range<usize>,
}

const CONSOLE_PREFIXES: [&str; 2] = ["pss_user:", "pss_service:"];

impl Token {
    /// A token of `kind`. The secret is trimmed; an empty secret, or one with whitespace
    /// or non-printable characters inside, is refused (field `"token"`). A Console string
    /// (`pss_user:…`, `pss_service:…`) is kept whole; its 3rd field is what gets sent.
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
        let (form, bearer) = match console_value_range(trimmed)? {
            Some(range) => (TokenForm::Console, range),
            None => (TokenForm::Bare, 0..trimmed.len()),
        };
        Ok(Token {
            kind,
            form,
            secret: trimmed.to_string(),
            bearer,
        })
    }

    /// Reads a token as people paste it: the Console's `pss_user:v1:…` / `pss_service:v2:…`
    /// string, `"Bearer User abc"`, `"User abc"`, `"Bearer abc"` or `"abc"` (the last two
    /// take `default_kind`). The kind of a Console string comes from its prefix
    /// (`pss_user:` → User, `pss_service:v2:` → ServiceAccount, `pss_service:v1:` → Service,
    /// other `pss_service:` → `default_kind` unless that is User, then ServiceAccount).
    pub fn parse(input: &str, default_kind: TokenKind) -> Result<Token, PhaseError> {
        let mut words: Vec<&str> = input.split_whitespace().collect();
        let had_bearer = words
            .first()
            .is_some_and(|w| w.eq_ignore_ascii_case("bearer"));
        if had_bearer {
            words.remove(0);
        }
        let (kind, secret, header) = match words.as_slice() {
            [] => return Err(PhaseError::validation("token", "the token is empty")),
            [secret] => (
                kind_from_prefix(secret).unwrap_or(default_kind),
                *secret,
                had_bearer,
            ),
            [word, secret] => match TokenKind::from_word(word) {
                Some(kind) => (kind, *secret, true),
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
        let mut token = Token::new(kind, secret)?;
        if header && token.form == TokenForm::Bare {
            token.form = TokenForm::Header;
        }
        Ok(token)
    }

    /// The token's kind.
    pub fn kind(&self) -> TokenKind {
        self.kind
    }

    /// The form the person wrote the token in.
    pub fn form(&self) -> TokenForm {
        self.form
    }

    /// A few words naming the form, for messages (never the token itself).
    pub fn form_label(&self) -> &'static str {
        match (self.form, self.kind) {
            (TokenForm::Console, TokenKind::User) => "a Console Personal Access Token (pss_user:)",
            (TokenForm::Console, _) => "a Console service token (pss_service:)",
            (TokenForm::Header, _) => "an Authorization header (Bearer …)",
            (TokenForm::Bare, _) => "a bare token value",
        }
    }

    /// The secret as the person gave it (a whole Console string stays whole). This is
    /// what goes to the keychain; the only way to read it.
    pub fn expose(&self) -> &str {
        &self.secret
    }

    /// The value the server looks up: the 3rd field of a Console string, else the token.
    pub fn bearer_value(&self) -> &str {
        &self.secret[self.bearer.clone()]
    }

    /// A short, non-reversible fingerprint: the first 8 hex digits of SHA-256 of the value
    /// sent to the server (so a Console string and its bare value share a fingerprint).
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.bearer_value().as_bytes());
        digest[..4].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The `Authorization` header value: `Bearer <Kind> <token value>`.
    pub fn authorization_header(&self) -> String {
        format!("Bearer {} {}", self.kind.header_word(), self.bearer_value())
    }
}

/// For a Console string, the byte range of its token field (the 3rd `:` field); `None` for
/// anything else. A Console string without a usable token field is refused.
fn console_value_range(secret: &str) -> Result<Option<std::ops::Range<usize>>, PhaseError> {
    let Some(prefix) = CONSOLE_PREFIXES
        .iter()
        .find(|p| secret.len() >= p.len() && secret[..p.len()].eq_ignore_ascii_case(p))
    else {
        return Ok(None);
    };
    let fields: Vec<&str> = secret.split(':').collect();
    let label = prefix.trim_end_matches(':');
    let Some(value) = fields.get(2).filter(|v| !v.is_empty()) else {
        return Err(PhaseError::validation(
            "token",
            format!("this looks like a Console token ({label}:…) but its token field is missing: copy the whole token again"),
        ));
    };
    if !value.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(PhaseError::validation(
            "token",
            format!("this looks like a Console token ({label}:…) but its token field is not valid: copy the whole token again"),
        ));
    }
    let start = fields[0].len() + fields[1].len() + 2;
    Ok(Some(start..start + value.len()))
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
    const KX: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

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
        let pat = format!("pss_user:v1:{HEX}:{KX}:{KX}:{KX}");
        let t = Token::parse(&pat, TokenKind::ServiceAccount).unwrap();
        assert_eq!((t.kind(), t.expose()), (TokenKind::User, pat.as_str()));
        assert_eq!(t.bearer_value(), HEX);
        assert_eq!(t.form(), TokenForm::Console);
        assert_eq!(t.authorization_header(), format!("Bearer User {HEX}"));
        let sa = format!("pss_service:v2:{HEX}:{KX}:{KX}:{KX}");
        let t = Token::parse(&sa, TokenKind::User).unwrap();
        assert_eq!(
            (t.kind(), t.expose()),
            (TokenKind::ServiceAccount, sa.as_str())
        );
        assert_eq!(
            t.authorization_header(),
            format!("Bearer ServiceAccount {HEX}")
        );
        // The same token pasted whole or bare has one fingerprint.
        assert_eq!(
            t.fingerprint(),
            Token::new(TokenKind::ServiceAccount, HEX)
                .unwrap()
                .fingerprint()
        );
        let legacy = "pss_service:v1:abc:def";
        assert_eq!(
            Token::parse(legacy, TokenKind::User).unwrap().kind(),
            TokenKind::Service
        );
        let other = format!("pss_service:v3:{HEX}");
        assert_eq!(
            Token::parse(&other, TokenKind::User).unwrap().kind(),
            TokenKind::ServiceAccount
        );
    }

    #[test]
    fn forms_are_told_apart_for_messages() {
        let header = Token::parse(&format!("Bearer User {HEX}"), TokenKind::User).unwrap();
        assert_eq!(header.form(), TokenForm::Header);
        assert_eq!(header.expose(), HEX);
        assert_eq!(
            Token::parse(HEX, TokenKind::User).unwrap().form(),
            TokenForm::Bare
        );
        let console = Token::parse(&format!("pss_user:v1:{HEX}:{KX}"), TokenKind::User).unwrap();
        assert!(console.form_label().contains("pss_user"));
        assert!(!console.form_label().contains(HEX));
    }

    #[test]
    fn broken_console_strings_are_refused_without_echoing_them() {
        for bad in [
            "pss_user:v1",
            "pss_user:v1:",
            "pss_service:v2::abc",
            "pss_user:v1:ab-cd:x",
        ] {
            let err = Token::parse(bad, TokenKind::User).unwrap_err();
            assert_eq!(err.code(), "validation", "{bad:?}");
            assert!(err.to_string().contains("Console token"), "{err}");
            assert!(!err.to_string().contains("ab-cd"));
        }
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
