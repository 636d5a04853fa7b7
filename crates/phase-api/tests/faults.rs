//! Fault injection: what the client does when the connection resets, a request times out,
//! the server fails with a 5xx or a body is cut short. These need the sandbox's faults, so
//! this suite always runs against a local sandbox, also when `PHASE_TEST_HOST` is set
//! (`scripts/test.sh` reports it as not run against the real server).

mod common;

use std::time::Duration;

use common::sandboxed;
use phase_api::{ClientOptions, NewSecret, PhaseError, SecretFilter};
use phase_sandbox::Fault;

fn new_secret(key: &str, value: &str) -> NewSecret {
    NewSecret::new(key, value)
}

#[tokio::test]
async fn no_retry_of_a_write_after_connection_reset() {
    sandboxed(|ctx| async move {
        let sb = ctx.sandbox();
        let client = ctx.client();
        sb.inject_fault(Fault::ConnectionReset, 1);
        let before = sb.request_count();
        let err = client
            .create_secrets(&ctx.env, &[new_secret(&ctx.key("RESET"), "v")])
            .await
            .unwrap_err();
        assert_eq!(sb.request_count(), before + 1, "sent exactly once");
        assert!(err.is_ambiguous_write_failure(), "{err:?}");
        assert!(matches!(err, PhaseError::Network { .. }), "{err:?}");
        // It was applied: the caller must re-list, which shows it.
        assert_eq!(ctx.mine(&SecretFilter::default()).await.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn no_retry_of_a_write_after_timeout_or_5xx() {
    sandboxed(|ctx| async move {
        let sb = ctx.sandbox();
        let client = ctx.client_with(
            ctx.user.clone(),
            ClientOptions {
                timeout: Duration::from_millis(300),
                ..ClientOptions::default()
            },
        );
        sb.inject_fault(Fault::Delay(Duration::from_millis(1500)), 1);
        let before = sb.request_count();
        let err = client
            .create_secrets(&ctx.env, &[new_secret(&ctx.key("SLOW"), "v")])
            .await
            .unwrap_err();
        assert_eq!(err, PhaseError::Timeout);
        assert!(err.is_ambiguous_write_failure());
        assert_eq!(sb.request_count(), before + 1, "sent exactly once");

        sb.inject_fault(Fault::ServerError, 1);
        let before = sb.request_count();
        let err = client
            .delete_secrets(&ctx.env, &[uuid::Uuid::new_v4().to_string()])
            .await
            .unwrap_err();
        assert!(
            matches!(err, PhaseError::Server { status: 500, .. }),
            "{err:?}"
        );
        assert_eq!(err.code(), "server");
        assert!(err.is_ambiguous_write_failure());
        assert_eq!(sb.request_count(), before + 1, "sent exactly once");
        // Let the delayed create finish on the server before cleanup lists.
        tokio::time::sleep(Duration::from_millis(1500)).await;
    })
    .await;
}

#[tokio::test]
async fn truncated_body_is_a_network_or_decode_error() {
    sandboxed(|ctx| async move {
        let sb = ctx.sandbox();
        ctx.client()
            .create_secrets(&ctx.env, &[new_secret(&ctx.key("TRUNC"), "some value")])
            .await
            .expect("create");
        sb.inject_fault(Fault::TruncatedBody, 1);
        let before = sb.request_count();
        let err = ctx
            .client()
            .list_secrets(&ctx.env, &SecretFilter::default())
            .await
            .unwrap_err();
        assert!(
            matches!(err, PhaseError::Network { .. } | PhaseError::Decode { .. }),
            "{err:?}"
        );
        assert!(!err.to_string().contains("some value"));
        assert_eq!(sb.request_count(), before + 1);
    })
    .await;
}
