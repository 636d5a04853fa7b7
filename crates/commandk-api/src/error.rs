//! The one error type of the crate, [`CommandkError`].
//!
//! Messages carry the server's own `message` (else `error` / `detail`) text, or a short
//! plain description when the body was not JSON. They never contain the token, the
//! `Authorization` header, a request body or a secret value.

use std::time::Duration;

/// Everything that can go wrong when talking to a CommandK server.
///
/// Error statuses without anything of their own (400, 401, 403, 404, 5xx, others) share
/// [`CommandkError::Status`]; [`CommandkError::code`] names them after the status, with
/// the same words as `phase-api`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandkError {
    /// Refused by the client before anything was sent.
    #[error("{field}: {message}")]
    Validation {
        /// Which input: `"name"`, `"purposeType"`, `"value"`, `"environment"`, `"app"`,
        /// `"secret"`, `"host"`, `"token"`, ...
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// An error status: 400 bad input, 401 token missing/unknown/revoked, 403 not allowed
    /// (a Read token writing, a Write token reading values, a barred environment), 404
    /// unknown app/environment/secret/route, 5xx server trouble, or any other status.
    #[error("{}", with_status(*status, message))]
    Status {
        /// The HTTP status.
        status: u16,
        /// The server's own words, or a plain description when it gave none.
        message: String,
    },
    /// 400 `errorType: DataEntityNonSingular` on an app lookup: more than one app has
    /// this name.
    #[error("{message}")]
    AppNameNotUnique {
        /// The server's own words.
        message: String,
    },
    /// 409: the app already has a secret with this name.
    #[error("{message}")]
    Conflict {
        /// The server's own words.
        message: String,
        /// The body's `entityId`: the id of the secret that has the name.
        existing_id: Option<String>,
    },
    /// 429, after the retries the policy allows (or at once when the wait is too long).
    #[error("{message}")]
    RateLimited {
        /// The server's own words.
        message: String,
        /// The wait the server asked for (`Retry-After`), if it said.
        retry_after: Option<Duration>,
    },
    /// No answer could be had: connection refused or reset, TLS failure, body cut short.
    #[error("could not reach the server: {message}")]
    Network {
        /// What failed, without URL, token or body.
        message: String,
    },
    /// No answer within the client's time limit.
    #[error("no answer from the server within the time limit")]
    Timeout,
    /// An answer came but could not be read as the API's JSON.
    #[error("the server's answer could not be read: {message}")]
    Decode {
        /// What was wrong with it (never a value from it).
        message: String,
    },
}

/// 4xx messages read as they are; others say the status too.
fn with_status(status: u16, message: &str) -> String {
    match status {
        400 | 401 | 403 | 404 => message.to_string(),
        _ => format!("{message} (HTTP {status})"),
    }
}

impl CommandkError {
    /// A [`CommandkError::Validation`] about `field`.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> CommandkError {
        CommandkError::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// A stable code for the UI, the same words as `phase-api` where they mean the same:
    /// `"validation"`, `"badRequest"` (400), `"unauthorized"` (401), `"forbidden"` (403),
    /// `"notFound"` (404), `"duplicateKey"` (409), `"rateLimited"` (429), `"server"`
    /// (5xx), `"unexpectedStatus"` (any other), `"network"`, `"timeout"`, `"decode"`; and
    /// CommandK's own `"appNameNotUnique"`.
    pub fn code(&self) -> &'static str {
        match self {
            CommandkError::Status { status, .. } => match status {
                400 => "badRequest",
                401 => "unauthorized",
                403 => "forbidden",
                404 => "notFound",
                500..=599 => "server",
                _ => "unexpectedStatus",
            },
            CommandkError::Validation { .. } => "validation",
            CommandkError::AppNameNotUnique { .. } => "appNameNotUnique",
            CommandkError::Conflict { .. } => "duplicateKey",
            CommandkError::RateLimited { .. } => "rateLimited",
            CommandkError::Network { .. } => "network",
            CommandkError::Timeout => "timeout",
            CommandkError::Decode { .. } => "decode",
        }
    }

    /// True for a 403: the token may not do this.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(403)
    }

    /// The id of the secret that already has the name (409, when the server said).
    pub fn existing_id(&self) -> Option<&str> {
        if let CommandkError::Conflict { existing_id, .. } = self {
            existing_id.as_deref()
        } else {
            None
        }
    }

    /// The wait the server asked for (429 only).
    pub fn retry_after(&self) -> Option<Duration> {
        if let CommandkError::RateLimited { retry_after, .. } = self {
            *retry_after
        } else {
            None
        }
    }

    /// True when a write may or may not have happened (no answer, an unreadable answer,
    /// or 5xx): list again before retrying. The client never re-sends a write itself.
    pub fn is_ambiguous_write_failure(&self) -> bool {
        match self {
            CommandkError::Status { status, .. } => *status >= 500,
            CommandkError::Network { .. }
            | CommandkError::Timeout
            | CommandkError::Decode { .. } => true,
            _ => false,
        }
    }

    /// The HTTP status of the answer behind this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        Some(match self {
            CommandkError::Status { status, .. } => *status,
            CommandkError::AppNameNotUnique { .. } => 400,
            CommandkError::Conflict { .. } => 409,
            CommandkError::RateLimited { .. } => 429,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> CommandkError {
        CommandkError::Status {
            status,
            message: "words".into(),
        }
    }

    #[test]
    fn codes_follow_the_status() {
        let codes: Vec<&str> = [400, 401, 403, 404, 500, 503, 302, 418]
            .into_iter()
            .map(|s| status(s).code())
            .collect();
        assert_eq!(
            codes,
            [
                "badRequest",
                "unauthorized",
                "forbidden",
                "notFound",
                "server",
                "server",
                "unexpectedStatus",
                "unexpectedStatus"
            ]
        );
        assert!(status(403).is_forbidden() && !status(401).is_forbidden());
        assert_eq!(status(404).to_string(), "words");
        assert_eq!(status(502).to_string(), "words (HTTP 502)");
    }

    #[test]
    fn conflicts_waits_and_ambiguity() {
        let taken = CommandkError::Conflict {
            message: "taken".into(),
            existing_id: Some("abc".into()),
        };
        assert_eq!(
            (taken.code(), taken.existing_id()),
            ("duplicateKey", Some("abc"))
        );
        assert_eq!(taken.status(), Some(409));
        let limited = CommandkError::RateLimited {
            message: "later".into(),
            retry_after: Some(Duration::from_secs(3)),
        };
        assert_eq!(limited.retry_after(), Some(Duration::from_secs(3)));
        assert!(!limited.is_ambiguous_write_failure() && !taken.is_ambiguous_write_failure());
        assert!(CommandkError::Timeout.is_ambiguous_write_failure());
        assert!(
            status(500).is_ambiguous_write_failure() && !status(403).is_ambiguous_write_failure()
        );
        let twin = CommandkError::AppNameNotUnique {
            message: "two".into(),
        };
        assert_eq!(
            (twin.code(), twin.status()),
            ("appNameNotUnique", Some(400))
        );
        assert_eq!(
            CommandkError::validation("name", "x").to_string(),
            "name: x"
        );
        assert_eq!(CommandkError::Timeout.status(), None);
    }
}
