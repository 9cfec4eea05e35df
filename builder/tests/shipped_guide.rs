//! The guide this project ships (`guide/`): it builds, every page is complete and
//! self-contained, and every line of the seed guide it was written from reaches a reader.

mod common;

use std::path::{Path, PathBuf};

use common::{read_tree, site_problems, tags, visible_text, workspace};

/// The project's copy of the seed guide (`shared/seeds/…`, the source of all content).
const SEED: &str = "tests/seed/000_411a727aa6d8bef6.txt";
/// Where the shared original sits when `shared/` is beside the repository.
const SHARED_SEED: &str = "../shared/seeds/000_411a727aa6d8bef6.txt";

fn shipped_guide() -> PathBuf {
    workspace().join("guide")
}

fn build_shipped(out: &Path) -> builder::BuildReport {
    builder::build(&shipped_guide(), out)
        .unwrap_or_else(|err| panic!("the shipped guide does not build: {err}"))
}

fn site_title() -> String {
    let text = std::fs::read_to_string(shipped_guide().join("guide.toml")).expect("guide.toml");
    let config = builder::config::parse(Path::new("guide.toml"), &text).expect("valid guide.toml");
    config.title
}

#[test]
fn the_shipped_guide_builds_into_complete_self_contained_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let report = build_shipped(&out);
    assert!(report.pages >= 5, "{report:?}");
    for page in [
        "index.html",
        "faq.html",
        "checker.html",
        "style.css",
        "guide.css",
        "favicon.svg",
    ] {
        assert!(out.join(page).is_file(), "missing {page}");
    }
    let problems = site_problems(&out, &site_title());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_page_but_the_checker_loads_the_guide_stylesheet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build_shipped(&out);
    let link = "<link rel=\"stylesheet\" href=\"guide.css\">";
    for page in ["index.html", "faq.html", "search.html", "materials.html"] {
        let html = std::fs::read_to_string(out.join(page)).expect(page);
        assert!(html.contains(link), "{page} does not load guide.css");
    }
    let checker = std::fs::read_to_string(out.join("checker.html")).expect("checker.html");
    assert!(
        !checker.contains("guide.css"),
        "the checker page loads guide.css"
    );
}

#[test]
fn every_page_tells_the_browser_to_send_no_referrer() {
    // A link to the portal or a law page must not tell that site which page of the guide (or
    // which shared checker link, whose fragment carries answers) the applicant came from.
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build_shipped(&out);
    let mut pages = 0;
    for (path, bytes) in read_tree(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes).expect("UTF-8 page");
        let referrer: Vec<_> = tags(&html)
            .into_iter()
            .filter(|tag| tag.name == "meta" && tag.attr("name") == Some("referrer"))
            .map(|tag| tag.attr("content").unwrap_or_default().to_string())
            .collect();
        assert_eq!(referrer, ["no-referrer"], "{path}");
    }
    assert!(pages >= 5, "only {pages} pages");
}

#[test]
fn the_shipped_guide_builds_byte_identically_twice() {
    let dir = tempfile::tempdir().expect("temp dir");
    build_shipped(&dir.path().join("a"));
    build_shipped(&dir.path().join("b"));
    assert!(
        read_tree(&dir.path().join("a")) == read_tree(&dir.path().join("b")),
        "two builds differ"
    );
}

/// Folds what may legitimately differ between the seed and the page: white space, full- or
/// half-width punctuation, Markdown markers (`**`, `<…>`) and the visible `#` heading links.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '<' | '>' | '#'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '！' => '!',
            '？' => '?',
            c => c,
        })
        .collect()
}

/// Drops leading list numbering, which the site renders as list markers: 一、 (一) 1. 1、 (1) ①.
fn strip_numbering(mut line: &str) -> &str {
    const CN_DIGITS: &str = "一二三四五六七八九十";
    loop {
        let before = line;
        let cn = line.trim_start_matches(|c| CN_DIGITS.contains(c));
        if cn.len() < line.len() {
            if let Some(rest) = cn.strip_prefix('、') {
                line = rest;
            }
        }
        if let Some(inner) = line.strip_prefix('(') {
            let digits =
                inner.trim_start_matches(|c: char| CN_DIGITS.contains(c) || c.is_ascii_digit());
            if digits.len() < inner.len() {
                if let Some(rest) = digits.strip_prefix(')') {
                    line = rest;
                }
            }
        }
        let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
        if digits.len() < line.len() {
            if let Some(rest) = digits
                .strip_prefix('.')
                .or_else(|| digits.strip_prefix('、'))
            {
                line = rest;
            }
        }
        line = line.trim_start_matches(|c| ('①'..='⑳').contains(&c));
        if line == before {
            return line;
        }
    }
}

/// Seed lines whose folded text (numbering stripped) is not in the folded site text.
fn missing_lines<'a>(seed: &'a str, site_text: &str) -> Vec<&'a str> {
    seed.lines()
        .filter(|line| {
            let folded = fold(line);
            let needle = strip_numbering(&folded);
            !needle.is_empty() && !site_text.contains(needle)
        })
        .collect()
}

