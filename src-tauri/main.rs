// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// Decoding a listing allocates a dozen strings per secret; mimalloc does that about
// twice as fast as glibc's malloc here (docs/BENCHMARKS.md, listing).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    desk_core::memory::avoid_huge_pages();
    let force_sandbox = std::env::args().skip(1).any(|a| a == "--sandbox");
    phase_desk_lib::run(force_sandbox);
}
