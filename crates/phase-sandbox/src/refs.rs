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

use phase_api::references::{resolve_with, Reference, Step};

use crate::auth::Principal;
use crate::model::{Db, Env, Secret};

const MAX_DEPTH: usize = 25;

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
        let Some(env) = self.db.envs.iter().find(|e| e.id == secret.env_id) else {
            return Ok(raw.to_string());
        };
        Ok(resolve_with(raw, |r| {
            let target_env = match self.target_env(env, r) {
                Ok(Some(found)) => found,
                Ok(None) => return Step::Keep,
                Err(()) => return Step::Stop,
            };
            match self.lookup(&target_env.id, r, &seen) {
                Ok(resolved) => Step::Replace(resolved),
                Err(_) => Step::Keep,
            }
        }))
    }

    /// The environment a cross-app or cross-env reference points at: `Err` when the reader
    /// may not use that app (resolution stops there, as on the real server), `None` when
    /// it does not exist or has no server-side encryption.
    fn target_env(&self, here: &'a Env, r: &Reference<'_>) -> Result<Option<&'a Env>, ()> {
        let (app, env_name) = match r {
            Reference::CrossApp { app, env, .. } => {
                let named: Vec<_> = self
                    .db
                    .apps
                    .iter()
                    .filter(|a| a.name.to_lowercase() == app.to_lowercase())
                    .collect();
                ((named.len() == 1).then(|| named[0]), *env)
            }
            Reference::CrossEnv { env, .. } => {
                (self.db.apps.iter().find(|a| a.id == here.app_id), *env)
            }
            Reference::Local { .. } => return Ok(Some(here)),
        };
        let target = app.and_then(|app| {
            let e =
                self.db.envs.iter().find(|e| {
                    e.app_id == app.id && e.name.to_lowercase() == env_name.to_lowercase()
                });
            e.map(|e| (app, e))
        });
        if let (Some((app, _)), Some(reader)) = (target, self.reader) {
            if !reader.can_use(app) {
                return Err(());
            }
        }
        // After the access check, like the real server: no SSE, no keys.
        Ok(target.filter(|(app, _)| app.sse_enabled).map(|(_, e)| e))
    }

    /// The resolved value of the reference's `folder/KEY` in `env_id`.
    fn lookup(
        &self,
        env_id: &str,
        r: &Reference<'_>,
        seen: &[Identity],
    ) -> Result<String, Unresolved> {
        let (path, name) = r.folder_and_key();
        let target = self
            .db
            .secrets
            .iter()
            .find(|s| s.env_id == env_id && s.path == path && s.key == name)
            .ok_or(Unresolved::Missing)?;
        self.decrypt(target, &target.value, seen)
    }
}
