//! Where the output may go: never over the guide. `--out` usually does not exist yet, so it is
//! compared with the guide twice: as written (made absolute, `.` and `..` resolved by name),
//! and with symbolic links resolved in the part of it that exists.

use std::path::{Component, Path, PathBuf};

use crate::error::BuildError;

/// Refuses an output folder that is the guide, inside it, or contains it: replacing it would
/// delete or shadow the guide (`--out guide/theme` would stop it building).
pub fn refuse_overlap(guide: &Path, out: &Path) -> Result<(), BuildError> {
    let cwd = std::env::current_dir().map_err(|err| BuildError::io(Path::new("."), err))?;
    let guide_real = guide
        .canonicalize()
        .map_err(|err| BuildError::io(guide, err))?;
    let as_written = (normalize(&cwd.join(guide)), normalize(&cwd.join(out)));
    let resolved = (guide_real, normalize(&resolve_existing(&cwd.join(out))));
    for (guide_path, out_path) in [as_written, resolved] {
        if guide_path.starts_with(&out_path) || out_path.starts_with(&guide_path) {
            return Err(BuildError::Output {
                path: out.to_path_buf(),
                message: format!(
                    "overlaps the guide folder {}: choose an output folder outside it",
                    guide.display()
                ),
            });
        }
    }
    Ok(())
}

/// An absolute path with `.` dropped and each `..` taking away the name before it.
pub fn normalize(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// `path` with its longest existing ancestor replaced by its canonical form.
fn resolve_existing(path: &Path) -> PathBuf {
    for ancestor in path.ancestors() {
        if let Ok(real) = ancestor.canonicalize() {
            let rest = path.strip_prefix(ancestor).unwrap_or(Path::new(""));
            return real.join(rest);
        }
    }
    path.to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_are_resolved_by_name() {
        assert_eq!(normalize(Path::new("/a/./b/../c/")), Path::new("/a/c"));
        assert_eq!(normalize(Path::new("/a/../../b")), Path::new("/b"));
    }

    #[test]
    fn the_existing_part_is_resolved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().canonicalize().expect("canonical temp dir");
        std::fs::create_dir(real.join("guide")).expect("guide");
        std::os::unix::fs::symlink(real.join("guide"), real.join("link")).expect("link");
        assert_eq!(
            resolve_existing(&real.join("link/site/x")),
            real.join("guide/site/x")
        );
    }
}
