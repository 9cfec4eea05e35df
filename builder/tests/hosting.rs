//! What hosts and search engines expect: `404.html` in the site's style, `robots.txt`, and with
//! `base_url` in guide.toml a sitemap, canonical links and Open Graph tags on every page, and a
//! 404 page whose links work at any depth.

mod common;

use std::path::Path;

use common::{copy_dir, fixture, read_tree, site_problems, tags, BASE_URL};

/// valid-minimal built, with `base_url` (written without its final `/`) when asked.
fn built(
    with_base_url: bool,
) -> (
    tempfile::TempDir,
    std::collections::BTreeMap<String, Vec<u8>>,
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    if with_base_url {
        let config = guide.join("guide.toml");
        let text = std::fs::read_to_string(&config).expect("read");
        let line = format!(
            "base_url = \"{}\"\n[policy]",
            BASE_URL.trim_end_matches('/')
        );
        std::fs::write(&config, text.replace("[policy]", &line)).expect("write");
    }
    let out = dir.path().join("site");
    builder::build(&guide, &out).expect("build");
    let problems = site_problems(&out, "测试指南");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let files = read_tree(&out);
    (dir, files)
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .clone(),
    )
    .expect("UTF-8")
}

/// The `content` of `<meta property=…>` and the `href` of `<link rel="canonical">` of a page.
fn social(html: &str) -> Vec<(String, String)> {
    tags(html)
        .into_iter()
        .filter_map(|tag| {
            if tag.name == "link" && tag.attr("rel") == Some("canonical") {
                return Some(("canonical".into(), tag.attr("href")?.to_string()));
            }
            let property = tag.attr("property")?.to_string();
            (tag.name == "meta").then(|| (property, tag.attr("content").unwrap_or_default().into()))
        })
        .collect()
}

#[test]
fn with_base_url_every_page_has_its_canonical_address_and_a_preview() {
    let (_dir, files) = built(true);
    let intake = text(&files, "intake.html");
    let url = format!("{BASE_URL}intake.html");
    assert_eq!(
        social(&intake),
        [
            ("canonical".to_string(), url.clone()),
            ("og:type".into(), "website".into()),
            ("og:site_name".into(), "测试指南".into()),
            ("og:title".into(), "受理范围及时间".into()),
            ("og:description".into(), "受理范围和受理月份。".into()),
            ("og:url".into(), url),
            ("og:locale".into(), "zh_CN".into()),
        ]
    );
    // The home page's address is the folder, as hosts serve it.
    let home = social(&text(&files, "index.html"));
    assert!(
        home.contains(&("canonical".into(), BASE_URL.into())),
        "{home:?}"
    );
    for page in ["basics.html", "faq.html", "checker.html"] {
        let found = social(&text(&files, page));
        assert!(
            found.contains(&("canonical".into(), format!("{BASE_URL}{page}"))),
            "{page}: {found:?}"
        );
    }
    // Relative URLs inside the site stay as they are.
    assert!(intake.contains("<link rel=\"stylesheet\" href=\"style.css\">"));
    assert!(intake.contains("<a class=\"site-title\" href=\"index.html\">"));

    assert_eq!(
        text(&files, "sitemap.xml"),
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>{BASE_URL}</loc></url>\n  <url><loc>{BASE_URL}basics.html</loc></url>\n  <url><loc>{BASE_URL}intake.html</loc></url>\n  <url><loc>{BASE_URL}faq.html</loc></url>\n  <url><loc>{BASE_URL}checker.html</loc></url>\n  <url><loc>{BASE_URL}search.html</loc></url>\n</urlset>\n"
        )
    );
    assert_eq!(
        text(&files, "robots.txt"),
        format!("User-agent: *\nDisallow:\n\nSitemap: {BASE_URL}sitemap.xml\n")
    );
}

#[test]
fn the_404_page_links_by_absolute_url_when_the_address_is_known() {
    let (_dir, files) = built(true);
    let page = text(&files, "404.html");
    assert!(
        social(&page).is_empty(),
        "a 404 page has no canonical address"
    );
    let all = tags(&page);
    assert!(all.iter().any(|t| t.name == "meta"
        && t.attr("name") == Some("robots")
        && t.attr("content") == Some("noindex")));
    let targets: Vec<&str> = all
        .iter()
        .filter_map(|t| t.attr("href").or_else(|| t.attr("src")))
        .collect();
    for target in &targets {
        assert!(
            target.starts_with(BASE_URL)
                || target.starts_with('#')
                || target.starts_with("https://portal."),
            "404.html: `{target}` would break when the page is served at another depth"
        );
    }
    // The contents, the FAQ and the checker, as in every page's footer.
    let listed: Vec<&str> = all
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href"))
        .collect();
    for page in ["index.html", "faq.html", "checker.html"] {
        let url = format!("{BASE_URL}{page}");
        assert!(
            listed.iter().filter(|href| **href == url).count() >= 2,
            "{url}: {listed:?}"
        );
    }
    assert!(page.contains("<h1 id=\"not-found\">页面不存在</h1>"));
}

#[test]
fn without_base_url_there_is_no_sitemap_and_the_build_says_so() {
    let (_dir, files) = built(false);
    assert!(!files.contains_key("sitemap.xml"));
    assert_eq!(text(&files, "robots.txt"), "User-agent: *\nDisallow:\n");
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(social(&html).is_empty(), "{path}");
            assert!(!html.contains("https://example.org"), "{path}");
        }
    }
    // The 404 page's links are relative then, like every other page's.
    assert!(text(&files, "404.html").contains("<li><a href=\"checker.html\">"));

    let dir = tempfile::tempdir().expect("temp dir");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_builder"))
        .args(["build", "--guide"])
        .arg(fixture("valid-minimal"))
        .arg("--out")
        .arg(dir.path().join("site"))
        .output()
        .expect("run builder");
    assert!(run.status.success(), "{run:?}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let notes: Vec<&str> = stdout.lines().filter(|l| l.contains("base_url")).collect();
    assert_eq!(notes.len(), 1, "{stdout}");
    assert!(notes[0].contains("no sitemap.xml"), "{stdout}");
}

#[test]
fn a_base_url_that_is_no_address_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    let config = guide.join("guide.toml");
    let text = std::fs::read_to_string(&config).expect("read");
    std::fs::write(
        &config,
        text.replace("[policy]", "base_url = \"example.org/guide\"\n[policy]"),
    )
    .expect("write");
    let err = builder::build(&guide, &dir.path().join("site")).expect_err("invalid base_url");
    let message = err.to_string();
    assert!(
        message.contains("guide.toml:7: `base_url`") && message.contains("example.org/guide"),
        "{message}"
    );
    assert!(!Path::new(&dir.path().join("site")).exists());
}
