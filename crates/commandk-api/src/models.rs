//! What the CommandK API talks about: environments, apps, providers, secrets.

use std::fmt;

use phase_api::SecretString;
use serde::{Deserialize, Serialize};

use crate::error::CommandkError;

/// An environment of the organisation (`GET /environments`). CommandK environments are
/// not per app: every app's secrets have a value slot per environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Environment {
    /// The environment's id (used in every secrets call).
    pub id: String,
    /// Its name, e.g. `Development`.
    #[serde(default)]
    pub name: String,
    /// Its slug, e.g. `development`.
    #[serde(default)]
    pub slug: String,
    /// Its label.
    #[serde(default)]
    pub label: String,
}

impl Environment {
    /// True when `name_or_slug` is this environment's name or slug (exact, as the official
    /// CLI compares them) or, failing that, equal ignoring ASCII case.
    pub fn matches(&self, name_or_slug: &str) -> bool {
        let wanted = name_or_slug.trim();
        [&self.name, &self.slug]
            .iter()
            .any(|n| n.as_str() == wanted || n.eq_ignore_ascii_case(wanted))
    }
}

/// A catalog app (`GET /apps/{name}?identifierType=Name`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogApp {
    /// The app's id (the `catalog-app-id` of the secrets routes).
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its slug.
    #[serde(default)]
    pub slug: String,
}

/// A secret provider (`GET /providers`), e.g. `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    /// The provider's id (optional `providerId` when creating a secret).
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its slug.
    #[serde(default)]
    pub slug: String,
}

/// The broad purpose a secret relates to, chosen when it is created.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PurposeType {
    /// `APIKey`.
    #[serde(rename = "APIKey")]
    ApiKey,
    /// `SSHKey`.
    #[serde(rename = "SSHKey")]
    SshKey,
    /// `UsernamePassword`.
    UsernamePassword,
    /// `Other`.
    Other,
}

impl PurposeType {
    /// Every purpose type, in the order CommandK lists them.
    pub const ALL: [PurposeType; 4] = [
        PurposeType::ApiKey,
        PurposeType::SshKey,
        PurposeType::UsernamePassword,
        PurposeType::Other,
    ];

    /// The wire name: `APIKey`, `SSHKey`, `UsernamePassword` or `Other`.
    pub fn as_str(&self) -> &'static str {
        match self {
            PurposeType::ApiKey => "APIKey",
            PurposeType::SshKey => "SSHKey",
            PurposeType::UsernamePassword => "UsernamePassword",
            PurposeType::Other => "Other",
        }
    }

    /// Words for people: `API key`, `SSH key`, `Username and password`, `Other`.
    pub fn label(&self) -> &'static str {
        match self {
            PurposeType::ApiKey => "API key",
            PurposeType::SshKey => "SSH key",
            PurposeType::UsernamePassword => "Username and password",
            PurposeType::Other => "Other",
        }
    }

    /// Reads a wire name, ignoring case, spaces, `_` and `-` (`api-key` → `APIKey`).
    /// Anything else is refused (field `"purposeType"`), naming the accepted values.
    pub fn parse(input: &str) -> Result<PurposeType, CommandkError> {
        let folded: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        PurposeType::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(&folded))
            .ok_or_else(|| {
                CommandkError::validation(
                    "purposeType",
                    "the purpose type must be one of APIKey, SSHKey, UsernamePassword, Other",
                )
            })
    }
}

impl fmt::Display for PurposeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How values come back from the rendered-secrets route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RenderMode {
    /// The values themselves: only for reveal, copy and edit.
    Full,
    /// Masked previews made by the server: for listings.
    PreviewOnly,
}

impl RenderMode {
    /// The `mode` query value.
    pub fn as_str(&self) -> &'static str {
        match self {
            RenderMode::Full => "Full",
            RenderMode::PreviewOnly => "PreviewOnly",
        }
    }
}

/// A secret's value in one environment, as rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderedValue {
    /// No value is set in this environment (`valueType` `…:None`).
    Unset,
    /// The server's masked preview (`mode=PreviewOnly`). Not the value: never copy it,
    /// never send it back. Redacted in `Debug` all the same (it may show a few characters).
    Masked(SecretString),
    /// The value itself (`mode=Full`).
    Full(SecretString),
}

