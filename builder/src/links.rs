//! Link checking. Markdown links are checked against the anchors of the rendered pages and
//! reported at their source line; then every `href`/`src` of every output page (the theme's
//! own links included) must resolve to an output file and, with a fragment, to an id in it.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use crate::error::{BrokenLink, BuildError, Location};
use crate::markdown::{Link, Rendered};
use crate::site::OutputFile;
use crate::templates::Theme;

/// The ids and link targets found in one HTML document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlRefs {
    pub ids: Vec<String>,
    /// `href` and `src` values, entities decoded, in document order.
    pub targets: Vec<String>,
}

/// Output files by relative path, with the ids of the HTML ones (borrowed from the scanned
/// pages: a large site has tens of thousands of them).
#[derive(Debug, Default)]
pub struct SiteIndex<'a> {
    files: HashMap<&'a str, HashSet<&'a str>>,
}

impl<'a> SiteIndex<'a> {
    pub fn add_file(&mut self, path: &'a str) {
        self.files.entry(path).or_default();
    }

    pub fn add_ids(&mut self, path: &'a str, ids: impl IntoIterator<Item = &'a str>) {
        self.files.entry(path).or_default().extend(ids);
    }

    /// Why `target`, written on page `from`, does not resolve; `None` when it does or when it
    /// points to another site.
    pub fn problem(&self, from: &str, target: &str) -> Option<String> {
        if target.is_empty() {
            return Some("empty link".into());
        }
        if target.starts_with("https://")
            || target.starts_with("http://")
            || target.starts_with("mailto:")
        {
            return None;
        }
        if target.starts_with('/') {
            return Some(
                "absolute path: links are relative so the site works under any sub-path".into(),
            );
        }
        if target.contains("://")
            || target
                .split(['/', '#'])
                .next()
                .is_some_and(|p| p.contains(':'))
        {
            return Some("unsupported URL scheme".into());
        }
        let (path, fragment) = match target.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (target, None),
        };
        if path.contains('?') {
            return Some("query strings are not supported on a static site".into());
        }
        let path = if path.is_empty() { from } else { path };
        let path = path.strip_prefix("./").unwrap_or(path);
        let Some(ids) = self.files.get(path) else {
            return Some(format!("no page `{path}` in the site"));
        };
        match fragment {
            None => None,
            Some("") => Some("empty anchor `#`".into()),
            Some(fragment) if ids.contains(fragment) => None,
            Some(fragment) => Some(format!("no anchor `#{fragment}` in {path}")),
        }
    }
}

/// What the link check needs of one Markdown source rendered onto an output page.
#[derive(Debug, Clone, Copy)]
pub struct SourceLinks<'a> {
    pub page: &'a str,
    pub file: &'a Path,
    pub rendered: &'a Rendered,
}

/// Checks the whole site: no anchor defined twice on a page, then every Markdown link
/// (reported at its source line) and every other link of every page (reported where the theme
/// writes it). All broken links are reported together. `later` are files of the site that are
/// not among `files` yet: links to them resolve.
pub fn check_site(
    files: &[OutputFile],
    later: &[&str],
    sources: &[SourceLinks],
    theme: &Theme,
) -> Result<(), BuildError> {
    // Pages are scanned on every core.
    let scanned: Vec<Option<HtmlRefs>> = files
        .par_iter()
        .map(|file| {
            let html = file.path.ends_with(".html");
            html.then(|| match simdutf8::basic::from_utf8(&file.bytes) {
                Ok(text) => scan(text),
                Err(_) => scan(&String::from_utf8_lossy(&file.bytes)),
            })
        })
        .collect();
    let pages: BTreeMap<&str, HtmlRefs> = files
        .iter()
        .zip(scanned)
        .filter_map(|(file, refs)| Some((file.path.as_str(), refs?)))
        .collect();
    let mut index = SiteIndex::default();
    for path in files
        .iter()
        .map(|file| file.path.as_str())
        .chain(later.iter().copied())
    {
        index.add_file(path);
    }
    for (page, refs) in &pages {
        index.add_ids(page, refs.ids.iter().map(String::as_str));
    }
    refuse_duplicate_anchors(&pages, sources)?;

    // Every Markdown link, on every core, reported in the sources' order.
    let broken: Vec<Vec<BrokenLink>> = sources
        .par_iter()
        .map(|source| {
            check_markdown_links(&index, source.page, source.file, &source.rendered.links)
        })
        .collect();
    let mut broken: Vec<BrokenLink> = broken.into_iter().flatten().collect();
    // Markdown links are on the pages too: each is checked once, at its source line.
    let mut markdown_targets: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for source in sources {
        let targets = source.rendered.links.iter().map(|l| l.target.as_str());
        markdown_targets
            .entry(source.page)
            .or_default()
            .extend(targets);
    }
    broken.extend(check_theme_links(&index, &pages, &markdown_targets, theme));
    BuildError::from_broken_links(broken)
}

