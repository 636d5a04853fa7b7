//! `commandk-sandbox [--port N] [--seed demo|empty] [--rate-limit PER_MIN] [--write-tokens-read]`
//!
//! Starts a local CommandK-compatible server, prints its URL, demo app, environments and
//! (throwaway) tokens, and runs until Ctrl+C.

use std::process::ExitCode;

use commandk_sandbox::{CommandkSandbox, CommandkSandboxConfig, Seed};

const USAGE: &str = "usage: commandk-sandbox [--port N] [--seed demo|empty] [--rate-limit PER_MIN] [--write-tokens-read]";

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<CommandkSandboxConfig, String> {
    let mut config = CommandkSandboxConfig::default();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--port" => {
                config.port = value("--port")?
                    .parse()
                    .map_err(|_| "--port wants a number from 0 to 65535".to_string())?
            }
            "--seed" => {
                config.seed = match value("--seed")?.as_str() {
                    "demo" => Seed::Demo,
                    "empty" => Seed::Empty,
                    _ => return Err("--seed wants demo or empty".into()),
                }
            }
            "--rate-limit" => {
                let n: u32 = value("--rate-limit")?
                    .parse()
                    .map_err(|_| "--rate-limit wants a number".to_string())?;
                config.rate_limit_per_minute = (n > 0).then_some(n);
            }
            "--write-tokens-read" => config.write_tokens_read = true,
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
        Err(msg) if msg.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("{msg}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match CommandkSandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("could not start the sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{}", sandbox.summary());
    println!("Press Ctrl+C to stop.");
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
