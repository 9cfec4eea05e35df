//! Build errors. Every error prints as one line that names the file (and line, where there is
//! one), so a writer can jump straight to the mistake; only several broken links print as a
//! list, one such line each.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::budgets::Budget;

/// A place in the guide: a file, and a 1-based line when one is known.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<usize>,
}

impl Location {
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location {
            file: file.into(),
            line: None,
        }
    }

    pub fn line(file: impl Into<PathBuf>, line: usize) -> Self {
        Location {
            file: file.into(),
            line: Some(line),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        Ok(())
    }
}

/// A link or anchor that does not resolve, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub at: Location,
    pub target: String,
    pub reason: String,
}

impl BrokenLink {
    /// One indented line per link, each after a line break.
    fn list(links: &[BrokenLink]) -> String {
        links.iter().map(|link| format!("\n  {link}")).collect()
    }
}

impl fmt::Display for BrokenLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: broken link `{}`: {}",
            self.at, self.target, self.reason
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("guide folder not found: {}", .0.display())]
    GuideMissing(PathBuf),

    /// The binary was compiled with `SKIP_WASM_BUILD` (for check/clippy): it has no checker.
    #[error("this builder was compiled with SKIP_WASM_BUILD and carries no checker; rebuild it without that variable")]
    CheckerNotEmbedded,

    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// guide.toml: unknown key, wrong type or impossible value. `key` is the dotted key path.
    #[error("{at}: `{key}`: {message}")]
    Config {
        at: Location,
        key: String,
        message: String,
    },

    #[error("{at}: front matter: {message}")]
    FrontMatter { at: Location, message: String },

    #[error("{at}: template: {message}")]
    Template { at: Location, message: String },

    #[error("{at}: duplicate id `{id}` (already used by {first})")]
    DuplicateId {
        at: Location,
        id: String,
        first: String,
    },

    #[error("{0}")]
    BrokenLink(BrokenLink),

    /// Every broken link of a build, one per line, so they can all be fixed in one go.
    #[error("{} broken links:{}", .0.len(), BrokenLink::list(.0))]
    BrokenLinks(Vec<BrokenLink>),

    /// Markdown that the site cannot publish (raw HTML, images, a second `<h1>`, a bad anchor id).
    #[error("{at}: {message}")]
    Markdown { at: Location, message: String },

    #[error("{at}: theme: {message}")]
    Theme { at: Location, message: String },

    /// A guide file or folder that cannot be read as one (a FIFO, a link to nothing).
    #[error("{}: {message}", .path.display())]
    Input { path: PathBuf, message: String },

    #[error("{}: {message}", .path.display())]
    Output { path: PathBuf, message: String },

    /// The checker page, or its wasm, is more than applicants should download on a phone
    /// ([`crate::budgets`]): each budget exceeded, with every file's gzip size.
    #[error("{}", over_budget(.0))]
    OverBudget(Vec<Budget>),
}

fn over_budget(budgets: &[Budget]) -> String {
    budgets
        .iter()
        .map(|budget| {
            format!(
                "{}: {:.1} KB gzip is over its {:.0} KB budget ({})",
                budget.name,
                budget.gzip_bytes as f64 / 1000.0,
                budget.limit as f64 / 1000.0,
                budget.breakdown()
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl BuildError {
    /// No error for no broken links, the one-line error for one, the list for more.
    pub fn from_broken_links(mut links: Vec<BrokenLink>) -> Result<(), BuildError> {
        match links.len() {
            0 => Ok(()),
            1 => Err(BuildError::BrokenLink(links.remove(0))),
            _ => Err(BuildError::BrokenLinks(links)),
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        BuildError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
