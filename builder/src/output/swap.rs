//! Putting the complete new site in place of the old one. Where the file system can exchange
//! two folders in one step (Linux `renameat2(RENAME_EXCHANGE)`), `--out` is never missing, not
//! even for an instant; elsewhere two renames do it, and a build stopped between them leaves
//! the previous site in `<out>.old-<pid>` for the next build to put back
//! ([`super::leftovers`]). Until the new site is in place any failure undoes what was done, so
//! an error always leaves `--out` as it was; after that nothing is an error any more.

use std::io;
use std::path::Path;

use crate::error::BuildError;

/// The file-system steps of a swap, apart so that tests can make any of them fail.
pub trait Steps {
    /// Exchanges two existing folders atomically; `ErrorKind::Unsupported` where it cannot.
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn remove_dir_all(&self, path: &Path) -> io::Result<()>;
}

/// The real file system.
pub struct FileSystem;

impl Steps for FileSystem {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
    }

    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    fn exchange(&self, _: &Path, _: &Path) -> io::Result<()> {
        Err(io::ErrorKind::Unsupported.into())
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_dir_all(path)
    }
}

/// Puts the folder `staging` at `out` (which may exist), using `previous` as the place for the
/// old site if two renames are needed. Returns notes for the maintainer. On error `out` is as
/// it was and `staging` is gone.
pub fn swap_in(
    steps: &impl Steps,
    staging: &Path,
    out: &Path,
    previous: &Path,
) -> Result<Vec<String>, BuildError> {
    let discard_staging = || {
        let _ = steps.remove_dir_all(staging);
    };
    if std::fs::symlink_metadata(out).is_err() {
        return match steps.rename(staging, out) {
            Ok(()) => Ok(Vec::new()),
            Err(err) => {
                discard_staging();
                Err(BuildError::io(out, err))
            }
        };
    }
    let old_site = match steps.exchange(staging, out) {
        Ok(()) => staging,
        Err(err) if cannot_exchange(&err) => {
            swap_by_renames(steps, staging, out, previous)?;
            previous
        }
        Err(err) => {
            discard_staging();
            return Err(BuildError::io(out, err));
        }
    };
    // The new site is in place: the build has succeeded whatever happens to the old one.
    Ok(match steps.remove_dir_all(old_site) {
        Ok(()) => Vec::new(),
        Err(err) => vec![format!(
            "could not remove the previous site, now in {} ({err}); the next build removes it",
            old_site.display()
        )],
    })
}

/// Whether an exchange failed only because this system or file system has none.
fn cannot_exchange(err: &io::Error) -> bool {
    // EINVAL: a file system without RENAME_EXCHANGE; ENOSYS, EOPNOTSUPP: a kernel without it.
    matches!(
        err.kind(),
        io::ErrorKind::Unsupported | io::ErrorKind::InvalidInput
    )
}

