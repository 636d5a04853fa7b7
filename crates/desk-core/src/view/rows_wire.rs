//! How a listing's rows cross IPC: each row as an array, not an object.
//!
//! WebKitGTK hands an IPC answer to the page in 8 KB pieces through the main loop, so an
//! environment click's IPC time follows the answer's size: 10,000 rows took ~17 ms per MB
//! between Rust and the page (bench-ui --ipc-probe). Without the field names repeated on
//! every row they are 2.1 MB instead of 3.4 MB. `ui/src/lib/wire.ts` turns them back into
//! `SecretRow` objects; the order below is the contract between the two.

use serde::ser::{SerializeSeq, SerializeTuple, Serializer};

use super::SecretRow;

/// `[id, key, path, comment, tags, kind, flags, version, createdAt, updatedAt,
/// configValue, valueSet, preview]`; `flags`: 1 rotating, 2 has an override, 4 the
/// override is active.
pub const SECRET_ROW_WIRE_TS: &str = "export type SecretRowWire = [id: string, key: string, path: string, comment: string, tags: Array<string>, kind: SecretKind, flags: number, version: number, createdAt: number | null, updatedAt: number | null, configValue: string | null, valueSet: boolean | null, preview: string | null];";

const FLAG_ROTATING: u8 = 1;
const FLAG_HAS_OVERRIDE: u8 = 2;
const FLAG_OVERRIDE_ACTIVE: u8 = 4;

struct Wire<'a>(&'a SecretRow);

impl serde::Serialize for Wire<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let flags = (r.rotating as u8 * FLAG_ROTATING)
            | (r.has_override as u8 * FLAG_HAS_OVERRIDE)
            | (r.override_active as u8 * FLAG_OVERRIDE_ACTIVE);
        let mut t = s.serialize_tuple(13)?;
        t.serialize_element(&r.id)?;
        t.serialize_element(&r.key)?;
        t.serialize_element(&r.path)?;
        t.serialize_element(&r.comment)?;
        t.serialize_element(&r.tags)?;
        t.serialize_element(&r.kind)?;
        t.serialize_element(&flags)?;
        t.serialize_element(&r.version)?;
        t.serialize_element(&r.created_at)?;
        t.serialize_element(&r.updated_at)?;
        t.serialize_element(&r.config_value)?;
        t.serialize_element(&r.value_set)?;
        t.serialize_element(&r.preview)?;
        t.end()
    }
}

/// A listing's rows: a `Vec<SecretRow>` that serializes each row as an array.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SecretRows(pub Vec<SecretRow>);

/// Serializes `items` as a sequence, each through its wire form `wire`.
pub(super) fn serialize_each<'a, S, T, W>(
    s: S,
    items: &'a [T],
    wire: impl Fn(&'a T) -> W,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    W: serde::Serialize,
{
    let mut seq = s.serialize_seq(Some(items.len()))?;
    for item in items {
        seq.serialize_element(&wire(item))?;
    }
    seq.end()
}

impl serde::Serialize for SecretRows {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_each(s, &self.0, Wire)
    }
}

impl std::ops::Deref for SecretRows {
    type Target = Vec<SecretRow>;
    fn deref(&self) -> &Vec<SecretRow> {
        &self.0
    }
}

impl std::ops::DerefMut for SecretRows {
    fn deref_mut(&mut self) -> &mut Vec<SecretRow> {
        &mut self.0
    }
}

impl FromIterator<SecretRow> for SecretRows {
    fn from_iter<I: IntoIterator<Item = SecretRow>>(rows: I) -> Self {
        SecretRows(rows.into_iter().collect())
    }
}

impl IntoIterator for SecretRows {
    type Item = SecretRow;
    type IntoIter = std::vec::IntoIter<SecretRow>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a SecretRows {
    type Item = &'a SecretRow;
    type IntoIter = std::slice::Iter<'a, SecretRow>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a> IntoIterator for &'a mut SecretRows {
    type Item = &'a mut SecretRow;
    type IntoIter = std::slice::IterMut<'a, SecretRow>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::SecretKind;

    #[test]
    fn a_row_is_an_array_in_the_documented_order() {
        let row = SecretRow {
            id: "i".into(),
            key: "K".into(),
            path: "/p".into(),
            comment: "c".into(),
            tags: vec!["t".into()],
            kind: SecretKind::Config,
            rotating: true,
            version: 3,
            created_at: Some(1_767_225_600_000),
            updated_at: None,
            has_override: true,
            override_active: false,
            config_value: Some("v".into()),
            value_set: Some(true),
            preview: None,
        };
        let json = serde_json::to_value(Wire(&row)).unwrap();
        assert_eq!(
            json,
            serde_json::json!([
                "i",
                "K",
                "/p",
                "c",
                ["t"],
                "config",
                3,
                3,
                1_767_225_600_000_i64,
                null,
                "v",
                true,
                null
            ])
        );
    }
}
