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

/// Runs the builder binary (a process of its own, as a maintainer runs it) on `guide` → `out`.
fn run_builder(guide: &Path, out: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_builder"))
        .args(["build", "--guide"])
        .arg(guide)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run builder")
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

/// Linux pids stay below pid_max, which is at most 2^22: no process has this one.
const NO_SUCH_PID: u32 = 4_194_304;

#[test]
fn a_stopped_build_is_recovered_from_by_the_next_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = guide_in(dir.path());
    let out = dir.path().join("site");
    build(&guide, &out).expect("first build");
    // Stopped between its two renames: the previous site moved aside, no site, and the
    // half-written new one (marked) beside it.
    let previous = dir.path().join(format!("site.old-{NO_SUCH_PID}"));
    let staging = dir.path().join(format!("site.tmp-{NO_SUCH_PID}"));
    copy_dir(&out, &staging);
    std::fs::rename(&out, &previous).expect("move the site aside");
    // Not leftovers: a running process's folder, and a folder without the marker.
    let running = dir.path().join("site.tmp-1");
    copy_dir(&staging, &running);
    let unmarked = dir.path().join(format!("site.old-{}", NO_SUCH_PID - 1));
    std::fs::create_dir(&unmarked).expect("folder");

    let run = run_builder(&guide, &out);
    assert!(run.status.success(), "{run:?}");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..2],
        [
            format!("recovered the previous site from {}", previous.display()),
            format!("removed leftover {}", staging.display()),
        ],
        "{stdout}"
    );
    assert!(lines[2].starts_with("built 7 pages"), "{stdout}");
    assert!(out.join("index.html").is_file() && out.join(".builder-site").is_file());
    assert_eq!(
        names_in(dir.path()),
        [
            "guide".to_string(),
            "site".into(),
            format!("site.old-{}", NO_SUCH_PID - 1),
            "site.tmp-1".into()
        ]
    );
}

/// Sets or clears the immutable attribute (which even root cannot delete through).
fn chattr(flags: &[&str], path: &Path) -> bool {
    std::process::Command::new("chattr")
        .args(flags)
        .arg(path)
        .status()
        .is_ok_and(|status| status.success())
}

/// Clears the immutable attribute under a folder again, whatever the test does, so that the
/// temporary folder can be removed.
struct ClearImmutable<'a>(&'a Path);

impl Drop for ClearImmutable<'_> {
    fn drop(&mut self) {
        chattr(&["-R", "-i"], self.0);
    }
}

#[test]
fn an_old_site_that_cannot_be_removed_does_not_fail_the_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = guide_in(dir.path());
    let out = dir.path().join("site");
    build(&guide, &out).expect("first build");
    let _guard = ClearImmutable(dir.path());
    if !chattr(&["+i"], &out.join("style.css")) {
        println!("chattr +i is not available here: nothing to test");
        return;
    }
    std::fs::write(out.join("old.html"), "old").expect("mark the old site");

    // The new site is in place before the old one is removed: that failure is a note.
    let run = run_builder(&guide, &out);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{run:?}");
    assert!(
        !out.join("old.html").exists(),
        "the new site is not in place"
    );
    assert!(
        stdout.starts_with("could not remove the previous site, now in ")
            && stdout
                .lines()
                .next()
                .is_some_and(|l| l.ends_with("the next build removes it")),
        "{stdout}"
    );
    let leftover: Vec<String> = names_in(dir.path())
        .into_iter()
        .filter(|name| name.starts_with("site.tmp-"))
        .collect();
    assert_eq!(leftover.len(), 1, "{leftover:?}");
    let leftover = dir.path().join(&leftover[0]);
    assert!(
        leftover.join("style.css").is_file(),
        "the old site is not there"
    );

    chattr(&["-i"], &leftover.join("style.css"));
    let run = run_builder(&guide, &out);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.starts_with(&format!("removed leftover {}", leftover.display())),
        "{stdout}"
    );
    assert!(!leftover.exists());
}

/// A rebuild shares each file that did not change with the site it replaces (a hard link: the
/// same file, its modification time kept, so a sync sends only what changed) and writes each one
/// that did as a new file, so the replaced site never changes under a reader.
#[test]
fn a_rebuild_shares_unchanged_files_and_writes_changed_ones_anew() {
    use std::os::unix::fs::MetadataExt;

    let dir = tempfile::tempdir().expect("temp dir");
    let guide = guide_in(dir.path());
    let out = dir.path().join("site");
    build(&guide, &out).expect("first build");
    let inode = |path: &str| {
        std::fs::metadata(out.join(path))
            .unwrap_or_else(|err| panic!("{path}: {err}"))
            .ino()
    };
    let (basics, intake) = (inode("basics.html"), inode("intake.html"));
    let old_intake = std::fs::File::open(out.join("intake.html")).expect("open intake.html");
    let old_text = std::fs::read_to_string(out.join("intake.html")).expect("intake.html");

    let section = guide.join("sections/intake.md");
    let text = std::fs::read_to_string(&section).expect("intake.md");
    std::fs::write(&section, format!("{text}\n新增的一句话。\n")).expect("edit intake.md");
    build(&guide, &out).expect("second build");

    assert_eq!(inode("basics.html"), basics, "an unchanged page is shared");
    assert_ne!(inode("intake.html"), intake, "a changed page is a new file");
    let new_text = std::fs::read_to_string(out.join("intake.html")).expect("intake.html");
    assert!(new_text.contains("新增的一句话。"), "{new_text}");
    // Whoever had the old page open still reads the old page.
    let mut still = String::new();
    std::io::Read::read_to_string(&mut &old_intake, &mut still).expect("read old page");
    assert_eq!(still, old_text);
}
