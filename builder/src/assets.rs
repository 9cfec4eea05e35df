//! The static files written to the output as they are, each as (relative path, bytes): the
//! theme's stylesheet, icons, checker bootstrap, search scripts and offline registration
//! (overridable like any theme file), and the compiled checker and search engine, which
//! `build.rs` builds from `checker-wasm/` and `checker-wasm/search/` into this binary.

use std::borrow::Cow;

use crate::templates::Theme;

#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to the output folder, `/`-separated.
    pub path: &'static str,
    pub bytes: Cow<'static, [u8]>,
}

/// Theme files that are copied rather than rendered: (theme file, output path).
const THEME_ASSETS: [(&str, &str); 8] = [
    ("style.css", "style.css"),
    ("guide.css", "guide.css"),
    ("favicon.svg", "favicon.svg"),
    ("checker-page.js", "checker/page.js"),
    ("search-page.js", "search/page.js"),
    ("site.js", "site.js"),
    ("icon-192.png", "icon-192.png"),
    ("icon-512.png", "icon-512.png"),
];

/// False when the binary was compiled with `SKIP_WASM_BUILD` (see build.rs): the files below
/// are then empty and no site can be built.
pub const CHECKER_EMBEDDED: bool = !cfg!(checker_skipped);

/// wasm-bindgen's `web` output for the checker (the contract's "Where it lives").
pub const CHECKER_JS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/checker/checker.js"));
pub const CHECKER_WASM: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/checker/checker_bg.wasm"));

/// wasm-bindgen's `web` output for the search engine (`checker-wasm/search/`).
pub const SEARCH_JS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/search/search.js"));
pub const SEARCH_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/search/search_bg.wasm"));

// `CHECKER_JS_GZIP`, `CHECKER_WASM_GZIP`, `SEARCH_JS_GZIP`, `SEARCH_WASM_GZIP`: the four files'
// gzip sizes, measured by build.rs.
include!(concat!(env!("OUT_DIR"), "/checker/gzip_sizes.rs"));
include!(concat!(env!("OUT_DIR"), "/search/gzip_sizes.rs"));

pub fn static_files(theme: &Theme) -> Vec<Asset> {
    let theme_files = THEME_ASSETS.iter().filter_map(|&(name, path)| {
        theme.file(name).map(|file| Asset {
            path,
            bytes: file.bytes.clone(),
        })
    });
    let checker = [
        ("checker/checker.js", CHECKER_JS),
        ("checker/checker_bg.wasm", CHECKER_WASM),
        ("search/search.js", SEARCH_JS),
        ("search/search_bg.wasm", SEARCH_WASM),
    ]
    .into_iter()
    .map(|(path, bytes)| Asset {
        path,
        bytes: Cow::Borrowed(bytes),
    });
    theme_files.chain(checker).collect()
}
