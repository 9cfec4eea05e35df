//! Reading the guide's files: regular files only, a symbolic link followed to one. A FIFO would
//! block the build forever and a device is no guide text, so either is an error naming the file,
//! as is a link to nothing.

use std::fs::{FileType, Metadata};
use std::path::{Path, PathBuf};

use crate::error::BuildError;

pub fn read_text(path: &Path) -> Result<String, BuildError> {
    require_regular_file(path)?;
    std::fs::read_to_string(path).map_err(|err| BuildError::io(path, err))
}

pub fn read_bytes(path: &Path) -> Result<Vec<u8>, BuildError> {
    require_regular_file(path)?;
    std::fs::read(path).map_err(|err| BuildError::io(path, err))
}

/// The `*.md` files of a folder, sorted by name. Names starting with `.` are not the guide's
/// (editors keep lock files and backups there); a folder named `*.md` is not a file.
pub fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    let entries = std::fs::read_dir(dir).map_err(|err| BuildError::io(dir, err))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| BuildError::io(dir, err))?;
        let path = entry.path();
        let hidden = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().starts_with('.'));
        if hidden || path.extension().is_none_or(|ext| ext != "md") {
            continue;
        }
        // The folder listing says what most entries are without asking the file system again
        // (thousands of pages); a link is followed.
        let folder = match entry.file_type() {
            Ok(kind) if kind.is_symlink() => path.is_dir(),
            Ok(kind) => kind.is_dir(),
            Err(_) => path.is_dir(),
        };
        if folder {
            continue;
        }
        // Anything but a regular file is refused by name when it is read.
        files.push(path);
    }
    files.sort();
    Ok(files)
}

fn require_regular_file(path: &Path) -> Result<(), BuildError> {
    let refuse = |message: String| BuildError::Input {
        path: path.to_path_buf(),
        message,
    };
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => Ok(()),
        Ok(metadata) => Err(refuse(format!(
            "{}, not a regular file: refusing to read it",
            kind(&metadata)
        ))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => match std::fs::read_link(path) {
            Ok(target) => Err(refuse(format!(
                "a symbolic link to a missing file ({})",
                target.display()
            ))),
            Err(_) => Err(BuildError::io(path, err)),
        },
        Err(err) => Err(BuildError::io(path, err)),
    }
}

fn kind(metadata: &Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        "a folder"
    } else {
        special_kind(file_type)
    }
}

#[cfg(unix)]
fn special_kind(file_type: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: FileType) -> &'static str {
    "a special file"
}
