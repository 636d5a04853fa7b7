//! Change-sets under review: the one planned last is kept here (values stay in Rust)
//! until the person applies or discards it. Applying sends at most one POST, one PUT and
//! one DELETE per environment; when the server stops part-way, the environment is listed
//! again to tell exactly what was applied ([`changeset::settle`]), and applying again
//! sends only what is still missing.

use std::collections::HashMap;

use phase_api::{EnvSelector, Secret, SecretFilter};

use super::bulk::check_bulk;
use super::{env_selector, lock, Desk};
use crate::accounts::AccountRecord;
use crate::changeset::{self, ChangeSet, Desired, Existing, Line, Op, PlanOptions};
use crate::error::{DeskError, DeskResult};
use crate::provider::Provider;
use crate::view::*;

/// The change-set under review and the account it was planned for.
pub(super) struct Review {
    pub account_id: String,
    pub changes: ChangeSet,
}

impl Desk {
    /// Keeps `changes` as the one under review and returns what the window shows.
    pub(super) fn put_review(&self, account: &AccountRecord, changes: ChangeSet) -> ChangeSetView {
        let view = changes.view();
        *lock(&self.review) = Some(Review {
            account_id: account.id.clone(),
            changes,
        });
        view
    }

    fn take_review(&self, id: &str) -> DeskResult<Review> {
        let mut slot = lock(&self.review);
        match slot.take() {
            Some(review) if review.changes.id == id => Ok(review),
            other => {
                *slot = other;
                Err(DeskError::NotFound(
                    "Those changes are no longer under review: plan them again.".into(),
                ))
            }
        }
    }

    /// Drops the change-set under review (and the values it holds).
    pub fn discard_changes(&self, id: &str) {
        let mut slot = lock(&self.review);
        if slot.as_ref().is_some_and(|r| r.changes.id == id) {
            *slot = None;
        }
    }

    /// The value before or after one line, for the person who asked to see it.
    pub fn reveal_change(
        &self,
        id: &str,
        line_id: u32,
        side: LineSide,
    ) -> DeskResult<Option<String>> {
        let slot = lock(&self.review);
        let line = slot
            .as_ref()
            .filter(|r| r.changes.id == id)
            .and_then(|r| r.changes.lines.iter().find(|l| l.view.id == line_id))
            .ok_or_else(|| DeskError::NotFound("That line is no longer under review.".into()))?;
        Ok(line.value(side == LineSide::After).map(str::to_string))
    }

    /// Applies the ticked lines (`selected`), environment by environment.
    pub async fn apply_changes(&self, id: &str, selected: Vec<u32>) -> DeskResult<ApplyReport> {
        let mut review = self.take_review(id)?;
        let outcome = self.apply_review(&mut review, &selected).await;
        let view = review.changes.view();
        *lock(&self.review) = Some(review);
        let stopped = outcome?;
        let applied = count(&view, |s| *s == LineStatus::Applied);
        let failed = count(&view, |s| matches!(s, LineStatus::Failed { .. }));
        let message = match stopped {
            None if applied == 0 => "Nothing to apply: tick at least one line.".to_string(),
            None => format!("Applied {applied} change{}.", plural(applied)),
            Some(reason) => format!(
                "Applied {applied}; {failed} not applied: {reason}. Apply again to send only what is missing."
            ),
        };
        Ok(ApplyReport {
            changes: view,
            applied,
            failed,
            message,
        })
    }

    /// Sends the review's ticked lines; `Some(reason)` when the server stopped part-way.
    async fn apply_review(
        &self,
        review: &mut Review,
        selected: &[u32],
    ) -> DeskResult<Option<String>> {
        let account = self.active()?;
        if account.id != review.account_id {
            return Err(DeskError::invalid(
                "account",
                "These changes were planned for another account: switch back to apply them.",
            ));
        }
        let provider = self.provider_for(&account).await?;
        let changes = &mut review.changes;
        changes.select(selected);
        let app_id = changes.app_id.clone();
        let envs = changes.envs_to_send();
        for (index, env) in envs.iter().enumerate() {
            let selector = env_selector(&app_id, env)?;
            let stopped = send_env(&provider, &selector, &mut changes.lines).await;
            self.forget_loaded(&account, &selector);
            if let Some(reason) = stopped {
                for later in &envs[index + 1..] {
                    let not_sent = format!("Not sent: stopped after the failure in {env}");
                    fail_all(&mut changes.lines, later, &not_sent);
                }
                return Ok(Some(reason));
            }
        }
        Ok(None)
    }

    /// The loaded list of `env` is stale after a change-set: the window lists it again.
    fn forget_loaded(&self, account: &AccountRecord, env: &EnvSelector) {
        let key = Self::cache_key(account, env);
        let mut full = lock(&self.full_listing);
        if full.as_ref() == Some(&key) {
            *full = None;
        }
        self.cache_mut().remove(&key);
        *lock(&self.across) = None;
    }

