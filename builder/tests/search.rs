//! Search on the built site, natively: for the shipped guide and for a generated guide of
//! 2,000 more pages, the engine finds exactly what a brute-force substring scan of the built
//! pages finds (precision and recall 100 %), page by page; and what a query downloads stays
//! within the limits.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::search_support::{
    brute_force, generate_guide, hits_per_page, index_files, run_query, searched_pages, QUERIES,
};
use common::workspace;

fn build(guide: &Path, out: &Path) -> builder::BuildReport {
    builder::build(guide, out).unwrap_or_else(|err| panic!("the guide does not build: {err}"))
}

/// Every hit of every query (all shown), compared page by page with the brute-force count.
fn assert_exact(site: &Path, queries: &[String]) {
    let pages = searched_pages(site);
    let files = index_files(site);
    for query in queries {
        let expected = brute_force(site, &pages, query);
        let run = run_query(&files, query, usize::MAX);
        assert_eq!(
            run.count,
            expected.values().sum::<usize>(),
            "{query:?}: count"
        );
        assert_eq!(
            hits_per_page(&run.hits),
            expected,
            "{query:?}: hits per page"
        );
        let terms = guide_search::normalize::terms(query);
        for hit in &run.hits {
            let matched = guide_search::normalize::normalize(&hit.matched);
            assert!(terms.contains(&matched), "{query:?}: hit shows {matched:?}");
        }
    }
}

#[test]
fn the_shipped_guide_finds_every_occurrence_and_nothing_else() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let report = build(&workspace().join("guide"), &site);
    let pages = searched_pages(&site);
    assert_eq!(pages.len(), 9, "{pages:?}");
    // The queries, every character and every pair of adjacent characters the pages
    // show: each must be found exactly where the brute-force scan finds it.
    let mut queries: Vec<String> = QUERIES.iter().map(|q| q.to_string()).collect();
    queries.extend(
        [
            "pdf",
            "（",
            "(",
            "Word",
            "word",
            "学信网 不存在的词",
            "的 证 PDF",
        ]
        .map(String::from),
    );
    let mut grams = std::collections::BTreeSet::new();
    for page in &pages {
        let html = std::fs::read_to_string(site.join(page)).expect("page");
        let text: Vec<char> = common::search_support::main_text(&html).chars().collect();
        for pair in text.windows(2) {
            if !pair.iter().any(|c| c.is_whitespace()) {
                grams.insert(pair.iter().collect::<String>());
                grams.insert(pair[0].to_string());
            }
        }
    }
    assert!(grams.len() > 1000, "{}", grams.len());
    queries.extend(grams);
    assert_exact(&site, &queries);
    assert_eq!(
        brute_force(&site, &pages, "学信网").values().sum::<usize>(),
        2
    );
    let search = report
        .budgets
        .iter()
        .find(|b| b.name.contains("search"))
        .expect("budget");
    println!("{search}");
    assert!(search.within(), "{search}");
}

#[test]
fn the_shipped_guide_is_also_exact_through_postings() {
    // The same pages indexed as if they were large: postings and small shards.
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    build(&workspace().join("guide"), &site);
    let pages: Vec<guide_search::Page> = searched_pages(&site)
        .iter()
        .map(|page| {
            let html = std::fs::read_to_string(site.join(page)).expect("page");
            builder::search_index::extract(&html, page).expect("has main")
        })
        .collect();
    let options = guide_search::index::Options {
        scan_limit_bytes: 0,
        text_shard_bytes: 500,
        postings_per_shard: 200,
    };
    let files: BTreeMap<String, Vec<u8>> = guide_search::index::write(&pages, &options)
        .into_iter()
        .map(|file| (file.name, file.bytes))
        .collect();
    assert!(files.keys().filter(|name| name.starts_with('p')).count() > 20);
    let all = searched_pages(&site);
    for query in QUERIES {
        let run = run_query(&files, query, usize::MAX);
        assert_eq!(
            hits_per_page(&run.hits),
            brute_force(&site, &all, query),
            "{query}"
        );
    }
}

#[test]
fn two_thousand_generated_pages_are_exact_and_a_query_fetches_little() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    generate_guide(&guide, 2000);
    let site = dir.path().join("site");
    build(&guide, &site);
    let pages = searched_pages(&site);
    assert_eq!(pages.len(), 2009);
    let queries: Vec<String> = QUERIES.iter().map(|q| q.to_string()).collect();
    assert_exact(&site, &queries);
    // What the page downloads for each query: the index files for the count and the first
    // page of hits (scripts and wasm are the same for every guide: see the budget).
    let files = index_files(&site);
    for query in QUERIES {
        let run = run_query(&files, query, common::search_support::FIRST_PAGE);
        println!(
            "{query}: {} hits, {} files, {:.1} KB gzip, {:?}",
            run.count,
            run.files,
            run.index_gzip as f64 / 1000.0,
            run.elapsed
        );
        assert!(
            run.index_gzip <= 300_000,
            "{query}: {} bytes",
            run.index_gzip
        );
    }
}

#[test]
fn the_built_wasm_answers_as_the_native_engine_in_node() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    build(&workspace().join("guide"), &site);
    let script = workspace().join("checker-wasm/search/tests/wasm/search.mjs");
    let run = std::process::Command::new("node")
        .arg(&script)
        .arg(site.join("search"))
        .args(QUERIES)
        .output()
        .unwrap_or_else(|err| panic!("cannot run node ({err}); install Node.js 20+"));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "node failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let answers: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON line");
    let files = index_files(&site);
    for query in QUERIES {
        let native = run_query(&files, query, usize::MAX);
        let hrefs: Vec<&str> = native.hits.iter().map(|hit| hit.href.as_str()).collect();
        assert_eq!(
            answers[query],
            serde_json::json!([native.count, hrefs]),
            "{query}"
        );
    }
}
