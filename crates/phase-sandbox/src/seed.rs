//! Initial data: empty, the demo organisation, or the demo plus a large generated app.

use crate::model::{
    console_token, key_digest, new_id, new_token, now, App, Db, Env, Override, Secret, TokenKind,
    TokenRec, User,
};

/// What data a fresh sandbox starts with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Seed {
    /// Users, tokens and the three apps with their environments, but no secrets.
    Empty,
    /// The demo organisation (see the crate docs).
    #[default]
    Demo,
    /// [`Seed::Demo`] plus an app "Bench": `count` secrets in "development" spread over
    /// 50 folders (up to 3 levels deep) and 20 tags, plus `count / 10` in "staging" and
    /// in "production".
    Generated {
        /// Number of secrets in Bench's development environment.
        count: usize,
    },
    /// [`Seed::Demo`] plus an app "Bench" with `count` secrets in each of its three
    /// environments, as environments of one app look side by side: staging lacks every
    /// 11th key and production every 13th; every 7th value differs between them.
    Across {
        /// Number of secrets in each environment (before the ones left out).
        count: usize,
    },
}

/// Builds the database for `seed`.
pub fn build(seed: &Seed) -> Db {
    let mut db = base();
    match seed {
        Seed::Empty => {}
        Seed::Demo => demo_secrets(&mut db),
        Seed::Generated { count } => {
            demo_secrets(&mut db);
            bench(&mut db, *count, false);
        }
        Seed::Across { count } => {
            demo_secrets(&mut db);
            bench(&mut db, *count, true);
        }
    }
    // Keys of the end-to-end-encrypted app, and its encrypted demo secrets.
    crate::e2ee::keys::ensure_tokens(&mut db);
    crate::e2ee::seed::seed(&mut db, *seed != Seed::Empty);
    db
}

fn token(kind: TokenKind, user_id: Option<&str>, app: Option<&str>, label: &str) -> TokenRec {
    let token = new_token();
    TokenRec {
        kind,
        console: console_token(kind, &token),
        token,
        user_id: user_id.map(str::to_string),
        app_scope: app.map(str::to_string),
        label: label.to_string(),
    }
}

/// A timestamp `days` ago, formatted like [`now`].
fn ago(days: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::days(days))
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// Adds an app made `age_days` ago (the real server lists apps newest first) with the
/// three environments the real server gives a new app.
fn add_app(db: &mut Db, name: &str, description: Option<&str>, sse: bool, age_days: i64) -> String {
    let ts = ago(age_days);
    let id = new_id();
    db.apps.push(App {
        id: id.clone(),
        name: name.into(),
        description: description.map(str::to_string),
        sse_enabled: sse,
        access: None,
        created_at: ts.clone(),
        updated_at: ts.clone(),
    });
    for (index, (env, env_type)) in [
        ("development", "dev"),
        ("staging", "staging"),
        ("production", "prod"),
    ]
    .into_iter()
    .enumerate()
    {
        db.envs.push(Env {
            id: new_id(),
            app_id: id.clone(),
            name: env.into(),
            env_type: env_type.into(),
            index: index as u32,
            created_at: ts.clone(),
            updated_at: ts.clone(),
        });
    }
    id
}

fn base() -> Db {
    let dev = User {
        id: new_id(),
        name: "Dev".into(),
    };
    let ops = User {
        id: new_id(),
        name: "Ops".into(),
    };
    let mut db = Db {
        org_name: "Acme Demo".into(),
        ..Db::default()
    };
    // Newest first in `GET /v1/apps/`: the demo app, (Bench,) Ops Tools, Legacy Vault.
    db.demo_app_id = add_app(
        &mut db,
        "Phase Desk Demo",
        Some("Demo app with server-side encryption"),
        true,
        1,
    );
    // Like an app made in the Console: end-to-end encrypted, no description.
    db.e2ee_app_id = add_app(&mut db, "Legacy Vault", None, false, 30);
    db.ops_app_id = add_app(
        &mut db,
        "Ops Tools",
        Some("Only Ops may use it: Dev gets 403, the service account 401"),
        true,
        20,
    );
    let sa_id = new_id();
    if let Some(app) = db.apps.iter_mut().find(|a| a.id == db.ops_app_id) {
        app.access = Some(vec![ops.id.clone()]);
    }
    let demo = db.demo_app_id.clone();
    db.tokens = vec![
        token(TokenKind::User, Some(&dev.id), None, "Dev"),
        token(TokenKind::User, Some(&ops.id), None, "Ops"),
        token(TokenKind::ServiceAccount, Some(&sa_id), None, "ci-deployer"),
        token(TokenKind::Service, None, Some(&demo), "legacy-service"),
    ];
    db.users = vec![dev, ops];
    db
}

