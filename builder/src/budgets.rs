//! Download budgets: every byte of the checker is downloaded by applicants on phones. Sizes are
//! gzip-compressed (as a static host serves them), measured on every build and printed; the
//! builder's tests fail when one is exceeded.

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::site::OutputFile;

/// Everything `checker.html` loads: the page, its stylesheet and icon, the bootstrap, the
/// wasm-bindgen glue and the wasm.
pub const CHECKER_PAGE_FILES: [&str; 6] = [
    "checker.html",
    "style.css",
    "favicon.svg",
    "checker/page.js",
    "checker/checker.js",
    "checker/checker_bg.wasm",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub name: &'static str,
    /// gzip-compressed bytes.
    pub gzip_bytes: u64,
    pub limit: u64,
}

impl Budget {
    pub fn within(&self) -> bool {
        self.gzip_bytes <= self.limit
    }
}

impl std::fmt::Display for Budget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {:.1} KB gzip of {:.0} KB budget{}",
            self.name,
            self.gzip_bytes as f64 / 1000.0,
            self.limit as f64 / 1000.0,
            if self.within() {
                ""
            } else {
                " — OVER BUDGET"
            }
        )
    }
}

/// What the first search on `search.html` downloads besides the page itself: its bootstrap,
/// the engine's glue and wasm, and the manifest; plus, for a guide small enough to be scanned
/// (no postings shards), every text shard — that is all a search ever fetches.
pub const SEARCH_FILES: [&str; 4] = [
    "search/page.js",
    "search/search.js",
    "search/search_bg.wasm",
    "search/index.bin",
];

/// The budgets that fail the tests: the checker's wasm ≤ 64 KB, the checker page with all it
/// loads ≤ 120 KB, and the first search ≤ 30 KB. The product's targets for the checker are
/// tighter (48 KB and 60 KB, README "Sizes and speed") and not met since the work-history
/// helper; these limits stop it from growing further unnoticed.
pub fn measure(files: &[OutputFile]) -> Vec<Budget> {
    let gzip_of = |path: &str| {
        files
            .iter()
            .find(|file| file.path == path)
            .map_or(0, |file| gzip_len(&file.bytes))
    };
    vec![
        Budget {
            name: "checker wasm",
            gzip_bytes: gzip_of("checker/checker_bg.wasm"),
            limit: 64_000,
        },
        Budget {
            name: "checker page with everything it loads",
            gzip_bytes: CHECKER_PAGE_FILES.iter().map(|path| gzip_of(path)).sum(),
            limit: 120_000,
        },
        Budget {
            name: "first search (search scripts, wasm and index)",
            gzip_bytes: search_files(files).map(|file| gzip_len(&file.bytes)).sum(),
            limit: 30_000,
        },
    ]
}

/// The files counted in the first search's budget.
fn search_files(files: &[OutputFile]) -> impl Iterator<Item = &OutputFile> {
    let shard = |file: &OutputFile, kind: &str| {
        file.path
            .strip_prefix("search/")
            .is_some_and(|name| name.starts_with(kind) && name.ends_with(".bin"))
    };
    let scanned = !files.iter().any(|file| shard(file, "p"));
    files.iter().filter(move |file| {
        SEARCH_FILES.contains(&file.path.as_str()) || (scanned && shard(file, "t"))
    })
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder
        .finish()
        .map_or(0, |compressed| compressed.len() as u64)
}
