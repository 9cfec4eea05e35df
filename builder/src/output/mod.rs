//! Writing the site. The new site is written into `<out>.tmp-<pid>` beside `--out` and swapped
//! in only once it is complete (`swap`), so on any error `--out` is exactly as it was; a build
//! that was stopped half-way is cleaned up by the next one (`leftovers`). Only a folder this
//! builder wrote is ever replaced (`ownership`), and never one over the guide (`paths`).

use std::path::{Path, PathBuf};

use crate::error::BuildError;
use crate::site::OutputFile;

mod leftovers;
mod ownership;
mod paths;
mod swap;

pub use ownership::MARKER;
pub use paths::refuse_overlap;

/// Writes `files` into a fresh folder beside `out`, then swaps it with `out`. Returns one-line
/// notes for the maintainer: leftovers of a stopped build recovered or removed, an old site
/// that could not be removed.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<Vec<String>, BuildError> {
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| BuildError::Output {
            path: out.to_path_buf(),
            message: "the output path must end in a folder name".into(),
        })?;
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut notes = leftovers::recover(&parent, name, out)?;
    ownership::refuse_foreign_folder(out, files)?;
    std::fs::create_dir_all(&parent).map_err(|err| BuildError::io(&parent, err))?;

    // Siblings stay on the same file system, so the swap is a rename; their names match the
    // `/site.*` ignore pattern.
    let staging = parent.join(format!("{name}.tmp-{}", std::process::id()));
    let previous = parent.join(format!("{name}.old-{}", std::process::id()));
    remove_if_present(&staging)?;
    remove_if_present(&previous)?;
    if let Err(err) = write_files(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err);
    }
    notes.extend(swap::swap_in(&swap::FileSystem, &staging, out, &previous)?);
    Ok(notes)
}

fn remove_if_present(path: &Path) -> Result<(), BuildError> {
    if std::fs::symlink_metadata(path).is_ok() {
        std::fs::remove_dir_all(path).map_err(|err| BuildError::io(path, err))?;
    }
    Ok(())
}

/// Writes the marker first, so even a half-written folder is known to be the builder's.
fn write_files(dir: &Path, files: &[OutputFile]) -> Result<(), BuildError> {
    std::fs::create_dir_all(dir).map_err(|err| BuildError::io(dir, err))?;
    let marker = dir.join(MARKER);
    std::fs::write(&marker, ownership::MARKER_TEXT).map_err(|err| BuildError::io(&marker, err))?;
    for file in files {
        let path = dir.join(&file.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|err| BuildError::io(folder, err))?;
        }
        std::fs::write(&path, &file.bytes).map_err(|err| BuildError::io(&path, err))?;
    }
    Ok(())
}
