//! The work-history helper on the checker page, in Chromium at phone width: the contract's hooks
//! (`#work-history-form`, `.work-history-row`, `#work-history-add`, `#work-history-result` with
//! `data-problems` and `data-months`), live as the applicant types, problems at their row, the
//! text to copy, the first 起 handed to the checker, kept and cleared with the draft.

use anyhow::{ensure, Result};
use e2e::checker::type_into;
use e2e::{scratch, Browser, SiteTest};
use fantoccini::Locator;
use serde_json::{json, Value};

/// Fills row `index` (0-based): start, end, unit.
async fn fill_row(
    browser: &Browser,
    index: usize,
    start: &str,
    end: &str,
    unit: &str,
) -> Result<()> {
    let row = format!(
        "#work-history-form .work-history-row:nth-of-type({})",
        index + 1
    );
    type_into(browser, &format!("{row} [name=start]"), start).await?;
    type_into(browser, &format!("{row} [name=end]"), end).await?;
    type_into(browser, &format!("{row} [name=unit]"), unit).await?;
    Ok(())
}

/// What the page shows: the result's attributes, each row's codes and explanations, the text.
async fn state(browser: &Browser) -> Result<Value> {
    browser
        .js(
            "const result = document.getElementById('work-history-result');
             const rows = [...document.querySelectorAll('#work-history-form .work-history-row')];
             return {
               problems: result.getAttribute('data-problems'),
               months: result.getAttribute('data-months'),
               status: document.getElementById('work-history-months').textContent,
               notes: [...document.querySelectorAll('#work-history-notes li')].map(li => li.textContent),
               rows: rows.map(row => ({
                 problems: row.getAttribute('data-problems'),
                 explained: [...row.querySelectorAll('.row-problems li')].map(li => li.getAttribute('data-problem')),
                 words: [...row.querySelectorAll('.row-problems li')].map(li => li.textContent),
               })),
               text: document.getElementById('work-history-text').value,
               images: document.querySelectorAll('#work-history img').length,
               useStart: document.getElementById('work-history-use-start').hidden ? null
                 : document.getElementById('work-history-use-start').textContent,
             };",
            vec![],
        )
        .await
}

