//! Pure functions between the API's secrets and what the UI is allowed to see:
//! masked rows, value look-ups, changed-field updates, restoring deleted secrets.

use phase_api::{
    normalize_key, normalize_path, validate_tag, Lifecycle, NewSecret, OverrideInput, Secret,
    SecretString, SecretType, SecretUpdate,
};

use crate::error::{DeskError, DeskResult};
use crate::view::{SecretChanges, SecretDraft, SecretKind, SecretRow, ValueChoice};

pub fn kind_of(t: SecretType) -> SecretKind {
    match t {
        SecretType::Secret => SecretKind::Secret,
        SecretType::Sealed => SecretKind::Sealed,
        SecretType::Config => SecretKind::Config,
    }
}

pub fn type_of(k: SecretKind) -> SecretType {
    match k {
        SecretKind::Secret => SecretType::Secret,
        SecretKind::Sealed => SecretType::Sealed,
        SecretKind::Config => SecretType::Config,
    }
}

/// A secret as a table row: no value unless the secret is `config`.
pub fn row(secret: &Secret) -> SecretRow {
    let kind = kind_of(secret.r#type);
    SecretRow {
        id: secret.id.clone(),
        key: secret.key.clone(),
        path: secret.path.clone(),
        comment: secret.comment.clone(),
        tags: secret.tags.clone(),
        kind,
        rotating: secret.lifecycle == Lifecycle::Rotating,
        version: secret.version.clamp(i32::MIN as i64, i32::MAX as i64) as i32,
        created_at: secret.created_at.map(|t| t.timestamp_millis()),
        updated_at: secret.updated_at.map(|t| t.timestamp_millis()),
        has_override: secret.r#override.is_some(),
        override_active: secret.r#override.as_ref().is_some_and(|o| o.is_active),
        // The value that applies to the person, as copy and reveal give it.
        config_value: (kind == SecretKind::Config)
            .then(|| secret.effective_value().expose().to_string()),
        value_set: None,
        preview: None,
    }
}

/// The value the person asked for; `None` for sealed secrets and missing overrides.
pub fn pick_value(secret: &Secret, which: ValueChoice) -> Option<&str> {
    if secret.r#type == SecretType::Sealed {
        return None;
    }
    match which {
        ValueChoice::Effective => Some(secret.effective_value().expose()),
        ValueChoice::Shared => Some(secret.value.expose()),
        ValueChoice::Override => secret.r#override.as_ref().map(|o| o.value.expose()),
    }
}

/// Ids of the secrets whose shared or effective value contains `needle`
/// (case-insensitive). Sealed values are never searched.
pub fn search_values<'a>(
    secrets: impl IntoIterator<Item = &'a Secret>,
    needle: &str,
) -> Vec<String> {
    let needle = needle.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    secrets
        .into_iter()
        .filter(|s| s.r#type != SecretType::Sealed)
        .filter(|s| {
            s.value.expose().to_lowercase().contains(&needle)
                || s.effective_value()
                    .expose()
                    .to_lowercase()
                    .contains(&needle)
        })
        .map(|s| s.id.clone())
        .collect()
}

pub(crate) fn clean_tags(tags: &[String]) -> DeskResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim();
        if tag.is_empty() {
            continue;
        }
        validate_tag(tag)?;
        if !out.iter().any(|t| t == tag) {
            out.push(tag.to_string());
        }
    }
    Ok(out)
}

/// A draft from the create panel, validated and normalised.
pub fn new_secret(draft: &SecretDraft, can_override: bool) -> DeskResult<NewSecret> {
    let override_input = match &draft.override_value {
        Some(value) if can_override => Some(OverrideInput {
            value: SecretString::from(value.clone()),
            is_active: draft.override_active,
        }),
        Some(_) => {
            return Err(DeskError::invalid(
                "overrideValue",
                "Personal overrides need a Personal Access Token account.",
            ))
        }
        None => None,
    };
    Ok(NewSecret {
        key: normalize_key(&draft.key)?,
        value: SecretString::from(draft.value.clone()),
        comment: Some(draft.comment.trim().to_string()).filter(|c| !c.is_empty()),
        tags: clean_tags(&draft.tags)?,
        path: Some(normalize_path(&draft.path)?),
        r#type: Some(type_of(draft.kind)),
        r#override: override_input,
    })
}

