//! [`PhaseClient`]: the calls of the Phase public REST API.

use std::collections::HashSet;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;

use crate::decode::{
    decode_apps, decode_create, decode_environments, decode_message, decode_secrets, CreateAnswer,
    SecretListStream,
};
use crate::error::PhaseError;
use crate::host::Host;
use crate::models::{
    App, EnvSelector, Environment, NewSecret, OverrideInput, Secret, SecretFilter, SecretUpdate,
};
use crate::options::ClientOptions;
use crate::secret_string::SecretString;
use crate::token::{Token, TokenKind};
use crate::transport::{Call, Transport};
use crate::validation::{
    normalize_path, validate_ids, validate_new_secrets, validate_tag, validate_updates,
};

/// An async client of one Phase host with one token. Cheap to clone (an `Arc` inside);
/// `Send + Sync`.
#[derive(Clone)]
pub struct PhaseClient {
    inner: Arc<Transport>,
}

impl std::fmt::Debug for PhaseClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhaseClient")
            .field("host", &self.inner.host)
            .field("token", &self.inner.token)
            .finish()
    }
}

/// A request for [`PhaseClient::send_raw`]: a method, an absolute URL on the client's
/// host, extra headers and an optional JSON body. `Debug` shows the method, the URL and
/// the header names only.
#[derive(Clone)]
pub struct RawRequest {
    /// The HTTP method (GET requests get the read timeout, others the write timeout).
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// Extra headers besides `Authorization`, `Accept` and (with a body) `Content-Type`.
    pub headers: Vec<(&'static str, String)>,
    /// A JSON body, already serialised.
    pub body: Option<Vec<u8>>,
}

impl std::fmt::Debug for RawRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &names)
            .field("body", &self.body.as_ref().map(|b| b.len()))
            .finish()
    }
}

#[derive(Serialize)]
struct Batch<'a, T: Serialize> {
    secrets: &'a [T],
}

impl PhaseClient {
    /// A client of `host` using `token`.
    pub fn new(
        host: Host,
        token: Token,
        options: ClientOptions,
    ) -> Result<PhaseClient, PhaseError> {
        Ok(PhaseClient {
            inner: Arc::new(Transport::new(host, token, options)?),
        })
    }

    /// The host this client talks to.
    pub fn host(&self) -> &Host {
        &self.inner.host
    }

    /// The kind of the client's token.
    pub fn token_kind(&self) -> TokenKind {
        self.inner.token.kind()
    }

    /// The short fingerprint of the client's token (see [`Token::fingerprint`]).
    pub fn token_fingerprint(&self) -> String {
        self.inner.token.fingerprint()
    }

    /// `GET /v1/apps/`: every app the token can see, including end-to-end-encrypted ones
    /// (`sse_enabled == false`, not usable through this API).
    pub async fn list_apps(&self) -> Result<Vec<App>, PhaseError> {
        let body = self.get("apps", Vec::new()).await?;
        decode_apps(&body)
    }

    /// `GET /v1/environments/?app_id=`: the app's environments the token can access,
    /// ordered by `index`.
    pub async fn list_environments(&self, app_id: &str) -> Result<Vec<Environment>, PhaseError> {
        let app_id = non_empty("app_id", app_id)?;
        let body = self.get("environments", vec![("app_id", app_id)]).await?;
        decode_environments(&body)
    }

    /// `GET /v1/secrets/`: the environment's secrets matching `filter`, de-duplicated by
    /// id (a secret matching two requested tags comes back twice), server order kept.
    pub async fn list_secrets(
        &self,
        env: &EnvSelector,
        filter: &SecretFilter,
    ) -> Result<Vec<Secret>, PhaseError> {
        let mut query = env_query(env)?;
        if let Some(path) = &filter.path {
            query.push(("path", normalize_path(path)?));
        }
        if let Some(key) = filter
            .key
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
        {
            query.push(("key", key.to_string()));
        }
        if !filter.tags.is_empty() {
            for t in &filter.tags {
                validate_tag(t)?;
            }
            // The server does not trim around commas: send the names exactly.
            query.push(("tags", filter.tags.join(",")));
        }
        let call = Call {
            method: Method::GET,
            url: self.inner.host.route("secrets"),
            query,
            headers: Vec::new(),
            body: None,
        };
        let response = self.inner.send_for_response(&call).await?;
        let mut secrets = SecretListStream::receive(response).await?;
        // Only a tag filter lists a secret twice (once per requested tag it has).
        if filter.tags.is_empty() {
            return Ok(secrets);
        }
        // Decided before removing anything, so that the set can borrow the ids.
        let keep: Vec<bool> = {
            let mut seen = HashSet::with_capacity(secrets.len());
            secrets.iter().map(|s| seen.insert(s.id.as_str())).collect()
        };
        let mut keep = keep.into_iter();
        secrets.retain(|_| keep.next().unwrap_or(true));
        Ok(secrets)
    }

    /// `POST /v1/secrets/`: creates the batch (validated and normalised first; nothing is
    /// sent when validation fails). Returns the created secrets, or an empty list when the
    /// server answered only a message.
    pub async fn create_secrets(
        &self,
        env: &EnvSelector,
        batch: &[NewSecret],
    ) -> Result<Vec<Secret>, PhaseError> {
        let query = env_query(env)?;
        let batch = validate_new_secrets(batch)?;
        let body = self.write(Method::POST, query, &batch).await?;
        match decode_create(&body)? {
            CreateAnswer::Secrets(s) => Ok(s),
            CreateAnswer::MessageOnly => Ok(Vec::new()),
        }
    }

