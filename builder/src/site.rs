//! Assembling the site: every page rendered through the theme and every link checked. Writing
//! it is [`crate::output`]'s job.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use minijinja::{context, Value};
use rayon::prelude::*;
use serde::Serialize;

use crate::assets;
use crate::checker_page::{self, CheckerMeta};
use crate::config::Config;
use crate::content::{Doc, Guide};
use crate::error::BuildError;
use crate::hosting;
use crate::links::{self, SourceLinks};
use crate::markdown::{self, Rendered};
use crate::parallel::par_map;
use crate::search_index;
use crate::templates::{self, Theme};
use crate::timings;

/// The policy every page declares; the lead's checker page must run under it unchanged.
/// `form-action 'self'`: the search field in every header is a GET form to `search.html`.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// A page as the templates see it in links (prev/next, table of contents).
#[derive(Debug, Clone, Serialize)]
struct PageLink {
    id: String,
    title: String,
    href: String,
    description: String,
}

#[derive(Debug, Clone, Serialize)]
struct Chapter {
    id: String,
    title: String,
    href: String,
    sections: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
struct FaqEntry {
    id: String,
    question: String,
    content: Value,
}

/// The template values every page gets alike, made once.
struct Shared {
    site: Value,
    chapters: Value,
    faq_page: Value,
    checker_page: Value,
    /// Every page of the reading order, as `page`, `prev` and `next` see it.
    order: Vec<Value>,
}

/// A Markdown source rendered onto an output page, kept for link checking.
struct RenderedSource<'a> {
    page: String,
    source: &'a crate::content::Source,
    rendered: Rendered,
}

