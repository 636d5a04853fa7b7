//! The quiet-time release: calls that come close together give one release, after the
//! last of them, through the hook the binary set for its allocator.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use desk_core::memory::{release_when_quiet, set_allocator_release};

static RELEASES: AtomicUsize = AtomicUsize::new(0);

fn count_release() {
    RELEASES.fetch_add(1, Ordering::SeqCst);
}

#[test]
fn listings_close_together_release_once_after_the_last() {
    set_allocator_release(count_release);
    let mut last_call = Instant::now();
    for _ in 0..12 {
        release_when_quiet();
        last_call = Instant::now();
        std::thread::sleep(Duration::from_millis(100));
    }
    // 1.1 s or more since the first call, but calls kept coming.
    assert_eq!(
        RELEASES.load(Ordering::SeqCst),
        0,
        "released while calls kept coming"
    );
    wait_for_releases(1);
    assert!(last_call.elapsed() >= Duration::from_millis(1000));
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        RELEASES.load(Ordering::SeqCst),
        1,
        "one release per quiet spell"
    );

    // A later call starts a new wait and a new release.
    release_when_quiet();
    wait_for_releases(2);
}

fn wait_for_releases(n: usize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while RELEASES.load(Ordering::SeqCst) < n && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(RELEASES.load(Ordering::SeqCst), n);
}
