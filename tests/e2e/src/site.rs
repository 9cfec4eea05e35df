//! The site under test: the shipped `guide/`, built by the real builder.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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
