// Every app command is denied unless a capability in src-tauri/capabilities grants it.
const COMMANDS: &[&str] = &[
    "get_state",
    "start",
    "open_account",
    "add_account",
    "add_commandk_account",
    "find_app",
    "switch_account",
    "replace_token",
    "remove_account",
    "list_environments",
    "remember_selection",
    "list_secrets",
    "search_values",
    "reveal_value",
    "value_for_editing",
    "copy_value",
    "preview_batch",
    "create_secrets",
    "create_batch",
    "update_secret",
    "set_override",
    "delete_secrets",
    "undo_delete",
    "commit_delete",
    "commit_all_deletes",
    "cancel_listing",
    "compare_environments",
    "compare_reveal",
    "compare_copy",
    "plan_copy",
    "plan_bulk_edit",
    "plan_import_text",
    "pick_import_file",
    "import_dropped_file",
    "export_secrets",
    "copy_as_dotenv",
    "apply_changes",
    "reveal_change",
    "discard_changes",
    "lock_now",
    "unlock",
    "copy_diagnostics",
    "set_settings",
    "take_link",
    "copy_link",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