/// The id of the environment `name` of `app_id`.
pub fn env_id(db: &Db, app_id: &str, name: &str) -> String {
    db.envs
        .iter()
        .find(|e| e.app_id == app_id && e.name == name)
        .map(|e| e.id.clone())
        .expect("seeded environment exists")
}

/// Adds one secret and returns its index in `db.secrets`.
#[allow(clippy::too_many_arguments)]
fn put(
    db: &mut Db,
    env_id: &str,
    path: &str,
    key: &str,
    value: &str,
    comment: &str,
    tags: &[&str],
    kind: &str,
) -> usize {
    let ts = now();
    let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
    db.ensure_folders(env_id, path);
    db.register_tags(&tags);
    db.secrets.push(Secret {
        id: new_id(),
        env_id: env_id.into(),
        key: key.into(),
        key_digest: key_digest(env_id, key),
        value: value.into(),
        comment: comment.into(),
        tags,
        kind: kind.into(),
        lifecycle: "static".into(),
        path: path.into(),
        version: 1,
        created_at: ts.clone(),
        updated_at: ts,
        overrides: Vec::new(),
    });
    db.secrets.len() - 1
}

fn add_override(db: &mut Db, idx: usize, user: &str, value: &str, active: bool) {
    let uid = db
        .users
        .iter()
        .find(|u| u.name == user)
        .map(|u| u.id.clone())
        .expect("seeded user exists");
    let ts = now();
    db.secrets[idx].overrides.push(Override {
        id: new_id(),
        user_id: uid,
        value: value.into(),
        is_active: active,
        created_at: ts.clone(),
        updated_at: ts,
    });
}

