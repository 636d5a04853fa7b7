//! `phase-sandbox [--port N] [--data FILE] [--seed demo|empty|N] [--rate-limit PER_MIN]`
//!
//! Starts a local Phase-compatible server, prints its URL, app ids and (throwaway) tokens,
//! and runs until Ctrl+C.

use std::path::PathBuf;
use std::process::ExitCode;

use phase_sandbox::{Sandbox, SandboxConfig, Seed};

const USAGE: &str =
    "usage: phase-sandbox [--port N] [--data FILE] [--seed demo|empty|N] [--rate-limit PER_MIN]";

fn parse_args(args: impl Iterator<Item = String>) -> Result<SandboxConfig, String> {
    let mut config = SandboxConfig::default();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => {
                config.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port wants a number from 0 to 65535".to_string())?
            }
            "--data" => config.data_file = Some(PathBuf::from(value("--data")?)),
            "--seed" => {
                config.seed = match value("--seed")?.as_str() {
                    "demo" => Seed::Demo,
                    "empty" => Seed::Empty,
                    n => Seed::Generated {
                        count: n
                            .parse()
                            .map_err(|_| "--seed wants demo, empty or a number".to_string())?,
                    },
                }
            }
            "--rate-limit" => {
                let n: u32 = value("--rate-limit")?
                    .parse()
                    .map_err(|_| "--rate-limit wants a number".to_string())?;
                config.rate_limit_per_minute = (n > 0).then_some(n);
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("{msg}");
            }
            eprintln!("{USAGE}");
            return if msg.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    let sandbox = match Sandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("could not start the sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", sandbox.tokens_summary());
    println!("Press Ctrl+C to stop.");
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
