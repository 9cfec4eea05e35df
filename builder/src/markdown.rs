//! Markdown bodies → HTML fragments.
//!
//! A body is first expanded as a minijinja template (policy numbers are never written out), then
//! rendered by pulldown-cmark with tables and heading attributes. Headings get ids (explicit
//! `{#id}` or `<page-id>-<n>`) and a visible `#` link; internal links are collected with their
//! source line for the link checker.

use minijinja::{Environment, Value};
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::content::{is_valid_id, Source};
use crate::error::{BuildError, Location};
use crate::linemap::LineMap;
use crate::templates::{describe, escape_html, unknown_variables};

/// An anchor defined by a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub id: String,
    /// 1-based line in the source file.
    pub line: usize,
}

/// An internal link (to a page of the site or an anchor), to be checked once all pages exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    /// 1-based line in the source file.
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
}

/// Expands and renders one body. `page_id` prefixes generated heading ids.
pub fn render(
    env: &Environment<'static>,
    context: &Value,
    source: &Source,
    page_id: &str,
) -> Result<Rendered, BuildError> {
    let markdown = expand(env, context, source)?;
    to_html(&markdown, source, page_id)
}

/// Runs the body through minijinja; an unknown variable names the file and line.
pub fn expand(
    env: &Environment<'static>,
    context: &Value,
    source: &Source,
) -> Result<String, BuildError> {
    // Text without template syntax expands to itself: most bodies need no template at all.
    if !["{{", "{%", "{##"]
        .iter()
        .any(|open| source.body.contains(open))
    {
        return Ok(source.body.to_string());
    }
    let name = source.path.display().to_string();
    render_template(env, context, &name, &source.body).map_err(|(line, message)| {
        BuildError::Template {
            at: source.at_body_line(line.unwrap_or(1)),
            message,
        }
    })
}

/// Renders `text`, refusing unknown variables up front: strict undefined alone lets
/// `{{ policy.typo | join("、") }}` through as an empty string.
/// Errors are (1-based line in `text`, message).
fn render_template(
    env: &Environment<'static>,
    context: &Value,
    name: &str,
    text: &str,
) -> Result<String, (Option<usize>, String)> {
    let template = env
        .template_from_named_str(name, text)
        .map_err(|err| (err.line(), describe(&err)))?;
    if let Some((line, path)) = unknown_variables(env, context, &template, text)
        .into_iter()
        .next()
    {
        return Err((line, format!("unknown variable `{path}`")));
    }
    template
        .render(context)
        .map_err(|err| (err.line(), describe(&err)))
}

/// Expands a front-matter text (title, question, description, chapter): the same template
/// expressions as in bodies, so a heading can say 不少于{{ policy.summary_min_words }}字 too.
pub fn expand_field(
    env: &Environment<'static>,
    context: &Value,
    source: &Source,
    key: &str,
    text: &str,
) -> Result<String, BuildError> {
    expand_table_field(env, context, source, "", key, text)
}

/// [`expand_field`] for `key` of the front-matter table `[table]` (`""`: the top level).
pub fn expand_table_field(
    env: &Environment<'static>,
    context: &Value,
    source: &Source,
    table: &str,
    key: &str,
    text: &str,
) -> Result<String, BuildError> {
    if !text.contains("{{") && !text.contains("{%") {
        return Ok(text.to_string());
    }
    let path = if table.is_empty() {
        key.to_string()
    } else {
        format!("{table}.{key}")
    };
    let name = format!("{} ({path})", source.path.display());
    render_template(env, context, &name, text).map_err(|(_, message)| BuildError::Template {
        at: source.at_table_key(table, key),
        message: format!("`{path}`: {message}"),
    })
}

