//! Every `Desk` operation the UI uses, checked against the real Phase server when
//! `PHASE_TEST_*` are set (scripts/test.sh sets them from ../shared/real-phase), else
//! against the sandbox: the same scenarios on both. Results are confirmed with direct
//! HTTP calls outside the desk. Keys carry a per-test prefix and are deleted at the end.

mod accounts;
mod across;
#[path = "../common.rs"]
mod common;
mod e2ee;
mod edits;
mod target;

use std::future::Future;
use std::sync::Arc;

pub use target::{Target, ENV, ENVS};

/// Runs one scenario and deletes what it created, also when it panics.
pub async fn scenario<F, Fut>(body: F)
where
    F: FnOnce(Arc<Target>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let target = Arc::new(Target::new().await);
    let outcome = tokio::spawn(body(target.clone())).await;
    target.cleanup().await;
    if let Err(e) = outcome {
        if e.is_panic() {
            std::panic::resume_unwind(e.into_panic());
        }
        panic!("scenario failed: {e}");
    }
}
