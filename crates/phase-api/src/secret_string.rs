//! [`SecretString`]: a secret value that never shows up in `Debug` or `Display`.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A secret value. `Debug` and `Display` print `<redacted>`; read it with
/// [`SecretString::expose`]. Serialises as a plain JSON string; `null` decodes as `""`.
#[derive(Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> SecretString {
        SecretString(value.into())
    }

    /// The value itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the value is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for SecretString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Strings as they are; numbers and booleans as their JSON text; null as "". Read
        // straight from the JSON text: going through a `Value` for every secret cost about
        // 6 % of a listing's decode (docs/BENCHMARKS.md).
        d.deserialize_any(ValueVisitor).map(SecretString)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a secret value (a string)")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<String, E> {
        Ok(s.to_owned())
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<String, E> {
        Ok(s)
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<String, E> {
        Ok(b.to_string())
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<String, E> {
        Ok(serde_json::Number::from(n).to_string())
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<String, E> {
        Ok(serde_json::Number::from(n).to_string())
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<String, E> {
        // As serde_json writes it (a non-finite number cannot come from JSON text).
        Ok(serde_json::Number::from_f64(n).map_or_else(String::new, |n| n.to_string()))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom("a secret value must be a string"))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<String, A::Error> {
        Err(de::Error::custom("a secret value must be a string"))
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString(value.to_string())
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacted_but_transparent() {
        let s = SecretString::from("hunter2");
        assert_eq!(format!("{s:?}"), "<redacted>");
        assert_eq!(s.to_string(), "<redacted>");
        assert_eq!(s.expose(), "hunter2");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"hunter2\"");
        let back: SecretString = serde_json::from_str("\"hunter2\"").unwrap();
        assert_eq!(back, s);
        let null: SecretString = serde_json::from_str("null").unwrap();
        assert!(null.is_empty());
        assert_eq!(SecretString::default(), SecretString::from(String::new()));
    }

    #[test]
    fn scalars_decode_as_their_json_text() {
        let read = |json: &str| serde_json::from_str::<SecretString>(json).map(|s| s.0);
        assert_eq!(read("42").unwrap(), "42");
        assert_eq!(read("-7").unwrap(), "-7");
        assert_eq!(
            read("18446744073709551615").unwrap(),
            "18446744073709551615"
        );
        assert_eq!(read("1.5").unwrap(), "1.5");
        assert_eq!(read("1e3").unwrap(), "1000.0");
        assert_eq!(read("true").unwrap(), "true");
        assert_eq!(read(r#""tab\tquote\" é""#).unwrap(), "tab\tquote\" é");
        // Each as the `Value` it replaced wrote it.
        for json in ["42", "-7", "1.5", "1e3", "0.1", "true", "false"] {
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            assert_eq!(read(json).unwrap(), v.to_string(), "{json}");
        }
    }

    #[test]
    fn lists_and_objects_are_refused_without_their_content() {
        for json in [r#"["hunter2"]"#, r#"{"v": "hunter2"}"#] {
            let err = serde_json::from_str::<SecretString>(json)
                .unwrap_err()
                .to_string();
            assert!(err.contains("must be a string"), "{err}");
            assert!(!err.contains("hunter2"), "{err}");
        }
    }
}