/// An anchor defined twice on one page makes links to it ambiguous.
fn refuse_duplicate_anchors(
    pages: &BTreeMap<&str, HtmlRefs>,
    sources: &[SourceLinks],
) -> Result<(), BuildError> {
    // The first page in order with an id twice, found on every core.
    let duplicate = pages.par_iter().find_map_first(|(page, refs)| {
        let mut seen = HashSet::new();
        let id = refs.ids.iter().find(|id| !seen.insert(*id))?;
        Some((page, id))
    });
    if let Some((page, id)) = duplicate {
        let heading = sources.iter().filter(|s| s.page == *page).find_map(|s| {
            s.rendered
                .headings
                .iter()
                .rev()
                .find(|h| &h.id == id)
                .map(|h| Location::line(s.file, h.line))
        });
        return Err(BuildError::DuplicateId {
            at: heading.unwrap_or_else(|| Location::file(page)),
            id: id.clone(),
            first: format!("another anchor on {page}"),
        });
    }
    Ok(())
}

/// The Markdown links of one source file that ends up on page `page` that do not resolve.
pub fn check_markdown_links(
    index: &SiteIndex,
    page: &str,
    file: &Path,
    links: &[Link],
) -> Vec<BrokenLink> {
    links
        .iter()
        .filter_map(|link| {
            index.problem(page, &link.target).map(|reason| BrokenLink {
                at: Location::line(file, link.line),
                target: link.target.clone(),
                reason,
            })
        })
        .collect()
}

/// The links of the output pages that the theme writes and that do not resolve: each named
/// once, in the theme file and line where its text is written, with the pages it breaks.
pub fn check_theme_links(
    index: &SiteIndex,
    pages: &BTreeMap<&str, HtmlRefs>,
    markdown_targets: &BTreeMap<&str, BTreeSet<&str>>,
    theme: &Theme,
) -> Vec<BrokenLink> {
    // Every page's problems, found on every core; nearly always none.
    let problems: Vec<(&str, Vec<(&str, String)>)> = pages
        .par_iter()
        .map(|(page, refs)| {
            let from_markdown = markdown_targets.get(page);
            let problems = refs
                .targets
                .iter()
                .filter(|target| {
                    !from_markdown.is_some_and(|targets| targets.contains(target.as_str()))
                })
                .filter_map(|target| Some((target.as_str(), index.problem(page, target)?)))
                .collect();
            (*page, problems)
        })
        .collect();
    // (where, target, reason) → the pages it is on. A target is looked for in the templates
    // once, however many pages it breaks.
    let mut found: BTreeMap<(Location, &str, String), Vec<&str>> = BTreeMap::new();
    let mut in_templates: HashMap<&str, Option<Location>> = HashMap::new();
    for (page, problems) in problems {
        for (target, reason) in problems {
            let at = in_templates
                .entry(target)
                .or_insert_with(|| theme.find_in_templates(target))
                .clone()
                .unwrap_or_else(|| Location::file(page));
            found.entry((at, target, reason)).or_default().push(page);
        }
    }
    found
        .into_iter()
        .map(|((at, target, reason), on)| {
            let pages = match on.as_slice() {
                [one] => one.to_string(),
                [first, other] => format!("{first} and {other}"),
                [first, rest @ ..] => format!("{first} and {} other pages", rest.len()),
                [] => String::new(),
            };
            BrokenLink {
                at,
                target: target.to_string(),
                reason: format!("{reason} (a link the theme writes on {pages})"),
            }
        })
        .collect()
}

/// A small HTML tokenizer: enough for the markup this builder writes (quoted or bare
/// attributes, comments, raw-text `<script>`/`<style>`), not a general HTML parser. Only the
/// values it keeps are allocated: it reads every page of the site.
pub fn scan(html: &str) -> HtmlRefs {
    let mut refs = HtmlRefs::default();
    let mut rest = html;
    while let Some(start) = memchr::memchr(b'<', rest.as_bytes()) {
        rest = &rest[start + 1..];
        if let Some(after) = rest.strip_prefix("!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        if rest.starts_with('!') || rest.starts_with('/') || rest.starts_with('?') {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let name_len = rest
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if name_len == 0 {
            continue;
        }
        let name = &rest[..name_len];
        rest = tag_attributes(&rest[name_len..], |key, value| {
            if key.eq_ignore_ascii_case("id") {
                refs.ids.push(decode_entities(value).into_owned());
            } else if key.eq_ignore_ascii_case("href") || key.eq_ignore_ascii_case("src") {
                refs.targets.push(decode_entities(value).into_owned());
            }
        });
        if ["script", "style"]
            .iter()
            .any(|raw_text| name.eq_ignore_ascii_case(raw_text))
        {
            rest = skip_raw_text(rest, name);
        }
    }
    refs
}

/// Skips the content of a raw-text element (`script`, `style`, …) up to, not including, its end
/// tag, found whatever its case; the rest of the page is skipped when it has none. The search
/// index skips such elements with it too.
pub(crate) fn skip_raw_text<'a>(html: &'a str, name: &str) -> &'a str {
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&html.as_bytes()[from..], b"</") {
        let start = from + at;
        let after = start + 2;
        let closes = html
            .as_bytes()
            .get(after..after + name.len())
            .is_some_and(|found| found.eq_ignore_ascii_case(name.as_bytes()));
        if closes {
            return &html[start..];
        }
        from = after;
    }
    ""
}

