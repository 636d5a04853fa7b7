//! Decoding a saved secrets list, whole and streamed, for profiling (`perf record`):
//! `cargo run --release -p phase-api --example decode_profile -- BODY.json [RUNS]`.
//! Save a body with curl from `cargo run --release -p phase-sandbox -- --seed 10000`.

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: decode_profile BODY.json [RUNS]");
    let body = std::fs::read(path).expect("the body file");
    let runs: usize = args.next().map(|s| s.parse().expect("RUNS")).unwrap_or(30);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .build()
        .expect("runtime");
    let per_run = |t: std::time::Instant| t.elapsed().as_secs_f64() * 1000.0 / runs as f64;
    for round in 1..=3 {
        let t = std::time::Instant::now();
        for _ in 0..runs {
            std::hint::black_box(phase_api::decode_secrets(&body).expect("decode"));
        }
        let whole = per_run(t);
        let t = std::time::Instant::now();
        for _ in 0..runs {
            std::hint::black_box(rt.block_on(async {
                let mut stream = phase_api::SecretListStream::new(Some(body.len()));
                for chunk in body.chunks(64 * 1024) {
                    stream.push(chunk);
                }
                stream.finish().await.expect("stream decode")
            }));
        }
        eprintln!(
            "round {round}: whole {whole:.2} ms, streamed {:.2} ms",
            per_run(t)
        );
    }
}
