//! Reading: `GET /service/secrets/` with the `Environment` header, decrypted here.

use std::sync::Arc;

use phase_api::{
    normalize_key, normalize_path, validate_tag, EnvSelector, PhaseError, Secret, SecretFilter,
};
use reqwest::Method;

use super::wire::{decrypt_all, WireSecret};
use super::E2eeClient;
use crate::keys::EnvKeys;

/// A decrypted listing, with the ids of any secret that did not decrypt with this
/// environment's keys (written by a faulty client, or to another key): they are left out
/// of `secrets` rather than failing the whole listing.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// The secrets, in the server's order; values raw (`${...}` references as written).
    pub secrets: Vec<Secret>,
    /// Ids of secrets that could not be decrypted.
    pub undecryptable: Vec<String>,
}

impl E2eeClient {
    /// The environment's secrets matching `filter`, decrypted. `filter.path`: that folder
    /// only (the `Path` header); `filter.key`: that key at any path (or in `path`), looked
    /// up by its digest — exact, then upper-cased as Phase Desk writes keys (E2EE digests
    /// are case-sensitive); `filter.tags`: secrets with ANY of these tag names, filtered
    /// here. Values are returned raw: the server cannot resolve `${...}` references here.
    pub async fn list_secrets(
        &self,
        env: &EnvSelector,
        filter: &SecretFilter,
    ) -> Result<Vec<Secret>, PhaseError> {
        Ok(self.list_secrets_detailed(env, filter).await?.secrets)
    }

    /// [`E2eeClient::list_secrets`], also naming the secrets that did not decrypt.
    pub async fn list_secrets_detailed(
        &self,
        env: &EnvSelector,
        filter: &SecretFilter,
    ) -> Result<Listing, PhaseError> {
        for t in &filter.tags {
            validate_tag(t)?;
        }
        let path = filter.path.as_deref().map(normalize_path).transpose()?;
        let key = filter
            .key
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty());
        let (env_id, keys) = self.env(env).await?;
        let mut records = match key {
            None => self.fetch(&env_id, path.as_deref(), None).await?,
            Some(key) => {
                let exact = self
                    .fetch(&env_id, path.as_deref(), Some(&keys.key_digest(key)))
                    .await?;
                match normalize_key(key) {
                    Ok(upper) if exact.is_empty() && upper != key => {
                        self.fetch(&env_id, path.as_deref(), Some(&keys.key_digest(&upper)))
                            .await?
                    }
                    _ => exact,
                }
            }
        };
        if !filter.tags.is_empty() {
            records.retain(|w| w.tag_names().iter().any(|t| filter.tags.contains(t)));
        }
        let (secrets, undecryptable) = decrypt(records, keys).await?;
        Ok(Listing {
            secrets,
            undecryptable,
        })
    }

    /// The environment's secrets as stored (ciphertexts), optionally only one folder
    /// and/or one key digest.
    pub(crate) async fn fetch(
        &self,
        env_id: &str,
        path: Option<&str>,
        key_digest: Option<&str>,
    ) -> Result<Vec<WireSecret>, PhaseError> {
        let mut headers = Vec::new();
        if let Some(p) = path {
            headers.push(("Path", p.to_string()));
        }
        if let Some(d) = key_digest {
            headers.push(("KeyDigest", d.to_string()));
        }
        let body = self.send(Method::GET, env_id, headers, None).await?;
        let mut records: Vec<WireSecret> =
            serde_json::from_slice(&body).map_err(|_| PhaseError::Decode {
                message: "the secrets listing is not a list of secrets".into(),
            })?;
        // The server can list a secret twice (a join on tags); keep the first.
        let mut seen = std::collections::HashSet::with_capacity(records.len());
        records.retain(|w| seen.insert(w.id.clone()));
        Ok(records)
    }
}

/// Decrypts off the async runtime (large listings take a while).
pub(crate) async fn decrypt(
    records: Vec<WireSecret>,
    keys: Arc<EnvKeys>,
) -> Result<(Vec<Secret>, Vec<String>), PhaseError> {
    if records.len() < 32 {
        return Ok(decrypt_all(&records, &keys));
    }
    tokio::task::spawn_blocking(move || decrypt_all(&records, &keys))
        .await
        .map_err(|_| PhaseError::Decode {
            message: "decryption stopped unexpectedly".into(),
        })
}
