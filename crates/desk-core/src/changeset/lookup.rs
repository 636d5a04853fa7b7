//! Finding an environment's secrets by id or by place, for planning and validation.

use std::collections::HashMap;

use phase_api::Secret;

/// One environment's secrets found by id, or by key (ASCII case ignored) and path. A scan
/// of the list per wanted secret made a 5,000-line import into 10,000 secrets take about
/// 150 ms (docs/BENCHMARKS.md); these maps take a few.
pub(super) struct Lookup<'a> {
    ids: HashMap<&'a str, &'a Secret>,
    /// By [`place`], in the list's order: the first is the one a scan from the start finds.
    places: HashMap<(String, String), Vec<&'a Secret>>,
}

/// A key (ASCII case ignored) and a path, as a map key.
fn place(key: &str, path: &str) -> (String, String) {
    (key.to_ascii_uppercase(), path.to_string())
}

impl<'a> Lookup<'a> {
    pub(super) fn new(current: &'a [Secret]) -> Self {
        let mut ids = HashMap::with_capacity(current.len());
        let mut places: HashMap<_, Vec<_>> = HashMap::with_capacity(current.len());
        for s in current {
            ids.entry(s.id.as_str()).or_insert(s);
            places.entry(place(&s.key, &s.path)).or_default().push(s);
        }
        Lookup { ids, places }
    }

    pub(super) fn by_id(&self, id: &str) -> Option<&'a Secret> {
        self.ids.get(id).copied()
    }

    pub(super) fn all_at(&self, key: &str, path: &str) -> &[&'a Secret] {
        self.places
            .get(&place(key, path))
            .map_or(&[], Vec::as_slice)
    }

    pub(super) fn at_place(&self, key: &str, path: &str) -> Option<&'a Secret> {
        self.all_at(key, path).first().copied()
    }
}
