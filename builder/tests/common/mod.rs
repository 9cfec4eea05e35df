//! Helpers shared by the integration tests: fixture paths, folder copies, and checks of the built
//! pages read with `scraper` (html5ever, a browser-grade parser) rather than the builder's own
//! scanner, so the output is not checked with the code that produced it.

#![allow(dead_code)] // each test binary uses a different part

pub mod search_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};

pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// The `base_url` tests write into guide.toml.
pub const BASE_URL: &str = "https://example.org/guide/";

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn fixture(name: &str) -> PathBuf {
    workspace().join("tests").join("fixtures").join(name)
}

/// Copies a folder tree (fixtures are small).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Every file under `dir`, by `/`-separated relative path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let relative = path.strip_prefix(root).expect("inside root");
                let key = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(key, std::fs::read(&path).expect("read file"));
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

/// One element: lower-case name and attributes (entities decoded).
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|err| panic!("selector {css}: {err}"))
}

/// Every element of a document, in document order.
pub fn tags(html: &str) -> Vec<Tag> {
    Html::parse_document(html)
        .select(&selector("*"))
        .map(|element| Tag {
            name: element.value().name().to_string(),
            attrs: element
                .value()
                .attrs()
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .collect(),
        })
        .collect()
}

/// The text a reader sees in `<body>`: text nodes outside scripts and styles, separated by
/// spaces (an element boundary separates words, as a browser's line break would).
pub fn visible_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let Some(body) = document.select(&selector("body")).next() else {
        return String::new();
    };
    body.descendants()
        .filter_map(|node| {
            let text = node.value().as_text()?;
            let parent = node.parent().and_then(ElementRef::wrap)?;
            let hidden = matches!(parent.value().name(), "script" | "style" | "template");
            (!hidden).then(|| text.to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of a document's `<title>`.
fn title(html: &str) -> Option<String> {
    Html::parse_document(html)
        .select(&selector("title"))
        .next()
        .map(|title| title.text().collect())
}

/// Checks that every output HTML page is complete and self-contained; returns the problems.
pub fn site_problems(site: &Path, site_title: &str) -> Vec<String> {
    let files = read_tree(site);
    let mut problems = Vec::new();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pages: BTreeMap<String, Vec<Tag>> = BTreeMap::new();
    for (path, bytes) in &files {
        if path.ends_with(".css") {
            // Nothing from another origin: no imported sheets, no remote fonts or images.
            let css = String::from_utf8_lossy(bytes);
            if css.contains("@import") || css.split("url(").skip(1).any(|u| u.contains("//")) {
                problems.push(format!("{path}: imports or url() from another origin"));
            }
        }
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).expect("UTF-8 page");
        let page_tags = tags(&html);
        let page_ids: BTreeSet<String> = page_tags
            .iter()
            .filter_map(|t| t.attr("id").map(str::to_string))
            .collect();
        ids.insert(path.clone(), page_ids);
        problems.extend(head_problems(path, &html, &page_tags, site_title));
        pages.insert(path.clone(), page_tags);
    }
    for (path, page_tags) in &pages {
        for tag in page_tags {
            for key in ["href", "src", "action", "srcset"] {
                let Some(target) = tag.attr(key) else {
                    continue;
                };
                if let Some(problem) = link_problem(&files, &ids, path, tag, target) {
                    problems.push(format!(
                        "{path}: <{} {key}=\"{target}\">: {problem}",
                        tag.name
                    ));
                }
            }
        }
    }
    problems
}

fn head_problems(path: &str, html: &str, page_tags: &[Tag], site_title: &str) -> Vec<String> {
    let mut problems = Vec::new();
    // The 404 page links by absolute URL when the site's address is known: read as relative.
    fn local<'a>(path: &str, tag: &'a Tag) -> Option<&'a str> {
        let href = tag.attr("href");
        match path {
            "404.html" => href.map(|h| h.strip_prefix(BASE_URL).unwrap_or(h)),
            _ => href,
        }
    }
    let href = |tag| local(path, tag);
    let mut require = |ok: bool, what: &str| {
        if !ok {
            problems.push(format!("{path}: {what}"));
        }
    };
    require(
        html.starts_with("<!doctype html>\n<html lang=\"zh-CN\">"),
        "doctype and <html lang=\"zh-CN\">",
    );
    let meta = |name: &str| {
        page_tags
            .iter()
            .find(|t| t.name == "meta" && t.attr("name") == Some(name))
            .and_then(|t| t.attr("content"))
    };
    require(
        page_tags.iter().any(|t| {
            t.name == "meta"
                && t.attr("charset")
                    .is_some_and(|c| c.eq_ignore_ascii_case("utf-8"))
        }),
        "meta charset",
    );
    require(
        meta("viewport").is_some_and(|c| c.contains("width=device-width")),
        "viewport meta",
    );
    require(
        meta("description").is_some_and(|c| !c.trim().is_empty()),
        "meta description",
    );
    require(
        page_tags.iter().any(|t| {
            t.name == "meta"
                && t.attr("http-equiv")
                    .is_some_and(|h| h.eq_ignore_ascii_case("content-security-policy"))
                && t.attr("content") == Some(CSP)
        }),
        "CSP meta",
    );
    require(
        page_tags.iter().any(|t| {
            t.name == "link"
                && t.attr("rel") == Some("icon")
                && href(t) == Some("favicon.svg")
                && t.attr("type") == Some("image/svg+xml")
        }),
        "icon link",
    );
    require(
        page_tags.iter().any(|t| {
            t.name == "link" && t.attr("rel") == Some("stylesheet") && href(t) == Some("style.css")
        }),
        "stylesheet link",
    );
    require(
        title(html)
            .as_deref()
            .is_some_and(|t| t.ends_with(site_title)),
        "<title> ending with the site title",
    );
    require(
        page_tags.iter().any(|t| {
            t.name == "a" && href(t) == Some("index.html") && t.attr("class") == Some("site-title")
        }),
        "site title linking to index.html",
    );
    require(
        page_tags
            .iter()
            .any(|t| t.name == "a" && t.attr("href") == Some("#main")),
        "skip link",
    );
    require(page_tags.iter().any(|t| t.name == "footer"), "footer");
    let has = |rel: &str| {
        page_tags
            .iter()
            .any(|t| t.name == "a" && t.attr("rel") == Some(rel))
    };
    match path {
        "index.html" => require(has("next") && !has("prev"), "first page: next only"),
        "checker.html" => require(has("prev") && !has("next"), "last page: prev only"),
        "search.html" => require(
            !has("prev") && !has("next"),
            "search: outside the reading order",
        ),
        "404.html" => require(!has("prev") && !has("next"), "404 page: no prev or next"),
        _ => require(has("prev") && has("next"), "prev and next"),
    }
    // The strict CSP forbids inline styles and inline scripts.
    for tag in page_tags {
        if tag.attr("style").is_some() {
            problems.push(format!("{path}: style= attribute on <{}>", tag.name));
        }
        if tag.name == "style" {
            problems.push(format!("{path}: <style> element"));
        }
        if tag.attrs.iter().any(|(k, _)| k.starts_with("on")) {
            problems.push(format!("{path}: event handler attribute on <{}>", tag.name));
        }
        if tag.name == "script"
            && tag.attr("src").is_none()
            && tag.attr("type") != Some("application/json")
        {
            problems.push(format!("{path}: inline <script>"));
        }
    }
    problems
}

