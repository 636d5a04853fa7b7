//! How the side-by-side view's rows cross IPC: each row and each cell as an array.
//!
//! The same reason as [`super::rows_wire`]: WebKitGTK hands an answer to the page at about
//! 17 ms per MB, and with the field names repeated on every row and cell, three
//! environments of 10,000 keys were 4.15 MB. `ui/src/lib/wire.ts` turns them back into
//! `CompareRow` objects; the order below is the contract between the two.

use serde::ser::{SerializeTuple, Serializer};

use super::rows_wire::serialize_each;
use super::{CompareCell, CompareRow};

/// `[key, path, tags, flags, cells]`; `flags`: 1 missing, 2 differs. A cell is `null`
/// where it is empty (the key is missing there), else `[secretId, kind, group,
/// overrideActive]`.
pub const COMPARE_ROW_WIRE_TS: &str = "export type CompareCellWire = null | [secretId: string | null, kind: SecretKind | null, group: number | null, overrideActive: boolean];\n\nexport type CompareRowWire = [key: string, path: string, tags: Array<string>, flags: number, cells: Array<CompareCellWire>];";

const FLAG_MISSING: u8 = 1;
const FLAG_DIFFERS: u8 = 2;

struct CellWire<'a>(&'a CompareCell);

impl serde::Serialize for CellWire<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let empty =
            c.secret_id.is_none() && c.kind.is_none() && c.group.is_none() && !c.override_active;
        if empty {
            return s.serialize_none();
        }
        let mut t = s.serialize_tuple(4)?;
        t.serialize_element(&c.secret_id)?;
        t.serialize_element(&c.kind)?;
        t.serialize_element(&c.group)?;
        t.serialize_element(&c.override_active)?;
        t.end()
    }
}

struct Cells<'a>(&'a [CompareCell]);

impl serde::Serialize for Cells<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_each(s, self.0, CellWire)
    }
}

struct RowWire<'a>(&'a CompareRow);

impl serde::Serialize for RowWire<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let flags = (r.missing as u8 * FLAG_MISSING) | (r.differs as u8 * FLAG_DIFFERS);
        let mut t = s.serialize_tuple(5)?;
        t.serialize_element(&r.key)?;
        t.serialize_element(&r.path)?;
        t.serialize_element(&r.tags)?;
        t.serialize_element(&flags)?;
        t.serialize_element(&Cells(&r.cells))?;
        t.end()
    }
}

/// The side-by-side view's rows: a `Vec<CompareRow>` that serializes each row as an array.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompareRows(pub Vec<CompareRow>);

impl serde::Serialize for CompareRows {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_each(s, &self.0, RowWire)
    }
}

impl std::ops::Deref for CompareRows {
    type Target = Vec<CompareRow>;
    fn deref(&self) -> &Vec<CompareRow> {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::SecretKind;

    #[test]
    fn a_row_and_its_cells_are_arrays_in_the_documented_order() {
        let present = CompareCell {
            secret_id: Some("s1".into()),
            kind: Some(SecretKind::Sealed),
            group: None,
            override_active: true,
        };
        let missing = CompareCell {
            secret_id: None,
            kind: None,
            group: None,
            override_active: false,
        };
        let grouped = CompareCell {
            secret_id: Some("s2".into()),
            kind: Some(SecretKind::Secret),
            group: Some(1),
            override_active: false,
        };
        let row = CompareRow {
            key: "K".into(),
            path: "/p".into(),
            tags: vec!["t".into()],
            cells: vec![present, missing, grouped],
            missing: true,
            differs: false,
        };
        let json = serde_json::to_value(CompareRows(vec![row])).unwrap();
        assert_eq!(
            json,
            serde_json::json!([[
                "K",
                "/p",
                ["t"],
                1,
                [
                    ["s1", "sealed", null, true],
                    null,
                    ["s2", "secret", 1, false]
                ]
            ]])
        );
    }

    #[test]
    fn a_cell_without_an_id_but_with_a_field_set_is_not_dropped() {
        let odd = CompareCell {
            secret_id: None,
            kind: None,
            group: Some(0),
            override_active: false,
        };
        let json = serde_json::to_value(CellWire(&odd)).unwrap();
        assert_eq!(json, serde_json::json!([null, null, 0, false]));
    }
}
