//! The search index of a built site: the visible text inside `<main>` of the guide's own pages
//! (home, sections, FAQ), cut into sections at every heading with an id, written by
//! `guide_search::index` into `search/`. The search page (`search.html`, `search/page.js`)
//! loads it; nothing else does.
//!
//! The text is taken from the rendered pages, so it is exactly what a reader sees: headings with
//! their `#` links, lists, tables, the FAQ's list of questions, the home page's table of
//! contents. It is read as a browser lays it out:
//! - runs of white space are one space, and block elements (paragraphs, list items, headings,
//!   table cells, …) and `<br>` separate text with a line break, which no search term crosses;
//!   inline elements (links, `<strong>`, `<code>`) do not separate it;
//! - `<script>`, `<style>`, `<template>`, `<noscript>`, `<textarea>`, `<select>` and elements
//!   with the `hidden` attribute are not text; nor are attributes (`alt`, `aria-label`);
//! - character references are decoded (numeric ones and the common named ones).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use guide_search::index::{self, Options};
use guide_search::{Page, Section};

use crate::error::BuildError;
use crate::links;
use crate::parallel::par_map;
use crate::site::OutputFile;

/// The folder of the index in the output, next to the engine (`search/search.js`).
pub const INDEX_DIR: &str = "search";
/// The index's manifest, the one file of it with a name that does not change.
pub const MANIFEST_PATH: &str = "search/index.bin";

/// The index files for `pages` (output paths of the pages to index, in reading order).
pub fn index_files(files: &[OutputFile], pages: &[String]) -> Result<Vec<OutputFile>, BuildError> {
    let pages = guide_pages(files, pages)?;
    Ok(index::write(&pages, &Options::default())
        .into_iter()
        .map(|file| OutputFile {
            path: format!("{INDEX_DIR}/{}", file.name),
            bytes: file.bytes,
        })
        .collect())
}

/// The searchable text of `pages`, read from their rendered HTML among `files`.
pub fn guide_pages(files: &[OutputFile], pages: &[String]) -> Result<Vec<Page>, BuildError> {
    let by_path: HashMap<&str, &OutputFile> = files
        .iter()
        .map(|file| (file.path.as_str(), file))
        .collect();
    par_map(pages, |path| {
        let file = by_path
            .get(path.as_str())
            .ok_or_else(|| output_error(path, "page missing from the output"))?;
        let html = simdutf8::basic::from_utf8(&file.bytes)
            .map_err(|_| output_error(path, "page is not UTF-8"))?;
        extract(html, path).ok_or_else(|| {
            output_error(
                path,
                "no <main> element: search indexes the text inside <main> (theme template?)",
            )
        })
    })
}

fn output_error(path: &str, message: &str) -> BuildError {
    BuildError::Output {
        path: PathBuf::from(path),
        message: message.to_string(),
    }
}

/// Elements that start and end a block of text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "caption"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "legend"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// Elements whose content is never shown as text.
fn is_not_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "template" | "noscript" | "textarea" | "select"
    )
}

/// Elements without an end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// One tag, as far as the text needs it: its name (lower case), whether it is an end tag, and
/// the attributes that matter (values as written, not yet decoded).
struct Tag<'a> {
    name: Cow<'a, str>,
    end: bool,
    id: Option<&'a str>,
    /// `class` includes `anchor`: a heading's `#` link.
    anchor: bool,
    hidden: bool,
}

/// Collects the text of one page, section by section.
struct Collector {
    sections: Vec<Section>,
    current: Section,
    space: bool,
    line_break: bool,
    /// Inside a heading that starts a section: its title so far, and how deep inside
    /// `<a class="anchor">` (the `#` link, which is text but not part of the title).
    heading: Option<(String, String, usize)>,
    page_title: Option<String>,
}

impl Collector {
    fn new(anchor: &str) -> Self {
        Self {
            sections: Vec::new(),
            current: Section {
                anchor: anchor.to_string(),
                title: String::new(),
                heading_chars: 0,
                text: String::new(),
            },
            space: false,
            line_break: false,
            heading: None,
            page_title: None,
        }
    }

