//! A 429 from a rate-limited server: reported with its `Retry-After`, not retried past the
//! client's wait limit, and writes refused without being applied.
//!
//! Against the sandbox the limit is set in-process. Against a real server
//! (`PHASE_TEST_HOST`) the suite sets the server's own limit with the real-phase
//! `ratelimit.sh` (`PHASE_TEST_RATELIMIT_SCRIPT`, with `PHASE_TEST_REAL_STATE` as its state
//! directory when not the default) and switches it off again, also on failure. Without the
//! script it fails rather than pass without testing anything.

mod common;

use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{conformance, Ctx};
use phase_api::{ClientOptions, NewSecret, PhaseError, RateLimitNotice, RetryPolicy, SecretFilter};

const LIMIT: u32 = 3;

/// Sets the target's rate limit for the life of the value.
struct Limit<'a> {
    ctx: &'a Ctx,
}

impl<'a> Limit<'a> {
    fn set(ctx: &'a Ctx, per_minute: u32) -> Limit<'a> {
        match &ctx.sandbox {
            Some(sb) => sb.set_rate_limit(Some(per_minute)),
            None => run_script(&format!("{per_minute}/min")),
        }
        Limit { ctx }
    }
}

impl Drop for Limit<'_> {
    fn drop(&mut self) {
        match &self.ctx.sandbox {
            Some(sb) => sb.set_rate_limit(None),
            None => run_script("off"),
        }
    }
}

fn run_script(arg: &str) {
    let script = std::env::var("PHASE_TEST_RATELIMIT_SCRIPT").unwrap_or_else(|_| {
        panic!(
            "PHASE_TEST_HOST is set: set PHASE_TEST_RATELIMIT_SCRIPT to real-phase/ratelimit.sh \
             so this suite can set the server's limit (scripts/test.sh does)"
        )
    });
    let mut cmd = Command::new("bash");
    cmd.arg(&script).arg(arg);
    if let Ok(state) = std::env::var("PHASE_TEST_REAL_STATE") {
        cmd.arg(state);
    }
    let out = cmd.output().expect("run ratelimit.sh");
    assert!(
        out.status.success(),
        "ratelimit.sh {arg} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn rate_limit_429_is_reported_with_retry_after() {
    conformance(|ctx| async move {
        let seen = Arc::new(Mutex::new(Vec::<RateLimitNotice>::new()));
        let sink = seen.clone();
        let options = ClientOptions {
            retry: RetryPolicy {
                max_retries: 2,
                max_wait: Duration::from_secs(1),
            },
            ..ClientOptions::default()
                .with_rate_limit_callback(move |n| sink.lock().unwrap().push(n))
        };
        let client = ctx.client_with(ctx.user.clone(), options);
        let limit = Limit::set(&ctx, LIMIT);
        for i in 0..LIMIT {
            client
                .list_apps()
                .await
                .unwrap_or_else(|e| panic!("request {} of {LIMIT}: {e}", i + 1));
        }
        let before = ctx.requests();
        let started = Instant::now();
        let err = client.list_apps().await.unwrap_err();
        assert!(matches!(err, PhaseError::RateLimited { .. }), "{err:?}");
        assert_eq!(err.code(), "rateLimited");
        assert!(err.to_string().contains("throttled"), "{err}");
        let wait = err.retry_after().expect("retry_after");
        assert!(
            wait > Duration::from_secs(1) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "no wait beyond max_wait"
        );
        assert!(seen.lock().unwrap().is_empty(), "no wait, no notice");
        if ctx.sandbox.is_some() {
            assert_eq!(ctx.requests(), before + 1, "not retried");
        }

        // Writes are refused the same way and nothing is written.
        let err = client
            .create_secrets(&ctx.env, &[NewSecret::new(ctx.key("RL"), "v")])
            .await
            .unwrap_err();
        assert_eq!(err.code(), "rateLimited");
        drop(limit);
        assert!(ctx.mine(&SecretFilter::default()).await.is_empty());
    })
    .await;
}
