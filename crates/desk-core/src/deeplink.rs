//! `phase-desk://` links: a place in Phase Desk (account, app, environment, folder and
//! optionally a key), never a value or a token.
//!
//! `phase-desk://open?account=<accountId>&app=<appId>&env=<envName>&path=/folder&key=KEY`
//!
//! [`DeepLink::parse`] accepts only that shape: an unknown field, a repeated one, a
//! field that would carry a value or a token, or a field whose text looks like a token
//! is refused with a message saying which. [`DeepLink::to_url`] percent-encodes every
//! byte outside RFC 3986's unreserved set (the path keeps its `/`).

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The URL scheme Phase Desk registers with the operating system.
pub const SCHEME: &str = "phase-desk";
/// The only action a link has.
const ACTION: &str = "open";
/// Longer links are refused before they are read.
pub const MAX_LINK_LEN: usize = 2048;
/// The longest text one field may hold (after decoding).
const MAX_FIELD_LEN: usize = 256;
/// Field names that would mean a secret travels in the link.
const SECRET_FIELDS: &[&str] = &[
    "value",
    "values",
    "token",
    "secret",
    "password",
    "pat",
    "auth",
    "authorization",
    "bearer",
    "apikey",
    "api_key",
    "key_value",
    "override",
];

/// Where a link points: an account, app and environment, a folder and maybe a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeepLink {
    /// The account's id in Phase Desk.
    pub account: String,
    /// The app's id (or, for services that name apps, its name).
    pub app: String,
    /// The environment's name.
    pub env: String,
    /// The folder, normalised: `/` or `/a/b`.
    pub path: String,
    /// The key to select in that folder.
    pub key: Option<String>,
}

/// Why a text is not a usable Phase Desk link. The message says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("This is not a Phase Desk link (it must start with {SCHEME}://open?).")]
    NotALink,
    #[error("This link is longer than {MAX_LINK_LEN} characters.")]
    TooLong,
    #[error("Phase Desk links can only open a secret, not “{0}”.")]
    UnknownAction(String),
    #[error("This link has a #fragment, which Phase Desk links never have.")]
    Fragment,
    #[error("This link has an unknown field “{0}”.")]
    UnknownField(String),
    #[error("This link carries a “{0}” field: Phase Desk links never hold values or tokens, so it was not opened.")]
    SecretField(String),
    #[error("This link names “{0}” twice.")]
    Repeated(String),
    #[error("This link has no {0}.")]
    Missing(&'static str),
    #[error("This link's {field} is not valid: {reason}.")]
    Invalid { field: String, reason: String },
    #[error("This link's {0} looks like a token: Phase Desk links never hold values or tokens, so it was not opened.")]
    LooksLikeToken(String),
}

fn invalid(field: &str, reason: impl Into<String>) -> LinkError {
    LinkError::Invalid {
        field: field.to_string(),
        reason: reason.into(),
    }
}

impl DeepLink {
    /// Builds a link after checking its fields as [`DeepLink::parse`] would.
    pub fn new(
        account: &str,
        app: &str,
        env: &str,
        path: &str,
        key: Option<&str>,
    ) -> Result<DeepLink, LinkError> {
        let link = DeepLink {
            account: check_account(account)?,
            app: check_text("app", app)?,
            env: check_text("env", env)?,
            path: check_path(path)?,
            key: key.map(check_key).transpose()?,
        };
        Ok(link)
    }

    /// Reads a `phase-desk://open?…` link.
    pub fn parse(url: &str) -> Result<DeepLink, LinkError> {
        let url = url.trim();
        if url.len() > MAX_LINK_LEN {
            return Err(LinkError::TooLong);
        }
        let rest = strip_scheme(url).ok_or(LinkError::NotALink)?;
        if rest.contains('#') {
            return Err(LinkError::Fragment);
        }
        let (action, query) = rest.split_once('?').unwrap_or((rest, ""));
        let action = action.trim_end_matches('/');
        if !action.eq_ignore_ascii_case(ACTION) {
            return Err(LinkError::UnknownAction(
                percent_decode("action", action).unwrap_or_else(|_| action.to_string()),
            ));
        }
        let mut fields: [Option<String>; 5] = Default::default();
        const NAMES: [&str; 5] = ["account", "app", "env", "path", "key"];
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = percent_decode("field name", raw_name)?.to_ascii_lowercase();
            let Some(slot) = NAMES.iter().position(|n| *n == name) else {
                return Err(if SECRET_FIELDS.contains(&name.as_str()) {
                    LinkError::SecretField(name)
                } else {
                    LinkError::UnknownField(name)
                });
            };
            if fields[slot].is_some() {
                return Err(LinkError::Repeated(name));
            }
            fields[slot] = Some(percent_decode(NAMES[slot], raw_value)?);
        }
        let [account, app, env, path, key] = fields;
        DeepLink::new(
            &account.ok_or(LinkError::Missing("account"))?,
            &app.ok_or(LinkError::Missing("app"))?,
            &env.ok_or(LinkError::Missing("env"))?,
            path.as_deref().unwrap_or("/"),
            key.as_deref().filter(|k| !k.is_empty()),
        )
    }

    /// The link as text, every field percent-encoded.
    pub fn to_url(&self) -> String {
        let mut url = format!(
            "{SCHEME}://{ACTION}?account={}&app={}&env={}&path={}",
            encode(&self.account, false),
            encode(&self.app, false),
            encode(&self.env, false),
            encode(&self.path, true),
        );
        if let Some(key) = &self.key {
            url.push_str("&key=");
            url.push_str(&encode(key, false));
        }
        url
    }

    /// The first `phase-desk:` argument of a command line, read (`None` when there is none).
    pub fn from_args<S: AsRef<str>>(args: &[S]) -> Option<Result<DeepLink, LinkError>> {
        args.iter()
            .map(AsRef::as_ref)
            .find(|a| is_our_scheme(a))
            .map(DeepLink::parse)
    }
}

