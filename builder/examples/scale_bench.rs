//! How the build scales with the number of pages: generates Chinese guides of N pages (the real
//! guide's seven sections plus generated ones made of its sentences, each with headings, a
//! list, a table and 5 links to other pages), runs the release `builder` binary on each several
//! times and prints the median wall time, the time per page and the peak memory (max RSS).
//!
//! ```sh
//! cargo build --release -p builder
//! cargo run --release -p builder --example scale_bench                   # guide, 500 … 8000
//! cargo run --release -p builder --example scale_bench -- --sizes 1000,2000 --runs 3
//! ZOLA=/path/to/zola cargo run --release -p builder --example scale_bench   # and Zola
//! cargo run --release -p builder --example scale_bench -- --sizes 2000 --keep /tmp/scale --fresh
//! ```
//!
//! `guide` as a size is the real guide (`guide/`). With `--zola PATH` (or `ZOLA=PATH`) the same
//! pages are also written as a minimal Zola site (`config.toml`, `content/*.md` with front
//! matter, `templates/` whose index lists the table of contents grouped by chapter and whose
//! page template shows breadcrumb, content and prev/next) and built with `zola build` the same
//! way. `--keep DIR` writes the generated guides and Zola sites there instead of a temporary
//! folder. Each run replaces the output of the one before (a rebuild, what follows an edit:
//! `builder` then writes only the files that changed, `zola build --force` everything); with
//! `--fresh` each run writes into a folder that does not exist yet (a first build). Before each
//! run `sync` writes back what earlier runs left in the page cache. Peak memory comes from GNU
//! time (`/usr/bin/time -f %M`), which reads the child's `wait4` rusage.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

/// Pages per chapter of the generated guides.
const CHAPTER_PAGES: usize = 20;

struct Options {
    sizes: Vec<Size>,
    runs: usize,
    builder: PathBuf,
    zola: Option<PathBuf>,
    keep: Option<PathBuf>,
    fresh: bool,
}

#[derive(Clone, Copy)]
enum Size {
    /// The real guide, `guide/`.
    Real,
    /// A generated guide of this many section pages.
    Pages(usize),
}

/// One tool's figures at one size.
struct Figures {
    median: Duration,
    peak_kib: Option<u64>,
}

