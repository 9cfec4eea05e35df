//! The checker as the site ships it: `checker/checker.js` + `checker/checker_bg.wasm`, built
//! from `checker-wasm/` into the builder binary, loadable by any page or by Node, answering the
//! public cases exactly as the native rules do, and within its download budgets.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use common::workspace;

fn build_site(out: &Path) -> builder::BuildReport {
    builder::build(&workspace().join("guide"), out)
        .unwrap_or_else(|err| panic!("the shipped guide does not build: {err}"))
}

#[test]
fn the_site_carries_the_checker_where_the_contract_says() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build_site(&out);
    let glue = std::fs::read_to_string(out.join("checker/checker.js")).expect("checker.js");
    // The glue is minified (build.rs): its local names mangled (`export{C as initSync,T as
    // default}`), and its text compared here without white space, any quote as `"`.
    let squeeze = |text: &str| {
        text.split_whitespace()
            .collect::<String>()
            .replace(['\'', '`'], "\"")
    };
    let exported = exported_names(&glue);
    for name in ["initSync", "default"] {
        assert!(
            exported.contains(&name),
            "checker.js does not export {name}: {exported:?}"
        );
    }
    let glue = squeeze(&glue);
    for export in [
        "export function checkEligibility(",
        "export function checkSummary(",
        "export function checkWorkHistory(",
        "export function mountPage(",
    ] {
        assert!(glue.contains(&squeeze(export)), "checker.js lacks {export}");
    }
    // `init()` without arguments finds the wasm next to checker.js, under any sub-path.
    assert!(glue.contains(&squeeze("new URL('checker_bg.wasm', import.meta.url)")));
    let wasm = std::fs::read(out.join("checker/checker_bg.wasm")).expect("checker_bg.wasm");
    assert_eq!(wasm.get(..4), Some(&b"\0asm"[..]), "not a wasm module");
    let page = std::fs::read_to_string(out.join("checker.html")).expect("checker.html");
    assert!(page.contains(r#"<script type="module" src="checker/page.js"></script>"#));
    assert!(out.join("checker/page.js").is_file());
}

/// The names the `export { a as b, c }` clauses of `js` export.
fn exported_names(js: &str) -> Vec<&str> {
    js.match_indices("export")
        .filter_map(|(at, keyword)| {
            let rest = js[at + keyword.len()..].trim_start().strip_prefix('{')?;
            rest.find('}').map(|end| &rest[..end])
        })
        .flat_map(|names| names.split(','))
        .filter_map(|name| name.split_whitespace().last())
        .collect()
}

#[test]
fn the_built_wasm_passes_the_public_cases_in_node() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build_site(&out);
    let script = workspace().join("checker-wasm/tests/wasm/cases.mjs");
    let cases = workspace().join("checker-wasm/rules/tests/data");
    let run = Command::new("node")
        .arg(&script)
        .arg(out.join("checker"))
        .arg(&cases)
        .output()
        .unwrap_or_else(|err| panic!("cannot run node ({err}); install Node.js 20+"));
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    println!("{stdout}{stderr}");
    assert!(
        run.status.success(),
        "the wasm failed cases:\n{stdout}\n{stderr}"
    );
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        summary.ends_with(" passed, 0 failed") && !summary.starts_with("0 passed"),
        "unexpected summary line: {summary:?}"
    );
}

#[test]
fn the_checker_stays_within_its_download_budgets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = build_site(&dir.path().join("site"));
    assert_eq!(report.budgets.len(), 3);
    for budget in &report.budgets {
        println!("{budget}");
        assert!(budget.gzip_bytes > 0, "{} measured nothing", budget.name);
        assert!(budget.within(), "{budget}");
    }
    // The page's list of what it loads is the page's: every file exists in the build…
    for path in builder::budgets::CHECKER_PAGE_FILES {
        assert!(
            report.files.iter().any(|(file, _)| file == path),
            "{path} is budgeted but not built"
        );
    }
    // …and every file the page refers to that is not another page (scripts, stylesheet, icon,
    // manifest) is counted.
    let page = std::fs::read_to_string(dir.path().join("site/checker.html")).expect("checker.html");
    let loaded = builder::links::scan(&page)
        .targets
        .into_iter()
        .filter(|target| !target.contains(':') && !target.starts_with('#'))
        .map(|target| target.split('#').next().unwrap_or_default().to_string())
        .filter(|path| !path.ends_with(".html"));
    for path in loaded {
        assert!(
            builder::budgets::CHECKER_PAGE_FILES.contains(&path.as_str()),
            "checker.html loads {path}, which its budget does not count"
        );
    }
}

