//! Pasted `KEY=VALUE` lines (dotenv style) turned into a batch to create.

use phase_api::{normalize_key, normalize_path, NewSecret, SecretString, SecretType};

use crate::view::BatchLine;

/// A parsed paste: a preview line for every entry, and the secrets to send
/// when no line has an error.
pub struct ParsedBatch {
    pub lines: Vec<BatchLine>,
    pub secrets: Vec<NewSecret>,
}

impl ParsedBatch {
    pub fn first_error(&self) -> Option<&BatchLine> {
        self.lines.iter().find(|l| l.error.is_some())
    }
}

fn unquote(raw: &str) -> String {
    let v = raw.trim();
    let quoted = v.len() >= 2
        && ((v.starts_with('"') && v.ends_with('"')) || (v.starts_with('\'') && v.ends_with('\'')));
    if !quoted {
        // Unquoted values end where a ` #` comment starts, as in dotenv files.
        return match v.find(" #").or_else(|| v.find("\t#")) {
            Some(at) => v[..at].trim_end().to_string(),
            None => v.to_string(),
        };
    }
    let inner = &v[1..v.len() - 1];
    if v.starts_with('"') {
        inner.replace("\\n", "\n").replace("\\\"", "\"")
    } else {
        inner.to_string()
    }
}

/// Parses `text` into secrets at `path`. Blank lines and `#` comments are
/// skipped, `export ` is accepted, values may be quoted.
pub fn parse(text: &str, path: &str) -> ParsedBatch {
    let folder = normalize_path(path);
    let mut lines = Vec::new();
    let mut secrets = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let entry = trimmed.strip_prefix("export ").unwrap_or(trimmed);
        let line = (index + 1) as u32;
        let Some((raw_key, raw_value)) = entry.split_once('=') else {
            lines.push(BatchLine {
                line,
                key: String::new(),
                value_chars: 0,
                error: Some("Expected KEY=VALUE.".into()),
            });
            continue;
        };
        let value = unquote(raw_value);
        let mut preview = BatchLine {
            line,
            key: raw_key.trim().to_string(),
            value_chars: value.chars().count() as u32,
            error: None,
        };
        match (normalize_key(raw_key), &folder) {
            (Err(e), _) => preview.error = Some(e.to_string()),
            (_, Err(e)) => preview.error = Some(e.to_string()),
            (Ok(key), Ok(folder)) => {
                preview.key = key.clone();
                if secrets.iter().any(|s: &NewSecret| s.key == key) {
                    preview.error = Some(format!("{key} appears more than once in this paste."));
                } else {
                    secrets.push(NewSecret {
                        key,
                        value: SecretString::from(value),
                        comment: None,
                        tags: Vec::new(),
                        path: Some(folder.clone()),
                        r#type: Some(SecretType::Secret),
                        r#override: None,
                    });
                }
            }
        }
        lines.push(preview);
    }
    ParsedBatch { lines, secrets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dotenv_lines_and_flags_bad_ones() {
        let text = "# comment\n\nexport API_URL=\"https://x\\n\"\ndb-host = localhost # local\nnot a pair\nDB_HOST=again\n9ÄX=1\n";
        let parsed = parse(text, "backend");
        let keys: Vec<_> = parsed
            .lines
            .iter()
            .map(|l| (l.line, l.key.as_str(), l.error.is_some()))
            .collect();
        assert_eq!(
            keys,
            vec![
                (3, "API_URL", false),
                (4, "DB_HOST", false),
                (5, "", true),
                (6, "DB_HOST", true),
                (7, "9ÄX", true)
            ]
        );
        assert_eq!(parsed.secrets.len(), 2);
        assert_eq!(parsed.secrets[0].value.expose(), "https://x\n");
        assert_eq!(parsed.secrets[1].path.as_deref(), Some("/backend"));
        assert_eq!(parsed.secrets[1].value.expose(), "localhost");
        assert_eq!(parsed.lines[0].value_chars, 10);
        assert!(parsed.first_error().is_some());
    }
}
