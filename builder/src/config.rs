//! `guide.toml`: the site's settings and the `[policy]` table, validated on load.
//!
//! The policy table is deserialised into the checker's own type, so the guide text, the page's
//! data island and the checker can never read it differently.

use std::path::Path;

use serde::Deserialize;

use crate::error::{BuildError, Location};
use crate::tomlfile;
pub use checker_rules::Policy;

/// The validated contents of guide.toml.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Site title: every `<title>` ends with it.
    pub title: String,
    /// `<html lang>`.
    pub language: String,
    /// Meta description of the home page (unless index.md gives its own).
    pub description: String,
    /// The application portal (江苏人社网办大厅); the only external site the guide links to.
    pub portal_url: String,
    /// The site's public address (`https://example.org/guide/`), optional. With it the site
    /// gets `sitemap.xml`, canonical links and Open Graph tags, and its 404 page links by
    /// absolute URL; always ends in `/` once loaded.
    #[serde(default)]
    pub base_url: Option<String>,
    /// The name under the icon when the guide is added to a phone's home screen (the web app
    /// manifest's `short_name`); the title when absent.
    #[serde(default)]
    pub short_name: Option<String>,
    pub policy: Policy,
}

impl Config {
    /// The name under the home-screen icon: `short_name`, or the title.
    pub fn short_name(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.title)
    }
}

pub fn load(path: &Path) -> Result<Config, BuildError> {
    parse(path, &crate::input::read_text(path)?)
}

/// As [`load`], with every problem of the file rather than the first (`builder check`).
pub fn load_all(path: &Path) -> Result<Config, Vec<BuildError>> {
    let text = crate::input::read_text(path).map_err(|err| vec![err])?;
    parse_all(path, &text)
}

/// Parses and validates; `path` only names the file in errors.
pub fn parse(path: &Path, text: &str) -> Result<Config, BuildError> {
    // `parse_all` never fails with an empty list.
    parse_all(path, text).map_err(|mut problems| problems.swap_remove(0))
}

/// Parses and validates, with every value that makes no sense named, in the file's order of
/// checks (never an empty list).
pub fn parse_all(path: &Path, text: &str) -> Result<Config, Vec<BuildError>> {
    let mut config: Config = tomlfile::parse(text).map_err(|err| {
        vec![BuildError::Config {
            at: Location {
                file: path.to_path_buf(),
                line: err.line,
            },
            key: if err.key.is_empty() {
                "(document)".to_string()
            } else {
                err.key
            },
            message: err.message,
        }]
    })?;
    let invalid = |table: &str, key: &str, message: String| BuildError::Config {
        at: Location {
            file: path.to_path_buf(),
            line: tomlfile::line_of_key(text, table, key),
        },
        key: if table.is_empty() {
            key.to_string()
        } else {
            format!("{table}.{key}")
        },
        message,
    };

    let mut problems: Vec<BuildError> = config
        .policy
        .problems()
        .into_iter()
        .map(|problem| invalid("policy", problem.key, problem.message))
        .collect();
    for (key, value) in [
        ("title", &config.title),
        ("description", &config.description),
        (
            "short_name",
            config.short_name.as_ref().unwrap_or(&config.title),
        ),
    ] {
        if value.trim().is_empty() {
            problems.push(invalid("", key, "must not be empty".into()));
        }
    }
    if !is_language_tag(&config.language) {
        problems.push(invalid(
            "",
            "language",
            format!("`{}` is not a language tag such as zh-CN", config.language),
        ));
    }
    if !is_http_url(&config.portal_url) {
        problems.push(invalid(
            "",
            "portal_url",
            format!("`{}` is not an http(s) URL", config.portal_url),
        ));
    }
    if let Some(base_url) = config.base_url.as_mut() {
        if !is_http_url(base_url) || base_url.contains(['?', '#']) {
            problems.push(invalid(
                "",
                "base_url",
                format!(
                    "`{base_url}` is not the http(s) address of the site's folder, such as https://example.org/guide/"
                ),
            ));
        } else if !base_url.ends_with('/') {
            base_url.push('/');
        }
    }
    match problems.is_empty() {
        true => Ok(config),
        false => Err(problems),
    }
}

/// An absolute http(s) URL with a host and no spaces.
fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !url.contains(char::is_whitespace)
}

