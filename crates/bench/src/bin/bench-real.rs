//! Listing against the real Phase backend (issue 14): 5,000 secrets in the Development
//! environment of an app of its own (`phase-desk-bench-5k`), fetched with
//! `curl -s -o /dev/null` (the floor), raw bytes through reqwest, `PhaseClient::list_secrets`
//! and `Desk::list_secrets`, 4 runs each after one warm-up, their order rotated per run. Release profile.
//!
//! Reads `PHASE_TEST_HOST` and `PHASE_TEST_TOKEN` (or `PHASE_TEST_USER_BEARER`), as
//! `. ~/.cache/phase-desk/real-phase/env` sets them. Without them (or when the host is not
//! reachable) it writes `{"skipped": "<why>"}` and exits 0. Each run creates and seeds the
//! app (the server encrypts every secret) and deletes it at the end, also when a step
//! panicked: the test suites open their account's first app, and a 5,000-secret app left
//! there kept one of the server's two workers busy ~20–30 s per opening, so the real-server
//! journeys timed out. Never touches `PHASE_TEST_APP_ID`, which the test suites own.
//!
//! `bench-real` writes `target/bench/real.json`. `PHASE_BENCH_BATCH` sets the number of
//! secrets per create request while seeding (default 250).

// The app's allocator (src-tauri/main.rs), so the client is measured as it runs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use bench::{median, ms, round, summary, write_fragment};
use phase_api::{
    ClientOptions, EnvSelector, Host, NewSecret, PhaseClient, RawRequest, SecretFilter, Token,
    TokenKind,
};
use serde_json::{json, Value};

/// The bench's own app (never the test suites' `PHASE_TEST_APP_ID`).
const APP_NAME: &str = "phase-desk-bench-5k";
const ENV_NAME: &str = "Development";
const SIZE: usize = 5_000;
/// Each listing of 5,000 takes the real server 10–25 s here: 4 runs of 4 listings (after a
/// warm-up) keep the step near 5 minutes. As many runs as listings per run, so that each
/// listing takes every place in a run once.
const RUNS: usize = LISTINGS;
/// curl, reqwest, PhaseClient, Desk.
const LISTINGS: usize = 4;
/// Secrets per create request: the server takes ~8–11 ms per secret whatever the batch
/// (250, 500 and 1,000 tried), so the smaller batch, with shorter requests.
const DEFAULT_BATCH: usize = 250;

/// 20 folders: 5 areas, each with itself and 3 sub-folders.
fn folders() -> Vec<String> {
    let mut out = Vec::new();
    for area in ["payments", "auth", "search", "mail", "infra"] {
        out.push(format!("/{area}"));
        for sub in ["api", "worker", "db"] {
            out.push(format!("/{area}/{sub}"));
        }
    }
    out
}

/// splitmix64: deterministic values, so every run asks for the same secrets.
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Secret `n` (1-based): `BENCH_0000n`, a 38-character value, one of 20 folders, a comment
/// on every 4th, the tag `bench` on every 10th and `bench-perf` as well on every 30th.
fn wanted(n: usize, folders: &[String]) -> NewSecret {
    let h = mix(n as u64);
    let mut tags = Vec::new();
    if n.is_multiple_of(10) {
        tags.push("bench".to_string());
    }
    if n.is_multiple_of(30) {
        tags.push("bench-perf".to_string());
    }
    NewSecret {
        key: format!("BENCH_{n:05}"),
        value: format!("bench-{:016x}{:016x}", h, mix(h)).into(),
        comment: n
            .is_multiple_of(4)
            .then(|| format!("Generated bench secret #{n}")),
        tags,
        path: Some(folders[n % folders.len()].clone()),
        ..NewSecret::default()
    }
}

fn skip(why: String) -> ! {
    eprintln!("[bench] real backend: skipped ({why})");
    write_fragment("real", &json!({ "skipped": why }));
    std::process::exit(0);
}