/// Renders a short front-matter text (a notice, a hint) as inline HTML, without the paragraph
/// around it: emphasis, code and links only. Anything block-level, raw HTML or an image is an
/// error at `at`; internal links are collected at `at`'s line for the link checker.
pub fn inline_html(markdown: &str, at: &Location) -> Result<Rendered, BuildError> {
    let mut rendered = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let error = |what: &str| BuildError::Markdown {
        at: at.clone(),
        message: format!(
            "{what} is not allowed in this text: one paragraph of plain Markdown (emphasis, links)"
        ),
    };
    let mut paragraphs = 0;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => {
                paragraphs += 1;
                if paragraphs > 1 {
                    return Err(error("a second paragraph"));
                }
            }
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let (start, internal) = link_start(link_type, dest_url, title);
                if let Some(target) = internal {
                    rendered.links.push(Link {
                        target,
                        line: at.line.unwrap_or(1),
                    });
                }
                events.push(start);
            }
            Event::Start(Tag::Emphasis | Tag::Strong)
            | Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link)
            | Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak => events.push(event),
            Event::Start(Tag::Image { .. }) => return Err(error("an image")),
            Event::Html(_) | Event::InlineHtml(_) => return Err(error("raw HTML")),
            _ => return Err(error("a block (heading, list, table, quote or code block)")),
        }
    }
    join_chinese_lines(&mut events);
    pulldown_cmark::html::push_html(&mut rendered.html, events.into_iter());
    Ok(rendered)
}

/// The opening of a link: another site's isolated (`rel="noopener noreferrer"`); a mail link as
/// it is; anything else is internal and its target is returned for the link checker.
fn link_start<'a>(
    link_type: LinkType,
    dest_url: CowStr<'a>,
    title: CowStr<'a>,
) -> (Event<'a>, Option<String>) {
    if is_external(&dest_url) {
        // Another site: never leak this page to it, nor let it script this window.
        return (
            Event::Html(external_link_start(&dest_url, &title).into()),
            None,
        );
    }
    let internal = (link_type != LinkType::Email && !dest_url.starts_with("mailto:"))
        .then(|| dest_url.to_string());
    let start = Event::Start(Tag::Link {
        link_type,
        dest_url,
        title,
        id: CowStr::Borrowed(""),
    });
    (start, internal)
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders expanded Markdown. `source` is the unexpanded file, used only to report lines.
pub fn to_html(markdown: &str, source: &Source, page_id: &str) -> Result<Rendered, BuildError> {
    let mut rendered = Rendered::default();
    let mut events: Vec<Event> = Vec::new();
    let mut open_heading: Option<(HeadingLevel, String)> = None;
    // The text of the open heading, which names its `#` link.
    let mut heading_text = String::new();
    let mut heading_count = 0usize;
    let parsed: Vec<_> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .collect();
    let lines = LineMap::new(markdown, &source.body, parsed.iter().filter_map(needle));

    for (event, range) in parsed {
        let line = |needle: &str| source.file_line(lines.source_line(range.start, needle));
        let error = |message: String| BuildError::Markdown {
            at: Location::line(&source.path, line("")),
            message,
        };
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                if level == HeadingLevel::H1 {
                    return Err(error(
                        "a `#` heading: the page title is the only <h1>; start body headings at `##`"
                            .into(),
                    ));
                }
                heading_count += 1;
                let id = match id {
                    Some(id) if is_valid_id(&id) => id.to_string(),
                    Some(id) => {
                        return Err(error(format!(
                            "heading anchor `{{#{id}}}` must match ^[a-z][a-z0-9-]*$"
                        )))
                    }
                    None => format!("{page_id}-{heading_count}"),
                };
                rendered.headings.push(Heading {
                    line: line(&format!("#{id}}}")),
                    id: id.clone(),
                });
                events.push(Event::Html(format!("<{level} id=\"{id}\">").into()));
                open_heading = Some((level, id));
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, id)) = open_heading.take() {
                    events.push(Event::Html(
                        anchor_link(&id, &level.to_string(), &heading_text).into(),
                    ));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                let (start, internal) = link_start(link_type, dest_url, title);
                if let Some(target) = internal {
                    rendered.links.push(Link {
                        line: line(&target),
                        target,
                    });
                }
                events.push(start);
            }
            Event::Start(Tag::Image { .. }) => {
                return Err(error(
                    "images are not supported (the site ships no image files)".into(),
                ));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                // Comments are notes for writers: drop them. Anything else could break the
                // page's content security policy (style=, <script>): write Markdown instead.
                if !html.trim_start().starts_with("<!--") {
                    return Err(error(format!(
                        "raw HTML is not allowed, write Markdown: `{}`",
                        html.trim()
                    )));
                }
            }
            Event::Start(Tag::Table(alignments)) => {
                // Wide tables scroll inside their own box instead of widening the page.
                events.push(Event::Html(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\">\n"
                        .into(),
                ));
                events.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            other => {
                if let (Some(_), Event::Text(text) | Event::Code(text)) = (&open_heading, &other) {
                    heading_text.push_str(text);
                }
                events.push(other);
            }
        }
    }
    join_chinese_lines(&mut events);
    pulldown_cmark::html::push_html(&mut rendered.html, events.into_iter());
    Ok(rendered)
}

