//! Writing the site. The new site is written into `<out>.tmp-<pid>` beside `--out` and swapped
//! in only once it is complete (`swap`), so on any error `--out` is exactly as it was; a build
//! that was stopped half-way is cleaned up by the next one (`leftovers`). Only a folder this
//! builder wrote is ever replaced (`ownership`), and never one over the guide (`paths`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

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
    // The site being replaced, whose unchanged files the new one shares.
    let current = std::fs::symlink_metadata(out)
        .is_ok_and(|metadata| metadata.is_dir())
        .then_some(out);
    if let Err(err) = write_files(&staging, files, current) {
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

/// Writes the marker first, so even a half-written folder is known to be the builder's, then
/// every file. A file whose bytes `current` (the site being replaced) already holds at the same
/// path is hard-linked from there rather than written: no new file, no data copied, and the file
/// keeps the modification time of the build that first wrote it, so a sync to a host sends only
/// what changed. No file is ever changed in place, so the two sites never see each other's
/// writes; where a link cannot be made the file is written.
///
/// The old files are compared on every core, but files are created on one: creating files in
/// one folder is serialised by the kernel on the folder's lock, and a second thread only spins
/// on it (measured on ext4: more system time, no less wall time).
fn write_files(dir: &Path, files: &[OutputFile], current: Option<&Path>) -> Result<(), BuildError> {
    std::fs::create_dir_all(dir).map_err(|err| BuildError::io(dir, err))?;
    let marker = dir.join(MARKER);
    std::fs::write(&marker, ownership::MARKER_TEXT).map_err(|err| BuildError::io(&marker, err))?;
    let folders: BTreeSet<&Path> = files
        .iter()
        .filter_map(|file| Path::new(&file.path).parent())
        .collect();
    for folder in folders {
        let folder = dir.join(folder);
        std::fs::create_dir_all(&folder).map_err(|err| BuildError::io(&folder, err))?;
    }
    // On every core: each file is compared with the current site's and linked or written.
    let written: Vec<Result<(), BuildError>> = files
        .par_iter()
        .map(|file| {
            let path = dir.join(&file.path);
            let unchanged = current
                .map(|current| current.join(&file.path))
                .filter(|old| holds(old, &file.bytes));
            if unchanged.is_some_and(|old| std::fs::hard_link(old, &path).is_ok()) {
                return Ok(());
            }
            std::fs::write(&path, &file.bytes).map_err(|err| BuildError::io(&path, err))
        })
        .collect();
    // The first error in the files' order, as one core would have met it.
    written.into_iter().collect()
}

/// Whether `path` is a regular file (not a link to one) holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let same_size = std::fs::symlink_metadata(path)
        .is_ok_and(|metadata| metadata.is_file() && metadata.len() == bytes.len() as u64);
    same_size && std::fs::read(path).is_ok_and(|old| old == bytes)
}
