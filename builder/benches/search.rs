//! Figures for the search (`cargo bench -p builder --bench search`): index size, what each
//! query downloads and how long it takes natively, and build time, for the shipped guide and
//! for generated guides of 500, 1,000 and 2,000 more pages (the shipped guide's sentences,
//! shuffled; see `tests/common/search_support.rs`). It prints; the limits are asserted in
//! `tests/search.rs`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::time::Instant;

use common::search_support::{
    generate_guide, gzip_len, index_files, run_query, FIRST_PAGE, QUERIES,
};

fn figures(name: &str, guide: &Path, out: &Path) {
    let started = Instant::now();
    let report = builder::build(guide, out).expect("the guide builds");
    let build = started.elapsed();
    let files = index_files(out);
    let raw: usize = files.values().map(Vec::len).sum();
    let gzip: usize = files.values().map(|bytes| gzip_len(bytes)).sum();
    let manifest = files.get("index.bin").map_or(0, |bytes| gzip_len(bytes));
    let fixed: usize = ["page.js", "search.js", "search_bg.wasm"]
        .iter()
        .map(|file| gzip_len(&std::fs::read(out.join("search").join(file)).expect("script")))
        .sum();
    println!(
        "\n{name}: {} pages, build {:.2} s; index {} files, {:.0} KB raw, {:.0} KB gzip (manifest {:.1} KB gzip); scripts + wasm {:.1} KB gzip",
        report.pages,
        build.as_secs_f64(),
        files.len(),
        raw as f64 / 1000.0,
        gzip as f64 / 1000.0,
        manifest as f64 / 1000.0,
        fixed as f64 / 1000.0,
    );
    for query in QUERIES {
        // Best of three for the time; the bytes are the same every time.
        let mut runs: Vec<_> = (0..3)
            .map(|_| run_query(&files, query, FIRST_PAGE))
            .collect();
        runs.sort_by_key(|run| run.elapsed);
        let run = &runs[0];
        println!(
            "  {query:<12} {:>6} hits  {:>3} files  {:>6.1} KB gzip index (+{:.1} KB scripts and wasm)  {:>7.2} ms",
            run.count,
            run.files,
            run.index_gzip as f64 / 1000.0,
            fixed as f64 / 1000.0,
            run.elapsed.as_secs_f64() * 1000.0
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing to run.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../guide");
    figures("shipped guide", &shipped, &dir.path().join("shipped"));
    for pages in [500, 1000, 2000] {
        let guide = dir.path().join(format!("guide-{pages}"));
        generate_guide(&guide, pages);
        figures(
            &format!("shipped + {pages} generated"),
            &guide,
            &dir.path().join(format!("site-{pages}")),
        );
    }
}