/// The text that finds an event in the unexpanded source: a link's target, a heading's `{#id}`.
fn needle((event, _): &(Event, std::ops::Range<usize>)) -> Option<String> {
    match event {
        Event::Start(Tag::Heading { id: Some(id), .. }) => Some(format!("#{id}}}")),
        Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
        _ => None,
    }
}

/// A line break inside a Chinese paragraph is not a word gap: drop the soft break between two
/// wide characters instead of letting it render as a stray space (what CSS leaves undone).
fn join_chinese_lines(events: &mut [Event]) {
    fn first_char(event: &Event) -> Option<char> {
        match event {
            Event::Text(text) | Event::Code(text) => text.chars().next(),
            _ => None,
        }
    }
    fn last_char(event: &Event) -> Option<char> {
        match event {
            Event::Text(text) | Event::Code(text) => text.chars().next_back(),
            _ => None,
        }
    }
    // One pass each way, so a page of many links and few words stays linear.
    let mut next_first = vec![None; events.len()];
    let mut next = None;
    for (i, event) in events.iter().enumerate().rev() {
        next_first[i] = next;
        next = first_char(event).or(next);
    }
    let mut previous = None;
    for (event, after) in events.iter_mut().zip(next_first) {
        if matches!(event, Event::SoftBreak)
            && previous.is_some_and(is_wide)
            && after.is_some_and(is_wide)
        {
            *event = Event::Text(CowStr::Borrowed(""));
        }
        previous = last_char(event).or(previous);
    }
}

