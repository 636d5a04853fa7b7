//! Reading POST/PUT entries with the real server's (Python) semantics: what it validates
//! up front, what it lets through, and where a wrong type ends in a 500.

use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::model::{normalize_path, Db};

const TYPES: [&str; 3] = ["config", "sealed", "secret"];

/// The longest tag name the real server accepts (in characters, after trimming).
pub const TAG_MAX: usize = 64;

/// Python's `repr()` of a string: single quotes unless the text holds `'` but no `"`.
pub fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str()` of a JSON scalar, as it lands in messages (`None`, `True`, `5`).
/// Lists and objects end in a 500 on the real server.
pub fn py_str(v: &Value) -> Result<String, ApiError> {
    match v {
        Value::Null => Ok("None".into()),
        Value::Bool(true) => Ok("True".into()),
        Value::Bool(false) => Ok("False".into()),
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s.clone()),
        _ => Err(ApiError::internal()),
    }
}

/// Python truthiness of a JSON value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// `type`: absent or `null` pass validation (a `null` then fails with 500 when saved);
/// another string, a number or a bool is a 400 naming it; a list or object is a 500.
pub fn check_type(o: &Map<String, Value>) -> Result<(), ApiError> {
    let shown = match o.get("type") {
        None | Some(Value::Null) => return Ok(()),
        Some(Value::String(s)) if TYPES.contains(&s.as_str()) => return Ok(()),
        Some(Value::String(s)) => py_repr(s),
        Some(Value::Array(_) | Value::Object(_)) => return Err(ApiError::internal()),
        Some(v) => py_str(v)?,
    };
    Err(ApiError::bad_request(format!(
        "Invalid 'type': {shown}. Must be one of ['config', 'sealed', 'secret']."
    )))
}

/// The stored type for a given `type`: absent → `default`; `null` → 500.
pub fn stored_type(o: &Map<String, Value>, default: &str) -> Result<String, ApiError> {
    match o.get("type") {
        None => Ok(default.to_string()),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(ApiError::internal()),
    }
}

/// `override`, when present (even `null`), must be `{value: string, isActive: bool}`.
pub fn check_override(o: &Map<String, Value>) -> Result<Option<(String, bool)>, ApiError> {
    let Some(v) = o.get("override") else {
        return Ok(None);
    };
    let ov = v
        .as_object()
        .ok_or_else(|| ApiError::bad_request("'override' must be a JSON object."))?;
    let value = ov
        .get("value")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad_request("'override.value' must be a string."))?;
    let active = ov
        .get("isActive")
        .and_then(Value::as_bool)
        .ok_or_else(|| ApiError::bad_request("'override.isActive' must be a boolean."))?;
    Ok(Some((value.to_string(), active)))
}

/// A POST entry's checks, in the real order (all entries are checked before anything is
/// saved). The key only has to hold a non-space character: it is not trimmed.
pub fn check_new(item: &Value) -> Result<(), ApiError> {
    let o = item
        .as_object()
        .ok_or_else(|| ApiError::bad_request("Each entry in 'secrets' must be an object."))?;
    let key = o.get("key").and_then(Value::as_str);
    if key.is_none_or(|k| k.trim().is_empty()) {
        return Err(ApiError::bad_request(
            "Each secret requires a non-empty 'key'.",
        ));
    }
    if !o.get("value").is_some_and(Value::is_string) {
        return Err(ApiError::bad_request(
            "Each secret requires a 'value' string.",
        ));
    }
    check_type(o)?;
    check_override(o)?;
    Ok(())
}

/// A PUT entry's up-front checks: an object carrying `id` (any value), `type`, `override`.
pub fn check_update(item: &Value) -> Result<&Map<String, Value>, ApiError> {
    let o = item
        .as_object()
        .filter(|o| o.contains_key("id"))
        .ok_or_else(|| ApiError::bad_request("Secret ID not provided"))?;
    check_type(o)?;
    check_override(o)?;
    Ok(o)
}

/// A text field the server encrypts: absent → `None`; a string → it; anything else
/// (including `null`) → 500.
pub fn text(o: &Map<String, Value>, name: &str) -> Result<Option<String>, ApiError> {
    match o.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::internal()),
    }
}

/// `path` as the server reads it: a string is normalised; anything else counts as absent.
pub fn path(o: &Map<String, Value>) -> Option<String> {
    o.get("path").and_then(Value::as_str).map(normalize_path)
}

/// Resolves `tags` like the real `_resolve_secret_tags`: names are trimmed, non-strings
/// and empty names skipped, unknown names created for the organisation as they come
/// (so names before a failing one stay created). A name over [`TAG_MAX`] characters is a
/// 400. `null`/empty mean no tags; a string counts as its characters (Python iterates
/// it); a number or `true` is a 500.
pub fn resolve_tags(db: &mut Db, v: &Value) -> Result<Vec<String>, ApiError> {
    let raw: Vec<Value> = if !truthy(v) {
        Vec::new()
    } else {
        match v {
            Value::Array(a) => a.clone(),
            Value::String(s) => s.chars().map(|c| Value::String(c.into())).collect(),
            Value::Object(o) => o.keys().map(|k| Value::String(k.clone())).collect(),
            _ => return Err(ApiError::internal()),
        }
    };
    let mut out: Vec<String> = Vec::new();
    for item in raw {
        let Value::String(name) = item else { continue };
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        if name.chars().count() > TAG_MAX {
            let head: String = name.chars().take(32).collect();
            return Err(ApiError::bad_request(format!(
                "Tag name exceeds {TAG_MAX} characters: {}\u{2026}",
                py_repr(&head)
            )));
        }
        db.register_tags(&[name.to_string()]);
        if !out.iter().any(|t| t == name) {
            out.push(name.to_string());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_like_python() {
        assert_eq!(py_repr("x"), "'x'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("a'\"b"), "'a\\'\"b'");
        assert_eq!(py_repr("a\nb\\"), "'a\\nb\\\\'");
    }

    #[test]
    fn tags_like_the_real_server() {
        let mut db = Db::default();
        let tags = resolve_tags(&mut db, &serde_json::json!([" a ", 5, "", "b", "a"]));
        assert_eq!(tags.unwrap(), ["a", "b"]);
        assert!(resolve_tags(&mut db, &Value::Null).unwrap().is_empty());
        assert_eq!(
            resolve_tags(&mut db, &serde_json::json!("xy")).unwrap(),
            ["x", "y"]
        );
        let long = "t".repeat(65);
        let err = resolve_tags(&mut db, &serde_json::json!(["first", long])).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("Tag name exceeds 64 characters: 'tttt"));
        assert!(
            db.tags.contains(&"first".to_string()),
            "created before failing"
        );
    }
}
