//! The builder against the fixture guides in tests/fixtures: a small valid guide, and one
//! invalid guide per kind of mistake, each of which must be reported at the right place.

mod common;

use std::path::Path;

use builder::{build, BuildError};
use common::{copy_dir, fixture, read_tree, site_problems};

fn build_error(name: &str) -> String {
    let out = tempfile::tempdir().expect("temp dir");
    let err = build(&fixture(name), &out.path().join("site")).expect_err(name);
    let message = err.to_string();
    assert!(
        !message.contains('\n'),
        "{name}: error is not one line: {message}"
    );
    assert!(
        !out.path().join("site").exists(),
        "{name}: a failed build wrote output"
    );
    message
}

/// (fixture, file and line the error must name, key or detail it must name)
const INVALID: [(&str, &str, &str); 10] = [
    (
        "invalid-front-matter",
        "sections/intake.md:5: front matter",
        "expected",
    ),
    (
        "invalid-template-var",
        "sections/intake.md:11: template",
        "`policy.intake_month`",
    ),
    (
        "invalid-duplicate-id",
        "sections/more.md:2: duplicate id",
        "`basics`",
    ),
    (
        "invalid-missing-page",
        "sections/basics.md:17: broken link",
        "questions.html",
    ),
    (
        "invalid-missing-anchor",
        "sections/basics.md:17: broken link",
        "#summary-writing",
    ),
    ("invalid-config-unknown-key", "guide.toml:5", "`colour`"),
    (
        "invalid-config-wrong-type",
        "guide.toml:12",
        "`policy.summary_min_words`",
    ),
    (
        "invalid-config-month-13",
        "guide.toml:8",
        "`policy.intake_months`",
    ),
    (
        "invalid-config-empty-months",
        "guide.toml:8",
        "`policy.intake_months`",
    ),
    (
        "invalid-config-negative",
        "guide.toml:10",
        "`policy.internship_months`",
    ),
];

#[test]
fn each_invalid_guide_names_the_file_line_and_key() {
    for (name, place, detail) in INVALID {
        let message = build_error(name);
        let expected_place = format!("{name}/{place}");
        assert!(
            message.contains(&expected_place),
            "{name}: expected `{expected_place}` in: {message}"
        );
        assert!(
            message.contains(detail),
            "{name}: expected `{detail}` in: {message}"
        );
    }
}

