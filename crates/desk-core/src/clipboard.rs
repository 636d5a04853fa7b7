//! Copying secret values: written from Rust, marked as concealed for clipboard
//! managers where the platform allows, and cleared after a delay — but only if
//! the clipboard still holds what Phase Desk put there.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Why the clipboard could not be used.
#[derive(Debug, thiserror::Error)]
#[error("The clipboard is not available: {0}")]
pub struct ClipboardError(String);

fn fingerprint(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

struct Inner {
    clipboard: Option<arboard::Clipboard>,
    /// Hash of what we last wrote and a counter, so that an older timer does
    /// not clear a newer copy.
    ours: Option<(u64, u64)>,
    generation: u64,
}

/// The app's single handle on the system clipboard.
#[derive(Clone)]
pub struct ClipboardGuard {
    inner: Arc<Mutex<Inner>>,
}

impl Default for ClipboardGuard {
    fn default() -> Self {
        Self::new()
    }
}

impl ClipboardGuard {
    pub fn new() -> Self {
        ClipboardGuard {
            inner: Arc::new(Mutex::new(Inner {
                clipboard: None,
                ours: None,
                generation: 0,
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Puts `text` on the clipboard; with `clear_after`, schedules its removal
    /// (needs a tokio runtime).
    pub fn copy(&self, text: &str, clear_after: Option<Duration>) -> Result<(), ClipboardError> {
        let generation = {
            let mut inner = self.lock();
            if inner.clipboard.is_none() {
                inner.clipboard =
                    Some(arboard::Clipboard::new().map_err(|e| ClipboardError(e.to_string()))?);
            }
            let clipboard = inner
                .clipboard
                .as_mut()
                .expect("clipboard was just created");
            write_concealed(clipboard, text)?;
            inner.generation += 1;
            let generation = inner.generation;
            inner.ours = Some((generation, fingerprint(text)));
            generation
        };
        if let Some(delay) = clear_after {
            let guard = self.clone();
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                guard.clear_if_ours(Some(generation));
            });
        }
        Ok(())
    }

    /// Puts text that is no secret (a link) on the clipboard as ordinary text: kept in
    /// clipboard history, never cleared. A pending clear of an earlier value no longer
    /// applies, since the clipboard does not hold it any more.
    pub fn copy_plain(&self, text: &str) -> Result<(), ClipboardError> {
        let mut inner = self.lock();
        if inner.clipboard.is_none() {
            inner.clipboard =
                Some(arboard::Clipboard::new().map_err(|e| ClipboardError(e.to_string()))?);
        }
        let clipboard = inner
            .clipboard
            .as_mut()
            .expect("clipboard was just created");
        clipboard
            .set_text(text)
            .map_err(|e| ClipboardError(e.to_string()))?;
        inner.ours = None;
        Ok(())
    }

    /// Clears the clipboard if it still holds what we wrote (for `generation`,
    /// or any generation when `None`). Returns whether it cleared.
    pub fn clear_if_ours(&self, generation: Option<u64>) -> bool {
        let mut inner = self.lock();
        let Some((ours_gen, ours_hash)) = inner.ours else {
            return false;
        };
        if generation.is_some_and(|g| g != ours_gen) {
            return false;
        }
        let Some(clipboard) = inner.clipboard.as_mut() else {
            return false;
        };
        let still_ours = clipboard
            .get_text()
            .map(|t| fingerprint(&t) == ours_hash)
            .unwrap_or(false);
        if still_ours {
            let _ = clipboard.clear();
        }
        inner.ours = None;
        still_ours
    }
}

#[cfg(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "ios"))
))]
fn write_concealed(clipboard: &mut arboard::Clipboard, text: &str) -> Result<(), ClipboardError> {
    use arboard::SetExtLinux;
    clipboard
        .set()
        .exclude_from_history()
        .text(text)
        .map_err(|e| ClipboardError(e.to_string()))
}

#[cfg(not(all(
    unix,
    not(any(target_os = "macos", target_os = "android", target_os = "ios"))
)))]
fn write_concealed(clipboard: &mut arboard::Clipboard, text: &str) -> Result<(), ClipboardError> {
    // arboard marks copies as excluded from history on Windows and macOS with these extensions
    // when available; plain text is the portable fallback.
    clipboard
        .set_text(text)
        .map_err(|e| ClipboardError(e.to_string()))
}
