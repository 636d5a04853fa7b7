//! A listing's rows, sorted as the window shows them (by key, then path), built in one
//! part per core for large listings: each part is built and sorted on its own thread,
//! then the sorted parts are merged.

use std::cmp::Ordering;

use phase_api::Secret;

use crate::secrets;
use crate::view::SecretRow;

/// Below this many secrets per part, threads cost more than they save.
const PART_MIN: usize = 2_000;

/// The rows of `secrets`, each passed through `annotate`, sorted by key then path.
pub(super) fn sorted_rows(
    secrets: &[Secret],
    annotate: impl Fn(&mut SecretRow) + Sync,
) -> Vec<SecretRow> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = cores.min(secrets.len() / PART_MIN).max(1);
    let build = |part: &[Secret]| {
        let mut rows: Vec<SecretRow> = part
            .iter()
            .map(|s| {
                let mut row = secrets::row(s);
                annotate(&mut row);
                row
            })
            .collect();
        rows.sort_unstable_by(by_key_then_path);
        rows
    };
    if parts == 1 {
        return build(secrets);
    }
    let per_part = secrets.len().div_ceil(parts);
    let sorted: Vec<Vec<SecretRow>> = std::thread::scope(|scope| {
        let mut chunks = secrets.chunks(per_part);
        let first = chunks.next().unwrap_or_default();
        let others: Vec<_> = chunks.map(|c| scope.spawn(|| build(c))).collect();
        let mut sorted = vec![build(first)];
        // A part whose thread failed is built again here: no row is lost.
        for (handle, chunk) in others.into_iter().zip(secrets.chunks(per_part).skip(1)) {
            sorted.push(handle.join().unwrap_or_else(|_| build(chunk)));
        }
        sorted
    });
    sorted.into_iter().reduce(merge).unwrap_or_default()
}

fn by_key_then_path(a: &SecretRow, b: &SecretRow) -> Ordering {
    a.key.cmp(&b.key).then_with(|| a.path.cmp(&b.path))
}

/// Two sorted lists as one sorted list.
fn merge(a: Vec<SecretRow>, b: Vec<SecretRow>) -> Vec<SecretRow> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if by_key_then_path(y, x) == Ordering::Less => b.next(),
            (Some(_), _) => a.next(),
            (None, _) => b.next(),
        };
        match next {
            Some(row) => out.push(row),
            None => return out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(i: usize, key: &str, path: &str) -> Secret {
        serde_json::from_value(serde_json::json!({
            "id": format!("id-{i}"),
            "key": key,
            "value": "v",
            "path": path,
        }))
        .unwrap()
    }

    #[test]
    fn large_listings_come_out_as_one_sort_of_the_whole() {
        // Keys with long shared beginnings and repeats across folders, as real ones have.
        let secrets: Vec<Secret> = (0..9_001)
            .map(|i| {
                let key = format!("SERVICE_TIMEOUT_{:05}", (i * 7_919) % 3_001);
                secret(i, &key, &format!("/f{}", i % 3))
            })
            .collect();
        let got = sorted_rows(&secrets, |row| row.comment = format!("seen {}", row.id));
        let mut want: Vec<SecretRow> = secrets.iter().map(secrets::row).collect();
        for row in &mut want {
            row.comment = format!("seen {}", row.id);
        }
        want.sort_by(by_key_then_path);
        let keys = |rows: &[SecretRow]| -> Vec<(String, String, String)> {
            rows.iter()
                .map(|r| (r.key.clone(), r.path.clone(), r.comment.clone()))
                .collect()
        };
        assert_eq!(got.len(), secrets.len());
        assert_eq!(keys(&got), keys(&want));
    }

    #[test]
    fn merging_keeps_every_row_in_order() {
        let rows = |keys: &[&str]| -> Vec<SecretRow> {
            keys.iter()
                .enumerate()
                .map(|(i, k)| secrets::row(&secret(i, k, "/")))
                .collect()
        };
        let merged = merge(rows(&["A", "C", "C", "E"]), rows(&["B", "C", "F", "G"]));
        let keys: Vec<&str> = merged.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["A", "B", "C", "C", "C", "E", "F", "G"]);
        assert_eq!(merge(rows(&[]), rows(&["A"])).len(), 1);
        assert_eq!(merge(rows(&["A"]), rows(&[])).len(), 1);
    }
}
