//! The tokens a [`Sandbox`] hands out: the Console form people paste, and the
//! `Authorization` header value the server accepts.

use crate::model::{TokenKind, TokenRec};
use crate::Sandbox;

impl Sandbox {
    fn token_rec(&self, kind: TokenKind, label: &str) -> Option<TokenRec> {
        self.shared
            .db()
            .tokens
            .iter()
            .find(|t| t.kind == kind && t.label == label)
            .cloned()
    }

    fn console_of(&self, kind: TokenKind, label: &str) -> String {
        self.token_rec(kind, label)
            .map(|t| t.console)
            .unwrap_or_default()
    }

    fn bearer_of(&self, kind: TokenKind, label: &str) -> String {
        let token = self.token_rec(kind, label).map(|t| t.token);
        format!(
            "Bearer {} {}",
            kind.header_word(),
            token.unwrap_or_default()
        )
    }

    /// User "Dev"'s personal access token as the Phase Console hands it out:
    /// `pss_user:v1:<token>:<kx_pub>:<share>:<wrap_key>`, each field 64 hex digits. The
    /// server accepts only `Authorization: Bearer User <token>` (the 3rd field; see
    /// [`Sandbox::user_bearer`]); the whole string gets 401 "Token expired or deleted".
    pub fn user_token(&self) -> String {
        self.console_of(TokenKind::User, "Dev")
    }

    /// The `Authorization` header value for [`Sandbox::user_token`]: `Bearer User <hex>`.
    pub fn user_bearer(&self) -> String {
        self.bearer_of(TokenKind::User, "Dev")
    }

    /// A personal access token of a second user, "Ops" (overrides are per person; Ops
    /// alone may use the "Ops Tools" app), in the Console form `pss_user:v1:...`.
    pub fn other_user_token(&self) -> String {
        self.console_of(TokenKind::User, "Ops")
    }

    /// The `Authorization` header value for [`Sandbox::other_user_token`].
    pub fn other_user_bearer(&self) -> String {
        self.bearer_of(TokenKind::User, "Ops")
    }

    /// A service account token in the Console form `pss_service:v2:<token>:...`; the
    /// header is `Bearer ServiceAccount <token>` ([`Sandbox::service_account_bearer`]).
    /// It may use every app but "Ops Tools" (401 there) and never sees or sets personal
    /// overrides.
    pub fn service_account_token(&self) -> String {
        self.console_of(TokenKind::ServiceAccount, "ci-deployer")
    }

    /// The `Authorization` header value for [`Sandbox::service_account_token`].
    pub fn service_account_bearer(&self) -> String {
        self.bearer_of(TokenKind::ServiceAccount, "ci-deployer")
    }

    /// A legacy service token in the Console form `pss_service:v1:<token>:...`; the
    /// header is `Bearer Service <token>` ([`Sandbox::service_bearer`]). It reaches only
    /// the demo app's secrets (401 elsewhere, and on `/v1/apps/`).
    pub fn service_token(&self) -> String {
        self.console_of(TokenKind::Service, "legacy-service")
    }

    /// The `Authorization` header value for [`Sandbox::service_token`].
    pub fn service_bearer(&self) -> String {
        self.bearer_of(TokenKind::Service, "legacy-service")
    }

    /// A human-readable summary of the base URL, app ids and tokens (for the binary).
    pub fn tokens_summary(&self) -> String {
        let mut out = format!(
            "Phase sandbox at {url}\n  API base:          {url}/v1/\n  E2EE API:          {url}/service/secrets/ (keyring: {url}/service/secrets/tokens/)\n  Demo app (SSE):    {}\n  Legacy app (E2EE): {}\n  Ops Tools (Ops):   {}\n",
            self.demo_app_id(),
            self.e2ee_app_id(),
            self.ops_app_id(),
            url = self.base_url(),
        );
        if let Some(bench) = self.bench_app_id() {
            out.push_str(&format!("  Bench app:         {bench}\n"));
        }
        out.push_str("Tokens as the Console shows them (paste these into Phase Desk):\n");
        for (name, console) in [
            ("Dev (PAT)", self.user_token()),
            ("Ops (PAT)", self.other_user_token()),
            ("Service account", self.service_account_token()),
            ("Legacy service", self.service_token()),
        ] {
            out.push_str(&format!("  {name:<18} {console}\n"));
        }
        out.push_str("Authorization header values (for curl):\n");
        for (name, bearer) in [
            ("Dev (PAT)", self.user_bearer()),
            ("Ops (PAT)", self.other_user_bearer()),
            ("Service account", self.service_account_bearer()),
            ("Legacy service", self.service_bearer()),
        ] {
            out.push_str(&format!("  {name:<18} {bearer}\n"));
        }
        out
    }
}
