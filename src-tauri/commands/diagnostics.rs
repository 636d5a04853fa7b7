//! "Copy diagnostics": the desk's part plus what only the shell knows.

use desk_core::Desk;
use tauri::{AppHandle, Manager, State};

use super::{ipc, Cmd};

#[tauri::command]
pub fn copy_diagnostics(app: AppHandle, desk: State<'_, Desk>) -> Cmd<String> {
    let logs = app
        .path()
        .app_log_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_else(|e| format!("unknown ({e})"));
    let extra = [
        ("Tauri", tauri::VERSION.to_string()),
        (
            "WebKitGTK renderer",
            crate::renderer::describe().to_string(),
        ),
        ("log folder", logs),
    ];
    desk.copy_diagnostics(&extra).map_err(ipc)
}
