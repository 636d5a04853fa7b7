//! What services with masked listings and a value per environment (CommandK) add to the
//! desk, chosen by the account's capabilities, never by the service's name: values
//! fetched one by one on reveal and copy, creating a secret with its value in several
//! environments, and clear refusals of what a service lacks before anything is sent.

use phase_api::{EnvSelector, NewSecret, SecretType};

use super::{env_selector, Desk};
use crate::accounts::AccountRecord;
use crate::error::{DeskError, DeskResult};
use crate::provider::{self, PerEnvironmentDraft};
use crate::secrets;
use crate::view::*;

impl Desk {
    /// What the account's service and tokens can do.
    pub(super) fn capabilities(account: &AccountRecord) -> Capabilities {
        provider::capabilities(account.provider, account.token_kind)
    }

    /// Refuses `what` with the account's one-line reason when `allowed` says no.
    pub(super) fn refuse_unless(
        account: &AccountRecord,
        allowed: impl Fn(&Capabilities) -> bool,
        field: &str,
        what: &str,
    ) -> DeskResult<()> {
        let caps = Self::capabilities(account);
        if allowed(&caps) {
            return Ok(());
        }
        let reason = caps.missing_reason.unwrap_or_default();
        Err(DeskError::invalid(field, format!("{what}. {reason}")))
    }

    /// One value, fetched from the server where listings are masked (only this one),
    /// read from the loaded list otherwise. `None`: sealed, or no value in this environment.
    pub async fn reveal(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        which: ValueChoice,
    ) -> DeskResult<Option<String>> {
        let account = self.active()?;
        if !Self::capabilities(&account).masked_listing {
            return self.reveal_value(app_id, env, secret_id, which);
        }
        let selector = env_selector(app_id, env)?;
        if which == ValueChoice::Override {
            Self::refuse_unless(
                &account,
                |c| c.personal_overrides,
                "which",
                "No personal override",
            )?;
        }
        let secret = self.cached(&account, &selector, secret_id)?;
        let provider = self.provider_for(&account).await?;
        let value = provider.fetch_value(&selector, &secret, which).await?;
        Ok(value.map(|v| v.expose().to_string()))
    }

    /// Copies a value to the clipboard without it reaching the window; fetched from the
    /// server first where listings are masked.
    pub async fn copy(
        &self,
        app_id: &str,
        env: &str,
        secret_id: &str,
        which: ValueChoice,
    ) -> DeskResult<CopyOutcome> {
        let account = self.active()?;
        if !Self::capabilities(&account).masked_listing {
            return self.copy_value(app_id, env, secret_id, which);
        }
        let key = self
            .cached(&account, &env_selector(app_id, env)?, secret_id)?
            .key;
        let value = self.reveal(app_id, env, secret_id, which).await?;
        let value = value.ok_or_else(|| {
            DeskError::invalid(
                "which",
                format!("{key} has no value in {env}: there is nothing to copy."),
            )
        })?;
        self.copy_text(&value)
    }

    /// Creates secrets one by one, each with its value in this environment and in the
    /// ones it names, for services with a value per environment.
    pub(super) async fn create_per_environment(
        &self,
        env: EnvSelector,
        drafts: Vec<PerEnvironmentDraft>,
    ) -> DeskResult<Vec<SecretRow>> {
        let (account, provider) = self.active_provider().await?;
        Self::refuse_unless(
            &account,
            |c| !c.read_only,
            "token",
            "Nothing can be created",
        )?;
        let taken = self.taken_keys(
            &account,
            &env,
            drafts.iter().map(|d| (d.key.as_str(), "/")),
            &[],
        );
        if !taken.is_empty() {
            return Err(DeskError::Duplicate(format!(
                "Already there: {}. Nothing was saved.",
                taken.join(", ")
            )));
        }
        let mut rows = Vec::new();
        for draft in &drafts {
            let made = provider.create_in_environments(&env, draft).await;
            let made = match (made, rows.len()) {
                (Ok(made), _) => made,
                (Err(e), 0) => return Err(e),
                (Err(e), n) => {
                    return Err(e.context(&format!("{n} created before {} failed", draft.key)))
                }
            };
            self.cache_put(&account, &env, std::slice::from_ref(&made));
            let mut row = secrets::row(&made);
            provider.annotate(&env, &mut row);
            rows.push(row);
        }
        Ok(rows)
    }

    /// The create panel's drafts for a service with a value per environment; what the
    /// service lacks is refused by name.
    pub(super) fn per_environment_drafts(
        account: &AccountRecord,
        drafts: &[SecretDraft],
        options: &CreateOptions,
    ) -> DeskResult<Vec<PerEnvironmentDraft>> {
        drafts
            .iter()
            .map(|d| {
                let lacks = |field: &str, what: &str, allowed: fn(&Capabilities) -> bool| {
                    Self::refuse_unless(account, allowed, field, what)
                };
                if !d.comment.trim().is_empty() {
                    lacks("comment", "Comments cannot be kept", |c| c.comments)?;
                }
                if !d.tags.iter().all(|t| t.trim().is_empty()) {
                    lacks("tags", "Tags cannot be kept", |c| c.tags)?;
                }
                if !matches!(d.path.trim(), "" | "/") {
                    lacks("path", "Folders cannot be kept", |c| c.folders)?;
                }
                if d.kind != SecretKind::Secret {
                    lacks("kind", "Secret types cannot be kept", |c| c.types)?;
                }
                if d.override_value.is_some() {
                    lacks("overrideValue", "No personal override", |c| {
                        c.personal_overrides
                    })?;
                }
                Ok(PerEnvironmentDraft {
                    key: d.key.trim().to_string(),
                    value: d.value.clone().into(),
                    purpose: options.purpose_type.clone(),
                    also_in: options.also_in.clone(),
                })
            })
            .collect()
    }

    /// A pasted batch for a service with a value per environment (purpose type `Other`).
    pub(super) fn per_environment_batch(
        account: &AccountRecord,
        batch: &[NewSecret],
    ) -> DeskResult<Vec<PerEnvironmentDraft>> {
        let drafts: Vec<SecretDraft> = batch
            .iter()
            .map(|n| SecretDraft {
                key: n.key.clone(),
                value: n.value.expose().to_string(),
                comment: n.comment.clone().unwrap_or_default(),
                tags: n.tags.clone(),
                path: n.path.clone().unwrap_or_default(),
                kind: match n.r#type {
                    None | Some(SecretType::Secret) => SecretKind::Secret,
                    Some(t) => secrets::kind_of(t),
                },
                override_value: n.r#override.as_ref().map(|o| o.value.expose().to_string()),
                override_active: false,
            })
            .collect();
        Self::per_environment_drafts(account, &drafts, &CreateOptions::default())
    }

    /// Refuses, before anything is sent, the parts of a bulk edit the service lacks.
    pub(super) fn refuse_bulk(account: &AccountRecord, edit: &BulkEdit) -> DeskResult<()> {
        Self::refuse_unless(account, |c| !c.read_only, "edit", "Nothing can be changed")?;
        if edit.move_to.is_some() {
            Self::refuse_unless(account, |c| c.folders, "moveTo", "Secrets cannot be moved")?;
        }
        if !edit.add_tags.is_empty() || !edit.remove_tags.is_empty() {
            Self::refuse_unless(account, |c| c.tags, "tags", "Tags cannot be changed")?;
        }
        if edit.kind.is_some() {
            Self::refuse_unless(
                account,
                |c| c.types,
                "kind",
                "Secret types cannot be changed",
            )?;
        }
        Ok(())
    }
}
