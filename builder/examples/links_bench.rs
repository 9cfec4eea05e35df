//! How the build scales with the number of links. For each count it writes a copy of the
//! minimal test guide with one extra page holding a table of that many internal links, then
//! prints how long the whole build takes and, of that, assembling the site (rendering,
//! finding each link's source line, checking every link and anchor).
//!
//! ```sh
//! cargo run --release -p builder --example links_bench            # 2,000 and 20,000 links
//! cargo run --release -p builder --example links_bench -- 500 5000
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

/// Link targets of the minimal guide, used in turn.
const TARGETS: [&str; 4] = [
    "basics.html#education",
    "intake.html#intake-time",
    "faq.html#summary",
    "index.html",
];

fn main() -> anyhow::Result<()> {
    let counts: Vec<usize> = match std::env::args().skip(1).collect::<Vec<_>>() {
        args if args.is_empty() => vec![2_000, 20_000],
        args => args
            .iter()
            .map(|arg| arg.parse().with_context(|| format!("not a count: {arg}")))
            .collect::<Result<_, _>>()?,
    };
    for count in counts {
        let dir = tempfile::tempdir()?;
        let guide = dir.path().join("guide");
        write_guide(&guide, count)?;
        let assemble = time_assemble(&guide)?;
        let started = Instant::now();
        builder::build(&guide, &dir.path().join("site"))?;
        let build = started.elapsed();
        println!(
            "{count:>7} links: build {:>9.1} ms, of which assembling (render + link check) {:>9.1} ms",
            millis(build),
            millis(assemble)
        );
    }
    Ok(())
}

fn time_assemble(guide: &Path) -> anyhow::Result<Duration> {
    let config = builder::config::load(&guide.join("guide.toml"))?;
    let theme = builder::templates::Theme::load(guide)?;
    let content = builder::content::load(guide)?;
    let checker = builder::checker_page::load(guide)?;
    let started = Instant::now();
    builder::site::assemble(&config, &content, &checker, &theme)?;
    Ok(started.elapsed())
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The minimal test guide plus `sections/links.md` with `count` links in a table.
fn write_guide(guide: &Path, count: usize) -> anyhow::Result<()> {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/valid-minimal");
    copy_dir(&fixture, guide)?;
    let mut page = String::from(
        "+++\nid = \"links\"\ntitle = \"链接\"\nchapter = \"二、链接\"\norder = 30\ndescription = \"许多链接。\"\n+++\n\n| 序号 | 链接 |\n|---|---|\n",
    );
    for n in 0..count {
        let target = TARGETS[n % TARGETS.len()];
        page.push_str(&format!("| {n} | [第{n}项]({target}) |\n"));
    }
    std::fs::write(guide.join("sections/links.md"), page)?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
