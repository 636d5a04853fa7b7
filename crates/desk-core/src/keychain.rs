//! Tokens live in the operating system's keychain (Secret Service on Linux,
//! Keychain on macOS, Credential Manager on Windows), or — only when the person
//! chose it because no keychain is available — in memory for this run.
//! Never in a file.

use std::collections::HashMap;
use std::sync::Mutex;

use phase_api::{Token, TokenKind};

/// Keychain service name of release builds.
pub const RELEASE_SERVICE: &str = "dev.phase.desk";
/// Keychain service name of dev and test builds, so they never touch a person's real entries.
pub const DEV_SERVICE: &str = "dev.phase.desk.dev";

/// The service name this build uses. Dev builds accept `PHASE_DESK_KEYCHAIN_SERVICE`
/// so test runs can use their own.
pub fn service_name() -> String {
    if cfg!(debug_assertions) {
        std::env::var("PHASE_DESK_KEYCHAIN_SERVICE").unwrap_or_else(|_| DEV_SERVICE.to_string())
    } else {
        RELEASE_SERVICE.to_string()
    }
}

/// Why the keychain could not be used. Messages never contain a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    #[error("No keychain is available: start a Secret Service provider such as GNOME Keyring or KWallet (it needs a D-Bus session), then restart Phase Desk — or keep the token for this session only.")]
    Unavailable,
    #[error("The keychain is locked and was not unlocked. Unlock it (for example by logging in again) and retry, or keep the token for this session only.")]
    Locked,
    #[error("The keychain has no token for this account. Replace the token to use it again.")]
    Missing,
    #[error("The keychain refused the request: {0}")]
    Failed(String),
}

fn map_err(e: keyring::Error) -> KeychainError {
    match e {
        keyring::Error::NoEntry => KeychainError::Missing,
        keyring::Error::NoDefaultStore => KeychainError::Unavailable,
        keyring::Error::NoStorageAccess(_) => KeychainError::Locked,
        keyring::Error::PlatformFailure(p) => {
            let text = p.to_string();
            if text.contains("org.freedesktop.DBus")
                || text.contains("D-Bus")
                || text.contains("dbus")
            {
                KeychainError::Unavailable
            } else {
                KeychainError::Failed(text)
            }
        }
        // Variants that carry stored bytes are described without them.
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(_, _) => {
            KeychainError::Failed("the stored token is not readable text".into())
        }
        other => KeychainError::Failed(other.to_string()),
    }
}

/// Where tokens are kept: the OS keychain, plus a session-only memory map.
pub struct TokenVault {
    service: String,
    session: Mutex<HashMap<String, Token>>,
}

impl TokenVault {
    pub fn new(service: impl Into<String>) -> Self {
        TokenVault {
            service: service.into(),
            session: Mutex::new(HashMap::new()),
        }
    }

    pub fn service(&self) -> &str {
        &self.service
    }

    /// Whether the OS keychain can be reached at all (checked once per process).
    pub fn keychain_status() -> Result<(), KeychainError> {
        keyring::Entry::store_status()
            .as_ref()
            .map(|_| ())
            .map_err(|e| match e {
                keyring::Error::NoStorageAccess(_) => KeychainError::Locked,
                _ => KeychainError::Unavailable,
            })
    }

    /// Stores the token in the OS keychain under the account's id.
    pub fn save(&self, account_id: &str, token: &Token) -> Result<(), KeychainError> {
        let entry = keyring::Entry::new(&self.service, account_id).map_err(map_err)?;
        entry.set_password(token.expose()).map_err(map_err)
    }

    /// Keeps the token in memory only, for this run of the app.
    pub fn keep_for_session(&self, account_id: &str, token: Token) {
        self.session_map().insert(account_id.to_string(), token);
    }

    /// Forgets a session-only token (before storing its replacement in the keychain).
    pub fn drop_session(&self, account_id: &str) {
        self.session_map().remove(account_id);
    }

    /// The account's token: from memory if it is session-only, else from the keychain.
    pub fn load(&self, account_id: &str, kind: TokenKind) -> Result<Token, KeychainError> {
        if let Some(token) = self.session_map().get(account_id) {
            return Ok(token.clone());
        }
        let entry = keyring::Entry::new(&self.service, account_id).map_err(map_err)?;
        let secret = entry.get_password().map_err(map_err)?;
        Token::new(kind, secret)
            .map_err(|_| KeychainError::Failed("the stored token is empty".into()))
    }

    /// Deletes the account's token everywhere. A missing entry is not an error.
    pub fn delete(&self, account_id: &str) -> Result<(), KeychainError> {
        let was_session = self.session_map().remove(account_id).is_some();
        if was_session {
            return Ok(());
        }
        let entry = keyring::Entry::new(&self.service, account_id).map_err(map_err)?;
        match entry.delete_credential().map_err(map_err) {
            Ok(()) | Err(KeychainError::Missing) => Ok(()),
            Err(e) => Err(e),
        }
    }

    fn session_map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Token>> {
        self.session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
