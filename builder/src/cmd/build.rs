//! `builder build`: build the site and print a short report.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The guide folder (guide.toml, index.md, sections/, faq/, optional theme/).
    #[arg(long, default_value = "guide")]
    pub guide: PathBuf,
    /// The output folder; replaced as a whole once the new site is complete.
    #[arg(long, default_value = "site")]
    pub out: PathBuf,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let report = builder::build(&args.guide, &args.out)?;
    let elapsed = started.elapsed();
    let mut out = std::io::stdout().lock();
    for note in &report.notes {
        writeln!(out, "{note}")?;
    }
    writeln!(
        out,
        "built {} pages, {} files, {} bytes ({:.1} KiB) in {} ms → {}",
        report.pages,
        report.files.len(),
        report.bytes,
        report.bytes as f64 / 1024.0,
        elapsed.as_millis(),
        report.out.display()
    )?;
    for budget in &report.budgets {
        writeln!(out, "  {budget}")?;
    }
    if !report.files.iter().any(|(path, _)| path == "sitemap.xml") {
        writeln!(
            out,
            "note: guide.toml has no base_url (the site's public address): no sitemap.xml, canonical links or Open Graph tags"
        )?;
    }
    Ok(())
}
