//! The JSON parser: one object `{"KEY": "value", …}`, read in file order.
//!
//! Strings are taken as they are (no expansion); numbers and booleans become their text as
//! written (`1.50` stays `1.50`); `null`, arrays and objects are refused per key. Invalid JSON
//! gives one [`Refused`] at the line of the error and no entries. serde_json's own messages are
//! not passed on: some of them quote the offending value.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::error::Category;
use serde_json::value::RawValue;

use crate::{Entry, Format, Parsed, Refused};

/// The members of the top-level object, in file order, each value as its own text.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of KEY: value members")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, &'de RawValue>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(MembersVisitor)
    }
}

/// Parses a JSON object of secrets.
pub fn parse_json(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parsed = Parsed {
        format: Format::Json,
        entries: Vec::new(),
        refused: Vec::new(),
    };
    let members = match serde_json::from_str::<Members>(text) {
        Ok(Members(members)) => members,
        Err(e) => {
            let (line, column) = (e.line().max(1), e.column());
            let reason = match e.classify() {
                Category::Eof => format!("not valid JSON: the text ends early (line {line})"),
                Category::Data => format!(
                    "line {line}: the JSON is not an object of KEY: value members (it must start with {{)"
                ),
                Category::Syntax | Category::Io => {
                    format!("not valid JSON: error at line {line}, column {column}")
                }
            };
            parsed.refused.push(Refused {
                line,
                key: None,
                reason,
            });
            return parsed;
        }
    };
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (key, raw) in &members {
        let line = line_of(text, raw.get());
        let refuse = |reason: String| Refused {
            line,
            key: Some(key.clone()),
            reason,
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| k == key) {
            let reason =
                format!("{key} appears again (line {line}); the first, on line {first}, is kept");
            parsed.refused.push(refuse(reason));
            continue;
        }
        let json = raw.get().trim();
        let value = match json.chars().next() {
            Some('"') => match serde_json::from_str::<String>(json) {
                Ok(s) => s,
                Err(_) => {
                    parsed.refused.push(refuse(format!(
                        "line {line}: {key}'s string could not be read"
                    )));
                    continue;
                }
            },
            Some('n') => {
                parsed
                    .refused
                    .push(refuse(format!("line {line}: {key} is null")));
                continue;
            }
            Some('[') => {
                let reason = format!(
                    "line {line}: {key} holds a list; only strings, numbers and booleans can be imported"
                );
                parsed.refused.push(refuse(reason));
                continue;
            }
            Some('{') => {
                let reason = format!(
                    "line {line}: {key} holds an object; only strings, numbers and booleans can be imported"
                );
                parsed.refused.push(refuse(reason));
                continue;
            }
            // A number or `true`/`false`: its text as written.
            _ => json.to_owned(),
        };
        seen.push((key, line));
        parsed.entries.push(Entry {
            line,
            ..Entry::new(key.clone(), value)
        });
    }
    parsed
}

/// 1-based line of `part` (a slice of `text`), or 0 if it is not one.
fn line_of(text: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    text.get(..offset)
        .map_or(0, |before| before.matches('\n').count() + 1)
}
