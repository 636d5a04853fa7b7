//! One instance and `phase-desk://` links: a second launch focuses the running window and
//! hands it the link it was given; links are read by `desk_core::deeplink` and wait in a
//! [`LinkInbox`] until the window takes them (`take_link`), so a link that arrives before
//! the window listens is not lost.

use desk_core::deeplink::{DeepLink, LinkInbox, LinkRequest};
use tauri::plugin::TauriPlugin;
use tauri::{App, AppHandle, Emitter, Manager, Runtime};
use tauri_plugin_deep_link::DeepLinkExt;

/// Tells the window a link is waiting (no payload: it asks with `take_link`).
pub const LINK_EVENT: &str = "desk://link";

/// Puts a link (or why it could not be read) in the inbox and tells the window.
pub fn deliver<R: Runtime>(app: &AppHandle<R>, request: LinkRequest) {
    if let Some(inbox) = app.try_state::<LinkInbox>() {
        inbox.put(request);
        let _ = app.emit(LINK_EVENT, ());
    }
}

/// Brings the main window to the front: unminimised, shown and focused.
pub fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The single-instance plugin. On Linux a debug build (`cargo run`, the tests) has a D-Bus
/// name of its own, as it has its own keychain service: a build from source never hands
/// its arguments to an installed Phase Desk, nor the other way round.
pub fn single_instance<R: Runtime>() -> TauriPlugin<R> {
    let builder = tauri_plugin_single_instance::Builder::new()
        .callback(|app, argv, _cwd| on_second_launch(app, argv));
    if cfg!(debug_assertions) {
        builder.dbus_id("dev.phase.desk.dev").build()
    } else {
        builder.build()
    }
}

/// The single-instance callback: `argv` is the second launch's command line.
fn on_second_launch<R: Runtime>(app: &AppHandle<R>, argv: Vec<String>) {
    focus_main(app);
    // `phase-desk <url>` alone reached the deep-link plugin (forwarded by single-instance's
    // `deep-link` feature, then `on_open_url`); a link among other arguments is read here.
    if argv.len() != 2 {
        if let Some(read) = DeepLink::from_args(argv.get(1..).unwrap_or_default()) {
            deliver(app, read.into());
        }
    }
}

/// In `setup`: the inbox, the link this launch was given, links from the OS, and the
/// scheme's registration where it is made at run time.
pub fn setup<R: Runtime>(app: &mut App<R>) {
    app.manage(LinkInbox::default());
    let handle = app.handle().clone();
    app.deep_link().on_open_url(move |event| {
        for url in event.urls() {
            deliver(&handle, DeepLink::parse(url.as_str()).into());
        }
    });
    // Linux and Windows pass the link on the command line; macOS through `on_open_url`.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(read) = DeepLink::from_args(&args) {
        deliver(app.handle(), read.into());
    }
    register_scheme(app);
}

/// Linux and Windows: register `phase-desk://` for this binary unless a package did (the
/// package's desktop entry or installer registers it; an AppImage or a build from source
/// has nothing else). macOS registers it from the bundle's Info.plist.
///
/// On its own thread: on Linux it runs `update-desktop-database` and `xdg-mime` on every
/// launch, and `setup` runs on the main thread, which also serves the window its page.
#[cfg(any(target_os = "linux", windows))]
fn register_scheme<R: Runtime>(app: &App<R>) {
    let packaged = std::env::current_exe()
        .map(|p| p.starts_with("/usr/") || p.starts_with("/opt/"))
        .unwrap_or(false)
        && app.env().appimage.is_none();
    if packaged || cfg!(windows) && !cfg!(debug_assertions) {
        return;
    }
    let handle = app.handle().clone();
    let spawned = std::thread::Builder::new()
        .name("register-scheme".into())
        .spawn(move || register_now(&handle));
    // No thread to be had: register here, as before.
    if spawned.is_err() {
        register_now(app.handle());
    }
}

#[cfg(any(target_os = "linux", windows))]
fn register_now<R: Runtime>(app: &AppHandle<R>) {
    if let Err(e) = app.deep_link().register_all() {
        eprintln!(
            "phase-desk: could not register the phase-desk:// scheme for this user ({e}); on Linux it needs xdg-mime (package xdg-utils)"
        );
    }
}

#[cfg(not(any(target_os = "linux", windows)))]
fn register_scheme<R: Runtime>(_app: &App<R>) {}
