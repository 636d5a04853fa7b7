//! The .env parser.
//!
//! Why not `dotenvy`: its `parse_value`/`apply_substitution` (allan2/dotenvy, `dotenvy/src/parse.rs`)
//! expand `$NAME` and `${NAME}` in unquoted and double-quoted values, from the process environment
//! first and earlier lines second, and put an empty string for a name found in neither, so a Phase
//! reference such as `DB=${staging.DB_HOST}` or `DB="${/backend/KEY}"` imports silently as an empty
//! value (only single quotes or `\$` protect it). Its parse errors also carry the line's text.
//!
//! Grammar read here (values are never expanded; `$` is an ordinary character):
//! - A UTF-8 byte-order mark is dropped; CRLF is read as LF (also inside quoted values).
//! - Blank lines; `# comment` lines; leading whitespace; `export KEY=value`; `KEY = value`.
//! - Unquoted values are trimmed; whitespace followed by `#` starts an inline comment, a `#`
//!   right after other text is part of the value (`URL=http://x/#frag`).
//! - `'…'` and `` `…` ``: literal, no escapes, may span lines.
//! - `"…"`: escapes `\n \r \t \" \\ \$`; any other `\x` is kept as written; may span lines.
//! - After a closing quote only whitespace or a `# comment` may follow, else the entry is refused.
//! - `KEY=` is an empty value; `KEY` alone, a line starting with `=`, a key with spaces or with
//!   characters other than letters, digits, `_`, `.`, `-` are refused.
//! - A quote that is never closed is refused at the line it opened; parsing goes on at the next
//!   line that looks like `KEY=` (the lines in between are named in the reason, not parsed, since
//!   they are most likely the rest of the value).
//! - An unquoted value starting `-----BEGIN` whose block goes on over the next lines (a PEM key
//!   pasted without quotes) is refused as a whole rather than imported cut after its first line.
//! - A key that appears again in the same folder: the later one is refused
//!   ("KEY appears again (line N); …"), the first is kept.
//!
//! Metadata: `# ` lines directly above a key (no blank line between) are its comment, joined with
//! `\n`, with the `#` and one following space removed; `#@ ` lines there are directives (see
//! `directive.rs`). A comment block followed by a blank line belongs to the file, not to a key.

use std::collections::HashMap;

use crate::directive::{self, Directive};
use crate::{is_key_shaped, Entry, Format, Parsed, Refused};

/// Parses .env text. Never fails as a whole: what can't be read is in `refused`.
pub fn parse_dotenv(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let mut parser = Parser {
        lines: &lines,
        entries: Vec::new(),
        refused: Vec::new(),
        comment: Vec::new(),
        directive: Directive::default(),
        seen: HashMap::new(),
    };
    let mut i = 0;
    while i < lines.len() {
        i = parser.line(i);
    }
    Parsed {
        format: Format::Dotenv,
        entries: parser.entries,
        refused: parser.refused,
    }
}

/// A value, or why not, with the index of the line to go on at.
type ValueResult = Result<(String, usize), (String, usize)>;

struct Parser<'a> {
    lines: &'a [&'a str],
    entries: Vec<Entry>,
    refused: Vec<Refused>,
    /// `#` lines read since the last blank line or key.
    comment: Vec<String>,
    /// `#@` lines read since the last blank line or key.
    directive: Directive,
    /// (folder, key) → line of the first one.
    seen: HashMap<(String, String), usize>,
}