impl RenderedValue {
    /// The value, only when it was fetched in full.
    pub fn full(&self) -> Option<&SecretString> {
        match self {
            RenderedValue::Full(v) => Some(v),
            _ => None,
        }
    }

    /// True when the environment has a value (masked or full).
    pub fn is_set(&self) -> bool {
        !matches!(self, RenderedValue::Unset)
    }
}

/// One secret of an app, rendered for one environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedSecret {
    /// The key (the secret's name).
    pub key: String,
    /// The secret's id (for setting values).
    pub secret_id: String,
    /// Its value in this environment.
    pub value: RenderedValue,
}

/// A rendered listing with what identifies its version.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SecretList {
    /// The secrets, in the server's order.
    pub secrets: Vec<RenderedSecret>,
    /// The `ETag` header, to send back as `if_none_match` next time.
    pub etag: Option<String>,
    /// `changelogId`, when the server sent it.
    pub changelog_id: Option<String>,
    /// `secretDigest`, when the server sent it.
    pub secret_digest: Option<String>,
    /// `incrementalId`, when the server sent it.
    pub incremental_id: Option<i64>,
}

/// The answer to a rendered-secrets request that carried an ETag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// Something changed (or no ETag was sent): the new listing.
    Changed(SecretList),
    /// `304 Not Modified`: the listing behind the ETag is still current.
    Unchanged,
}

/// What to ask for in a rendered-secrets request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderRequest {
    /// The app's id.
    pub app_id: String,
    /// The environment's id.
    pub environment_id: String,
    /// Masked previews or values.
    pub mode: RenderMode,
    /// Only these secret names (`secret-name-filter`); empty for all.
    pub names: Vec<String>,
    /// The ETag of the listing the caller has (`If-None-Match`).
    pub if_none_match: Option<String>,
}

impl RenderRequest {
    /// Every secret of the app in the environment, masked, no ETag.
    pub fn masked(app_id: &str, environment_id: &str) -> RenderRequest {
        RenderRequest {
            app_id: app_id.to_string(),
            environment_id: environment_id.to_string(),
            mode: RenderMode::PreviewOnly,
            names: Vec::new(),
            if_none_match: None,
        }
    }
}

/// A secret to create. It has no value anywhere until one is set per environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSecret {
    /// The secret's name (its key).
    pub name: String,
    /// Its purpose type.
    pub purpose: PurposeType,
    /// A provider id from [`crate::CommandkClient::list_providers`]; usually `None`.
    pub provider_id: Option<String>,
}

impl NewSecret {
    /// A secret named `name` with purpose `purpose` and no provider.
    pub fn new(name: impl Into<String>, purpose: PurposeType) -> NewSecret {
        NewSecret {
            name: name.into(),
            purpose,
            provider_id: None,
        }
    }
}

/// The created secret (`{id, name, slug}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedSecret {
    /// Its id.
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its slug.
    #[serde(default)]
    pub slug: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purpose_types_round_trip() {
        for p in PurposeType::ALL {
            assert_eq!(PurposeType::parse(p.as_str()).unwrap(), p);
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
        }
        assert_eq!(PurposeType::parse("api-key").unwrap(), PurposeType::ApiKey);
        assert_eq!(PurposeType::parse("ssh_key").unwrap(), PurposeType::SshKey);
        assert_eq!(
            PurposeType::parse(" username password ").unwrap(),
            PurposeType::UsernamePassword
        );
        let e = PurposeType::parse("Password").unwrap_err();
        assert!(e.to_string().contains("APIKey"), "{e}");
    }

    #[test]
    fn environments_match_name_or_slug() {
        let env = Environment {
            id: "e1".into(),
            name: "Development".into(),
            slug: "development".into(),
            label: "Dev".into(),
        };
        assert!(env.matches("Development") && env.matches("development"));
        assert!(env.matches(" DEVELOPMENT ") && !env.matches("Dev"));
    }

    #[test]
    fn rendered_values_keep_previews_apart() {
        let masked = RenderedValue::Masked("ab********".into());
        assert_eq!(masked.full(), None);
        assert!(masked.is_set() && !RenderedValue::Unset.is_set());
        let full = RenderedValue::Full("hunter2".into());
        assert_eq!(full.full().map(SecretString::expose), Some("hunter2"));
        assert!(!format!("{full:?}{masked:?}").contains("hunter2"));
    }
}