/// CJK ideographs, kana, CJK and full-width punctuation.
fn is_wide(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// The visible `#` link that closes a heading, named after it (`本节链接：受理时间`) so that a
/// screen reader's list of links tells them apart.
pub fn anchor_link(id: &str, level: &str, heading: &str) -> String {
    let name = heading
        .trim()
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(" <a class=\"anchor\" href=\"#{id}\" aria-label=\"本节链接：{name}\">#</a></{level}>\n")
}

pub fn is_external(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

fn external_link_start(url: &str, title: &str) -> String {
    let mut html = format!(
        "<a href=\"{}\" rel=\"noopener noreferrer\"",
        escape_html(url)
    );
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape_html(title)));
    }
    html.push('>');
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn source(body: &str) -> Source {
        let text = format!("+++\ntitle = \"t\"\n+++\n{body}");
        crate::content::parse_doc::<crate::content::PageMeta>(&PathBuf::from("p.md"), &text)
            .expect("valid")
            .source
    }

    fn html(body: &str) -> Rendered {
        to_html(body, &source(body), "p").expect("renders")
    }

    #[test]
    fn headings_get_ids_and_anchor_links() {
        let out = html("## 受理时间 {#intake-time}\n\n## 其他\n");
        assert!(
            out.html.contains(
                "<h2 id=\"intake-time\">受理时间 <a class=\"anchor\" href=\"#intake-time\""
            ),
            "{}",
            out.html
        );
        assert!(out.html.contains("<h2 id=\"p-2\">其他"), "{}", out.html);
        // Each `#` link is named after its heading.
        assert!(
            out.html
                .contains("aria-label=\"本节链接：受理时间\">#</a></h2>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("aria-label=\"本节链接：其他\""),
            "{}",
            out.html
        );
        let quoted = html("## 「A&B」 `<x>` \"q\"\n");
        assert!(
            quoted
                .html
                .contains("aria-label=\"本节链接：「A&amp;B」 &lt;x&gt; &quot;q&quot;\""),
            "{}",
            quoted.html
        );
        assert_eq!(
            out.headings[0],
            Heading {
                id: "intake-time".into(),
                line: 4
            }
        );
        assert_eq!(out.headings[1].line, 6);
    }

    #[test]
    fn external_links_are_isolated_and_internal_links_collected() {
        let out = html("见<https://example.org/a?b=1&c=2>和[材料](materials.html#list)\n");
        assert!(
            out.html.contains(
                "<a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">"
            ),
            "{}",
            out.html
        );
        assert_eq!(
            out.links,
            [Link {
                target: "materials.html#list".into(),
                line: 4
            }]
        );
    }

    #[test]
    fn unknown_variables_name_the_line_even_inside_filters() {
        let env = crate::templates::markdown_environment();
        let context = minijinja::context! {
            policy => minijinja::context! { intake_months => vec![1, 3] },
        };
        let body = "\n{{ policy.intake_months | join(\"、\") }}\n{{ policy.intake_month | join(\"、\") }}\n";
        let err = expand(&env, &context, &source(body)).expect_err("unknown");
        assert!(
            err.to_string()
                .starts_with("p.md:6: template: unknown variable `policy.intake_month`"),
            "{err}"
        );
        let body = "{% for m in policy.intake_months %}{{ m }}{% endfor %}{{ range(2) | length }}";
        assert_eq!(expand(&env, &context, &source(body)).expect("known"), "132");
    }

    /// Bodies without template syntax skip the template engine, which would return them as
    /// they are.
    #[test]
    fn text_without_template_syntax_expands_to_itself() {
        let env = crate::templates::markdown_environment();
        let context = minijinja::context! {};
        for body in [
            "## 标题 {#anchor}\n\n{ 单个括号 } %} }} #}\n| a | b |\n",
            "no trailing newline",
            "\n\n",
        ] {
            let template = render_template(&env, &context, "x.md", body).expect("renders");
            assert_eq!(
                expand(&env, &context, &source(body)).expect("expands"),
                template
            );
            assert_eq!(template, body);
        }
    }

    #[test]
    fn chinese_lines_join_without_a_space() {
        assert_eq!(
            html("第一行。\n第二行\nPDF\n格式\n").html,
            "<p>第一行。第二行\nPDF\n格式</p>\n"
        );
    }

    #[test]
    fn tables_scroll_in_a_wrapper() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            out.html.starts_with("<div class=\"table-wrap\""),
            "{}",
            out.html
        );
        assert!(
            out.html.trim_end().ends_with("</table>\n</div>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn raw_html_images_and_h1_are_errors_with_lines() {
        let err = to_html(
            "a\n\n<div style=\"x\">b</div>\n",
            &source("a\n\n<div style=\"x\">b</div>\n"),
            "p",
        )
        .expect_err("html");
        assert!(err.to_string().starts_with("p.md:6: raw HTML"), "{err}");
        let body = "a\n\n![x](x.png)\n";
        let err = to_html(body, &source(body), "p").expect_err("image");
        assert!(err.to_string().starts_with("p.md:6: images"), "{err}");
        let body = "# Title\n";
        assert!(to_html(body, &source(body), "p").is_err());
        let body = "<!-- a note -->\n\ntext\n";
        assert!(!html(body).html.contains("note"));
    }

    #[test]
    fn inline_texts_render_without_a_paragraph_and_collect_links() {
        let at = Location::line("c.md", 7);
        let out =
            inline_html("依据：[基本条件](basics.html)、**见习**\n期满", &at).expect("inline");
        assert_eq!(
            out.html,
            "依据：<a href=\"basics.html\">基本条件</a>、<strong>见习</strong>期满"
        );
        assert_eq!(
            out.links,
            [Link {
                target: "basics.html".into(),
                line: 7
            }]
        );
        let out = inline_html("见<https://example.org/>", &at).expect("external");
        assert!(out.links.is_empty());
        assert!(
            out.html.contains("rel=\"noopener noreferrer\""),
            "{}",
            out.html
        );
        for (text, what) in [
            ("a\n\nb", "second paragraph"),
            ("- a", "block"),
            ("## a", "block"),
            ("a <b>b</b>", "raw HTML"),
            ("![x](x.png)", "image"),
        ] {
            let err = inline_html(text, &at).expect_err(text).to_string();
            assert!(err.starts_with("c.md:7: ") && err.contains(what), "{err}");
        }
    }
}
