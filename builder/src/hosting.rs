//! What static hosts and search engines look for beside the pages: `404.html` (rendered with
//! the other pages, through the theme's `404.html`), `robots.txt`, and, when `guide.toml` names
//! the site's public address (`base_url`), `sitemap.xml`. With `base_url` the 404 page's links
//! are made absolute: a host serves that page at any depth (`/guide/a/b/missing`), where its
//! relative links would point nowhere. Every other URL of the site stays relative.

use crate::config::Config;
use crate::site::OutputFile;
use crate::templates::escape_html;

/// The page a host serves for a path it has no file for.
pub const NOT_FOUND_PAGE: &str = "404.html";
/// Its `page.id` in the templates (no guide id can be it: ids start with a letter).
pub const NOT_FOUND_ID: &str = "404";
pub const NOT_FOUND_TITLE: &str = "页面不存在";
pub const NOT_FOUND_DESCRIPTION: &str = "您要找的页面不存在，可能已经移动或删除。";

/// Adds `robots.txt` and (with `base_url`) `sitemap.xml`, and makes the 404 page's links
/// absolute (with `base_url`). Called once the links of the site have been checked.
pub fn finish(config: &Config, files: &mut Vec<OutputFile>) {
    let Some(base_url) = config.base_url.as_deref() else {
        files.push(robots_txt(None));
        return;
    };
    for file in files.iter_mut() {
        if file.path == NOT_FOUND_PAGE {
            let html = String::from_utf8_lossy(&file.bytes);
            file.bytes = absolute_links(&html, base_url).into_bytes();
        }
    }
    let sitemap = sitemap_xml(base_url, files);
    files.push(robots_txt(Some(base_url)));
    files.push(sitemap);
}

/// The public URL of a page: the folder itself for the home page, as hosts serve it.
pub fn page_url(base_url: &str, path: &str) -> String {
    match path {
        "index.html" => base_url.to_string(),
        _ => format!("{base_url}{path}"),
    }
}

fn robots_txt(base_url: Option<&str>) -> OutputFile {
    let mut text = String::from("User-agent: *\nDisallow:\n");
    if let Some(base_url) = base_url {
        text.push_str(&format!("\nSitemap: {base_url}sitemap.xml\n"));
    }
    OutputFile {
        path: "robots.txt".into(),
        bytes: text.into_bytes(),
    }
}

/// Every page that lets search engines index it (not the 404 page, not the search results),
/// in the order the site lists them.
fn sitemap_xml(base_url: &str, files: &[OutputFile]) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for file in files {
        if !file.path.ends_with(".html") || is_noindex(&file.bytes) {
            continue;
        }
        let url = escape_html(&page_url(base_url, &file.path)).replace('\'', "&apos;");
        xml.push_str(&format!("  <url><loc>{url}</loc></url>\n"));
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

/// A page whose template asks search engines not to index it, in its `<head>` (the whole page
/// when it has none). Only the head is searched, with memchr's substring search: a byte-wise
/// scan of every page took 20 ms of a 2,000-page build, on one core.
fn is_noindex(html: &[u8]) -> bool {
    const NOINDEX: &[u8] = b"<meta name=\"robots\" content=\"noindex\">";
    let head = memchr::memmem::find(html, b"</head>").and_then(|end| html.get(..end));
    memchr::memmem::find(head.unwrap_or(html), NOINDEX).is_some()
}

/// `href`, `src` and `action` values that are relative paths (not `#fragment`, not another
/// scheme, not root-relative) prefixed with `base_url`. The theme writes every attribute in
/// double quotes.
pub fn absolute_links(html: &str, base_url: &str) -> String {
    let base = escape_html(base_url);
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some((at, name_len)) = next_url_attribute(rest) {
        let value_start = at + name_len;
        out.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let value_end = rest.find('"').unwrap_or(rest.len());
        if is_relative_path(&rest[..value_end]) {
            out.push_str(&base);
        }
    }
    out.push_str(rest);
    out
}

/// Offset and length of the next ` href="` / ` src="` / ` action="`.
fn next_url_attribute(html: &str) -> Option<(usize, usize)> {
    ["href=\"", "src=\"", "action=\""]
        .iter()
        .filter_map(|attribute| {
            let mut from = 0;
            while let Some(found) = html[from..].find(attribute) {
                let at = from + found;
                if html[..at].ends_with(char::is_whitespace) {
                    return Some((at, attribute.len()));
                }
                from = at + attribute.len();
            }
            None
        })
        .min()
}

fn is_relative_path(url: &str) -> bool {
    !url.is_empty()
        && !url.starts_with('#')
        && !url.starts_with('/')
        && !url
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_relative_paths_become_absolute() {
        let html = r##"<link rel="icon" href="favicon.svg"><a href="#main">x</a><a class="t" href="index.html">t</a><a href="https://x.org/a">p</a><data-href="no.html"><script src="checker/page.js"></script><form action="search.html"><a href="mailto:a@b.c">m</a><a href="/root">r</a>"##;
        assert_eq!(
            absolute_links(html, "https://example.org/g/"),
            r##"<link rel="icon" href="https://example.org/g/favicon.svg"><a href="#main">x</a><a class="t" href="https://example.org/g/index.html">t</a><a href="https://x.org/a">p</a><data-href="no.html"><script src="https://example.org/g/checker/page.js"></script><form action="https://example.org/g/search.html"><a href="mailto:a@b.c">m</a><a href="/root">r</a>"##
        );
    }

    #[test]
    fn the_sitemap_lists_the_pages_but_those_marked_noindex() {
        let file = |path: &str, head: &str| OutputFile {
            path: path.into(),
            bytes: format!("<head>{head}</head>").into_bytes(),
        };
        let noindex = r#"<meta name="robots" content="noindex">"#;
        let files = [
            file("index.html", ""),
            file("a.html", r#"<meta name="description" content="noindex">"#),
            file("404.html", noindex),
            file("search.html", noindex),
            file("style.css", ""),
        ];
        let sitemap = sitemap_xml("https://example.org/g&h/", &files);
        let text = String::from_utf8(sitemap.bytes).expect("UTF-8");
        assert_eq!(
            text,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n  <url><loc>https://example.org/g&amp;h/</loc></url>\n  <url><loc>https://example.org/g&amp;h/a.html</loc></url>\n</urlset>\n"
        );
    }
}
