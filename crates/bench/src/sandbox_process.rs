//! The sandbox as its own process (`target/release/phase-sandbox`), for the listing
//! figures: in the bench's own process it would share the allocator and the runtime's
//! threads with the client being measured, so a change to the client's allocator or
//! threads would move the floor (curl's time) too.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct SandboxProcess {
    child: Child,
    pub base_url: String,
    pub bench_app_id: String,
    /// The Dev PAT as the Console shows it (what a person pastes into Phase Desk).
    pub user_token: String,
    /// `Bearer User <hex>`: the `Authorization` value for curl.
    pub user_bearer: String,
}

impl SandboxProcess {
    /// Starts `phase-sandbox --seed <count>` from the bench binary's own folder and reads
    /// its URL, the Bench app's id and the Dev tokens from what it prints.
    pub fn start(count: usize) -> SandboxProcess {
        let exe = std::env::current_exe()
            .expect("current exe")
            .with_file_name("phase-sandbox");
        let mut child = Command::new(&exe)
            .args(["--seed", &count.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (build it: cargo build --release -p phase-sandbox)",
                    exe.display()
                )
            });
        let stdout = child.stdout.take().expect("stdout");
        let (mut base_url, mut bench_app_id, mut user_token, mut user_bearer) =
            (None, None, None, None);
        for line in BufReader::new(stdout).lines() {
            let line = line.expect("sandbox output");
            let line = line.trim();
            if let Some(url) = line.strip_prefix("Phase sandbox at ") {
                base_url = Some(url.to_string());
            } else if let Some(id) = line.strip_prefix("Bench app:") {
                bench_app_id = Some(id.trim().to_string());
            } else if let Some(rest) = line.strip_prefix("Dev (PAT)") {
                let rest = rest.trim();
                if rest.starts_with("Bearer ") {
                    user_bearer = Some(rest.to_string());
                } else {
                    user_token = Some(rest.to_string());
                }
            } else if line.starts_with("Press Ctrl+C") {
                break;
            }
        }
        let missing = |what: &str| format!("phase-sandbox did not print {what}");
        SandboxProcess {
            child,
            base_url: base_url.unwrap_or_else(|| panic!("{}", missing("its URL"))),
            bench_app_id: bench_app_id.unwrap_or_else(|| panic!("{}", missing("the Bench app"))),
            user_token: user_token.unwrap_or_else(|| panic!("{}", missing("the Dev PAT"))),
            user_bearer: user_bearer.unwrap_or_else(|| panic!("{}", missing("the Dev header"))),
        }
    }
}

impl Drop for SandboxProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
