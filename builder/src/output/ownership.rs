//! Whose folder `--out` is. Only a folder this builder wrote is replaced: it holds the marker
//! file [`MARKER`]. A folder written before the marker existed is recognised by its files: every
//! one is a file this build writes, the compiled checker among them, so no hand-made folder
//! passes for one.

use std::collections::BTreeSet;
use std::path::Path;

use crate::error::BuildError;
use crate::site::OutputFile;

/// The marker every built site holds: hidden, a line long.
pub const MARKER: &str = ".builder-site";
pub const MARKER_TEXT: &str =
    "Written by `builder build`, which replaces this whole folder on the next build.\n";

/// A file only this builder writes.
const SIGNATURE_FILE: &str = "checker/checker_bg.wasm";

/// Refuses an existing `out` that is not a folder this builder wrote (an empty one is fine).
pub fn refuse_foreign_folder(out: &Path, files: &[OutputFile]) -> Result<(), BuildError> {
    let refuse = |message: &str| BuildError::Output {
        path: out.to_path_buf(),
        message: message.into(),
    };
    let metadata = match std::fs::symlink_metadata(out) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(BuildError::io(out, err)),
    };
    if metadata.is_symlink() {
        return Err(refuse(
            "is a symbolic link: give the folder it points to as the output",
        ));
    }
    if !metadata.is_dir() {
        return Err(refuse("exists and is not a folder"));
    }
    if is_marked(out) || is_empty(out)? || is_earlier_build(out, files)? {
        return Ok(());
    }
    Err(refuse(
        "not a site this builder wrote (no .builder-site file): refusing to replace it",
    ))
}

/// Whether `dir` holds the marker, as a regular file.
pub fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn is_empty(dir: &Path) -> Result<bool, BuildError> {
    let mut entries = std::fs::read_dir(dir).map_err(|err| BuildError::io(dir, err))?;
    Ok(entries.next().is_none())
}

/// Whether `dir` holds nothing but files this build writes, the compiled checker among them.
fn is_earlier_build(dir: &Path, files: &[OutputFile]) -> Result<bool, BuildError> {
    let ours: BTreeSet<&str> = files.iter().map(|file| file.path.as_str()).collect();
    let mut found_signature = false;
    let mut folders = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|err| BuildError::io(&folder, err))?;
        for entry in entries {
            let entry = entry.map_err(|err| BuildError::io(&folder, err))?;
            let file_type = entry
                .file_type()
                .map_err(|err| BuildError::io(&entry.path(), err))?;
            let Some(name) = entry.file_name().to_str().map(str::to_string) else {
                return Ok(false);
            };
            let relative = format!("{prefix}{name}");
            if file_type.is_dir() {
                folders.push((entry.path(), format!("{relative}/")));
            } else if file_type.is_file() && ours.contains(relative.as_str()) {
                found_signature |= relative == SIGNATURE_FILE;
            } else {
                // Stop at the first file that is not ours: `--out ~` need not be walked.
                return Ok(false);
            }
        }
    }
    Ok(found_signature)
}
