//! [`CommandkClient`]: the calls of the CommandK API.

use std::sync::Arc;

use bytes::Bytes;
use phase_api::{ClientOptions, SecretString};
use reqwest::Method;
use serde::Serialize;

use crate::decode;
use crate::error::CommandkError;
use crate::host::Host;
use crate::models::{
    CatalogApp, CreatedSecret, Environment, Listing, NewSecret, Provider, RenderMode,
    RenderRequest, RenderedSecret, RenderedValue,
};
use crate::token::{AccessToken, TokenScope};
use crate::transport::{Reply, Request, Transport};
use crate::validation::{
    validate_id, validate_lookup_name, validate_secret_name, validate_value, MAX_APP_NAME_LEN,
    MAX_NAME_LEN,
};

/// The fixed parts of a value, as CommandK's documentation says to send them.
const KV_VALUE_TYPE: &str = "urn:app-secret:app-secret-type:keyValueAppSecret";
const TEXT_TYPE_HINT: &str = "urn:app-secret:kv-secret-value:textType";

/// An async client of one CommandK host with one token. Cheap to clone (an `Arc` inside);
/// `Send + Sync`. Every input is checked before anything is sent.
#[derive(Clone)]
pub struct CommandkClient {
    inner: Arc<Transport>,
}

impl std::fmt::Debug for CommandkClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CommandkClient")
            .field("host", &self.inner.host)
            .field("token", &self.inner.token)
            .finish()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody<'a> {
    name: &'a str,
    purpose_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_id: Option<&'a str>,
    /// Deprecated by CommandK; must be sent empty.
    environment_scoped_values: [(); 0],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ValueBody<'a> {
    value_type_urn: &'static str,
    hidden: bool,
    kv_app_secret_value: TextValue<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TextValue<'a> {
    type_hint: &'static str,
    text: &'a str,
}

impl CommandkClient {
    /// A client of `host` using `token`. `options` are phase-api's [`ClientOptions`]
    /// (timeouts, 429 retry policy, budget, rate-limit callback); see
    /// [`crate::options_for_host`].
    pub fn new(
        host: Host,
        token: AccessToken,
        options: ClientOptions,
    ) -> Result<CommandkClient, CommandkError> {
        Ok(CommandkClient {
            inner: Arc::new(Transport::new(host, token, options)?),
        })
    }

    /// The host this client talks to.
    pub fn host(&self) -> &Host {
        &self.inner.host
    }

    /// The short fingerprint of the client's token (see [`AccessToken::fingerprint`]).
    pub fn token_fingerprint(&self) -> String {
        self.inner.token.fingerprint()
    }

    /// `GET /environments`: the organisation's environments.
    pub async fn list_environments(&self) -> Result<Vec<Environment>, CommandkError> {
        let body = self.get(&["environments"], Vec::new()).await?;
        decode::environments(&body)
    }

    /// The environment whose name or slug is `name_or_slug` (see [`Environment::matches`]);
    /// a `notFound` [`CommandkError::Status`] (404) naming it when there is none.
    pub async fn find_environment(&self, name_or_slug: &str) -> Result<Environment, CommandkError> {
        let wanted = validate_lookup_name("environment", name_or_slug, MAX_APP_NAME_LEN)?;
        let envs = self.list_environments().await?;
        let exact = envs
            .iter()
            .position(|e| e.name == wanted || e.slug == wanted);
        exact
            .or_else(|| envs.iter().position(|e| e.matches(&wanted)))
            .map(|i| envs[i].clone())
            .ok_or_else(|| not_found(format!("No environment named {wanted}")))
    }

    /// `GET /apps/{name}?identifierType=Name`: the app with this name. Unknown names give
    /// a `notFound` [`CommandkError::Status`] (404); a name several apps share gives
    /// [`CommandkError::AppNameNotUnique`]. CommandK only resolves names for tokens that
    /// may see all apps.
    pub async fn find_app(&self, name: &str) -> Result<CatalogApp, CommandkError> {
        let name = validate_lookup_name("app", name, MAX_APP_NAME_LEN)?;
        let query = vec![("identifierType", "Name".to_string())];
        let body = self.get(&["apps", &name], query).await?;
        decode::app(&body)
    }

