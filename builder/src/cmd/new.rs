//! `builder new DIR`: a small guide that builds, to start a guide from.

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create (it may exist if it is empty).
    pub dir: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let written = builder::scaffold::create(&args.dir)?;
    let dir = args.dir.display();
    println!("created a guide of {} files in {dir}", written.len());
    println!("  preview it while you edit: builder serve --guide {dir}");
    println!("  build the site:            builder build --guide {dir} --out site");
    Ok(())
}
