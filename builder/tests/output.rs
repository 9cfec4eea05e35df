//! The output folder (`--out`): never inside the guide, never a folder the builder did not
//! write, and never lost: on any error it is exactly as before, and a build that was stopped
//! half-way is cleaned up by the next one.

mod common;

use std::path::Path;

use builder::build;
use common::{copy_dir, fixture, read_tree};

/// A copy of valid-minimal at `<dir>/guide`.
fn guide_in(dir: &Path) -> std::path::PathBuf {
    let guide = dir.join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    guide
}

#[test]
fn an_output_folder_inside_the_guide_is_refused_even_before_it_exists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = guide_in(dir.path());
    std::os::unix::fs::symlink(&guide, dir.path().join("link")).expect("symlink");
    let inside = [
        guide.join("site"),
        guide.join("theme"),
        guide.join("sections/site"),
        dir.path().join("guide/../guide/./site"),
        dir.path().join("link/site"),
        dir.path().join("guide/.."),
        guide.clone(),
    ];
    for out in inside {
        let err = build(&guide, &out).expect_err(&format!("{} is in the guide", out.display()));
        let message = err.to_string();
        assert!(
            message.contains("overlaps the guide folder") && !message.contains('\n'),
            "{}: {message}",
            out.display()
        );
        assert!(!guide.join("site").exists() && !guide.join("theme").exists());
        assert!(!guide.join("sections/site").exists());
    }
    build(&guide, &guide).expect_err("the guide itself");
    build(&guide, &dir.path().join("guide-site")).expect("a sibling with a similar name");
}

#[test]
fn a_relative_output_inside_the_guide_is_refused_by_the_binary() {
    let dir = tempfile::tempdir().expect("temp dir");
    guide_in(dir.path());
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_builder"))
        .current_dir(dir.path())
        .args(["build", "--guide", "guide", "--out", "guide/site"])
        .output()
        .expect("run builder");
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.starts_with("error: guide/site: ") && stderr.contains("overlaps the guide folder"),
        "{stderr}"
    );
    assert!(!dir.path().join("guide/site").exists());
}

#[test]
fn a_folder_the_builder_did_not_write_is_never_replaced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = guide_in(dir.path());
    let folder = |name: &str, files: &[&str]| {
        let out = dir.path().join(name);
        std::fs::create_dir_all(&out).expect("folder");
        for file in files {
            std::fs::write(out.join(file), "keep me").expect("file");
        }
        out
    };
    let foreign = [
        folder("notes", &["todo.txt"]),
        folder("homepage", &["index.html"]),
        folder("old-homepage", &["index.html", "style.css", "notes.txt"]),
    ];
    for out in foreign {
        let before = read_tree(&out);
        let message = build(&guide, &out).expect_err("foreign folder").to_string();
        assert!(
            message.starts_with(&format!("{}: ", out.display()))
                && message.contains("not a site this builder wrote (no .builder-site file)"),
            "{message}"
        );
        assert_eq!(read_tree(&out), before, "{} changed", out.display());
    }
    let file = dir.path().join("file");
    std::fs::write(&file, "keep me").expect("file");
    let message = build(&guide, &file).expect_err("a file").to_string();
    assert!(message.contains("is not a folder"), "{message}");
    assert_eq!(std::fs::read_to_string(&file).expect("file"), "keep me");
}

#[test]
fn a_built_site_carries_a_marker_and_is_replaced_as_a_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = guide_in(dir.path());
    let out = dir.path().join("site");
    std::fs::create_dir(&out).expect("an empty folder is accepted");
    let report = build(&guide, &out).expect("first build");
    let marker = std::fs::read_to_string(out.join(".builder-site")).expect("marker");
    assert!(marker.contains("builder"), "{marker}");
    assert!(
        report.files.iter().all(|(path, _)| path != ".builder-site"),
        "the marker is no page of the site"
    );
    std::fs::write(out.join("stale.html"), "old").expect("write stale file");
    build(&guide, &out).expect("second build");
    assert!(
        !out.join("stale.html").exists(),
        "the old site was not replaced"
    );
}

#[test]
fn a_site_built_before_the_marker_existed_is_replaced_only_if_it_has_nothing_else() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = guide_in(dir.path());
    let out = dir.path().join("site");
    build(&guide, &out).expect("first build");
    std::fs::remove_file(out.join(".builder-site")).expect("remove marker");
    build(&guide, &out).expect("an earlier build holding only the builder's files");
    assert!(out.join(".builder-site").is_file());

    std::fs::remove_file(out.join(".builder-site")).expect("remove marker");
    std::fs::write(out.join("notes.txt"), "keep me").expect("write");
    let message = build(&guide, &out)
        .expect_err("a file of someone else's")
        .to_string();
    assert!(
        message.contains("not a site this builder wrote"),
        "{message}"
    );
    assert!(out.join("notes.txt").is_file());
}

#[test]
fn a_symbolic_link_as_output_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = guide_in(dir.path());
    let real = dir.path().join("real-site");
    build(&guide, &real).expect("build");
    let link = dir.path().join("site");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let message = build(&guide, &link).expect_err("a link").to_string();
    assert!(message.contains("is a symbolic link"), "{message}");
    assert!(link.is_symlink(), "the link was replaced");
}