fn swap_by_renames(
    steps: &impl Steps,
    staging: &Path,
    out: &Path,
    previous: &Path,
) -> Result<(), BuildError> {
    if let Err(err) = steps.rename(out, previous) {
        let _ = steps.remove_dir_all(staging);
        return Err(BuildError::io(out, err));
    }
    if let Err(err) = steps.rename(staging, out) {
        let _ = steps.remove_dir_all(staging);
        return Err(match steps.rename(previous, out) {
            Ok(()) => BuildError::io(out, err),
            Err(_) => BuildError::Output {
                path: out.to_path_buf(),
                message: format!(
                    "{err}; the previous site is in {} and the next build puts it back",
                    previous.display()
                ),
            },
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// The real file system, except that the calls numbered `failing` (from 1) of the step
    /// named `fail` fail, and exchanging is unsupported if `no_exchange`.
    struct Failing {
        fail: &'static str,
        failing: &'static [usize],
        no_exchange: bool,
        calls: Cell<usize>,
    }

    impl Failing {
        fn new(fail: &'static str, failing: &'static [usize], no_exchange: bool) -> Self {
            Failing {
                fail,
                failing,
                no_exchange,
                calls: Cell::new(0),
            }
        }

        fn step(&self, name: &str) -> io::Result<()> {
            if name != self.fail {
                return Ok(());
            }
            self.calls.set(self.calls.get() + 1);
            if self.failing.contains(&self.calls.get()) {
                return Err(io::Error::new(
                    io::ErrorKind::PermissionDenied,
                    "permission denied",
                ));
            }
            Ok(())
        }
    }

    impl Steps for Failing {
        fn exchange(&self, a: &Path, b: &Path) -> io::Result<()> {
            if self.no_exchange {
                return Err(io::ErrorKind::Unsupported.into());
            }
            self.step("exchange")?;
            FileSystem.exchange(a, b)
        }

        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            self.step("rename")?;
            FileSystem.rename(from, to)
        }

        fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
            self.step("remove")?;
            FileSystem.remove_dir_all(path)
        }
    }

    /// A folder beside an old site `out` and a new one `staging`, each with one file saying so.
    fn scene() -> (tempfile::TempDir, [std::path::PathBuf; 3]) {
        let dir = tempfile::tempdir().expect("temp dir");
        let [out, staging, previous] =
            ["site", "site.tmp-1", "site.old-1"].map(|name| dir.path().join(name));
        for (folder, text) in [(&out, "old"), (&staging, "new")] {
            std::fs::create_dir(folder).expect("folder");
            std::fs::write(folder.join("index.html"), text).expect("page");
        }
        (dir, [out, staging, previous])
    }

    fn site_in(folder: &Path) -> String {
        std::fs::read_to_string(folder.join("index.html")).unwrap_or_default()
    }

    fn names(dir: &Path) -> Vec<String> {
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

    #[test]
    fn a_failed_swap_leaves_the_output_exactly_as_it_was() {
        let failures = [
            Failing::new("exchange", &[1], false),
            Failing::new("rename", &[1], true),
            Failing::new("rename", &[2], true),
        ];
        for steps in failures {
            let (dir, [out, staging, previous]) = scene();
            let result = swap_in(&steps, &staging, &out, &previous);
            let case = format!("{} {:?}", steps.fail, steps.failing);
            assert!(result.is_err(), "{case}");
            assert_eq!(site_in(&out), "old", "{case}");
            assert_eq!(names(dir.path()), ["site"], "{case}");
        }
    }

    #[test]
    fn an_old_site_that_cannot_be_put_back_is_named() {
        let (_dir, [out, staging, previous]) = scene();
        let steps = Failing::new("rename", &[2, 3], true);
        let message = swap_in(&steps, &staging, &out, &previous)
            .expect_err("fails")
            .to_string();
        assert!(
            message.contains(&format!(
                "the previous site is in {} and the next build puts it back",
                previous.display()
            )),
            "{message}"
        );
        assert_eq!(site_in(&previous), "old");
        assert!(!staging.exists());
    }

    #[test]
    fn once_the_new_site_is_in_place_the_build_has_succeeded() {
        // The old site cannot be removed (it holds a file that may not be deleted): the new
        // site stays and a note says where the old one is.
        for no_exchange in [false, true] {
            let (dir, [out, staging, previous]) = scene();
            let steps = Failing::new("remove", &[1], no_exchange);
            let notes = swap_in(&steps, &staging, &out, &previous).expect("swapped");
            assert_eq!(site_in(&out), "new");
            let left = if no_exchange { &previous } else { &staging };
            assert_eq!(site_in(left), "old");
            assert_eq!(notes.len(), 1, "{notes:?}");
            assert!(notes[0].contains(&left.display().to_string()), "{notes:?}");
            assert_eq!(names(dir.path()).len(), 2);
        }
    }

    #[test]
    fn both_ways_of_swapping_replace_the_site() {
        for no_exchange in [false, true] {
            let (dir, [out, staging, previous]) = scene();
            let steps = Failing::new("none", &[], no_exchange);
            let notes = swap_in(&steps, &staging, &out, &previous).expect("swapped");
            assert!(notes.is_empty(), "{notes:?}");
            assert_eq!(site_in(&out), "new");
            assert_eq!(names(dir.path()), ["site"]);
        }
    }
}
