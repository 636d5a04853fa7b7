//! A listing's rows, sorted as the window shows them (by key, then path), built in one
//! part per core for large listings. The parts are ranges of the sort order, cut at
//! keys sampled from the listing: each thread builds and sorts the rows of its range,
//! and the sorted ranges only need putting end to end. Merging two sorted halves
//! instead took 5-10 ms of one thread at 50k rows (docs/BENCHMARKS.md).

use std::cmp::Ordering;

use phase_api::Secret;

use crate::secrets;
use crate::view::SecretRow;

/// Below this many secrets per part, threads cost more than they save.
const PART_MIN: usize = 2_000;

/// Secrets sampled per part to choose where the parts are cut.
const SAMPLES_PER_PART: usize = 64;

/// Where a secret sorts: its key, then its path.
type SortKey<'a> = (&'a str, &'a str);

fn sort_key(secret: &Secret) -> SortKey<'_> {
    (&secret.key, &secret.path)
}

/// The rows of `secrets`, each passed through `annotate`, sorted by key then path.
pub(super) fn sorted_rows(
    secrets: &[Secret],
    annotate: impl Fn(&mut SecretRow) + Sync,
) -> Vec<SecretRow> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let parts = cores.min(secrets.len() / PART_MIN).max(1);
    let cuts = cuts(secrets, parts);
    // Part `i` holds the secrets from `cuts[i - 1]` (included) to `cuts[i]` (excluded).
    let build = |i: usize, capacity: usize| {
        let from = i.checked_sub(1).map(|j| cuts[j]);
        let to = cuts.get(i).copied();
        let mut rows = Vec::with_capacity(capacity);
        rows.extend(
            secrets
                .iter()
                .filter(|s| {
                    let k = sort_key(s);
                    from.is_none_or(|f| k >= f) && to.is_none_or(|t| k < t)
                })
                .map(|s| {
                    let mut row = secrets::row(s);
                    annotate(&mut row);
                    row
                }),
        );
        rows.sort_unstable_by(by_key_then_path);
        rows
    };
    if cuts.is_empty() {
        return build(0, secrets.len());
    }
    // Room for a part a quarter larger than an even share: the cuts come from samples.
    let share = secrets.len().div_ceil(parts) * 5 / 4;
    std::thread::scope(|scope| {
        let build = &build;
        let others: Vec<_> = (1..=cuts.len())
            .map(|i| (i, scope.spawn(move || build(i, share))))
            .collect();
        // The first part's rows are built where the whole list will be.
        let mut rows = build(0, secrets.len());
        for (i, handle) in others {
            // A part whose thread failed is built again here: no row is lost.
            let mut part = handle.join().unwrap_or_else(|_| build(i, share));
            rows.append(&mut part);
        }
        rows
    })
}

/// The sort keys the parts are cut at (`parts - 1` of them, in order; fewer when the
/// samples repeat): evenly spaced among keys sampled evenly across the listing.
fn cuts(secrets: &[Secret], parts: usize) -> Vec<SortKey<'_>> {
    if parts < 2 {
        return Vec::new();
    }
    let wanted = (parts * SAMPLES_PER_PART).min(secrets.len());
    let mut samples: Vec<SortKey> = (0..wanted)
        .map(|i| sort_key(&secrets[i * secrets.len() / wanted]))
        .collect();
    samples.sort_unstable();
    let mut cuts: Vec<SortKey> = (1..parts)
        .map(|k| samples[k * samples.len() / parts])
        .collect();
    cuts.dedup();
    cuts
}

fn by_key_then_path(a: &SecretRow, b: &SecretRow) -> Ordering {
    a.key.cmp(&b.key).then_with(|| a.path.cmp(&b.path))
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
    fn parts_cut_inside_runs_of_one_key_lose_and_repeat_nothing() {
        // One key in every folder, then a few others: most samples, and so the cuts,
        // fall inside the run of that key, between its folders.
        let mut secrets: Vec<Secret> = (0..6_000)
            .map(|i| secret(i, "DATABASE_URL", &format!("/f{:04}", (i * 7) % 6_000)))
            .collect();
        secrets.extend((0..300).map(|i| secret(6_000 + i, &format!("K{i:03}"), "/")));
        for parts in [2, 3, 7] {
            let cuts = cuts(&secrets, parts);
            assert!(!cuts.is_empty() && cuts.len() < parts);
            assert!(cuts.windows(2).all(|w| w[0] < w[1]), "cuts in order");
        }
        let got = sorted_rows(&secrets, |_| {});
        let mut want: Vec<(String, String)> = secrets
            .iter()
            .map(|s| (s.key.clone(), s.path.clone()))
            .collect();
        want.sort();
        let got: Vec<(String, String)> = got.into_iter().map(|r| (r.key, r.path)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_listing_of_one_repeated_secret_keeps_every_row() {
        // Every sample is the same, so every part but one is empty.
        let secrets: Vec<Secret> = (0..5_000).map(|i| secret(i, "SAME", "/")).collect();
        assert_eq!(cuts(&secrets, 3).len(), 1);
        let ids: std::collections::HashSet<String> = sorted_rows(&secrets, |_| {})
            .into_iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(ids.len(), 5_000);
    }
}
