//! The web app manifest, as built: the guide's words, relative URLs and icons that exist at
//! their stated sizes; every page links it with the same theme colour; a theme cannot break it
//! silently.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{copy_dir, read_tree, tags, workspace};
use serde_json::Value;

fn shipped_guide() -> std::path::PathBuf {
    workspace().join("guide")
}

fn build(guide: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    builder::build(guide, out).unwrap_or_else(|err| panic!("the guide does not build: {err}"));
    read_tree(out)
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
    }
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
