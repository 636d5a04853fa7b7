// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// Decoding a listing allocates a dozen strings per secret; mimalloc does that about
// twice as fast as glibc's malloc here (docs/BENCHMARKS.md, listing).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    desk_core::memory::avoid_huge_pages();
    desk_core::memory::set_allocator_release(release_mimalloc_pages);
    let force_sandbox = std::env::args().skip(1).any(|a| a == "--sandbox");
    phase_desk_lib::run(force_sandbox);
}

/// mimalloc purges the pages freed by a thread only when that thread allocates or frees
/// again, so a listing freed by a thread that then idles stayed resident. A forced collect
/// purges every arena's free pages, whichever thread freed them.
fn release_mimalloc_pages() {
    // SAFETY: mi_collect takes no pointers; it only walks mimalloc's own structures.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
