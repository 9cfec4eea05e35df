//! Search helpers shared by `tests/search.rs` and `benches/search.rs`: a generated guide of any
//! size made of the shipped guide's own sentences, a brute-force count of a query in the built
//! pages (with a text extractor written independently of the builder's), and a query run as
//! `search/page.js` runs it, counting what it fetches.

#![allow(dead_code)] // the test and the bench use different parts

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use guide_search::engine::{Engine, HitView};
use guide_search::normalize::{normalize, terms};

/// The hits the page shows before "more".
pub const FIRST_PAGE: usize = 20;

/// The issue's queries, and the single characters that occur most.
pub const QUERIES: [&str; 12] = [
    "学信网",
    "社保缴费证明",
    "行政区划",
    "谷歌浏览器",
    "的",
    "证",
    "PDF",
    "2022",
    "学历",
    "段简",
    "ＰＤＦ 学信网",
    "，",
];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        items
            .get(self.below(items.len()))
            .map_or("", String::as_str)
    }
}

/// Sentences and headings of the shipped guide's sections (Markdown kept: links, templates).
fn shipped_text(guide: &Path) -> (Vec<String>, Vec<String>) {
    let mut sentences = Vec::new();
    let mut headings = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(guide.join("sections"))
        .expect("sections folder")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("section file");
        let (front, body) = text
            .trim_start_matches("+++")
            .split_once("+++")
            .expect("front matter");
        for line in front.lines() {
            if let Some(title) = line.strip_prefix("title = ") {
                headings.push(title.trim_matches('"').to_string());
            }
        }
        for line in body.lines().map(str::trim) {
            if let Some(heading) = line.strip_prefix("## ") {
                headings.push(heading.split(" {#").next().unwrap_or(heading).to_string());
                continue;
            }
            if line.is_empty() || line.starts_with('|') || line.starts_with('#') {
                continue;
            }
            let line =
                line.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '-');
            for sentence in line.split_inclusive('。') {
                let sentence = sentence.trim();
                if sentence.chars().count() >= 4 {
                    sentences.push(sentence.to_string());
                }
            }
        }
    }
    (sentences, headings)
}

/// Writes a guide of the shipped guide plus `pages` generated sections into `dir`: each made of
/// the shipped sentences, shuffled, with two headings, a list, a table and five links.
pub fn generate_guide(dir: &Path, pages: usize) {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../guide");
    copy_tree(&shipped, dir);
    let (sentences, headings) = shipped_text(&shipped);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..pages {
        let mut page = String::new();
        let para = |rng: &mut Rng, n: usize| -> String {
            (0..n)
                .map(|_| rng.pick(&sentences))
                .collect::<Vec<_>>()
                .join("")
        };
        let title = format!("{} {}", rng.pick(&headings), i + 1);
        let _ = write!(
            page,
            "+++\nid = \"g{i:04}\"\ntitle = \"{title}\"\nchapter = \"附录{}\"\norder = {}\ndescription = \"{}\"\n+++\n\n",
            i / 25 + 1,
            1000 + i,
            rng.pick(&headings),
        );
        let n = 3 + rng.below(3);
        let _ = write!(
            page,
            "{}\n\n## {}\n\n",
            para(&mut rng, n),
            rng.pick(&headings)
        );
        for item in 1..=4 {
            let _ = writeln!(page, "{item}. {}", rng.pick(&sentences));
        }
        let n = 4 + rng.below(4);
        let _ = write!(
            page,
            "\n{}\n\n## {}\n\n",
            para(&mut rng, n),
            rng.pick(&headings)
        );
        page.push_str("| 项目 | 说明 |\n|---|---|\n");
        for _ in 0..3 {
            let _ = writeln!(
                page,
                "| {} | {} |",
                rng.pick(&headings),
                rng.pick(&sentences)
            );
        }
        let n = 4 + rng.below(4);
        let _ = write!(page, "\n{}", para(&mut rng, n));
        page.push_str("另见：");
        for link in 0..5 {
            let target = rng.below(pages);
            let anchor = if link == 0 {
                format!("#g{target:04}-1")
            } else {
                String::new()
            };
            let _ = write!(page, "[第{}节](g{target:04}.html{anchor})、", target + 1);
        }
        page.push_str("[资格自测](checker.html)。\n");
        let path = dir.join("sections").join(format!("g{i:04}.md"));
        std::fs::write(&path, page).expect("write generated section");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// The visible text inside `<main>`, read with scraper apart from the builder's extractor: block
/// elements begin and end a line, other tags add nothing; script and style go.
pub fn main_text(html: &str) -> String {
    const BLOCKS: [&str; 21] = [
        "p",
        "li",
        "ol",
        "ul",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "div",
        "section",
        "article",
        "nav",
        "blockquote",
    ];
    fn walk(node: ego_tree::NodeRef<'_, scraper::Node>, text: &mut String) {
        match node.value() {
            scraper::Node::Text(run) => text.push_str(run),
            scraper::Node::Element(element) => {
                let name = element.name();
                if name == "script" || name == "style" {
                    return;
                }
                let block = BLOCKS.contains(&name) || name == "br";
                if block {
                    text.push('\n');
                }
                for child in node.children() {
                    walk(child, text);
                }
                if block && name != "br" {
                    text.push('\n');
                }
            }
            _ => {}
        }
    }
    let document = scraper::Html::parse_document(html);
    let main = scraper::Selector::parse("main").expect("selector");
    let main = document.select(&main).next().expect("a <main>");
    let mut text = String::new();
    for child in main.children() {
        walk(child, &mut text);
    }
    text
}

/// Per page (of the searched ones), how often the query occurs in its text, brute force: each
/// term's non-overlapping occurrences in each block, on pages holding every term.
pub fn brute_force(site: &Path, pages: &[String], query: &str) -> BTreeMap<String, usize> {
    let terms = terms(query);
    let mut counts = BTreeMap::new();
    for page in pages {
        let html = std::fs::read_to_string(site.join(page)).expect("page");
        let text = normalize(&main_text(&html));
        let per_term: Vec<usize> = terms
            .iter()
            .map(|term| {
                text.split(guide_search::normalize::is_separator)
                    .map(|word| word.matches(term.as_str()).count())
                    .sum()
            })
            .collect();
        if per_term.iter().all(|&n| n > 0) {
            counts.insert(page.clone(), per_term.iter().sum());
        }
    }
    counts
}

/// The searched pages of a built site: home, sections, FAQ (what `site.rs` indexes).
pub fn searched_pages(site: &Path) -> Vec<String> {
    let mut pages: Vec<String> = std::fs::read_dir(site)
        .expect("site")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        // The guide's text: not the checker's form, the search page or the 404 page.
        .filter(|name| {
            name.ends_with(".html")
                && !["checker.html", "search.html", "404.html"].contains(&name.as_str())
        })
        .collect();
    pages.sort();
    pages
}

/// The index files of a built site by name, read once.
pub fn index_files(site: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(site.join("search"))
        .expect("search folder")
        .map(|entry| entry.expect("entry"))
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".bin"))
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(entry.path()).expect("index file"))
        })
        .collect()
}

pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len()
}

/// One query as the page runs it.
pub struct QueryRun {
    pub count: usize,
    /// The hits shown (the first page, or all when asked).
    pub hits: Vec<HitView>,
    /// gzip bytes of the index files fetched (manifest, shards), not the scripts and wasm.
    pub index_gzip: usize,
    pub files: usize,
    /// Native time of the engine's work: reading files, searching, making the shown hits.
    pub elapsed: Duration,
}

/// Runs `query` on a fresh engine over `files`: manifest, the shards the query needs, then the
/// text of the first `show` hits.
pub fn run_query(files: &BTreeMap<String, Vec<u8>>, query: &str, show: usize) -> QueryRun {
    let mut fetched = Vec::new();
    let mut fetch = |name: &str| -> Vec<u8> {
        let bytes = files
            .get(name)
            .unwrap_or_else(|| panic!("no index file {name}"))
            .clone();
        fetched.push(bytes.clone());
        bytes
    };
    let manifest = fetch("index.bin");
    let mut elapsed = Duration::ZERO;
    let started = Instant::now();
    let mut engine = Engine::new(&manifest).expect("manifest reads");
    elapsed += started.elapsed();
    let needed = engine.files_for_query(query);
    let shards: Vec<(String, Vec<u8>)> = needed.iter().map(|n| (n.clone(), fetch(n))).collect();
    let started = Instant::now();
    for (name, bytes) in shards {
        engine.add_file(&name, bytes).expect("shard reads");
    }
    let count = engine.search(query).expect("search runs");
    let shown = count.min(show);
    let text_files = engine.files_for_hits(0, shown);
    elapsed += started.elapsed();
    let texts: Vec<(String, Vec<u8>)> = text_files.iter().map(|n| (n.clone(), fetch(n))).collect();
    let started = Instant::now();
    for (name, bytes) in texts {
        engine.add_file(&name, bytes).expect("text shard reads");
    }
    let hits: Vec<HitView> = (0..shown)
        .map(|i| engine.hit(i).expect("text of a shown hit loaded"))
        .collect();
    elapsed += started.elapsed();
    QueryRun {
        count,
        hits,
        index_gzip: fetched.iter().map(|bytes| gzip_len(bytes)).sum(),
        files: fetched.len(),
        elapsed,
    }
}

/// Hits per page href, from shown hits.
pub fn hits_per_page(hits: &[HitView]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for hit in hits {
        let page = hit.href.split('#').next().unwrap_or_default().to_string();
        *counts.entry(page).or_insert(0) += 1;
    }
    counts
}
