//! `builder check`: every mistake of a guide named in one run, at its file and line, with a
//! non-zero exit status and nothing written.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, fixture, read_tree};

/// Replaces the one occurrence of `from` in the guide's `file`.
fn edit(guide: &Path, file: &str, from: &str, to: &str) {
    let path = guide.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.matches(from).count(), 1, "{file}: `{from}`");
    std::fs::write(&path, text.replace(from, to)).expect("write");
}

/// A copy of the valid fixture guide at `<temp>/guide`, to edit; the folder lives as long as
/// the returned `TempDir`.
fn valid_guide() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    (dir, guide)
}

fn run_check(guide: &Path) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_builder"))
        .arg("check")
        .arg("--guide")
        .arg(guide)
        .current_dir(guide.parent().expect("parent"))
        .output()
        .expect("run builder check");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn several_independent_mistakes_are_all_named_in_one_run() {
    let (dir, guide) = valid_guide();
    // Five files, one mistake each, none hiding another.
    edit(
        &guide,
        "guide.toml",
        "portal_url = ",
        "colour = \"red\"\nportal_url = ",
    );
    edit(
        &guide,
        "sections/intake.md",
        "policy.intake_months | join",
        "policy.intake_month | join",
    );
    edit(
        &guide,
        "sections/basics.md",
        "(faq.html#summary)",
        "(faq.html#summary-writing)",
    );
    edit(&guide, "index.md", "(basics.html)", "(basic.html)");
    edit(&guide, "faq/summary.md", "order = 10", "order = \"10\"");
    let before = read_tree(dir.path());

    let (ok, stdout, stderr) = run_check(&guide);
    assert!(!ok, "check passed a broken guide: {stdout}{stderr}");
    let g = guide.display();
    for expected in [
        format!("error: {g}/guide.toml:5: `colour`"),
        format!("error: {g}/faq/summary.md:4: front matter: `order`"),
        format!("{g}/sections/intake.md:11: template"),
        format!("{g}/index.md:6: broken link `basic.html`"),
    ] {
        assert!(stderr.contains(&expected), "no `{expected}` in:\n{stderr}");
    }
    // The FAQ entry that did not load leaves the FAQ page incomplete: a missing anchor there is
    // not judged, and the note says so.
    assert!(!stderr.contains("summary-writing"), "{stderr}");
    assert!(
        stderr.contains("note: 3 links into pages with mistakes above were not judged"),
        "{stderr}"
    );
    assert!(
        stderr
            .trim_end()
            .ends_with(&format!("error: 4 mistakes in {g} (nothing written)")),
        "{stderr}"
    );
    assert_eq!(
        read_tree(dir.path()),
        before,
        "check wrote or changed a file"
    );
}

#[test]
fn links_of_every_file_are_checked_past_a_body_that_does_not_render() {
    let (_dir, guide) = valid_guide();
    edit(
        &guide,
        "sections/intake.md",
        "{{ policy.intake_months | join",
        "{{ nope | join",
    );
    edit(
        &guide,
        "sections/basics.md",
        "(faq.html#summary)",
        "(faq.html#nowhere)",
    );
    edit(
        &guide,
        "index.md",
        "(intake.html#intake-time)",
        "(intake.html#intake-times)",
    );
    edit(
        &guide,
        "faq/summary.md",
        "(intake.html#intake-time)",
        "(intake.html#gone)",
    );
    let report = builder::check::check(&guide);
    let problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    let all = problems.join("\n");
    assert!(all.contains("sections/intake.md:11: template"), "{all}");
    assert!(
        all.contains("sections/basics.md:17: broken link `faq.html#nowhere`"),
        "{all}"
    );
    // intake.html's body did not render: its anchors are not known, so links to them are not
    // judged, and the note says so.
    assert!(
        !all.contains("intake-times") && !all.contains("#gone"),
        "{all}"
    );
    assert_eq!(
        report.notes,
        ["2 links into pages with mistakes above were not judged"]
    );
    assert_eq!(report.count(), 2, "{all}");
}

#[test]
fn a_valid_guide_passes_and_nothing_is_written() {
    let (dir, guide) = valid_guide();
    let before = read_tree(dir.path());
    let (ok, stdout, stderr) = run_check(&guide);
    assert!(ok, "{stdout}{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(
        stdout.contains("7 pages, no mistakes (nothing written)"),
        "{stdout}"
    );
    assert_eq!(read_tree(dir.path()), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["guide"], "check wrote beside the guide");
}

#[test]
fn every_impossible_value_of_guide_toml_is_named_at_its_line() {
    let (_dir, guide) = valid_guide();
    edit(
        &guide,
        "guide.toml",
        "language = \"zh-CN\"",
        "language = \"中文\"",
    );
    edit(
        &guide,
        "guide.toml",
        "intake_months = [1, 3, 5, 7, 9, 11]",
        "intake_months = [1, 3, 5, 7, 9, 13]",
    );
    edit(
        &guide,
        "guide.toml",
        "summary_min_words = 800",
        "summary_min_words = 0",
    );
    let (ok, _, stderr) = run_check(&guide);
    assert!(!ok);
    for (line, key) in [
        (3, "language"),
        (8, "policy.intake_months"),
        (12, "policy.summary_min_words"),
    ] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&format!("guide.toml:{line}")) && l.contains(key)),
            "{key} at line {line} not named:\n{stderr}"
        );
    }
    assert!(stderr.contains("3 mistakes"), "{stderr}");
}

#[test]
fn the_shipped_guide_passes() {
    let report = builder::check::check(&common::workspace().join("guide"));
    let problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert!(report.is_ok(), "{problems:#?}");
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}

#[test]
fn a_missing_guide_is_one_mistake() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = builder::check::check(&dir.path().join("nope"));
    assert_eq!(report.count(), 1);
    assert!(report.problems[0].to_string().contains("nope"));
}
