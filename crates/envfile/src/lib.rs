//! Files people import into a secrets manager (.env, JSON) and the exports written from it
//! (.env, JSON, YAML). Tauri-free; the desk-core crate calls it.
//!
//! Two rules hold everywhere:
//! - **Values are taken as written.** `${OTHER_KEY}`, `${staging.DB_HOST}` and `${/backend/KEY}`
//!   are Phase secret references and stay literally in the value: nothing is expanded and the
//!   process environment is never read.
//! - **No value leaves through an error.** A [`Refused`] reason names the line number and, when
//!   one was read, the key, never the line's text or its value; [`Entry`]'s `Debug` prints the
//!   value (and the comment) as `"***"`; the parsers do not panic.
//!
//! An `.env` written by [`write_dotenv`] reads back through [`parse_dotenv`] to the same entries
//! (comment, tags, folder and type included): see the `#@` directive in [`write_dotenv`].

use std::fmt;

mod directive;
mod dotenv;
mod json;
mod write;

pub use dotenv::parse_dotenv;
pub use json::parse_json;
pub use write::{write_dotenv, write_json, write_yaml, ExportError};

/// The format of a file read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Dotenv,
    Json,
    Yaml,
}

/// One secret read from a file (or to be written to one).
#[derive(Clone, PartialEq, Eq)]
pub struct Entry {
    /// As written in the file (the caller normalises and validates it).
    pub key: String,
    pub value: String,
    /// `""` when none.
    pub comment: String,
    pub tags: Vec<String>,
    /// The folder, `"/"` when none is given.
    pub path: String,
    /// `"secret"`, `"sealed"` or `"config"` when the file says; `None` otherwise.
    pub kind: Option<String>,
    /// 1-based line where the key is (for JSON: the line where its value starts).
    pub line: usize,
}

impl Entry {
    /// An entry with only a key and a value: no comment, no tags, folder `/`, no type, line 0.
    pub fn new(key: impl Into<String>, value: impl Into<String>) -> Self {
        Entry {
            key: key.into(),
            value: value.into(),
            comment: String::new(),
            tags: Vec::new(),
            path: "/".to_owned(),
            kind: None,
            line: 0,
        }
    }
}

/// By hand so that a value never reaches a log: `value` prints as `"***"`, and so does a
/// non-empty `comment` (comments are encrypted like values on Phase, and people keep old values
/// in them).
impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let comment = if self.comment.is_empty() { "" } else { "***" };
        f.debug_struct("Entry")
            .field("key", &self.key)
            .field("value", &"***")
            .field("comment", &comment)
            .field("tags", &self.tags)
            .field("path", &self.path)
            .field("kind", &self.kind)
            .field("line", &self.line)
            .finish()
    }
}

/// A line (or a JSON member) that was not imported, and why. `reason` names the line and the key
/// when one was read; never the line's text or a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// 1-based line.
    pub line: usize,
    pub key: Option<String>,
    pub reason: String,
}

/// What a parser found: the entries in file order, and what it refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub format: Format,
    pub entries: Vec<Entry>,
    pub refused: Vec<Refused>,
}

/// JSON when the first character that is not blank (nor a byte-order mark) is `{`, .env
/// otherwise.
pub fn parse(text: &str) -> Parsed {
    let first = text
        .chars()
        .find(|c| !c.is_whitespace() && *c != '\u{feff}');
    if first == Some('{') {
        parse_json(text)
    } else {
        parse_dotenv(text)
    }
}

/// Characters a key may have here (the caller applies Phase's own, stricter rules).
pub(crate) fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.' || c == '-'
}

/// A non-empty run of key characters: the only file text a refusal ever repeats.
pub(crate) fn is_key_shaped(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_key_char)
}
