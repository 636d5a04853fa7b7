//! WebKitGTK's DMA-BUF renderer hands frames to the window through GPU buffers. On a
//! machine without a GPU render node (VMs, CI, remote X, Xvfb) it falls back to a path
//! that measured ~17 ms more per frame than the shared-memory renderer, on every frame
//! with a scrolling area (see docs/BENCHMARKS.md). There we pick the shared-memory one.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the app chose the shared-memory renderer itself (no GPU render node).
static CHOSE_SHARED_MEMORY: AtomicBool = AtomicBool::new(false);

/// Sets `WEBKIT_DISABLE_DMABUF_RENDERER=1` when Linux has no `/dev/dri/renderD*` node and
/// the person has not chosen either way. Call before any thread or window exists.
pub fn prefer_shared_memory_without_gpu() {
    #[cfg(target_os = "linux")]
    {
        const VAR: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";
        if std::env::var_os(VAR).is_none() && !has_render_node() {
            // Safe here: called first thing in main, before any other thread exists.
            std::env::set_var(VAR, "1");
            CHOSE_SHARED_MEMORY.store(true, Ordering::Relaxed);
        }
    }
}

/// Tells the page, before its scripts run, when it is painted on its own thread: with the
/// shared-memory renderer and no GPU, WebKitGTK composites nothing and scrolls an overflow
/// area only when the page paints, so a scroll and the rows it brings always land in one
/// frame. The table then renders no rows beyond the visible ones (measured: 27 -> 21 rows
/// per frame, about 1.5 ms less CPU per scroll step). Where scrolling may run ahead of the
/// page (a GPU, or a renderer the person chose), nothing is said and the table keeps its
/// margin of rows.
pub fn page_hints<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    let builder = tauri::plugin::Builder::new("renderer-hints");
    if CHOSE_SHARED_MEMORY.load(Ordering::Relaxed) {
        builder
            .js_init_script("window.__PHASE_DESK_SCROLLS_WITH_PAINT__ = true;")
            .build()
    } else {
        builder.build()
    }
}

#[cfg(target_os = "linux")]
fn has_render_node() -> bool {
    std::fs::read_dir("/dev/dri")
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

/// Which renderer WebKitGTK was asked for (for the log and diagnostics).
pub fn describe() -> &'static str {
    match std::env::var("WEBKIT_DISABLE_DMABUF_RENDERER").as_deref() {
        Ok("1") => "shared memory (DMA-BUF disabled)",
        _ => "WebKit's default",
    }
}
