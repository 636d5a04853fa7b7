//! One change-set for every bulk action: import, copy to environments, fill missing and
//! bulk edits all describe what they want ([`Desired`]) and are planned against each
//! target environment's secrets as listed, into lines the person reviews. Applying sends
//! one POST, one PUT and one DELETE per environment at most (`desk::review`).
//!
//! Everything here is pure: planning, validation and telling after a failure which lines
//! the server applied ([`settle`]) are tested without a server.

use std::collections::{HashMap, HashSet};

use phase_api::{NewSecret, Secret, SecretString, SecretType, SecretUpdate};

use crate::secrets;
use crate::view::{
    ChangeAction, ChangeLine, ChangeSetKind, ChangeSetView, FieldChange, LineStatus, RefusedLine,
    SecretChanges,
};

mod lookup;
pub(crate) mod settle;
use lookup::Lookup;
pub use settle::settle;

/// What a bulk action wants one secret to be, in one environment. `None` fields are left
/// as they are on a secret that exists.
#[derive(Clone, Default)]
pub struct Desired {
    pub key: String,
    pub path: String,
    pub value: Option<SecretString>,
    pub comment: Option<String>,
    pub tags: Option<Vec<String>>,
    pub kind: Option<SecretType>,
    /// The secret this is about, when known (bulk edits: a move changes the path).
    pub secret_id: Option<String>,
    pub new_key: Option<String>,
}

/// What to do with a wanted secret that the environment already holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Update it (ticked): imports and bulk edits.
    Update,
    /// Offer to overwrite it, unticked: the person decides per key (copy to environments).
    Offer,
    /// Leave it out of the set (fill missing).
    Leave,
}

/// How to plan one environment.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    pub existing: Existing,
    /// Folders whose secrets that are not wanted are listed as deletes, unticked
    /// (imports: what is only on the server).
    pub server_only_in: Vec<String>,
}

/// What a line sends.
#[derive(Clone)]
pub enum Op {
    Create(NewSecret),
    Update(SecretUpdate),
    Delete(String),
    Nothing,
}

/// A line with what it sends and what it replaces (values stay in here).
#[derive(Clone)]
pub struct Line {
    pub view: ChangeLine,
    pub op: Op,
    pub before: Option<Secret>,
}

impl Line {
    /// Whether applying should send this line now.
    pub fn to_send(&self) -> bool {
        self.view.selected
            && self.view.error.is_none()
            && self.view.status != LineStatus::Applied
            && !matches!(self.op, Op::Nothing)
    }

