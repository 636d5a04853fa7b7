//! Freeing a large listing leaves its pages with the allocator, spread over the threads
//! that built it, and the process's memory stays as high as at its peak. After dropping
//! a replaced listing we ask the allocators to hand their free pages back to the OS.
//! The global allocator is the binary's choice, so the binary says how (see
//! [`set_allocator_release`]); glibc's malloc, which the system libraries use, is
//! trimmed in any case.

use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

static ALLOCATOR_RELEASE: OnceLock<fn()> = OnceLock::new();

/// Sets how the process's global allocator returns its free pages to the OS. The first
/// call wins.
pub fn set_allocator_release(release: fn()) {
    let _ = ALLOCATOR_RELEASE.set(release);
}

/// Returns free heap pages to the OS where the allocators allow it.
pub fn release_free_pages() {
    if let Some(release) = ALLOCATOR_RELEASE.get() {
        release();
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists; it takes no pointers from us.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How long after the last listing the free pages are handed back: a listing's buffers
/// (the body, its decoded parts, the answer sent to the window) are freed over the
/// following moments, and releasing is not worth doing between quick listings.
const QUIET_FOR: Duration = Duration::from_secs(1);

static RELEASE_AT: Mutex<Option<Instant>> = Mutex::new(None);

/// Returns free heap pages to the OS once no call has come for [`QUIET_FOR`], on a
/// thread of its own (one at a time).
pub fn release_when_quiet() {
    let mut at = RELEASE_AT.lock().unwrap_or_else(|e| e.into_inner());
    let waiting = at.is_some();
    *at = Some(Instant::now() + QUIET_FOR);
    if waiting {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("desk-release".into())
        .spawn(|| loop {
            let mut at = RELEASE_AT.lock().unwrap_or_else(|e| e.into_inner());
            let Some(due) = *at else { return };
            let now = Instant::now();
            if now < due {
                drop(at);
                std::thread::sleep(due - now);
                continue;
            }
            *at = None;
            drop(at);
            release_free_pages();
            return;
        });
    if spawned.is_err() {
        *at = None;
    }
}

/// Drops `value`, then returns free heap pages to the OS.
pub fn drop_and_release<T>(value: T) {
    drop(value);
    release_free_pages();
}

/// Keeps this process, and the WebKit processes it starts (the setting is inherited), on
/// ordinary 4 KiB pages. With transparent huge pages the allocator's arenas are backed by
/// 2 MiB pages, so a few live objects keep a whole 2 MiB resident: measured 232 -> 206 MB
/// for the app's own process with 10,000 secrets loaded (docs/BENCHMARKS.md). Call first
/// thing in `main`.
pub fn avoid_huge_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process; no pointers are passed.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
