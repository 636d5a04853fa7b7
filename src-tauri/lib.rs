//! The Tauri shell of Phase Desk: window, plugins, and thin commands over
//! `desk_core::Desk`, which holds all the logic and knows nothing of Tauri.

mod commands;
mod js_heap;
mod links;
mod menu;
mod notifier;
mod prefetch;
mod renderer;

use std::sync::Arc;

use desk_core::{Desk, DeskOptions, DeskPaths};
use tauri::{DragDropEvent, Emitter, Manager, RunEvent, WindowEvent};

/// Keeps the files dropped on the window for `import_dropped_file` (so the window never
/// names a file to read) and tells the window how many arrived.
fn remember_dropped_files(window: &tauri::Window, event: &WindowEvent) {
    if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
        if let Some(dropped) = window.try_state::<commands::DroppedFiles>() {
            *dropped.0.lock().unwrap_or_else(|p| p.into_inner()) = paths.clone();
        }
        let _ = window.emit("files-dropped", paths.len());
    }
}

/// A rotating log file in the OS log folder (Linux: `~/.local/share/dev.phase.desk/logs`):
/// versions, hosts, status codes, timings and error codes; never a token or a value.
fn log_plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
    tauri_plugin_log::Builder::new()
        .targets([Target::new(TargetKind::LogDir {
            file_name: Some("phase-desk".into()),
        })])
        .level(log::LevelFilter::Info)
        // Other crates' chatter stays out; our request lines come from phase-api.
        .level_for("tao", log::LevelFilter::Warn)
        .level_for("reqwest", log::LevelFilter::Warn)
        .level_for("hyper_util", log::LevelFilter::Warn)
        .max_file_size(1_000_000)
        .rotation_strategy(RotationStrategy::KeepSome(5))
        .build()
}

/// Asks the OS to keep `window` out of screen captures (macOS, Windows; nothing on Linux).
pub(crate) fn protect_from_capture<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>, on: bool) {
    if let Err(e) = window.set_content_protected(on) {
        log::warn!("screen-capture protection could not be set: {e}");
    }
}

/// Builds and runs the app. `force_sandbox` opens the local sandbox even when
/// real accounts exist.
pub fn run(force_sandbox: bool) {
    renderer::prefer_shared_memory_without_gpu();
    js_heap::size_for_an_app_window();
    let app = tauri::Builder::default()
        // First: a second launch hands its arguments over here and exits at once.
        .plugin(links::single_instance())
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(renderer::page_hints())
        .plugin(log_plugin())
        .manage(commands::DroppedFiles::default())
        .on_window_event(remember_dropped_files)
        .menu(menu::build)
        .on_menu_event(menu::on_event)
        .setup(move |app| {
            log::info!(
                "Phase Desk {} starting on {} {}; WebKitGTK renderer: {}",
                env!("CARGO_PKG_VERSION"),
                std::env::consts::OS,
                std::env::consts::ARCH,
                renderer::describe()
            );
            links::setup(app);
            let paths = DeskPaths {
                config_dir: app.path().app_config_dir()?,
                data_dir: app.path().app_data_dir()?,
            };
            let options = DeskOptions {
                force_sandbox,
                keychain_service: desk_core::keychain::service_name(),
                // Started by the prefetch below, while the webview boots: nothing the window
                // needs before its first question waits for the sandbox.
                sandbox_later: true,
            };
            let notifier = Arc::new(notifier::EventNotifier::new(app.handle().clone()));
            let desk = tauri::async_runtime::block_on(Desk::open(paths, options, notifier))
                .map_err(|e| Box::<dyn std::error::Error>::from(e.to_string()))?;
            log::info!(
                "keychain: {}",
                if desk.state().keychain.available {
                    "available"
                } else {
                    "unavailable"
                }
            );
            if let Some(window) = app.get_webview_window("main") {
                protect_from_capture(&window, desk.state().settings.protect_from_capture);
            }
            app.manage(desk);
            app.manage(prefetch::StartPrefetch::begin(app.handle(), force_sandbox));
            Ok(())
        })
        .invoke_handler(commands::handler())
        .build(tauri::generate_context!())
        .expect("error while building Phase Desk");
    app.run(|handle, event| {
        if let RunEvent::Exit = event {
            if let Some(desk) = handle.try_state::<Desk>() {
                desk.clear_clipboard_if_ours();
                // Deletes held back for undo are sent now, or they would be lost.
                let sent = tauri::async_runtime::block_on(async {
                    tokio::time::timeout(
                        std::time::Duration::from_secs(15),
                        desk.commit_all_deletes(),
                    )
                    .await
                });
                if !matches!(sent, Ok(Ok(()))) {
                    eprintln!("phase-desk: some deletes could not be sent before quitting");
                }
            }
        }
    });
}
