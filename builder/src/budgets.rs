//! Download budgets: every byte of the checker is downloaded by applicants on phones. Sizes are
//! gzip-compressed, as a static host serves them, at zlib's default level 6 (what hosts that
//! compress on the fly commonly use, Apache's mod_deflate among them; nginx's default level 1
//! serves about an eighth more, pre-compressed files at level 9 a fraction of a percent less).
//! They are measured on every build and printed, and a build over a budget fails.
//!
//! Only the files the checker page loads are compressed, each once. The compiled checker is
//! part of the builder binary, so its sizes are measured when the binary is compiled
//! (`build.rs`); a build compresses only the page and the theme files (about 20 KB).

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;
use rayon::prelude::*;

use crate::assets;
use crate::error::BuildError;
use crate::site::OutputFile;

/// Everything `checker.html` loads: the page, its stylesheet, icon and web app manifest, the
/// script every page has (`site.js`: the `/` key for search, the offline registration), the checker's
/// bootstrap, the wasm-bindgen glue and the wasm. (The service worker that offline use
/// registers then keeps the whole site, in the background: README "Offline use".)
pub const CHECKER_PAGE_FILES: [&str; 8] = [
    "checker.html",
    "style.css",
    "favicon.svg",
    "manifest.webmanifest",
    "site.js",
    "checker/page.js",
    "checker/checker.js",
    "checker/checker_bg.wasm",
];

const CHECKER_WASM: &str = "checker/checker_bg.wasm";

/// What the first search on `search.html` downloads besides the page itself: its bootstrap,
/// the engine's glue and wasm, and the manifest; plus, for a guide small enough to be scanned
/// (no postings shards), every text shard — that is all a search ever fetches.
pub const SEARCH_FILES: [&str; 4] = [
    "search/page.js",
    "search/search.js",
    "search/search_bg.wasm",
    "search/index.bin",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub name: &'static str,
    /// gzip-compressed bytes.
    pub gzip_bytes: u64,
    pub limit: u64,
    /// The files counted, each with its gzip-compressed size.
    pub files: Vec<(String, u64)>,
}

impl Budget {
    pub fn within(&self) -> bool {
        self.gzip_bytes <= self.limit
    }

    /// Each file's share: `checker.html 3.4 KB, style.css 3.1 KB, …`.
    pub fn breakdown(&self) -> String {
        self.files
            .iter()
            .map(|(path, bytes)| format!("{path} {}", kb(*bytes)))
            .collect::<Vec<_>>()
            .join(", ")
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

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// The budgets, which fail a build: the checker's wasm ≤ 48 KB and the checker page with all it
/// loads ≤ 60 KB (the product's targets, README "Sizes and speed"), and the first search
/// ≤ 30 KB.
pub fn measure(files: &[OutputFile]) -> Vec<Budget> {
    // A file the site lacks counts as nothing.
    let page_files = CHECKER_PAGE_FILES.iter().map(|&path| {
        let file = files.iter().find(|file| file.path == path);
        (path, file.map(|file| &file.bytes[..]))
    });
    let search_files = search_files(files).map(|file| (file.path.as_str(), Some(&file.bytes[..])));
    let counted: Vec<(&str, Option<&[u8]>)> = page_files.chain(search_files).collect();
    // Both budgets' files compressed at once, on every core (a few small files each).
    let mut sizes: Vec<(String, u64)> = counted
        .par_iter()
        .map(|&(path, bytes)| {
            (
                path.to_string(),
                bytes.map_or(0, |bytes| gzip_size(path, bytes)),
            )
        })
        .collect();
    let search = sizes.split_off(CHECKER_PAGE_FILES.len());
    let budget = |name, limit, files: Vec<(String, u64)>| Budget {
        name,
        gzip_bytes: files.iter().map(|(_, bytes)| bytes).sum(),
        limit,
        files,
    };
    let wasm = sizes.iter().filter(|(path, _)| path == CHECKER_WASM);
    vec![
        budget("checker wasm", 48_000, wasm.cloned().collect()),
        budget("checker page with everything it loads", 60_000, sizes),
        budget(
            "first search (search scripts, wasm and index)",
            30_000,
            search,
        ),
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

/// An error naming every budget exceeded, with each file's share.
pub fn enforce(budgets: &[Budget]) -> Result<(), BuildError> {
    let over: Vec<Budget> = budgets.iter().filter(|b| !b.within()).cloned().collect();
    if over.is_empty() {
        Ok(())
    } else {
        Err(BuildError::OverBudget(over))
    }
}

/// The compiled checker's and search engine's sizes were measured with the binary; anything
/// else is compressed.
fn gzip_size(path: &str, bytes: &[u8]) -> u64 {
    match path {
        "checker/checker.js" if bytes == assets::CHECKER_JS => assets::CHECKER_JS_GZIP,
        CHECKER_WASM if bytes == assets::CHECKER_WASM => assets::CHECKER_WASM_GZIP,
        "search/search.js" if bytes == assets::SEARCH_JS => assets::SEARCH_JS_GZIP,
        "search/search_bg.wasm" if bytes == assets::SEARCH_WASM => assets::SEARCH_WASM_GZIP,
        _ => gzip_len(bytes),
    }
}

/// The length of `bytes` gzip-compressed, counted rather than kept.
pub fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = GzEncoder::new(Counter(0), Compression::default());
    // Counting cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |counter| counter.0)
}

/// A writer that only counts the bytes written to it.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What build.rs measured is what a build would measure.
    #[test]
    fn the_checker_sizes_measured_with_the_binary_are_the_runtime_sizes() {
        assert_eq!(gzip_len(assets::CHECKER_JS), assets::CHECKER_JS_GZIP);
        assert_eq!(gzip_len(assets::CHECKER_WASM), assets::CHECKER_WASM_GZIP);
        assert_eq!(gzip_len(assets::SEARCH_JS), assets::SEARCH_JS_GZIP);
        assert_eq!(gzip_len(assets::SEARCH_WASM), assets::SEARCH_WASM_GZIP);
    }

    #[test]
    fn counted_sizes_are_gzip_sizes() {
        let text = "苏州市职称初定申报操作指南".repeat(100);
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(text.as_bytes()).expect("compress");
        let compressed = encoder.finish().expect("finish");
        assert_eq!(gzip_len(text.as_bytes()), compressed.len() as u64);
    }

    #[test]
    fn an_exceeded_budget_is_an_error_naming_it_and_the_files() {
        // Incompressible: xorshift bytes.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let bytes = (0..200_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 56) as u8
            })
            .collect();
        let files = vec![OutputFile {
            path: "checker.html".into(),
            bytes,
        }];
        let budgets = measure(&files);
        let message = enforce(&budgets).expect_err("over budget").to_string();
        assert!(
            message.contains("checker page with everything it loads")
                && message.contains("over its 60 KB budget")
                && message.contains("checker.html "),
            "{message}"
        );
        assert!(!message.contains("checker wasm:"), "{message}");
    }
}
