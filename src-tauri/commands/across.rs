//! Work across environments: the side-by-side view, change-sets under review, import
//! and export. Files are chosen in native dialogs opened from here and read or written by
//! desk-core: the window never gets a file-system permission, nor a value.

use std::path::PathBuf;
use std::sync::Mutex;

use desk_core::view::{
    ApplyReport, BulkEdit, ChangeSetView, CompareView, CopyOutcome, ExportOutcome, ExportRequest,
    FileFormat, LineSide,
};
use desk_core::Desk;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use super::{ipc, Cmd};

/// The files last dropped on the window (set by the window's drag-and-drop event).
#[derive(Default)]
pub struct DroppedFiles(pub Mutex<Vec<PathBuf>>);

/// `from_table`: opened from the table, whose whole list of the environment on screen is
/// taken instead of listing it again; `false` (Refresh) lists every environment.
#[tauri::command]
pub async fn compare_environments(
    desk: State<'_, Desk>,
    app_id: String,
    from_table: bool,
) -> Cmd<CompareView> {
    let view = match from_table {
        true => desk.open_compare(&app_id).await,
        false => desk.compare_environments(&app_id).await,
    };
    view.map_err(ipc)
}

#[tauri::command]
pub fn compare_reveal(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    secret_id: String,
) -> Cmd<Option<String>> {
    desk.compare_reveal(&app_id, &env, &secret_id).map_err(ipc)
}

#[tauri::command]
pub fn compare_copy(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    secret_id: String,
) -> Cmd<CopyOutcome> {
    desk.compare_copy(&app_id, &env, &secret_id).map_err(ipc)
}

#[tauri::command]
pub async fn plan_copy(
    desk: State<'_, Desk>,
    app_id: String,
    from: String,
    secret_ids: Vec<String>,
    to: Vec<String>,
    fill_missing: bool,
) -> Cmd<ChangeSetView> {
    desk.plan_copy(&app_id, &from, secret_ids, to, fill_missing)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn plan_bulk_edit(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    secret_ids: Vec<String>,
    edit: BulkEdit,
) -> Cmd<ChangeSetView> {
    desk.plan_bulk_edit(&app_id, &env, secret_ids, edit)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn plan_import_text(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    text: String,
    folder: String,
) -> Cmd<ChangeSetView> {
    desk.plan_import_text(&app_id, &env, &text, &folder)
        .await
        .map_err(ipc)
}

/// Opens the native open dialog; `None` when the person cancels it.
#[tauri::command]
pub async fn pick_import_file(
    app: AppHandle,
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    folder: String,
) -> Cmd<Option<ChangeSetView>> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Import secrets")
        .add_filter("Environment files", &["env", "json", "txt"])
        .pick_file(move |file| {
            let _ = tx.send(file.and_then(|f| f.into_path().ok()));
        });
    let Some(file) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    desk.plan_import_file(&app_id, &env, &file, &folder)
        .await
        .map(Some)
        .map_err(ipc)
}

/// Plans importing the file last dropped on the window.
#[tauri::command]
pub async fn import_dropped_file(
    desk: State<'_, Desk>,
    dropped: State<'_, DroppedFiles>,
    app_id: String,
    env: String,
    folder: String,
) -> Cmd<ChangeSetView> {
    let file = dropped
        .0
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .first()
        .cloned();
    let file = file.ok_or_else(|| {
        desk_core::DeskError::invalid("file", "Drop one file on the window first.").to_ipc()
    })?;
    desk.plan_import_file(&app_id, &env, &file, &folder)
        .await
        .map_err(ipc)
}

/// Opens the native save dialog and writes the export there; `None` when cancelled.
#[tauri::command]
pub async fn export_secrets(
    app: AppHandle,
    desk: State<'_, Desk>,
    request: ExportRequest,
) -> Cmd<Option<ExportOutcome>> {
    let (name, extension) = match request.format {
        FileFormat::Dotenv => (format!("{}.env", request.env), "env"),
        FileFormat::Json => (format!("{}.json", request.env), "json"),
        FileFormat::Yaml => (format!("{}.yaml", request.env), "yaml"),
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Export secrets")
        .set_file_name(name)
        .add_filter(extension, &[extension])
        .save_file(move |file| {
            let _ = tx.send(file.and_then(|f| f.into_path().ok()));
        });
    let Some(file) = rx.await.ok().flatten() else {
        return Ok(None);
    };
    desk.export_secrets(request, &file)
        .await
        .map(Some)
        .map_err(ipc)
}

#[tauri::command]
pub fn copy_as_dotenv(
    desk: State<'_, Desk>,
    app_id: String,
    env: String,
    secret_ids: Vec<String>,
) -> Cmd<CopyOutcome> {
    desk.copy_as_dotenv(&app_id, &env, secret_ids).map_err(ipc)
}

#[tauri::command]
pub async fn apply_changes(
    desk: State<'_, Desk>,
    id: String,
    selected: Vec<u32>,
) -> Cmd<ApplyReport> {
    desk.apply_changes(&id, selected).await.map_err(ipc)
}

#[tauri::command]
pub fn reveal_change(
    desk: State<'_, Desk>,
    id: String,
    line_id: u32,
    side: LineSide,
) -> Cmd<Option<String>> {
    desk.reveal_change(&id, line_id, side).map_err(ipc)
}

#[tauri::command]
pub fn discard_changes(desk: State<'_, Desk>, id: String) {
    desk.discard_changes(&id)
}
