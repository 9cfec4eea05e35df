//! The builder against the small valid guide in tests/fixtures, and against copies of it with
//! one mistake each (a table of edits), each of which must be reported at the right place.

mod common;

use std::path::Path;

use builder::{build, BuildError};
use common::{copy_dir, fixture, read_tree, site_problems};

/// One way to break the valid guide: an edit of a copy of `valid-minimal`.
#[derive(Debug, Clone, Copy)]
enum Edit {
    /// Replace the one occurrence of `from` in `file` by `to`.
    Replace {
        file: &'static str,
        from: &'static str,
        to: &'static str,
    },
    /// Add a file.
    Add {
        file: &'static str,
        text: &'static str,
    },
    /// Put a FIFO (named pipe) at `file`, in place of any file there.
    Fifo { file: &'static str },
    /// Put a symbolic link to `target` at `file`.
    Symlink {
        file: &'static str,
        target: &'static str,
    },
}

/// A mistake in a guide and what its error must name.
struct Mistake {
    edit: Edit,
    /// `file:line` (relative to the guide) and the start of the message.
    place: &'static str,
    /// The key, target or detail the message must name.
    detail: &'static str,
}

const MISSING_ANCHOR: Edit = Edit::Replace {
    file: "sections/basics.md",
    from: "(faq.html#summary)",
    to: "(faq.html#summary-writing)",
};

const MISSING_PAGE_IN_THEME: Edit = Edit::Add {
    file: "theme/page.html",
    text: "{% extends \"base.html\" %}{% block content %}<a href=\"nowhere.html\">x</a>{{ content }}{% endblock %}",
};

/// An id of 301 characters: its page's file name would be longer than file systems allow.
const LONG_ID: &str = concat!(
    "id = \"b",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "\""
);

const MISTAKES: &[Mistake] = &[
    Mistake {
        edit: Edit::Replace {
            file: "sections/intake.md",
            from: "order = 20",
            to: "order = twenty",
        },
        place: "sections/intake.md:5: front matter",
        detail: "expected",
    },
    Mistake {
        edit: Edit::Replace {
            file: "sections/intake.md",
            from: "policy.intake_months | join",
            to: "policy.intake_month | join",
        },
        place: "sections/intake.md:11: template",
        detail: "`policy.intake_month`",
    },
    Mistake {
        edit: Edit::Add {
            file: "sections/more.md",
            text: "+++\nid = \"basics\"\ntitle = \"重复\"\nchapter = \"一、初定条件\"\norder = 30\ndescription = \"D\"\n+++\n",
        },
        place: "sections/more.md:2: duplicate id",
        detail: "`basics`",
    },
    Mistake {
        edit: Edit::Replace {
            file: "sections/basics.md",
            from: "(faq.html#summary)",
            to: "(questions.html#summary)",
        },
        place: "sections/basics.md:17: broken link",
        detail: "questions.html",
    },
    Mistake {
        edit: MISSING_ANCHOR,
        place: "sections/basics.md:17: broken link",
        detail: "#summary-writing",
    },
    Mistake {
        edit: Edit::Replace {
            file: "guide.toml",
            from: "portal_url = ",
            to: "colour = \"red\"\nportal_url = ",
        },
        place: "guide.toml:5",
        detail: "`colour`",
    },
    Mistake {
        edit: Edit::Replace {
            file: "guide.toml",
            from: "summary_min_words = 800",
            to: "summary_min_words = \"800\"",
        },
        place: "guide.toml:12",
        detail: "`policy.summary_min_words`",
    },
    Mistake {
        edit: Edit::Replace {
            file: "guide.toml",
            from: "[1, 3, 5, 7, 9, 11]",
            to: "[1, 3, 13]",
        },
        place: "guide.toml:8",
        detail: "`policy.intake_months`",
    },
    Mistake {
        edit: Edit::Replace {
            file: "guide.toml",
            from: "[1, 3, 5, 7, 9, 11]",
            to: "[]",
        },
        place: "guide.toml:8",
        detail: "`policy.intake_months`",
    },
    Mistake {
        edit: Edit::Replace {
            file: "guide.toml",
            from: "internship_months = 12",
            to: "internship_months = -12",
        },
        place: "guide.toml:10",
        detail: "`policy.internship_months`",
    },
    Mistake {
        edit: Edit::Replace {
            file: "guide.toml",
            from: "summary_min_words = 800",
            to: "summary_min_words = 800\nsummary_min_words = 900",
        },
        place: "guide.toml:13: `policy.summary_min_words`",
        detail: "duplicate key",
    },
    Mistake {
        edit: Edit::Replace {
            file: "sections/intake.md",
            from: "order = 20",
            to: "order = 20\norder = 21",
        },
        place: "sections/intake.md:6: front matter: `order`",
        detail: "duplicate key",
    },
    Mistake {
        edit: Edit::Add {
            file: "theme/page.html",
            text: "{% extends \"base.html\" %}{% block content %}\n{{ page.nope }}{% endblock %}",
        },
        place: "theme/page.html:2: template",
        detail: "`page.nope`",
    },
    Mistake {
        edit: Edit::Replace {
            file: "sections/basics.md",
            from: "id = \"basics\"",
            to: LONG_ID,
        },
        place: "sections/basics.md:2: front matter: `id`",
        detail: "301 characters",
    },
    Mistake {
        edit: Edit::Fifo { file: "guide.toml" },
        place: "guide.toml: a FIFO",
        detail: "not a regular file",
    },
    Mistake {
        edit: Edit::Fifo {
            file: "sections/more.md",
        },
        place: "sections/more.md: a FIFO",
        detail: "not a regular file",
    },
    Mistake {
        edit: Edit::Fifo {
            file: "theme/style.css",
        },
        place: "theme/style.css: a FIFO",
        detail: "not a regular file",
    },
    Mistake {
        edit: Edit::Symlink {
            file: "sections/more.md",
            target: "../nowhere.md",
        },
        place: "sections/more.md: a symbolic link to a missing file",
        detail: "../nowhere.md",
    },
    Mistake {
        edit: MISSING_PAGE_IN_THEME,
        place: "theme/page.html:1: broken link `nowhere.html`",
        detail: "no page `nowhere.html` in the site",
    },
];

/// A copy of valid-minimal at `guide` (unless there is one) with `edit` applied.
fn edited_guide(guide: &Path, edit: Edit) {
    if !guide.join("guide.toml").exists() {
        copy_dir(&fixture("valid-minimal"), guide);
    }
    match edit {
        Edit::Replace { file, from, to } => {
            let path = guide.join(file);
            let text = std::fs::read_to_string(&path).expect("fixture file");
            assert_eq!(text.matches(from).count(), 1, "{file}: `{from}` not unique");
            std::fs::write(&path, text.replace(from, to)).expect("write edited file");
        }
        Edit::Add { file, text } => {
            let path = guide.join(file);
            assert!(!path.exists(), "{file} already exists");
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder).expect("create folder");
            }
            std::fs::write(&path, text).expect("write added file");
        }
        Edit::Fifo { file } => {
            let path = guide.join(file);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder).expect("create folder");
            }
            let _ = std::fs::remove_file(&path);
            let made = std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .expect("run mkfifo");
            assert!(made.success(), "mkfifo {file}");
        }
        Edit::Symlink { file, target } => {
            std::os::unix::fs::symlink(target, guide.join(file)).expect("make symlink");
        }
    }
}

