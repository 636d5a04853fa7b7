//! Emulation of Phase's end-to-end-encrypted secrets API: `GET /secrets/tokens/` (the
//! keyring of a token) and `GET/POST/PUT/DELETE /secrets/` (ciphertext secrets), also
//! under `/service/` as behind the Console's nginx.
//!
//! Like the real server (phasehq/console backend `api/views/auth.py` `secrets_tokens`,
//! `api/views/secrets.py` `E2EESecretsView`), it stores what clients send and never
//! decrypts anything: it cannot check a plaintext, only the `ph:v1` format. The tokens it
//! hands out carry real key material (see [`keys`]), so a client such as `phase-e2ee`
//! unwraps its account key and the environment keys exactly as with the real server.
//!
//! Differences kept (see the crate README): apps with server-side encryption are listed
//! by `secrets/tokens/` with `encryption: "SSE"` but no environment keys, and
//! `/secrets/` refuses their environments (400), because the sandbox stores SSE secrets in
//! clear and would have to encrypt or decrypt them; no dynamic secrets.

pub mod keys;
pub mod model;
mod render;
mod secrets;
pub mod seed;
mod tokens;
mod write;

use std::sync::Arc;

use axum::routing::any;
use axum::Router;

pub use model::E2eeDb;

use crate::state::Shared;

/// Adds the E2EE routes (`/secrets/`, `/secrets/tokens/`, and both under `/service`).
pub fn mount(app: Router<Arc<Shared>>) -> Router<Arc<Shared>> {
    let mut app = app;
    for prefix in ["", "/service"] {
        app = app
            .route(&format!("{prefix}/secrets/"), any(secrets::handle))
            .route(&format!("{prefix}/secrets/tokens/"), any(tokens::handle));
    }
    app
}
