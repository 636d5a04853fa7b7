//! Forgiving field decoders shared by the models.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A timestamp, or `None` when absent, `null` or unparseable.
pub(crate) fn timestamp<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::String(s)) => DateTime::parse_from_rfc3339(&s)
            .ok()
            .map(|t| t.with_timezone(&Utc)),
        _ => None,
    })
}

/// A string; `null` becomes `""`.
pub(crate) fn string_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(d)?.unwrap_or_default())
}

/// A boolean; `null` becomes `false`.
pub(crate) fn bool_or_false<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(d)?.unwrap_or_default())
}

/// An integer; `null` becomes 0, a float is truncated, a numeric string is parsed.
pub(crate) fn int_or_zero<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .unwrap_or_default(),
        Some(Value::String(s)) => s.trim().parse().unwrap_or_default(),
        _ => 0,
    })
}

/// A list of tag names; `null` becomes `[]`; objects with a `name` are reduced to it.
pub(crate) fn tag_names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let v = Option::<Vec<Value>>::deserialize(d)?.unwrap_or_default();
    Ok(v.into_iter()
        .filter_map(|t| match t {
            Value::String(s) => Some(s),
            Value::Object(mut o) => match o.remove("name") {
                Some(Value::String(s)) => Some(s),
                _ => None,
            },
            _ => None,
        })
        .collect())
}

/// A path; `null` or `""` becomes `/`.
pub(crate) fn path_or_root<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let p = Option::<String>::deserialize(d)?.unwrap_or_default();
    Ok(if p.is_empty() { "/".to_string() } else { p })
}

/// Default for `path`.
pub(crate) fn root() -> String {
    "/".to_string()
}
