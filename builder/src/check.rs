//! `builder check`: everything `build` verifies — guide.toml, every Markdown file's front matter
//! and body, checker.md, the theme, every internal link and anchor — with nothing written, and
//! every mistake found in one run rather than the first.
//!
//! Each file is loaded on its own, so one file's mistake does not hide another's. The site is
//! then assembled by the build's own code ([`crate::site::assemble`]); a body that does not
//! render (a template or Markdown mistake) is reported, emptied, and the site assembled again,
//! so that the links of every other file are still checked. Where a mistake leaves a page
//! incomplete, a missing anchor on it (or, for a section that did not load, a missing page) is
//! not reported: the file's own mistake is, and `notes` says what was left unchecked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::checker_page;
use crate::config::{self, Config, Policy};
use crate::content::{self, parse_doc, Doc, Guide, PageMeta, Source};
use crate::error::{BrokenLink, BuildError};
use crate::site;
use crate::templates::Theme;

/// What `check` found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Every mistake, in the order the build meets them (files before links).
    pub problems: Vec<BuildError>,
    /// One line each about what could not be checked because of a mistake above.
    pub notes: Vec<String>,
    /// HTML pages of the site as assembled (0 when it could not be).
    pub pages: usize,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// Broken links count one each.
    pub fn count(&self) -> usize {
        self.problems
            .iter()
            .map(|problem| match problem {
                BuildError::BrokenLinks(links) => links.len(),
                _ => 1,
            })
            .sum()
    }
}

pub fn check(guide: &Path) -> CheckReport {
    let mut report = CheckReport::default();
    if !guide.is_dir() {
        report
            .problems
            .push(BuildError::GuideMissing(guide.to_path_buf()));
        return report;
    }
    let config = config::load_all(&guide.join("guide.toml")).unwrap_or_else(|problems| {
        report.problems.extend(problems);
        // The rest of the guide is checked against the checker's default policy: a variable
        // the Markdown names is there or not whatever its value.
        fallback_config()
    });
    let theme = Theme::load(guide).unwrap_or_else(|err| {
        report.problems.push(err);
        report
            .notes
            .push("the pages were checked with the embedded theme".into());
        Theme::embedded()
    });
    let loaded = content::load_all(guide);
    report.problems.extend(loaded.errors);
    let checker = checker_page::load(guide)
        .map_err(|err| report.problems.push(err))
        .ok();

    // Pages whose content is incomplete: links into them are not judged.
    let mut incomplete: BTreeSet<String> = BTreeSet::new();
    let sections_failed = loaded
        .failed
        .iter()
        .any(|path| path.starts_with(guide.join("sections")));
    if loaded
        .failed
        .iter()
        .any(|path| path.starts_with(guide.join("faq")))
    {
        incomplete.insert("faq.html".into());
    }
    let mut page_doc = |doc: Option<Doc<PageMeta>>, file: &str, page: &str| {
        doc.or_else(|| {
            incomplete.insert(page.to_string());
            placeholder(&guide.join(file))
        })
    };
    let home = page_doc(loaded.home, "index.md", "index.html");
    let faq = page_doc(loaded.faq, "faq/_index.md", "faq.html");
    let (Some(home), Some(faq), Some(mut checker)) = (home, faq, checker) else {
        report
            .notes
            .push("links were not checked: checker.md must load first".into());
        return report;
    };
    let mut guide_docs = Guide {
        home,
        sections: loaded.sections,
        faq,
        faq_entries: loaded.faq_entries,
    };

    let mut emptied: BTreeSet<PathBuf> = BTreeSet::new();
    let broken = loop {
        match site::assemble(&config, &guide_docs, &checker, &theme) {
            Ok(files) => {
                report.pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
                break Vec::new();
            }
            Err(BuildError::BrokenLink(link)) => break vec![link],
            Err(BuildError::BrokenLinks(links)) => break links,
            Err(err) => {
                let body = body_of(&err, &mut guide_docs, &mut checker.source);
                match body {
                    Some((source, page)) if emptied.insert(source.path.clone()) => {
                        source.body = std::sync::Arc::from("");
                        incomplete.insert(page);
                        report.problems.push(err);
                    }
                    _ => {
                        report.problems.push(err);
                        report
                            .notes
                            .push("links were not checked: the site must assemble first".into());
                        return report;
                    }
                }
            }
        }
    };
    let (unsure, links): (Vec<BrokenLink>, Vec<BrokenLink>) = broken
        .into_iter()
        .partition(|link| is_unsure(link, &incomplete, sections_failed));
    if !unsure.is_empty() {
        let (links, were) = match unsure.len() {
            1 => ("link", "was"),
            _ => ("links", "were"),
        };
        report.notes.push(format!(
            "{} {links} into pages with mistakes above {were} not judged",
            unsure.len()
        ));
    }
    if let Err(err) = BuildError::from_broken_links(links) {
        report.problems.push(err);
    }
    report
}

/// The Markdown body an error is in, and the page it renders onto.
fn body_of<'a>(
    err: &BuildError,
    guide: &'a mut Guide,
    checker: &'a mut Source,
) -> Option<(&'a mut Source, String)> {
    let at = match err {
        BuildError::Template { at, .. }
        | BuildError::Markdown { at, .. }
        | BuildError::DuplicateId { at, .. } => at,
        _ => return None,
    };
    let line = at.line?;
    let sources = std::iter::once((&mut guide.home.source, "index.html".to_string()))
        .chain(std::iter::once((&mut guide.faq.source, "faq.html".into())))
        .chain(
            guide
                .sections
                .iter_mut()
                .map(|doc| (&mut doc.source, format!("{}.html", doc.meta.id))),
        )
        .chain(
            guide
                .faq_entries
                .iter_mut()
                .map(|doc| (&mut doc.source, "faq.html".into())),
        )
        .chain(std::iter::once((checker, "checker.html".into())));
    let mut found = None;
    for (source, page) in sources {
        if source.path == at.file && line >= source.body_line {
            found = Some((source, page));
            break;
        }
    }
    found
}

/// A link whose target may only be missing because of a mistake reported already.
fn is_unsure(link: &BrokenLink, incomplete: &BTreeSet<String>, sections_failed: bool) -> bool {
    (sections_failed && link.reason.starts_with("no page"))
        || (link.reason.starts_with("no anchor")
            && incomplete
                .iter()
                .any(|page| link.reason.contains(&format!(" in {page}"))))
}

/// An empty page standing in for `index.md` or `faq/_index.md` when it did not load.
fn placeholder(path: &Path) -> Option<Doc<PageMeta>> {
    parse_doc(path, "+++\ntitle = \"-\"\ndescription = \"-\"\n+++\n").ok()
}

fn fallback_config() -> Config {
    Config {
        title: "-".into(),
        language: "zh-CN".into(),
        description: "-".into(),
        portal_url: "https://example.invalid/".into(),
        base_url: None,
        short_name: None,
        policy: Policy::default(),
    }
}
