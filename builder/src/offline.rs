//! Offline use: the web app manifest and the service worker.
//!
//! - `manifest.webmanifest` is the theme's file of that name (where the app starts, its scope,
//!   display, colours and icons) with the guide's own words added from `guide.toml`: `name`
//!   (the title), `short_name`, `description` and `lang`. Its URLs must be relative, so the site
//!   works under any sub-path, and every icon must be a file of the site.
//! - `sw.js` is the theme's `sw.js` with `__GUIDE_BUILD__` replaced by this build: its version
//!   (a hash of the script and of every other file of the site, paths included) and the list of
//!   every other file with its Subresource Integrity (`sha256-…`), which the worker keeps in a
//!   cache named after the version, each download checked by the browser against its integrity.
//!   It is made last, from the finished site; the files are hashed on every core.
//!
//! `site.js` (a theme asset every page loads) registers the worker and says in the footer when the guide is
//! kept (「已可离线使用」) or when a newer build is waiting (「指南已更新」, 刷新).

use base64::Engine as _;
use rayon::prelude::*;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::{BuildError, Location};
use crate::site::OutputFile;
use crate::templates::Theme;

/// The manifest's output path (and theme file name), which `base.html` links.
pub const MANIFEST: &str = "manifest.webmanifest";
/// The service worker's output path (and theme file name): at the site's root, so that its
/// scope is the site's folder.
pub const SERVICE_WORKER: &str = "sw.js";
/// What the builder replaces in the theme's `sw.js`, exactly once.
pub const BUILD_PLACEHOLDER: &str = "__GUIDE_BUILD__";

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
    let mut bytes = serde_json::to_vec(&Value::Object(manifest))
        .map_err(|err| error(format!("cannot write the manifest: {err}")))?;
    bytes.push(b'\n');
    Ok(OutputFile {
        path: MANIFEST.into(),
        bytes,
    })
}

/// The service worker for the finished site `files`: the theme's script with this build's
/// version and every file in it.
pub fn service_worker(theme: &Theme, files: &[OutputFile]) -> Result<OutputFile, BuildError> {
    let (template, origin) = theme_file(theme, SERVICE_WORKER)?;
    let error = |message: String| BuildError::Theme {
        at: Location::file(&origin),
        message,
    };
    let script =
        String::from_utf8(template.to_vec()).map_err(|_| error("not valid UTF-8".into()))?;
    if script.matches(BUILD_PLACEHOLDER).count() != 1 {
        return Err(error(format!(
            "must contain `{BUILD_PLACEHOLDER}` exactly once: the builder puts the list of files there"
        )));
    }

    let mut kept: Vec<&OutputFile> = files
        .iter()
        .filter(|file| file.path != SERVICE_WORKER)
        .collect();
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    let integrities: Vec<String> = kept.par_iter().map(|file| integrity(&file.bytes)).collect();
    // The version follows the script, every path and every file's hash (so every byte).
    let mut version = Sha256::new();
    version.update(script.as_bytes());
    let list: Vec<Value> = kept
        .iter()
        .zip(integrities)
        .map(|(file, integrity)| {
            version.update(file.path.as_bytes());
            version.update([0]);
            version.update(integrity.as_bytes());
            version.update([0]);
            json!([url_path(&file.path), integrity])
        })
        .collect();
    let version: String = version
        .finalize()
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let build = json!({ "version": version, "files": list });
    // JSON is JavaScript, but for these two (legal in JSON strings, not in older engines' ones).
    let build = build
        .to_string()
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    Ok(OutputFile {
        path: SERVICE_WORKER.into(),
        bytes: script.replacen(BUILD_PLACEHOLDER, &build, 1).into_bytes(),
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

/// A site path as a relative URL: anything but unreserved characters and `/` percent-encoded
/// (as a browser encodes a link to it).
fn url_path(path: &str) -> String {
    let mut url = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// The Subresource Integrity of `bytes` (`sha256-` and the base64 of their SHA-256), which the
/// worker passes to `fetch`: the browser refuses a download that is not this build's file (a
/// stale copy from a cache on the way, a host that rewrites files).
pub fn integrity(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, bytes: &[u8]) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.to_vec(),
        }
    }

    /// The files a built `sw.js` (of the default theme) lists.
    fn kept_files(service_worker: &str) -> Option<Vec<String>> {
        let start = service_worker.find("const BUILD = ")? + "const BUILD = ".len();
        let mut stream = serde_json::Deserializer::from_str(&service_worker[start..]).into_iter();
        let build: Value = stream.next()?.ok()?;
        build["files"]
            .as_array()?
            .iter()
            .map(|entry| entry.get(0)?.as_str().map(str::to_string))
            .collect()
    }

    fn theme() -> Theme {
        let guide = tempfile::tempdir().expect("temp dir");
        Theme::load(guide.path()).expect("the default theme")
    }

    /// The values of `openssl dgst -sha256 -binary | base64`, as browsers compare them.
    #[test]
    fn integrity_is_the_subresource_integrity_of_the_bytes() {
        assert_eq!(
            integrity(b""),
            "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(
            integrity(b"abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }

    #[test]
    fn the_worker_lists_every_other_file_and_its_version_follows_their_bytes() {
        let theme = theme();
        let site = vec![
            file("b.html", b"<p>b"),
            file("a/x y.js", b"x"),
            file(SERVICE_WORKER, b"old"),
        ];
        let worker = service_worker(&theme, &site).expect("built");
        let text = String::from_utf8(worker.bytes).expect("UTF-8");
        assert!(!text.contains(BUILD_PLACEHOLDER));
        assert_eq!(
            kept_files(&text),
            Some(vec!["a/x%20y.js".to_string(), "b.html".to_string()])
        );
        assert!(text.contains(&integrity(b"<p>b")));

        let version = |site: &[OutputFile]| {
            let text = String::from_utf8(service_worker(&theme, site).expect("built").bytes)
                .expect("UTF-8");
            let at = text.find("\"version\":\"").expect("a version") + 11;
            text[at..at + 16].to_string()
        };
        let changed = vec![file("b.html", b"<p>B"), file("a/x y.js", b"x")];
        let renamed = vec![file("c.html", b"<p>b"), file("a/x y.js", b"x")];
        assert_ne!(version(&site), version(&changed));
        assert_ne!(version(&site), version(&renamed));
        assert_eq!(
            version(&site),
            version(&site[..2]),
            "sw.js itself is not hashed"
        );
    }

    #[test]
    fn a_theme_worker_without_its_placeholder_is_refused() {
        let guide = tempfile::tempdir().expect("temp dir");
        let dir = guide.path().join("theme");
        std::fs::create_dir(&dir).expect("theme folder");
        std::fs::write(
            dir.join("sw.js"),
            "self.addEventListener('fetch', () => {});",
        )
        .expect("write");
        let theme = Theme::load(guide.path()).expect("theme loads");
        let message = service_worker(&theme, &[])
            .expect_err("refused")
            .to_string();
        assert!(message.contains("theme/sw.js"), "{message}");
        assert!(message.contains(BUILD_PLACEHOLDER), "{message}");
    }

    #[test]
    fn url_paths_are_encoded_as_a_browser_would() {
        assert_eq!(url_path("search/t0.1f.bin"), "search/t0.1f.bin");
        assert_eq!(url_path("a b/指南.html"), "a%20b/%E6%8C%87%E5%8D%97.html");
        assert_eq!(url_path("x#y?z"), "x%23y%3Fz");
    }
}
