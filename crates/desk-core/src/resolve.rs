//! Client-side resolution of `${...}` references, for values that come back as written
//! (end-to-end-encrypted apps): what reveal and copy hand over is what the server would
//! have given. References to the same environment are resolved from the loaded list;
//! those to other environments or apps stay as written (never an empty string).

use std::collections::HashMap;

use phase_api::references::{resolve_with, Reference, Step};
use phase_api::Secret;

/// How deep references may nest before the chain counts as a cycle (as the server's).
const MAX_DEPTH: usize = 25;

/// `raw` with its same-environment references resolved from `loaded` (the environment's
/// secrets by id).
pub fn resolve_local(raw: &str, loaded: &HashMap<String, Secret>) -> String {
    resolve_in(raw, loaded, &mut Vec::new())
}

fn resolve_in(
    raw: &str,
    loaded: &HashMap<String, Secret>,
    seen: &mut Vec<(String, String)>,
) -> String {
    resolve_with(raw, |r| {
        let Reference::Local { .. } = r else {
            return Step::Keep;
        };
        let (path, key) = r.folder_and_key();
        let identity = (path.clone(), key.to_string());
        if seen.contains(&identity) || seen.len() >= MAX_DEPTH {
            return Step::Keep;
        }
        let Some(target) = loaded.values().find(|s| s.path == path && s.key == key) else {
            return Step::Keep;
        };
        seen.push(identity);
        let value = resolve_in(target.value.expose(), loaded, seen);
        seen.pop();
        Step::Replace(value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(items: &[(&str, &str, &str)]) -> HashMap<String, Secret> {
        items
            .iter()
            .enumerate()
            .map(|(i, (path, key, value))| {
                let s: Secret = serde_json::from_value(serde_json::json!({
                    "id": i.to_string(), "key": key, "value": value, "path": path, "version": 1
                }))
                .unwrap();
                (s.id.clone(), s)
            })
            .collect()
    }

    #[test]
    fn same_environment_references_are_resolved_and_others_kept() {
        let loaded = secrets(&[
            ("/", "HOST", "db.local"),
            ("/db", "PORT", "5432"),
            ("/", "URL", "pg://${HOST}:${db/PORT}"),
            ("/", "LOOP_A", "${LOOP_B}"),
            ("/", "LOOP_B", "${LOOP_A}"),
        ]);
        assert_eq!(
            resolve_local("${URL}/app", &loaded),
            "pg://db.local:5432/app"
        );
        assert_eq!(resolve_local("${prod.HOST}", &loaded), "${prod.HOST}");
        assert_eq!(resolve_local("${MISSING}-x", &loaded), "${MISSING}-x");
        // A cycle ends as written, not in an endless loop or an empty string.
        assert!(resolve_local("${LOOP_A}", &loaded).contains("${LOOP_"));
    }
}