/// Builds `guide` into `out` in a thread: a build that hangs (reading a FIFO) or takes minutes
/// (20,000 links, when finding their lines was cubic) fails the test instead of stalling it.
fn build_in_time(guide: &Path, out: &Path) -> Result<builder::BuildReport, BuildError> {
    let (sender, receiver) = std::sync::mpsc::channel();
    let (guide, out) = (guide.to_path_buf(), out.to_path_buf());
    std::thread::spawn(move || sender.send(build(&guide, &out)));
    receiver
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the build hung")
}

/// Builds a copy of valid-minimal with `edit` applied; returns the guide folder and the error.
fn build_error(edit: Edit) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    edited_guide(&guide, edit);
    let out = dir.path().join("site");
    let err = build_in_time(&guide, &out).expect_err(&format!("{edit:?} should fail"));
    assert!(!out.exists(), "{edit:?}: a failed build wrote output");
    (dir, err.to_string())
}

#[test]
fn each_mistake_is_named_with_its_file_line_and_key() {
    for Mistake {
        edit,
        place,
        detail,
    } in MISTAKES
    {
        let (_dir, message) = build_error(*edit);
        assert!(
            !message.contains('\n'),
            "{edit:?}: error is not one line: {message}"
        );
        let expected_place = format!("guide/{place}");
        assert!(
            message.contains(&expected_place),
            "{edit:?}: expected `{expected_place}` in: {message}"
        );
        assert!(
            message.contains(detail),
            "{edit:?}: expected `{detail}` in: {message}"
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
    for mistake in MISTAKES {
        let guide = tempfile::tempdir().expect("temp dir");
        edited_guide(guide.path(), mistake.edit);
        let result = build_in_time(guide.path(), &out);
        assert!(result.is_err(), "{:?}", mistake.edit);
        assert_eq!(
            read_tree(&out),
            before,
            "{:?} changed the site",
            mistake.edit
        );
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
            "404.html",
            "basics.html",
            "checker.html",
            "checker/checker.js",
            "checker/checker_bg.wasm",
            "checker/page.js",
            "faq.html",
            "favicon.svg",
            "guide.css",
            "icon-192.png",
            "icon-512.png",
            "index.html",
            "intake.html",
            "manifest.webmanifest",
            "robots.txt",
            "search.html",
            "search/index.bin",
            "search/page.js",
            "search/search.js",
            "search/search_bg.wasm",
            "site.js",
            "style.css",
            "sw.js"
        ]
    );
    assert_eq!(report.pages, 7);
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
    // The form is there from the start, inert until the wasm takes over; the "cannot run"
    // notice is for browsers without scripts only; follow-up questions start hidden.
    assert!(checker.contains("<div id=\"checker-app\" inert>"));
    assert!(checker.contains(
        "<noscript><p id=\"checker-noscript\" class=\"notice\">自测需要 JavaScript 和 WebAssembly。"
    ));
    assert!(checker.contains("id=\"has_license-question\" hidden>"));
    assert!(!checker.contains("id=\"licensed_series-question\" hidden"));
    assert!(checker.contains(
        "<span class=\"label-loading\">加载中</span><span class=\"label-ready\">检查</span></button>"
    ));
    assert!(checker.contains(
        "<script type=\"application/json\" id=\"checker-words\">{\"calendar\":\"加入日历\","
    ));
    assert!(checker.contains(
        "<script type=\"application/json\" id=\"checker-policy\">{\"intake_months\":[1,3,5,7,9,11],\"rules_from_year\":2022,\"internship_months\":12,\"insurance_proof_months\":3,\"summary_min_words\":800,\"xuexin_from_year\":2001}</script>"
    ));
    // Only the ids the checker cites are listed, and the minimal guide has none of them (the
    // shipped guide's list: tests/embedded_checker.rs).
    assert!(
        checker.contains("<script type=\"application/json\" id=\"checker-clauses\">{}</script>")
    );
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
        stdout.contains("7 pages") && stdout.contains("bytes"),
        "{stdout}"
    );

    let broken = tempfile::tempdir().expect("temp dir");
    edited_guide(broken.path(), MISSING_ANCHOR);
    let failed = run(broken.path());
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
    build_in_time(&guide, &dir.path().join("site"))
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

#[test]
fn the_independent_page_check_notices_broken_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build(&fixture("valid-minimal"), &out).expect("valid build");
    std::fs::remove_file(out.join("intake.html")).expect("remove a page");
    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    let index = index.replacen("<footer", "<footer style=\"color: red\"", 1);
    std::fs::write(out.join("index.html"), index).expect("write index.html");
    let problems = site_problems(&out, "测试指南").join("\n");
    assert!(
        problems.contains("<a href=\"intake.html\">: no file intake.html"),
        "{problems}"
    );
    assert!(
        problems.contains("index.html: style= attribute on <footer>"),
        "{problems}"
    );
}

