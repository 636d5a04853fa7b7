//! `Authorization: Bearer <Type> <token>` parsing and token lookup.

use axum::http::{header, HeaderMap, StatusCode};

use crate::error::ApiError;
use crate::model::{Db, TokenKind};

/// Who is making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// A person, via a personal access token.
    User {
        /// The person's user id.
        user_id: String,
    },
    /// A service account (never sees personal overrides).
    ServiceAccount,
    /// A legacy service token, limited to one app.
    Service {
        /// The only app the token can reach.
        app_id: Option<String>,
    },
}

impl Principal {
    /// The user id when this is a person.
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Principal::User { user_id } => Some(user_id),
            _ => None,
        }
    }

    /// Whether this principal may use `app_id`. An error carries the real server's status
    /// (403 for people, 401 for service tokens).
    pub fn check_app(&self, app_id: &str) -> Result<(), ApiError> {
        match self {
            Principal::Service {
                app_id: Some(scope),
            } if scope != app_id => Err(ApiError::Error(
                StatusCode::UNAUTHORIZED,
                "You don't have access to this app".into(),
            )),
            _ => Ok(()),
        }
    }
}

/// Authenticates a request from its headers against the tokens in `db`.
pub fn authenticate(db: &Db, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let Some(raw) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::Auth(
            "Authentication credentials were not provided.".into(),
        ));
    };
    let Ok(raw) = raw.to_str() else {
        return Err(ApiError::Auth("Invalid token".into()));
    };
    if raw.trim().is_empty() {
        return Err(ApiError::Auth(
            "Authentication credentials were not provided.".into(),
        ));
    }
    let parts: Vec<&str> = raw.split_whitespace().collect();
    let kind = match parts.as_slice() {
        ["Bearer", "User", _] => TokenKind::User,
        ["Bearer", "ServiceAccount", _] => TokenKind::ServiceAccount,
        ["Bearer", "Service", _] => TokenKind::Service,
        _ => return Err(ApiError::Auth("Invalid token".into())),
    };
    let token = parts[2];
    let rec = db
        .tokens
        .iter()
        .find(|t| t.kind == kind && t.token == token)
        .ok_or_else(|| ApiError::Auth("Token expired or deleted".into()))?;
    Ok(match kind {
        TokenKind::User => Principal::User {
            user_id: rec.user_id.clone().unwrap_or_default(),
        },
        TokenKind::ServiceAccount => Principal::ServiceAccount,
        TokenKind::Service => Principal::Service {
            app_id: rec.app_scope.clone(),
        },
    })
}

/// The key rate limiting counts against: the raw `Authorization` header (or "" without one).
pub fn rate_key(headers: &HeaderMap) -> String {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}
