//! The checker page as built: its form has exactly the controls the checker reads
//! (`checker_rules::routing::QUESTIONS`), named and valued as the contract says, and every word on
//! it comes from the guide's checker.md, none from the theme.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use checker_rules::routing::{Control, QUESTIONS};
use common::{copy_dir, fixture, tags, workspace, Tag};

/// The start tags inside `<form id="eligibility-form">`.
fn form_tags(page: &str) -> Vec<Tag> {
    let start = page
        .find("<form id=\"eligibility-form\"")
        .expect("the page has #eligibility-form");
    let end = start + page[start..].find("</form>").expect("the form ends");
    tags(&page[start..end])
}

/// A form control as the page has it.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    element: String,
    kind: Option<String>,
    value: Option<String>,
    id: Option<String>,
}

impl Shape {
    fn input(kind: &str, value: Option<&str>, id: &str) -> Self {
        Shape {
            element: "input".into(),
            kind: Some(kind.into()),
            value: value.map(str::to_string),
            id: Some(id.into()),
        }
    }
}

/// Every named control of the form must be a question of the checker, with the control the
/// checker reads; and every question must have its control.
fn form_problems(page: &str) -> Vec<String> {
    let tags = form_tags(page);
    let ids: BTreeSet<&str> = tags.iter().filter_map(|t| t.attr("id")).collect();
    let mut problems = Vec::new();
    for tag in tags.iter().filter(|t| t.attr("name").is_some()) {
        let name = tag.attr("name").unwrap_or_default();
        if !QUESTIONS.iter().any(|q| q.field == name) {
            problems.push(format!("<{} name=\"{name}\"> is no question", tag.name));
        }
    }
    for question in QUESTIONS.iter() {
        let field = question.field;
        let found: Vec<Shape> = tags
            .iter()
            .filter(|t| t.attr("name") == Some(field))
            .map(|t| Shape {
                element: t.name.clone(),
                kind: t.attr("type").map(str::to_string),
                value: t.attr("value").map(str::to_string),
                id: t.attr("id").map(str::to_string),
            })
            .collect();
        let expected: Vec<Shape> = match question.control {
            Control::Choice => ["true", "false"]
                .iter()
                .map(|value| Shape::input("radio", Some(value), &format!("{field}-{value}")))
                .collect(),
            Control::Select => vec![Shape {
                element: "select".into(),
                kind: None,
                value: None,
                id: Some(field.into()),
            }],
            Control::Date => vec![Shape::input("date", None, field)],
        };
        if found != expected {
            problems.push(format!("{field}: {found:?}, expected {expected:?}"));
        }
        if question.control == Control::Select {
            let values: Vec<&str> = select_options(page, field);
            let mut expected = vec![""];
            expected.extend(question.options);
            if values != expected {
                problems.push(format!(
                    "{field}: options {values:?}, expected {expected:?}"
                ));
            }
        }
        for id in [question.control_id(), question.block_id()] {
            if !ids.contains(id.as_str()) {
                problems.push(format!("{field}: no element #{id}"));
            }
        }
    }
    problems
}

/// The option values of `<select name="field">`, in order.
fn select_options<'a>(page: &'a str, field: &str) -> Vec<&'a str> {
    let Some(start) = page.find(&format!("<select id=\"{field}\" name=\"{field}\">")) else {
        return Vec::new();
    };
    let end = start + page[start..].find("</select>").unwrap_or(0);
    page[start..end]
        .split("<option value=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

fn build(guide: &Path, out: &Path) -> String {
    builder::build(guide, out).unwrap_or_else(|err| panic!("{}: {err}", guide.display()));
    std::fs::read_to_string(out.join("checker.html")).expect("checker.html")
}

#[test]
fn the_form_has_exactly_the_checkers_controls() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, guide) in [
        ("shipped", workspace().join("guide")),
        ("minimal", fixture("valid-minimal")),
    ] {
        let page = build(&guide, &dir.path().join(name));
        let problems = form_problems(&page);
        assert!(problems.is_empty(), "{name}: {}", problems.join("\n"));
        // The hooks the page script looks up.
        for hook in [
            "id=\"eligibility-result\"",
            "id=\"summary-text\"",
            "id=\"summary-result\"",
            "id=\"eligibility-missing\"",
            "id=\"checker-clear\"",
        ] {
            assert!(page.contains(hook), "{name}: no {hook}");
        }
    }
}