fn main() -> anyhow::Result<()> {
    let options = options()?;
    let text = Text::load(&workspace().join("guide"))?;
    let temp = tempfile::tempdir()?;
    let root = options.keep.clone().unwrap_or_else(|| temp.path().into());
    println!(
        "{} runs each, {}; median wall time; peak = max RSS of the runs ({} cores)",
        options.runs,
        match options.fresh {
            true => "each into a new output folder",
            false => "each replacing the previous output",
        },
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>8} {:>7} | {:>10} {:>9} {:>9} | {:>10} {:>9} {:>9} | {:>6}",
        "size", "pages", "ours", "per page", "peak", "zola", "per page", "peak", "ours/zola"
    );
    for &size in &options.sizes {
        let dir = root.join(match size {
            Size::Real => "guide".to_string(),
            Size::Pages(n) => format!("pages-{n}"),
        });
        std::fs::create_dir_all(&dir)?;
        let guide = match size {
            Size::Real => workspace().join("guide"),
            Size::Pages(n) => {
                let guide = dir.join("guide");
                write_guide(&guide, &text, n)?;
                guide
            }
        };
        let pages = count_pages(&guide)?;
        // Run 0 is the warm-up. A rebuild replaces the same output folder (the build after an
        // edit); with --fresh every run writes a folder of its own, kept until the bench ends
        // (removing it between runs would make the file system's inode allocation slower for
        // the next run: ext4 without a journal skips recently freed inodes).
        let output = |name: &str, run: usize| match options.fresh {
            // Named after this process too: with --keep, an earlier bench's folders stay.
            true => format!("{name}-{}-{run}", std::process::id()),
            false => name.to_string(),
        };
        let ours = measure(options.runs, |run| {
            let mut command = Command::new(&options.builder);
            command.arg("build").arg("--guide").arg(&guide).arg("--out");
            command.arg(dir.join(output("site", run)));
            command
        })?;
        let zola = match &options.zola {
            Some(zola) => {
                let zola_site = dir.join("zola");
                write_zola_site(&zola_site, &guide)?;
                Some(measure(options.runs, |run| {
                    let mut command = Command::new(zola);
                    command.arg("--root").arg(&zola_site).arg("build");
                    command.arg("--force").arg("--output-dir");
                    command.arg(zola_site.join(output("public", run)));
                    command
                })?)
            }
            None => None,
        };
        print_row(size, pages, &ours, zola.as_ref());
        // The fresh runs' folders go once the size is measured: with --keep on tmpfs, those of
        // every earlier bench filled the memory the builds then ran short of.
        if options.fresh {
            for run in 0..=options.runs {
                for folder in [
                    dir.join(output("site", run)),
                    dir.join("zola").join(output("public", run)),
                ] {
                    if folder.exists() {
                        std::fs::remove_dir_all(&folder)
                            .with_context(|| format!("removing {}", folder.display()))?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn options() -> anyhow::Result<Options> {
    let mut options = Options {
        sizes: vec![
            Size::Real,
            Size::Pages(500),
            Size::Pages(1_000),
            Size::Pages(2_000),
            Size::Pages(8_000),
        ],
        runs: 5,
        builder: std::env::current_exe()?
            .parent()
            .and_then(Path::parent)
            .context("no folder above the example")?
            .join(format!("builder{}", std::env::consts::EXE_SUFFIX)),
        zola: std::env::var_os("ZOLA").map(PathBuf::from),
        keep: None,
        fresh: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--sizes" => {
                options.sizes = value()?
                    .split(',')
                    .map(|size| match size {
                        "guide" => Ok(Size::Real),
                        n => n
                            .parse()
                            .map(Size::Pages)
                            .with_context(|| format!("not a size: {n}")),
                    })
                    .collect::<anyhow::Result<_>>()?;
            }
            "--runs" => options.runs = value()?.parse().context("--runs")?,
            "--builder" => options.builder = value()?.into(),
            "--zola" => options.zola = Some(value()?.into()),
            "--keep" => options.keep = Some(value()?.into()),
            "--fresh" => options.fresh = true,
            other => bail!(
                "unknown argument {other} (--sizes guide,500,… --runs N --builder PATH --zola PATH --keep DIR --fresh)"
            ),
        }
    }
    if !options.builder.is_file() {
        bail!(
            "no builder binary at {} (run `cargo build --release -p builder` first, or pass --builder)",
            options.builder.display()
        );
    }
    if options.runs == 0 {
        bail!("--runs must be at least 1");
    }
    Ok(options)
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs the command once to warm up (and to have an output folder to replace), then `runs`
/// times under GNU time.
fn measure(runs: usize, command: impl Fn(usize) -> Command) -> anyhow::Result<Figures> {
    run_quietly(command(0))?;
    let time = Path::new("/usr/bin/time");
    let rss_file = tempfile::NamedTempFile::new()?;
    let mut times = Vec::new();
    let mut peak_kib = None;
    for run in 1..=runs {
        let inner = command(run);
        let timed = if time.is_file() {
            let mut timed = Command::new(time);
            timed.arg("-f").arg("%M").arg("-o").arg(rss_file.path());
            timed.arg(inner.get_program()).args(inner.get_args());
            timed
        } else {
            inner
        };
        settle();
        let started = Instant::now();
        run_quietly(timed)?;
        times.push(started.elapsed());
        if time.is_file() {
            let text = std::fs::read_to_string(rss_file.path())?;
            let kib: u64 = text
                .trim()
                .lines()
                .last()
                .unwrap_or_default()
                .parse()
                .with_context(|| format!("GNU time wrote {text:?}"))?;
            peak_kib = Some(peak_kib.unwrap_or(0).max(kib));
        }
    }
    times.sort();
    Ok(Figures {
        median: times[times.len() / 2],
        peak_kib,
    })
}

/// Flushes what earlier runs (and the guide's generation) left to be written back, as
/// `hyperfine --prepare sync` does, so that no run pays for the writing of another.
fn settle() {
    let _ = Command::new("sync").status();
}

fn run_quietly(mut command: Command) -> anyhow::Result<()> {
    let output = command
        .output()
        .with_context(|| format!("cannot run {:?}", command.get_program()))?;
    if !output.status.success() {
        bail!(
            "{:?} failed: {}{}",
            command,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

fn print_row(size: Size, pages: usize, ours: &Figures, zola: Option<&Figures>) {
    let label = match size {
        Size::Real => "guide".to_string(),
        Size::Pages(n) => n.to_string(),
    };
    let cells = |figures: &Figures| {
        let seconds = figures.median.as_secs_f64();
        format!(
            "{:>8.3} s {:>6.3} ms {:>5} MiB",
            seconds,
            seconds * 1000.0 / pages as f64,
            figures
                .peak_kib
                .map_or("?".to_string(), |kib| format!("{:.0}", kib as f64 / 1024.0))
        )
    };
    let (zola_cells, ratio) = match zola {
        Some(zola) => (
            cells(zola),
            format!(
                "{:.2}",
                ours.median.as_secs_f64() / zola.median.as_secs_f64()
            ),
        ),
        None => (format!("{:>32}", "—"), "—".to_string()),
    };
    println!(
        "{label:>8} {pages:>7} | {} | {zola_cells} | {ratio:>6}",
        cells(ours)
    );
}

/// The section pages of a guide (the home, FAQ and checker pages are not counted).
fn count_pages(guide: &Path) -> anyhow::Result<usize> {
    Ok(std::fs::read_dir(guide.join("sections"))?.count())
}

/// The real guide's words, cut into pieces the generated pages are made of.
struct Text {
    /// The real guide's sections: (id, front matter, body).
    sections: Vec<(String, String, String)>,
    sentences: Vec<String>,
    items: Vec<String>,
    titles: Vec<String>,
    descriptions: Vec<String>,
    chapters: Vec<String>,
}

impl Text {
    fn load(guide: &Path) -> anyhow::Result<Text> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(guide.join("sections"))?
            .map(|entry| entry.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        files.sort();
        let mut text = Text {
            sections: Vec::new(),
            sentences: Vec::new(),
            items: Vec::new(),
            titles: Vec::new(),
            descriptions: Vec::new(),
            chapters: Vec::new(),
        };
        for file in files {
            let source = std::fs::read_to_string(&file)?;
            let (front, body) = source
                .strip_prefix("+++\n")
                .and_then(|rest| rest.split_once("\n+++\n"))
                .with_context(|| format!("{}: no front matter", file.display()))?;
            let field = |key: &str| {
                front
                    .lines()
                    .find_map(|line| line.strip_prefix(&format!("{key} = \"")))
                    .map(|value| value.trim_end_matches('"').to_string())
                    .with_context(|| format!("{}: no {key}", file.display()))
            };
            text.sections
                .push((field("id")?, front.to_string(), body.to_string()));
            text.titles.push(field("title")?);
            text.descriptions.push(plain(&field("description")?));
            let chapter = field("chapter")?;
            let chapter = chapter.split_once('、').map_or(&*chapter, |(_, c)| c);
            if !text.chapters.iter().any(|c| c == chapter) {
                text.chapters.push(chapter.to_string());
            }
            for line in plain(body).lines().map(str::trim) {
                if let Some(item) = line
                    .strip_prefix("- ")
                    .or_else(|| line.split_once(". ").map(|(_, item)| item))
                    .filter(|_| line.starts_with(|c: char| c == '-' || c.is_ascii_digit()))
                {
                    text.items.push(item.to_string());
                } else if !line.is_empty() && !line.starts_with(['#', '|']) {
                    text.sentences.push(line.to_string());
                }
            }
        }
        if text.sentences.is_empty() || text.items.is_empty() {
            bail!("the guide's sections have no paragraphs or list items to draw from");
        }
        Ok(text)
    }

    fn pick(list: &[String], n: usize) -> &str {
        &list[n % list.len()]
    }
}

/// Markdown without template expressions, links (their text kept) or heading anchors: the
/// generated pages add their own five links.
fn plain(markdown: &str) -> String {
    rewrite(markdown, false, |label, _| label.to_string())
}

/// `markdown` with every template expression replaced by `3`, each heading anchor `{#id}` kept
/// or dropped, and each link `[label](target)` replaced by what `link` makes of it.
fn rewrite(
    markdown: &str,
    keep_anchors: bool,
    mut link: impl FnMut(&str, &str) -> String,
) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(start) = rest.find(['{', '[']) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        if let Some(expr) = tail.strip_prefix("{{") {
            out.push('3');
            rest = expr.find("}}").map_or("", |end| &expr[end + 2..]);
        } else if let Some(anchor) = tail.strip_prefix("{#").filter(|_| !keep_anchors) {
            rest = anchor.find('}').map_or("", |end| &anchor[end + 1..]);
        } else if let Some((label, after)) = tail[1..]
            .split_once("](")
            .filter(|(label, _)| !label.contains(['[', '\n']))
        {
            let end = after.find(')').unwrap_or(after.len());
            out.push_str(&link(label, &after[..end]));
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The real guide (guide.toml with a `base_url` added, home, FAQ, checker page, its seven
/// sections) plus generated sections up to `pages` section pages.
fn write_guide(guide: &Path, text: &Text, pages: usize) -> anyhow::Result<()> {
    let real = workspace().join("guide");
    if guide.exists() {
        std::fs::remove_dir_all(guide)?;
    }
    std::fs::create_dir_all(guide.join("sections"))?;
    std::fs::create_dir_all(guide.join("faq"))?;
    for file in ["index.md", "checker.md"] {
        std::fs::copy(real.join(file), guide.join(file))?;
    }
    // A public address, as Zola's config has: both tools then write a sitemap, and ours the
    // canonical links and Open Graph tags a published guide has.
    let config = std::fs::read_to_string(real.join("guide.toml"))?;
    let config = match config.lines().any(|line| line.starts_with("base_url")) {
        true => config,
        false => format!("base_url = \"https://example.org/\"\n{config}"),
    };
    std::fs::write(guide.join("guide.toml"), config)?;
    for entry in std::fs::read_dir(real.join("faq"))? {
        let entry = entry?;
        std::fs::copy(entry.path(), guide.join("faq").join(entry.file_name()))?;
    }
    for (n, (id, front, body)) in text.sections.iter().enumerate().take(pages) {
        std::fs::write(
            guide.join(format!("sections/{:05}-{id}.md", n)),
            format!("+++\n{front}\n+++\n{body}"),
        )?;
    }
    let real_count = text.sections.len().min(pages);
    for k in real_count..pages {
        let generated = k - real_count;
        let chapter = generated / CHAPTER_PAGES;
        let page = generated_page(text, k, pages, real_count, |target, anchor| {
            format!("page-{target:05}.html#{anchor}")
        });
        std::fs::write(
            guide.join(format!("sections/{k:05}-page-{k:05}.md")),
            format!(
                "+++\nid = \"page-{k:05}\"\ntitle = \"{}\"\nchapter = \"第{}章 {}\"\norder = {}\ndescription = \"{}\"\n+++\n{}",
                page.title,
                chapter + 1,
                Text::pick(&text.chapters, chapter),
                1000 + k,
                page.description,
                page.body
            ),
        )?;
    }
    Ok(())
}

struct Page {
    title: String,
    description: String,
    body: String,
}

/// Generated page `k` of a guide of `pages` pages (`first` is the first generated one): two
/// paragraphs, three headings with anchors, a numbered list, a table and 5 links to other
/// generated pages written by `link(page, anchor)`.
fn generated_page(
    text: &Text,
    k: usize,
    pages: usize,
    first: usize,
    link: impl Fn(usize, &str) -> String,
) -> Page {
    let sentence = |i: usize| Text::pick(&text.sentences, k * 5 + i);
    let item = |i: usize| Text::pick(&text.items, k * 3 + i);
    let mut body = format!(
        "\n{}{}\n\n## {} {{#part-1}}\n\n{}\n\n",
        sentence(0),
        sentence(1),
        Text::pick(&text.titles, k + 1),
        sentence(2)
    );
    for i in 0..4 {
        body.push_str(&format!("{}. {}\n", i + 1, item(i)));
    }
    body.push_str(&format!(
        "\n## {} {{#part-2}}\n\n| 项目 | 说明 |\n|---|---|\n",
        Text::pick(&text.titles, k + 2)
    ));
    for i in 0..4 {
        let cell = |s: &str| s.replace('|', "｜");
        body.push_str(&format!(
            "| {} | {} |\n",
            cell(Text::pick(&text.titles, k + i)),
            cell(item(i + 4))
        ));
    }
    body.push_str(&format!("\n## 相关页面 {{#part-3}}\n\n{}\n\n", sentence(3)));
    let generated = pages - first;
    for (i, step) in [1, 7, 31, generated / 2, generated.saturating_sub(1)]
        .into_iter()
        .enumerate()
    {
        let target = first + (k - first + step.max(1)) % generated.max(1);
        let anchor = ["part-1", "part-2", "part-3"][i % 3];
        body.push_str(&format!(
            "- [{}]({})\n",
            Text::pick(&text.titles, target),
            link(target, anchor)
        ));
    }
    Page {
        title: format!("{}（{}）", Text::pick(&text.titles, k), k + 1),
        description: Text::pick(&text.descriptions, k).to_string(),
        body,
    }
}

/// The same pages as the guide `guide` as a minimal Zola site: every section a page of the
/// root section, sorted by weight, chapter in `extra`; links as Zola's `@/…md` internal links
/// (which Zola checks); the real sections' template expressions replaced as in [`plain`].
fn write_zola_site(site: &Path, guide: &Path) -> anyhow::Result<()> {
    if site.exists() {
        std::fs::remove_dir_all(site)?;
    }
    std::fs::create_dir_all(site.join("content"))?;
    std::fs::create_dir_all(site.join("templates"))?;
    std::fs::write(
        site.join("config.toml"),
        "base_url = \"https://example.org\"\ntitle = \"苏州市职称初定申报操作指南\"\ndefault_language = \"zh\"\ncompile_sass = false\nbuild_search_index = false\n\n[markdown]\n",
    )?;
    std::fs::write(
        site.join("content/_index.md"),
        "+++\ntitle = \"苏州市职称初定申报操作指南\"\nsort_by = \"weight\"\n+++\n\n这份指南写给在苏州市工作并缴纳社保的专业技术人员。\n",
    )?;
    std::fs::write(site.join("templates/base.html"), ZOLA_BASE)?;
    std::fs::write(site.join("templates/index.html"), ZOLA_INDEX)?;
    std::fs::write(site.join("templates/page.html"), ZOLA_PAGE)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(guide.join("sections"))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.sort();
    let ids: Vec<String> = files
        .iter()
        .map(|file| {
            let source = std::fs::read_to_string(file)?;
            Ok(field(&source, "id").unwrap_or_default())
        })
        .collect::<anyhow::Result<_>>()?;
    for file in &files {
        let source = std::fs::read_to_string(file)?;
        let (front, body) = source
            .strip_prefix("+++\n")
            .and_then(|rest| rest.split_once("\n+++\n"))
            .with_context(|| format!("{}: no front matter", file.display()))?;
        let id = field(&source, "id").unwrap_or_default();
        let weight = field_raw(front, "order").unwrap_or_default();
        let body = zola_body(body, &ids);
        std::fs::write(
            site.join(format!("content/{id}.md")),
            format!(
                "+++\ntitle = \"{}\"\ndescription = \"{}\"\nweight = {weight}\n\n[extra]\nchapter = \"{}\"\n+++\n{body}",
                plain(&field(&source, "title").unwrap_or_default()),
                plain(&field(&source, "description").unwrap_or_default()),
                plain(&field(&source, "chapter").unwrap_or_default()),
            ),
        )?;
    }
    Ok(())
}

fn field(source: &str, key: &str) -> Option<String> {
    field_raw(source, key).map(|value| value.trim_matches('"').to_string())
}

fn field_raw(source: &str, key: &str) -> Option<String> {
    source
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{key} = ")))
        .map(str::to_string)
}

/// A guide body for Zola: template expressions replaced, links to sections as `@/<id>.md`,
/// links to the builder's own pages (checker, FAQ) as their text.
fn zola_body(body: &str, ids: &[String]) -> String {
    rewrite(body, true, |label, target| {
        let (page, anchor) = target.split_once('#').unwrap_or((target, ""));
        let id = page.trim_end_matches(".html");
        if !ids.iter().any(|known| known == id) {
            return label.to_string();
        }
        let anchor = if anchor.is_empty() {
            String::new()
        } else {
            format!("#{anchor}")
        };
        format!("[{label}](@/{id}.md{anchor})")
    })
}

const ZOLA_BASE: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
<meta name="description" content="{% block description %}{{ config.title }}{% endblock %}">
</head>
<body>
<header class="site-header"><a class="site-title" href="{{ get_url(path="@/_index.md") }}">{{ config.title }}</a></header>
<main id="main">
{% block content %}{% endblock %}
</main>
<footer class="site-footer"><p>本站内容整理自《{{ config.title }}》，仅供参考。</p></footer>
</body>
</html>
"#;

const ZOLA_INDEX: &str = r#"{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<nav class="toc">
<h2 id="toc">目录</h2>
{% set_global chapter = "" %}
{% for page in section.pages %}{% if page.extra.chapter != chapter %}{% if chapter != "" %}</ol>
{% endif %}<h3>{{ page.extra.chapter }}</h3>
<ol>
{% set_global chapter = page.extra.chapter %}{% endif %}<li><a href="{{ page.permalink | safe }}">{{ page.title }}</a><span class="toc-description">{{ page.description }}</span></li>
{% endfor %}</ol>
</nav>
{% endblock %}
"#;

const ZOLA_PAGE: &str = r#"{% extends "base.html" %}
{% block title %}{{ page.title }} — {{ config.title }}{% endblock %}
{% block description %}{{ page.description }}{% endblock %}
{% block content %}
<nav class="breadcrumb"><ol><li><a href="{{ get_url(path="@/_index.md") }}">首页</a></li><li>{{ page.extra.chapter }}</li><li aria-current="page">{{ page.title }}</li></ol></nav>
<article class="section">
<h1 id="{{ page.slug }}">{{ page.title }}</h1>
{{ page.content | safe }}
</article>
<nav class="pager">
{% if page.lower %}<a rel="prev" href="{{ page.lower.permalink | safe }}">上一页 {{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a rel="next" href="{{ page.higher.permalink | safe }}">下一页 {{ page.higher.title }}</a>{% endif %}
</nav>
{% endblock %}
"#;
