//! Secret references inside values, as Phase writes and resolves them (backend
//! `api/utils/secrets.py`): `${app::env.KEY}` (another app, by name), then `${env.KEY}`
//! (another environment of the same app), then `${KEY}` — each stage on the value the
//! previous one left. `KEY` may carry a folder (`${backend/db/DB_HOST}`); without one it
//! means the root folder `/`. `${{...}}` is not a reference.
//!
//! The REST API returns values already resolved; the end-to-end-encrypted API returns them
//! as written, so clients resolve them with [`resolve_with`].

use crate::validation::normalize_path;

/// A reference found in a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference<'v> {
    /// `${app::env.KEY}`
    CrossApp {
        /// The other app's name.
        app: &'v str,
        /// The environment's name in that app.
        env: &'v str,
        /// `KEY` or `folder/KEY`.
        key: &'v str,
    },
    /// `${env.KEY}`
    CrossEnv {
        /// The other environment's name.
        env: &'v str,
        /// `KEY` or `folder/KEY`.
        key: &'v str,
    },
    /// `${KEY}` or `${folder/KEY}`
    Local {
        /// `KEY` or `folder/KEY`.
        key: &'v str,
    },
}

impl<'v> Reference<'v> {
    /// The referenced folder and key: `folder/KEY` → (`/folder`, `KEY`), `KEY` → (`/`, `KEY`).
    pub fn folder_and_key(&self) -> (String, &'v str) {
        let key = match self {
            Reference::CrossApp { key, .. }
            | Reference::CrossEnv { key, .. }
            | Reference::Local { key } => *key,
        };
        match key.rfind('/') {
            Some(i) => (
                normalize_path(&key[..i]).unwrap_or_else(|_| "/".into()),
                &key[i + 1..],
            ),
            None => ("/".to_string(), key),
        }
    }
}

/// What to do with one reference while resolving.
pub enum Step {
    /// Put this text in its place.
    Replace(String),
    /// Leave it as written (missing, cycle, no access to keys).
    Keep,
    /// Stop here and return the value as resolved so far.
    Stop,
}

/// The three stages, in the order the server runs them.
const STAGES: [u8; 3] = [0, 1, 2];

/// Resolves the references of `value` stage by stage, asking `lookup` for each.
pub fn resolve_with(value: &str, mut lookup: impl FnMut(&Reference<'_>) -> Step) -> String {
    let mut value = value.to_string();
    if !value.contains("${") {
        return value;
    }
    for stage in STAGES {
        let found: Vec<(String, String)> = {
            let mut out = Vec::new();
            for (text, r) in find(&value, stage) {
                match lookup(&r) {
                    Step::Replace(with) => out.push((text, with)),
                    Step::Keep => {}
                    Step::Stop => {
                        for (t, w) in out {
                            value = value.replace(&t, &w);
                        }
                        return value;
                    }
                }
            }
            out
        };
        for (text, with) in found {
            value = value.replace(&text, &with);
        }
    }
    value
}

/// Every reference of one stage in `value`, left to right, with its full text.
pub fn find(value: &str, stage: u8) -> Vec<(String, Reference<'_>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = value[i..].find("${").map(|p| p + i) {
        let inner_start = at + 2;
        let rest = &value[inner_start..];
        let end = rest.find(['{', '}']);
        let matched = match end {
            Some(e) if e > 0 && !rest.starts_with('{') && rest.as_bytes()[e] == b'}' => {
                parse(&rest[..e], stage).map(|r| (e, r))
            }
            _ => None,
        };
        match matched {
            Some((e, r)) => {
                out.push((value[at..inner_start + e + 1].to_string(), r));
                i = inner_start + e + 1;
            }
            None => i = at + 1,
        }
    }
    out
}

fn parse(c: &str, stage: u8) -> Option<Reference<'_>> {
    match stage {
        0 => {
            let sep = c.get(1..)?.find("::")? + 1;
            let (app, rest) = (&c[..sep], &c[sep + 2..]);
            let dot = rest.get(1..)?.find('.')? + 1;
            let (env, key) = (&rest[..dot], &rest[dot + 1..]);
            (!key.is_empty()).then_some(Reference::CrossApp { app, env, key })
        }
        1 if !c.contains("::") => {
            let dot = c.find('.')?;
            let (env, key) = (&c[..dot], &c[dot + 1..]);
            (dot > 0 && !key.is_empty()).then_some(Reference::CrossEnv { env, key })
        }
        2 if !c.contains('.') => Some(Reference::Local { key: c }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &str, stage: u8) -> Vec<String> {
        find(v, stage).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn patterns_like_the_real_regexes() {
        let v = "${A} ${b/C} ${dev.K} ${app::prod.x/K} ${{R}} ${x.y.z} ${} ${L}-${e.K}";
        assert_eq!(texts(v, 2), ["${A}", "${b/C}", "${L}"]);
        assert_eq!(texts(v, 1), ["${dev.K}", "${x.y.z}", "${e.K}"]);
        assert_eq!(texts(v, 0), ["${app::prod.x/K}"]);
    }

    #[test]
    fn folders_default_to_the_root() {
        let (path, key) = Reference::Local {
            key: "backend/db/HOST",
        }
        .folder_and_key();
        assert_eq!((path.as_str(), key), ("/backend/db", "HOST"));
        assert_eq!(Reference::Local { key: "A" }.folder_and_key().0, "/");
    }

    #[test]
    fn stages_run_in_order_and_stop_keeps_what_was_done() {
        let out = resolve_with("${A}-${dev.B}-${C}", |r| match r {
            Reference::CrossEnv { .. } => Step::Replace("b".into()),
            Reference::Local { key: "A" } => Step::Replace("a".into()),
            _ => Step::Keep,
        });
        assert_eq!(out, "a-b-${C}");
        let out = resolve_with("${dev.B}-${A}", |r| match r {
            Reference::CrossEnv { .. } => Step::Replace("b".into()),
            _ => Step::Stop,
        });
        assert_eq!(out, "b-${A}");
    }
}
