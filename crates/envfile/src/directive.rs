//! The `#@ path=/db tags=a,b type=sealed` line that carries a secret's folder, tags and type in an
//! .env export, directly above its `KEY=` line.
//!
//! Fields are separated by whitespace, each `name=value`. In a field's value `%`, `,`,
//! whitespace and control characters are percent-encoded (`%2C`, `%20`, …, UTF-8 bytes), so a tag
//! may hold a comma or a space and the line stays one line. Unknown fields, and words without `=`,
//! are ignored; a `type=` other than `secret`, `sealed` or `config` marks the directive bad (the
//! parser then refuses the entry rather than import a sealed secret as a plain one).

use crate::Entry;

/// The kinds a `type=` may name.
pub(crate) const KINDS: [&str; 3] = ["secret", "sealed", "config"];

/// What the `#@` lines above a key said (several lines merge; a later field wins).
#[derive(Debug, Default)]
pub(crate) struct Directive {
    pub path: Option<String>,
    pub tags: Option<Vec<String>>,
    pub kind: Option<String>,
    /// A `type=` that is not one of [`KINDS`] was read (and not overridden by a good one).
    pub bad_type: bool,
}

/// The text after `#@` when `line` (already trimmed at the start) is a directive line: `#@`
/// followed by whitespace or nothing. `#@x` is an ordinary comment.
pub(crate) fn body(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("#@")?;
    match rest.chars().next() {
        None => Some(rest),
        Some(c) if c.is_whitespace() => Some(rest),
        Some(_) => None,
    }
}

impl Directive {
    /// Merges the fields of one directive line's body.
    pub(crate) fn read(&mut self, body: &str) {
        for field in body.split_whitespace() {
            let Some((name, value)) = field.split_once('=') else {
                continue;
            };
            match name {
                "path" => self.path = Some(decode(value)),
                "tags" => self.tags = Some(value.split(',').map(decode).collect()),
                "type" => {
                    let kind = decode(value).to_ascii_lowercase();
                    if KINDS.contains(&kind.as_str()) {
                        self.kind = Some(kind);
                        self.bad_type = false;
                    } else {
                        self.kind = None;
                        self.bad_type = true;
                    }
                }
                _ => {}
            }
        }
    }
}

/// The directive line for `entry` (without a line break), or `None` when everything is default:
/// folder `/`, no tags, no type.
pub(crate) fn line_for(entry: &Entry) -> Option<String> {
    let mut fields = Vec::new();
    if entry.path != "/" {
        fields.push(format!("path={}", encode(&entry.path)));
    }
    if !entry.tags.is_empty() {
        let tags: Vec<String> = entry.tags.iter().map(|t| encode(t)).collect();
        fields.push(format!("tags={}", tags.join(",")));
    }
    if let Some(kind) = &entry.kind {
        fields.push(format!("type={}", encode(kind)));
    }
    if fields.is_empty() {
        None
    } else {
        Some(format!("#@ {}", fields.join(" ")))
    }
}

fn needs_encoding(c: char) -> bool {
    c == '%' || c == ',' || c.is_whitespace() || c.is_control()
}

pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if needs_encoding(c) {
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Inverse of [`encode`]; a `%` not followed by two hex digits is kept as written.
pub(crate) fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_round_trips() {
        for s in [
            "a,b",
            "with space",
            "100%",
            "tab\there",
            "line\nbreak",
            "ü,é",
            "%2C",
        ] {
            assert_eq!(decode(&encode(s)), s);
            assert!(!encode(s).contains([',', ' ', '\n', '\t']));
        }
    }

    #[test]
    fn stray_percent_is_kept() {
        assert_eq!(decode("50%"), "50%");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%4"), "%4");
    }

    #[test]
    fn u8_from_str_radix_rejects_signs() {
        // `+1` would parse as 1: a "%+1" must stay as written.
        assert_eq!(decode("%+1"), "%+1");
    }
}