    fn text(&mut self, text: &str, preformatted: bool) {
        let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}');
        let mut rest = text;
        while !rest.is_empty() {
            let spaces = rest.find(|c| !is_space(c)).unwrap_or(rest.len());
            for c in rest[..spaces].chars() {
                match c {
                    '\n' if preformatted => self.line_break = true,
                    _ => self.space = true,
                }
            }
            rest = &rest[spaces..];
            let word = rest.find(is_space).unwrap_or(rest.len());
            if word > 0 {
                self.push(&rest[..word]);
            }
            rest = &rest[word..];
        }
    }

    /// Adds visible characters with no white space among them, after the separator pending
    /// before them (separators are only ever written between two characters).
    fn push(&mut self, word: &str) {
        let text = &mut self.current.text;
        let separator = match (self.line_break, self.space) {
            _ if text.is_empty() => None,
            (true, _) => Some('\n'),
            (false, true) => Some(' '),
            (false, false) => None,
        };
        self.space = false;
        self.line_break = false;
        if let Some(separator) = separator {
            text.push(separator);
        }
        text.push_str(word);
        if let Some((_, title, 0)) = &mut self.heading {
            if separator.is_some() && !title.is_empty() {
                title.push(' ');
            }
            title.push_str(word);
        }
    }

    fn block(&mut self) {
        self.line_break = true;
    }

    fn start_section(&mut self, anchor: &str, tag: &str) {
        let next = Section {
            anchor: anchor.to_string(),
            title: String::new(),
            heading_chars: 0,
            text: String::new(),
        };
        let done = std::mem::replace(&mut self.current, next);
        if !done.text.is_empty() {
            self.sections.push(done);
        }
        self.space = false;
        self.line_break = false;
        self.heading = Some((tag.to_string(), String::new(), 0));
    }

    fn end_heading(&mut self) {
        if let Some((tag, title, _)) = self.heading.take() {
            let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
            if tag == "h1" && self.page_title.is_none() {
                self.page_title = Some(title.clone());
            }
            self.current.heading_chars = self.current.text.chars().count() as u32;
            self.current.title = title;
        }
    }
}

/// The page's searchable text, or `None` when it has no `<main>`.
pub fn extract(html: &str, href: &str) -> Option<Page> {
    let mut rest = html;
    let main = loop {
        let (tag, after) = next_tag(rest)?;
        rest = after;
        if let Token::Tag(tag) = tag {
            if tag.name == "main" && !tag.end {
                break tag;
            }
        }
    };
    let mut out = Collector::new(&links::decode_entities(main.id.unwrap_or_default()));
    let mut pre = 0usize;
    // Inside an element that is not text: its name and how many of them are open.
    let mut skipping: Option<(Cow<str>, usize)> = None;
    while let Some((token, after)) = next_tag(rest) {
        let text = &rest[..rest.len() - after.len()];
        rest = after;
        let tag = match token {
            Token::Text => {
                if skipping.is_none() {
                    out.text(&links::decode_entities(text), pre > 0);
                }
                continue;
            }
            Token::Comment => continue,
            Token::Tag(tag) => tag,
        };
        if let Some((name, depth)) = &mut skipping {
            if *name == tag.name {
                if tag.end {
                    *depth -= 1;
                } else {
                    *depth += 1;
                }
                if *depth == 0 {
                    skipping = None;
                }
            }
            continue;
        }
        let name = tag.name.as_ref();
        if tag.end {
            match name {
                "main" => break,
                "pre" => pre = pre.saturating_sub(1),
                "a" => {
                    if let Some((_, _, depth @ 1..)) = &mut out.heading {
                        *depth -= 1;
                    }
                }
                _ => {}
            }
            if out.heading.as_ref().is_some_and(|(h, _, _)| h == name) {
                out.end_heading();
            }
            if is_block(name) {
                out.block();
            }
            continue;
        }
        if is_void(name) {
            if name == "br" || name == "hr" {
                out.block();
            }
            continue;
        }
        if tag.hidden {
            skipping = Some((tag.name.clone(), 1));
            continue;
        }
        if is_not_text(name) {
            rest = links::skip_raw_text(rest, name);
            continue;
        }
        if is_block(name) {
            out.block();
        }
        let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        match tag.id {
            Some(id) if heading && !id.is_empty() => {
                out.start_section(&links::decode_entities(id), name)
            }
            _ => {}
        }
        if name == "pre" {
            pre += 1;
        }
        if name == "a" && tag.anchor {
            if let Some((_, _, depth)) = &mut out.heading {
                *depth += 1;
            }
        }
    }
    out.end_heading();
    let Collector {
        mut sections,
        current,
        page_title,
        ..
    } = out;
    if !current.text.is_empty() || sections.is_empty() {
        sections.push(current);
    }
    let title = page_title
        .or_else(|| document_title(html))
        .unwrap_or_else(|| href.to_string());
    Some(Page {
        href: href.to_string(),
        title,
        sections,
    })
}

fn document_title(html: &str) -> Option<String> {
    let start = html.find("<title>")? + "<title>".len();
    let end = html[start..].find("</title>")? + start;
    let title = links::decode_entities(&html[start..end]);
    Some(title.split_whitespace().collect::<Vec<_>>().join(" "))
}

enum Token<'a> {
    /// Text up to the next tag (the caller slices it).
    Text,
    Comment,
    Tag(Tag<'a>),
}

