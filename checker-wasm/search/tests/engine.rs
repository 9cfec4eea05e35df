//! The engine against the brute-force definition (`reference`), in both modes (text scanned,
//! postings intersected), on hand-picked cases and on random guides over a small alphabet full
//! of repeats, folds and separators.

use guide_search::engine::{Engine, HitView, SearchError};
use guide_search::index::{self, IndexFile, Options};
use guide_search::{reference, Page, Section};
use proptest::prelude::*;

const SCAN: Options = Options {
    scan_limit_bytes: usize::MAX,
    text_shard_bytes: 1,
    postings_per_shard: 1,
};

/// Postings, with shards so small that every query needs several of each kind.
const POSTINGS: Options = Options {
    scan_limit_bytes: 0,
    text_shard_bytes: 8,
    postings_per_shard: 3,
};

fn page(href: &str, sections: &[(&str, &str)]) -> Page {
    Page {
        href: href.into(),
        title: sections.first().map_or("", |s| s.0).into(),
        sections: sections
            .iter()
            .map(|(title, body)| Section {
                anchor: format!("{href}-{title}"),
                title: title.to_string(),
                heading_chars: title.chars().count() as u32,
                text: format!("{title}\n{body}"),
            })
            .collect(),
    }
}

fn open(files: &[IndexFile]) -> Engine {
    let manifest = files
        .iter()
        .find(|f| f.name == "index.bin")
        .expect("manifest");
    Engine::new(&manifest.bytes).expect("manifest reads")
}

fn load(engine: &mut Engine, files: &[IndexFile], names: &[String]) -> usize {
    let mut bytes = 0;
    for name in names {
        let file = files
            .iter()
            .find(|f| &f.name == name)
            .expect("named file exists");
        bytes += file.bytes.len();
        engine
            .add_file(name, file.bytes.clone())
            .expect("shard reads");
    }
    bytes
}

/// Runs a query as the page does: fetch what it needs, search, fetch the text of every hit.
fn search(engine: &mut Engine, files: &[IndexFile], query: &str) -> Vec<HitView> {
    let needed = engine.files_for_query(query);
    assert!(matches!(engine.search(query), Err(SearchError::Missing(_))) || needed.is_empty());
    load(engine, files, &needed);
    let count = engine.search(query).expect("search runs");
    let text = engine.files_for_hits(0, count);
    load(engine, files, &text);
    (0..count)
        .map(|i| engine.hit(i).expect("text loaded"))
        .collect()
}

/// (global section, position, chars), sorted: what both sides must agree on.
fn engine_hits(pages: &[Page], options: &Options, query: &str) -> Vec<(u32, u32, u32)> {
    let files = index::write(pages, options);
    let mut engine = open(&files);
    let views = search(&mut engine, &files, query);
    assert_eq!(views.len(), engine.hits().len());
    let mut hits: Vec<_> = engine
        .hits()
        .iter()
        .map(|h| (h.section, h.position, h.chars))
        .collect();
    hits.sort_unstable();
    hits
}

fn reference_hits(pages: &[Page], query: &str) -> Vec<(u32, u32, u32)> {
    let firsts: Vec<u32> = pages
        .iter()
        .scan(0u32, |next, page| {
            let first = *next;
            *next += page.sections.len() as u32;
            Some(first)
        })
        .collect();
    let mut hits: Vec<_> = reference::occurrences(pages, query)
        .into_iter()
        .map(|(p, s, position, term)| {
            (
                firsts[p] + s as u32,
                position as u32,
                term.chars().count() as u32,
            )
        })
        .collect();
    hits.sort_unstable();
    hits
}

fn guide() -> Vec<Page> {
    vec![
        page(
            "a.html",
            &[
                (
                    "上传材料",
                    "学信网电子注册备案表，登录学信网打印。仅支持ＰＤＦ格式（PDF）。",
                ),
                ("社保", "社保缴费证明：连续参保。2022年及以后。"),
            ],
        ),
        page(
            "b.html",
            &[(
                "浏览器",
                "请使用谷歌浏览器\n或 Edge 浏览器。一段简单的说明：段简。",
            )],
        ),
        page("c.html", &[("学信网", "学信网学信网 aaaa Ａａａ")]),
    ]
}

#[test]
fn both_modes_find_exactly_what_the_definition_finds() {
    let pages = guide();
    for query in [
        "学信网",
        "学",
        "pdf",
        "ＰＤＦ",
        "(",
        "（",
        "段简",
        "谷歌浏览器",
        "社保缴费证明",
        "2022",
        "aa",
        "aaa",
        "学信网 pdf",
        "浏览器 学信网",
        "无此词",
        "网电",
        "材料\n学信",
        " ",
        "器或",
        "表，",
    ] {
        let expected = reference_hits(&pages, query);
        for options in [SCAN, POSTINGS] {
            assert_eq!(
                engine_hits(&pages, &options, query),
                expected,
                "{query:?} with {options:?}"
            );
        }
    }
    assert_eq!(reference_hits(&pages, "学信网").len(), 5);
    assert_eq!(
        reference_hits(&pages, "aa").len(),
        3,
        "aaaa → 2, Ａａａ → 1"
    );
}