/// One demo secret: (path, key, comment, tags, type, dev value, staging value, prod value);
/// an empty staging/prod value means the key does not exist there.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const ROWS: &[Row] = &[
    ("/", "APP_NAME", "Display name of the app", &[], "config", "Phase Desk Demo", "", ""),
    ("/", "APP_URL", "Public base URL", &["frontend"], "config", "http://localhost:3000", "https://staging.acme-demo.dev", "https://app.acme-demo.dev"),
    ("/", "LOG_LEVEL", "debug | info | warn | error", &[], "config", "debug", "info", "warn"),
    ("/", "NODE_ENV", "", &[], "config", "development", "", ""),
    ("/", "DEBUG", "Debug mode for the backend app", &["backend"], "config", "True", "False", "False"),
    ("/", "SENTRY_DSN", "Error reporting", &["monitoring"], "secret", "https://4f1c9e2a7b3d4e8f9a0b1c2d3e4f5a6b@o450123.ingest.sentry.io/5512345", "", "https://9a8b7c6d5e4f40312a1b2c3d4e5f6a7b@o450123.ingest.sentry.io/5512346"),
    ("/", "SESSION_SECRET", "Signs session cookies", &["backend"], "secret", "d3v-5e55i0n-8f2a41c97be04d5e", "", ""),
    ("/backend", "API_PORT", "Port the API listens on", &["backend"], "config", "8000", "", ""),
    ("/backend", "JWT_SECRET", "HS256 signing key", &["backend"], "secret", "dev_jwt_3c9f1a7e5b2d48c6a0f9e1d7b3c5a8f2", "stg_jwt_8a1e5c9b3f7d42a6e0c8b4f1d9a3e7c5", "prd_jwt_f2b8d4a6c0e9417b3d5f8a2c6e1b9d4a"),
    ("/backend", "REDIS_URL", "Cache and queues", &["backend"], "secret", "redis://localhost:6379/0", "", ""),
    ("/backend", "AWS_ACCESS_KEY_ID", "IAM user backend-dev", &["aws", "backend"], "secret", "AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", ""),
    ("/backend", "AWS_SECRET_ACCESS_KEY", "IAM user backend-dev", &["aws", "backend"], "secret", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", ""),
    ("/backend", "AWS_REGION", "", &["aws"], "config", "eu-central-1", "", ""),
    ("/backend", "S3_BUCKET", "Uploads bucket", &["aws"], "secret", "acme-demo-uploads-dev", "", ""),
    ("/backend/db", "DB_HOST", "Primary Postgres host", &["db", "backend"], "secret", "db.dev.internal", "db.staging.internal", "db-primary.prod.internal"),
    ("/backend/db", "DB_PORT", "", &["db"], "config", "5432", "", ""),
    ("/backend/db", "DB_NAME", "primary db name", &["db"], "secret", "acme_dev", "", ""),
    ("/backend/db", "DB_USER", "Application role", &["db"], "secret", "acme_app", "", ""),
    ("/backend/db", "DB_PASSWORD", "Rotated every 30 days by Phase", &["db", "backend"], "secret", "Xk9#mP2$vL7qR4nT", "sT4g!nG-9vQ2pL8r", "pR0d^7hK3@wZ5mN1"),
    ("/backend/db", "DATABASE_URL", "Built from the DB_* secrets (references)", &["db"], "secret", "postgres://${backend/db/DB_USER}:${backend/db/DB_PASSWORD}@${backend/db/DB_HOST}:${backend/db/DB_PORT}/${backend/db/DB_NAME}", "", ""),
    ("/frontend", "NEXT_PUBLIC_API_URL", "Browser-side API base", &["frontend"], "config", "http://localhost:8000", "", ""),
    ("/frontend", "NEXT_PUBLIC_POSTHOG_KEY", "Product analytics", &["frontend"], "secret", "phc_2k8Jd93LmQpX7vNcT1rYb5Zs0WfHgE4aU6oIyR", "", ""),
    ("/frontend", "NEXT_PUBLIC_SITE_NAME", "", &["frontend"], "config", "Acme (dev)", "", ""),
    ("/payments/stripe", "STRIPE_SECRET_KEY", "Never share: live key in prod", &["payments"], "sealed", "sk_test_51NzQ8cKp3Xv9LmR2aB7dE4fG6hJ8kL0mN2pQ4rS6tU8vW0xY", "sk_test_51NzQ8cKp3Xv9StG2aB7dE4fG6hJ8kL0mN2pQ4rS6tU8vW0xZ", "sk_live_51NzQ8cKp3Xv9PrD2aB7dE4fG6hJ8kL0mN2pQ4rS6tU8vW0xA"),
    ("/payments/stripe", "STRIPE_PUBLISHABLE_KEY", "Safe for the browser", &["payments", "frontend"], "secret", "pk_test_51NzQ8cKp3Xv9LmR2Ab7De4Fg6Hj8Kl0Mn2Pq4Rs6", "pk_test_51NzQ8cKp3Xv9StG2Ab7De4Fg6Hj8Kl0Mn2Pq4Rs6", "pk_live_51NzQ8cKp3Xv9PrD2Ab7De4Fg6Hj8Kl0Mn2Pq4Rs6"),
    ("/payments/stripe", "STRIPE_WEBHOOK_SECRET", "Verifies webhook signatures", &["payments"], "secret", "whsec_dev_7Hq2Lm9Xc4Vb1Nz8Kp3Rt6Yw", "", ""),
];