    /// The value before (`Before`) or after (`After`) this line.
    pub fn value(&self, after: bool) -> Option<&str> {
        if !after {
            return self
                .before
                .as_ref()
                .and_then(|s| (s.r#type != SecretType::Sealed).then_some(s.value.expose()));
        }
        match &self.op {
            Op::Create(new) => Some(new.value.expose()),
            Op::Update(u) => u.value.as_ref().map(|v| v.expose()).or_else(|| {
                self.before
                    .as_ref()
                    .filter(|s| s.r#type != SecretType::Sealed)
                    .map(|s| s.value.expose())
            }),
            Op::Delete(_) | Op::Nothing => None,
        }
    }
}

/// A change-set under review.
pub struct ChangeSet {
    pub id: String,
    pub kind: ChangeSetKind,
    pub app_id: String,
    pub title: String,
    pub note: Option<String>,
    pub lines: Vec<Line>,
    pub refused: Vec<RefusedLine>,
}

impl ChangeSet {
    pub fn view(&self) -> ChangeSetView {
        ChangeSetView {
            id: self.id.clone(),
            kind: self.kind,
            app_id: self.app_id.clone(),
            title: self.title.clone(),
            lines: self.lines.iter().map(|l| l.view.clone()).collect(),
            refused: self.refused.clone(),
            note: self.note.clone(),
        }
    }

    /// Ticks exactly `ids` (lines with an error stay unticked).
    pub fn select(&mut self, ids: &[u32]) {
        let ids: HashSet<u32> = ids.iter().copied().collect();
        for line in &mut self.lines {
            line.view.selected = ids.contains(&line.view.id) && line.view.error.is_none();
        }
    }

    /// The environments with something to send, in the order their lines appear.
    pub fn envs_to_send(&self) -> Vec<String> {
        let mut envs: Vec<String> = Vec::new();
        for line in self.lines.iter().filter(|l| l.to_send()) {
            if !envs.contains(&line.view.env) {
                envs.push(line.view.env.clone());
            }
        }
        envs
    }
}

fn tags_text(tags: &[String]) -> String {
    tags.join(", ")
}

fn kind_text(t: SecretType) -> String {
    format!("{:?}", secrets::kind_of(t)).to_lowercase()
}

/// Plans `desired` against `current` (one environment's secrets), numbering lines from
/// `next_id`. Validation that needs the whole set runs after, in [`validate`].
pub fn plan_env(
    env: &str,
    current: &[Secret],
    desired: &[Desired],
    options: &PlanOptions,
    next_id: &mut u32,
) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut wanted: HashSet<(String, String)> = HashSet::new();
    let lookup = Lookup::new(current);
    for want in desired {
        wanted.insert((want.key.to_uppercase(), want.path.clone()));
        let existing = match &want.secret_id {
            Some(id) => lookup.by_id(id),
            None => lookup.at_place(&want.key, &want.path),
        };
        let line = match existing {
            None if want.secret_id.is_some() => gone_line(env, want),
            None => create_line(env, want),
            Some(_) if options.existing == Existing::Leave => continue,
            Some(before) => update_line(env, before, want, options.existing),
        };
        lines.push(numbered(line, next_id));
    }
    for secret in current {
        let in_scope = options.server_only_in.contains(&secret.path);
        if in_scope && !wanted.contains(&(secret.key.to_uppercase(), secret.path.clone())) {
            lines.push(numbered(delete_line(env, secret), next_id));
        }
    }
    lines
}

fn numbered(mut line: Line, next_id: &mut u32) -> Line {
    line.view.id = *next_id;
    *next_id += 1;
    line
}

fn base(env: &str, action: ChangeAction, key: &str, path: &str) -> ChangeLine {
    ChangeLine {
        id: 0,
        env: env.to_string(),
        action,
        key: key.to_string(),
        path: path.to_string(),
        fields: Vec::new(),
        value_changes: false,
        selected: true,
        note: None,
        error: None,
        status: LineStatus::Pending,
    }
}

fn create_line(env: &str, want: &Desired) -> Line {
    let mut view = base(env, ChangeAction::Create, &want.key, &want.path);
    view.value_changes = true;
    let comment = want.comment.clone().filter(|c| !c.trim().is_empty());
    let tags = match want.tags.as_deref().map(secrets::clean_tags).transpose() {
        Ok(tags) => tags.unwrap_or_default(),
        Err(e) => {
            view.error = Some(e.to_string());
            Vec::new()
        }
    };
    if let Some(c) = &comment {
        view.fields.push(change("comment", "", c));
    }
    if !tags.is_empty() {
        view.fields.push(change("tags", "", &tags_text(&tags)));
    }
    if let Some(kind) = want.kind.filter(|k| *k != SecretType::Secret) {
        view.fields.push(change("type", "", &kind_text(kind)));
    }
    view.selected = view.error.is_none();
    Line {
        view,
        op: Op::Create(NewSecret {
            key: want.key.clone(),
            value: want.value.clone().unwrap_or_default(),
            comment,
            tags,
            path: Some(want.path.clone()),
            r#type: want.kind,
            r#override: None,
        }),
        before: None,
    }
}

/// A secret picked by id that the environment no longer holds.
fn gone_line(env: &str, want: &Desired) -> Line {
    let mut view = base(env, ChangeAction::Update, &want.key, &want.path);
    view.selected = false;
    view.error = Some("It is no longer on the server (deleted elsewhere?). Refresh.".into());
    Line {
        view,
        op: Op::Nothing,
        before: None,
    }
}

fn change(field: &str, before: &str, after: &str) -> FieldChange {
    FieldChange {
        field: field.to_string(),
        before: before.to_string(),
        after: after.to_string(),
    }
}

fn update_line(env: &str, before: &Secret, want: &Desired, existing: Existing) -> Line {
    let changes = SecretChanges {
        key: want.new_key.clone(),
        value: want.value.as_ref().map(|v| v.expose().to_string()),
        comment: want.comment.clone(),
        tags: want.tags.clone(),
        path: Some(want.path.clone()),
        kind: want.kind.map(secrets::kind_of),
    };
    let mut view = base(env, ChangeAction::Update, &before.key, &before.path);
    let op = match secrets::update_for(before, &changes) {
        Ok(None) => {
            view.action = ChangeAction::Unchanged;
            view.selected = false;
            Op::Nothing
        }
        Ok(Some(update)) => {
            describe_update(&mut view, before, &update);
            if existing == Existing::Offer {
                view.selected = false;
                view.note = Some(format!(
                    "{} already exists in {env}: tick to overwrite it.",
                    before.key
                ));
            }
            Op::Update(update)
        }
        Err(e) => {
            view.selected = false;
            view.error = Some(e.to_string());
            Op::Nothing
        }
    };
    Line {
        view,
        op,
        before: Some(before.clone()),
    }
}

fn describe_update(view: &mut ChangeLine, before: &Secret, update: &SecretUpdate) {
    view.value_changes = update.value.is_some();
    if let Some(key) = update.key.as_ref().filter(|k| **k != before.key) {
        view.fields.push(change("key", &before.key, key));
    }
    if update.path != before.path {
        view.fields.push(change("path", &before.path, &update.path));
    }
    if let Some(c) = &update.comment {
        view.fields.push(change("comment", &before.comment, c));
    }
    if let Some(t) = &update.tags {
        view.fields
            .push(change("tags", &tags_text(&before.tags), &tags_text(t)));
    }
    if let Some(t) = update.r#type {
        view.fields
            .push(change("type", &kind_text(before.r#type), &kind_text(t)));
    }
}

fn delete_line(env: &str, secret: &Secret) -> Line {
    let mut view = base(env, ChangeAction::Delete, &secret.key, &secret.path);
    view.selected = false;
    view.note = Some("Only on the server: tick to delete it.".into());
    Line {
        view,
        op: Op::Delete(secret.id.clone()),
        before: Some(secret.clone()),
    }
}

/// Checks the whole set before anything is sent: a key wanted twice in one folder of one
/// environment, and a key that a create or a rename would put where one already is. Lines
/// found wrong get an error and are unticked.
pub fn validate(lines: &mut [Line], current: &HashMap<String, Vec<Secret>>) {
    let mut seen: HashMap<(String, String, String), u32> = HashMap::new();
    // Built for an environment only when a line moves a secret there.
    let mut lookups: HashMap<&str, Lookup> = HashMap::new();
    for line in lines.iter_mut() {
        let (key, path) = match &line.op {
            Op::Create(new) => (new.key.clone(), new.path.clone().unwrap_or_default()),
            Op::Update(u) => (
                u.key.clone().unwrap_or_else(|| line.view.key.clone()),
                u.path.clone(),
            ),
            Op::Delete(_) | Op::Nothing => continue,
        };
        let place = (line.view.env.clone(), key.to_uppercase(), path.clone());
        if let Some(first) = seen.get(&place) {
            line.view.error = Some(format!(
                "{key} would be in {path} twice (see line {first})."
            ));
        } else {
            seen.insert(place, line.view.id);
        }
        let moved = match &line.op {
            Op::Update(u) => line.before.as_ref().is_some_and(|b| {
                b.path != u.path
                    || u.key
                        .as_ref()
                        .is_some_and(|k| !k.eq_ignore_ascii_case(&b.key))
            }),
            _ => false,
        };
        if moved {
            let own_id = line.before.as_ref().map(|b| b.id.as_str());
            let taken = current
                .get_key_value(&line.view.env)
                .is_some_and(|(env, secrets)| {
                    lookups
                        .entry(env.as_str())
                        .or_insert_with(|| Lookup::new(secrets))
                        .all_at(&key, &path)
                        .iter()
                        .any(|s| Some(s.id.as_str()) != own_id)
                });
            if taken && line.view.error.is_none() {
                line.view.error = Some(format!("{key} already exists in {path}."));
            }
        }
        if line.view.error.is_some() {
            line.view.selected = false;
        }
    }
}

#[cfg(test)]
mod tests;
