// Prevents an extra console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let force_sandbox = std::env::args().skip(1).any(|a| a == "--sandbox");
    phase_desk_lib::run(force_sandbox);
}
