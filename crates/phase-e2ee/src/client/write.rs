//! Writing: POST / PUT / DELETE `/service/secrets/` with every secret field encrypted here.
//!
//! The server's traps, handled: it answers 200 with an empty body (the written secrets
//! are read back); a PUT without `tags` clears them (the current tags are always sent);
//! it does not check that an id belongs to the `Environment` header (ids are checked
//! against that environment's listing first, and a PUT would otherwise move the secret);
//! a moved secret is only checked for duplicates when `keyDigest` is sent (it is).

use std::collections::HashMap;

use phase_api::{
    validate_new_secrets, validate_updates, EnvSelector, NewSecret, OverrideInput, PhaseError,
    Secret, SecretString, SecretType, SecretUpdate,
};

use super::payload::{
    applied, body, comment_field, not_in_env, override_field, overrides_need_a_person, rotating,
    seal, type_word,
};
use reqwest::Method;
use serde_json::{json, Map, Value};

use super::read::decrypt;
use super::wire::{decrypt_secret, WireSecret};
use super::E2eeClient;

impl E2eeClient {
    /// `POST /service/secrets/`: creates the batch, validated and normalised first like
    /// the REST client (keys upper-cased, paths, tags, duplicates in the batch; nothing is
    /// sent when validation fails). A key already in its folder: [`PhaseError::Conflict`]
    /// (409, nothing created). An override is stored active whatever `is_active` says (as
    /// the server does); service tokens cannot have one. Returns the created secrets, read
    /// back (empty if that read failed: the secrets were created).
    pub async fn create_secrets(
        &self,
        env: &EnvSelector,
        batch: &[NewSecret],
    ) -> Result<Vec<Secret>, PhaseError> {
        let batch = validate_new_secrets(batch)?;
        if !self.token_kind().sees_overrides() && batch.iter().any(|s| s.r#override.is_some()) {
            return Err(overrides_need_a_person());
        }
        let (env_id, keys) = self.env(env).await?;
        let mut items = Vec::with_capacity(batch.len());
        let mut wanted = Vec::with_capacity(batch.len());
        for s in &batch {
            let path = s.path.clone().unwrap_or_else(|| "/".to_string());
            let digest = keys.key_digest(&s.key);
            let mut item = json!({
                "key": seal(&keys, &s.key, "key")?,
                "keyDigest": digest,
                "value": seal(&keys, s.value.expose(), "value")?,
                "comment": comment_field(&keys, s.comment.as_deref().unwrap_or(""))?,
                "path": path,
                "tags": s.tags,
            });
            if let Some(t) = s.r#type {
                item["type"] = type_word(t).into();
            }
            if let Some(o) = &s.r#override {
                item["override"] = override_field(&keys, o)?;
            }
            items.push(item);
            wanted.push((path, digest));
        }
        self.send(Method::POST, &env_id, Vec::new(), Some(body(items)))
            .await?;
        let Ok(records) = self.read_back(&env_id, &wanted).await else {
            return Ok(Vec::new());
        };
        let mut found: Vec<Secret> = Vec::with_capacity(wanted.len());
        for (path, digest) in &wanted {
            if let Some(w) = records
                .iter()
                .find(|w| &w.path() == path && w.key_digest.as_deref() == Some(digest.as_str()))
            {
                if let Ok(s) = decrypt_secret(w, &keys) {
                    found.push(s);
                }
            }
        }
        Ok(found)
    }

    /// `PUT /service/secrets/`: changes the given fields of each secret (validated first,
    /// like the REST client). Only changed fields are encrypted and sent: an unchanged key
    /// or value keeps its ciphertext on the server. The current tags are sent when `tags`
    /// is `None` (the server would clear them otherwise). Every id must be in this
    /// environment ([`PhaseError::NotFound`] otherwise, nothing sent). Not atomic on the
    /// server, like REST. Returns the updated secrets, read back.
    pub async fn update_secrets(
        &self,
        env: &EnvSelector,
        batch: &[SecretUpdate],
    ) -> Result<Vec<Secret>, PhaseError> {
        let batch = validate_updates(batch)?;
        if !self.token_kind().sees_overrides() && batch.iter().any(|u| u.r#override.is_some()) {
            return Err(overrides_need_a_person());
        }
        let (env_id, keys) = self.env(env).await?;
        let paths: Vec<&str> = batch.iter().map(|u| u.path.as_str()).collect();
        let ids: Vec<&str> = batch.iter().map(|u| u.id.as_str()).collect();
        let current = self.current(&env_id, &ids, &paths).await?;
        let mut items = Vec::with_capacity(batch.len());
        let mut wanted = Vec::with_capacity(batch.len());
        let mut before = Vec::with_capacity(batch.len());
        for u in &batch {
            let w = current
                .get(u.id.as_str())
                .ok_or_else(|| not_in_env(&u.id))?;
            let old = decrypt_secret(w, &keys).map_err(|_| PhaseError::Decode {
                message: format!(
                    "secret {} does not decrypt with this environment's keys",
                    u.id
                ),
            })?;
            if w.is_rotating() {
                return Err(rotating(&old.key));
            }
            if old.r#type == SecretType::Sealed && u.r#type.is_some_and(|t| t != SecretType::Sealed)
            {
                return Err(PhaseError::validation(
                    "type",
                    format!("{} is sealed: sealed secrets cannot be unsealed", old.key),
                ));
            }
            let mut item = Map::new();
            item.insert("id".into(), u.id.clone().into());
            item.insert("path".into(), u.path.clone().into());
            let tags = u.tags.clone().unwrap_or_else(|| w.tag_names());
            item.insert("tags".into(), json!(tags));
            let digest = match &u.key {
                Some(k) => {
                    let d = keys.key_digest(k);
                    item.insert("key".into(), seal(&keys, k, "key")?.into());
                    item.insert("keyDigest".into(), d.clone().into());
                    d
                }
                None => {
                    // Unchanged key: its ciphertext stays. A move still sends the digest,
                    // so that the server checks for the key in the new folder.
                    let d = keys.key_digest(&old.key);
                    if u.path != old.path {
                        item.insert("keyDigest".into(), d.clone().into());
                    }
                    d
                }
            };
            if let Some(v) = &u.value {
                item.insert("value".into(), seal(&keys, v.expose(), "value")?.into());
            }
            if let Some(c) = &u.comment {
                item.insert("comment".into(), comment_field(&keys, c)?.into());
            }
            if let Some(t) = u.r#type {
                item.insert("type".into(), type_word(t).into());
            }
            if let Some(o) = &u.r#override {
                item.insert("override".into(), override_field(&keys, o)?);
            }
            items.push(Value::Object(item));
            wanted.push((u.path.clone(), digest));
            before.push(old);
        }
        self.send(Method::PUT, &env_id, Vec::new(), Some(body(items)))
            .await?;
        let reread = match self.read_back(&env_id, &wanted).await {
            Ok(records) => decrypt(records, keys)
                .await
                .map(|(s, _)| s)
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        Ok(batch
            .iter()
            .zip(before)
            .map(|(u, old)| {
                reread
                    .iter()
                    .find(|s| s.id == u.id)
                    .cloned()
                    .unwrap_or_else(|| applied(old, u))
            })
            .collect())
    }

    /// `DELETE /service/secrets/`: deletes these secrets of this environment. Every id is
    /// checked against the environment first (the server would delete an id of any
    /// environment, and say 200 for unknown ones): an unknown id fails the whole call with
    /// [`PhaseError::NotFound`] and nothing is deleted, like REST. Returns
    /// "Deleted N secret(s)".
    pub async fn delete_secrets(
        &self,
        env: &EnvSelector,
        ids: &[String],
    ) -> Result<String, PhaseError> {
        let mut wanted: Vec<&str> = Vec::with_capacity(ids.len());
        for id in ids {
            let id = id.trim();
            if id.is_empty() {
                return Err(PhaseError::validation("id", "a secret id is empty"));
            }
            if !wanted.contains(&id) {
                wanted.push(id);
            }
        }
        if wanted.is_empty() {
            return Err(PhaseError::validation(
                "secrets",
                "there is nothing to delete",
            ));
        }
        let (env_id, keys) = self.env(env).await?;
        let listed = self.fetch(&env_id, None, None).await?;
        for id in &wanted {
            let w = listed
                .iter()
                .find(|w| w.id == *id)
                .ok_or_else(|| not_in_env(id))?;
            if w.is_rotating() {
                let key = decrypt_secret(w, &keys)
                    .map(|s| s.key)
                    .unwrap_or_else(|_| id.to_string());
                return Err(rotating(&key));
            }
        }
        let payload = serde_json::to_vec(&json!({ "secrets": wanted })).expect("ids encode");
        self.send(Method::DELETE, &env_id, Vec::new(), Some(payload))
            .await?;
        let n = wanted.len();
        Ok(format!(
            "Deleted {n} secret{}",
            if n == 1 { "" } else { "s" }
        ))
    }

    /// Sets the person's override of a secret (created, or replaced, with this value and
    /// state). Refused ([`PhaseError::Validation`]) for service tokens.
    pub async fn set_override(
        &self,
        env: &EnvSelector,
        secret_id: &str,
        path: &str,
        value: SecretString,
        is_active: bool,
    ) -> Result<Secret, PhaseError> {
        let update = SecretUpdate {
            r#override: Some(OverrideInput { value, is_active }),
            ..SecretUpdate::new(secret_id, path)
        };
        self.update_secrets(env, &[update])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| PhaseError::Decode {
                message: "the server returned no secret".to_string(),
            })
    }

    /// Turns the secret's existing override on or off, keeping its value.
    /// [`PhaseError::Validation`] when the secret has no override.
    pub async fn toggle_override(
        &self,
        env: &EnvSelector,
        secret: &Secret,
        is_active: bool,
    ) -> Result<Secret, PhaseError> {
        let value = secret.existing_override_value()?;
        self.set_override(env, &secret.id, &secret.path, value, is_active)
            .await
    }

    /// The stored records of these ids: one folder's listing when every update names the
    /// same folder and all ids are there, the whole environment otherwise.
    async fn current(
        &self,
        env_id: &str,
        ids: &[&str],
        paths: &[&str],
    ) -> Result<HashMap<String, WireSecret>, PhaseError> {
        let collect = |records: Vec<WireSecret>| -> HashMap<String, WireSecret> {
            records
                .into_iter()
                .filter(|w| ids.contains(&w.id.as_str()))
                .map(|w| (w.id.clone(), w))
                .collect()
        };
        if paths.windows(2).all(|p| p[0] == p[1]) {
            let found = collect(self.fetch(env_id, paths.first().copied(), None).await?);
            if found.len() == ids.len() {
                return Ok(found);
            }
        }
        Ok(collect(self.fetch(env_id, None, None).await?))
    }

    /// The records at these (path, key digest) pairs, read back after a write with the
    /// narrowest listing that covers them.
    async fn read_back(
        &self,
        env_id: &str,
        wanted: &[(String, String)],
    ) -> Result<Vec<WireSecret>, PhaseError> {
        let records = match wanted {
            [(path, digest)] => self.fetch(env_id, Some(path), Some(digest)).await?,
            [(path, _), rest @ ..] if rest.iter().all(|(p, _)| p == path) => {
                self.fetch(env_id, Some(path), None).await?
            }
            _ => self.fetch(env_id, None, None).await?,
        };
        Ok(records
            .into_iter()
            .filter(|w| {
                wanted
                    .iter()
                    .any(|(p, d)| &w.path() == p && w.key_digest.as_deref() == Some(d.as_str()))
            })
            .collect())
    }
}
