//! Accounts, apps and environments.

use desk_core::view::{
    AccountOpening, AccountView, AppView, CommandkAccountInput, DeskState, EnvView,
    NewAccountInput, Selection, Settings, StartView,
};
use desk_core::Desk;
use tauri::State;

use super::{ipc, Cmd};
use crate::prefetch::StartPrefetch;

#[tauri::command]
pub fn get_state(desk: State<'_, Desk>) -> DeskState {
    desk.state()
}

#[tauri::command]
pub async fn start(desk: State<'_, Desk>, prefetch: State<'_, StartPrefetch>) -> Cmd<StartView> {
    match prefetch.take().await {
        Some(view) => Ok(view),
        None => Ok(desk.start().await),
    }
}

#[tauri::command]
pub async fn open_account(desk: State<'_, Desk>) -> Cmd<AccountOpening> {
    desk.open_account().await.map_err(ipc)
}

#[tauri::command]
pub async fn add_account(desk: State<'_, Desk>, input: NewAccountInput) -> Cmd<AccountView> {
    desk.add_account(input).await.map_err(ipc)
}

#[tauri::command]
pub async fn add_commandk_account(
    desk: State<'_, Desk>,
    input: CommandkAccountInput,
) -> Cmd<AccountView> {
    desk.add_commandk_account(input).await.map_err(ipc)
}

#[tauri::command]
pub async fn find_app(desk: State<'_, Desk>, name: String) -> Cmd<AppView> {
    desk.find_app(&name).await.map_err(ipc)
}

#[tauri::command]
pub fn switch_account(desk: State<'_, Desk>, account_id: String) -> Cmd<DeskState> {
    desk.switch_account(&account_id).map_err(ipc)
}

#[tauri::command]
pub async fn replace_token(
    desk: State<'_, Desk>,
    account_id: String,
    token: String,
    session_only: bool,
) -> Cmd<AccountView> {
    desk.replace_token(&account_id, &token, session_only)
        .await
        .map_err(ipc)
}

#[tauri::command]
pub async fn remove_account(desk: State<'_, Desk>, account_id: String) -> Cmd<DeskState> {
    desk.remove_account(&account_id).await.map_err(ipc)
}

#[tauri::command]
pub async fn list_environments(desk: State<'_, Desk>, app_id: String) -> Cmd<Vec<EnvView>> {
    desk.list_environments(&app_id).await.map_err(ipc)
}

// `async`: off the main thread, which draws the window; saving waits for the disk (it
// took 15-30 ms at every environment click).
#[tauri::command(async)]
pub fn remember_selection(desk: State<'_, Desk>, selection: Selection) -> Cmd<()> {
    desk.remember_selection(selection).map_err(ipc)
}

#[tauri::command]
pub fn set_settings(
    window: tauri::WebviewWindow,
    desk: State<'_, Desk>,
    settings: Settings,
) -> Cmd<DeskState> {
    let state = desk.set_settings(settings).map_err(ipc)?;
    crate::protect_from_capture(&window, state.settings.protect_from_capture);
    Ok(state)
}
