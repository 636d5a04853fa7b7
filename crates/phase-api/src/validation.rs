//! Pure input checks, run by the client before any request and usable by a UI layer.

use std::collections::HashSet;

use crate::error::PhaseError;
use crate::models::{NewSecret, SecretUpdate};

/// The longest tag name the server accepts.
pub const MAX_TAG_LEN: usize = 64;

/// Normalises a key the way the Phase Console does: trims it, upper-cases it, turns
/// spaces and `-` into `_`; the result must be non-empty and only `[A-Z0-9_]`.
/// A refusal names the field `"key"`, the reason and the offending character.
pub fn normalize_key(raw: &str) -> Result<String, PhaseError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(PhaseError::validation("key", "the key must not be empty"));
    }
    let mut out = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        match c {
            'a'..='z' => out.push(c.to_ascii_uppercase()),
            'A'..='Z' | '0'..='9' | '_' => out.push(c),
            ' ' | '-' => out.push('_'),
            other => {
                return Err(PhaseError::validation(
                    "key",
                    format!(
                        "keys may only contain letters A-Z, digits 0-9 and '_' (found {})",
                        describe_char(other)
                    ),
                ))
            }
        }
    }
    Ok(out)
}

/// Normalises a folder path: `""` → `/`, `//a/b/` → `/a/b`, `a` → `/a`.
/// Refuses `.` / `..` segments and control characters (field `"path"`).
pub fn normalize_path(raw: &str) -> Result<String, PhaseError> {
    if let Some(c) = raw.chars().find(|c| c.is_control()) {
        return Err(PhaseError::validation(
            "path",
            format!(
                "paths must not contain control characters (found {})",
                describe_char(c)
            ),
        ));
    }
    let mut segments = Vec::new();
    // Each segment is trimmed, not only the whole path: "a /" must give what "/a" gives,
    // or normalising twice would not give the same path.
    for seg in raw.split('/').map(str::trim) {
        if seg.is_empty() {
            continue;
        }
        if seg == "." || seg == ".." {
            return Err(PhaseError::validation(
                "path",
                format!("paths must not contain '{seg}' segments"),
            ));
        }
        segments.push(seg);
    }
    Ok(format!("/{}", segments.join("/")))
}

/// Checks a tag name: non-empty after trimming, at most 64 characters, no comma
/// (the list filter is comma-separated). Field `"tags"`.
pub fn validate_tag(tag: &str) -> Result<(), PhaseError> {
    let t = tag.trim();
    if t.is_empty() {
        return Err(PhaseError::validation(
            "tags",
            "tag names must not be empty",
        ));
    }
    let len = t.chars().count();
    if len > MAX_TAG_LEN {
        return Err(PhaseError::validation(
            "tags",
            format!("tag names may be at most {MAX_TAG_LEN} characters ({len} given)"),
        ));
    }
    if t.contains(',') {
        return Err(PhaseError::validation(
            "tags",
            "tag names must not contain ','",
        ));
    }
    if let Some(c) = t.chars().find(|c| c.is_control()) {
        return Err(PhaseError::validation(
            "tags",
            format!(
                "tag names must not contain control characters (found {})",
                describe_char(c)
            ),
        ));
    }
    Ok(())
}

fn validate_tags(tags: &[String]) -> Result<Vec<String>, PhaseError> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for t in tags {
        validate_tag(t)?;
        let t = t.trim().to_string();
        if !out.contains(&t) {
            out.push(t);
        }
    }
    Ok(out)
}

/// Validates a batch to create and returns normalised copies (keys, paths — `/` when
/// none — and trimmed, de-duplicated tags). Refuses an empty batch and two rows with
/// the same key at the same path (which the server would not catch), naming the key.
pub fn validate_new_secrets(batch: &[NewSecret]) -> Result<Vec<NewSecret>, PhaseError> {
    if batch.is_empty() {
        return Err(PhaseError::validation(
            "secrets",
            "there is nothing to create",
        ));
    }
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(batch.len());
    for s in batch {
        let key = normalize_key(&s.key)?;
        let path = normalize_path(s.path.as_deref().unwrap_or("/"))?;
        let tags = validate_tags(&s.tags)?;
        if !seen.insert((key.clone(), path.clone())) {
            return Err(PhaseError::validation(
                "key",
                format!("{key} appears more than once in {path}"),
            ));
        }
        out.push(NewSecret {
            key,
            path: Some(path),
            tags,
            ..s.clone()
        });
    }
    Ok(out)
}

/// Validates a batch of updates and returns normalised copies. Refuses an empty batch,
/// an empty id, the same id twice, and two renames to the same key in one folder.
pub fn validate_updates(batch: &[SecretUpdate]) -> Result<Vec<SecretUpdate>, PhaseError> {
    if batch.is_empty() {
        return Err(PhaseError::validation(
            "secrets",
            "there is nothing to update",
        ));
    }
    let mut ids = HashSet::new();
    let mut keys = HashSet::new();
    let mut out = Vec::with_capacity(batch.len());
    for u in batch {
        let id = u.id.trim().to_string();
        if id.is_empty() {
            return Err(PhaseError::validation(
                "id",
                "every update needs the secret's id",
            ));
        }
        if !ids.insert(id.clone()) {
            return Err(PhaseError::validation(
                "id",
                format!("secret {id} appears more than once in the batch"),
            ));
        }
        let path = normalize_path(&u.path)?;
        let key = u.key.as_deref().map(normalize_key).transpose()?;
        if let Some(k) = &key {
            if !keys.insert((k.clone(), path.clone())) {
                return Err(PhaseError::validation(
                    "key",
                    format!("{k} appears more than once in {path}"),
                ));
            }
        }
        let tags = u.tags.as_deref().map(validate_tags).transpose()?;
        out.push(SecretUpdate {
            id,
            path,
            key,
            tags,
            ..u.clone()
        });
    }
    Ok(out)
}