impl Parser<'_> {
    /// Reads the line at index `i` (and, for multi-line values, those after it); returns the index
    /// of the next line to read.
    fn line(&mut self, i: usize) -> usize {
        let t = self.lines[i].trim_start();
        if t.is_empty() {
            self.comment.clear();
            self.directive = Directive::default();
            return i + 1;
        }
        if let Some(body) = directive::body(t) {
            self.directive.read(body);
            return i + 1;
        }
        if let Some(c) = t.strip_prefix('#') {
            self.comment
                .push(c.strip_prefix(' ').unwrap_or(c).to_owned());
            return i + 1;
        }
        let comment = std::mem::take(&mut self.comment).join("\n");
        let directive = std::mem::take(&mut self.directive);
        self.assignment(i, t, comment, directive)
    }

    fn refuse(&mut self, line: usize, key: Option<&str>, reason: String) {
        self.refused.push(Refused {
            line,
            key: key.map(str::to_owned),
            reason,
        });
    }

    /// `t`: the line at `i`, trimmed at the start, not blank and not a comment.
    fn assignment(&mut self, i: usize, t: &str, comment: String, directive: Directive) -> usize {
        let n = i + 1;
        let t = strip_export(t);
        let Some(eq) = t.find('=') else {
            let word = t.trim_end();
            if is_key_shaped(word) {
                self.refuse(n, Some(word), format!("line {n}: no '=' after {word}"));
            } else {
                let reason = format!("line {n}: neither a comment nor KEY=value (no '=')");
                self.refuse(n, None, reason);
            }
            return i + 1;
        };
        let key = t[..eq].trim_end();
        if key.is_empty() {
            let reason = format!("line {n} starts with '=': there is no key before it");
            self.refuse(n, None, reason);
            return i + 1;
        }
        if key.contains(char::is_whitespace) {
            if key.split_whitespace().all(is_key_shaped) {
                let reason = format!("line {n}: the key \"{key}\" contains spaces");
                self.refuse(n, Some(key), reason);
            } else {
                let reason =
                    format!("line {n}: the text before '=' contains spaces, so it is not a key");
                self.refuse(n, None, reason);
            }
            return i + 1;
        }
        if !is_key_shaped(key) {
            let reason = format!(
                "line {n}: the text before '=' is not a key (only letters, digits, '_', '.' and '-')"
            );
            self.refuse(n, None, reason);
            return i + 1;
        }
        match self.value(i, key, &t[eq + 1..]) {
            Ok((value, next)) => {
                self.accept(n, key, value, comment, directive);
                next
            }
            Err((reason, next)) => {
                self.refuse(n, Some(key), reason);
                next
            }
        }
    }

    fn accept(&mut self, n: usize, key: &str, value: String, comment: String, d: Directive) {
        if d.bad_type {
            let reason = format!(
                "line {n}: the #@ line above {key} has a type= other than secret, sealed or config"
            );
            return self.refuse(n, Some(key), reason);
        }
        let path = d.path.unwrap_or_else(|| "/".to_owned());
        let id = (path, key.to_owned());
        if let Some(first) = self.seen.get(&id) {
            let reason =
                format!("{key} appears again (line {n}); the first, on line {first}, is kept");
            return self.refuse(n, Some(key), reason);
        }
        let path = id.0.clone();
        self.seen.insert(id, n);
        self.entries.push(Entry {
            key: key.to_owned(),
            value,
            comment,
            tags: d.tags.unwrap_or_default(),
            path,
            kind: d.kind,
            line: n,
        });
    }

    /// The value after `=` on the line at `i`.
    fn value(&self, i: usize, key: &str, after: &str) -> ValueResult {
        let v = after.trim_start_matches([' ', '\t']);
        let spaced = v.len() < after.len();
        match v.chars().next() {
            None => Ok((String::new(), i + 1)),
            Some('#') if spaced => Ok((String::new(), i + 1)),
            Some(q @ ('"' | '\'' | '`')) => self.quoted(i, key, q, &v[1..]),
            Some(_) => self.unquoted(i, key, v),
        }
    }

    fn unquoted(&self, i: usize, key: &str, v: &str) -> ValueResult {
        let value = cut_inline_comment(v).trim();
        if value.starts_with("-----BEGIN") && !value.contains("-----END") {
            if let Some(last) = self.pem_tail(i) {
                let (n, end) = (i + 1, last + 1);
                let reason = format!(
                    "line {n}: {key}'s value is a PEM block over lines {n}-{end} without quotes; \
                     put it in double quotes"
                );
                return Err((reason, last + 1));
            }
        }
        Ok((value.to_owned(), i + 1))
    }

    /// For an unquoted `-----BEGIN` value at `i`: the index of the last line of its block, if the
    /// block goes on after line `i`. The `-----END` line if one comes before a blank line, another
    /// `-----BEGIN` or a line that is plainly `KEY=value`; otherwise the run of lines that are
    /// neither blank, comments nor `KEY=` lines.
    fn pem_tail(&self, i: usize) -> Option<usize> {
        for (j, line) in self.lines.iter().enumerate().skip(i + 1) {
            if line.trim().is_empty() || line.contains("-----BEGIN") {
                break;
            }
            if line.contains("-----END") {
                return Some(j);
            }
            // Base64 ends with `=` padding, which looks like `KEY=` or `KEY==`.
            if assignment_value(line).is_some_and(|v| !v.trim().chars().all(|c| c == '=')) {
                break;
            }
        }
        let run = self.lines[i + 1..]
            .iter()
            .take_while(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with('#') && assignment_value(l).is_none()
            })
            .count();
        (run > 0).then_some(i + run)
    }

    /// A value opened by the quote `q` on line `i`; `first` is the text after the quote.
    fn quoted(&self, i: usize, key: &str, q: char, first: &str) -> ValueResult {
        let n = i + 1;
        let mut out = String::new();
        let mut j = i;
        let mut seg = first;
        let mut escaped = false;
        loop {
            let mut close = None;
            for (p, c) in seg.char_indices() {
                if q == '"' {
                    if escaped {
                        escaped = false;
                        match c {
                            'n' => out.push('\n'),
                            'r' => out.push('\r'),
                            't' => out.push('\t'),
                            '"' | '\\' | '$' => out.push(c),
                            _ => {
                                out.push('\\');
                                out.push(c);
                            }
                        }
                        continue;
                    }
                    if c == '\\' {
                        escaped = true;
                        continue;
                    }
                }
                if c == q {
                    close = Some(p);
                    break;
                }
                out.push(c);
            }
            if let Some(p) = close {
                let rest = seg[p + q.len_utf8()..].trim_start();
                if rest.is_empty() || rest.starts_with('#') {
                    return Ok((out, j + 1));
                }
                if j == i {
                    let reason = format!(
                        "line {n}: text after the closing {q} of {key}'s value \
                         (only a # comment may follow it)"
                    );
                    return Err((reason, i + 1));
                }
                // A "closing" quote lines below, followed by text: most likely the opening quote
                // of a later value, and this one was never closed.
                break;
            }
            if escaped {
                // A backslash before the line break is kept as written.
                out.push('\\');
                escaped = false;
            }
            j += 1;
            if j >= self.lines.len() {
                break;
            }
            out.push('\n');
            seg = self.lines[j];
        }
        let resume = (i + 1..self.lines.len())
            .find(|&k| assignment_value(self.lines[k]).is_some())
            .unwrap_or(self.lines.len());
        let skipped = if resume == self.lines.len() {
            format!("the rest of the file (from line {n}) was skipped")
        } else if resume == i + 1 {
            format!("reading went on at line {}", resume + 1)
        } else {
            format!("lines {n}-{resume} were skipped")
        };
        let reason =
            format!("line {n}: the {q} that opens {key}'s value is never closed; {skipped}");
        Err((reason, resume))
    }
}

/// `export KEY=…` → `KEY=…`; `export=…` and `export = …` keep `export` as the key.
fn strip_export(t: &str) -> &str {
    if let Some(rest) = t.strip_prefix("export") {
        if rest.starts_with(char::is_whitespace) {
            let rest = rest.trim_start();
            if !rest.is_empty() && !rest.starts_with('=') {
                return rest;
            }
        }
    }
    t
}

/// The text after `=` when `line` looks like `[export] KEY = …` with a key-shaped key.
fn assignment_value(line: &str) -> Option<&str> {
    let t = strip_export(line.trim_start());
    let (key, value) = t.split_once('=')?;
    is_key_shaped(key.trim_end()).then_some(value)
}

/// An unquoted value up to its inline comment: a `#` preceded by whitespace.
fn cut_inline_comment(v: &str) -> &str {
    let mut after_space = false;
    for (p, c) in v.char_indices() {
        if c == '#' && after_space {
            return &v[..p];
        }
        after_space = c.is_whitespace();
    }
    v
}
