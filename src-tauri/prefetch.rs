//! The window's first question (`start`) is answered while the webview is still booting:
//! the local sandbox is started (when needed), then the state, the account opened and its
//! first listing are fetched as soon as the desk exists, and the first `start` call takes
//! that answer instead of asking again.

use std::sync::Mutex;

use desk_core::view::StartView;
use desk_core::Desk;
use tauri::async_runtime::{spawn, JoinHandle};
use tauri::{AppHandle, Manager};

pub struct StartPrefetch(Mutex<Option<JoinHandle<StartView>>>);

impl StartPrefetch {
    /// Opens the local sandbox when it is needed (no account yet, or `--sandbox`), then
    /// starts fetching; call once the `Desk` is managed.
    pub fn begin(app: &AppHandle, force_sandbox: bool) -> StartPrefetch {
        let app = app.clone();
        let task = spawn(async move {
            let desk = app.state::<Desk>();
            if let Err(e) = desk.open_sandbox_if_needed(force_sandbox).await {
                // `start` then opens on no account and says how to add one.
                log::warn!("the local sandbox could not start: {e}");
            }
            // The local sandbox comes with a CommandK demo account; without it the app works.
            if let Err(e) = desk.open_commandk_demo_with_sandbox().await {
                log::warn!("the CommandK demo could not start: {e}");
            }
            desk.start().await
        });
        StartPrefetch(Mutex::new(Some(task)))
    }

    /// The prefetched answer, once: later calls (a reload, Retry) fetch afresh.
    pub async fn take(&self) -> Option<StartView> {
        let task = self.0.lock().unwrap_or_else(|p| p.into_inner()).take()?;
        task.await.ok()
    }
}
