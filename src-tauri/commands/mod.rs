//! Thin IPC wrappers: take arguments, call `Desk`, map the error to `IpcError`.

mod accounts;
mod across;
mod diagnostics;
mod links;
mod lock;
mod secrets;

pub use across::DroppedFiles;

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
        links::take_link,
        links::copy_link,
        across::compare_environments,
        across::compare_reveal,
        across::compare_copy,
        across::plan_copy,
        across::plan_bulk_edit,
        across::plan_import_text,
        across::pick_import_file,
        across::import_dropped_file,
        across::export_secrets,
        across::copy_as_dotenv,
        across::apply_changes,
        across::reveal_change,
        across::discard_changes,
        lock::lock_now,
        lock::unlock,
        diagnostics::copy_diagnostics,
    ]
}
