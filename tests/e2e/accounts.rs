//! Journeys 2 and 10: adding accounts (tokens go to the keychain, never to a file) and
//! removing one (its keychain entry goes with it).

use std::time::Duration;

use phase_sandbox::Fault;

use crate::harness::{ensure, journey, App, TestResult};
use crate::server::Server;
use crate::ui::{self, tid};

/// `PHASE_TEST_HOST` + `PHASE_TEST_TOKEN` (+ `PHASE_TEST_SA_TOKEN`), when set.
struct External {
    host: String,
    token: String,
    sa_token: Option<String>,
}

fn external() -> Option<External> {
    let host = std::env::var("PHASE_TEST_HOST")
        .ok()
        .filter(|h| !h.is_empty())?;
    let token = std::env::var("PHASE_TEST_TOKEN")
        .ok()
        .filter(|t| !t.is_empty())?;
    Some(External {
        host,
        token,
        sa_token: std::env::var("PHASE_TEST_SA_TOKEN")
            .ok()
            .filter(|t| !t.is_empty()),
    })
}

fn token_in_config(app: &App, token: &str) -> TestResult {
    let hits = ui::files_containing(&app.config_dir(), token);
    ensure(hits.is_empty(), || {
        format!("the token is written to {hits:?}")
    })?;
    let accounts = app.config_dir().join("dev.phase.desk/accounts.json");
    ensure(accounts.is_file(), || {
        format!("{} was not written", accounts.display())
    })
}

/// While the first listing loads, the app picker already offers the apps (with the opened
/// one chosen) and the table says it is loading.
async fn picker_usable_while_listing(app: &mut App, opened: &str) -> TestResult {
    let seen = app
        .js(
            "const p = document.querySelector('[data-testid=\"app-picker\"]'); \
             const t = document.querySelector('[data-testid=\"secret-table\"]'); \
             return { enabled: !!p && !p.disabled, value: p ? p.value : null, \
               options: p ? p.querySelectorAll('option[value]:not([value=\"\"])').length : 0, \
               busy: t ? t.getAttribute('aria-busy') : null };",
            vec![],
        )
        .await?;
    ensure(
        seen["enabled"] == true
            && seen["value"] == opened
            && seen["options"].as_u64() > Some(0)
            && seen["busy"] == "true",
        || format!("while the first listing loads: {seen}"),
    )?;
    app.shot("first-listing-loading").await
}

#[test]
fn j02_tokens_go_to_the_keychain_only() {
    journey("j02-add-accounts", |name| async move {
        let server = Server::start().await?;
        let ext = external();
        let (url, token, sa_token) = match &ext {
            Some(e) => {
                eprintln!("[e2e] {name}: adding accounts for PHASE_TEST_HOST");
                (e.host.clone(), e.token.clone(), e.sa_token.clone())
            }
            None => (server.url(), server.user_token(), Some(server.sa_token())),
        };
        let mut app = App::start(name, &[]).await?;

        if ext.is_none() {
            // The new account's first listing is slow (a large environment, a busy server).
            server
                .sandbox
                .inject_fault(Fault::Delay(Duration::from_secs(15)), 1);
        }
        let user_id = ui::add_account(&mut app, "Work PAT", &url, "User", &token).await?;
        if ext.is_none() {
            picker_usable_while_listing(&mut app, &server.sandbox.demo_app_id()).await?;
        }
        ensure(user_id != "local-sandbox" && user_id.len() >= 32, || {
            format!("odd account id {user_id}")
        })?;
        let stored = ui::keychain_lookup(&app.keychain_service, &user_id)?;
        ensure(stored.as_deref() == Some(token.as_str()), || {
            format!(
                "secret-tool finds {} for the PAT account",
                if stored.is_some() {
                    "another value"
                } else {
                    "nothing"
                }
            )
        })?;
        token_in_config(&app, &token)?;
        app.el(&tid("app-picker")).await?;
        app.shot("pat-account").await?;

        let Some(sa_token) = sa_token else {
            eprintln!("[e2e] {name}: PHASE_TEST_SA_TOKEN unset: no service-account account added");
            return app.finish().await;
        };
        let sa_id =
            ui::add_account(&mut app, "CI deployer", &url, "ServiceAccount", &sa_token).await?;
        ensure(sa_id != user_id, || "both accounts got the same id".into())?;
        let stored = ui::keychain_lookup(&app.keychain_service, &sa_id)?;
        ensure(stored.as_deref() == Some(sa_token.as_str()), || {
            "secret-tool does not find the service-account token".into()
        })?;
        let label = ui::accounts(&app).await?.remove(&sa_id).unwrap_or_default();
        ensure(label.contains("Service Account"), || {
            format!("switcher label {label:?}")
        })?;
        token_in_config(&app, &sa_token)?;
        // The PAT account's entry is untouched by the second one.
        ensure(
            ui::keychain_lookup(&app.keychain_service, &user_id)?.as_deref()
                == Some(token.as_str()),
            || "the PAT entry changed".into(),
        )?;
        if ext.is_none() {
            ui::wait_listing(&app, crate::server::DEV).await?;
        }
        app.shot("service-account").await?;

        let mut tokens = vec![token, sa_token];
        if ext.is_none() {
            tokens = server.all_tokens();
        }
        ui::assert_no_token_leaks(&app, &tokens).await?;
        app.finish().await
    });
}

#[test]
fn j10_removing_an_account_deletes_its_keychain_entry() {
    journey("j10-remove-account", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        let id = ui::add_user_account(&mut app, &server).await?;
        ensure(
            ui::keychain_lookup(&app.keychain_service, &id)?.is_some(),
            || "no keychain entry after adding the account".into(),
        )?;

        app.click(&tid("account-menu-button")).await?;
        app.click(&tid("remove-account-button")).await?;
        app.el(&tid("confirm-dialog")).await?;
        app.shot("confirm-remove").await?;
        app.click(&tid("confirm-ok")).await?;
        app.gone(&tid("confirm-dialog")).await?;
        app.wait_value(
            "the account to leave the switcher",
            crate::harness::WAIT,
            || ui::accounts(&app),
            |a| !a.contains_key(&id) && !a.is_empty(),
        )
        .await?;
        ui::toast(&app, "Removed Sandbox PAT").await?;
        let left = ui::keychain_lookup(&app.keychain_service, &id)?;
        ensure(left.is_none(), || {
            "secret-tool still finds the removed account's token".into()
        })?;
        let accounts = app.config_dir().join("dev.phase.desk/accounts.json");
        let text = std::fs::read_to_string(&accounts).map_err(|e| e.to_string())?;
        ensure(!text.contains(&id), || {
            "accounts.json still lists the removed account".into()
        })?;
        app.shot("removed").await?;

        ui::assert_no_token_leaks(&app, &server.all_tokens()).await?;
        app.finish().await
    });
}
