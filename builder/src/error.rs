//! Build errors. Every error prints as one line that names the file (and line, where there is
//! one), so a writer can jump straight to the mistake.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in the guide: a file, and a 1-based line when one is known.
#[derive(Debug, Clone, PartialEq, Eq)]
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

    #[error("{at}: broken link `{target}`: {reason}")]
    BrokenLink {
        at: Location,
        target: String,
        reason: String,
    },

    /// Markdown that the site cannot publish (raw HTML, images, a second `<h1>`, a bad anchor id).
    #[error("{at}: {message}")]
    Markdown { at: Location, message: String },

    #[error("{at}: theme: {message}")]
    Theme { at: Location, message: String },

    #[error("{}: {message}", .path.display())]
    Output { path: PathBuf, message: String },
}

impl BuildError {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        BuildError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
