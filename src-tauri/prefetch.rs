//! The window's first question (`start`) is answered while the webview is still booting:
//! the state, the account opened and its first listing are fetched as soon as the desk
//! exists, and the first `start` call takes that answer instead of asking again.

use std::sync::Mutex;

use desk_core::view::StartView;
use desk_core::Desk;
use tauri::async_runtime::{spawn, JoinHandle};
use tauri::{AppHandle, Manager};

pub struct StartPrefetch(Mutex<Option<JoinHandle<StartView>>>);

impl StartPrefetch {
    /// Starts fetching; call once the `Desk` is managed.
    pub fn begin(app: &AppHandle) -> StartPrefetch {
        let app = app.clone();
        let task = spawn(async move { app.state::<Desk>().start().await });
        StartPrefetch(Mutex::new(Some(task)))
    }

    /// The prefetched answer, once: later calls (a reload, Retry) fetch afresh.
    pub async fn take(&self) -> Option<StartView> {
        let task = self.0.lock().unwrap_or_else(|p| p.into_inner()).take()?;
        task.await.ok()
    }
}
