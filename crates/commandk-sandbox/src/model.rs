//! The sandbox's data: environments, apps, providers, secrets with a value per
//! environment, and access tokens.

use std::collections::BTreeMap;

/// The purpose types CommandK accepts.
pub const PURPOSE_TYPES: [&str; 4] = ["APIKey", "SSHKey", "UsernamePassword", "Other"];

/// What a token may do. Write does not include reading values (as CommandK documents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Reads only.
    Read,
    /// Writes only.
    Write,
}

/// An environment of the organisation.
#[derive(Debug, Clone)]
pub struct Env {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub label: String,
}

/// A catalog app.
#[derive(Debug, Clone)]
pub struct App {
    pub id: String,
    pub name: String,
    pub slug: String,
}

/// A secret provider.
#[derive(Debug, Clone)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub slug: String,
}

/// A secret of an app: one value per environment (absent = not set there).
#[derive(Debug, Clone)]
pub struct Secret {
    pub id: String,
    pub app_id: String,
    pub name: String,
    pub slug: String,
    pub purpose: String,
    pub provider_id: Option<String>,
    pub values: BTreeMap<String, String>,
}

/// An API access token.
#[derive(Debug, Clone)]
pub struct TokenRec {
    pub value: String,
    pub scope: Scope,
    /// The environments (ids) it may use; `None` for all.
    pub envs: Option<Vec<String>>,
    /// What the sandbox calls it (`read`, `write`, `dev-read`, ...).
    pub label: String,
}

/// Everything the sandbox holds.
#[derive(Debug, Clone, Default)]
pub struct Db {
    pub envs: Vec<Env>,
    pub apps: Vec<App>,
    pub providers: Vec<Provider>,
    pub secrets: Vec<Secret>,
    pub tokens: Vec<TokenRec>,
    /// Bumped by every write, per app id: the listing's `incrementalId`.
    pub versions: BTreeMap<String, i64>,
    pub demo_app_id: String,
}

impl Db {
    pub fn app(&self, id: &str) -> Option<&App> {
        self.apps.iter().find(|a| a.id == id)
    }

    pub fn env(&self, id: &str) -> Option<&Env> {
        self.envs.iter().find(|e| e.id == id)
    }

    pub fn token(&self, value: &str) -> Option<&TokenRec> {
        self.tokens.iter().find(|t| t.value == value)
    }

    pub fn token_labelled(&self, label: &str) -> String {
        self.tokens
            .iter()
            .find(|t| t.label == label)
            .map(|t| t.value.clone())
            .unwrap_or_default()
    }

    /// Records a write to `app_id`.
    pub fn bump(&mut self, app_id: &str) {
        *self.versions.entry(app_id.to_string()).or_insert(0) += 1;
    }
}

/// An id in CommandK's shape (`yueOX-iOZN-UapbH-ruAP`: groups of 5, 4, 5, 4 characters).
pub fn new_id() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let chars: Vec<char> = bytes
        .iter()
        .chain(uuid::Uuid::new_v4().as_bytes())
        .take(18)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    let group = |r: std::ops::Range<usize>| chars[r].iter().collect::<String>();
    format!(
        "{}-{}-{}-{}",
        group(0..5),
        group(5..9),
        group(9..14),
        group(14..18)
    )
}

/// A throwaway access token: `cmdk_<scope>_<32 hex>`.
pub fn new_token(scope: Scope) -> String {
    let word = match scope {
        Scope::Read => "read",
        Scope::Write => "write",
    };
    format!("cmdk_{word}_{}", uuid::Uuid::new_v4().simple())
}

/// A slug: lower case, runs of anything but letters and digits turned into one `-`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The `PreviewOnly` form of a value: the first 3 characters of a value of 12 or more
/// characters, then 8 `*`; shorter values are all `*` (8 of them, whatever the length).
pub fn mask(value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    let head: String = if value.chars().count() >= 12 {
        value.chars().take(3).collect()
    } else {
        String::new()
    };
    format!("{head}********")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_tokens_slugs_masks() {
        let id = new_id();
        assert_eq!(id.len(), 21);
        assert_eq!(
            id.split('-').map(str::len).collect::<Vec<_>>(),
            [5, 4, 5, 4]
        );
        assert_ne!(new_id(), id);
        assert!(new_token(Scope::Read).starts_with("cmdk_read_"));
        assert_eq!(slugify("Payments Service (EU)"), "payments-service-eu");
        assert_eq!(mask("sk_live_0123456789"), "sk_********");
        assert_eq!(mask("short"), "********");
        assert_eq!(mask(""), "");
    }
}
