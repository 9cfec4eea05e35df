//! Lighthouse (from npm, `tests/audit`, installed by `tests/run` with `npm ci`) on every page of
//! the built site, served from a sub-path on 127.0.0.1, with its mobile defaults: performance,
//! accessibility, best practices and SEO must each score 100, and the layout must not shift.
//!
//! Lighthouse's performance score is simulated from one page load and varies a little from run
//! to run, so a page below 100 is measured once more and its better run counts. `404.html` is
//! left out: it tells search engines not to index it (`noindex`), which the SEO category counts
//! against it by design.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};
use e2e::StaticServer;
use serde_json::Value;

const CATEGORIES: [&str; 4] = ["performance", "accessibility", "best-practices", "seo"];

fn lighthouse_cli() -> Result<std::path::PathBuf> {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("../audit/node_modules/.bin/lighthouse");
    if !cli.exists() {
        bail!(
            "{} is missing: run `npm ci` in tests/audit (tests/run does)",
            cli.display()
        );
    }
    Ok(cli)
}

/// One page's scores (0–100 each, in `CATEGORIES` order) and its cumulative layout shift.
fn audit(cli: &Path, url: &str, profile: &Path) -> Result<(Vec<u32>, f64)> {
    let flags = format!(
        "--headless=new --no-sandbox --disable-gpu --disable-background-networking \
         --disable-component-update --disable-sync --no-first-run --user-data-dir={}",
        profile.display()
    );
    let output = Command::new(cli)
        .arg(url)
        .args(["--quiet", "--output=json", "--output-path=stdout"])
        .arg(format!("--only-categories={}", CATEGORIES.join(",")))
        .arg(format!("--chrome-flags={flags}"))
        .env("CHROME_PATH", "/usr/bin/chromium")
        .output()
        .context("running lighthouse")?;
    if !output.status.success() {
        bail!(
            "lighthouse failed on {url}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let report: Value = serde_json::from_slice(&output.stdout).context("lighthouse's JSON")?;
    let scores = CATEGORIES
        .iter()
        .map(|category| {
            report["categories"][category]["score"]
                .as_f64()
                .map(|score| (score * 100.0).round() as u32)
                .with_context(|| format!("{url}: no {category} score"))
        })
        .collect::<Result<Vec<_>>>()?;
    let shift = report["audits"]["cumulative-layout-shift"]["numericValue"]
        .as_f64()
        .with_context(|| format!("{url}: no layout shift"))?;
    Ok((scores, shift))
}

#[test]
fn every_page_scores_100_in_all_four_lighthouse_categories_on_mobile() -> Result<()> {
    let cli = lighthouse_cli()?;
    let site = e2e::site::shipped_site(Path::new(env!("CARGO_TARGET_TMPDIR")))?;
    let server = StaticServer::start(site)?;
    let mut pages: Vec<String> = std::fs::read_dir(site)?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".html") && name != "404.html")
        .collect();
    pages.sort();
    assert!(pages.len() >= 10, "{pages:?}");

    let mut failures = Vec::new();
    for page in &pages {
        let url = server.url(page);
        let mut best: Option<(Vec<u32>, f64)> = None;
        for _attempt in 0..2 {
            let profile = tempfile::tempdir()?;
            let run = audit(&cli, &url, profile.path())?;
            let total = |r: &(Vec<u32>, f64)| r.0.iter().sum::<u32>();
            if best.as_ref().is_none_or(|b| total(&run) > total(b)) {
                best = Some(run);
            }
            if best.as_ref().is_some_and(|b| total(b) == 400) {
                break;
            }
        }
        let (scores, shift) = best.context("no lighthouse run")?;
        println!("{page}: {scores:?} (performance, accessibility, best practices, SEO), layout shift {shift}");
        if scores.iter().any(|&score| score < 100) || shift > 0.0 {
            failures.push(format!("{page}: {scores:?}, layout shift {shift}"));
        }
    }
    if !failures.is_empty() {
        bail!("below 100 or shifting:\n{}", failures.join("\n"));
    }
    Ok(())
}