#[test]
fn a_missing_guide_folder_is_named() {
    let out = tempfile::tempdir().expect("temp dir");
    let missing = out.path().join("no-such-guide");
    let err = build(&missing, &out.path().join("site")).expect_err("missing guide");
    assert!(matches!(err, BuildError::GuideMissing(_)), "{err:?}");
    assert!(err.to_string().contains("no-such-guide"), "{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build(&fixture("valid-minimal"), &out).expect("valid build");
    let before = read_tree(&out);
    for (name, _, _) in INVALID {
        assert!(build(&fixture(name), &out).is_err(), "{name} should fail");
        assert_eq!(read_tree(&out), before, "{name} changed the previous site");
    }
    let siblings: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read temp dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(siblings, ["site"], "staging folders left behind");
}

#[test]
fn the_minimal_guide_builds_a_complete_self_contained_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let report = build(&fixture("valid-minimal"), &out).expect("valid build");
    // The search index's one text shard carries the build's hash in its name.
    let (shards, files): (Vec<&str>, Vec<&str>) = report
        .files
        .iter()
        .map(|(path, _)| path.as_str())
        .partition(|path| path.starts_with("search/t") && path.ends_with(".bin"));
    assert_eq!(shards.len(), 1, "{shards:?}");
    assert_eq!(
        files,
        [
            "basics.html",
            "checker.html",
            "checker/checker.js",
            "checker/checker_bg.wasm",
            "checker/page.js",
            "faq.html",
            "favicon.svg",
            "index.html",
            "intake.html",
            "search.html",
            "search/index.bin",
            "search/keys.js",
            "search/page.js",
            "search/search.js",
            "search/search_bg.wasm",
            "style.css"
        ]
    );
    assert_eq!(report.pages, 6);
    assert_eq!(
        report.bytes,
        report.files.iter().map(|(_, size)| size).sum::<u64>()
    );
    let problems = site_problems(&out, "测试指南");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let page = |name: &str| std::fs::read_to_string(out.join(name)).expect("page");
    let intake = page("intake.html");
    assert!(
        intake.contains("<h1 id=\"intake\">"),
        "section h1 carries the page id"
    );
    assert!(intake.contains("<title>受理范围及时间 — 测试指南</title>"));
    assert!(intake.contains("受理时间为一年六期（即1、3、5、7、9、11月受理）"));
    assert!(intake.contains("<h2 id=\"intake-2\">网办大厅 <a class=\"anchor\" href=\"#intake-2\""));
    assert!(intake
        .contains("<a href=\"https://portal.example.org/index/\" rel=\"noopener noreferrer\">"));
    assert!(page("basics.html").contains("见习1年期满"));
    assert!(page("basics.html").contains("<div class=\"table-wrap\""));

    let index = page("index.html");
    assert!(
        index.contains("href=\"checker.html\""),
        "home links the checker"
    );
    assert!(
        index.contains("<h3 id=\"chapter-1\">一、初定条件</h3>"),
        "toc grouped by chapter"
    );

    let faq = page("faq.html");
    assert!(faq.contains(
        "<li><a href=\"#summary\">关于如何撰写专业技术工作总结（不少于 800 字）</a></li>"
    ));
    assert!(faq.contains("<h2 id=\"summary\">关于如何撰写专业技术工作总结（不少于 800 字）"));

    let checker = page("checker.html");
    assert!(checker.contains("<section id=\"checker\""));
    // The checker starts hidden; its "cannot run" notice shows until the wasm takes over.
    assert!(checker.contains("<div id=\"checker-app\" hidden>"));
    assert!(checker.contains("资格自测需要浏览器启用 JavaScript 和 WebAssembly，当前无法运行。"));
    assert!(checker.contains(
        "<script type=\"application/json\" id=\"checker-policy\">{\"intake_months\":[1,3,5,7,9,11],\"rules_from_year\":2022,\"internship_months\":12,\"insurance_proof_months\":3,\"summary_min_words\":800,\"xuexin_from_year\":2001}</script>"
    ));
    assert!(checker.contains(
        "<script type=\"application/json\" id=\"checker-clauses\">{\"basics\":{\"href\":\"basics.html\",\"title\":\"基本条件\"},\"intake\":{\"href\":\"intake.html\",\"title\":\"受理范围及时间\"},\"summary\":{\"href\":\"faq.html#summary\",\"title\":\"关于如何撰写专业技术工作总结（不少于 800 字）\"}}</script>"
    ));
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().expect("temp dir");
    build(&fixture("valid-minimal"), &dir.path().join("a")).expect("first build");
    build(&fixture("valid-minimal"), &dir.path().join("b")).expect("second build");
    assert_eq!(
        read_tree(&dir.path().join("a")),
        read_tree(&dir.path().join("b"))
    );
}

#[test]
fn rebuilding_replaces_the_previous_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build(&fixture("valid-minimal"), &out).expect("first build");
    std::fs::write(out.join("stale.html"), "old").expect("write stale file");
    build(&fixture("valid-minimal"), &out).expect("second build");
    assert!(
        !out.join("stale.html").exists(),
        "the old site was not replaced"
    );
}

#[test]
fn a_policy_number_changes_the_rendered_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    let toml = std::fs::read_to_string(guide.join("guide.toml")).expect("guide.toml");
    let changed = toml
        .replace("summary_min_words = 800", "summary_min_words = 1500")
        .replace(
            "intake_months = [1, 3, 5, 7, 9, 11]",
            "intake_months = [3, 9]",
        )
        .replace("internship_months = 12", "internship_months = 24");
    assert_ne!(changed, toml);
    std::fs::write(guide.join("guide.toml"), changed).expect("write guide.toml");
    let out = dir.path().join("site");
    build(&guide, &out).expect("build");
    let page = |name: &str| std::fs::read_to_string(out.join(name)).expect("page");
    assert!(page("faq.html").contains("工作总结不少于1500字"));
    assert!(page("faq.html").contains("（不少于 1500 字）"));
    assert!(!page("faq.html").contains("800"));
    assert!(page("intake.html").contains("受理时间为一年二期（即3、9月受理）"));
    assert!(page("basics.html").contains("见习2年期满"));
    assert!(page("checker.html").contains("\"summary_min_words\":1500"));
}

