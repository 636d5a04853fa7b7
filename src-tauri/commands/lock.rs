//! Locking and unlocking the desk.

use desk_core::view::{DeskState, LockOutcome};
use desk_core::Desk;
use tauri::State;

use super::{ipc, Cmd};

#[tauri::command]
pub async fn lock_now(desk: State<'_, Desk>) -> Cmd<LockOutcome> {
    Ok(desk.lock_now().await)
}

#[tauri::command]
pub async fn unlock(desk: State<'_, Desk>) -> Cmd<DeskState> {
    desk.unlock().await.map_err(ipc)
}
