//! Sandbox only: rate limits, injected failures, and token situations a real account
//! cannot be put in on demand.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use commandk_api::{
    ClientOptions, RateLimitNotice, RateLimitSource, RetryPolicy, SecretString, TokenScope,
};
use commandk_sandbox::{CommandkSandboxConfig, Fault, SHARED_APP_NAME};
use common::Ctx;

async fn ctx() -> Ctx {
    Ctx::sandboxed(CommandkSandboxConfig::default()).await
}

fn recording(options: ClientOptions) -> (ClientOptions, Arc<Mutex<Vec<RateLimitNotice>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let options = options.with_rate_limit_callback(move |n| sink.lock().unwrap().push(n));
    (options, seen)
}

#[tokio::test]
async fn a_429_is_waited_out_and_sent_again() {
    let ctx = ctx().await;
    let sb = ctx.sandbox.as_ref().unwrap();
    let (options, seen) = recording(ClientOptions::default());
    let client = ctx.client_with(&sb.read_token(), options);
    sb.reset_request_count();
    sb.inject_fault(
        Fault::TooManyRequests {
            retry_after_secs: 1,
        },
        1,
    );
    let envs = client.list_environments().await.unwrap();
    assert_eq!(envs.len(), 3);
    assert_eq!(sb.request_count(), 2);
    let notices = seen.lock().unwrap().clone();
    assert_eq!(
        notices,
        vec![RateLimitNotice {
            wait: Duration::from_secs(1),
            attempt: 1,
            source: RateLimitSource::Server
        }]
    );
}

#[tokio::test]
async fn a_long_retry_after_is_returned_at_once() {
    let ctx = ctx().await;
    let sb = ctx.sandbox.as_ref().unwrap();
    sb.reset_request_count();
    sb.inject_fault(
        Fault::TooManyRequests {
            retry_after_secs: 120,
        },
        1,
    );
    let e = ctx
        .reader
        .as_ref()
        .unwrap()
        .list_environments()
        .await
        .unwrap_err();
    assert_eq!(e.code(), "rateLimited");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(120)));
    assert!(e.to_string().contains("120"), "{e}");
    assert_eq!(sb.request_count(), 1);
}

#[tokio::test]
async fn retries_stop_at_the_policy_limit() {
    let ctx = ctx().await;
    let sb = ctx.sandbox.as_ref().unwrap();
    let options = ClientOptions {
        retry: RetryPolicy {
            max_retries: 1,
            max_wait: Duration::from_secs(5),
        },
        ..ClientOptions::default()
    };
    let client = ctx.client_with(&sb.read_token(), options);
    sb.reset_request_count();
    sb.inject_fault(
        Fault::TooManyRequests {
            retry_after_secs: 0,
        },
        3,
    );
    let e = client.list_providers().await.unwrap_err();
    assert_eq!(e.code(), "rateLimited");
    assert_eq!(sb.request_count(), 2);
}

#[tokio::test]
async fn the_servers_rate_limit_is_reported_with_its_wait() {
    let ctx = Ctx::sandboxed(CommandkSandboxConfig {
        rate_limit_per_minute: Some(2),
        ..CommandkSandboxConfig::default()
    })
    .await;
    let sb = ctx.sandbox.as_ref().unwrap();
    let options = ClientOptions {
        retry: RetryPolicy::none(),
        ..ClientOptions::default()
    };
    // The reader already spent requests on setting up; the writer has the whole minute.
    let client = ctx.client_with(&sb.write_token(), options);
    client.list_providers().await.unwrap();
    client.list_providers().await.unwrap();
    let e = client.list_providers().await.unwrap_err();
    assert_eq!(e.code(), "rateLimited");
    let wait = e.retry_after().unwrap();
    assert!(
        wait > Duration::from_secs(50) && wait <= Duration::from_secs(60),
        "{wait:?}"
    );
}

