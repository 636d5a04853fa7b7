//! End-to-end journeys through the real Phase Desk window: the app under Xvfb, driven
//! by tauri-driver + WebKitWebDriver, its own config/data/cache folders and keychain
//! service per journey, and (from journey 2 on) its own in-process sandbox server.
//!
//! Run them with `bash scripts/test.sh`, or after `cd ui && npm run build`:
//! `dbus-run-session -- scripts/with-desktop.sh cargo test -p phase-desk --test e2e -- --nocapture`.
//! Screenshots land in `artifacts/screenshots/`.

mod harness;
mod server;
mod ui;

mod a11y;
mod accounts;
mod across;
mod browse;
mod commandk;
mod desktop;
mod e2ee;
mod edit;
mod lock;
mod rate_limit;
mod real_server;
mod ux;
mod ux_dialogs;
mod ux_layout;
mod values;
