//! "Copy diagnostics" for bug reports: versions, OS, the keychain's state and each account's
//! service, host and token kind. Never a token, a fingerprint, an app or a value.

use super::{lock, Desk};
use crate::error::{DeskError, DeskResult};

impl Desk {
    /// The diagnostics text; `extra` adds what only the shell knows (renderer, log folder).
    pub fn diagnostics(&self, extra: &[(&str, String)]) -> String {
        let mut lines = vec![
            format!("Phase Desk {}", env!("CARGO_PKG_VERSION")),
            format!("OS: {} {}", std::env::consts::OS, std::env::consts::ARCH),
        ];
        for (name, value) in extra {
            lines.push(format!("{name}: {value}"));
        }
        lines.push(format!(
            "keychain: {}",
            if self.keychain.available {
                "available"
            } else {
                "unavailable"
            }
        ));
        lines.push(format!("locked: {}", self.is_locked()));
        let file = lock(&self.file);
        lines.push(format!("accounts: {}", file.accounts.len()));
        for a in &file.accounts {
            lines.push(format!(
                "- {:?} at {} ({:?}, {:?}{})",
                a.provider,
                a.view().host,
                a.host_kind,
                a.token_kind,
                if a.ephemeral {
                    ", this session only"
                } else {
                    ""
                }
            ));
        }
        lines.join("\n") + "\n"
    }

    /// Copies [`Desk::diagnostics`] as plain text (it holds nothing secret).
    pub fn copy_diagnostics(&self, extra: &[(&str, String)]) -> DeskResult<String> {
        let text = self.diagnostics(extra);
        self.clipboard
            .copy_plain(&text)
            .map_err(|e| DeskError::Internal(e.to_string()))?;
        Ok(text)
    }
}