#[tokio::test]
async fn a_failed_write_is_not_sent_again() {
    let ctx = ctx().await;
    let sb = ctx.sandbox.as_ref().unwrap();
    let writer = ctx.writer.as_ref().unwrap();
    let env = ctx.env().to_string();
    let stripe = sb.stored_value(&ctx.app.id, "STRIPE_SECRET_KEY", &env);
    let reader = ctx.reader.as_ref().unwrap();
    let id = reader
        .reveal(&ctx.app.id, &env, &["STRIPE_SECRET_KEY".into()])
        .await
        .unwrap()[0]
        .secret_id
        .clone();
    sb.reset_request_count();
    sb.inject_fault(Fault::ServerError, 1);
    let value = SecretString::from("sk_test_new");
    let e = writer
        .set_value(&ctx.app.id, &id, &env, &value)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "server");
    assert!(e.is_ambiguous_write_failure());
    assert_eq!(sb.request_count(), 1);
    assert_eq!(
        sb.stored_value(&ctx.app.id, "STRIPE_SECRET_KEY", &env),
        stripe
    );
}

#[tokio::test]
async fn the_budget_holds_requests_back_and_says_so() {
    let ctx = ctx().await;
    let sb = ctx.sandbox.as_ref().unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let options = ClientOptions {
        budget_per_minute: Some(1),
        ..ClientOptions::default()
    }
    .with_rate_limit_callback(move |n| {
        let _ = tx.send(n);
    });
    let client = ctx.client_with(&sb.read_token(), options);
    client.list_providers().await.unwrap();
    sb.reset_request_count();
    let held = tokio::spawn({
        let client = client.clone();
        async move { client.list_providers().await }
    });
    let notice = tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("a budget notice")
        .unwrap();
    assert_eq!(notice.source, RateLimitSource::Budget);
    assert_eq!(notice.attempt, 1);
    assert!(notice.wait > Duration::from_secs(55), "{notice:?}");
    held.abort();
    assert_eq!(sb.request_count(), 0, "the held request was not sent");
}

#[tokio::test]
async fn a_token_limited_to_one_environment() {
    let ctx = ctx().await;
    let sb = ctx.sandbox.as_ref().unwrap();
    let client = ctx.client_with(&sb.dev_only_read_token(), ClientOptions::default());
    let envs = client.list_environments().await.unwrap();
    assert_eq!(envs.len(), 1);
    assert_eq!(envs[0].slug, "development");
    let staging = sb.environment_id("staging").unwrap();
    let e = client
        .list_masked(&ctx.app.id, &staging, None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "forbidden");
    // Scope detection refuses an environment the token does not list, rather than
    // taking its 403 for a Write scope.
    let e = client
        .detect_scope(&ctx.app.id, &staging)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "notFound");
    let dev = sb.environment_id("development").unwrap();
    assert_eq!(
        client.detect_scope(&ctx.app.id, &dev).await.unwrap(),
        TokenScope::Read
    );
}

#[tokio::test]
async fn a_revoked_token_gets_401() {
    let ctx = ctx().await;
    let sb = ctx.sandbox.as_ref().unwrap();
    let reader = ctx.reader.as_ref().unwrap();
    sb.revoke_token(&sb.read_token());
    let e = reader
        .list_masked(&ctx.app.id, ctx.env(), None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "unauthorized");
}

#[tokio::test]
async fn a_name_two_apps_share_is_not_unique() {
    let ctx = ctx().await;
    let e = ctx
        .reader
        .as_ref()
        .unwrap()
        .find_app(SHARED_APP_NAME)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "appNameNotUnique");
    assert!(e.to_string().contains(SHARED_APP_NAME), "{e}");
}

#[tokio::test]
async fn scope_detection_when_write_tokens_may_read() {
    let ctx = Ctx::sandboxed(CommandkSandboxConfig {
        write_tokens_read: true,
        ..CommandkSandboxConfig::default()
    })
    .await;
    // A token that may read is reported as Read: detection only ever probes a read.
    let writer = ctx.writer.as_ref().unwrap();
    assert_eq!(
        writer.detect_scope(&ctx.app.id, ctx.env()).await.unwrap(),
        TokenScope::Read
    );
}
