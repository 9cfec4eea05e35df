//! axe-core on every page of the built site and on every result state of the checker page, in
//! Chromium at phone width: any violation fails. axe comes from npm (`tests/audit`, installed by
//! `tests/run` with `npm ci`); its script is injected through WebDriver, which the pages' content
//! security policy does not restrict.

use std::path::Path;

use anyhow::{bail, Context, Result};
use e2e::checker::public_cases;
use e2e::{scratch, Browser, SiteTest};
use serde_json::{json, Value};

fn axe_source() -> Result<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../audit/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).with_context(|| {
        format!(
            "{} is missing: run `npm ci` in tests/audit (tests/run does)",
            path.display()
        )
    })
}

/// Runs axe on the page as it is now; returns one line per violation and node.
async fn violations(browser: &Browser, axe: &str, state: &str) -> Result<Vec<String>> {
    browser.js(axe, vec![]).await?;
    let result = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {
               resultTypes: ['violations'],
               // WCAG AAA contrast (7:1) too, which axe leaves off by default.
               rules: { 'color-contrast-enhanced': { enabled: true } },
             })
               .then(r => done(r.violations.map(v => ({
                 id: v.id, help: v.help,
                 nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary),
               }))))
               .catch(e => done([{ id: 'axe-error', help: String(e), nodes: [] }]));",
            vec![],
        )
        .await?;
    let mut lines = Vec::new();
    for violation in result.as_array().cloned().unwrap_or_default() {
        let nodes = violation["nodes"].as_array().cloned().unwrap_or_default();
        lines.push(format!(
            "{state}: {} ({}) {}",
            violation["id"],
            violation["help"],
            nodes
                .iter()
                .map(|n| n.as_str().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        ));
    }
    println!("axe {state}: {} violations", lines.len());
    Ok(lines)
}

/// Answers the checker's questions from a case's answers and presses the button.
async fn answer(browser: &Browser, answers: &Value) -> Result<()> {
    browser
        .js(
            "const form = document.getElementById('eligibility-form');
             form.reset();
             for (const [name, value] of Object.entries(arguments[0])) {
               if (value === null) continue;
               const radio = form.querySelector(`input[type=radio][name='${name}'][value='${value}']`);
               if (radio) { radio.checked = true; continue; }
               const control = form.querySelector(`[name='${name}']`);
               if (control) control.value = value;
             }
             form.dispatchEvent(new Event('change', { bubbles: true }));
             form.querySelector('button[type=submit]').click();",
            vec![answers.clone()],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn axe_finds_no_violation_on_any_page_or_result_state() -> Result<()> {
    let axe = axe_source()?;
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    let mut found = Vec::new();

    let pages = e2e::site::html_pages(test.site())?;
    for page in &pages {
        test.open(page).await?;
        if page == "checker.html" {
            test.open_checker().await?;
        }
        found.extend(violations(browser, &axe, page).await?);
    }

    // The checker's states: unanswered questions listed, each outcome of the public cases, a
    // summary being counted, a work history with problems.
    test.open_checker().await?;
    browser
        .js(
            "document.querySelector('#eligibility-form button[type=submit]').click();",
            vec![],
        )
        .await?;
    found.extend(violations(browser, &axe, "checker: questions missing").await?);
    let listed = browser
        .js(
            "return document.querySelectorAll('#eligibility-missing li a').length;",
            vec![],
        )
        .await?;
    if listed.as_u64().unwrap_or_default() == 0 {
        bail!("no missing answers listed to audit");
    }

    let cases = public_cases("eligibility-public.json")?;
    let mut outcomes_seen = std::collections::BTreeSet::new();
    for case in &cases {
        let outcome = case["expect"]["outcome"].as_str().unwrap_or_default();
        if !outcomes_seen.insert(outcome.to_string()) {
            continue;
        }
        answer(browser, &case["answers"]).await?;
        browser
            .wait_for(
                "document.getElementById('eligibility-result').dataset.outcome",
                "a result",
            )
            .await?;
        found.extend(violations(browser, &axe, &format!("checker: {outcome}")).await?);
    }

    browser
        .js(
            "const text = document.getElementById('summary-text');
             text.value = '本人自2024年7月参加工作以来，主要从事电气设计。'.repeat(3);
             text.dispatchEvent(new Event('input', { bubbles: true }));
             const set = (selector, value) => {
               const el = document.querySelector(selector);
               el.value = value;
               el.dispatchEvent(new Event('input', { bubbles: true }));
             };
             set('#work-history-form .work-history-row [name=start]', '2027-01');
             set('#work-history-form .work-history-row [name=end]', '2026-01');
             document.getElementById('work-history-add').click();
             set('#work-history-form .work-history-row:nth-of-type(2) [name=start]', '2010-01');
             set('#work-history-form .work-history-row:nth-of-type(2) [name=end]', '2011-01');",
            vec![],
        )
        .await?;
    found.extend(
        violations(
            browser,
            &axe,
            "checker: summary and work history with problems",
        )
        .await?,
    );
    let problems = browser
        .js(
            "return document.getElementById('work-history-result').getAttribute('data-problems');",
            vec![],
        )
        .await?;

    // Clearing: the question asked first, then the undo offered.
    browser
        .js("document.getElementById('checker-clear').click();", vec![])
        .await?;
    found.extend(violations(browser, &axe, "checker: clearing asks first").await?);
    let asked = browser
        .js(
            "const asked = !document.getElementById('checker-clear-confirm').hidden;
             document.getElementById('checker-clear-yes').click();
             return [asked, !document.getElementById('checker-clear-undo').hidden];",
            vec![],
        )
        .await?;
    found.extend(violations(browser, &axe, "checker: cleared, undo offered").await?);
    test.browser.close().await;
    if asked != json!([true, true]) {
        bail!("the clearing states were not shown: {asked}");
    }

    if problems == json!("") {
        bail!("the work-history state has no problems to audit");
    }
    if pages.len() < 5 || outcomes_seen.len() < 3 {
        bail!("too little audited: {pages:?}, {outcomes_seen:?}");
    }
    if !found.is_empty() {
        bail!("axe violations:\n{}", found.join("\n"));
    }
    Ok(())
}