/// Finds the bench app (an SSE one named [`APP_NAME`]) or creates it with a raw
/// `POST /v1/apps/`, which gives it Development, Staging and Production.
async fn find_or_create_app(client: &PhaseClient) -> (String, bool) {
    let apps = client.list_apps().await.expect("GET /v1/apps/");
    if let Some(app) = apps.iter().find(|a| a.name == APP_NAME && a.sse_enabled) {
        return (app.id.clone(), false);
    }
    let body = serde_json::to_vec(&json!({
        "name": APP_NAME,
        "description": "Phase Desk bench-real: 5,000 generated secrets in Development",
    }))
    .expect("json");
    let answer = client
        .send_raw(&RawRequest {
            method: reqwest::Method::POST,
            url: format!("{}/v1/apps/", client.host().base_url()),
            headers: Vec::new(),
            body: Some(body),
        })
        .await
        .expect("POST /v1/apps/");
    let app: Value = serde_json::from_slice(&answer).expect("the created app");
    let id = app["id"]
        .as_str()
        .expect("the created app's id")
        .to_string();
    (id, true)
}

/// Makes the environment hold exactly the [`SIZE`] wanted secrets: deletes anything else
/// (other keys, a second copy of a key), creates what is missing in batches of `batch`.
/// Returns (created, deleted).
async fn seed(client: &PhaseClient, env: &EnvSelector, batch: usize) -> (usize, usize) {
    let folders = folders();
    let listed = client
        .list_secrets(env, &SecretFilter::default())
        .await
        .expect("list the bench environment");
    let want: HashSet<String> = (1..=SIZE).map(|n| format!("BENCH_{n:05}")).collect();
    let mut present: HashMap<String, String> = HashMap::new();
    let mut extra = Vec::new();
    for s in &listed {
        if want.contains(&s.key) && !present.contains_key(&s.key) {
            present.insert(s.key.clone(), s.id.clone());
        } else {
            extra.push(s.id.clone());
        }
    }
    if !extra.is_empty() {
        eprintln!(
            "[bench] real backend: deleting {} unexpected secrets",
            extra.len()
        );
        for ids in extra.chunks(500) {
            client
                .delete_secrets(env, ids)
                .await
                .expect("delete unexpected secrets");
        }
    }
    let missing: Vec<NewSecret> = (1..=SIZE)
        .filter(|n| !present.contains_key(&format!("BENCH_{n:05}")))
        .map(|n| wanted(n, &folders))
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "[bench] real backend: creating {} secrets in batches of {batch}",
            missing.len()
        );
    }
    let mut done = 0;
    for chunk in missing.chunks(batch) {
        let s = Instant::now();
        client
            .create_secrets(env, chunk)
            .await
            .unwrap_or_else(|e| panic!("create a batch of {}: {e}", chunk.len()));
        done += chunk.len();
        eprintln!(
            "[bench] real backend:   {done}/{} created ({} in {:.1} s)",
            missing.len(),
            chunk.len(),
            s.elapsed().as_secs_f64()
        );
    }
    (missing.len(), extra.len())
}

async fn run(base: &str, token: Token, auth_value: String) -> Value {
    let host = Host::custom(base).expect("host");
    // Seeding writes hundreds of secrets per request: give writes far more than 30 s.
    let seeder = PhaseClient::new(
        host.clone(),
        token.clone(),
        ClientOptions {
            timeout: Duration::from_secs(600),
            read_timeout: Duration::from_secs(600),
            ..ClientOptions::for_host(&host)
        },
    )
    .expect("client");
    // A backend that is not running counts as not set up; any other failure is a failure.
    match seeder.list_apps().await {
        Err(e) if matches!(e.code(), "network" | "timeout") => skip(format!(
            "the real backend at {base} did not answer GET /v1/apps/: {e}"
        )),
        Err(e) => panic!("GET /v1/apps/ on the real backend: {e}"),
        Ok(_) => {}
    }
    let batch: usize = std::env::var("PHASE_BENCH_BATCH")
        .ok()
        .and_then(|b| b.parse().ok())
        .filter(|b| *b > 0)
        .unwrap_or(DEFAULT_BATCH);

    // The bench app and its Development environment, seeded to 5,000 secrets.
    let seeding = Instant::now();
    let (app_id, app_created) = find_or_create_app(&seeder).await;
    // Measured in a task of its own, so that a panic there still deletes the app.
    let measured = tokio::spawn(measure(
        base.to_string(),
        token,
        auth_value,
        seeder.clone(),
        (app_id.clone(), app_created),
        (seeding, batch),
    ))
    .await;
    let deleting = Instant::now();
    delete_app(&seeder, &app_id).await;
    eprintln!(
        "[bench] real backend: app {app_id} deleted ({:.1} s)",
        deleting.elapsed().as_secs_f64()
    );
    match measured {
        Ok(out) => out,
        Err(e) => std::panic::resume_unwind(e.into_panic()),
    }
}