/// The update to send for `changes` made to `current`: only fields that really
/// differ, and always the path. `None` when nothing differs.
///
/// An unchanged value is never sent: the API returns values with references
/// resolved, so writing one back would replace a reference with a copy.
pub fn update_for(current: &Secret, changes: &SecretChanges) -> DeskResult<Option<SecretUpdate>> {
    if current.lifecycle == Lifecycle::Rotating {
        return Err(DeskError::invalid(
            "key",
            "This secret is rotated by Phase and is read-only here.",
        ));
    }
    let key = match &changes.key {
        Some(k) => Some(normalize_key(k)?).filter(|k| k != &current.key),
        None => None,
    };
    let value = changes
        .value
        .as_ref()
        .filter(|v| v.as_str() != current.value.expose())
        .map(|v| SecretString::from(v.clone()));
    let comment = changes
        .comment
        .as_ref()
        .map(|c| c.trim().to_string())
        .filter(|c| c != &current.comment);
    let tags = match &changes.tags {
        Some(t) => Some(clean_tags(t)?).filter(|t| t != &current.tags),
        None => None,
    };
    let path = match &changes.path {
        Some(p) => normalize_path(p)?,
        None => current.path.clone(),
    };
    // The server checks for a duplicate only when `key` is sent: a move always sends it.
    let key = key.or_else(|| (path != current.path).then(|| current.key.clone()));
    let new_type = changes.kind.map(type_of).filter(|t| *t != current.r#type);
    if current.r#type == SecretType::Sealed && new_type.is_some() {
        return Err(DeskError::invalid(
            "kind",
            "A sealed secret cannot be turned back into another type.",
        ));
    }
    if key.is_none()
        && value.is_none()
        && comment.is_none()
        && tags.is_none()
        && path == current.path
        && new_type.is_none()
    {
        return Ok(None);
    }
    Ok(Some(SecretUpdate {
        id: current.id.clone(),
        path,
        key,
        value,
        comment,
        tags,
        r#type: new_type,
        r#override: None,
    }))
}

