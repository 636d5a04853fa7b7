//! The one error type of the crate, [`PhaseError`].
//!
//! Messages carry the server's own `error` / `detail` text, or a short plain
//! description when the body was not JSON. They never contain the token, the
//! `Authorization` header or a request body.

use std::time::Duration;

/// Everything that can go wrong when talking to a Phase server.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhaseError {
    /// The input was refused on the client, before any request was sent.
    #[error("{field}: {message}")]
    Validation {
        /// The input field at fault (`"key"`, `"path"`, `"tags"`, `"host"`, `"token"`, ...).
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
    /// HTTP 401: the token is missing, malformed, unknown, expired or revoked
    /// (service accounts also get 401 for apps they cannot access).
    #[error("{message}")]
    Unauthorized {
        /// The server's message.
        message: String,
    },
    /// HTTP 403: no permission, plan limit, or SSE not enabled.
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
    /// HTTP 409: a secret with this key already exists at this path.
    #[error("{message}")]
    Conflict {
        /// The server's message.
        message: String,
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

impl PhaseError {
    /// Builds a [`PhaseError::Validation`].
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> PhaseError {
        PhaseError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A stable, machine-readable code for the UI layer:
    /// `"validation"`, `"badRequest"`, `"unauthorized"`, `"forbidden"`, `"notFound"`,
    /// `"duplicateKey"`, `"rateLimited"`, `"server"`, `"network"`, `"timeout"`, `"decode"`,
    /// `"sseDisabled"` (a 400/403 whose message mentions SSE) or `"unexpectedStatus"`.
    pub fn code(&self) -> &'static str {
        match self {
            PhaseError::Validation { .. } => "validation",
            PhaseError::BadRequest { message } | PhaseError::Forbidden { message }
                if mentions_sse(message) =>
            {
                "sseDisabled"
            }
            PhaseError::BadRequest { .. } => "badRequest",
            PhaseError::Unauthorized { .. } => "unauthorized",
            PhaseError::Forbidden { .. } => "forbidden",
            PhaseError::NotFound { .. } => "notFound",
            PhaseError::Conflict { .. } => "duplicateKey",
            PhaseError::RateLimited { .. } => "rateLimited",
            PhaseError::Server { .. } => "server",
            PhaseError::Network { .. } => "network",
            PhaseError::Timeout => "timeout",
            PhaseError::Decode { .. } => "decode",
            PhaseError::UnexpectedStatus { .. } => "unexpectedStatus",
        }
    }

    /// How long the server asked to wait before trying again (429 only).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            PhaseError::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// True when a write may or may not have been applied: the request may have reached
    /// the server but no clear answer came back (timeout, connection reset, unreadable
    /// body, 5xx). The caller should re-list before trying again; the client never
    /// re-sends such a write by itself.
    pub fn is_ambiguous_write_failure(&self) -> bool {
        matches!(
            self,
            PhaseError::Timeout
                | PhaseError::Network { .. }
                | PhaseError::Decode { .. }
                | PhaseError::Server { .. }
        )
    }

    /// The HTTP status behind this error, when it came from a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            PhaseError::BadRequest { .. } => Some(400),
            PhaseError::Unauthorized { .. } => Some(401),
            PhaseError::Forbidden { .. } => Some(403),
            PhaseError::NotFound { .. } => Some(404),
            PhaseError::Conflict { .. } => Some(409),
            PhaseError::RateLimited { .. } => Some(429),
            PhaseError::Server { status, .. } | PhaseError::UnexpectedStatus { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }
}

fn mentions_sse(message: &str) -> bool {
    message.contains("SSE")
        || message
            .to_ascii_lowercase()
            .contains("server-side encryption")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        let sse = PhaseError::BadRequest {
            message: "SSE is not enabled for this App".into(),
        };
        assert_eq!(sse.code(), "sseDisabled");
        let sse403 = PhaseError::Forbidden {
            message: "Server-side encryption is not enabled".into(),
        };
        assert_eq!(sse403.code(), "sseDisabled");
        let plain = PhaseError::BadRequest {
            message: "Request body is required.".into(),
        };
        assert_eq!(plain.code(), "badRequest");
        assert_eq!(
            PhaseError::Conflict {
                message: "Duplicate secret found".into()
            }
            .code(),
            "duplicateKey"
        );
        assert_eq!(PhaseError::Timeout.code(), "timeout");
        assert_eq!(PhaseError::validation("key", "x").code(), "validation");
    }

    #[test]
    fn retry_after_and_ambiguity() {
        let e = PhaseError::RateLimited {
            message: "slow down".into(),
            retry_after: Some(Duration::from_secs(3)),
        };
        assert_eq!(e.retry_after(), Some(Duration::from_secs(3)));
        assert!(!e.is_ambiguous_write_failure());
        assert!(PhaseError::Timeout.is_ambiguous_write_failure());
        assert!(PhaseError::Server {
            status: 502,
            message: "bad gateway".into()
        }
        .is_ambiguous_write_failure());
        assert!(!PhaseError::Conflict {
            message: "dup".into()
        }
        .is_ambiguous_write_failure());
    }

    #[test]
    fn display_is_the_message() {
        let e = PhaseError::validation("key", "must not be empty");
        assert_eq!(e.to_string(), "key: must not be empty");
        let e = PhaseError::NotFound {
            message: "Environment not found".into(),
        };
        assert_eq!(e.to_string(), "Environment not found");
    }
}