/// Renders every page and static file of the site, links checked.
pub fn assemble(
    config: &Config,
    guide: &Guide,
    checker: &Doc<CheckerMeta>,
    theme: &Theme,
) -> Result<Vec<OutputFile>, BuildError> {
    let markdown_env = templates::markdown_environment();
    let markdown_context = context! {
        policy => Value::from_serialize(&config.policy),
        site => context! { title => &config.title, portal_url => &config.portal_url },
    };
    let guide = &expand_front_matter(guide, &markdown_env, &markdown_context)?;
    let render = |source, page: &str, page_id: &str| -> Result<RenderedSource, BuildError> {
        Ok(RenderedSource {
            page: page.to_string(),
            rendered: markdown::render(&markdown_env, &markdown_context, source, page_id)?,
            source,
        })
    };
    let mut home = render(&guide.home.source, "index.html", "index")?;
    let faq_intro = render(&guide.faq.source, "faq.html", "faq")?;
    let mut section_bodies = par_map(&guide.sections, |doc| {
        render(&doc.source, &href(&doc.meta.id), &doc.meta.id)
    })?;
    timings::phase("markdown");
    let mut entry_bodies = Vec::new();
    for doc in &guide.faq_entries {
        entry_bodies.push(render(&doc.source, "faq.html", &doc.meta.id)?);
    }
    let checker_words = checker_page::words(checker, &markdown_env, &markdown_context)?;
    let checker_intro = render(&checker.source, "checker.html", "checker")?;
    // The Markdown texts of checker.md's front matter, for the link checker.
    let checker_texts = RenderedSource {
        page: "checker.html".into(),
        source: &checker.source,
        rendered: Rendered {
            links: checker_words.links.clone(),
            ..Rendered::default()
        },
    };

    let home_page = PageLink {
        id: "index".into(),
        title: guide.home.meta.title.clone(),
        href: "index.html".into(),
        description: guide
            .home
            .meta
            .description
            .clone()
            .unwrap_or_else(|| config.description.clone()),
    };
    let sections: Vec<PageLink> = guide
        .sections
        .iter()
        .map(|doc| PageLink {
            id: doc.meta.id.clone(),
            title: doc.meta.title.clone(),
            href: href(&doc.meta.id),
            description: doc.meta.description.clone(),
        })
        .collect();
    let faq_page = PageLink {
        id: "faq".into(),
        title: guide.faq.meta.title.clone(),
        href: "faq.html".into(),
        description: guide.faq.meta.description.clone().unwrap_or_default(),
    };
    let checker_page = PageLink {
        id: "checker".into(),
        title: checker_words.title.clone(),
        href: "checker.html".into(),
        description: checker_words.description.clone(),
    };
    let search_page = PageLink {
        id: "search".into(),
        title: "搜索".into(),
        href: "search.html".into(),
        description: "在本指南的各页正文中查找字词。".into(),
    };
    let chapters = chapters(guide, &sections)?;
    // Reading order, which prev/next follow.
    let order: Vec<&PageLink> = std::iter::once(&home_page)
        .chain(&sections)
        .chain([&faq_page, &checker_page])
        .collect();

    let env = theme.environment()?;
    // Every value a page shares with the others is made a template value once: `chapters`,
    // the whole table of contents, made anew for each page made the build quadratic. Cloning a
    // `Value` is a reference count. Each chapter is made a value once, on every core, for the
    // table of contents and for its sections' pages.
    let chapter_values: Vec<Value> = chapters.par_iter().map(Value::from_serialize).collect();
    let shared = Shared {
        site: context! {
            title => &config.title,
            language => &config.language,
            description => &config.description,
            portal_url => &config.portal_url,
            base_url => &config.base_url,
            // The site's own entry points (footer, 404 page).
            links => [&home_page, &faq_page, &checker_page, &search_page],
        },
        chapters: Value::from(chapter_values.clone()),
        faq_page: Value::from_serialize(&faq_page),
        checker_page: Value::from_serialize(&checker_page),
        order: order.par_iter().map(Value::from_serialize).collect(),
    };
    // The chapter of each section, in section order (chapters hold adjacent sections).
    let section_chapters: Vec<Value> = chapters
        .iter()
        .zip(&chapter_values)
        .flat_map(|(chapter, value)| std::iter::repeat_n(value.clone(), chapter.sections.len()))
        .collect();
    let render_page = |template: &str,
                       place: Place,
                       chapter: Option<&Value>,
                       extra: Value|
     -> Result<OutputFile, BuildError> {
        // Pages outside the reading order (search, 404) have neither prev nor next.
        let (page, page_value, prev, next) = match place {
            Place::InOrder(position) => (
                order.get(position).copied().unwrap_or(&home_page),
                shared.order.get(position).cloned(),
                position.checked_sub(1).and_then(|i| shared.order.get(i)),
                shared.order.get(position + 1),
            ),
            Place::Outside(page) => (page, Some(Value::from_serialize(page)), None, None),
        };
        let ctx = context! {
            site => &shared.site,
            csp => CONTENT_SECURITY_POLICY,
            page => page_value,
            chapter => chapter,
            prev => prev,
            next => next,
            chapters => &shared.chapters,
            faq_page => &shared.faq_page,
            checker_page => &shared.checker_page,
            ..extra
        };
        let html = env
            .get_template(template)
            .and_then(|t| t.render(&ctx))
            .map_err(|err| theme.render_error(&err, &env, &ctx))?;
        Ok(OutputFile {
            path: page.href.clone(),
            bytes: without_indentation(&html).into_bytes(),
        })
    };

    let mut files = Vec::new();
    files.push(render_page(
        "index.html",
        Place::InOrder(0),
        None,
        context! { content => Value::from_safe_string(std::mem::take(&mut home.rendered.html)) },
    )?);
    let section_pages: Vec<Result<OutputFile, BuildError>> = section_bodies
        .par_iter_mut()
        .enumerate()
        .map(|(index, body)| {
            render_page(
                "page.html",
                Place::InOrder(1 + index),
                section_chapters.get(index),
                // The body is on its page now: only its links and headings are kept.
                context! { content => Value::from_safe_string(std::mem::take(&mut body.rendered.html)) },
            )
        })
        .collect();
    for page in section_pages {
        files.push(page?);
    }
    let entries: Vec<FaqEntry> = guide
        .faq_entries
        .iter()
        .zip(&entry_bodies)
        .map(|(doc, body)| FaqEntry {
            id: doc.meta.id.clone(),
            question: doc.meta.question.clone(),
            content: Value::from_safe_string(body.rendered.html.clone()),
        })
        .collect();
    let faq_position = 1 + sections.len();
    files.push(render_page(
        "faq.html",
        Place::InOrder(faq_position),
        None,
        context! {
            content => Value::from_safe_string(faq_intro.rendered.html.clone()),
            entries => entries,
        },
    )?);
    let clauses = clauses(guide);
    files.push(render_page(
        "checker.html",
        Place::InOrder(faq_position + 1),
        None,
        context! {
            content => Value::from_safe_string(checker_intro.rendered.html.clone()),
            checker => Value::from_serialize(&checker_words),
            policy_json => Value::from_safe_string(script_json(&config.policy)?),
            clauses_json => Value::from_safe_string(script_json(&clauses)?),
            words_json => Value::from_safe_string(script_json(checker_words.page_words())?),
        },
    )?);
    files.push(render_page(
        "search.html",
        Place::Outside(&search_page),
        None,
        context! {},
    )?);
    timings::phase("templates");
    files.push(render_page(
        hosting::NOT_FOUND_PAGE,
        Place::Outside(&not_found_page()),
        None,
        context! {},
    )?);
    for asset in assets::static_files(theme) {
        files.push(OutputFile {
            path: asset.path.to_string(),
            bytes: asset.bytes.into_owned(),
        });
    }
    files.push(crate::offline::manifest(config, theme, &files)?);

    // The guide's own text: home, sections, FAQ (not the checker's form, not the search page).
    let searched: Vec<String> = order
        .iter()
        .filter(|page| page.id != checker_page.id)
        .map(|page| page.href.clone())
        .collect();
    let sources: Vec<SourceLinks> = std::iter::once(&home)
        .chain(&section_bodies)
        .chain(std::iter::once(&faq_intro))
        .chain(&entry_bodies)
        .chain([&checker_intro, &checker_texts])
        .map(|source| SourceLinks {
            page: &source.page,
            file: &source.source.path,
            rendered: &source.rendered,
        })
        .collect();
    // The search index and the link check read the same pages and need nothing of each other:
    // side by side, each keeps the core the other leaves idle (merging, sorting) busy. No page
    // links to the index but for its manifest: the shards' names change with every build.
    let (index, checked) = rayon::join(
        || search_index::index_files(&files, &searched),
        || links::check_site(&files, &[search_index::MANIFEST_PATH], &sources, theme),
    );
    let index = index?;
    checked?;
    timings::phase("search index, link check");
    files.extend(index);
    hosting::finish(config, &mut files);
    Ok(files)
}

