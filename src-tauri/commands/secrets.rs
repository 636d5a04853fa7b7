//! Browsing and editing one environment's secrets.

use desk_core::view::{
    BatchLine, CopyOutcome, CreateOptions, DeleteOutcome, SaveOutcome, SecretChanges, SecretDraft,
    SecretRow, ValueChoice,
};
use desk_core::Desk;
use tauri::ipc::Response;
use tauri::State;

use super::{ipc, Cmd};

/// Answers a `ListingAnswer` (see `desk_core::view::listing_answer`): without the rows
/// when `have` is the digest of the listing the window holds.
#[tauri::command]
pub async fn list_secrets(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    tags: Vec<String>,
    path: Option<String>,
    have: Option<String>,
) -> Cmd<Response> {
    let json = desk
        .list_secrets_for_window(&app_id, &env, tags, path, have.as_deref())
        .await
        .map_err(ipc)?;
    Ok(Response::new(json))
}

#[tauri::command]
pub fn cancel_listing(desk: State<'_, Desk>) {
    desk.cancel_listing()
}

// `async`: Tauri runs plain commands on the main thread, which also draws the window;
// a search over thousands of values (after every typed pause) would hold up its frames.
#[tauri::command(async)]
pub fn search_values(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    needle: String,
) -> Cmd<Vec<String>> {
    desk.search_values(&app_id, &env, &needle).map_err(ipc)
}

// Async: where listings are masked (CommandK) the value is fetched from the server.
#[tauri::command]
pub async fn reveal_value(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    secret_id: String,
    which: ValueChoice,
) -> Cmd<Option<String>> {
    desk.reveal(&app_id, &env, &secret_id, which)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn value_for_editing(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    secret_id: String,
    which: ValueChoice,
) -> Cmd<Option<String>> {
    desk.value_for_editing(&app_id, &env, &secret_id, which)
        .await
        .map_err(ipc)
}

// Async so the clipboard write runs off the main thread and the clear timer has a runtime.
#[tauri::command]
pub async fn copy_value(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    secret_id: String,
    which: ValueChoice,
) -> Cmd<CopyOutcome> {
    desk.copy(&app_id, &env, &secret_id, which)
        .await
        .map_err(ipc)
}

// `async`: off the main thread, like search_values (a paste can be thousands of lines).
#[tauri::command(async)]
pub fn preview_batch(desk: State<'_, Desk>, text: String, path: String) -> Vec<BatchLine> {
    desk.preview_batch(&text, &path)
}

#[tauri::command]
pub async fn create_secrets(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    drafts: Vec<SecretDraft>,
    options: Option<CreateOptions>,
) -> Cmd<Vec<SecretRow>> {
    let options = options.unwrap_or_default();
    desk.create_secrets_with(&app_id, &env, drafts, options)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn create_batch(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    text: String,
    path: String,
) -> Cmd<Vec<SecretRow>> {
    desk.create_batch(&app_id, &env, &text, &path)
        .await
        .map_err(ipc)
}

#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn update_secret(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    secret_id: String,
    base_version: i32,
    changes: SecretChanges,
    force: bool,
) -> Cmd<SaveOutcome> {
    desk.update_secret(&app_id, &env, &secret_id, base_version, changes, force)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn set_override(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    secret_id: String,
    value: Option<String>,
    active: bool,
) -> Cmd<SecretRow> {
    desk.set_override(&app_id, &env, &secret_id, value, active)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn delete_secrets(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    secret_ids: Vec<String>,
) -> Cmd<DeleteOutcome> {
    desk.delete_secrets(&app_id, &env, secret_ids)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub fn undo_delete(desk: State<'_, Desk>, undo_id: String) -> Cmd<Vec<SecretRow>> {
    desk.undo_delete(&undo_id).map_err(ipc)
}

#[tauri::command]
pub async fn commit_delete(desk: State<'_, Desk>, undo_id: String) -> Cmd<String> {
    desk.commit_delete(&undo_id).await.map_err(ipc)
}

#[tauri::command]
pub async fn commit_all_deletes(desk: State<'_, Desk>) -> Cmd<()> {
    desk.commit_all_deletes().await.map_err(ipc)
}
