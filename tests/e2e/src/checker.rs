//! The checker page driven as an applicant would: open it, answer its form, submit; and the
//! public cases its answers come from.

use std::path::Path;

use anyhow::{Context, Result};
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::{Browser, StaticServer};

/// The rules crate's public cases in `file`, e.g. `eligibility-public.json`.
pub fn public_cases(file: &str) -> Result<Vec<Value>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../checker-wasm/rules/tests/data")
        .join(file);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    Ok(serde_json::from_str::<Vec<Value>>(&text)?)
}

/// Opens the checker page and waits until the wasm UI has taken over the form.
pub async fn open(browser: &Browser, server: &StaticServer) -> Result<()> {
    browser.client.goto(&server.url("checker.html")).await?;
    wait_until_ready(browser).await
}

/// Waits until the checker is ready: the form is on the page from the start, inert until then.
/// If it never gets there, the error says what the page showed and logged instead (a checker
/// that failed to start says so in `#checker-status`).
pub async fn wait_until_ready(browser: &Browser) -> Result<()> {
    let waited = browser
        .wait_for(
            "document.getElementById('checker-app') && !document.getElementById('checker-app').inert",
            "the checker to start",
        )
        .await;
    if waited.is_err() {
        let status = browser
            .js(
                "const s = document.getElementById('checker-status');
                 return s ? (s.hidden ? '(hidden) ' : '') + s.textContent : 'no #checker-status';",
                vec![],
            )
            .await
            .unwrap_or_else(|e| json!(format!("unreadable: {e}")));
        let errors = browser.console_errors().await.unwrap_or_default();
        // The downloads that finished, with when (ms after navigation): one still pending (the
        // glue, the wasm) is missing from the list.
        let loaded = browser
            .js(
                "return performance.getEntriesByType('resource')
                   .map((r) => r.name.split('/').pop() + ' ' + Math.round(r.responseEnd));",
                vec![],
            )
            .await
            .unwrap_or_else(|e| json!(format!("unreadable: {e}")));
        return waited.with_context(|| {
            format!("#checker-status: {status}; console errors: {errors:?}; loaded: {loaded}")
        });
    }
    waited
}

/// Sets the value of the control `selector` finds and fires `input` and `change`, as typing does.
pub async fn type_into(browser: &Browser, selector: &str, value: &str) -> Result<()> {
    browser
        .js(
            "const el = document.querySelector(arguments[0]);
             el.value = arguments[1];
             el.dispatchEvent(new Event('input', { bubbles: true }));
             el.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(selector), json!(value)],
        )
        .await?;
    Ok(())
}

/// Types `value` into the eligibility form's control named `name`.
pub async fn set_value(browser: &Browser, name: &str, value: &str) -> Result<()> {
    type_into(
        browser,
        &format!("#eligibility-form [name='{name}']"),
        value,
    )
    .await
}

/// Clicks the eligibility form's radio button `name` = `value`.
pub async fn choose(browser: &Browser, name: &str, value: bool) -> Result<()> {
    let selector = format!("#eligibility-form input[name='{name}'][value='{value}']");
    browser
        .client
        .find(Locator::Css(&selector))
        .await
        .with_context(|| format!("no radio {selector}"))?
        .click()
        .await
        .with_context(|| format!("cannot click {selector}"))?;
    Ok(())
}

/// Fills the form as an applicant would: the questions in page order, a follow-up question
/// only where the page shows it.
pub async fn fill_form(browser: &Browser, answers: &Value) -> Result<()> {
    let flag = |name: &str| {
        answers[name]
            .as_bool()
            .with_context(|| format!("{name} is not a bool"))
    };
    choose(browser, "works_in_suzhou", flag("works_in_suzhou")?).await?;
    choose(browser, "insured_in_suzhou", flag("insured_in_suzhou")?).await?;
    for select in ["diploma", "degree"] {
        let value = answers[select].as_str().context("enum answer")?;
        browser
            .client
            .find(Locator::Css(&format!(
                "#eligibility-form select[name='{select}']"
            )))
            .await?
            .select_by_value(value)
            .await?;
    }
    let date = |name: &str| answers[name].as_str().context("date");
    set_value(browser, "qualification_date", date("qualification_date")?).await?;
    choose(browser, "major_matches", flag("major_matches")?).await?;
    set_value(browser, "work_start_date", date("work_start_date")?).await?;
    choose(browser, "licensed_series", flag("licensed_series")?).await?;
    if flag("licensed_series")? {
        choose(browser, "has_license", flag("has_license")?).await?;
    }
    choose(browser, "insurance_visible", flag("insurance_visible")?).await?;
    if let Some(since) = answers["insured_since"].as_str() {
        set_value(browser, "insured_since", since).await?;
    }
    set_value(browser, "application_date", date("application_date")?).await?;
    Ok(())
}

/// Presses the eligibility form's button.
pub async fn submit(browser: &Browser) -> Result<()> {
    browser
        .click(Locator::Css("#eligibility-form button[type='submit']"))
        .await
}

/// Starts from a clean page, answers every question of a case and presses the button; waits
/// for the result.
pub async fn answer_case(browser: &Browser, server: &StaticServer, answers: &Value) -> Result<()> {
    open(browser, server).await?;
    browser.clear_checker().await?;
    fill_form(browser, answers).await?;
    submit(browser).await?;
    browser
        .wait_for(
            "document.getElementById('eligibility-result').dataset.outcome",
            "a result",
        )
        .await
}