/// Where a page stands: at a place in the reading order, which prev/next follow, or outside it.
enum Place<'p> {
    InOrder(usize),
    Outside(&'p PageLink),
}

/// The page hosts serve for a missing path ([`hosting`]).
fn not_found_page() -> PageLink {
    PageLink {
        id: hosting::NOT_FOUND_ID.into(),
        title: hosting::NOT_FOUND_TITLE.into(),
        href: hosting::NOT_FOUND_PAGE.into(),
        description: hosting::NOT_FOUND_DESCRIPTION.into(),
    }
}

/// The guide with every front-matter text expanded as a template.
fn expand_front_matter(
    guide: &Guide,
    env: &minijinja::Environment<'static>,
    context: &Value,
) -> Result<Guide, BuildError> {
    let mut guide = guide.clone();
    let expand = |source, key: &str, text: &mut String| -> Result<(), BuildError> {
        *text = markdown::expand_field(env, context, source, key, text)?;
        Ok(())
    };
    for doc in [&mut guide.home, &mut guide.faq] {
        expand(&doc.source, "title", &mut doc.meta.title)?;
        if let Some(description) = doc.meta.description.as_mut() {
            expand(&doc.source, "description", description)?;
        }
    }
    for doc in &mut guide.sections {
        expand(&doc.source, "title", &mut doc.meta.title)?;
        expand(&doc.source, "chapter", &mut doc.meta.chapter)?;
        expand(&doc.source, "description", &mut doc.meta.description)?;
    }
    for doc in &mut guide.faq_entries {
        expand(&doc.source, "question", &mut doc.meta.question)?;
    }
    Ok(guide)
}

fn href(id: &str) -> String {
    format!("{id}.html")
}

/// Sections grouped by chapter, in reading order. A chapter interrupted by another would show
/// up twice in the table of contents: that is an ordering mistake, so it is an error.
fn chapters(guide: &Guide, sections: &[PageLink]) -> Result<Vec<Chapter>, BuildError> {
    let mut chapters: Vec<Chapter> = Vec::new();
    for (doc, link) in guide.sections.iter().zip(sections) {
        let title = &doc.meta.chapter;
        match chapters.last_mut() {
            Some(last) if &last.title == title => last.sections.push(link.clone()),
            _ => {
                if chapters.iter().any(|c| &c.title == title) {
                    return Err(BuildError::FrontMatter {
                        at: doc.source.at_key("chapter"),
                        message: format!(
                            "chapter `{title}` is interrupted by `{}`: give its sections adjacent `order` values",
                            chapters.last().map_or("", |c| c.title.as_str())
                        ),
                    });
                }
                let id = format!("chapter-{}", chapters.len() + 1);
                chapters.push(Chapter {
                    href: format!("index.html#{id}"),
                    id,
                    title: title.clone(),
                    sections: vec![link.clone()],
                });
            }
        }
    }
    Ok(chapters)
}

