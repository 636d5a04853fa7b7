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
