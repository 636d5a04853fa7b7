//! The sandbox side by side with the real Phase backend: the same requests go to both,
//! and what each answers (status, message, the parts of the body that do not depend on
//! ids or data) must match. Runs only when `PHASE_TEST_HOST` is set:
//!
//! ```sh
//! ../shared/real-phase/up.sh && . ~/.cache/phase-desk/real-phase/env
//! cargo test -p phase-sandbox --test against_real -- --nocapture
//! ```
//!
//! It writes only in the real app's `Staging` environment, under `/sandbox-cmp/<run>`
//! (and the tags `cmp-a`, `cmp-b`, `fine`), and deletes its secrets at the end.

mod against_real_steps;

use against_real_steps::{observe, Target};
use phase_sandbox::{Sandbox, SandboxConfig};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// (id, name) of every app the user may use on the real server.
async fn real_app_names(host: &str, bearer: &str) -> Vec<(String, String)> {
    let resp = reqwest::Client::new()
        .get(format!("{host}/v1/apps/"))
        .header("Authorization", bearer)
        .send()
        .await
        .expect("apps listed");
    let v: serde_json::Value = resp.json().await.expect("JSON");
    v["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| {
            (
                a["id"].as_str().unwrap_or_default().to_string(),
                a["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
#[ignore = "needs a real Phase backend (PHASE_TEST_HOST); scripts/test.sh runs it with --include-ignored when one is set up"]
async fn the_sandbox_answers_like_the_real_server() {
    let Some(host) = env("PHASE_TEST_HOST") else {
        eprintln!("PHASE_TEST_HOST is not set: the comparison with the real server is skipped");
        return;
    };
    let need = |name: &str| env(name).unwrap_or_else(|| panic!("{name} is not set"));
    let names = real_app_names(&host, &need("PHASE_TEST_USER_BEARER")).await;
    let name_of = |id: String| names.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone());
    let real_names = [
        name_of(need("PHASE_TEST_APP_ID")).expect("SSE app listed"),
        name_of(need("PHASE_TEST_NOSSE_APP_ID")).expect("non-SSE app listed"),
        name_of(need("PHASE_TEST_NOSSE_APP_ID")).expect("non-SSE app listed"),
    ];
    let real = Target {
        host,
        names: real_names,
        app: need("PHASE_TEST_APP_ID"),
        // The user may use it but it has no SSE; the service account may not use it.
        no_sse_app: need("PHASE_TEST_NOSSE_APP_ID"),
        sa_no_access_app: need("PHASE_TEST_NOSSE_APP_ID"),
        user: need("PHASE_TEST_USER_BEARER"),
        sa: need("PHASE_TEST_SA_BEARER"),
        user_console: need("PHASE_TEST_TOKEN"),
        sa_console: need("PHASE_TEST_SA_TOKEN"),
        http: reqwest::Client::new(),
    };
    let sb = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let sandbox = Target {
        host: sb.base_url(),
        names: [
            "Phase Desk Demo".into(),
            "Legacy Vault".into(),
            "Ops Tools".into(),
        ],
        app: sb.demo_app_id(),
        no_sse_app: sb.e2ee_app_id(),
        sa_no_access_app: sb.ops_app_id(),
        user: sb.user_bearer(),
        sa: sb.service_account_bearer(),
        user_console: sb.user_token(),
        sa_console: sb.service_account_token(),
        http: reqwest::Client::new(),
    };
    let run = &uuid::Uuid::new_v4().simple().to_string()[..8];
    let seen_real = observe(&real, run).await;
    let seen_sandbox = observe(&sandbox, run).await;
    assert_eq!(seen_real.len(), seen_sandbox.len());
    let mut differ = 0;
    for ((step, r), (_, s)) in seen_real.iter().zip(&seen_sandbox) {
        let mark = if r == s { "same" } else { "DIFF" };
        if r != s {
            differ += 1;
        }
        eprintln!("{mark} | {step} | real: {r}");
        if r != s {
            eprintln!("     |   sandbox: {s}");
        }
    }
    eprintln!("{} steps, {differ} differ", seen_real.len());
    assert_eq!(differ, 0, "the sandbox differs from the real server");
}
