//! `builder new DIR`: a small guide that builds, to start from (as `mdbook init` and
//! `zola init` give one). Its files are compiled into the binary from `builder/new-guide/`; its
//! `checker.md` is the shipped guide's, whose words match the checker's questions.

use std::path::{Path, PathBuf};

use crate::error::BuildError;

/// (path relative to the new guide, text).
pub const FILES: [(&str, &str); 11] = [
    ("guide.toml", include_str!("../new-guide/guide.toml")),
    ("index.md", include_str!("../new-guide/index.md")),
    (
        "sections/10-basic-conditions.md",
        include_str!("../new-guide/sections/10-basic-conditions.md"),
    ),
    (
        "sections/20-education-and-years.md",
        include_str!("../new-guide/sections/20-education-and-years.md"),
    ),
    (
        "sections/30-scope-and-intake.md",
        include_str!("../new-guide/sections/30-scope-and-intake.md"),
    ),
    (
        "sections/35-process.md",
        include_str!("../new-guide/sections/35-process.md"),
    ),
    (
        "sections/40-materials.md",
        include_str!("../new-guide/sections/40-materials.md"),
    ),
    ("faq/_index.md", include_str!("../new-guide/faq/_index.md")),
    (
        "faq/10-summary-writing.md",
        include_str!("../new-guide/faq/10-summary-writing.md"),
    ),
    (
        "faq/20-work-history.md",
        include_str!("../new-guide/faq/20-work-history.md"),
    ),
    ("checker.md", include_str!("../../guide/checker.md")),
];

/// Writes the starter guide into `dir`, which must not exist or be an empty folder. Returns
/// the files written.
pub fn create(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let refuse = |message: &str| BuildError::Output {
        path: dir.to_path_buf(),
        message: message.to_string(),
    };
    match std::fs::symlink_metadata(dir) {
        Ok(metadata) if !metadata.is_dir() => {
            return Err(refuse(
                "exists and is not a folder: choose a new folder name",
            ))
        }
        Ok(_) => {
            let mut entries = std::fs::read_dir(dir).map_err(|err| BuildError::io(dir, err))?;
            if entries.next().is_some() {
                return Err(refuse(
                    "is not empty: a new guide goes into a new or empty folder",
                ));
            }
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(BuildError::io(dir, err)),
    }
    let mut written = Vec::new();
    for (file, text) in FILES {
        let path = dir.join(file);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|err| BuildError::io(folder, err))?;
        }
        std::fs::write(&path, text).map_err(|err| BuildError::io(&path, err))?;
        written.push(path);
    }
    Ok(written)
}
