//! `commandk-sandbox [--port N] [--seed demo|empty] [--rate-limit PER_MIN] [--write-tokens-read]`
//!
//! Starts a local CommandK-compatible server, prints its URL, demo app, environments and
//! (throwaway) tokens, and runs until Ctrl+C.

use std::process::ExitCode;

use commandk_sandbox::{CommandkSandbox, CommandkSandboxConfig, Seed};

const USAGE: &str = "usage: commandk-sandbox [--port N] [--seed demo|empty] [--rate-limit PER_MIN] [--write-tokens-read]";

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} wants a number, not {value:?}"))
}

/// The configuration the arguments ask for; `Err("")` for `--help`.
fn parse_args(args: &[String]) -> Result<CommandkSandboxConfig, String> {
    let mut config = CommandkSandboxConfig::default();
    let mut rest = args;
    while let [flag, tail @ ..] = rest {
        rest = tail;
        match flag.as_str() {
            "-h" | "--help" => return Err(String::new()),
            "--write-tokens-read" => {
                config.write_tokens_read = true;
                continue;
            }
            "--port" | "--seed" | "--rate-limit" => {}
            other => return Err(format!("unknown argument: {other}")),
        }
        let [value, tail @ ..] = rest else {
            return Err(format!("{flag} needs a value"));
        };
        rest = tail;
        match (flag.as_str(), value.as_str()) {
            ("--port", v) => config.port = number(flag, v)?,
            ("--rate-limit", v) => {
                config.rate_limit_per_minute = Some(number::<u32>(flag, v)?).filter(|n| *n > 0)
            }
            ("--seed", "demo") => config.seed = Seed::Demo,
            ("--seed", "empty") => config.seed = Seed::Empty,
            _ => return Err("--seed wants demo or empty".into()),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args) {
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
    let started = CommandkSandbox::start(config).await;
    let Ok(sandbox) = started.inspect_err(|e| eprintln!("could not start the sandbox: {e}")) else {
        return ExitCode::FAILURE;
    };
    println!("{}", sandbox.summary());
    println!("Press Ctrl+C to stop.");
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}
