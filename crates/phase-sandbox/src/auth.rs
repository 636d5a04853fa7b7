//! `Authorization: Bearer <Type> <token>` parsing, token lookup and the access checks the
//! real server's `PhaseTokenAuthentication` makes (backend `api/auth.py`, `api/utils/rest.py`).

use axum::http::{header, HeaderMap, StatusCode};

use crate::error::ApiError;
use crate::model::{App, Db, Env, TokenKind};

/// Who is making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// A person, via a personal access token.
    User {
        /// The person's user id.
        user_id: String,
    },
    /// A service account (never sees personal overrides).
    ServiceAccount {
        /// The service account's id.
        id: String,
    },
    /// A legacy service token, limited to one app.
    Service {
        /// The only app the token can reach.
        app_id: Option<String>,
    },
}

/// Where a request points, from `?app_id=&env=` (like the real server's auth step).
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// Neither `app_id` nor `env` given (or only `env`).
    Org,
    /// `app_id` without `env`.
    App(&'a App),
    /// Both: the environment (matched by name, any case) and its app.
    Env(&'a App, &'a Env),
}

impl Principal {
    /// The user id when this is a person.
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Principal::User { user_id } => Some(user_id),
            _ => None,
        }
    }

    /// The key the rate limiter counts against: one budget per account, like the real
    /// server (two PATs of one person share it).
    pub fn rate_key(&self) -> String {
        match self {
            Principal::User { user_id } => format!("user_{user_id}"),
            Principal::ServiceAccount { id } => format!("sa_{id}"),
            Principal::Service { app_id } => format!("st_{}", app_id.as_deref().unwrap_or("")),
        }
    }

    /// Whether this principal may use `app`. Legacy service tokens reach only their app.
    pub fn can_use(&self, app: &App) -> bool {
        let allowed = |id: &str| {
            app.access
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|x| x == id))
        };
        match self {
            Principal::User { user_id } => allowed(user_id),
            Principal::ServiceAccount { id } => allowed(id),
            Principal::Service { app_id } => app_id.as_deref() == Some(app.id.as_str()),
        }
    }

    /// The real server's access checks for `scope`: people get 403, service accounts and
    /// service tokens 401, each with the real message.
    pub fn check_scope(&self, scope: Scope<'_>) -> Result<(), ApiError> {
        let (app, what) = match scope {
            Scope::Org => {
                return match self {
                    Principal::Service { .. } => Err(service_needs_env()),
                    _ => Ok(()),
                }
            }
            Scope::App(app) => (app, "app"),
            Scope::Env(app, _) => (app, "environment"),
        };
        match self {
            Principal::Service { .. } if what == "app" => Err(service_needs_env()),
            _ if self.can_use(app) => Ok(()),
            Principal::User { .. } => Err(ApiError::forbidden(format!(
                "User cannot access this {what}"
            ))),
            Principal::ServiceAccount { .. } => Err(ApiError::Auth(format!(
                "Service account cannot access this {what}"
            ))),
            Principal::Service { .. } => Err(ApiError::Auth(
                "Service token cannot access this environment".into(),
            )),
        }
    }
}

fn service_needs_env() -> ApiError {
    ApiError::Auth("Service tokens require an environment context".into())
}

/// Authenticates a request from its headers against the tokens in `db`.
///
/// Like the real server: the header is split on single spaces; it needs at least three
/// words, the first `bearer` in any case, the second `User`, `ServiceAccount` or
/// `Service` (case-sensitive), the third non-empty; further words are ignored. The third
/// word is looked up as is, so the whole Console form (`pss_user:v1:...`) is unknown.
pub fn authenticate(db: &Db, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let raw = match headers.get(header::AUTHORIZATION) {
        None => None,
        Some(v) => Some(v.to_str().map_err(|_| invalid())?),
    };
    let Some(raw) = raw.filter(|r| !r.is_empty()) else {
        return Err(ApiError::Auth(
            "Authentication credentials were not provided.".into(),
        ));
    };
    let parts: Vec<&str> = raw.split(' ').collect();
    if parts.len() < 3 || !parts[0].eq_ignore_ascii_case("bearer") || parts[1].is_empty() {
        return Err(invalid());
    }
    if parts[2].is_empty() {
        return Err(invalid());
    }
    let kind = match parts[1] {
        "User" => TokenKind::User,
        "ServiceAccount" => TokenKind::ServiceAccount,
        "Service" => TokenKind::Service,
        _ => return Err(invalid()),
    };
    let rec = db
        .tokens
        .iter()
        .find(|t| t.kind == kind && !t.token.is_empty() && t.token == parts[2])
        .ok_or_else(|| ApiError::Auth("Token expired or deleted".into()))?;
    Ok(match kind {
        TokenKind::User => Principal::User {
            user_id: rec.user_id.clone().unwrap_or_default(),
        },
        TokenKind::ServiceAccount => Principal::ServiceAccount {
            id: rec.user_id.clone().unwrap_or_default(),
        },
        TokenKind::Service => Principal::Service {
            app_id: rec.app_scope.clone(),
        },
    })
}

fn invalid() -> ApiError {
    ApiError::Auth("Invalid token".into())
}

/// Resolves `?app_id=&env=` like the real server: both given → the environment (404
/// naming the app or the environment); only `app_id` → the app (404); else no scope.
pub fn resolve_scope<'a>(
    db: &'a Db,
    query: &std::collections::HashMap<String, String>,
) -> Result<Scope<'a>, ApiError> {
    let app_id = query.get("app_id").filter(|s| !s.is_empty());
    let env_name = query.get("env").filter(|s| !s.is_empty());
    let Some(app_id) = app_id else {
        return Ok(Scope::Org);
    };
    let app = db.apps.iter().find(|a| &a.id == app_id);
    let Some(env_name) = env_name else {
        return app.map(Scope::App).ok_or_else(|| app_not_found(app_id));
    };
    let app = app.ok_or_else(|| app_not_found(app_id))?;
    let wanted = env_name.to_lowercase();
    db.envs
        .iter()
        .find(|e| e.app_id == app.id && e.name.to_lowercase() == wanted)
        .map(|env| Scope::Env(app, env))
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "Environment '{env_name}' not found in App {app_id}"
            ))
        })
}

fn app_not_found(app_id: &str) -> ApiError {
    ApiError::Error(
        StatusCode::NOT_FOUND,
        format!("App with ID {app_id} not found"),
    )
}

/// Authentication, scope resolution and the access checks, in the real server's order.
pub fn admit<'a>(
    db: &'a Db,
    headers: &HeaderMap,
    query: &std::collections::HashMap<String, String>,
) -> Result<(Principal, Scope<'a>), ApiError> {
    let principal = authenticate(db, headers)?;
    let scope = resolve_scope(db, query)?;
    principal.check_scope(scope)?;
    Ok((principal, scope))
}

/// The rate-limit key of a request: its account when the token is valid. Requests that
/// fail authentication are not counted (the real server throttles after authenticating).
pub fn rate_key(db: &Db, headers: &HeaderMap) -> Option<String> {
    authenticate(db, headers).ok().map(|p| p.rate_key())
}
