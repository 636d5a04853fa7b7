//! Journey 9: the server answers 429; the app shows the wait and finishes the action.

use std::time::{Duration, Instant};

use crate::harness::{ensure, journey, App, WAIT};
use crate::server::Server;
use crate::ui::{self, tid};

#[test]
fn j09_rate_limit_countdown_then_the_action_completes() {
    journey("j09-rate-limit", |name| async move {
        let server = Server::start().await?;
        let mut app = App::start(name, &[]).await?;
        ui::add_user_account(&mut app, &server).await?;

        // A short rolling window keeps the wait short. One request of our own with the
        // same token fills the window, so the app's next request is answered 429.
        server.sandbox.set_rate_limit_window(Duration::from_secs(6));
        server.sandbox.set_rate_limit(Some(1));
        server.dev_secrets().await?;
        let used = server.sandbox.request_count();

        app.click(&tid("new-secret-button")).await?;
        app.el("[data-testid=\"secret-editor\"][data-mode=\"new\"]")
            .await?;
        app.fill(&tid("field-key"), "E2E_AFTER_429").await?;
        app.fill(&tid("field-value"), "waited").await?;
        let started = Instant::now();
        app.click("[data-testid=\"secret-editor\"] [data-testid=\"save-button\"]")
            .await?;

        let countdown = app.text(&tid("rate-limit-countdown")).await?;
        let secs: u64 = countdown.trim_end_matches(" s").trim().parse().unwrap_or(0);
        ensure(secs >= 1, || format!("countdown reads {countdown:?}"))?;
        eprintln!("[e2e] {name}: the server asked to wait {secs} s");
        app.shot("rate-limit-countdown").await?;
        ensure(server.sandbox.request_count() > used, || {
            "no request was refused".into()
        })?;

        // The create completes after the wait; the countdown goes away.
        let row = app
            .wait_value(
                "E2E_AFTER_429 after the wait",
                Duration::from_secs(secs) + WAIT,
                || ui::rows(&app),
                |r| {
                    r.as_ref()
                        .is_some_and(|r| r.iter().any(|r| r.key == "E2E_AFTER_429"))
                },
            )
            .await?
            .and_then(|r| r.into_iter().find(|r| r.key == "E2E_AFTER_429"))
            .ok_or("row vanished")?;
        let waited = started.elapsed();
        ensure(
            waited + Duration::from_secs(2) >= Duration::from_secs(secs),
            || format!("completed after {waited:?}, before the {secs} s wait"),
        )?;
        app.gone(&tid("rate-limit-countdown")).await?;
        let stored = server
            .stored(&row.id)
            .ok_or("E2E_AFTER_429 is not on the server")?;
        ensure(stored["value"] == "waited", || {
            format!("stored value {}", stored["value"])
        })?;
        app.shot("after-wait").await?;
        server.sandbox.set_rate_limit(None);

        ui::assert_no_token_leaks(&app, &server.all_tokens()).await?;
        app.finish().await
    });
}