    /// Plans a bulk edit of loaded secrets as a change-set, for review before it is sent.
    pub async fn plan_bulk_edit(
        &self,
        app_id: &str,
        env: &str,
        secret_ids: Vec<String>,
        edit: BulkEdit,
    ) -> DeskResult<ChangeSetView> {
        let selector = env_selector(app_id, env)?;
        check_bulk(&secret_ids, &edit)?;
        let account = self.active()?;
        Self::refuse_bulk(&account, &edit)?;
        let move_to = edit
            .move_to
            .as_deref()
            .map(phase_api::normalize_path)
            .transpose()?;
        let loaded: Vec<Secret> = self
            .loaded()
            .get(&Self::cache_key(&account, &selector))
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default();
        let desired: Vec<Desired> = secret_ids
            .iter()
            .map(|id| {
                let secret = self.cached(&account, &selector, id)?;
                Ok(Desired {
                    key: secret.key.clone(),
                    path: move_to.clone().unwrap_or_else(|| secret.path.clone()),
                    tags: super::bulk::tags_after(&secret, &edit),
                    kind: edit.kind.map(crate::secrets::type_of),
                    secret_id: Some(secret.id.clone()),
                    ..Desired::default()
                })
            })
            .collect::<DeskResult<_>>()?;
        let options = PlanOptions {
            existing: Existing::Update,
            server_only_in: Vec::new(),
        };
        let mut lines = changeset::plan_env(&selector.env, &loaded, &desired, &options, &mut 1);
        changeset::validate(&mut lines, &HashMap::from([(selector.env.clone(), loaded)]));
        let count = desired.len();
        let changes = ChangeSet {
            id: uuid::Uuid::new_v4().to_string(),
            kind: ChangeSetKind::BulkEdit,
            app_id: selector.app_id.clone(),
            title: format!(
                "Change {count} secret{} in {}",
                plural(count as u32),
                selector.env
            ),
            note: None,
            lines,
            refused: Vec::new(),
        };
        Ok(self.put_review(&account, changes))
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn count(view: &ChangeSetView, f: impl Fn(&LineStatus) -> bool) -> u32 {
    view.lines.iter().filter(|l| f(&l.status)).count() as u32
}

fn fail_all(lines: &mut [Line], env: &str, reason: &str) {
    for line in lines
        .iter_mut()
        .filter(|l| l.view.env == env && l.to_send())
    {
        line.view.status = LineStatus::Failed {
            reason: reason.to_string(),
        };
    }
}

/// The three requests an environment's lines can need, in the order they are sent.
#[derive(Clone, Copy)]
enum Step {
    Create,
    Update,
    Delete,
}

impl Step {
    fn covers(self, op: &Op) -> bool {
        matches!(
            (self, op),
            (Step::Create, Op::Create(_))
                | (Step::Update, Op::Update(_))
                | (Step::Delete, Op::Delete(_))
        )
    }

    async fn send(
        self,
        provider: &Provider,
        env: &EnvSelector,
        ops: Vec<&Op>,
    ) -> Result<(), phase_api::PhaseError> {
        match self {
            Step::Create => {
                let batch: Vec<_> = ops
                    .into_iter()
                    .filter_map(|op| match op {
                        Op::Create(new) => Some(new.clone()),
                        _ => None,
                    })
                    .collect();
                provider.create_secrets(env, &batch).await.map(drop)
            }
            Step::Update => {
                let batch: Vec<_> = ops
                    .into_iter()
                    .filter_map(|op| match op {
                        Op::Update(u) => Some(u.clone()),
                        _ => None,
                    })
                    .collect();
                provider.update_secrets(env, &batch).await.map(drop)
            }
            Step::Delete => {
                let ids: Vec<_> = ops
                    .into_iter()
                    .filter_map(|op| match op {
                        Op::Delete(id) => Some(id.clone()),
                        _ => None,
                    })
                    .collect();
                provider.delete_secrets(env, &ids).await.map(drop)
            }
        }
    }
}

/// Sends one environment's ticked lines: creates, then updates, then deletes, one request
/// each. `Some(reason)` when one failed (the lines then say what was applied).
async fn send_env(provider: &Provider, env: &EnvSelector, lines: &mut [Line]) -> Option<String> {
    let mine = |l: &Line| l.view.env == env.env && l.to_send();
    for step in [Step::Create, Step::Update, Step::Delete] {
        let ops: Vec<&Op> = lines
            .iter()
            .filter(|l| mine(l) && step.covers(&l.op))
            .map(|l| &l.op)
            .collect();
        if ops.is_empty() {
            continue;
        }
        match step.send(provider, env, ops).await {
            Ok(()) => {
                for line in lines.iter_mut().filter(|l| mine(l) && step.covers(&l.op)) {
                    line.view.status = LineStatus::Applied;
                }
            }
            Err(e) => {
                let reason = DeskError::from(e).to_string();
                let sent: Vec<&mut Line> = lines.iter_mut().filter(|l| mine(l)).collect();
                match provider.list_secrets(env, &SecretFilter::default()).await {
                    Ok(now) => changeset::settle(sent, &now, &reason),
                    Err(_) => {
                        let unread = format!("{reason} (the list could not be read back: refresh to see what was saved)");
                        for line in sent {
                            line.view.status = LineStatus::Failed {
                                reason: unread.clone(),
                            };
                        }
                    }
                }
                return Some(reason);
            }
        }
    }
    None
}
