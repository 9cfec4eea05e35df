//! Offline use, as built: `sw.js` lists every other file of the site with its integrity (SHA-256)
//! and a version that follows them; the web app manifest carries the guide's words, relative
//! URLs and icons that exist at their stated sizes; every page links the manifest, registers
//! the worker and has the footer's status texts; a theme cannot break these silently. (That it
//! works in a browser, offline and through an update, is `tests/e2e/tests/offline.rs`.)

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use builder::offline::integrity;
use common::{copy_dir, read_tree, tags, workspace};
use serde_json::Value;

fn shipped_guide() -> std::path::PathBuf {
    workspace().join("guide")
}

fn build(guide: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    builder::build(guide, out).unwrap_or_else(|err| panic!("the guide does not build: {err}"));
    read_tree(out)
}

/// `sw.js`'s build: (version, [(path, hash)]).
fn worker_build(site: &BTreeMap<String, Vec<u8>>) -> (String, Vec<(String, String)>) {
    let script = String::from_utf8(site["sw.js"].clone()).expect("UTF-8 sw.js");
    let start = script.find("const BUILD = ").expect("the BUILD constant") + 14;
    let build: Value = serde_json::Deserializer::from_str(&script[start..])
        .into_iter()
        .next()
        .expect("a JSON value")
        .expect("valid JSON");
    let files = build["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|entry| {
            let path = entry[0].as_str().expect("a path").to_string();
            let hash = entry[1].as_str().expect("a hash").to_string();
            (path, hash)
        })
        .collect();
    let version = build["version"].as_str().expect("a version").to_string();
    (version, files)
}

#[test]
fn the_worker_keeps_every_other_file_of_the_site_as_built() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = build(&shipped_guide(), &dir.path().join("site"));
    let (version, listed) = worker_build(&site);
    assert_eq!(version.len(), 16, "{version}");
    let expected: Vec<(String, String)> = site
        .iter()
        .filter(|(path, _)| path.as_str() != "sw.js" && path.as_str() != ".builder-site")
        .map(|(path, bytes)| (path.clone(), integrity(bytes)))
        .collect();
    assert_eq!(listed, expected);
    // Pages, the checker, the search engine and its index, the manifest and icons among them.
    for path in [
        "index.html",
        "checker.html",
        "checker/checker_bg.wasm",
        "search.html",
        "search/index.bin",
        "search/search_bg.wasm",
        "manifest.webmanifest",
        "icon-512.png",
        "site.js",
    ] {
        assert!(listed.iter().any(|(p, _)| p == path), "{path} is not kept");
    }
    assert!(listed
        .iter()
        .any(|(p, _)| p.starts_with("search/t") && p.ends_with(".bin")));
}

#[test]
fn the_version_changes_with_any_file_and_only_then() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = build(&shipped_guide(), &dir.path().join("a"));
    let again = build(&shipped_guide(), &dir.path().join("b"));
    assert_eq!(
        first["sw.js"], again["sw.js"],
        "the same guide, another sw.js"
    );

    let guide = dir.path().join("guide");
    copy_dir(&shipped_guide(), &guide);
    let materials = guide.join("sections/60-materials.md");
    let text = std::fs::read_to_string(&materials).expect("materials.md");
    std::fs::write(&materials, format!("{text}\n新增的一句话。\n")).expect("edit");
    let changed = build(&guide, &dir.path().join("c"));
    let (old, _) = worker_build(&first);
    let (new, listed) = worker_build(&changed);
    assert_ne!(old, new, "a changed page keeps the version");
    let hash = |site: &BTreeMap<String, Vec<u8>>| integrity(&site["materials.html"]);
    assert!(listed.contains(&("materials.html".into(), hash(&changed))));
    assert_ne!(hash(&first), hash(&changed));
}