/// Reads attributes up to the closing `>`, handing each `(key, raw value)` to `attribute`;
/// returns the text after the tag. The search index reads tags with it too.
pub(crate) fn tag_attributes<'a>(
    mut rest: &'a str,
    mut attribute: impl FnMut(&'a str, &'a str),
) -> &'a str {
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix('>') {
            return after;
        }
        if let Some(after) = rest.strip_prefix('/') {
            rest = after;
            continue;
        }
        if rest.is_empty() {
            return rest;
        }
        let key_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let mut value = "";
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (raw, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    match body.find(quote) {
                        Some(end) => (&body[..end], &body[end + 1..]),
                        None => (body, ""),
                    }
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = raw;
            rest = remaining;
        }
        attribute(key, value);
    }
}

/// Named character references a writer or a Markdown renderer may produce.
const ENTITIES: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", '\u{a0}'),
    ("copy", '©'),
    ("reg", '®'),
    ("middot", '·'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("times", '×'),
    ("yen", '¥'),
];

/// Decodes character references (in text and attribute values, for the link check and the
/// search index alike); an unknown or malformed one stays as written.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest
            .get(1..)
            .and_then(|after| after.find(';').map(|end| (&after[..end], end + 2)))
            .filter(|(name, _)| !name.is_empty() && name.len() <= 10)
            .and_then(|(name, len)| reference(name).map(|c| (c, len)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn reference(name: &str) -> Option<char> {
    let number = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(decimal) = name.strip_prefix('#') {
        decimal.parse().ok()
    } else {
        return ENTITIES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c);
    };
    number.and_then(char::from_u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_decode_or_stay() {
        assert_eq!(
            decode_entities("&amp;&#65;&#x4e00;&nbsp;&x;&;&#xZZ;&"),
            "&A一\u{a0}&x;&;&#xZZ;&"
        );
        // What escapers write into attribute values.
        assert_eq!(
            decode_entities("a&quot;b&#39;c&#x27;d&#x2F;e&#x2f;&lt;&gt;&amp;lt;"),
            "a\"b'c'd/e/<>&lt;"
        );
    }

    #[test]
    fn scans_ids_and_targets() {
        let html = r#"<!doctype html><!-- <a href="x.html"> --><a class=x href="a.html#b&amp;c">t</a>
<h2 id='top'>T</h2><img src=pic.png alt=""><script type="application/json" id="data">{"a":"<a href=\"no.html\">"}</script><p id="after">"#;
        let refs = scan(html);
        assert_eq!(refs.ids, ["top", "data", "after"]);
        assert_eq!(refs.targets, ["a.html#b&c", "pic.png"]);
        // A raw-text element ends at its end tag in any case; what follows is read.
        let refs = scan(r#"<Script>var a = "<a href='no.html'>";</SCRIPT><a href="yes.html">"#);
        assert_eq!(refs.targets, ["yes.html"]);
    }

    #[test]
    fn resolves_pages_and_anchors() {
        let mut index = SiteIndex::default();
        index.add_ids("index.html", ["main"]);
        index.add_ids("faq.html", ["summary-writing"]);
        index.add_file("style.css");
        assert_eq!(
            index.problem("index.html", "faq.html#summary-writing"),
            None
        );
        assert_eq!(index.problem("faq.html", "#summary-writing"), None);
        assert_eq!(index.problem("faq.html", "style.css"), None);
        assert_eq!(index.problem("faq.html", "https://example.org/"), None);
        assert!(index.problem("faq.html", "nope.html").is_some());
        assert!(index.problem("faq.html", "faq.html#nope").is_some());
        assert!(index.problem("faq.html", "/faq.html").is_some());
        assert!(index.problem("faq.html", "javascript:alert(1)").is_some());
        assert!(index.problem("faq.html", "#").is_some());
    }
}