/// What re-creates a deleted secret: every field, override included.
pub fn recreate(secret: &Secret) -> NewSecret {
    NewSecret {
        key: secret.key.clone(),
        value: secret.value.clone(),
        comment: Some(secret.comment.clone()).filter(|c| !c.is_empty()),
        tags: secret.tags.clone(),
        path: Some(secret.path.clone()),
        r#type: Some(secret.r#type),
        r#override: secret.r#override.as_ref().map(|o| OverrideInput {
            value: o.value.clone(),
            is_active: o.is_active,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(kind: SecretType, lifecycle: Lifecycle) -> Secret {
        let json = serde_json::json!({
            "id": "s1", "key": "DB_URL", "value": "postgres://resolved", "comment": "db",
            "tags": ["db"], "override": null, "type": kind, "lifecycle": lifecycle,
            "path": "/backend", "keyDigest": "x", "version": 3, "environment": "e1"
        });
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_row_carries_its_times_as_milliseconds_since_the_epoch() {
        let mut s = secret(SecretType::Secret, Lifecycle::Static);
        assert_eq!((row(&s).created_at, row(&s).updated_at), (None, None));
        s.created_at = Some("2026-01-01T00:00:00.250Z".parse().unwrap());
        s.updated_at = Some("2026-01-02T00:00:00+01:00".parse().unwrap());
        let r = row(&s);
        assert_eq!(r.created_at, Some(1_767_225_600_250));
        assert_eq!(r.updated_at, Some(1_767_308_400_000));
    }

    #[test]
    fn an_unchanged_value_is_never_sent_but_the_path_always_is() {
        let s = secret(SecretType::Secret, Lifecycle::Static);
        let changes = SecretChanges {
            value: Some("postgres://resolved".into()),
            comment: Some("primary db".into()),
            ..SecretChanges::default()
        };
        let update = update_for(&s, &changes).unwrap().unwrap();
        assert!(update.value.is_none());
        assert_eq!(update.comment.as_deref(), Some("primary db"));
        assert_eq!(update.path, "/backend");
        assert!(update.key.is_none() && update.tags.is_none() && update.r#type.is_none());
        assert!(update_for(&s, &SecretChanges::default()).unwrap().is_none());
    }

    #[test]
    fn moves_and_renames_are_normalised() {
        let s = secret(SecretType::Secret, Lifecycle::Static);
        let changes = SecretChanges {
            key: Some(" db url-2 ".into()),
            path: Some("frontend/".into()),
            tags: Some(vec!["db".into(), " web ".into(), "web".into(), "".into()]),
            ..SecretChanges::default()
        };
        let update = update_for(&s, &changes).unwrap().unwrap();
        assert_eq!(update.key.as_deref(), Some("DB_URL_2"));
        assert_eq!(update.path, "/frontend");
        assert_eq!(update.tags, Some(vec!["db".to_string(), "web".to_string()]));
        let move_only = SecretChanges {
            path: Some("/elsewhere".into()),
            ..SecretChanges::default()
        };
        let update = update_for(&s, &move_only).unwrap().unwrap();
        assert_eq!(
            update.key.as_deref(),
            Some("DB_URL"),
            "a move carries the key"
        );
    }

    #[test]
    fn sealed_and_rotating_rules_are_enforced_before_sending() {
        let sealed = secret(SecretType::Sealed, Lifecycle::Static);
        let to_config = SecretChanges {
            kind: Some(SecretKind::Config),
            ..SecretChanges::default()
        };
        let err = update_for(&sealed, &to_config).unwrap_err().to_ipc();
        assert_eq!(err.field.as_deref(), Some("kind"));
        assert!(pick_value(&sealed, ValueChoice::Shared).is_none());
        let rotating = secret(SecretType::Secret, Lifecycle::Rotating);
        assert!(update_for(&rotating, &to_config).is_err());
        let long_tag = SecretChanges {
            tags: Some(vec!["x".repeat(65)]),
            ..SecretChanges::default()
        };
        assert!(update_for(&secret(SecretType::Secret, Lifecycle::Static), &long_tag).is_err());
    }

    #[test]
    fn config_rows_show_the_value_that_applies_to_the_person() {
        let mut s = secret(SecretType::Config, Lifecycle::Static);
        assert_eq!(row(&s).config_value.as_deref(), Some("postgres://resolved"));
        s.r#override = serde_json::from_value(
            serde_json::json!({"id": "o", "value": "mine", "isActive": true}),
        )
        .unwrap();
        assert_eq!(row(&s).config_value.as_deref(), Some("mine"));
        s.r#override.as_mut().unwrap().is_active = false;
        assert_eq!(row(&s).config_value.as_deref(), Some("postgres://resolved"));
        assert_eq!(
            row(&secret(SecretType::Secret, Lifecycle::Static)).config_value,
            None
        );
    }

    #[test]
    fn recreating_keeps_every_field() {
        let mut s = secret(SecretType::Config, Lifecycle::Static);
        s.r#override = serde_json::from_value(
            serde_json::json!({"id": "o", "value": "mine", "isActive": false}),
        )
        .unwrap();
        let n = recreate(&s);
        assert_eq!(
            (n.key.as_str(), n.value.expose()),
            ("DB_URL", "postgres://resolved")
        );
        assert_eq!(n.comment.as_deref(), Some("db"));
        assert_eq!(n.path.as_deref(), Some("/backend"));
        assert_eq!(n.r#type, Some(SecretType::Config));
        let o = n.r#override.unwrap();
        assert_eq!((o.value.expose(), o.is_active), ("mine", false));
    }
}
