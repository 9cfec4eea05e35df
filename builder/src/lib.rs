//! The static-site generator of the Suzhou initial-title guide: `guide/` (Markdown with TOML
//! front matter, `guide.toml`) in, a plain folder of relative-linked HTML out.
//!
//! The modules follow the build: [`config`], [`content`] and [`checker_page`] load and check
//! the guide, [`markdown`] and [`templates`] render it, [`site`] assembles the pages with
//! [`links`] checking every link and [`assets`] listing the files copied as they are (the
//! compiled checker among them), and [`output`] writes them; [`search_index`] indexes the
//! pages' text for the search page; [`offline`] adds the web app manifest and the service
//! worker that keeps the whole site for use without a network; [`budgets`] measures what the
//! checker page costs a phone.

pub mod assets;
pub mod budgets;
pub mod check;
pub mod checker_page;
pub mod config;
pub mod content;
pub mod error;
pub mod hosting;
mod input;
mod linemap;
pub mod links;
pub mod markdown;
pub mod offline;
pub mod output;
mod parallel;
pub mod scaffold;
pub mod search_index;
pub mod serve;
pub mod site;
pub mod templates;
pub mod timings;
mod tomlfile;

use std::path::{Path, PathBuf};

pub use error::{BrokenLink, BuildError, Location};

/// What a successful build wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildReport {
    /// The output folder.
    pub out: PathBuf,
    /// Number of HTML pages.
    pub pages: usize,
    /// Total size of all files written.
    pub bytes: u64,
    /// Every file written, relative to `out`, with its size; sorted by path.
    pub files: Vec<(String, u64)>,
    /// The checker's download budgets, measured on this build.
    pub budgets: Vec<budgets::Budget>,
    /// One line each about the output folder: leftovers of a stopped build recovered or
    /// removed, an old site that could not be removed.
    pub notes: Vec<String>,
}

/// Builds the guide in `guide` into `out`. On error `out` is as it was.
pub fn build(guide: &Path, out: &Path) -> Result<BuildReport, BuildError> {
    require_guide(guide)?;
    output::refuse_overlap(guide, out)?;
    let files = render(guide)?;
    // Over a budget is an error like a broken link: found before anything is written.
    let budgets = budgets::measure(&files);
    budgets::enforce(&budgets)?;
    timings::phase("budgets");
    let notes = output::write(out, &files)?;
    timings::phase("write");

    let mut listed: Vec<(String, u64)> = files
        .iter()
        .map(|file| (file.path.clone(), file.bytes.len() as u64))
        .collect();
    listed.sort();
    Ok(BuildReport {
        out: out.to_path_buf(),
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        bytes: listed.iter().map(|(_, size)| size).sum(),
        files: listed,
        budgets,
        notes,
    })
}

/// Everything [`build`] writes, in memory and with every check done, but nothing written:
/// what `builder serve` serves. The files are in the order the site assembles them.
pub fn render(guide: &Path) -> Result<Vec<site::OutputFile>, BuildError> {
    // Every build and every rebuild of `serve` is timed from here.
    timings::start();
    require_guide(guide)?;
    let config = config::load(&guide.join("guide.toml"))?;
    let theme = templates::Theme::load(guide)?;
    let content = content::load(guide)?;
    let checker = checker_page::load(guide)?;
    timings::phase("read the guide");
    let mut files = site::assemble(&config, &content, &checker, &theme)?;
    // Last: the service worker lists (and hashes) every other file.
    files.push(offline::service_worker(&theme, &files)?);
    timings::phase("service worker");
    Ok(files)
}

fn require_guide(guide: &Path) -> Result<(), BuildError> {
    if !assets::CHECKER_EMBEDDED {
        return Err(BuildError::CheckerNotEmbedded);
    }
    if !guide.is_dir() {
        return Err(BuildError::GuideMissing(guide.to_path_buf()));
    }
    Ok(())
}
