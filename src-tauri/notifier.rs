//! Forwards the core's progress notices to the UI as Tauri events.

use desk_core::view::RateLimitEvent;
use desk_core::Notifier;
use tauri::{AppHandle, Emitter};

/// The event the UI listens to for rate-limit countdowns.
pub const RATE_LIMITED: &str = "rate-limited";

pub struct EventNotifier {
    app: AppHandle,
}

impl EventNotifier {
    pub fn new(app: AppHandle) -> Self {
        EventNotifier { app }
    }
}

impl Notifier for EventNotifier {
    fn rate_limited(&self, event: RateLimitEvent) {
        // A closed window has nobody to tell; the request itself still completes.
        let _ = self.app.emit(RATE_LIMITED, event);
    }
}
