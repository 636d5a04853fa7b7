//! Requests of a scripted session through `desk_core::Desk` against a sandbox: browse 3
//! environments, create 20 secrets in one batch, edit 5, delete 10, toggle 3 overrides.
//! Counts what reached the sandbox (`request_count()`).
//!
//! `bench-session` writes `target/bench/session.json`.

// The app's allocator (src-tauri/main.rs), so the client is measured as it runs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bench::{write_fragment, SandboxHost};
use desk_core::view::{SaveOutcome, SecretChanges, SecretDraft, SecretKind};
use phase_sandbox::Seed;
use serde_json::json;

async fn session(host: &SandboxHost) -> serde_json::Value {
    let sb = &host.sandbox;
    let (_home, desk) = bench::desk_with_pat(&sb.base_url(), &sb.user_token()).await;
    let setup_requests = sb.request_count();
    sb.reset_request_count();
    let mut steps = Vec::new();
    let mut last = 0;
    let mut step = |name: &str, sb: &phase_sandbox::Sandbox| {
        let now = sb.request_count();
        steps.push(json!({ "step": name, "requests": now - last }));
        last = now;
    };

    // Browse: the app's list, its environments, then three environments' secrets.
    let apps = desk.list_apps().await.expect("apps");
    let app = apps
        .iter()
        .find(|a| a.id == sb.demo_app_id())
        .expect("demo app");
    let envs = desk.list_environments(&app.id).await.expect("envs");
    assert!(envs.len() >= 3);
    for e in envs.iter().take(3) {
        desk.list_secrets(&app.id, &e.name, vec![], None)
            .await
            .expect("list");
    }
    step("browse 3 environments (apps + environments + 3 lists)", sb);

    let env = envs[0].name.clone();
    let drafts: Vec<SecretDraft> = (0..20)
        .map(|i| SecretDraft {
            key: format!("BENCH_SESSION_{i:02}"),
            value: format!("value-{i}"),
            comment: String::new(),
            tags: vec![],
            path: "/".into(),
            kind: SecretKind::Secret,
            override_value: (i < 3).then(|| format!("mine-{i}")),
            override_active: true,
        })
        .collect();
    let created = desk
        .create_secrets(&app.id, &env, drafts)
        .await
        .expect("create");
    assert_eq!(created.len(), 20);
    step("create 20 secrets in one batch", sb);

    for row in &created[3..8] {
        let outcome = desk
            .update_secret(
                &app.id,
                &env,
                &row.id,
                row.version,
                SecretChanges {
                    value: Some(format!("{}-edited", row.key)),
                    ..SecretChanges::default()
                },
                false,
            )
            .await
            .expect("update");
        assert!(matches!(outcome, SaveOutcome::Saved { .. }));
    }
    step("edit 5 secrets (one at a time)", sb);

    let doomed: Vec<String> = created[10..20].iter().map(|r| r.id.clone()).collect();
    desk.delete_secrets(&app.id, &env, doomed)
        .await
        .expect("delete");
    step("delete 10 secrets (one selection)", sb);

    for row in &created[0..3] {
        let saved = desk
            .set_override(&app.id, &env, &row.id, None, false)
            .await
            .expect("toggle");
        assert!(saved.has_override && !saved.override_active);
    }
    step("toggle 3 overrides", sb);

    let total = sb.request_count();
    eprintln!("[bench] session: {total} requests ({setup_requests} more to add the account)");
    json!({
        "session_requests": total,
        "account_setup_requests": setup_requests,
        "steps": steps,
        // One request per action: apps, environments, 3 lists, 1 create, 5 PUTs, 1 delete, 3 PUTs.
        "floor_one_per_action": 15,
        // The design adds a fresh GET of the secret before each edit (conflict detection).
        "design_with_conflict_checks": 20,
    })
}

fn main() {
    let runtime = bench::runtime("bench");
    let host = SandboxHost::start(Seed::Demo);
    let v = runtime.block_on(session(&host));
    drop(host);
    write_fragment("session", &v);
}