/// A section whose table has one link per row; the rows in `broken` link to a missing anchor.
/// Row `n` is on line 11 + n.
fn page_of_links(count: usize, broken: &[usize]) -> String {
    let mut page = String::from(
        "+++\nid = \"links\"\ntitle = \"链接\"\nchapter = \"二、链接\"\norder = 30\ndescription = \"许多链接。\"\n+++\n\n| 序号 | 链接 |\n|---|---|\n",
    );
    for n in 0..count {
        let target = if broken.contains(&n) {
            format!("basics.html#nope-{n}")
        } else {
            "basics.html#education".to_string()
        };
        page.push_str(&format!("| {n} | [第{n}项]({target}) |\n"));
    }
    page
}

#[test]
fn twenty_thousand_links_are_checked_and_every_broken_one_named_at_its_line() {
    // Finding each link's line used to scan the page once per link and occurrence: cubic.
    let broken = [7, 12_345, 19_999];
    let message = error_after_writing("sections/links.md", &page_of_links(20_000, &broken));
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 4, "{message}");
    assert_eq!(lines[0], "3 broken links:");
    for (line, n) in lines[1..].iter().zip(broken) {
        let expected = format!(
            "sections/links.md:{}: broken link `basics.html#nope-{n}`: no anchor `#nope-{n}` in basics.html",
            11 + n
        );
        assert!(
            line.starts_with("  ") && line.ends_with(&expected),
            "expected `{expected}` in: {line}"
        );
    }
}

