//! The rows of the side-by-side view: one per key and folder across the environments, each
//! cell with an equality group computed here, so that no value reaches the window.

use std::collections::HashMap;

use phase_api::{Secret, SecretType};

use crate::secrets;
use crate::view::{CompareCell, CompareRow};

/// The rows of the side-by-side view.
pub(super) fn compare_rows(
    envs: &[(String, Option<Vec<Secret>>)],
    comparable: bool,
) -> Vec<CompareRow> {
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut rows: Vec<CompareRow> = Vec::new();
    let mut values: Vec<Vec<Option<&str>>> = Vec::new();
    let empty = CompareCell {
        secret_id: None,
        kind: None,
        group: None,
        override_active: false,
    };
    for (column, (_, listed)) in envs.iter().enumerate() {
        for secret in listed.iter().flatten() {
            let place = (secret.key.to_uppercase(), secret.path.clone());
            let row = *index.entry(place).or_insert_with(|| {
                rows.push(CompareRow {
                    key: secret.key.clone(),
                    path: secret.path.clone(),
                    tags: Vec::new(),
                    cells: vec![empty.clone(); envs.len()],
                    missing: false,
                    differs: false,
                });
                values.push(vec![None; envs.len()]);
                rows.len() - 1
            });
            let cell = &mut rows[row].cells[column];
            cell.secret_id = Some(secret.id.clone());
            cell.kind = Some(secrets::kind_of(secret.r#type));
            cell.override_active = secret.r#override.as_ref().is_some_and(|o| o.is_active);
            for tag in &secret.tags {
                if !rows[row].tags.contains(tag) {
                    rows[row].tags.push(tag.clone());
                }
            }
            if comparable && secret.r#type != SecretType::Sealed {
                values[row][column] = Some(secret.value.expose());
            }
        }
    }
    for (row, values) in rows.iter_mut().zip(&values) {
        let mut distinct: Vec<&str> = Vec::new();
        for (cell, value) in row.cells.iter_mut().zip(values) {
            if let Some(value) = value {
                let group = match distinct.iter().position(|d| d == value) {
                    Some(g) => g,
                    None => {
                        distinct.push(value);
                        distinct.len() - 1
                    }
                };
                cell.group = Some(group as u32);
            }
        }
        row.differs = distinct.len() > 1;
        row.missing = row
            .cells
            .iter()
            .zip(envs)
            .any(|(cell, (_, listed))| listed.is_some() && cell.secret_id.is_none());
    }
    rows.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.key.cmp(&b.key)));
    rows
}
