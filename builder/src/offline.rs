//! Offline use: the web app manifest.
//!
//! `manifest.webmanifest` is the theme's file of that name (where the app starts, its scope,
//! display, colours and icons) with the guide's own words added from `guide.toml`: `name` (the
//! title), `short_name`, `description` and `lang`. Its URLs must be relative, so the site works
//! under any sub-path, and every icon must be a file of the site.

use serde_json::{json, Map, Value};

use crate::config::Config;
use crate::error::{BuildError, Location};
use crate::site::OutputFile;
use crate::templates::Theme;

/// The manifest's output path (and theme file name), which `base.html` links.
pub const MANIFEST: &str = "manifest.webmanifest";
/// The members of the manifest that come from `guide.toml`, never from the theme.
const GUIDE_MEMBERS: [&str; 4] = ["name", "short_name", "description", "lang"];

/// The web app manifest: the theme's, with the guide's words. `files` is the site so far; the
/// icons must be among them.
pub fn manifest(
    config: &Config,
    theme: &Theme,
    files: &[OutputFile],
) -> Result<OutputFile, BuildError> {
    let (template, origin) = theme_file(theme, MANIFEST)?;
    let error = |message: String| BuildError::Theme {
        at: Location::file(&origin),
        message,
    };
    let mut manifest: Map<String, Value> = match serde_json::from_slice(&template) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(error("not a JSON object".into())),
        Err(err) => {
            return Err(BuildError::Theme {
                at: Location {
                    file: origin.clone(),
                    line: Some(err.line()),
                },
                message: format!("not valid JSON: {err}"),
            })
        }
    };
    if let Some(member) = GUIDE_MEMBERS.iter().find(|m| manifest.contains_key(**m)) {
        return Err(error(format!(
            "`{member}` is set from guide.toml (title, short_name, description, language), not here"
        )));
    }
    for member in ["start_url", "scope"] {
        match manifest.get(member) {
            Some(Value::String(url)) if is_relative(url) => {}
            Some(_) => {
                return Err(error(format!(
                    "`{member}` must be a relative URL such as \"./\", so the site works under any sub-path"
                )))
            }
            None => return Err(error(format!("`{member}` is missing"))),
        }
    }
    let icons = match manifest.get("icons") {
        Some(Value::Array(icons)) if !icons.is_empty() => icons,
        _ => return Err(error("`icons` must list at least one icon".into())),
    };
    for icon in icons {
        let src = icon.get("src").and_then(Value::as_str).unwrap_or_default();
        let path = src.strip_prefix("./").unwrap_or(src);
        if !is_relative(src) || !files.iter().any(|file| file.path == path) {
            return Err(error(format!(
                "icon `{src}` is not a file of the site (icons are relative to the site root)"
            )));
        }
    }
    manifest.insert("name".into(), json!(config.title));
    manifest.insert("short_name".into(), json!(config.short_name()));
    manifest.insert("description".into(), json!(config.description));
    manifest.insert("lang".into(), json!(config.language));
    let mut bytes = serde_json::to_vec_pretty(&Value::Object(manifest))
        .map_err(|err| error(format!("cannot write the manifest: {err}")))?;
    bytes.push(b'\n');
    Ok(OutputFile {
        path: MANIFEST.into(),
        bytes,
    })
}

fn theme_file(theme: &Theme, name: &str) -> Result<(Vec<u8>, std::path::PathBuf), BuildError> {
    theme
        .file(name)
        .map(|file| (file.bytes.to_vec(), file.origin.clone()))
        .ok_or_else(|| BuildError::Theme {
            at: Location::file(format!("<embedded theme>/{name}")),
            message: "missing".into(),
        })
}

/// A URL relative to where it is written: no scheme, no leading `/`.
fn is_relative(url: &str) -> bool {
    !url.is_empty() && !url.starts_with('/') && !url.contains(':')
}