fn demo_secrets(db: &mut Db) {
    let app = db.demo_app_id.clone();
    for (env_idx, env_name) in ["development", "staging", "production"].iter().enumerate() {
        let env = env_id(db, &app, env_name);
        for row in ROWS {
            let (path, key, comment, tags, kind, dev, stg, prd) = *row;
            let value = [dev, stg, prd][env_idx];
            if value.is_empty() {
                continue;
            }
            let idx = put(db, &env, path, key, value, comment, tags, kind);
            if key == "DB_PASSWORD" {
                db.secrets[idx].lifecycle = "rotating".into();
            }
            if env_idx == 0 {
                match key {
                    "DEBUG" => add_override(db, idx, "Dev", "True (verbose)", true),
                    "DB_HOST" => add_override(db, idx, "Dev", "localhost", true),
                    "API_PORT" => add_override(db, idx, "Dev", "8080", false),
                    "LOG_LEVEL" => add_override(db, idx, "Ops", "trace", true),
                    _ => {}
                }
            }
        }
    }
}

/// A small deterministic mixer for generated values.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

const AREAS: [&str; 5] = ["services", "infra", "apps", "data", "shared"];
const SUBS: [&str; 3] = ["api", "workers", "edge"];
const LEAVES: [&str; 2] = ["primary", "replica"];
const TAGS: [&str; 20] = [
    "aws",
    "gcp",
    "azure",
    "db",
    "cache",
    "queue",
    "auth",
    "payments",
    "email",
    "sms",
    "search",
    "storage",
    "cdn",
    "monitoring",
    "logging",
    "frontend",
    "backend",
    "mobile",
    "ml",
    "internal",
];
const STEMS: [&str; 8] = [
    "API_KEY",
    "SECRET",
    "TOKEN",
    "URL",
    "HOST",
    "PASSWORD",
    "CLIENT_ID",
    "TIMEOUT_MS",
];

/// The 50 generated folders: 5 areas, 3 sub-folders each, 2 leaves under each of those.
pub fn bench_folders() -> Vec<String> {
    let mut out = Vec::new();
    for a in AREAS {
        out.push(format!("/{a}"));
        for s in SUBS {
            out.push(format!("/{a}/{s}"));
            for l in LEAVES {
                out.push(format!("/{a}/{s}/{l}"));
            }
        }
    }
    out
}

fn bench(db: &mut Db, count: usize, across: bool) {
    let app = add_app(
        db,
        "Bench",
        Some("Generated data for performance tests"),
        true,
        10,
    );
    db.bench_app_id = Some(app.clone());
    let folders = bench_folders();
    let smaller = if across { count } else { count / 10 };
    for (env_name, n) in [
        ("development", count),
        ("staging", smaller),
        ("production", smaller),
    ] {
        let left_out = match env_name {
            "staging" if across => 11,
            "production" if across => 13,
            _ => 0,
        };
        let env = env_id(db, &app, env_name);
        for f in &folders {
            db.ensure_folders(&env, f);
        }
        let ts = now();
        db.secrets.reserve(n);
        for i in 0..n {
            if left_out > 0 && i % left_out == 0 {
                continue;
            }
            let h = mix(i as u64);
            let path = folders[i % folders.len()].clone();
            let key = format!(
                "{}_{}_{i:05}",
                TAGS[i % TAGS.len()],
                STEMS[(h % 8) as usize]
            )
            .to_uppercase();
            let mut tags = vec![TAGS[i % TAGS.len()].to_string()];
            if i % 3 == 0 {
                let second = TAGS[(h as usize / 8) % TAGS.len()].to_string();
                if !tags.contains(&second) {
                    tags.push(second);
                }
            }
            let kind = match i % 50 {
                0 => "sealed",
                n if n % 10 == 5 => "config",
                _ => "secret",
            };
            db.secrets.push(Secret {
                id: new_id(),
                env_id: env.clone(),
                key_digest: key_digest(&env, &key),
                key,
                value: if across && (env_name == "development" || i % 7 != 0) {
                    format!("shared-{:016x}{:016x}", h, mix(h))
                } else {
                    format!("{env_name}-{:016x}{:016x}", h, mix(h))
                },
                comment: if i % 4 == 0 {
                    format!("Generated secret #{i}")
                } else {
                    String::new()
                },
                tags,
                kind: kind.into(),
                lifecycle: "static".into(),
                path,
                version: 1,
                created_at: ts.clone(),
                updated_at: ts.clone(),
                overrides: Vec::new(),
            });
        }
    }
    let all: Vec<String> = TAGS.iter().map(|t| t.to_string()).collect();
    db.register_tags(&all);
}
