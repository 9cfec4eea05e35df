//! What a stopped build leaves beside `--out`, dealt with by the next one: `<out>.tmp-<pid>`
//! (a new site half-written, or an old one not yet removed) and `<out>.old-<pid>` (the previous
//! site, moved aside by a build stopped between its two renames). Only folders that hold the
//! builder's marker and whose build is no longer running are touched.

use std::path::{Path, PathBuf};

use super::ownership;
use crate::error::BuildError;

/// A leftover folder beside `--out`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Leftover {
    path: PathBuf,
    /// `<out>.old-<pid>`: a previous site that was moved aside.
    previous_site: bool,
}

/// Puts a previous site back if `out` is missing, and removes the other leftovers. Returns one
/// note per folder handled; a leftover that cannot be removed is noted, not an error.
pub fn recover(parent: &Path, name: &str, out: &Path) -> Result<Vec<String>, BuildError> {
    let mut leftovers = find(parent, name)?;
    let mut notes = Vec::new();
    if std::fs::symlink_metadata(out).is_err() {
        // The newest previous site: pids are not ordered, modification times are.
        let newest = leftovers
            .iter()
            .enumerate()
            .filter(|(_, leftover)| leftover.previous_site)
            .max_by_key(|(_, leftover)| modified(&leftover.path))
            .map(|(index, _)| index);
        if let Some(index) = newest {
            let leftover = leftovers.remove(index);
            std::fs::rename(&leftover.path, out).map_err(|err| BuildError::io(out, err))?;
            notes.push(format!(
                "recovered the previous site from {}",
                leftover.path.display()
            ));
        }
    }
    for leftover in leftovers {
        notes.push(match std::fs::remove_dir_all(&leftover.path) {
            Ok(()) => format!("removed leftover {}", leftover.path.display()),
            Err(err) => format!(
                "could not remove leftover {} ({err})",
                leftover.path.display()
            ),
        });
    }
    Ok(notes)
}

/// The marked leftovers of builds that are no longer running, by name.
fn find(parent: &Path, name: &str) -> Result<Vec<Leftover>, BuildError> {
    let entries = match std::fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(err) => return Err(BuildError::io(parent, err)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|err| BuildError::io(parent, err))?;
        let file_name = entry.file_name();
        let Some((previous_site, pid)) = file_name.to_str().and_then(|n| parse(name, n)) else {
            continue;
        };
        let path = entry.path();
        let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_folder && !is_running(pid) && ownership::is_marked(&path) {
            found.push(Leftover {
                path,
                previous_site,
            });
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

/// `<name>.old-<pid>` → (true, pid), `<name>.tmp-<pid>` → (false, pid).
fn parse(name: &str, file_name: &str) -> Option<(bool, u32)> {
    let rest = file_name.strip_prefix(name)?.strip_prefix('.')?;
    let (kind, pid) = rest.split_once('-')?;
    let previous_site = match kind {
        "old" => true,
        "tmp" => false,
        _ => return None,
    };
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((previous_site, pid.parse().ok()?))
}

fn modified(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// Whether process `pid` runs: then its folders are its own (this one's are never leftovers).
#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    use rustix::process::{test_kill_process, Pid};
    if pid == std::process::id() {
        return true;
    }
    let Some(pid) = i32::try_from(pid).ok().and_then(Pid::from_raw) else {
        return false;
    };
    // Signal 0 only asks; EPERM means it runs under another user.
    !matches!(test_kill_process(pid), Err(rustix::io::Errno::SRCH))
}

#[cfg(not(unix))]
fn is_running(pid: u32) -> bool {
    pid == std::process::id()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names_are_recognised() {
        assert_eq!(parse("site", "site.old-1234"), Some((true, 1234)));
        assert_eq!(parse("site", "site.tmp-99"), Some((false, 99)));
        for other in [
            "site",
            "site.old-",
            "site.old-12a",
            "site.bak-1",
            "sites.old-1",
            "x.tmp-1",
        ] {
            assert_eq!(parse("site", other), None, "{other}");
        }
    }

    #[test]
    fn this_process_and_init_run_and_an_impossible_pid_does_not() {
        assert!(is_running(std::process::id()));
        assert!(is_running(1));
        // Linux pids stay below pid_max, which is at most 2^22.
        assert!(!is_running(4_194_304));
    }
}