/// The FAQ entry the summary count's hint links to (`checker-wasm/src/ui/view.rs`).
pub const SUMMARY_WRITING_ID: &str = "summary-writing";

/// Every id the checker page links a result to: the section of each clause a reason can rest on
/// (`checker_rules::Clause::ALL`) and the FAQ entry on writing the summary.
pub fn cited_ids() -> impl Iterator<Item = &'static str> {
    checker_rules::Clause::ALL
        .into_iter()
        .map(checker_rules::Clause::id)
        .chain([SUMMARY_WRITING_ID])
}

/// The ids the checker cites that the guide has, mapped to where they are and what they are
/// called: sections are pages, FAQ entries anchors on the FAQ page. The checker page links each
/// reason through this; only cited ids are listed, so the page does not grow with the guide.
/// (An id the guide lacks is left out: the checker then links the home page.)
fn clauses(guide: &Guide) -> BTreeMap<String, Clause> {
    let cited: BTreeSet<&str> = cited_ids().collect();
    let sections = guide
        .sections
        .iter()
        .filter(|doc| cited.contains(doc.meta.id.as_str()))
        .map(|doc| {
            let clause = Clause {
                href: href(&doc.meta.id),
                title: doc.meta.title.clone(),
            };
            (doc.meta.id.clone(), clause)
        });
    let entries = guide
        .faq_entries
        .iter()
        .filter(|doc| cited.contains(doc.meta.id.as_str()))
        .map(|doc| {
            let clause = Clause {
                href: format!("faq.html#{}", doc.meta.id),
                title: doc.meta.question.clone(),
            };
            (doc.meta.id.clone(), clause)
        });
    sections.chain(entries).collect()
}

/// `html` without the spaces and tabs that begin its lines (the templates' indentation: 0.08 KB
/// of the checker page's gzip), except inside `<pre>`, `<textarea>`, `<script>` and `<style>`,
/// where they may be content. The line breaks stay, so the page renders as before: a browser
/// collapses a line break and the spaces after it to one space anyway.
pub(crate) fn without_indentation(html: &str) -> String {
    const KEEP: [&str; 4] = ["pre", "textarea", "script", "style"];
    let mut out = String::with_capacity(html.len());
    // The element among KEEP the text is inside of, as of the start of the line.
    let mut inside: Option<&str> = None;
    // A line at a time, copied whole (every page of a large guide passes here).
    for (index, line) in html.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let line = match inside {
            None if index > 0 => line.trim_start_matches([' ', '\t']),
            _ => line,
        };
        out.push_str(line);
        for (at, _) in line.match_indices('<') {
            let rest = line.as_bytes().get(at + 1..).unwrap_or_default();
            let (closing, name) = match rest.split_first() {
                Some((b'/', name)) => (true, name),
                _ => (false, rest),
            };
            let named = |tag: &str| {
                name.get(..tag.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(tag.as_bytes()))
                    && name
                        .get(tag.len())
                        .is_some_and(|c| !c.is_ascii_alphanumeric())
            };
            match (inside, closing) {
                (None, false) => inside = KEEP.into_iter().find(|tag| named(tag)),
                (Some(tag), true) if named(tag) => inside = None,
                _ => {}
            }
        }
    }
    out
}

/// One entry of the checker page's `#checker-clauses` data island.
#[derive(Debug, Serialize)]
struct Clause {
    href: String,
    title: String,
}

/// JSON safe inside `<script type="application/json">`: no `<` can end the element early.
pub(crate) fn script_json(value: &impl Serialize) -> Result<String, BuildError> {
    let json = serde_json::to_string(value).map_err(|err| BuildError::Output {
        path: PathBuf::from("checker.html"),
        message: format!("cannot serialise JSON: {err}"),
    })?;
    Ok(json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026"))
}

#[cfg(test)]
mod tests {
    use super::without_indentation;

    #[test]
    fn indentation_goes_but_not_where_it_may_be_content() {
        let html = "<form>\n  <label>起 <input name=\"start\"></label>\n\t<p>a\n    b</p>\n<pre>\n  code\n</pre>\n  <TEXTAREA>\n  kept\n</textarea>\n  <script type=\"application/json\">{\n  \"a\": 1}</script>\n  <prelude>\n  x</prelude>\n</form>\n";
        assert_eq!(
            without_indentation(html),
            "<form>\n<label>起 <input name=\"start\"></label>\n<p>a\nb</p>\n<pre>\n  code\n</pre>\n<TEXTAREA>\n  kept\n</textarea>\n<script type=\"application/json\">{\n  \"a\": 1}</script>\n<prelude>\nx</prelude>\n</form>\n"
        );
    }
}
