//! `phase-desk://` links: the one waiting for the window, and "Copy link".

use desk_core::deeplink::{LinkInbox, LinkRequest};
use desk_core::Desk;
use tauri::State;

use super::{ipc, Cmd};

/// The link that arrived last and was not taken yet (a launch's or a second launch's).
#[tauri::command]
pub fn take_link(inbox: State<'_, LinkInbox>) -> Option<LinkRequest> {
    inbox.take()
}

/// Copies the link to a secret of the active account as plain text; answers the link.
#[tauri::command]
pub fn copy_link(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    path: String,
    key: Option<String>,
) -> Cmd<String> {
    desk.copy_link(&app_id, &env, &path, key.as_deref())
        .map_err(ipc)
}