#[test]
fn every_clause_the_checker_cites_is_a_section_of_the_shipped_guide() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("site");
    build_site(&out);
    for clause in checker_rules::Clause::ALL {
        let id = clause.id();
        let page = std::fs::read_to_string(out.join(format!("{id}.html")))
            .unwrap_or_else(|_| panic!("the checker cites `{id}`, but the site has no {id}.html"));
        assert!(
            page.contains(&format!("id=\"{id}\"")),
            "{id}.html has no #{id} anchor"
        );
    }
    // The summary's five-part hint points to the FAQ entry on writing it.
    let faq = std::fs::read_to_string(out.join("faq.html")).expect("faq.html");
    assert!(faq.contains("id=\"summary-writing\""));
    let page = std::fs::read_to_string(out.join("checker.html")).expect("checker.html");
    assert!(page.contains("\"summary-writing\":{\"href\":\"faq.html#summary-writing\""));
}

/// The checker page lists only the ids the checker links a result to, not every section: a
/// guide of thousands of sections would otherwise send them all to every phone that opens it.
#[test]
fn the_checker_page_carries_only_the_ids_the_checker_cites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    common::copy_dir(&workspace().join("guide"), &guide);
    // One more section the checker does not cite.
    std::fs::write(
        guide.join("sections/99-extra.md"),
        "+++\nid = \"extra\"\ntitle = \"补充说明\"\nchapter = \"四、补充\"\norder = 990\ndescription = \"一页补充说明。\"\n+++\n\n补充说明。\n",
    )
    .expect("write section");
    let out = dir.path().join("site");
    builder::build(&guide, &out).unwrap_or_else(|err| panic!("does not build: {err}"));
    let page = std::fs::read_to_string(out.join("checker.html")).expect("checker.html");
    let start = r#"<script type="application/json" id="checker-clauses">"#;
    let json = page
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once("</script>"))
        .map(|(json, _)| json)
        .expect("the clauses data island");
    let clauses: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(json).expect("JSON object");
    let listed: BTreeSet<&str> = clauses.keys().map(String::as_str).collect();
    let cited: BTreeSet<&str> = builder::site::cited_ids().collect();
    assert_eq!(
        listed, cited,
        "the shipped guide has every cited id, and nothing else is listed"
    );
    assert!(!listed.contains("extra") && !listed.contains("process"));
}

/// The ids the checker's page code links by name are among those the builder lists.
#[test]
fn every_id_the_checker_ui_links_by_name_is_listed() {
    let view = std::fs::read_to_string(workspace().join("checker-wasm/src/ui/view.rs"))
        .expect("checker-wasm/src/ui/view.rs");
    let cited: BTreeSet<&str> = builder::site::cited_ids().collect();
    let mut named = 0;
    for (_, rest) in view
        .match_indices("clauses.link(\"")
        .map(|(at, m)| view.split_at(at + m.len()))
    {
        let id = rest.split('"').next().unwrap_or_default();
        assert!(
            cited.contains(id),
            "the checker page links `{id}`, which the builder does not list"
        );
        named += 1;
    }
    assert!(
        named > 0,
        "no `clauses.link(\"…\")` found: has view.rs changed?"
    );
}

/// A build whose checker page would be over its budget fails, naming the budget and every
/// file's size, and leaves the output folder as it was. The stylesheet counts: the page loads it.
#[test]
fn an_over_budget_build_fails_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    common::copy_dir(&workspace().join("guide"), &guide);
    let out = dir.path().join("site");
    builder::build(&guide, &out).unwrap_or_else(|err| panic!("does not build: {err}"));
    let before = common::read_tree(&out);

    // 200 KB of rules that gzip cannot shrink much: 64-bit pseudo-random class names.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut css =
        std::fs::read_to_string(workspace().join("builder/theme/style.css")).expect("style.css");
    while css.len() < 200_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        css.push_str(&format!(".x{state:016x}{{color:#{:06x}}}\n", state >> 40));
    }
    std::fs::create_dir_all(guide.join("theme")).expect("theme folder");
    std::fs::write(guide.join("theme/style.css"), &css).expect("write style.css");

    let err = builder::build(&guide, &out)
        .expect_err("the checker page is over its budget")
        .to_string();
    assert!(
        err.starts_with("checker page with everything it loads: ")
            && err.contains(" KB gzip is over its 60 KB budget (checker.html ")
            && err.contains(", style.css ")
            && err.contains(", checker/checker_bg.wasm "),
        "{err}"
    );
    assert!(
        !err.contains("checker wasm:"),
        "the wasm is within its own budget: {err}"
    );
    assert_eq!(
        common::read_tree(&out),
        before,
        "the previous site is untouched"
    );
}