fn is_our_scheme(text: &str) -> bool {
    text.trim()
        .get(..SCHEME.len() + 1)
        .is_some_and(|p| p.eq_ignore_ascii_case(&format!("{SCHEME}:")))
}

/// What follows `phase-desk://` (case-insensitive scheme), if the text starts so.
fn strip_scheme(url: &str) -> Option<&str> {
    let prefix = format!("{SCHEME}://");
    let head = url.get(..prefix.len())?;
    head.eq_ignore_ascii_case(&prefix)
        .then(|| &url[prefix.len()..])
}

fn check_account(raw: &str) -> Result<String, LinkError> {
    let id = check_text("account", raw)?;
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(invalid("account", format!("it holds {c:?}")));
    }
    Ok(id)
}

fn check_key(raw: &str) -> Result<String, LinkError> {
    let key = check_text("key", raw)?;
    if let Some(c) = key
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(invalid("key", format!("keys never hold {c:?}")));
    }
    Ok(key)
}

fn check_path(raw: &str) -> Result<String, LinkError> {
    if !raw.is_empty() && !raw.starts_with('/') {
        return Err(invalid("path", "it must start with /"));
    }
    let path = phase_api::normalize_path(raw).map_err(|e| match e {
        phase_api::PhaseError::Validation { message, .. } => invalid("path", message),
        other => invalid("path", other.to_string()),
    })?;
    if path.chars().count() > MAX_FIELD_LEN {
        return Err(invalid(
            "path",
            format!("it is over {MAX_FIELD_LEN} characters"),
        ));
    }
    if looks_like_token(&path) {
        return Err(LinkError::LooksLikeToken("path".into()));
    }
    Ok(path)
}

/// Non-empty, not too long, no control characters, not token-like.
fn check_text(field: &str, raw: &str) -> Result<String, LinkError> {
    if raw.chars().any(char::is_control) {
        return Err(invalid(field, "it holds a control character"));
    }
    let text = raw.trim();
    if text.is_empty() {
        return Err(invalid(field, "it is empty"));
    }
    if text.chars().count() > MAX_FIELD_LEN {
        return Err(invalid(
            field,
            format!("it is over {MAX_FIELD_LEN} characters"),
        ));
    }
    if looks_like_token(text) {
        return Err(LinkError::LooksLikeToken(field.to_string()));
    }
    Ok(text.to_string())
}

/// A Phase token, an Authorization header, or a long opaque run of letters and digits
/// (32 or more, both present) such as a CommandK token, a key or a hash.
pub fn looks_like_token(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    const MARKS: &[&str] = &["pss_user:", "pss_service:", "bearer ", "basic "];
    MARKS.iter().any(|m| lower.contains(m))
        || text
            .split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '=')))
            .any(|run| {
                run.len() >= 32
                    && run.chars().any(|c| c.is_ascii_digit())
                    && run.chars().any(|c| c.is_ascii_alphabetic())
            })
}

fn encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(b as char)
            }
            b'/' if keep_slash => out.push('/'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (a space, as in forms); refuses broken escapes and
/// text that is not UTF-8.
fn percent_decode(field: &str, raw: &str) -> Result<String, LinkError> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| invalid(field, "it has a broken %-escape"))?;
                out.push(hex);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| invalid(field, "it is not UTF-8 text"))
}

/// A link as the window receives it: where to go, or why the link could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LinkRequest {
    pub link: Option<DeepLink>,
    pub error: Option<String>,
}

impl From<Result<DeepLink, LinkError>> for LinkRequest {
    fn from(r: Result<DeepLink, LinkError>) -> Self {
        match r {
            Ok(link) => LinkRequest {
                link: Some(link),
                error: None,
            },
            Err(e) => LinkRequest {
                link: None,
                error: Some(e.to_string()),
            },
        }
    }
}

/// The link that arrived last and the window has not taken yet (one at most: a newer
/// link replaces an older one).
#[derive(Default)]
pub struct LinkInbox {
    pending: Mutex<Option<LinkRequest>>,
}

impl LinkInbox {
    pub fn put(&self, request: LinkRequest) {
        *self.pending.lock().unwrap_or_else(|p| p.into_inner()) = Some(request);
    }

    pub fn take(&self) -> Option<LinkRequest> {
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
    }
}

#[cfg(test)]
#[path = "deeplink_tests.rs"]
mod tests;
