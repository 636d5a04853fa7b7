//! Pure input checks, run by the client before any request and usable by a UI layer.
//! Every refusal is a [`CommandkError::Validation`] naming the field; none quotes a value.

use phase_api::SecretString;

use crate::error::CommandkError;

/// The longest secret name accepted for creation (characters).
pub const MAX_NAME_LEN: usize = 256;
/// The longest value accepted (bytes of UTF-8).
pub const MAX_VALUE_BYTES: usize = 64 * 1024;
/// The longest id accepted (app, environment, secret, provider).
pub const MAX_ID_LEN: usize = 128;
/// The longest app name accepted for a lookup (characters).
pub const MAX_APP_NAME_LEN: usize = 256;

/// Checks a name for a new secret and returns it trimmed: 1 to 256 characters among
/// letters, digits, `_`, `-` and `.`, so that it works as an environment variable name
/// or a file key (the ways CommandK's CLI hands secrets to programs).
pub fn validate_secret_name(raw: &str) -> Result<String, CommandkError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(CommandkError::validation(
            "name",
            "the name must not be empty",
        ));
    }
    let len = name.chars().count();
    if len > MAX_NAME_LEN {
        return Err(CommandkError::validation(
            "name",
            format!("a name has at most {MAX_NAME_LEN} characters ({len} given)"),
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    {
        return Err(CommandkError::validation(
            "name",
            format!(
                "a name may only contain letters, digits, '_', '-' and '.' (found {})",
                shown(c)
            ),
        ));
    }
    Ok(name.to_string())
}

/// Checks a name used to look secrets up (`secret-name-filter`): existing secrets may have
/// been named elsewhere, so only emptiness, length and control characters are refused.
pub fn validate_lookup_name(field: &str, raw: &str, max: usize) -> Result<String, CommandkError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(CommandkError::validation(
            field,
            format!("{field} must not be empty"),
        ));
    }
    if name.chars().count() > max {
        return Err(CommandkError::validation(
            field,
            format!("{field} has at most {max} characters"),
        ));
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Err(CommandkError::validation(
            field,
            format!(
                "{field} must not contain control characters (found {})",
                shown(c)
            ),
        ));
    }
    Ok(name.to_string())
}

/// Checks an id (`field` names it: `"app"`, `"environment"`, `"secret"`, `"providerId"`)
/// and returns it trimmed: 1 to 128 of letters, digits, `-`, `_`, `.`, `:`.
pub fn validate_id(field: &str, raw: &str) -> Result<String, CommandkError> {
    let id = raw.trim();
    if id.is_empty() {
        return Err(CommandkError::validation(
            field,
            format!("the {field} id is empty"),
        ));
    }
    if id.len() > MAX_ID_LEN {
        return Err(CommandkError::validation(
            field,
            format!("the {field} id is longer than {MAX_ID_LEN} characters"),
        ));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
    if !id.chars().all(allowed) || id == "." || id == ".." {
        return Err(CommandkError::validation(
            field,
            format!("the {field} id has characters an id cannot have"),
        ));
    }
    Ok(id.to_string())
}

/// Checks a value to set: at most 64 KiB, no NUL character. Empty values are allowed.
pub fn validate_value(value: &SecretString) -> Result<(), CommandkError> {
    let bytes = value.expose().len();
    if bytes > MAX_VALUE_BYTES {
        return Err(CommandkError::validation(
            "value",
            format!("a value has at most {MAX_VALUE_BYTES} bytes ({bytes} given)"),
        ));
    }
    if value.expose().contains('\0') {
        return Err(CommandkError::validation(
            "value",
            "a value must not contain the NUL character",
        ));
    }
    Ok(())
}

fn shown(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("'{c}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: CommandkError) -> String {
        match e {
            CommandkError::Validation { field, .. } => field,
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn secret_names() {
        assert_eq!(
            validate_secret_name("  db_password ").unwrap(),
            "db_password"
        );
        assert_eq!(validate_secret_name("API-KEY.v2").unwrap(), "API-KEY.v2");
        let e = validate_secret_name("db password").unwrap_err();
        assert!(e.to_string().contains("U+0020"), "{e}");
        assert!(validate_secret_name("a/b")
            .unwrap_err()
            .to_string()
            .contains("'/'"));
        assert_eq!(field_of(validate_secret_name(" ").unwrap_err()), "name");
        assert!(validate_secret_name(&"x".repeat(256)).is_ok());
        assert!(validate_secret_name(&"x".repeat(257)).is_err());
        assert!(validate_secret_name("straße").is_err());
    }

    #[test]
    fn lookups_are_lenient_but_not_blind() {
        assert_eq!(
            validate_lookup_name("app", " My App (EU) ", 256).unwrap(),
            "My App (EU)"
        );
        assert_eq!(
            field_of(validate_lookup_name("app", "", 256).unwrap_err()),
            "app"
        );
        assert!(validate_lookup_name("app", "a\nb", 256).is_err());
        assert!(validate_lookup_name("name", "abc", 2).is_err());
    }

    #[test]
    fn ids() {
        assert_eq!(
            validate_id("environment", " yueOX-iOZN-UapbH-ruAP ").unwrap(),
            "yueOX-iOZN-UapbH-ruAP"
        );
        for bad in ["", "a/b", "a b", "..", "x?y", &"a".repeat(129)] {
            assert_eq!(
                field_of(validate_id("secret", bad).unwrap_err()),
                "secret",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn values() {
        assert!(validate_value(&"".into()).is_ok());
        assert!(validate_value(&"x".repeat(MAX_VALUE_BYTES).into()).is_ok());
        let e = validate_value(&"x".repeat(MAX_VALUE_BYTES + 1).into()).unwrap_err();
        assert_eq!(field_of(e), "value");
        let e = validate_value(&"secret\0tail".into()).unwrap_err();
        assert!(!e.to_string().contains("secret\0"));
    }
}
