//! The pieces of a write: encrypted fields, refusals, and the local result of an update.

use phase_api::{OverrideInput, PhaseError, Secret, SecretString, SecretType, SecretUpdate};
use serde_json::{json, Value};

use super::crypto_failed;
use crate::keys::EnvKeys;

pub(crate) fn overrides_need_a_person() -> PhaseError {
    PhaseError::validation(
        "override",
        "personal overrides need a personal access token (User); service tokens cannot have them",
    )
}

pub(crate) fn type_word(t: SecretType) -> &'static str {
    match t {
        SecretType::Secret => "secret",
        SecretType::Sealed => "sealed",
        SecretType::Config => "config",
    }
}

pub(crate) fn seal(keys: &EnvKeys, text: &str, what: &str) -> Result<String, PhaseError> {
    keys.encrypt(text).map_err(|_| crypto_failed(what))
}

/// A comment field: `""` stays plain (as the Go and Python SDKs send it), anything else
/// is encrypted.
pub(crate) fn comment_field(keys: &EnvKeys, comment: &str) -> Result<String, PhaseError> {
    if comment.is_empty() {
        Ok(String::new())
    } else {
        seal(keys, comment, "comment")
    }
}

pub(crate) fn override_field(keys: &EnvKeys, o: &OverrideInput) -> Result<Value, PhaseError> {
    Ok(json!({ "value": seal(keys, o.value.expose(), "override")?, "isActive": o.is_active }))
}

pub(crate) fn body(items: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({ "secrets": items })).expect("JSON values encode")
}

pub(crate) fn not_in_env(id: &str) -> PhaseError {
    PhaseError::NotFound {
        message: format!("Secret {id} is not in this environment (it was deleted, or belongs to another one). Nothing was sent."),
    }
}

pub(crate) fn rotating(key: &str) -> PhaseError {
    PhaseError::validation(
        "lifecycle",
        format!("{key} is rotated by Phase: it cannot be changed or deleted here"),
    )
}

/// The update applied to the secret as it was, for when reading it back failed.
pub(crate) fn applied(mut s: Secret, u: &SecretUpdate) -> Secret {
    s.path = u.path.clone();
    if let Some(k) = &u.key {
        s.key = k.clone();
    }
    if let Some(v) = &u.value {
        if s.r#type != SecretType::Sealed {
            s.value = v.clone();
        }
    }
    if let Some(c) = &u.comment {
        s.comment = c.clone();
    }
    if let Some(t) = &u.tags {
        s.tags = t.clone();
    }
    if let Some(t) = u.r#type {
        s.r#type = t;
    }
    if let Some(o) = &u.r#override {
        let mut existing = s.r#override.take().unwrap_or_else(|| {
            Box::new(phase_api::Override {
                id: String::new(),
                value: SecretString::default(),
                is_active: true,
                created_at: None,
                updated_at: None,
            })
        });
        existing.value = o.value.clone();
        existing.is_active = o.is_active;
        s.r#override = Some(existing);
    }
    s.version += 1;
    s
}
