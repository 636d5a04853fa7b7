//! JavaScriptCore sizes its garbage-collected heap from the machine's RAM. On a desktop
//! with many gigabytes it lets the heap grow a lot between collections, so after a large
//! listing the web process kept tens of MB of garbage for a long while. Sized as for
//! 256 MB, it collects sooner: measured with 10,000 secrets loaded, the web process went
//! from 286 to 233 MB (512 MB: 265 MB; 128 MB: no better than 256), with the filter and
//! scroll figures unchanged (docs/BENCHMARKS.md). It only steers when the collector runs;
//! the heap can still grow past it.

/// Sets `JSC_forceRAMSize` for the web process (it inherits the environment) unless the
/// person has set it. Call first thing in `main`, before any other thread exists.
pub fn size_for_an_app_window() {
    const VAR: &str = "JSC_forceRAMSize";
    if std::env::var_os(VAR).is_none() {
        // Safe here: no other thread exists yet to read the environment concurrently.
        std::env::set_var(VAR, (256u64 << 20).to_string());
    }
}
