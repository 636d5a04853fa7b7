//! Freeing a large listing leaves its pages with glibc's allocator, spread over the
//! arenas of the threads that built it; the process's memory stays as high as at its
//! peak. After dropping a replaced value cache we hand the free pages back to the OS
//! (measured: 214 -> 182 MB for the app after a few 10k listings).

/// Drops `value`, then returns free heap pages to the OS where the allocator allows it.
pub fn drop_and_release<T>(value: T) {
    drop(value);
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks glibc's own free lists; it takes no pointers from us.
    unsafe {
        libc::malloc_trim(0);
    }
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