#[test]
fn titles_rank_first_then_counts_and_snippets_keep_the_original_text() {
    let pages = guide();
    for options in [SCAN, POSTINGS] {
        let files = index::write(&pages, &options);
        let mut engine = open(&files);
        let views = search(&mut engine, &files, "学信网");
        let hrefs: Vec<&str> = views.iter().map(|v| v.href.as_str()).collect();
        assert_eq!(
            hrefs,
            [
                "c.html#c.html-学信网",
                "c.html#c.html-学信网",
                "c.html#c.html-学信网",
                "a.html#a.html-上传材料",
                "a.html#a.html-上传材料"
            ]
        );
        assert_eq!(views[0].label, "学信网");
        assert_eq!(views[0].before, "");
        assert_eq!(views[0].matched, "学信网");
        assert_eq!(views[0].after, " 学信网学信网 aaaa Ａａａ");
        let pdf = search(&mut engine, &files, "pdf");
        assert_eq!(pdf.len(), 2);
        assert_eq!(pdf[0].matched, "ＰＤＦ");
        assert_eq!(pdf[1].matched, "PDF");
        assert!(pdf[0].before.starts_with('…'), "{:?}", pdf[0]);
        let social = search(&mut engine, &files, "连续");
        assert_eq!(social[0].label, "上传材料 › 社保");
        assert_eq!(search(&mut engine, &files, "   ").len(), 0);
    }
}

#[test]
fn small_guides_are_scanned_and_large_ones_use_postings() {
    let pages = guide();
    let small = index::write(&pages, &Options::default());
    assert_eq!(small.len(), 2, "manifest and one text shard");
    assert!(!open(&small).uses_postings());
    let large = index::write(&pages, &POSTINGS);
    assert!(open(&large).uses_postings());
    assert!(large.iter().any(|f| f.name.starts_with('p')));
    // A postings query fetches no text until hits are shown.
    let mut engine = open(&large);
    let needed = engine.files_for_query("学信网");
    assert!(needed.iter().all(|name| name.starts_with('p')));
    load(&mut engine, &large, &needed);
    assert_eq!(engine.search("学信网"), Ok(5));
    assert_eq!(engine.hit(0), None, "text not fetched yet");
}

#[test]
fn corrupt_or_foreign_files_are_errors_not_panics() {
    let pages = guide();
    let files = index::write(&pages, &POSTINGS);
    let mut engine = open(&files);
    let other = index::write(&pages[..1], &POSTINGS);
    let foreign = other
        .iter()
        .find(|f| f.name.starts_with('t'))
        .expect("text shard");
    assert!(engine
        .add_file(&foreign.name, foreign.bytes.clone())
        .is_err());
    for file in files.iter().filter(|f| f.name != "index.bin") {
        for cut in [0, 3, 4, file.bytes.len() / 2, file.bytes.len() - 1] {
            let _ = engine.add_file(&file.name, file.bytes[..cut].to_vec());
        }
        let mut flipped = file.bytes.clone();
        for byte in flipped.iter_mut().skip(4).step_by(3) {
            *byte ^= 0x5a;
        }
        let _ = engine.add_file(&file.name, flipped);
    }
    let _ = engine.search("学信网 pdf a");
    let manifest = &files[0].bytes;
    for cut in 0..manifest.len() {
        let _ = Engine::new(&manifest[..cut]);
    }
    assert!(Engine::new(b"nope").is_err());
}

fn text_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop::sample::select(vec!['a', 'A', 'Ａ', 'b', '学', '信', ' ', '\n', '（', '(']),
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_guides_agree_with_the_definition(
        bodies in proptest::collection::vec(proptest::collection::vec(text_strategy(), 1..4), 1..5),
        query in proptest::collection::vec(
            prop::sample::select(vec!['a', 'Ａ', 'b', '学', '信', ' ', '(', '（']), 1..6,
        ),
    ) {
        let query: String = query.into_iter().collect();
        let pages: Vec<Page> = bodies
            .iter()
            .enumerate()
            .map(|(i, sections)| Page {
                href: format!("p{i}.html"),
                title: format!("P{i}"),
                sections: sections
                    .iter()
                    .enumerate()
                    .map(|(s, text)| Section {
                        anchor: format!("s{s}"),
                        title: String::new(),
                        heading_chars: (s as u32) % 3,
                        text: text.clone(),
                    })
                    .collect(),
            })
            .collect();
        let expected = reference_hits(&pages, &query);
        for options in [SCAN, POSTINGS] {
            prop_assert_eq!(&engine_hits(&pages, &options, &query), &expected);
        }
    }
}
