//! Exports: .env (keeps everything), JSON and YAML (flat: one value per key).

use crate::{directive, Entry};

/// Why an export could not be written. Names keys, never values.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The flat formats hold one value per key; the .env export keeps folders.
    #[error(
        "{} {} in more than one folder (or listed twice), but a {format} export holds one value per key: export as .env, which keeps folders",
        .keys.join(", "),
        if .keys.len() == 1 { "is" } else { "are" }
    )]
    KeyInSeveralFolders {
        /// `"JSON"` or `"YAML"`.
        format: &'static str,
        /// Each such key once, in the order they first appear.
        keys: Vec<String>,
    },
}

/// .env text for `entries`, in order. Per entry, directly above its `KEY="value"` line: its
/// comment as `# ` lines (one per line of the comment) and, when the folder, the tags or the type
/// are not the default (`/`, none, `None`), one `#@ path=/db tags=a,b type=sealed` line. An entry
/// with a comment or a `#@` line is set off by a blank line from the one before.
///
/// Values are always double-quoted, with `\` `"` line feed, carriage return and tab escaped
/// (`\\ \" \n \r \t`); `$` is written as it is, so `${staging.KEY}` references stay intact (the
/// parser never expands). Keys are written as given (the caller has validated them). A comment
/// cannot keep a carriage return directly before a line break (CRLF is read as LF).
pub fn write_dotenv(entries: &[Entry]) -> String {
    let mut out = String::new();
    for (n, entry) in entries.iter().enumerate() {
        let directive = directive::line_for(entry);
        if n > 0 && (!entry.comment.is_empty() || directive.is_some()) {
            out.push('\n');
        }
        if !entry.comment.is_empty() {
            for line in entry.comment.split('\n') {
                out.push('#');
                if !line.is_empty() {
                    out.push(' ');
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        if let Some(directive) = directive {
            out.push_str(&directive);
            out.push('\n');
        }
        out.push_str(&entry.key);
        out.push_str("=\"");
        for c in entry.value.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c => out.push(c),
            }
        }
        out.push_str("\"\n");
    }
    out
}

/// `{"KEY": "value", …}`, pretty, in the given order. Folders, comments, tags and types are not
/// kept. Fails when a key appears more than once.
pub fn write_json(entries: &[Entry]) -> Result<String, ExportError> {
    check_flat(entries, "JSON")?;
    if entries.is_empty() {
        return Ok("{}\n".to_owned());
    }
    let members: Vec<String> = entries
        .iter()
        .map(|e| format!("  {}: {}", json_string(&e.key), json_string(&e.value)))
        .collect();
    Ok(format!("{{\n{}\n}}\n", members.join(",\n")))
}

/// `KEY: "value"` lines in the given order, values always double-quoted and escaped (keys too
/// when they are not plain `[A-Za-z_][A-Za-z0-9_]*` or would read as a YAML boolean or null).
/// Folders, comments, tags and types are not kept. Fails when a key appears more than once.
pub fn write_yaml(entries: &[Entry]) -> Result<String, ExportError> {
    check_flat(entries, "YAML")?;
    if entries.is_empty() {
        return Ok("{}\n".to_owned());
    }
    let mut out = String::new();
    for e in entries {
        if plain_yaml_key(&e.key) {
            out.push_str(&e.key);
        } else {
            out.push_str(&yaml_string(&e.key));
        }
        out.push_str(": ");
        out.push_str(&yaml_string(&e.value));
        out.push('\n');
    }
    Ok(out)
}

fn check_flat(entries: &[Entry], format: &'static str) -> Result<(), ExportError> {
    let mut keys: Vec<String> = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        let again = entries[..n].iter().any(|earlier| earlier.key == e.key);
        if again && !keys.contains(&e.key) {
            keys.push(e.key.clone());
        }
    }
    if keys.is_empty() {
        Ok(())
    } else {
        Err(ExportError::KeyInSeveralFolders { format, keys })
    }
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// Words YAML 1.1 reads as booleans or null when plain.
const YAML_WORDS: [&str; 12] = [
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "", "<<",
];

fn plain_yaml_key(key: &str) -> bool {
    let mut chars = key.chars();
    let starts_well = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    starts_well
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !YAML_WORDS.contains(&key.to_ascii_lowercase().as_str())
}

/// A YAML double-quoted scalar. Escapes `\` and `"`, and every character YAML does not allow
/// as it is or reads as a line break (C0/C1 controls, DEL, U+2028, U+2029, U+FEFF, U+FFFE/F).
fn yaml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\0' => out.push_str("\\0"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c.is_control() || matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_escapes() {
        assert_eq!(yaml_string("a\"b\\c\n\u{1b}$"), r#""a\"b\\c\n\u001B$""#);
        assert_eq!(yaml_string("\u{2028}"), r#""\L""#);
    }

    #[test]
    fn yaml_keys_that_would_change_meaning_are_quoted() {
        assert!(plain_yaml_key("DB_HOST"));
        for key in ["ON", "no", "NULL", "1ST", "A-B", "A.B", "", "ü"] {
            assert!(!plain_yaml_key(key), "{key}");
        }
    }
}
