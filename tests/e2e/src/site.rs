//! The site under test: the shipped `guide/`, built by the real builder.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder cargo gives integration tests for scratch files. `CARGO_TARGET_TMPDIR` is set
/// only while a test crate compiles, not this library, so this expands in the test.
#[macro_export]
macro_rules! scratch {
    () => {
        ::std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
    };
}

/// Builds the shipped guide into `scratch/site` once per test binary and returns the folder.
pub fn shipped_site(scratch: &Path) -> anyhow::Result<&'static Path> {
    static SITE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let built = SITE.get_or_init(|| {
        let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../guide");
        let out = scratch.join("site");
        builder::build(&guide, &out)
            .map(|_| out)
            .map_err(|e| e.to_string())
    });
    match built {
        Ok(path) => Ok(path.as_path()),
        Err(message) => Err(anyhow::anyhow!(
            "building the shipped guide failed: {message}"
        )),
    }
}

/// The HTML pages at the top of the built site `site` (file names, sorted).
pub fn html_pages(site: &Path) -> anyhow::Result<Vec<String>> {
    let mut pages: Vec<String> = std::fs::read_dir(site)?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".html"))
        .collect();
    pages.sort();
    Ok(pages)
}

/// Builds a copy of the shipped guide whose `guide.toml` has `edit` applied, into `scratch/<name>`.
pub fn edited_site(
    scratch: &Path,
    name: &str,
    edit: impl Fn(&str) -> String,
) -> anyhow::Result<PathBuf> {
    edited_file_site(scratch, name, "guide.toml", edit)
}

/// Builds a copy of the shipped guide whose file `file` (relative to `guide/`) has `edit`
/// applied, into `scratch/<name>`.
pub fn edited_file_site(
    scratch: &Path,
    name: &str,
    file: &str,
    edit: impl Fn(&str) -> String,
) -> anyhow::Result<PathBuf> {
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../guide");
    let copy = scratch.join(format!("{name}-guide"));
    copy_dir(&guide, &copy)?;
    let edited = copy.join(file);
    std::fs::write(&edited, edit(&std::fs::read_to_string(&edited)?))?;
    let out = scratch.join(name);
    builder::build(&copy, &out).map_err(|e| anyhow::anyhow!("building {name}: {e}"))?;
    Ok(out)
}

/// Copies a folder tree (guides are small).
pub fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
