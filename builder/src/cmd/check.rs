//! `builder check`: every mistake `build` would stop at, all in one run, nothing written.

use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The guide folder to check.
    #[arg(long, default_value = "guide")]
    pub guide: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let report = builder::check::check(&args.guide);
    // One line each, naming file and line, as `build` prints its error.
    for problem in &report.problems {
        eprintln!("error: {problem}");
    }
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    if report.is_ok() {
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "checked {}: {} pages, no mistakes (nothing written)",
            args.guide.display(),
            report.pages
        )?;
        return Ok(());
    }
    anyhow::bail!(
        "{} mistake{} in {} (nothing written)",
        report.count(),
        if report.count() == 1 { "" } else { "s" },
        args.guide.display()
    )
}