#[test]
fn theme_files_can_be_replaced_one_by_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    std::fs::create_dir_all(guide.join("theme")).expect("theme folder");
    std::fs::write(guide.join("theme/style.css"), "body { color: black; }\n").expect("css");
    std::fs::write(
        guide.join("theme/page.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 id=\"{{ page.id }}\">[{{ page.title }}]</h1>{{ content }}{% endblock %}",
    )
    .expect("page template");
    let out = dir.path().join("site");
    build(&guide, &out).expect("build");
    assert_eq!(
        std::fs::read_to_string(out.join("style.css")).expect("css"),
        "body { color: black; }\n"
    );
    assert!(std::fs::read_to_string(out.join("basics.html"))
        .expect("page")
        .contains("[基本条件]"));
    assert!(
        std::fs::read_to_string(out.join("faq.html"))
            .expect("faq")
            .contains("<h1 id=\"faq\">"),
        "other templates stay"
    );

    std::fs::write(guide.join("theme/stlye.css"), "").expect("misspelt override");
    let err = build(&guide, &out).expect_err("unknown theme file");
    assert!(err.to_string().contains("stlye.css"), "{err}");

    std::fs::remove_file(guide.join("theme/stlye.css")).expect("remove");
    std::fs::write(guide.join("theme/page.html"), "line one\n{{ page.nope }}\n")
        .expect("bad template");
    let err = build(&guide, &out).expect_err("unknown variable in a theme template");
    assert!(
        err.to_string().contains("theme/page.html:2: template"),
        "{err}"
    );
}

#[test]
fn the_output_folder_never_replaces_a_foreign_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("notes");
    std::fs::create_dir_all(&out).expect("folder");
    std::fs::write(out.join("todo.txt"), "keep me").expect("file");
    let err = build(&fixture("valid-minimal"), &out).expect_err("foreign folder");
    assert!(err.to_string().contains("not a built site"), "{err}");
    assert!(out.join("todo.txt").exists());
    let guide = fixture("valid-minimal");
    assert!(
        build(&guide, &guide).is_err(),
        "the guide itself is never the output"
    );
    assert!(guide.join("guide.toml").exists());
}

#[test]
fn the_binary_prints_a_report_or_one_error_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let run = |guide: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_builder"))
            .args(["build", "--guide"])
            .arg(guide)
            .arg("--out")
            .arg(&out)
            .output()
            .expect("run builder")
    };
    let ok = run(&fixture("valid-minimal"));
    assert!(ok.status.success());
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        stdout.contains("6 pages") && stdout.contains("bytes"),
        "{stdout}"
    );

    let failed = run(&fixture("invalid-missing-anchor"));
    assert!(!failed.status.success());
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("sections/basics.md:17"),
        "{stderr}"
    );
}

/// Writes `file` (relative to a copy of valid-minimal) and returns the build error.
fn error_after_writing(file: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    std::fs::write(guide.join(file), text).expect("write");
    build(&guide, &dir.path().join("site"))
        .expect_err(file)
        .to_string()
}

#[test]
fn ordering_and_anchor_mistakes_are_reported_at_their_line() {
    let section = |id: &str, chapter: &str, order: u32, body: &str| {
        format!("+++\nid = \"{id}\"\ntitle = \"T\"\nchapter = \"{chapter}\"\norder = {order}\ndescription = \"D\"\n+++\n{body}")
    };
    let message = error_after_writing("sections/more.md", &section("more", "一、初定条件", 20, ""));
    assert!(
        message.contains("sections/more.md:5: front matter: order 20"),
        "{message}"
    );

    let message = error_after_writing("sections/more.md", &section("more", "二、申报流程", 15, ""));
    assert!(
        message.contains("sections/intake.md:4: front matter: chapter `一、初定条件` is interrupted by `二、申报流程`"),
        "{message}"
    );

    let message = error_after_writing(
        "sections/more.md",
        &section(
            "more",
            "二、申报流程",
            30,
            "\n## A {#same}\n\n## B {#same}\n",
        ),
    );
    assert!(
        message.contains("sections/more.md:11: duplicate id `same`"),
        "{message}"
    );

    let message = error_after_writing(
        "sections/more.md",
        &section("more", "二、申报流程", 30, "\n见[首页](/index.html)\n"),
    );
    assert!(
        message.contains("sections/more.md:9: broken link `/index.html`: absolute path"),
        "{message}"
    );

    let message = error_after_writing("sections/more.md", &section("More", "二、申报流程", 30, ""));
    assert!(
        message.contains("sections/more.md:2: front matter: `id`"),
        "{message}"
    );

    let message = error_after_writing(
        "sections/more.md",
        &section("more", "{{ policy.nope }}", 30, ""),
    );
    assert!(
        message.contains("sections/more.md:4: template: `chapter`: unknown variable `policy.nope`"),
        "{message}"
    );
}