/// A loose BCP 47 shape (`zh`, `zh-CN`, `zh-Hans-CN`): enough to catch typos in `<html lang>`.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"
title = "T"
language = "zh-CN"
description = "D"
portal_url = "https://example.org/"

[policy]
intake_months = [1, 3]
rules_from_year = 2022
internship_months = 12
insurance_proof_months = 3
summary_min_words = 800
xuexin_from_year = 2001
"#;

    fn error_of(text: &str) -> String {
        parse(Path::new("guide.toml"), text)
            .expect_err("should fail")
            .to_string()
    }

    #[test]
    fn valid_config_loads() {
        let config = parse(Path::new("guide.toml"), VALID).expect("valid");
        assert_eq!(config.policy.intake_months, [1, 3]);
    }

    #[test]
    fn unknown_key_is_named() {
        let message = error_of(&VALID.replace("[policy]", "colour = \"red\"\n[policy]"));
        assert!(message.contains("colour"), "{message}");
        let message = error_of(&VALID.replace("summary_min_words", "summary_min_word"));
        assert!(message.contains("summary_min_word"), "{message}");
        assert!(message.contains("guide.toml:"), "{message}");
    }

    #[test]
    fn wrong_type_names_the_key_and_line() {
        let message = error_of(&VALID.replace("= 800", "= \"800\""));
        assert!(message.contains("policy.summary_min_words"), "{message}");
        assert!(message.contains("guide.toml:12"), "{message}");
    }

    #[test]
    fn duplicate_keys_and_tables_are_named() {
        let message = error_of(&VALID.replace("= 800", "= 800\nsummary_min_words = 900"));
        assert_eq!(
            message,
            "guide.toml:13: `policy.summary_min_words`: duplicate key"
        );
        let message = error_of(&VALID.replace("language =", "title = \"U\"\nlanguage ="));
        assert_eq!(message, "guide.toml:3: `title`: duplicate key");
        let message = error_of(&format!("{VALID}\n[policy]\n"));
        assert_eq!(message, "guide.toml:15: `policy`: duplicate key");
    }

    #[test]
    fn impossible_values_name_the_key_and_line() {
        let message = error_of(&VALID.replace("[1, 3]", "[1, 13]"));
        assert!(
            message.contains("guide.toml:8: `policy.intake_months`"),
            "{message}"
        );
        let message = error_of(&VALID.replace("[1, 3]", "[]"));
        assert!(message.contains("`policy.intake_months`"), "{message}");
        let message = error_of(&VALID.replace("= 12", "= -12"));
        assert!(message.contains("policy.internship_months"), "{message}");
        let message = error_of(&VALID.replace("zh-CN", "zh CN"));
        assert!(message.contains("`language`"), "{message}");
        let message = error_of(&VALID.replace("[policy]", "base_url = \"example.org\"\n[policy]"));
        assert!(message.contains("guide.toml:7: `base_url`"), "{message}");
        let message =
            error_of(&VALID.replace("[policy]", "base_url = \"https://x.org/?a\"\n[policy]"));
        assert!(message.contains("`base_url`"), "{message}");
        let message = error_of(&VALID.replace("language =", "short_name = \" \"\nlanguage ="));
        assert_eq!(message, "guide.toml:3: `short_name`: must not be empty");
    }

    #[test]
    fn base_url_is_optional_and_ends_in_a_slash() {
        let config = parse(Path::new("guide.toml"), VALID).expect("valid");
        assert_eq!(config.base_url, None);
        let with = VALID.replace(
            "[policy]",
            "base_url = \"https://example.org/guide\"\n[policy]",
        );
        let config = parse(Path::new("guide.toml"), &with).expect("valid");
        assert_eq!(
            config.base_url.as_deref(),
            Some("https://example.org/guide/")
        );
    }

    #[test]
    fn the_short_name_is_the_title_unless_given() {
        let config = parse(Path::new("guide.toml"), VALID).expect("valid");
        assert_eq!(config.short_name(), "T");
        let text = VALID.replace("language =", "short_name = \"S\"\nlanguage =");
        let config = parse(Path::new("guide.toml"), &text).expect("valid");
        assert_eq!(config.short_name(), "S");
    }
}