#[test]
fn every_line_of_the_seed_guide_is_on_the_site() {
    let seed_path = workspace().join(SEED);
    let seed = std::fs::read_to_string(&seed_path)
        .unwrap_or_else(|err| panic!("cannot read {} ({err})", seed_path.display()));
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build_shipped(&out);
    let text: String = read_tree(&out)
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(_, bytes)| fold(&visible_text(&String::from_utf8_lossy(bytes))))
        .collect::<Vec<_>>()
        .join("\n");

    let missing = missing_lines(&seed, &text);
    assert!(
        missing.is_empty(),
        "{} seed line(s) not found on the built site:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn numbering_and_punctuation_are_folded() {
    assert_eq!(strip_numbering(&fold("一、初定条件")), "初定条件");
    assert_eq!(
        strip_numbering(&fold("(一) 江苏人社网办大厅")),
        "江苏人社网办大厅"
    );
    assert_eq!(strip_numbering(&fold("（三）选择申报专业")), "选择申报专业");
    assert_eq!(strip_numbering(&fold("1.遵守")), "遵守");
    assert_eq!(strip_numbering(&fold("2、单位同意证明")), "单位同意证明");
    assert_eq!(strip_numbering(&fold("(1)介绍本人")), "介绍本人");
    assert_eq!(
        strip_numbering(&fold("①个人办事→②人才人事")),
        "个人办事→②人才人事"
    );
    assert_eq!(strip_numbering(&fold("2022年及以后")), "2022年及以后");
    assert_eq!(strip_numbering(&fold("一是简要介绍")), "一是简要介绍");
    assert_eq!(fold("**(仅支持 PDF 格式)**"), "(仅支持PDF格式)");
    assert_eq!(fold("<https://a.example/>"), "https://a.example/");

    let site = fold(&visible_text(
        "<body><h2>受理时间 <a href=\"#t\">#</a></h2><ol><li>单月受理，双月办结</li></ol></body>",
    ));
    assert_eq!(
        missing_lines("\n(三) 受理时间\n1、单月受理,双月办结\n双月受理\n", &site),
        ["双月受理"]
    );
}

#[test]
fn the_projects_copy_of_the_seed_is_the_shared_one() {
    let shared = workspace().join(SHARED_SEED);
    let Ok(original) = std::fs::read(&shared) else {
        // Outside the workplace (a plain clone) there is no shared/ to compare with.
        println!("no {} here; nothing to compare", shared.display());
        return;
    };
    let copy = std::fs::read(workspace().join(SEED)).expect("the project's seed copy");
    assert!(
        copy == original,
        "{SEED} differs from {SHARED_SEED}: copy it again"
    );
}

/// The chapter headings of the built table of contents (`<h3 id="chapter-N">…</h3>`).
fn chapter_titles(index: &str) -> Vec<String> {
    index
        .split("<h3 id=\"chapter-")
        .skip(1)
        .filter_map(|rest| {
            let title = rest.split_once("\">")?.1;
            Some(title.split_once("</h3>")?.0.to_string())
        })
        .collect()
}

#[test]
fn chapters_are_numbered_as_in_the_seed_or_not_at_all() {
    let seed = std::fs::read_to_string(workspace().join(SEED)).expect("the seed");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build_shipped(&out);
    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    let titles = chapter_titles(&index);
    assert!(titles.len() >= 3, "chapters: {titles:?}");
    for title in &titles {
        // A numbered chapter (三、…) must be the seed's own heading with that number: the seed's
        // 三 is 常见问题, so 注意事项 may not be 三.
        let numbered = title.contains('、');
        assert!(
            !numbered || seed.lines().any(|line| line.trim() == title),
            "chapter `{title}` is numbered differently from the seed"
        );
    }
    assert!(
        !chapter_titles("<h3 id=\"chapter-3\">三、注意事项</h3>")
            .iter()
            .all(|title| seed.lines().any(|line| line.trim() == title)),
        "the seed check would let 三、注意事项 through"
    );
}

#[test]
fn the_faq_speaks_about_the_subject_not_about_the_original_guide() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build_shipped(&out);
    let faq = std::fs::read_to_string(out.join("faq.html")).expect("faq.html");
    let text = visible_text(&faq);
    assert!(
        !text.contains("原指南") && !text.contains("本题的标题"),
        "a sentence about the original guide instead of its subject: {text}"
    );
    // The seed's title, with its number from the policy, is the question itself.
    assert!(
        faq.contains("关于如何撰写专业技术工作总结（不少于800字）"),
        "the summary question lost its 800-character minimum"
    );
    // No list item starts with a number of its own (a marker before its own numbering).
    for item in faq.split("<li>").skip(1) {
        let text = visible_text(item.split("</li>").next().unwrap_or_default());
        let first = text.trim_start().chars().next().unwrap_or(' ');
        assert!(
            !(first.is_ascii_digit() || "一二三四五六七八九十(（①②③".contains(first)),
            "a list item with a second marker: {text}"
        );
    }
}