#[test]
fn a_form_that_drifts_from_the_checker_is_caught() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = build(&fixture("valid-minimal"), &dir.path().join("site"));
    let broken = page
        .replacen("value=\"second_bachelor\"", "value=\"second-bachelor\"", 1)
        .replacen(
            "name=\"has_license\" id=\"has_license-false\"",
            "name=\"has_licence\" id=\"has_license-false\"",
            1,
        )
        .replacen(
            "type=\"date\" id=\"insured_since\"",
            "type=\"text\" id=\"insured_since\"",
            1,
        );
    let problems = form_problems(&broken).join("\n");
    for expected in [
        "degree: options",
        "<input name=\"has_licence\"> is no question",
        "has_license: [",
        "insured_since: [",
    ] {
        assert!(
            problems.contains(expected),
            "missing `{expected}` in:\n{problems}"
        );
    }
}

#[test]
fn every_word_of_the_checker_page_comes_from_checker_md() {
    let template = std::fs::read_to_string(workspace().join("builder/theme/checker.html"))
        .expect("theme checker.html");
    let chinese: String = template
        .chars()
        .filter(|c| ('\u{3000}'..='\u{9FFF}').contains(c) || ('\u{FF00}'..='\u{FFEF}').contains(c))
        .collect();
    assert!(
        chinese.is_empty(),
        "words in the theme's checker.html: {chinese}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    let page = build(&fixture("valid-minimal"), &out);
    for words in [
        "<title>自测 — 测试指南</title>",
        "<meta name=\"description\" content=\"自测能否申报。\">",
        "<p>回答几个问题，看看能否申报。</p>",
        "自测需要 JavaScript 和 WebAssembly。请看<a href=\"basics.html\">基本条件</a>。",
        "<legend>受理范围</legend>",
        "<p class=\"clause\">依据：<a href=\"basics.html#education\">基本条件</a></p>",
        "<option value=\"\">请选择</option>",
        "<p class=\"help\">需连续参保至少3个月。</p>",
        "<button type=\"submit\" class=\"primary\" id=\"checker-submit\"><span class=\"label-loading\">加载中</span><span class=\"label-ready\">检查</span></button>",
        "<li>看<a href=\"basics.html\">基本条件</a>。</li>",
        "总结不少于800字，见<a href=\"faq.html#summary\">常见问题</a>。",
        "<p>答案只保存在本机。<button type=\"button\" id=\"checker-clear\">清除</button></p>",
        "<p id=\"checker-clear-question\">确定清除吗？</p>",
        "<button type=\"button\" id=\"checker-clear-yes\">确定清除</button>",
        "<button type=\"button\" id=\"checker-clear-no\">取消</button>",
        "data-cleared=\"已清除。\" data-restored=\"已恢复。\"",
        "<button type=\"button\" id=\"checker-clear-undo\" hidden>撤销</button>",
    ] {
        assert!(page.contains(words), "checker.html lacks {words}");
    }
    // Other pages name the checker page by checker.md's title too.
    let home = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(home.contains("<a href=\"checker.html\">自测</a>"), "{home}");
}

#[test]
fn a_guide_without_checker_md_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    std::fs::remove_file(guide.join("checker.md")).expect("remove checker.md");
    let err = builder::build(&guide, &dir.path().join("site")).expect_err("no checker.md");
    let message = err.to_string();
    assert!(message.contains("guide/checker.md: missing"), "{message}");

    // A broken link in its texts is reported at its key's line.
    copy_dir(&fixture("valid-minimal"), &guide);
    let text = std::fs::read_to_string(guide.join("checker.md")).expect("checker.md");
    std::fs::write(
        guide.join("checker.md"),
        text.replacen("(intake.html)", "(intake-time.html)", 1),
    )
    .expect("write");
    let err = builder::build(&guide, &dir.path().join("site")).expect_err("broken link");
    let line = text
        .lines()
        .position(|l| l.contains("(intake.html)"))
        .map(|i| i + 1)
        .expect("the link");
    assert!(
        err.to_string().contains(&format!(
            "checker.md:{line}: broken link `intake-time.html`"
        )),
        "{err}"
    );
}
