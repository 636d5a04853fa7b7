//! The one error type of the crate, [`CommandkError`].
//!
//! Messages carry the server's own `message` (else `error` / `detail`) text, or a short
//! plain description when the body was not JSON. They never contain the token, the
//! `Authorization` header, a request body or a secret value.

use std::time::Duration;

/// Everything that can go wrong when talking to a CommandK server.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandkError {
    /// The input was refused on the client, before any request was sent.
    #[error("{field}: {message}")]
    Validation {
        /// The input field at fault (`"name"`, `"purposeType"`, `"value"`, `"environment"`,
        /// `"app"`, `"secret"`, `"host"`, `"token"`, ...).
        field: String,
        /// Why it was refused.
        message: String,
    },
    /// HTTP 400: the server refused the input.
    #[error("{message}")]
    BadRequest {
        /// The server's message.
        message: String,
    },
    /// HTTP 400 with `errorType: DataEntityNonSingular` on an app lookup: several apps
    /// carry this name.
    #[error("{message}")]
    AppNameNotUnique {
        /// The server's message.
        message: String,
    },
    /// HTTP 401: the token is missing, unknown or revoked.
    #[error("{message}")]
    Unauthorized {
        /// The server's message.
        message: String,
    },
    /// HTTP 403: the token may not do this: a Read token writing, a Write token reading
    /// values, or an app/environment the token is not allowed.
    #[error("{message}")]
    Forbidden {
        /// The server's message.
        message: String,
    },
    /// HTTP 404: unknown app, environment, secret or route.
    #[error("{message}")]
    NotFound {
        /// The server's message.
        message: String,
    },
    /// HTTP 409: a secret with this name already exists in the app.
    #[error("{message}")]
    Conflict {
        /// The server's message.
        message: String,
        /// The existing secret's id (the body's `entityId`), when the server gave it.
        existing_id: Option<String>,
    },
    /// HTTP 429: too many requests; retries (if any) were used up or the wait was too long.
    #[error("{message}")]
    RateLimited {
        /// The server's message.
        message: String,
        /// How long the server asked to wait, when known.
        retry_after: Option<Duration>,
    },
    /// HTTP 5xx: trouble on the server.
    #[error("{message} (HTTP {status})")]
    Server {
        /// The HTTP status code.
        status: u16,
        /// The server's message or a plain description.
        message: String,
    },
    /// The connection failed, was reset, or the body could not be read.
    #[error("network error: {message}")]
    Network {
        /// A description of the failure (no URL, token or body).
        message: String,
    },
    /// The request took longer than the client's timeout.
    #[error("the request timed out")]
    Timeout,
    /// The response could not be decoded.
    #[error("unexpected response from the server: {message}")]
    Decode {
        /// What could not be decoded.
        message: String,
    },
    /// Any other HTTP status (3xx, or a 4xx not listed above).
    #[error("{message} (HTTP {status})")]
    UnexpectedStatus {
        /// The HTTP status code.
        status: u16,
        /// The server's message or a plain description.
        message: String,
    },
}

impl CommandkError {
    /// Builds a [`CommandkError::Validation`].
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> CommandkError {
        CommandkError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A stable, machine-readable code for the UI layer, the same names as `phase-api`
    /// where they mean the same: `"validation"`, `"badRequest"`, `"unauthorized"`,
    /// `"forbidden"`, `"notFound"`, `"duplicateKey"`, `"rateLimited"`, `"server"`,
    /// `"network"`, `"timeout"`, `"decode"`, `"unexpectedStatus"`; and CommandK's own
    /// `"appNameNotUnique"`.
    pub fn code(&self) -> &'static str {
        match self {
            CommandkError::Validation { .. } => "validation",
            CommandkError::BadRequest { .. } => "badRequest",
            CommandkError::AppNameNotUnique { .. } => "appNameNotUnique",
            CommandkError::Unauthorized { .. } => "unauthorized",
            CommandkError::Forbidden { .. } => "forbidden",
            CommandkError::NotFound { .. } => "notFound",
            CommandkError::Conflict { .. } => "duplicateKey",
            CommandkError::RateLimited { .. } => "rateLimited",
            CommandkError::Server { .. } => "server",
            CommandkError::Network { .. } => "network",
            CommandkError::Timeout => "timeout",
            CommandkError::Decode { .. } => "decode",
            CommandkError::UnexpectedStatus { .. } => "unexpectedStatus",
        }
    }

    /// The id of the secret that already has this name (409 only, when the server said).
    pub fn existing_id(&self) -> Option<&str> {
        match self {
            CommandkError::Conflict { existing_id, .. } => existing_id.as_deref(),
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again (429 only).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            CommandkError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// True when a write may or may not have been applied (timeout, connection reset,
    /// unreadable body, 5xx). The client never re-sends such a write by itself.
    pub fn is_ambiguous_write_failure(&self) -> bool {
        matches!(
            self,
            CommandkError::Timeout
                | CommandkError::Network { .. }
                | CommandkError::Decode { .. }
                | CommandkError::Server { .. }
        )
    }

    /// The HTTP status behind this error, when it came from a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            CommandkError::BadRequest { .. } | CommandkError::AppNameNotUnique { .. } => Some(400),
            CommandkError::Unauthorized { .. } => Some(401),
            CommandkError::Forbidden { .. } => Some(403),
            CommandkError::NotFound { .. } => Some(404),
            CommandkError::Conflict { .. } => Some(409),
            CommandkError::RateLimited { .. } => Some(429),
            CommandkError::Server { status, .. }
            | CommandkError::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_phase_api_names() {
        let conflict = CommandkError::Conflict {
            message: "exists".into(),
            existing_id: Some("abc".into()),
        };
        assert_eq!(conflict.code(), "duplicateKey");
        assert_eq!(conflict.existing_id(), Some("abc"));
        assert_eq!(conflict.status(), Some(409));
        assert_eq!(CommandkError::Timeout.code(), "timeout");
        assert_eq!(CommandkError::validation("name", "x").code(), "validation");
        let ambiguous = CommandkError::AppNameNotUnique {
            message: "two apps".into(),
        };
        assert_eq!(ambiguous.code(), "appNameNotUnique");
        assert_eq!(ambiguous.status(), Some(400));
    }

    #[test]
    fn retry_after_and_ambiguity() {
        let e = CommandkError::RateLimited {
            message: "slow down".into(),
            retry_after: Some(Duration::from_secs(3)),
        };
        assert_eq!(e.retry_after(), Some(Duration::from_secs(3)));
        assert!(!e.is_ambiguous_write_failure());
        assert!(CommandkError::Timeout.is_ambiguous_write_failure());
        let forbidden = CommandkError::Forbidden {
            message: "Read-scoped token".into(),
        };
        assert!(!forbidden.is_ambiguous_write_failure());
        assert_eq!(forbidden.to_string(), "Read-scoped token");
        assert_eq!(forbidden.existing_id(), None);
    }
}
