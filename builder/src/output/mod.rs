//! Writing the site: the new output is written into a fresh folder beside `--out` and swapped
//! in only once it is complete, so a failed build leaves the previous site untouched.

use std::path::{Path, PathBuf};

use crate::error::BuildError;
use crate::site::OutputFile;

mod ownership;
mod paths;

pub use ownership::MARKER;
pub use paths::refuse_overlap;

/// Writes `files` into a fresh folder beside `out`, then swaps it with `out`.
pub fn write(out: &Path, files: &[OutputFile]) -> Result<(), BuildError> {
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
    ownership::refuse_foreign_folder(out, files)?;
    std::fs::create_dir_all(&parent).map_err(|err| BuildError::io(&parent, err))?;

    // Sibling names match the `/site.*` ignore pattern and stay on the same file system,
    // so the final renames are atomic.
    let staging = parent.join(format!("{name}.tmp-{}", std::process::id()));
    let previous = parent.join(format!("{name}.old-{}", std::process::id()));
    remove_if_present(&staging)?;
    if let Err(err) = write_files(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(err);
    }
    if out.exists() {
        remove_if_present(&previous)?;
        std::fs::rename(out, &previous).map_err(|err| BuildError::io(out, err))?;
        if let Err(err) = std::fs::rename(&staging, out) {
            // Put the old site back rather than leave no site at all.
            let _ = std::fs::rename(&previous, out);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(BuildError::io(out, err));
        }
        std::fs::remove_dir_all(&previous).map_err(|err| BuildError::io(&previous, err))?;
    } else {
        std::fs::rename(&staging, out).map_err(|err| BuildError::io(out, err))?;
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> Result<(), BuildError> {
    if path.exists() {
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
