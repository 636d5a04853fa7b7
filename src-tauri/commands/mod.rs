//! Thin IPC wrappers: take arguments, call `Desk`, map the error to `IpcError`.

mod accounts;
mod secrets;

use desk_core::view::IpcError;
use desk_core::DeskError;

type Cmd<T> = Result<T, IpcError>;

fn ipc(e: DeskError) -> IpcError {
    e.to_ipc()
}

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        accounts::get_state,
        accounts::start,
        accounts::open_account,
        accounts::add_account,
        accounts::add_commandk_account,
        accounts::find_app,
        accounts::switch_account,
        accounts::replace_token,
        accounts::remove_account,
        accounts::list_environments,
        accounts::remember_selection,
        accounts::set_settings,
        secrets::list_secrets,
        secrets::search_values,
        secrets::reveal_value,
        secrets::value_for_editing,
        secrets::copy_value,
        secrets::preview_batch,
        secrets::create_secrets,
        secrets::create_batch,
        secrets::update_secret,
        secrets::set_override,
        secrets::delete_secrets,
        secrets::undo_delete,
        secrets::commit_delete,
        secrets::commit_all_deletes,
        secrets::cancel_listing,
        secrets::bulk_edit,
    ]
}
