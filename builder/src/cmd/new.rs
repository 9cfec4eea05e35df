//! `builder new DIR`: a small guide that builds, to start a guide from.

use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create (it may exist if it is empty).
    pub dir: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let written = builder::scaffold::create(&args.dir)?;
    let dir = args.dir.display();
    let mut out = std::io::stdout().lock();
    writeln!(out, "created a guide of {} files in {dir}", written.len())?;
    writeln!(
        out,
        "  preview it while you edit: builder serve --guide {dir}"
    )?;
    writeln!(
        out,
        "  build the site:            builder build --guide {dir} --out site"
    )?;
    Ok(())
}
