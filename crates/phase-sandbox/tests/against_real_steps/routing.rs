//! Routing, authentication and discovery steps.

use reqwest::Method;
use serde_json::json;

use super::{fields, Auth, Seen, Target};

pub async fn steps(t: &Target, seen: &mut Seen) {
    let hex = t.user.rsplit(' ').next().unwrap_or_default();
    // Routing and authentication.
    seen.note(
        "GET /v1/apps (no slash)",
        t.call(Method::GET, "/v1/apps", Auth::User, None)
            .await
            .brief(),
    );
    seen.note(
        "no Authorization",
        t.call(Method::GET, "/v1/apps/", Auth::None, None)
            .await
            .brief(),
    );
    let raws = [
        (
            "Bearer User <Console PAT>",
            format!("Bearer User {}", t.user_console),
        ),
        (
            "Bearer ServiceAccount <Console SA token>",
            format!("Bearer ServiceAccount {}", t.sa_console),
        ),
        ("Bearer <Console PAT>", format!("Bearer {}", t.user_console)),
        ("<Console PAT> alone", t.user_console.clone()),
        ("bearer User <hex>", format!("bearer User {hex}")),
        ("Bearer user <hex>", format!("Bearer user {hex}")),
        (
            "Bearer User <hex> extra",
            format!("Bearer User {hex} extra"),
        ),
        (
            "Bearer  User <hex> (two spaces)",
            format!("Bearer  User {hex}"),
        ),
        (
            "Bearer ServiceAccount <user hex>",
            format!("Bearer ServiceAccount {hex}"),
        ),
        (
            "Bearer User <64 zeros>",
            format!("Bearer User {}", "0".repeat(64)),
        ),
    ];
    for (step, h) in &raws {
        seen.note(
            step,
            t.call(Method::GET, "/v1/apps/", Auth::Raw(h), None)
                .await
                .brief(),
        );
    }
    let apps = t.call(Method::GET, "/v1/apps/", Auth::User, None).await;
    seen.note("apps: fields", fields(&apps.body["data"][0]));
    let envs = format!("/v1/environments/?app_id={}", t.app);
    let e = t.call(Method::GET, &envs, Auth::User, None).await;
    seen.note("environments: fields", fields(&e.body["data"][0]));
    seen.note(
        "PATCH secrets",
        t.call(Method::PATCH, &t.secrets(""), Auth::User, Some(json!({})))
            .await
            .brief(),
    );
    seen.note(
        "PATCH apps",
        t.call(Method::PATCH, "/v1/apps/", Auth::User, Some(json!({})))
            .await
            .brief(),
    );
    seen.note(
        "PATCH environments",
        t.call(Method::PATCH, &envs, Auth::User, Some(json!({})))
            .await
            .brief(),
    );
    let no_sse_envs = format!("/v1/environments/?app_id={}", t.no_sse_app);
    let sa_envs = format!("/v1/environments/?app_id={}", t.sa_no_access_app);
    let sa_secrets = format!("/v1/secrets/?app_id={}&env=staging", t.sa_no_access_app);
    let gets = [
        (
            "environments: no app_id",
            "/v1/environments/".to_string(),
            Auth::User,
        ),
        (
            "environments: unknown app",
            "/v1/environments/?app_id=nope".into(),
            Auth::User,
        ),
        ("environments: no SSE", no_sse_envs, Auth::User),
        ("environments: SA without access", sa_envs, Auth::Sa),
        ("secrets: no app_id/env", "/v1/secrets/".into(), Auth::User),
        (
            "secrets: app_id only",
            format!("/v1/secrets/?app_id={}", t.app),
            Auth::User,
        ),
        (
            "secrets: app_id only (SA)",
            format!("/v1/secrets/?app_id={}", t.app),
            Auth::Sa,
        ),
        (
            "secrets: unknown app",
            "/v1/secrets/?app_id=nope&env=staging".into(),
            Auth::User,
        ),
        (
            "secrets: no SSE",
            format!("/v1/secrets/?app_id={}&env=staging", t.no_sse_app),
            Auth::User,
        ),
        ("secrets: SA without access", sa_secrets, Auth::Sa),
    ];
    for (step, path, who) in gets {
        seen.note(step, t.call(Method::GET, &path, who, None).await.brief());
    }
    let qa = t
        .call(
            Method::GET,
            &format!("/v1/secrets/?app_id={}&env=qa", t.app),
            Auth::User,
            None,
        )
        .await;
    seen.note("secrets: unknown env", qa.brief().replace(&t.app, "<app>"));
}
