//! What a sandbox starts with.

use std::collections::BTreeMap;

use crate::model::{new_id, new_token, slugify, App, Db, Env, Provider, Scope, Secret, TokenRec};

/// The demo app's name.
pub const DEMO_APP_NAME: &str = "payments-service";
/// A name two apps share (its lookup answers 400 `DataEntityNonSingular`).
pub const SHARED_APP_NAME: &str = "legacy-billing";

/// What data to start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Seed {
    /// Three environments, the demo app with secrets of every purpose type set in one,
    /// two or three environments, two apps sharing a name, four providers.
    #[default]
    Demo,
    /// The same environments, apps and providers, but no secrets.
    Empty,
}

const DEPLOY_KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\n\
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n\
QyNTUxOQAAACBkZW1vLWtleS1mb3ItcGhhc2UtZGVzay1zYW5kYm94AAAAA\n\
-----END OPENSSH PRIVATE KEY-----\n";

/// Builds the data; every id and token is new.
pub fn build(seed: Seed) -> Db {
    let mut db = Db::default();
    for (name, label) in [
        ("Development", "Dev"),
        ("Staging", "Staging"),
        ("Production", "Prod"),
    ] {
        db.envs.push(Env {
            id: new_id(),
            name: name.into(),
            slug: slugify(name),
            label: label.into(),
        });
    }
    for name in [
        DEMO_APP_NAME,
        SHARED_APP_NAME,
        SHARED_APP_NAME,
        "internal-tools",
    ] {
        db.apps.push(App {
            id: new_id(),
            name: name.into(),
            slug: slugify(name),
        });
    }
    db.demo_app_id = db.apps[0].id.clone();
    for name in ["Other", "AWS", "Stripe", "GitHub"] {
        db.providers.push(Provider {
            id: new_id(),
            name: name.into(),
            slug: slugify(name),
        });
    }
    let dev = db.envs[0].id.clone();
    db.tokens = vec![
        token(Scope::Read, None, "read"),
        token(Scope::Write, None, "write"),
        token(Scope::Read, Some(vec![dev]), "dev-read"),
    ];
    if seed == Seed::Demo {
        demo_secrets(&mut db);
    }
    db
}

fn token(scope: Scope, envs: Option<Vec<String>>, label: &str) -> TokenRec {
    TokenRec {
        value: new_token(scope),
        scope,
        envs,
        label: label.into(),
    }
}

/// A demo secret: name, purpose, provider, values in Development, Staging, Production.
type DemoRow<'a> = (&'a str, &'a str, Option<String>, [Option<&'a str>; 3]);

fn demo_secrets(db: &mut Db) {
    let stripe = db
        .providers
        .iter()
        .find(|p| p.name == "Stripe")
        .map(|p| p.id.clone());
    let rows: [DemoRow; 5] = [
        (
            "STRIPE_SECRET_KEY",
            "APIKey",
            stripe,
            [
                Some("sk_test_51HxDemoDevKey0000000000"),
                Some("sk_test_51HxDemoStagingKey00000"),
                Some("sk_live_51HxDemoProductionKey0"),
            ],
        ),
        (
            "DATABASE_URL",
            "UsernamePassword",
            None,
            [
                Some("postgres://app:devpass@localhost:5432/payments"),
                Some("postgres://app:st4ging@db.staging.internal:5432/payments"),
                Some("postgres://app:pr0d-s3cret@db.prod.internal:5432/payments"),
            ],
        ),
        (
            "DEPLOY_SSH_KEY",
            "SSHKey",
            None,
            [None, None, Some(DEPLOY_KEY)],
        ),
        (
            "SENTRY_DSN",
            "Other",
            None,
            [
                Some("https://public@sentry.example.com/1"),
                Some("https://public@sentry.example.com/2"),
                None,
            ],
        ),
        (
            "FEATURE_FLAGS",
            "Other",
            None,
            [Some("beta=true"), None, None],
        ),
    ];
    let env_ids: Vec<String> = db.envs.iter().map(|e| e.id.clone()).collect();
    for (name, purpose, provider_id, values) in rows {
        let values: BTreeMap<String, String> = env_ids
            .iter()
            .zip(values)
            .filter_map(|(env, v)| Some((env.clone(), v?.to_string())))
            .collect();
        db.secrets.push(Secret {
            id: new_id(),
            app_id: db.demo_app_id.clone(),
            name: name.into(),
            slug: slugify(name),
            purpose: purpose.into(),
            provider_id,
            values,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_has_every_purpose_and_partial_environments() {
        let db = build(Seed::Demo);
        assert_eq!(db.envs.len(), 3);
        for p in crate::model::PURPOSE_TYPES {
            assert!(db.secrets.iter().any(|s| s.purpose == p), "{p}");
        }
        let counts: Vec<usize> = db.secrets.iter().map(|s| s.values.len()).collect();
        assert!(counts.contains(&1) && counts.contains(&2) && counts.contains(&3));
        assert_eq!(
            db.apps.iter().filter(|a| a.name == SHARED_APP_NAME).count(),
            2
        );
        assert!(build(Seed::Empty).secrets.is_empty());
    }
}