#[tokio::test]
async fn the_helper_checks_rows_as_the_applicant_types() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    type_into(browser, "#qualification_date", "2024-06-30").await?;
    type_into(browser, "#application_date", "2026-11-27").await?;

    let at_start = state(browser).await?;
    // One row to begin with, nothing said about it yet.
    fill_row(browser, 0, "2024-07", "", "苏州某科技有限公司").await?;
    let one_row = state(browser).await?;

    browser.click(Locator::Id("work-history-add")).await?;
    // Before graduating, overlapping the first, no unit; a unit typed as HTML stays text.
    fill_row(browser, 1, "2019-03", "2024-09", "").await?;
    let two_rows = state(browser).await?;
    type_into(
        browser,
        "#work-history-form .work-history-row:nth-of-type(2) [name=unit]",
        "<img src=x onerror=alert(1)>",
    )
    .await?;
    let html_unit = state(browser).await?;

    browser.click(Locator::Id("work-history-use-start")).await?;
    let work_start = browser
        .js(
            "return document.getElementById('work_start_date').value;",
            vec![],
        )
        .await?;

    // Kept on reload, forgotten by the page's clear button.
    browser.client.refresh().await?;
    test.open_checker().await?;
    let reloaded = state(browser).await?;
    browser.clear_checker().await?;
    let cleared = state(browser).await?;
    let stored = browser
        .js(
            "return JSON.stringify(Object.assign({}, localStorage));",
            vec![],
        )
        .await?;
    test.browser.close().await;

    ensure!(
        at_start["rows"].as_array().map(Vec::len) == Some(1),
        "{at_start}"
    );
    ensure!(
        at_start["problems"] == json!(""),
        "problems before any row: {at_start}"
    );
    ensure!(
        at_start["months"].is_null(),
        "months before any row: {at_start}"
    );

    ensure!(one_row["problems"] == json!(""), "{one_row}");
    ensure!(
        one_row["months"] == json!("29"),
        "2024-07 to 2026-11: {one_row}"
    );
    ensure!(
        one_row["status"].as_str().is_some_and(|s| s.contains("29")),
        "{one_row}"
    );
    ensure!(
        one_row["text"] == json!("2024年7月—至今 苏州某科技有限公司"),
        "{one_row}"
    );
    ensure!(
        one_row["useStart"]
            .as_str()
            .is_some_and(|s| s.contains("2024年7月")),
        "{one_row}"
    );

    ensure!(
        two_rows["problems"] == json!("before_graduation overlap missing_unit"),
        "{two_rows}"
    );
    // The second row (sorted first) is the one before graduation without a unit; the first row
    // starts before it ended, so the overlap is the first row's.
    ensure!(
        two_rows["rows"][1]["problems"] == json!("before_graduation missing_unit"),
        "{two_rows}"
    );
    ensure!(
        two_rows["rows"][1]["explained"] == json!(["before_graduation", "missing_unit"]),
        "{two_rows}"
    );
    ensure!(
        two_rows["rows"][1]["words"][0]
            .as_str()
            .is_some_and(|w| w.contains("毕业")),
        "explanations in Chinese: {two_rows}"
    );
    ensure!(
        two_rows["rows"][0]["problems"] == json!("overlap"),
        "{two_rows}"
    );
    ensure!(
        two_rows["months"] == json!("93"),
        "2019-03 to 2026-11, once: {two_rows}"
    );
    ensure!(
        two_rows["text"]
            .as_str()
            .is_some_and(|t| t.starts_with("2019年3月—2024年9月\n2024年7月—至今")),
        "{two_rows}"
    );
    ensure!(
        html_unit["images"] == json!(0),
        "HTML became an element: {html_unit}"
    );
    ensure!(
        html_unit["text"]
            .as_str()
            .is_some_and(|t| t.contains("<img src=x onerror=alert(1)>")),
        "{html_unit}"
    );
    ensure!(
        work_start == json!("2019-03-01"),
        "work start: {work_start}"
    );

    ensure!(
        reloaded["rows"].as_array().map(Vec::len) == Some(2),
        "{reloaded}"
    );
    ensure!(reloaded["months"] == json!("93"), "{reloaded}");
    ensure!(
        cleared["rows"].as_array().map(Vec::len) == Some(1),
        "{cleared}"
    );
    ensure!(cleared["months"].is_null(), "{cleared}");
    ensure!(cleared["text"] == json!(""), "{cleared}");
    ensure!(stored == json!("{}"), "clear left data: {stored}");
    Ok(())
}

#[tokio::test]
async fn a_history_that_stops_before_applying_is_said_under_the_result() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    type_into(browser, "#application_date", "2026-11-27").await?;
    fill_row(browser, 0, "2024-07", "2025-01", "甲公司").await?;
    let ended = state(browser).await?;
    browser.click(Locator::Id("work-history-add")).await?;
    fill_row(browser, 1, "2025-05", "2024-01", "乙公司").await?;
    let reversed = state(browser).await?;
    fill_row(browser, 1, "2025-05", "2027-02", "乙公司").await?;
    let future = state(browser).await?;
    // Removing the second row leaves the first.
    browser
        .click(Locator::Css(
            "#work-history-form .work-history-row:nth-of-type(2) .work-history-remove",
        ))
        .await?;
    let removed = state(browser).await?;
    test.browser.close().await;

    ensure!(ended["problems"] == json!("not_up_to_date"), "{ended}");
    ensure!(ended["rows"][0]["problems"] == json!(""), "{ended}");
    ensure!(
        ended["notes"].as_array().map(Vec::len) == Some(1),
        "not_up_to_date under the result: {ended}"
    );
    ensure!(
        reversed["rows"][1]["problems"] == json!("end_before_start"),
        "{reversed}"
    );
    ensure!(future["rows"][1]["problems"] == json!("future"), "{future}");
    ensure!(
        future["notes"].as_array().is_some_and(|notes| notes
            .iter()
            .any(|n| n.as_str().is_some_and(|n| n.contains("2025年2月")))),
        "the gap 2025-02…2025-04 is noted: {future}"
    );
    ensure!(
        removed["rows"].as_array().map(Vec::len) == Some(1),
        "{removed}"
    );
    ensure!(removed["problems"] == json!("not_up_to_date"), "{removed}");
    Ok(())
}