async fn delete_app(client: &PhaseClient, app_id: &str) {
    client
        .send_raw(&RawRequest {
            method: reqwest::Method::DELETE,
            url: format!("{}/v1/apps/{app_id}/", client.host().base_url()),
            headers: Vec::new(),
            body: None,
        })
        .await
        .unwrap_or_else(|e| panic!("DELETE /v1/apps/{app_id}/: {e}"));
}

/// Seeds the bench app (when needed) and measures the four ways of listing it.
async fn measure(
    base: String,
    token: Token,
    auth_value: String,
    seeder: PhaseClient,
    (app_id, app_created): (String, bool),
    (seeding, batch): (Instant, usize),
) -> Value {
    let host = Host::custom(&base).expect("host");
    let env_name = seeder
        .list_environments(&app_id)
        .await
        .expect("GET /v1/environments/")
        .into_iter()
        .map(|e| e.name)
        .find(|n| n.eq_ignore_ascii_case(ENV_NAME))
        .expect("the bench app has a Development environment");
    let env = EnvSelector::new(&app_id, &env_name);
    let (created, deleted) = seed(&seeder, &env, batch).await;
    let seeding_s = seeding.elapsed().as_secs_f64();
    eprintln!(
        "[bench] real backend: app {app_id} ({}), {created} created, {deleted} deleted, {seeding_s:.1} s",
        if app_created { "new" } else { "reused" }
    );

    // Exactly the URL and query PhaseClient sends (route + reqwest's query encoding).
    let url = reqwest::Url::parse_with_params(
        &format!("{}/v1/secrets/", host.base_url()),
        [("app_id", app_id.as_str()), ("env", env_name.as_str())],
    )
    .expect("url")
    .to_string();
    let curl_headers = format!("Authorization: {auth_value}\nAccept: application/json\n");

    let client = PhaseClient::new(host.clone(), token.clone(), ClientOptions::for_host(&host))
        .expect("client");
    let http = reqwest::Client::new();
    let (_home, desk) = bench::desk_with_pat(&base, token.expose()).await;
    let filter = SecretFilter::default();
    let raw_get = || async {
        let s = Instant::now();
        let response = http
            .get(&url)
            .header("Authorization", &auth_value)
            .header("Accept", "application/json")
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), 200, "reqwest GET");
        let first = ms(s.elapsed());
        let body = response.bytes().await.expect("body");
        (body, first, ms(s.elapsed()))
    };

    // Warm up every path once and check what comes back.
    eprintln!("[bench] real backend: warm-up, then {RUNS} runs of {LISTINGS} listings, their order rotated");
    let (body, _, _) = raw_get().await;
    let decoded = phase_api::decode_secrets(&body).expect("decode");
    assert_eq!(
        decoded.len(),
        SIZE,
        "the raw body should hold {SIZE} secrets"
    );
    drop(decoded);
    let listed = client.list_secrets(&env, &filter).await.expect("list");
    assert_eq!(listed.len(), SIZE);
    drop(listed);
    let rows = desk
        .list_secrets(&app_id, &env_name, vec![], None)
        .await
        .expect("desk list");
    assert_eq!(rows.rows.len(), SIZE);
    drop(rows);
    bench::curl_timed(&url, &curl_headers);

    let (mut curl_t, mut curl_wall, mut curl_first) = (vec![], vec![], vec![]);
    let (mut raw, mut raw_first, mut api, mut dsk) = (vec![], vec![], vec![], vec![]);
    let mut decode = vec![];
    for run in 1..=RUNS {
        // Each listing takes each place in the round in turn (a Latin square over the
        // runs): a server that slows down within a round must not count against one of them.
        for place in 0..LISTINGS {
            match (place + run) % LISTINGS {
                0 => {
                    let (t, w, f) = bench::curl_timed(&url, &curl_headers);
                    curl_t.push(t);
                    curl_wall.push(w);
                    curl_first.push(f);
                }
                1 => {
                    let (b, first, total) = raw_get().await;
                    assert_eq!(b.len(), body.len(), "the body changed size between runs");
                    raw.push(total);
                    raw_first.push(first);
                }
                2 => {
                    let s = Instant::now();
                    let l = client.list_secrets(&env, &filter).await.expect("list");
                    api.push(ms(s.elapsed()));
                    assert_eq!(l.len(), SIZE);
                }
                _ => {
                    let s = Instant::now();
                    let l = desk
                        .list_secrets(&app_id, &env_name, vec![], None)
                        .await
                        .expect("desk list");
                    dsk.push(ms(s.elapsed()));
                    assert_eq!(l.rows.len(), SIZE);
                }
            }
        }

        // Decoding alone (no network): the client's own share of the time.
        let s = Instant::now();
        let d = phase_api::decode_secrets(&body).expect("decode");
        decode.push(ms(s.elapsed()));
        assert_eq!(d.len(), SIZE);
        drop(d);
        eprintln!(
            "[bench] real backend:   run {run}: curl {:.0} ms, reqwest {:.0} ms, PhaseClient {:.0} ms, Desk {:.0} ms",
            curl_t[run - 1],
            raw[run - 1],
            api[run - 1],
            dsk[run - 1]
        );
    }
    drop(desk);

    let floor = median(&curl_t);
    eprintln!(
        "[bench] real backend {SIZE}: curl {:.1} ms (first byte {:.1}), reqwest {:.1} ms (headers at {:.1}), PhaseClient {:.1} ms, Desk {:.1} ms; Desk/curl {:.3}, PhaseClient/curl {:.3}; decode alone {:.1} ms; body {} bytes; seeding {seeding_s:.1} s",
        floor,
        median(&curl_first),
        median(&raw),
        median(&raw_first),
        median(&api),
        median(&dsk),
        median(&dsk) / floor,
        median(&api) / floor,
        median(&decode),
        body.len()
    );
    json!({
        "host": host.base_url(),
        "app_name": APP_NAME,
        "env": env_name,
        "size": SIZE,
        "runs": RUNS,
        "body_bytes": body.len(),
        "seeding": {
            // Creating the app and its 5,000 secrets (it is deleted after each run).
            "seconds": round(seeding_s, 1),
            "wrote_nothing": created == 0 && deleted == 0,
            "app_created": app_created,
            "secrets_created": created,
            "secrets_deleted": deleted,
            "batch_size": batch,
        },
        "curl_time_total_ms": summary(&curl_t),
        "curl_wall_with_spawn_ms": summary(&curl_wall),
        "curl_first_byte_ms": summary(&curl_first),
        "reqwest_bytes_ms": summary(&raw),
        "reqwest_first_byte_ms": summary(&raw_first),
        "phase_client_list_ms": summary(&api),
        "decode_only_ms": summary(&decode),
        "desk_list_ms": summary(&dsk),
        "ratio_phase_client_vs_curl": round(median(&api) / floor, 3),
        "ratio_desk_vs_curl": round(median(&dsk) / floor, 3),
        "ratio_reqwest_vs_curl": round(median(&raw) / floor, 3),
        "note": "The server answers only once it has decrypted every secret (first byte ≈ total), so the ratios mostly show how much its time varies between runs; decode_only_ms is the client's own work.",
    })
}

fn main() {
    // bench.sh passes why there is no real backend when it found none.
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--skip") {
        skip(
            args.get(i + 1)
                .cloned()
                .unwrap_or_else(|| "no real Phase backend".into()),
        );
    }
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let Some(base) = var("PHASE_TEST_HOST") else {
        skip("PHASE_TEST_HOST is not set: no real Phase backend (scripts in /work/shared/real-phase set one up; source its env file)".into());
    };
    let token_text = var("PHASE_TEST_TOKEN").or_else(|| var("PHASE_TEST_USER_BEARER"));
    let Some(token_text) = token_text else {
        skip("PHASE_TEST_TOKEN and PHASE_TEST_USER_BEARER are not set: no token for the real Phase backend".into());
    };
    let token = Token::parse(&token_text, TokenKind::User).expect("PHASE_TEST_TOKEN");
    let auth_value = var("PHASE_TEST_USER_BEARER").unwrap_or_else(|| token.authorization_header());
    let runtime = bench::runtime("bench");
    let out = runtime.block_on(run(&base, token, auth_value));
    write_fragment("real", &out);
}
