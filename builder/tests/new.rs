//! `builder new DIR`: a guide that builds and checks clean, refused over anything non-empty.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{read_tree, site_problems};

fn builder(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_builder"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run builder")
}

#[test]
fn a_new_guide_builds_into_a_complete_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let created = builder(&["new", "my-guide"], dir.path());
    assert!(created.status.success(), "{created:?}");
    assert!(String::from_utf8_lossy(&created.stdout)
        .contains("created a guide of 11 files in my-guide"));

    let checked = builder(&["check", "--guide", "my-guide"], dir.path());
    assert!(checked.status.success(), "{checked:?}");

    let built = builder(
        &["build", "--guide", "my-guide", "--out", "site"],
        dir.path(),
    );
    assert!(built.status.success(), "{built:?}");
    let site = dir.path().join("site");
    let problems = site_problems(&site, "某市职称初定申报指南");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let files = read_tree(&site);
    for page in [
        "index.html",
        "basic-conditions.html",
        "materials.html",
        "faq.html",
        "checker.html",
        "404.html",
    ] {
        assert!(files.contains_key(page), "no {page}");
    }
    // The checker cites these ids: every reason it gives links to a page of the new guide.
    let checker = String::from_utf8_lossy(&files["checker.html"]).into_owned();
    for id in [
        "basic-conditions",
        "education-and-years",
        "scope-and-intake",
        "materials",
        "summary-writing",
    ] {
        assert!(
            checker.contains(&format!("\"{id}\":{{\"href\"")),
            "the checker cannot cite {id}"
        );
    }
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("full")).expect("folder");
    std::fs::write(dir.path().join("full/notes.txt"), "keep me").expect("file");
    std::fs::write(dir.path().join("file"), "keep me").expect("file");
    let before = read_tree(dir.path());
    for target in ["full", "file"] {
        let refused = builder(&["new", target], dir.path());
        assert!(!refused.status.success(), "{target}: {refused:?}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(
            stderr.starts_with(&format!("error: {target}: ")),
            "{stderr}"
        );
    }
    assert_eq!(read_tree(dir.path()), before);

    // An empty folder is fine.
    std::fs::create_dir(dir.path().join("empty")).expect("folder");
    assert!(builder(&["new", "empty"], dir.path()).status.success());
    assert!(dir.path().join("empty/guide.toml").is_file());
}