    /// `PUT /v1/secrets/`: changes only the given fields of each secret (validated first).
    /// Not atomic on the server: items before a failing one are already saved.
    pub async fn update_secrets(
        &self,
        env: &EnvSelector,
        batch: &[SecretUpdate],
    ) -> Result<Vec<Secret>, PhaseError> {
        let query = env_query(env)?;
        let batch = validate_updates(batch)?;
        let body = self.write(Method::PUT, query, &batch).await?;
        decode_secrets(&body)
    }

    /// `DELETE /v1/secrets/`: deletes the secrets with these ids; returns the server's
    /// message (e.g. "Deleted 2 secrets"). An unknown id fails the whole call (404) and
    /// nothing is deleted.
    pub async fn delete_secrets(
        &self,
        env: &EnvSelector,
        ids: &[String],
    ) -> Result<String, PhaseError> {
        let query = env_query(env)?;
        let ids = validate_ids(ids)?;
        let body = self.write(Method::DELETE, query, &ids).await?;
        decode_message(&body)
    }

    /// Sets the person's override of a secret (PUT with `override`). Refused with
    /// [`PhaseError::Validation`] for service account and service tokens, which cannot
    /// have overrides.
    pub async fn set_override(
        &self,
        env: &EnvSelector,
        secret_id: &str,
        path: &str,
        value: SecretString,
        is_active: bool,
    ) -> Result<Secret, PhaseError> {
        if !self.token_kind().sees_overrides() {
            return Err(PhaseError::validation(
                "override",
                "personal overrides need a personal access token (User); service tokens cannot have them",
            ));
        }
        let update = SecretUpdate {
            r#override: Some(OverrideInput { value, is_active }),
            ..SecretUpdate::new(secret_id, path)
        };
        let id = update.id.trim().to_string();
        let updated = self.update_secrets(env, &[update]).await?;
        let mut updated = updated.into_iter();
        let first = updated.next();
        updated
            .find(|s| s.id == id)
            .or(first)
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

    /// Sends `request` to any route of this client's host with this client's token,
    /// connection pool, request budget and 429 handling (waited out and retried as the
    /// [`crate::RetryPolicy`] allows; nothing else is retried). Returns the body of a 2xx
    /// answer, or the error decoded from any other. For sibling clients of other Phase
    /// APIs on the same account (e.g. the end-to-end-encrypted `/service/secrets/`).
    pub async fn send_raw(&self, request: &RawRequest) -> Result<Bytes, PhaseError> {
        let call = Call {
            method: request.method.clone(),
            url: request.url.clone(),
            query: Vec::new(),
            headers: request.headers.clone(),
            body: request.body.clone(),
        };
        self.inner.send(&call).await
    }

    async fn get(
        &self,
        route: &str,
        query: Vec<(&'static str, String)>,
    ) -> Result<Bytes, PhaseError> {
        let call = Call {
            method: Method::GET,
            url: self.inner.host.route(route),
            query,
            headers: Vec::new(),
            body: None,
        };
        self.inner.send(&call).await
    }

    async fn write<T: Serialize>(
        &self,
        method: Method,
        query: Vec<(&'static str, String)>,
        items: &[T],
    ) -> Result<Bytes, PhaseError> {
        let body =
            serde_json::to_vec(&Batch { secrets: items }).map_err(|_| PhaseError::Decode {
                message: "could not encode the request".to_string(),
            })?;
        let call = Call {
            method,
            url: self.inner.host.route("secrets"),
            query,
            headers: Vec::new(),
            body: Some(body),
        };
        self.inner.send(&call).await
    }
}

fn non_empty(field: &str, value: &str) -> Result<String, PhaseError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(PhaseError::validation(
            field,
            format!("{field} must not be empty"),
        ));
    }
    Ok(v.to_string())
}

fn env_query(env: &EnvSelector) -> Result<Vec<(&'static str, String)>, PhaseError> {
    Ok(vec![
        ("app_id", non_empty("app_id", &env.app_id)?),
        ("env", non_empty("env", &env.env)?),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone>() {}

    #[test]
    fn client_is_send_sync_clone() {
        assert_send_sync::<PhaseClient>();
    }

    #[test]
    fn debug_hides_token() {
        let token = Token::new(TokenKind::User, "supersecrettoken").unwrap();
        let client = PhaseClient::new(Host::cloud(), token, ClientOptions::default()).unwrap();
        let dbg = format!("{client:?}");
        assert!(!dbg.contains("supersecrettoken"));
        assert_eq!(client.token_kind(), TokenKind::User);
        assert!(client.host().is_cloud());
    }

    #[tokio::test]
    async fn validation_before_any_request() {
        // An unroutable host: any request would fail with Network, not Validation.
        let host = Host::custom("http://127.0.0.1:9").unwrap();
        let sa = Token::new(TokenKind::ServiceAccount, "t").unwrap();
        let client = PhaseClient::new(host, sa, ClientOptions::default()).unwrap();
        let env = EnvSelector::new("app", "development");
        let e = client.create_secrets(&env, &[]).await.unwrap_err();
        assert_eq!(e.code(), "validation");
        let e = client
            .set_override(&env, "id", "/", "v".into(), true)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "validation");
        let e = client
            .list_secrets(&EnvSelector::new(" ", "dev"), &SecretFilter::default())
            .await
            .unwrap_err();
        assert_eq!(
            e,
            PhaseError::validation("app_id", "app_id must not be empty")
        );
        let e = client.delete_secrets(&env, &[]).await.unwrap_err();
        assert_eq!(e.code(), "validation");
    }
}
