//! Issue 11's targets (the side-by-side view and the import review), in the same table
//! and history as issue 14's, so that a regression there shows up in every full run.

use serde_json::Value;

use crate::{f, get, target_row, Row};

pub fn rows(ui: &Option<Value>) -> Vec<Row> {
    let at = |key: &str, stat: &str| get(ui, &["across", key, stat]);
    let table = at("table_10k_painted_ms", "median");
    let compare = at("compare_3x10k_painted_ms", "median");
    let compare_in = at("compare_3x10k_loaded_ms", "median");
    let ratio = get(ui, &["across", "compare_over_table"]);
    let filter_p95 = get(ui, &["across", "compare_filter_p95_ms"]);
    let filter_p50 = at("compare_filter_keystroke_ms", "median");
    let review = at("import_5000_review_painted_ms", "median");
    let review_in = at("import_5000_review_loaded_ms", "median");
    vec![
        target_row(
            "compare 3×10k ÷ table",
            format!(
                "Compare three environments of 10k: click → painted (`compare-painted`; in the window at {})",
                f(compare_in, 0, "ms")
            ),
            (compare, 0, "ms"),
            (table, format!("one 10k table {}", f(table, 0, "ms"))),
            (ratio, f(ratio, 2, "×")),
            "≤ 2× the table",
            |x| x <= 2.0,
            ratio,
        ),
        target_row(
            "compare filter p95 (ms)",
            format!(
                "Compare view filter keystroke → repaint (`compare-filter-painted`), p95 (p50 {})",
                f(filter_p50, 0, "ms")
            ),
            (filter_p95, 1, "ms"),
            (Some(16.7), "1 frame 16.7 ms".into()),
            (None, "—".into()),
            "≤ 16 ms",
            |x| x <= 16.0,
            filter_p95,
        ),
        target_row(
            "import 5k review painted (ms)",
            format!(
                "5,000-line `.env` import: Review click → review painted (`review-painted`; in the window at {})",
                f(review_in, 0, "ms")
            ),
            (review, 0, "ms"),
            (None, "—".into()),
            (None, "—".into()),
            "≤ 200 ms",
            |x| x <= 200.0,
            review,
        ),
    ]
}