/// The next token of `html` and the text after it.
fn next_tag(html: &str) -> Option<(Token<'_>, &str)> {
    if html.is_empty() {
        return None;
    }
    let Some(rest) = html.strip_prefix('<') else {
        let end = memchr::memchr(b'<', html.as_bytes()).unwrap_or(html.len());
        return Some((Token::Text, &html[end..]));
    };
    if let Some(after) = rest.strip_prefix("!--") {
        let end = after.find("-->").map_or(after.len(), |end| end + 3);
        return Some((Token::Comment, &after[end..]));
    }
    if rest.starts_with('!') || rest.starts_with('?') {
        let end = rest.find('>').map_or(rest.len(), |end| end + 1);
        return Some((Token::Comment, &rest[end..]));
    }
    let (end, rest) = match rest.strip_prefix('/') {
        Some(after) => (true, after),
        None => (false, rest),
    };
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    if name_len == 0 || !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        // A `<` that starts no tag is text, as in a browser.
        let next = html[1..].find('<').map_or(html.len(), |at| at + 1);
        return Some((Token::Text, &html[next..]));
    }
    let name = &rest[..name_len];
    let name = match name.bytes().any(|b| b.is_ascii_uppercase()) {
        true => Cow::Owned(name.to_ascii_lowercase()),
        false => Cow::Borrowed(name),
    };
    let mut tag = Tag {
        name,
        end,
        id: None,
        anchor: false,
        hidden: false,
    };
    let after = links::tag_attributes(&rest[name_len..], |key, value| {
        if key.eq_ignore_ascii_case("id") {
            tag.id = Some(value);
        } else if key.eq_ignore_ascii_case("class") {
            tag.anchor = value.split_ascii_whitespace().any(|c| c == "anchor");
        } else if key.eq_ignore_ascii_case("hidden") {
            tag.hidden = true;
        }
    });
    Some((Token::Tag(tag), after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(page: &Page) -> Vec<(&str, &str, u32, &str)> {
        page.sections
            .iter()
            .map(|s| {
                (
                    s.anchor.as_str(),
                    s.title.as_str(),
                    s.heading_chars,
                    s.text.as_str(),
                )
            })
            .collect()
    }

    #[test]
    fn reads_main_as_a_browser_shows_it() {
        let html = r##"<!doctype html><html><head><title>T — Site</title><style>p{}</style></head>
<body><header><a href="index.html">Site</a><input id="search-input"></header>
<main id="main" tabindex="-1">
<article class="section">
<h1 id="materials">上传材料 <a class="anchor" href="#materials" aria-label="本节链接">#</a></h1>
<p>登录<a href="x.html">学信网</a>，
  打印<strong>电子注册</strong>备案表<br>第二行 &amp; &lt;b&gt; &#x5B66;&#20449;&nbsp;A &bogus; a&b</p>
<!-- <p>comment</p> -->
<script>var x = "<p>not text</p>";</script>
<div hidden><p>hidden <div>nested</div> text</p></div>
<img src="a.png" alt="不是文字">
<table><tr><th>项目</th><th>说明</th></tr><tr><td>PDF</td><td>（Ａ４）</td></tr></table>
<h2 id="proof">社保缴费证明 <a class="anchor" href="#proof">#</a></h2>
<ul><li>一</li><li>二 <code>x</code></li></ul>
<h3>无锚标题</h3><p>续</p>
</article>
</main>
<footer>页脚</footer></body></html>"##;
        let page = extract(html, "materials.html").expect("has main");
        assert_eq!(page.href, "materials.html");
        assert_eq!(page.title, "上传材料");
        assert_eq!(
            sections(&page),
            [
                (
                    "materials",
                    "上传材料",
                    6,
                    "上传材料 #\n登录学信网， 打印电子注册备案表\n第二行 & <b> 学信\u{a0}A &bogus; a&b\n项目\n说明\nPDF\n（Ａ４）"
                ),
                (
                    "proof",
                    "社保缴费证明",
                    8,
                    "社保缴费证明 #\n一\n二 x\n无锚标题\n续"
                ),
            ]
        );
    }

    #[test]
    fn text_before_the_first_heading_links_to_main() {
        let page = extract(
            "<title>Home</title><main id=\"main\"><p>前言</p><h2 id=\"a\">A</h2>正文</main>",
            "index.html",
        )
        .expect("has main");
        assert_eq!(page.title, "Home");
        assert_eq!(
            sections(&page),
            [("main", "", 0, "前言"), ("a", "A", 1, "A\n正文")]
        );
        assert!(extract("<body><p>no main</p></body>", "x.html").is_none());
        let empty = extract("<main></main>", "e.html").expect("has main");
        assert_eq!(sections(&empty), [("", "", 0, "")]);
    }

    #[test]
    fn the_manifest_path_is_where_the_index_writes_its_manifest() {
        assert_eq!(
            MANIFEST_PATH,
            format!("{INDEX_DIR}/{}", guide_search::format::MANIFEST_FILE)
        );
    }
}
