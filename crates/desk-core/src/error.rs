//! The one error type of the app's core, and how it crosses IPC.

use crate::view::{ErrorCode, IpcError};
use phase_api::PhaseError;

/// Everything that can go wrong behind a command.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Phase(#[from] PhaseError),
    #[error("{0}")]
    Keychain(#[from] crate::keychain::KeychainError),
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("No account is selected. Add an account or open the local sandbox.")]
    NoAccount,
    #[error("{0}")]
    NotFound(String),
    /// A key that already exists where it would go; nothing was sent.
    #[error("{0}")]
    Duplicate(String),
    #[error("Phase Desk could not read or write its settings: {0}")]
    Storage(String),
    #[error("{0}")]
    Internal(String),
    #[error("Cancelled.")]
    Cancelled,
    #[error("Phase Desk is locked: unlock it to continue.")]
    Locked,
    /// An error with what it meant for the person in front ("KEY could not be deleted").
    #[error("{context}: {source}")]
    WithContext {
        context: String,
        source: Box<DeskError>,
    },
}

impl DeskError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        DeskError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// The same error, its message led by `context`; the code stays the inner error's.
    pub fn context(self, context: &str) -> Self {
        DeskError::WithContext {
            context: context.to_string(),
            source: Box::new(self),
        }
    }

    /// The shape the UI receives: `{code, message, retryAfter?, field?}`.
    pub fn to_ipc(&self) -> IpcError {
        if let DeskError::WithContext { source, .. } = self {
            return IpcError {
                message: self.to_string(),
                ..source.to_ipc()
            };
        }
        let mut ipc = IpcError {
            code: ErrorCode::Internal,
            message: self.to_string(),
            retry_after: None,
            field: None,
        };
        match self {
            DeskError::Phase(e) => {
                ipc.code = phase_code(e);
                ipc.retry_after = e
                    .retry_after()
                    .map(|d| d.as_secs().min(u32::MAX as u64) as u32);
                if let PhaseError::Validation { field, .. } = e {
                    ipc.field = Some(field.clone());
                }
            }
            DeskError::Keychain(_) => ipc.code = ErrorCode::KeychainUnavailable,
            DeskError::Invalid { field, .. } => {
                ipc.code = ErrorCode::Validation;
                ipc.field = Some(field.clone());
            }
            DeskError::NoAccount => ipc.code = ErrorCode::NoAccount,
            DeskError::Cancelled => ipc.code = ErrorCode::Cancelled,
            DeskError::Locked => ipc.code = ErrorCode::Locked,
            DeskError::WithContext { .. } => unreachable!("handled above"),
            DeskError::NotFound(_) => ipc.code = ErrorCode::NotFound,
            DeskError::Duplicate(_) => ipc.code = ErrorCode::DuplicateKey,
            DeskError::Storage(_) | DeskError::Internal(_) => ipc.code = ErrorCode::Internal,
        }
        ipc
    }
}

fn phase_code(e: &PhaseError) -> ErrorCode {
    match e.code() {
        "validation" => ErrorCode::Validation,
        "unauthorized" => ErrorCode::Unauthorized,
        "forbidden" => ErrorCode::Forbidden,
        "notFound" => ErrorCode::NotFound,
        "duplicateKey" => ErrorCode::DuplicateKey,
        "sseDisabled" => ErrorCode::SseDisabled,
        "rateLimited" => ErrorCode::RateLimited,
        "network" => ErrorCode::Network,
        "timeout" => ErrorCode::Timeout,
        "badRequest" => ErrorCode::Validation,
        _ => ErrorCode::Server,
    }
}

pub type DeskResult<T> = Result<T, DeskError>;
