//! TOML parsing shared by guide.toml and front matter: errors carry the dotted key path
//! (serde_path_to_error) and the 1-based line (from toml's byte span), never a multi-line snippet.

use serde::de::DeserializeOwned;

#[derive(Debug)]
pub struct TomlError {
    /// Dotted key path such as `policy.intake_months`; empty when the error is not about a key.
    pub key: String,
    /// toml's own message, without its source snippet.
    pub message: String,
    /// 1-based line within the parsed text.
    pub line: Option<usize>,
}

pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, TomlError> {
    let deserializer = toml::de::Deserializer::parse(text).map_err(|err| {
        let message = one_line(err.message());
        TomlError {
            // toml names the duplicate only by its span.
            key: match err.span() {
                Some(span) if message.starts_with("duplicate key") => key_path_at(text, span),
                _ => String::new(),
            },
            line: err.span().map(|span| line_of_offset(text, span.start)),
            message,
        }
    })?;
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let key = err.path().to_string();
        let inner = err.into_inner();
        TomlError {
            // serde_path_to_error writes "." for the root.
            key: if key == "." { String::new() } else { key },
            line: inner.span().map(|span| line_of_offset(text, span.start)),
            message: one_line(inner.message()),
        }
    })
}

/// 1-based line of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// 1-based line where `key = …` is written inside `[table]` (or at the top level when `table` is
/// empty): lets a validation error point at the line even though serde no longer knows it.
pub fn line_of_key(text: &str, table: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if let Some(header) = line.strip_prefix('[') {
            current = header
                .split(']')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            continue;
        }
        if current == table {
            let name = line.split('=').next().unwrap_or_default().trim();
            if line.contains('=') && name.trim_matches('"') == key {
                return Some(index + 1);
            }
        }
    }
    None
}

/// 1-based line of the header `[table]`, for an error about a table as a whole.
pub fn line_of_table(text: &str, table: &str) -> Option<usize> {
    text.lines()
        .position(|raw| {
            let line = raw.trim();
            !line.starts_with("[[")
                && line
                    .strip_prefix('[')
                    .and_then(|header| header.split(']').next())
                    .is_some_and(|header| header.trim() == table)
        })
        .map(|index| index + 1)
}

/// The dotted path of the key written at `span`: a table header's own name, or the name of
/// the table it is in followed by the key.
fn key_path_at(text: &str, span: std::ops::Range<usize>) -> String {
    let Some(key) = text.get(span.clone()) else {
        return String::new();
    };
    let key = key.trim().trim_matches(['"', '\'']);
    let line_start = text[..span.start].rfind('\n').map_or(0, |at| at + 1);
    let header = |line: &str| {
        let line = line.trim();
        line.strip_prefix('[')
            .and_then(|inner| inner.split(']').next())
            .map(|name| name.trim_matches(['[', ' ']).to_string())
    };
    let line = text[line_start..].lines().next().unwrap_or_default();
    if let Some(name) = header(line) {
        return name;
    }
    match text[..line_start].lines().rev().find_map(header) {
        Some(table) => format!("{table}.{key}"),
        None => key.to_string(),
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}
