//! The output folder (`--out`): never inside the guide, never a folder the builder did not
//! write, and never lost: on any error it is exactly as before, and a build that was stopped
//! half-way is cleaned up by the next one.

mod common;

use std::path::Path;

use builder::build;
use common::{copy_dir, fixture};

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
