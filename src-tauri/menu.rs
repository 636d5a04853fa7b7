//! The native menu: File (Lock now, Quit), Edit (cut, copy, paste, select all for the
//! text fields), View (Reload, Theme), Help (About, Open logs folder).
//!
//! Items the window acts on are sent to it as events (`menu://…`); the window decides
//! what they do, as it does for its own buttons.

use tauri::menu::{
    AboutMetadata, Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu, SubmenuBuilder,
};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_opener::OpenerExt;

/// Locks the window (the window listens; "Lock now").
pub const LOCK: &str = "menu://lock";
/// Lists the environment on screen again.
pub const RELOAD: &str = "menu://reload";
/// Payload `"light"`, `"dark"` or `"system"`.
pub const THEME: &str = "menu://theme";
/// Something a menu item could not do; payload: the message.
pub const ERROR: &str = "menu://error";

/// What a menu item does.
#[derive(Debug, PartialEq, Eq)]
enum Action {
    /// Tell the window: event name and payload.
    Emit(&'static str, Option<&'static str>),
    Quit,
    OpenLogs,
}

/// Menu item ids and labels of the items this file handles.
const ITEMS: &[(&str, &str, Action)] = &[
    ("lock", "Lock now", Action::Emit(LOCK, None)),
    ("quit", "Quit", Action::Quit),
    ("reload", "Reload", Action::Emit(RELOAD, None)),
    (
        "theme-system",
        "System",
        Action::Emit(THEME, Some("system")),
    ),
    ("theme-light", "Light", Action::Emit(THEME, Some("light"))),
    ("theme-dark", "Dark", Action::Emit(THEME, Some("dark"))),
    ("open-logs", "Open logs folder", Action::OpenLogs),
];

fn action(id: &str) -> Option<&'static Action> {
    ITEMS.iter().find(|(i, ..)| *i == id).map(|(.., a)| a)
}

fn item<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
    accelerator: Option<&str>,
) -> tauri::Result<MenuItem<R>> {
    let label = ITEMS
        .iter()
        .find(|(i, ..)| *i == id)
        .map(|(_, l, _)| *l)
        .unwrap_or(id);
    MenuItem::with_id(app, id, label, true, accelerator)
}

/// The About box: name, version, license, what it is.
fn about<R: Runtime>(app: &AppHandle<R>) -> AboutMetadata<'static> {
    let info = app.package_info();
    AboutMetadata {
        name: Some(info.name.clone()),
        version: Some(info.version.to_string()),
        license: Some(format!("{} License", env!("CARGO_PKG_LICENSE"))),
        comments: Some(env!("CARGO_PKG_DESCRIPTION").to_string()),
        website: Some("https://phase.dev".into()),
        website_label: Some("phase.dev".into()),
        icon: app.default_window_icon().map(|i| i.clone().to_owned()),
        ..Default::default()
    }
}

/// Builds the menu (given to `Builder::menu`).
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let file = SubmenuBuilder::new(app, "File")
        .item(&item(app, "lock", Some("CmdOrCtrl+L"))?)
        .separator()
        .item(&item(app, "quit", Some("CmdOrCtrl+Q"))?)
        .build()?;
    let edit = SubmenuBuilder::new(app, "Edit")
        .item(&PredefinedMenuItem::cut(app, None)?)
        .item(&PredefinedMenuItem::copy(app, None)?)
        .item(&PredefinedMenuItem::paste(app, None)?)
        .separator()
        .item(&PredefinedMenuItem::select_all(app, None)?)
        .build()?;
    let theme = SubmenuBuilder::new(app, "Theme")
        .item(&item(app, "theme-system", None)?)
        .item(&item(app, "theme-light", None)?)
        .item(&item(app, "theme-dark", None)?)
        .build()?;
    let view = SubmenuBuilder::new(app, "View")
        .item(&item(app, "reload", Some("F5"))?)
        .item(&theme)
        .build()?;
    let help = SubmenuBuilder::new(app, "Help")
        .item(&PredefinedMenuItem::about(
            app,
            Some("About Phase Desk"),
            Some(about(app)),
        )?)
        .item(&item(app, "open-logs", None)?)
        .build()?;
    let mut menus: Vec<Submenu<R>> = Vec::new();
    // On macOS the first menu is the application's own (About, Hide, Quit…).
    #[cfg(target_os = "macos")]
    menus.push(
        SubmenuBuilder::new(app, "Phase Desk")
            .item(&PredefinedMenuItem::about(app, None, Some(about(app)))?)
            .separator()
            .item(&PredefinedMenuItem::hide(app, None)?)
            .item(&PredefinedMenuItem::quit(app, None)?)
            .build()?,
    );
    menus.extend([file, edit, view, help]);
    let refs: Vec<&dyn tauri::menu::IsMenuItem<R>> = menus
        .iter()
        .map(|m| m as &dyn tauri::menu::IsMenuItem<R>)
        .collect();
    Menu::with_items(app, &refs)
}

/// Handles a click on one of the menu's own items (given to `Builder::on_menu_event`).
pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    match action(event.id().as_ref()) {
        Some(Action::Emit(name, payload)) => {
            let _ = app.emit(name, payload);
        }
        Some(Action::Quit) => app.exit(0),
        Some(Action::OpenLogs) => {
            if let Err(e) = open_logs(app) {
                let _ = app.emit(ERROR, format!("Could not open the logs folder: {e}"));
            }
        }
        None => {}
    }
}

/// Opens the app's log folder in the file manager, creating it first.
fn open_logs<R: Runtime>(app: &AppHandle<R>) -> Result<(), String> {
    let dir = app.path().app_log_dir().map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    app.opener()
        .open_path(dir.to_string_lossy(), None::<&str>)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_has_one_action() {
        for (id, label, _) in ITEMS {
            assert!(action(id).is_some(), "{id}");
            assert!(!label.is_empty());
            assert_eq!(ITEMS.iter().filter(|(i, ..)| i == id).count(), 1, "{id}");
        }
        assert_eq!(action("nope"), None);
        assert_eq!(
            action("theme-dark"),
            Some(&Action::Emit(THEME, Some("dark")))
        );
        assert_eq!(action("reload"), Some(&Action::Emit(RELOAD, None)));
        assert_eq!(action("lock"), Some(&Action::Emit(LOCK, None)));
    }
}
