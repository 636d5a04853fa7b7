//! Listing an end-to-end-encrypted environment (GET + decryption of every key, value and
//! comment) against listing an SSE environment of the same size through the REST API,
//! both on a local sandbox. For `docs/BENCHMARKS.md`:
//!
//! ```sh
//! cargo run --release -p phase-e2ee --example e2ee_bench            # 1,000 and 10,000
//! cargo run --release -p phase-e2ee --example e2ee_bench -- 2000    # other sizes
//! ```
//!
//! The E2EE secrets are written through `E2eeClient` (batches of 500) into Legacy Vault;
//! the SSE ones are the sandbox's generated "Bench" app. Each figure is the median of 5
//! listings with the keyring already open; the first listing (which also fetches and
//! opens the keyring) is printed too.

use std::time::{Duration, Instant};

use phase_api::{
    ClientOptions, EnvSelector, Host, NewSecret, PhaseClient, SecretFilter, Token, TokenKind,
};
use phase_e2ee::E2eeClient;
use phase_sandbox::{Sandbox, SandboxConfig, Seed};

const RUNS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let sizes: Vec<usize> = {
        let args: Vec<usize> = std::env::args()
            .skip(1)
            .filter_map(|a| a.parse().ok())
            .collect();
        if args.is_empty() {
            vec![1_000, 10_000]
        } else {
            args
        }
    };
    let biggest = *sizes.iter().max().unwrap();
    let sandbox = Sandbox::start(SandboxConfig {
        seed: Seed::Generated { count: biggest },
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts");
    let host = Host::custom(&sandbox.base_url()).unwrap();
    let token = Token::parse(&sandbox.user_token(), TokenKind::User).unwrap();
    let rest = PhaseClient::new(host.clone(), token.clone(), ClientOptions::default()).unwrap();
    let e2ee = E2eeClient::new(host, token, ClientOptions::default()).unwrap();
    let vault = sandbox.e2ee_app_id();
    let bench = sandbox.bench_app_id().expect("bench app");
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "E2EE vs SSE listing on a local sandbox ({threads} threads, release={})",
        !cfg!(debug_assertions)
    );
    println!("| secrets | E2EE list (GET + decrypt) | first E2EE list (+ keyring) | SSE REST list | E2EE writes (batches of 500) |");
    println!("|---:|---:|---:|---:|---:|");
    for (i, &n) in sizes.iter().enumerate() {
        // One E2EE environment per size: development, staging, production.
        let env_name = ["development", "staging", "production"][i % 3];
        let env = EnvSelector::new(&vault, env_name);
        let start = Instant::now();
        for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
            let batch: Vec<NewSecret> = chunk
                .iter()
                .map(|j| {
                    let mut s =
                        NewSecret::new(format!("BENCH_{j:05}"), format!("value-{j:05}-${{OTHER}}"));
                    s.path = Some(format!("/f{}", j % 50));
                    s.comment = (j % 4 == 0).then(|| format!("Generated secret #{j}"));
                    s
                })
                .collect();
            e2ee.create_secrets(&env, &batch).await.expect("create");
        }
        let writes = start.elapsed();
        e2ee.lock();
        let t = Instant::now();
        let first = e2ee
            .list_secrets(&env, &SecretFilter::default())
            .await
            .unwrap();
        let first_time = t.elapsed();
        assert!(first.len() >= n);
        let mut e2ee_times = Vec::new();
        for _ in 0..RUNS {
            let t = Instant::now();
            let listed = e2ee
                .list_secrets(&env, &SecretFilter::default())
                .await
                .unwrap();
            e2ee_times.push(t.elapsed());
            assert!(listed.len() >= n);
        }
        // The SSE app of the same size: Bench development has `biggest`, staging a tenth.
        let sse_env = if n == biggest {
            "development"
        } else {
            "staging"
        };
        let sse = EnvSelector::new(&bench, sse_env);
        let mut sse_times = Vec::new();
        let mut sse_count = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            sse_count = rest
                .list_secrets(&sse, &SecretFilter::default())
                .await
                .unwrap()
                .len();
            sse_times.push(t.elapsed());
        }
        println!(
            "| {n} | {} | {} | {} ({sse_count} secrets) | {} |",
            ms(median(e2ee_times)),
            ms(first_time),
            ms(median(sse_times)),
            ms(writes)
        );
    }
    sandbox.shutdown().await;
}