/// Validates a list of ids to delete: non-empty, no empty id; duplicates are dropped.
pub(crate) fn validate_ids(ids: &[String]) -> Result<Vec<String>, PhaseError> {
    if ids.is_empty() {
        return Err(PhaseError::validation(
            "secrets",
            "there is nothing to delete",
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        let id = id.trim();
        if id.is_empty() {
            return Err(PhaseError::validation("id", "a secret id is empty"));
        }
        if !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
    }
    Ok(out)
}

fn describe_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretString;

    fn field(e: PhaseError) -> (String, String) {
        match e {
            PhaseError::Validation { field, message } => (field, message),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn keys() {
        assert_eq!(normalize_key("  db-host name ").unwrap(), "DB_HOST_NAME");
        assert_eq!(normalize_key("API_KEY_2").unwrap(), "API_KEY_2");
        let (f, m) = field(normalize_key("a.b").unwrap_err());
        assert_eq!(f, "key");
        assert!(m.contains("'.'"), "{m}");
        let (f, m) = field(normalize_key("   ").unwrap_err());
        assert_eq!(f, "key");
        assert!(m.contains("empty"));
        assert!(field(normalize_key("straße").unwrap_err())
            .1
            .contains("'ß'"));
        assert!(field(normalize_key("a\tb").unwrap_err())
            .1
            .contains("U+0009"));
    }

    #[test]
    fn paths() {
        assert_eq!(normalize_path("").unwrap(), "/");
        assert_eq!(normalize_path("/").unwrap(), "/");
        assert_eq!(normalize_path("//a/b/").unwrap(), "/a/b");
        assert_eq!(normalize_path("a").unwrap(), "/a");
        assert_eq!(normalize_path(" /a/b/ ").unwrap(), "/a/b");
        // Spaces around any segment go, so normalising twice gives the same path.
        assert_eq!(normalize_path("a /").unwrap(), "/a");
        assert_eq!(
            normalize_path(" a / my folder /b").unwrap(),
            "/a/my folder/b"
        );
        assert_eq!(normalize_path("/a/ /b").unwrap(), "/a/b");
        assert_eq!(field(normalize_path("/a/../b").unwrap_err()).0, "path");
        assert_eq!(field(normalize_path("/a/./b").unwrap_err()).0, "path");
        assert_eq!(field(normalize_path("/a\n").unwrap_err()).0, "path");
        assert_eq!(normalize_path("/a..b").unwrap(), "/a..b");
    }

    #[test]
    fn tags() {
        assert!(validate_tag("db").is_ok());
        assert!(validate_tag(&"x".repeat(64)).is_ok());
        let (f, m) = field(validate_tag(&"x".repeat(65)).unwrap_err());
        assert_eq!(f, "tags");
        assert!(m.contains("64"));
        assert!(validate_tag(" ").is_err());
        assert!(validate_tag("a,b").is_err());
    }

    #[test]
    fn new_batches() {
        assert_eq!(field(validate_new_secrets(&[]).unwrap_err()).0, "secrets");
        let mut a = NewSecret::new("db host", "v1");
        a.tags = vec![" db ".into(), "db".into()];
        let b = NewSecret {
            path: Some("backend/".into()),
            ..NewSecret::new("DB_HOST", "v2")
        };
        let out = validate_new_secrets(&[a.clone(), b]).unwrap();
        assert_eq!(out[0].key, "DB_HOST");
        assert_eq!(out[0].path.as_deref(), Some("/"));
        assert_eq!(out[0].tags, vec!["db".to_string()]);
        assert_eq!(out[1].path.as_deref(), Some("/backend"));
        assert_eq!(out[0].value, SecretString::from("v1"));
        let dup = NewSecret::new("DB-HOST", "v3");
        let (f, m) = field(validate_new_secrets(&[a, dup]).unwrap_err());
        assert_eq!(f, "key");
        assert!(m.contains("DB_HOST"));
        assert!(!m.contains("v1") && !m.contains("v3"));
        let mut long = NewSecret::new("K", "v");
        long.tags = vec!["t".repeat(65)];
        assert_eq!(field(validate_new_secrets(&[long]).unwrap_err()).0, "tags");
    }

    #[test]
    fn update_batches() {
        assert!(validate_updates(&[]).is_err());
        let u = SecretUpdate {
            key: Some("new key".into()),
            ..SecretUpdate::new(" id1 ", "x/")
        };
        let out = validate_updates(std::slice::from_ref(&u)).unwrap();
        assert_eq!(out[0].id, "id1");
        assert_eq!(out[0].path, "/x");
        assert_eq!(out[0].key.as_deref(), Some("NEW_KEY"));
        assert!(validate_updates(&[u.clone(), u.clone()]).is_err());
        assert!(validate_updates(&[SecretUpdate::new("", "/")]).is_err());
        let same_key = SecretUpdate {
            id: "id2".into(),
            ..u.clone()
        };
        assert_eq!(
            field(validate_updates(&[u, same_key]).unwrap_err()).0,
            "key"
        );
    }

    #[test]
    fn ids() {
        assert!(validate_ids(&[]).is_err());
        assert!(validate_ids(&[" ".into()]).is_err());
        assert_eq!(
            validate_ids(&["a".into(), "a".into()]).unwrap(),
            vec!["a".to_string()]
        );
    }
}