fn link_problem(
    files: &BTreeMap<String, Vec<u8>>,
    ids: &BTreeMap<String, BTreeSet<String>>,
    page: &str,
    tag: &Tag,
    target: &str,
) -> Option<String> {
    // The public address the tests give guide.toml as `base_url`: links under it (canonical
    // links, the 404 page's) must resolve in the site like relative ones.
    if let Some(path) = target.strip_prefix(BASE_URL) {
        let path = if path.is_empty() { "index.html" } else { path };
        return link_problem(files, ids, page, tag, path);
    }
    if target.contains("http:") || target.contains("https:") || target.starts_with("//") {
        // Only a plain link may leave the site, and it must not leak or grant the opener.
        let rel = tag.attr("rel").unwrap_or_default();
        let isolated = rel.split_whitespace().any(|r| r == "noopener")
            && rel.split_whitespace().any(|r| r == "noreferrer");
        return (tag.name != "a" || !isolated).then(|| "another origin".to_string());
    }
    if target.starts_with("mailto:") {
        return None;
    }
    if target.starts_with('/') || target.contains(':') {
        return Some("not a relative URL".into());
    }
    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
    let path = if path.is_empty() { page } else { path };
    if !files.contains_key(path) {
        return Some(format!("no file {path}"));
    }
    if target.contains('#') && !ids.get(path).is_some_and(|ids| ids.contains(fragment)) {
        return Some(format!("no id `{fragment}` in {path}"));
    }
    None
}
