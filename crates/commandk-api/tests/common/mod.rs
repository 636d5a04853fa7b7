//! The conformance suite's target: a real CommandK (from the environment) or a local
//! sandbox started for each test.
//!
//! Real target: `COMMANDK_TEST_HOST` (API base URL), `COMMANDK_TEST_TOKEN`,
//! `COMMANDK_TEST_APP` (an app's name; name lookups need a token for all apps). CommandK
//! tokens are Read or Write scoped and Write does not include Read, so the token's scope is
//! detected, and the other scope can be given as `COMMANDK_TEST_READ_TOKEN` /
//! `COMMANDK_TEST_WRITE_TOKEN`; tests needing a scope the target lacks say so and pass.
//! `COMMANDK_TEST_ENV` picks the first environment (name or slug; default: the first
//! listed). Every secret a run creates is named `PDT_<8 hex>_...`; CommandK has no
//! documented delete, so they stay.

#![allow(dead_code)]

use commandk_api::{
    options_for_host, AccessToken, CatalogApp, ClientOptions, CommandkClient, Environment, Host,
    TokenScope,
};
use commandk_sandbox::{CommandkSandbox, CommandkSandboxConfig};

pub const ENV_HOST: &str = "COMMANDK_TEST_HOST";
pub const ENV_TOKEN: &str = "COMMANDK_TEST_TOKEN";
pub const ENV_APP: &str = "COMMANDK_TEST_APP";
pub const ENV_READ_TOKEN: &str = "COMMANDK_TEST_READ_TOKEN";
pub const ENV_WRITE_TOKEN: &str = "COMMANDK_TEST_WRITE_TOKEN";
pub const ENV_ENVIRONMENT: &str = "COMMANDK_TEST_ENV";

pub struct Ctx {
    pub host: Host,
    /// A client with a Read token, when the target has one.
    pub reader: Option<CommandkClient>,
    /// A client with a Write token, when the target has one.
    pub writer: Option<CommandkClient>,
    pub app: CatalogApp,
    pub app_name: String,
    /// The environments, the chosen one first.
    pub envs: Vec<Environment>,
    pub sandbox: Option<CommandkSandbox>,
    /// Every secret this test creates starts with this (`PDT_<8 hex>_`).
    pub prefix: String,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Ctx {
    /// The real target when `COMMANDK_TEST_HOST` is set, else a fresh sandbox.
    pub async fn new() -> Ctx {
        match var(ENV_HOST) {
            Some(host) => Ctx::real(&host).await,
            None => Ctx::sandboxed(CommandkSandboxConfig::default()).await,
        }
    }

    /// Always a fresh sandbox (fault tests).
    pub async fn sandboxed(config: CommandkSandboxConfig) -> Ctx {
        let sandbox = CommandkSandbox::start(config)
            .await
            .expect("the sandbox starts");
        let host = Host::custom(&sandbox.base_url()).unwrap();
        let client = |t: String| {
            CommandkClient::new(
                host.clone(),
                AccessToken::parse(&t).unwrap(),
                ClientOptions::default(),
            )
            .unwrap()
        };
        let reader = client(sandbox.read_token());
        let writer = client(sandbox.write_token());
        let app = reader.find_app(sandbox.demo_app_name()).await.unwrap();
        let envs = reader.list_environments().await.unwrap();
        Ctx {
            reader: Some(reader),
            writer: Some(writer),
            app_name: sandbox.demo_app_name().to_string(),
            app,
            envs,
            host,
            sandbox: Some(sandbox),
            prefix: prefix(),
        }
    }

    async fn real(host: &str) -> Ctx {
        let need = |name: &str| {
            var(name).unwrap_or_else(|| panic!("{ENV_HOST} is set, so {name} must be set too"))
        };
        let host = Host::custom(host).expect("COMMANDK_TEST_HOST is a valid API base URL");
        let client = |t: &str| {
            let token = AccessToken::parse(t).expect("a usable token");
            CommandkClient::new(host.clone(), token, options_for_host(&host)).unwrap()
        };
        let main = client(&need(ENV_TOKEN));
        let app_name = need(ENV_APP);
        let app = main
            .find_app(&app_name)
            .await
            .expect("COMMANDK_TEST_APP is found");
        let mut envs = main.list_environments().await.expect("environments");
        assert!(!envs.is_empty(), "the target lists no environments");
        if let Some(wanted) = var(ENV_ENVIRONMENT) {
            let i = envs
                .iter()
                .position(|e| e.matches(&wanted))
                .unwrap_or_else(|| panic!("no environment named {wanted}"));
            let chosen = envs.remove(i);
            envs.insert(0, chosen);
        }
        let scope = main
            .detect_scope(&app.id, &envs[0].id)
            .await
            .expect("the token's scope");
        eprintln!(
            "conformance target: {} (token scope {scope})",
            host.base_url()
        );
        let (mut reader, mut writer) = match scope {
            TokenScope::Read => (Some(main), None),
            TokenScope::Write => (None, Some(main)),
        };
        if reader.is_none() {
            reader = var(ENV_READ_TOKEN).map(|t| client(&t));
        }
        if writer.is_none() {
            writer = var(ENV_WRITE_TOKEN).map(|t| client(&t));
        }
        Ctx {
            host,
            reader,
            writer,
            app,
            app_name,
            envs,
            sandbox: None,
            prefix: prefix(),
        }
    }

    /// A unique secret name for this run.
    pub fn name(&self, what: &str) -> String {
        format!("{}{}", self.prefix, what)
    }

    /// The first (chosen) environment's id.
    pub fn env(&self) -> &str {
        &self.envs[0].id
    }

    /// A second environment's id, when the target has one.
    pub fn second_env(&self) -> Option<&str> {
        self.envs.get(1).map(|e| e.id.as_str())
    }

    /// Both clients, or `None` after saying which scope the target lacks.
    pub fn both(&self, test: &str) -> Option<(&CommandkClient, &CommandkClient)> {
        match (&self.reader, &self.writer) {
            (Some(r), Some(w)) => Some((r, w)),
            _ => {
                eprintln!("{test}: skipped, the target needs both a Read and a Write token");
                None
            }
        }
    }

    pub fn reader(&self, test: &str) -> Option<&CommandkClient> {
        if self.reader.is_none() {
            eprintln!("{test}: skipped, the target has no Read token");
        }
        self.reader.as_ref()
    }

    pub fn writer(&self, test: &str) -> Option<&CommandkClient> {
        if self.writer.is_none() {
            eprintln!("{test}: skipped, the target has no Write token");
        }
        self.writer.as_ref()
    }

    /// A client of the target's host with `token`.
    pub fn client_with(&self, token: &str, options: ClientOptions) -> CommandkClient {
        CommandkClient::new(
            self.host.clone(),
            AccessToken::parse(token).unwrap(),
            options,
        )
        .unwrap()
    }
}

fn prefix() -> String {
    let hex = uuid::Uuid::new_v4().simple().to_string();
    format!("PDT_{}_", hex[..8].to_ascii_uppercase())
}
