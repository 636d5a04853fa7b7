//! Secret references in values, resolved the way the real server does when it returns a
//! secret (backend `api/utils/secrets.py`, `decrypt_secret_value`):
//!
//! - `${app::env.KEY}` (another app, by name, any case), then `${env.KEY}` (another
//!   environment of the same app, any case), then `${KEY}` — each stage on the value the
//!   previous one left. `KEY` may carry a folder (`${backend/db/DB_HOST}`); without one
//!   it means the root folder `/`, not the secret's own folder. The key must match the
//!   stored (upper-case) key exactly.
//! - A referenced value's own references are resolved in its environment; a cycle, a
//!   missing secret/environment/app, or an app without SSE leaves the reference as
//!   written. `${{...}}` is not a reference.
//! - On a GET the reader's access is checked: at the first referenced environment they
//!   may not use, the value is returned as resolved so far.

use crate::auth::Principal;
use crate::model::{normalize_path, Db, Secret};

const MAX_DEPTH: usize = 25;

/// A reference found in a value: its full text and its parts.
enum Ref<'v> {
    CrossApp(&'v str, &'v str, &'v str),
    CrossEnv(&'v str, &'v str),
    Local(&'v str),
}

/// The references of one kind in `value`, left to right (like Python's `re.findall`).
fn find(value: &str, stage: u8) -> Vec<(String, Ref<'_>)> {
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

fn parse(c: &str, stage: u8) -> Option<Ref<'_>> {
    match stage {
        0 => {
            let sep = c.get(1..)?.find("::")? + 1;
            let (app, rest) = (&c[..sep], &c[sep + 2..]);
            let dot = rest.get(1..)?.find('.')? + 1;
            let (env, key) = (&rest[..dot], &rest[dot + 1..]);
            (!key.is_empty()).then_some(Ref::CrossApp(app, env, key))
        }
        1 if !c.contains("::") => {
            let dot = c.find('.')?;
            let (env, key) = (&c[..dot], &c[dot + 1..]);
            (dot > 0 && !key.is_empty()).then_some(Ref::CrossEnv(env, key))
        }
        2 if !c.contains('.') => Some(Ref::Local(c)),
        _ => None,
    }
}

/// Resolves references for one reader (`None`: no access check, as in POST/PUT answers).
pub struct Resolver<'a> {
    db: &'a Db,
    reader: Option<&'a Principal>,
}

type Identity = (String, String, String);

/// Why a reference stays as written.
enum Unresolved {
    Missing,
    Cycle,
}

impl<'a> Resolver<'a> {
    /// A resolver over `db` for `reader`.
    pub fn new(db: &'a Db, reader: Option<&'a Principal>) -> Self {
        Resolver { db, reader }
    }

    /// `raw` (the value of `secret`, or a person's override of it) with its references
    /// resolved.
    pub fn value(&self, secret: &Secret, raw: &str) -> String {
        if !raw.contains("${") {
            return raw.to_string();
        }
        self.decrypt(secret, raw, &[])
            .unwrap_or_else(|_| raw.to_string())
    }

    fn identity(s: &Secret) -> Identity {
        (s.env_id.clone(), s.path.clone(), s.key.clone())
    }

    fn decrypt(&self, secret: &Secret, raw: &str, seen: &[Identity]) -> Result<String, Unresolved> {
        let me = Self::identity(secret);
        if seen.contains(&me) || seen.len() >= MAX_DEPTH {
            return Err(Unresolved::Cycle);
        }
        let mut seen = seen.to_vec();
        seen.push(me);
        let mut value = raw.to_string();
        if !value.contains("${") {
            return Ok(value);
        }
        let env = self.db.envs.iter().find(|e| e.id == secret.env_id);
        let Some(env) = env else { return Ok(value) };
        for stage in 0..3u8 {
            let found: Vec<(String, String, String, String)> = find(&value, stage)
                .into_iter()
                .map(|(text, r)| {
                    let (app, env_name, key) = match r {
                        Ref::CrossApp(a, e, k) => (a, e, k),
                        Ref::CrossEnv(e, k) => ("", e, k),
                        Ref::Local(k) => ("", "", k),
                    };
                    (text, app.to_string(), env_name.to_string(), key.to_string())
                })
                .collect();
            for (text, app_name, env_name, key) in found {
                let target_env = if stage == 2 {
                    Some(env)
                } else {
                    let app = if stage == 0 {
                        let named: Vec<_> = self
                            .db
                            .apps
                            .iter()
                            .filter(|a| a.name.to_lowercase() == app_name.to_lowercase())
                            .collect();
                        (named.len() == 1).then(|| named[0])
                    } else {
                        self.db.apps.iter().find(|a| a.id == env.app_id)
                    };
                    let target = app.and_then(|app| {
                        let e = self.db.envs.iter().find(|e| {
                            e.app_id == app.id && e.name.to_lowercase() == env_name.to_lowercase()
                        });
                        e.map(|e| (app, e))
                    });
                    if let (Some((app, _)), Some(reader)) = (target, self.reader) {
                        if !reader.can_use(app) {
                            return Ok(value);
                        }
                    }
                    // After the access check, like the real server: no SSE, no keys.
                    target.filter(|(app, _)| app.sse_enabled).map(|(_, e)| e)
                };
                let Some(target_env) = target_env else {
                    continue;
                };
                if let Ok(resolved) = self.lookup(&target_env.id, &key, &seen) {
                    value = value.replace(&text, &resolved);
                }
            }
        }
        Ok(value)
    }

    /// The resolved value of `key` (optionally `folder/KEY`) in `env_id`.
    fn lookup(&self, env_id: &str, key: &str, seen: &[Identity]) -> Result<String, Unresolved> {
        let (path, name) = match key.rfind('/') {
            Some(i) => (normalize_path(&key[..i]), &key[i + 1..]),
            None => ("/".to_string(), key),
        };
        let target = self
            .db
            .secrets
            .iter()
            .find(|s| s.env_id == env_id && s.path == path && s.key == name)
            .ok_or(Unresolved::Missing)?;
        self.decrypt(target, &target.value, seen)
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
}
