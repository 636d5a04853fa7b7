//! Phase Desk's core, free of Tauri: accounts and their keychain tokens, the
//! embedded sandbox, and every operation on secrets the app's commands expose.
//! The Tauri layer (`src-tauri/`) only forwards arguments to [`Desk`] and maps
//! [`DeskError`] to [`view::IpcError`].

pub mod accounts;
pub mod batch;
pub mod bindings;
pub mod changeset;
pub mod clipboard;
pub mod deeplink;
pub mod desk;
pub mod error;
pub mod keychain;
pub mod memory;
pub mod provider;
pub mod resolve;
pub mod secrets;
pub mod undo;
pub mod view;

pub use desk::{Desk, DeskOptions, DeskPaths, Notifier, Silent, SANDBOX_ACCOUNT_ID};
pub use error::{DeskError, DeskResult};