    /// `GET /providers`: the secret providers (`Other`, ...).
    pub async fn list_providers(&self) -> Result<Vec<Provider>, CommandkError> {
        let body = self.get(&["providers"], Vec::new()).await?;
        decode::providers(&body)
    }

    /// `GET /apps/{app}/secrets/rendered`: the app's secrets in one environment, as asked
    /// by `request`. With `if_none_match` set and nothing changed: [`Listing::Unchanged`].
    pub async fn render(&self, request: &RenderRequest) -> Result<Listing, CommandkError> {
        let app = validate_id("app", &request.app_id)?;
        let env = validate_id("environment", &request.environment_id)?;
        let mut query = vec![
            ("environment", env),
            ("mode", request.mode.as_str().to_string()),
        ];
        for name in &request.names {
            let name = validate_lookup_name("name", name, MAX_NAME_LEN)?;
            query.push(("secret-name-filter", name));
        }
        let mut call = Request::get(
            self.inner
                .host
                .url(&["apps", &app, "secrets", "rendered"])?,
            query,
        );
        call.if_none_match = request
            .if_none_match
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string);
        match self.inner.send(&call).await? {
            Reply::NotModified => Ok(Listing::Unchanged),
            Reply::Fresh { body, etag } => {
                decode::rendered(&body, request.mode, etag).map(Listing::Changed)
            }
        }
    }

    /// The app's secrets in one environment with masked values (`mode=PreviewOnly`): the
    /// listing call. Pass the last listing's ETag to get [`Listing::Unchanged`] cheaply.
    pub async fn list_masked(
        &self,
        app_id: &str,
        environment_id: &str,
        if_none_match: Option<&str>,
    ) -> Result<Listing, CommandkError> {
        let request = RenderRequest {
            if_none_match: if_none_match.map(str::to_string),
            ..RenderRequest::masked(app_id, environment_id)
        };
        self.render(&request).await
    }

    /// The full values of the named secrets in one environment (`mode=Full`, filtered by
    /// name): for reveal, copy and edit. At least one name is needed; secrets the server
    /// returns beyond the names asked for are dropped.
    pub async fn reveal(
        &self,
        app_id: &str,
        environment_id: &str,
        names: &[String],
    ) -> Result<Vec<RenderedSecret>, CommandkError> {
        if names.is_empty() {
            return Err(CommandkError::validation(
                "names",
                "name the secrets to reveal (values are never fetched in bulk)",
            ));
        }
        let request = RenderRequest {
            mode: RenderMode::Full,
            names: names.to_vec(),
            ..RenderRequest::masked(app_id, environment_id)
        };
        let Listing::Changed(list) = self.render(&request).await? else {
            return Err(CommandkError::Decode {
                message: "the server answered 304 to a request without an ETag".into(),
            });
        };
        let wanted: Vec<&str> = names.iter().map(|n| n.trim()).collect();
        Ok(list
            .secrets
            .into_iter()
            .filter(|s| wanted.contains(&s.key.as_str()))
            .collect())
    }

    /// The full value of one secret in one environment: `None` when the secret has no
    /// value there; a `notFound` [`CommandkError::Status`] (404) when the app has no secret of that name.
    pub async fn reveal_value(
        &self,
        app_id: &str,
        environment_id: &str,
        name: &str,
    ) -> Result<Option<SecretString>, CommandkError> {
        let found = self
            .reveal(app_id, environment_id, &[name.to_string()])
            .await?;
        match found.into_iter().next().map(|s| s.value) {
            Some(RenderedValue::Full(v)) => Ok(Some(v)),
            Some(_) => Ok(None),
            None => Err(not_found(format!(
                "No secret named {} in this app",
                name.trim()
            ))),
        }
    }

    /// `POST /apps/{app}/secrets`: creates a secret with no value in any environment (set
    /// them with [`CommandkClient::set_value`]). When the name is taken:
    /// [`CommandkError::Conflict`] whose [`CommandkError::existing_id`] is the existing
    /// secret's id.
    pub async fn create_secret(
        &self,
        app_id: &str,
        secret: &NewSecret,
    ) -> Result<CreatedSecret, CommandkError> {
        let app = validate_id("app", app_id)?;
        let name = validate_secret_name(&secret.name)?;
        let provider = secret
            .provider_id
            .as_deref()
            .map(|p| validate_id("providerId", p))
            .transpose()?;
        let body = CreateBody {
            name: &name,
            purpose_type: secret.purpose.as_str(),
            provider_id: provider.as_deref(),
            environment_scoped_values: [],
        };
        let answer = self
            .write(Method::POST, &["apps", &app, "secrets"], &body)
            .await?;
        decode::created(&answer)
    }

    /// `PUT /apps/{app}/secrets/{secret}/environments/{env}/values`: sets (creates or
    /// replaces) the secret's value in one environment.
    pub async fn set_value(
        &self,
        app_id: &str,
        secret_id: &str,
        environment_id: &str,
        value: &SecretString,
    ) -> Result<(), CommandkError> {
        let app = validate_id("app", app_id)?;
        let secret = validate_id("secret", secret_id)?;
        let env = validate_id("environment", environment_id)?;
        validate_value(value)?;
        let body = ValueBody {
            value_type_urn: KV_VALUE_TYPE,
            hidden: false,
            kv_app_secret_value: TextValue {
                type_hint: TEXT_TYPE_HINT,
                text: value.expose(),
            },
        };
        let route = [
            "apps",
            &app,
            "secrets",
            &secret,
            "environments",
            &env,
            "values",
        ];
        self.write(Method::PUT, &route, &body).await.map(drop)
    }

    /// Finds the token's scope with one masked listing of the app in the environment:
    /// answered → [`TokenScope::Read`]; 403 → [`TokenScope::Write`] (CommandK's Write
    /// tokens may not read secrets). The environment must be one the token lists
    /// (a `notFound` [`CommandkError::Status`] (404) otherwise), so that a 403 is not an environment the
    /// token is barred from. Other failures are returned as they are.
    pub async fn detect_scope(
        &self,
        app_id: &str,
        environment_id: &str,
    ) -> Result<TokenScope, CommandkError> {
        let env = validate_id("environment", environment_id)?;
        if !self.list_environments().await?.iter().any(|e| e.id == env) {
            return Err(not_found(format!("No environment with id {env}")));
        }
        match self.list_masked(app_id, &env, None).await {
            Ok(_) => Ok(TokenScope::Read),
            Err(e) if e.is_forbidden() => Ok(TokenScope::Write),
            Err(other) => Err(other),
        }
    }

    async fn get(
        &self,
        route: &[&str],
        query: Vec<(&'static str, String)>,
    ) -> Result<Bytes, CommandkError> {
        let call = Request::get(self.inner.host.url(route)?, query);
        match self.inner.send(&call).await? {
            Reply::Fresh { body, .. } => Ok(body),
            Reply::NotModified => Err(CommandkError::Decode {
                message: "the server answered 304 to a request without an ETag".into(),
            }),
        }
    }

    async fn write<T: Serialize>(
        &self,
        method: Method,
        route: &[&str],
        body: &T,
    ) -> Result<Bytes, CommandkError> {
        let json = serde_json::to_vec(body).map_err(|_| CommandkError::Decode {
            message: "could not encode the request".into(),
        })?;
        let call = Request {
            body: Some(json),
            method,
            ..Request::get(self.inner.host.url(route)?, Vec::new())
        };
        match self.inner.send(&call).await? {
            Reply::Fresh { body, .. } => Ok(body),
            Reply::NotModified => Ok(Bytes::new()),
        }
    }
}

/// A client-side "not found", worded and coded like the server's 404.
fn not_found(message: String) -> CommandkError {
    CommandkError::Status {
        status: 404,
        message,
    }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
