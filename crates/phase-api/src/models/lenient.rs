//! Forgiving field decoders shared by the models.

use chrono::{DateTime, Utc};
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A timestamp, or `None` when absent, `null` or unparseable.
pub(crate) fn timestamp<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    d.deserialize_any(TimestampVisitor)
}

/// Reads a timestamp straight from the JSON text (no intermediate `Value`);
/// anything that is not an RFC 3339 string is `None`.
struct TimestampVisitor;

impl<'de> Visitor<'de> for TimestampVisitor {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a timestamp")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.with_timezone(&Utc)))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
}

/// `f` of a string read without copying it; `null` reads as `""`.
pub(crate) fn read_str<'de, D: Deserializer<'de>, T>(
    d: D,
    f: fn(&str) -> T,
) -> Result<T, D::Error> {
    struct StrVisitor<T>(fn(&str) -> T);

    impl<'de, T> Visitor<'de> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, s: &str) -> Result<T, E> {
            Ok((self.0)(s))
        }
        fn visit_none<E: de::Error>(self) -> Result<T, E> {
            Ok((self.0)(""))
        }
        fn visit_unit<E: de::Error>(self) -> Result<T, E> {
            Ok((self.0)(""))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
            d.deserialize_str(self)
        }
    }

    d.deserialize_option(StrVisitor(f))
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

/// A list of tag names; `null` becomes `[]`; objects with a `name` are reduced to it;
/// anything else is left out.
pub(crate) fn tag_names<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let tags = Option::<Vec<TagName>>::deserialize(d)?.unwrap_or_default();
    Ok(tags.into_iter().filter_map(|t| t.0).collect())
}

/// One item of a tag list: its name, if it has one. Plain strings, the usual case,
/// are read without an intermediate `Value`.
struct TagName(Option<String>);

impl<'de> Deserialize<'de> for TagName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TagVisitor)
    }
}

struct TagVisitor;

impl<'de> Visitor<'de> for TagVisitor {
    type Value = TagName;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a tag")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<TagName, E> {
        Ok(TagName(Some(s.to_string())))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<TagName, E> {
        Ok(TagName(Some(s)))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<TagName, A::Error> {
        let mut name = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "name" {
                name = match map.next_value()? {
                    Value::String(s) => Some(s),
                    _ => None,
                };
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(TagName(name))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<TagName, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(TagName(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<TagName, E> {
        Ok(TagName(None))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<TagName, E> {
        Ok(TagName(None))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<TagName, E> {
        Ok(TagName(None))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<TagName, E> {
        Ok(TagName(None))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<TagName, E> {
        Ok(TagName(None))
    }
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