#[test]
fn the_manifest_has_the_guides_words_relative_urls_and_real_icons() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = build(&shipped_guide(), &dir.path().join("site"));
    let config_text =
        std::fs::read_to_string(shipped_guide().join("guide.toml")).expect("guide.toml");
    let config =
        builder::config::parse(Path::new("guide.toml"), &config_text).expect("valid guide.toml");
    let manifest: Value =
        serde_json::from_slice(&site["manifest.webmanifest"]).expect("JSON manifest");
    assert_eq!(manifest["name"], config.title.as_str());
    assert_eq!(manifest["short_name"], "职称初定指南");
    assert_eq!(manifest["lang"], "zh-CN");
    assert_eq!(manifest["description"], config.description.as_str());
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["start_url"], "index.html");
    assert_eq!(manifest["scope"], "./");
    let theme_color = manifest["theme_color"].as_str().expect("theme_color");

    let icons = manifest["icons"].as_array().expect("icons");
    let mut largest_png = 0;
    for icon in icons {
        let src = icon["src"].as_str().expect("src");
        let bytes = site
            .get(src)
            .unwrap_or_else(|| panic!("icon {src} not built"));
        match icon["type"].as_str() {
            Some("image/png") => {
                // The PNG's own IHDR width and height are the stated size.
                assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{src}");
                let side =
                    |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
                let (width, height) = (side(16), side(20));
                assert_eq!(icon["sizes"], format!("{width}x{height}").as_str(), "{src}");
                largest_png = largest_png.max(width.min(height));
            }
            Some("image/svg+xml") => {
                assert_eq!(icon["sizes"], "any", "{src}");
                assert!(bytes.starts_with(b"<svg"), "{src}");
            }
            other => panic!("{src}: unexpected type {other:?}"),
        }
    }
    // Installing on Android wants a PNG of at least 144 px; 512 px for the splash screen.
    assert!(largest_png >= 512, "largest PNG icon: {largest_png}px");

    for (path, bytes) in &site {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let page = tags(&html);
        let has = |f: &dyn Fn(&common::Tag) -> bool| page.iter().any(f);
        assert!(
            has(&|t| t.name == "link"
                && t.attr("rel") == Some("manifest")
                && t.attr("href") == Some("manifest.webmanifest")),
            "{path}: no manifest link"
        );
        assert!(
            has(&|t| t.name == "meta"
                && t.attr("name") == Some("theme-color")
                && t.attr("content") == Some(theme_color)),
            "{path}: no theme-color {theme_color}"
        );
        assert!(
            has(&|t| t.name == "script"
                && t.attr("type") == Some("module")
                && t.attr("src") == Some("site.js")),
            "{path}: site.js is not loaded"
        );
        for (id, words) in [
            ("offline-ready", "已可离线使用"),
            ("offline-updated", "指南已更新"),
        ] {
            assert!(
                has(&|t| t.attr("id") == Some(id) && t.attr("hidden").is_some()),
                "{path}: #{id} missing or not hidden until there is something to say"
            );
            assert!(html.contains(words), "{path}: no {words}");
        }
        assert!(has(
            &|t| t.name == "button" && t.attr("id") == Some("offline-reload")
        ));
    }
}

/// The worker script and the registration obey the pages' rules: no inline code, relative
/// URLs only, nothing from another origin.
#[test]
fn the_scripts_use_relative_urls_and_register_with_no_http_caching() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = build(&shipped_guide(), &dir.path().join("site"));
    // The shipped file is minified (build.rs): no space after a comma or a colon, and strings
    // in whichever quotes are shortest (compared here with every quote as `'`).
    let registration = String::from_utf8_lossy(&site["site.js"]).replace(['`', '"'], "'");
    assert!(registration.contains("new URL('sw.js',import.meta.url)"));
    assert!(registration.contains("updateViaCache:'none'"));
    let worker = String::from_utf8_lossy(&site["sw.js"]).into_owned();
    for script in [&registration, &worker] {
        assert!(!script.contains("http://") && !script.contains("https://"));
        assert!(!script.contains("importScripts"));
    }
    assert!(worker.contains("url.origin !== self.location.origin"));
}

/// A theme that overrides the offline files is held to what the pages rely on.
#[test]
fn a_theme_cannot_break_the_manifest_silently() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    copy_dir(&shipped_guide(), &guide);
    std::fs::create_dir_all(guide.join("theme")).expect("theme folder");
    let default: Value = serde_json::from_slice(
        &std::fs::read(workspace().join("builder/theme/manifest.webmanifest"))
            .expect("default manifest"),
    )
    .expect("JSON");
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: [(&str, Edit, &str); 5] = [
        (
            "name",
            Box::new(|m| m["name"] = "X".into()),
            "`name` is set from guide.toml",
        ),
        (
            "absolute",
            Box::new(|m| m["start_url"] = "/index.html".into()),
            "`start_url` must be a relative URL",
        ),
        (
            "no scope",
            Box::new(|m| {
                m.as_object_mut().map(|o| o.remove("scope"));
            }),
            "`scope` is missing",
        ),
        (
            "icon",
            Box::new(|m| m["icons"][1]["src"] = "icon-144.png".into()),
            "icon `icon-144.png` is not a file of the site",
        ),
        (
            "no icons",
            Box::new(|m| m["icons"] = Value::Array(vec![])),
            "`icons` must list at least one icon",
        ),
    ];
    for (case, edit, expected) in cases {
        let mut manifest = default.clone();
        edit(&mut manifest);
        let path = guide.join("theme/manifest.webmanifest");
        std::fs::write(&path, manifest.to_string()).expect("write");
        let message = builder::build(&guide, &dir.path().join("site"))
            .expect_err(case)
            .to_string();
        assert!(
            message.contains("theme/manifest.webmanifest"),
            "{case}: {message}"
        );
        assert!(message.contains(expected), "{case}: {message}");
    }
    std::fs::write(guide.join("theme/manifest.webmanifest"), "{ \"scope\": ").expect("write");
    let message = builder::build(&guide, &dir.path().join("site"))
        .expect_err("not JSON")
        .to_string();
    assert!(message.contains("not valid JSON"), "{message}");
    assert!(
        !dir.path().join("site").exists(),
        "a failed build wrote a site"
    );
}