#[test]
fn every_broken_link_of_a_build_is_reported_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    edited_guide(&guide, MISSING_ANCHOR);
    edited_guide(&guide, MISSING_PAGE_IN_THEME);
    let intake = guide.join("sections/intake.md");
    let text = std::fs::read_to_string(&intake).expect("intake.md");
    std::fs::write(
        &intake,
        text.replace("(basics.html#education)", "(basic.html)"),
    )
    .expect("write intake.md");
    let message = build(&guide, &dir.path().join("site"))
        .expect_err("three broken links")
        .to_string();
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 4, "{message}");
    assert_eq!(lines[0], "3 broken links:");
    assert!(
        lines[1].contains("guide/sections/basics.md:17: broken link `faq.html#summary-writing`"),
        "{message}"
    );
    assert!(
        lines[2].contains("guide/sections/intake.md:15: broken link `basic.html`"),
        "{message}"
    );
    // Written once in the theme, broken on two pages: reported once, where it is written.
    assert!(
        lines[3].contains("guide/theme/page.html:1: broken link `nowhere.html`")
            && lines[3].ends_with("(a link the theme writes on basics.html and intake.html)"),
        "{message}"
    );
}

#[test]
fn a_symlinked_markdown_file_is_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    let elsewhere = dir.path().join("basics.md");
    std::fs::rename(guide.join("sections/basics.md"), &elsewhere).expect("move basics.md");
    std::os::unix::fs::symlink(&elsewhere, guide.join("sections/basics.md")).expect("symlink");
    let out = dir.path().join("site");
    build(&guide, &out).expect("builds through the link");
    let page = std::fs::read_to_string(out.join("basics.html")).expect("basics.html");
    assert!(page.contains("见习1年期满"), "{page}");
}

#[test]
fn a_nul_character_is_published_as_the_replacement_character() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    let edits = [
        ("期满", "期\0满"),
        ("title = \"基本条件\"", "title = \"基本\0条件\""),
    ];
    for (from, to) in edits {
        let file = "sections/basics.md";
        edited_guide(&guide, Edit::Replace { file, from, to });
    }
    let out = dir.path().join("site");
    build(&guide, &out).expect("builds");
    let page = std::fs::read_to_string(out.join("basics.html")).expect("basics.html");
    assert!(page.contains("期\u{FFFD}满"), "{page}");
    assert!(page.contains("<title>基本\u{FFFD}条件"), "{page}");
    for (path, bytes) in read_tree(&out) {
        if path.ends_with(".html") {
            assert!(!bytes.contains(&0), "{path} holds a NUL byte");
        }
    }
}

/// `builder build | head -1`: the reader of the report may go away before it is printed; the
/// site is built all the same and nothing panics.
#[test]
fn a_closed_pipe_for_the_report_is_no_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_builder"))
        .args(["build", "--guide"])
        .arg(fixture("valid-minimal"))
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run builder");
    // The reading end is closed before the builder writes its report.
    drop(child.stdout.take());
    let done = child.wait_with_output().expect("builder ends");
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(done.status.success(), "{:?}: {stderr}", done.status);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.join("index.html").is_file());
}
