//! CommandK writes: a new secret with its value in several environments, and a value set
//! in one environment. Everything needs the account's Write token.

use commandk_api::{CommandkError, PurposeType};
use phase_api::{EnvSelector, PhaseError, Secret, SecretFilter, SecretString, SecretUpdate};

use super::{phase_error, refused, CommandkAccount, MISSING};
use crate::error::{DeskError, DeskResult};

/// A new secret for a service with a value per environment.
#[derive(Debug, Clone)]
pub struct PerEnvironmentDraft {
    pub key: String,
    pub value: SecretString,
    /// A purpose type (`APIKey`, ...); `Other` when absent.
    pub purpose: Option<String>,
    /// Other environments (names) to set the same value in.
    pub also_in: Vec<String>,
}

impl CommandkAccount {
    /// Sets `value` as the secret's value in each environment named, in order. Stops at
    /// the first failure and says which environments were set before it.
    pub async fn set_values(
        &self,
        env: &EnvSelector,
        secret_id: &str,
        value: &SecretString,
        env_names: &[String],
    ) -> Result<(), (Vec<String>, PhaseError)> {
        let writer = self.writer().map_err(|e| (Vec::new(), e))?;
        let mut done = Vec::new();
        for name in env_names {
            let sent = match self.env_id(name).await {
                Ok(env_id) => writer
                    .set_value(&env.app_id, secret_id, &env_id, value)
                    .await
                    .map_err(phase_error),
                Err(e) => Err(e),
            };
            match sent {
                Ok(()) => done.push(name.clone()),
                Err(e) => return Err((done, e)),
            }
        }
        Ok(())
    }

    /// Creates the secret with its value in the environment and in `draft.also_in`. A
    /// value that cannot be set after the secret was made is said with what was done.
    pub async fn create_in_environments(
        &self,
        env: &EnvSelector,
        draft: &PerEnvironmentDraft,
    ) -> DeskResult<Secret> {
        let purpose = match draft.purpose.as_deref().map(str::trim) {
            None | Some("") => PurposeType::Other,
            Some(p) => PurposeType::parse(p).map_err(|e| DeskError::from(phase_error(e)))?,
        };
        let key = commandk_api::validate_secret_name(&draft.key)
            .map_err(|e| DeskError::from(phase_error(e)))?;
        commandk_api::validate_value(&draft.value).map_err(|e| DeskError::from(phase_error(e)))?;
        let mut envs = vec![env.env.clone()];
        for other in &draft.also_in {
            self.env_id(other).await?;
            if !envs.iter().any(|e| e.eq_ignore_ascii_case(other)) {
                envs.push(other.clone());
            }
        }
        let id = self
            .writer()?
            .create_secret(&env.app_id, &commandk_api::NewSecret::new(&key, purpose))
            .await
            .map_err(|e| match e {
                CommandkError::Conflict { .. } => DeskError::Duplicate(format!(
                    "{key} already exists in this app (a CommandK secret belongs to the whole app): set its value in this environment from the table."
                )),
                other => phase_error(other).into(),
            })?
            .id;
        if let Err((done, e)) = self.set_values(env, &id, &draft.value, &envs).await {
            let done = match done.as_slice() {
                [] => "no environment".to_string(),
                some => some.join(", "),
            };
            return Err(DeskError::from(e).context(&format!(
                "{key} was created and its value set in {done}, but not in the rest"
            )));
        }
        let made = self.list_secrets(env, &SecretFilter::default()).await?;
        made.into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| DeskError::Internal(format!("{key} was created but is not listed")))
    }

    /// Value changes only: anything else is something CommandK does not have.
    pub async fn update_secrets(
        &self,
        env: &EnvSelector,
        updates: &[SecretUpdate],
    ) -> Result<Vec<Secret>, PhaseError> {
        for u in updates {
            // A move carries the key too: the folder is what was asked.
            let lacking = [
                ("path", u.path.trim() != "/"),
                ("tags", u.tags.is_some()),
                ("comment", u.comment.is_some()),
                ("kind", u.r#type.is_some()),
                ("override", u.r#override.is_some()),
            ];
            if let Some((field, _)) = lacking.iter().find(|(_, asked)| *asked) {
                return Err(refused(field, MISSING));
            }
            if u.key.is_some() {
                return Err(refused(
                    "key",
                    "CommandK cannot rename a secret: create one with the new name instead.",
                ));
            }
        }
        self.writer()?;
        for u in updates {
            if let Some(value) = &u.value {
                self.set_values(env, &u.id, value, std::slice::from_ref(&env.env))
                    .await
                    .map_err(|(_, e)| e)?;
            }
        }
        let now = self.list_secrets(env, &SecretFilter::default()).await?;
        Ok(now
            .into_iter()
            .filter(|s| updates.iter().any(|u| u.id == s.id))
            .collect())
    }
}
