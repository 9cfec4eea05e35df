//! The built site in a real Chromium at phone width, served from a sub-path on 127.0.0.1:
//! the checker page answers the public cases through its form, counts a summary live, keeps
//! the applicant's text as text and on the device, and nothing leaves the origin.

use std::collections::BTreeSet;

use anyhow::{bail, ensure, Context, Result};
use e2e::checker::{
    answer_case, choose, fill_form, public_cases, set_value, submit, wait_until_ready,
};
use e2e::{scratch, Browser, BrowserOptions, SiteTest, StaticServer};
use fantoccini::Locator;
use serde_json::{json, Value};

async fn attribute(browser: &Browser, selector: &str, name: &str) -> Result<String> {
    Ok(browser
        .client
        .find(Locator::Css(selector))
        .await?
        .attr(name)
        .await?
        .unwrap_or_default())
}

async fn attribute_set(browser: &Browser, selector: &str, name: &str) -> Result<BTreeSet<String>> {
    let mut values = BTreeSet::new();
    for element in browser.client.find_all(Locator::Css(selector)).await? {
        values.insert(element.attr(name).await?.unwrap_or_default());
    }
    Ok(values)
}

fn string_set(value: &Value) -> BTreeSet<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn the_public_cases_through_the_form() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    let mut failures = Vec::new();
    for (index, case) in public_cases("eligibility-public.json")?
        .into_iter()
        .enumerate()
    {
        let name = case["name"].as_str().unwrap_or("?").to_string();
        let expect = &case["expect"];
        answer_case(browser, &test.server, &case["answers"])
            .await
            .with_context(|| name.clone())?;
        let result = "#eligibility-result";
        let got = (
            attribute(browser, result, "data-outcome").await?,
            attribute(browser, result, "data-level").await?,
            attribute(browser, result, "data-intake-month").await?,
            attribute_set(browser, "#eligibility-result [data-reason]", "data-reason").await?,
            attribute_set(
                browser,
                "#eligibility-result [data-material][data-required='true']",
                "data-material",
            )
            .await?,
        );
        let want = (
            expect["outcome"].as_str().unwrap_or_default().to_string(),
            expect["level"].as_str().unwrap_or_default().to_string(),
            expect["intake_month"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            string_set(&expect["reason_codes"]),
            string_set(&expect["required_materials"]),
        );
        browser
            .screenshot_if_asked(&format!("case-{index}-{}", got.0))
            .await?;
        if got != want {
            failures.push(format!("{name}:\n  got  {got:?}\n  want {want:?}"));
        }
        // Every reason links to the guide clause it rests on, on a page that exists.
        for link in browser
            .client
            .find_all(Locator::Css("#eligibility-result [data-reason] a"))
            .await?
        {
            let href = link.attr("href").await?.unwrap_or_default();
            let page = href.split('#').next().unwrap_or_default();
            if page.is_empty() || !test.site().join(page).is_file() {
                failures.push(format!("{name}: reason links to missing page {href:?}"));
            }
        }
    }
    let errors = browser.console_errors().await?;
    test.browser.close().await;
    ensure!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    ensure!(errors.is_empty(), "console errors: {errors:#?}");
    Ok(())
}

/// A4 at 96 dpi less Chromium's default print margins (about 10 mm each side).
const A4_PRINTABLE_PX: (u32, u32) = (718, 1047);

#[tokio::test]
async fn a_result_with_its_checklist_prints_on_one_a4_page() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    let mut tallest = (0, String::new());
    for (index, case) in public_cases("eligibility-public.json")?
        .into_iter()
        .enumerate()
    {
        answer_case(browser, &test.server, &case["answers"]).await?;
        let (width, height) = A4_PRINTABLE_PX;
        browser
            .devtools("Emulation.setEmulatedMedia", json!({ "media": "print" }))
            .await?;
        let metrics =
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false });
        browser
            .devtools("Emulation.setDeviceMetricsOverride", metrics)
            .await?;
        let printed = browser
            .js(
                "return Math.ceil(document.body.getBoundingClientRect().height);",
                vec![],
            )
            .await?;
        let form_printed = browser
            .client
            .find(Locator::Id("eligibility-form"))
            .await?
            .is_displayed()
            .await?;
        browser
            .screenshot_if_asked(&format!("print-{index}"))
            .await?;
        browser
            .devtools("Emulation.clearDeviceMetricsOverride", json!({}))
            .await?;
        browser
            .devtools("Emulation.setEmulatedMedia", json!({ "media": "" }))
            .await?;
        ensure!(!form_printed, "the form is printed with the result");
        let printed = printed.as_u64().unwrap_or(u64::MAX);
        if printed > tallest.0 {
            tallest = (
                printed,
                case["name"].as_str().unwrap_or_default().to_string(),
            );
        }
    }
    test.browser.close().await;
    println!(
        "tallest printout: {} px of {} ({})",
        tallest.0, A4_PRINTABLE_PX.1, tallest.1
    );
    ensure!(
        tallest.0 <= u64::from(A4_PRINTABLE_PX.1),
        "{:?} prints {} px tall, more than one A4 page ({} px)",
        tallest.1,
        tallest.0,
        A4_PRINTABLE_PX.1
    );
    Ok(())
}

#[tokio::test]
async fn the_checker_is_labelled_announced_and_keyboard_usable() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    let unlabelled = browser
        .js(
            "return [...document.querySelectorAll('#checker input, #checker select, #checker textarea')]
               .filter(c => c.labels.length === 0 || ![...c.labels].some(l => l.textContent.trim()))
               .map(c => c.name || c.id);",
            vec![],
        )
        .await?;
    let without_legend = browser
        .js(
            "return [...document.querySelectorAll('#checker fieldset')]
               .filter(f => !f.querySelector(':scope > legend')).length;",
            vec![],
        )
        .await?;
    let live = browser
        .js(
            "return ['eligibility-result', 'summary-result', 'eligibility-live', 'summary-live']
               .map(id => document.getElementById(id))
               .map(e => [e.getAttribute('aria-live'), e.getAttribute('role')]);",
            vec![],
        )
        .await?;

    // Answer with the keyboard only: Space on a focused radio, Enter on the button.
    let case = public_cases("eligibility-public.json")?
        .into_iter()
        .next()
        .context("a case")?;
    fill_form(browser, &case["answers"]).await?;
    let radio = browser
        .client
        .find(Locator::Id("works_in_suzhou-false"))
        .await?;
    radio.send_keys(" ").await?;
    let button = browser
        .client
        .find(Locator::Css("#eligibility-form button[type='submit']"))
        .await?;
    button.send_keys("\u{E007}").await?; // WebDriver's Enter key
    browser
        .wait_for(
            "document.getElementById('eligibility-result').dataset.outcome === 'not_eligible'",
            "the keyboard answer's result",
        )
        .await?;
    let focused = browser
        .js("return document.activeElement.id;", vec![])
        .await?;
    test.browser.close().await;

    ensure!(
        unlabelled == json!([]),
        "controls without a label: {unlabelled}"
    );
    ensure!(
        without_legend == json!(0),
        "{without_legend} fieldset(s) without a legend"
    );
    // The results are not live regions (rebuilt on every change, they would be read out whole);
    // each has a short live sentence of its own (`live_regions_say_one_short_sentence_once`).
    ensure!(
        live == json!([
            [null, null],
            [null, null],
            [null, "status"],
            [null, "status"]
        ]),
        "live regions: {live}"
    );
    ensure!(
        focused == json!("eligibility-result"),
        "focus did not move to the result: {focused}"
    );
    Ok(())
}

#[tokio::test]
async fn the_summary_count_is_live_and_matches_word() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    let textarea = browser.client.find(Locator::Id("summary-text")).await?;
    let mut last_words = 0;
    for case in public_cases("summary-public.json")? {
        let text = case["text"].as_str().context("text")?;
        let words = case["expect"]["words"].as_u64().context("words")?;
        textarea.clear().await?;
        textarea.send_keys(text).await?;
        let predicate =
            format!("document.getElementById('summary-result').dataset.words === '{words}'");
        if let Err(e) = browser
            .wait_for(&predicate, &format!("字数 {words} for {text:?}"))
            .await
        {
            let shown = attribute(browser, "#summary-result", "data-words").await?;
            bail!("{e}; the page shows {shown:?}");
        }
        last_words = words;
    }
    browser.screenshot_if_asked("summary").await?;
    // Typing more updates the count without any button.
    textarea.send_keys("再加五个字").await?;
    let predicate = format!(
        "document.getElementById('summary-result').dataset.words === '{}'",
        last_words + 5
    );
    browser
        .wait_for(&predicate, "the count to follow typing")
        .await?;
    let errors = browser.console_errors().await?;
    test.browser.close().await;
    ensure!(errors.is_empty(), "console errors: {errors:#?}");
    Ok(())
}

#[tokio::test]
async fn the_page_hands_guide_toml_policy_to_the_checker() -> Result<()> {
    // Only guide.toml changes: the text and the checker must both follow it.
    let site = e2e::site::edited_site(scratch!(), "policy-500", |config| {
        config.replace("summary_min_words = 800", "summary_min_words = 500")
    })?;
    let test = SiteTest::start(&site, BrowserOptions::default()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    browser
        .client
        .find(Locator::Id("summary-text"))
        .await?
        .send_keys("字")
        .await?;
    browser
        .wait_for(
            "document.getElementById('summary-result').dataset.words === '1'",
            "a count",
        )
        .await?;
    let shown = browser.text_of(Locator::Id("summary-result")).await?;
    let page = browser.text_of(Locator::Css("main")).await?;
    test.browser.close().await;
    ensure!(
        shown.contains("还差 499 字（不少于500字）"),
        "the checker ignored guide.toml: {shown:?}"
    );
    ensure!(
        page.contains("不少于500字"),
        "the page text ignored guide.toml"
    );
    ensure!(
        !page.contains("800"),
        "a policy number is hard-coded in the page"
    );
    Ok(())
}

#[tokio::test]
async fn html_typed_into_the_summary_stays_text() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    let before = browser
        .js("return document.querySelectorAll('*').length;", vec![])
        .await?;
    let markup = "<img src=x id=injected onerror=\"document.title='pwned'\"><b>粗体</b>";
    let textarea = browser.client.find(Locator::Id("summary-text")).await?;
    textarea.send_keys(markup).await?;
    // As text, that is five non-Asian runs and two Asian characters: `<img`, `src=x`,
    // `id=injected`, `onerror="document.title='pwned'"><b>`, 粗, 体, `</b>`.
    browser
        .wait_for(
            "document.getElementById('summary-result').dataset.words === '7'",
            "the count of the markup as text",
        )
        .await?;
    let value = textarea.prop("value").await?.unwrap_or_default();
    let injected = browser
        .js("return document.querySelectorAll('#injected, #summary-result b, #summary-result img').length;", vec![])
        .await?;
    let title = browser.js("return document.title;", vec![]).await?;
    let after = browser
        .js("return document.querySelectorAll('*').length;", vec![])
        .await?;
    test.browser.close().await;
    ensure!(
        value == markup,
        "the textarea changed what was typed: {value:?}"
    );
    ensure!(injected == json!(0), "typed markup became elements");
    ensure!(
        !title.as_str().unwrap_or_default().contains("pwned"),
        "typed markup ran"
    );
    ensure!(before.as_u64() <= after.as_u64(), "the page lost elements");
    Ok(())
}

/// What the reload test typed and chose: the summary text, the 在苏州工作 radio, the 学历 select.
async fn remembered(browser: &Browser) -> Result<(Option<String>, bool, Option<String>)> {
    let text = browser
        .client
        .find(Locator::Id("summary-text"))
        .await?
        .prop("value")
        .await?;
    let radio = browser
        .client
        .find(Locator::Css("input[name='works_in_suzhou'][value='true']"))
        .await?
        .is_selected()
        .await?;
    let select = browser
        .client
        .find(Locator::Css("select[name='diploma']"))
        .await?
        .prop("value")
        .await?;
    Ok((text, radio, select))
}

#[tokio::test]
async fn answers_and_draft_survive_a_reload_until_cleared() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    let draft = "本人自2024年7月参加工作以来，主要从事电气设计。";
    browser
        .client
        .find(Locator::Id("summary-text"))
        .await?
        .send_keys(draft)
        .await?;
    choose(browser, "works_in_suzhou", true).await?;
    browser
        .client
        .find(Locator::Css("select[name='diploma']"))
        .await?
        .select_by_value("bachelor")
        .await?;

    browser.client.refresh().await?;
    test.open_checker().await?;
    let (restored_text, restored_radio, restored_select) = remembered(browser).await?;
    let words_after_reload = attribute(browser, "#summary-result", "data-words").await?;

    browser.clear_checker().await?;
    browser.client.refresh().await?;
    test.open_checker().await?;
    let (cleared_text, cleared_radio, _) = remembered(browser).await?;
    let stored = browser
        .js(
            "return JSON.stringify(Object.assign({}, localStorage));",
            vec![],
        )
        .await?;
    let cookies = browser.js("return document.cookie;", vec![]).await?;
    test.browser.close().await;

    ensure!(
        restored_text.as_deref() == Some(draft),
        "draft not restored: {restored_text:?}"
    );
    ensure!(restored_radio, "radio answer not restored");
    ensure!(
        restored_select.as_deref() == Some("bachelor"),
        "select answer not restored: {restored_select:?}"
    );
    ensure!(
        !words_after_reload.is_empty(),
        "the restored draft was not counted"
    );
    ensure!(
        cleared_text.as_deref() == Some(""),
        "clear left the draft: {cleared_text:?}"
    );
    ensure!(!cleared_radio, "clear left an answer");
    ensure!(
        stored == json!("{}"),
        "clear left data in localStorage: {stored}"
    );
    ensure!(cookies == json!(""), "the site set cookies: {cookies}");
    Ok(())
}

#[tokio::test]
async fn every_page_loads_cleanly_from_its_own_origin_at_phone_width() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    let pages = e2e::site::html_pages(test.site())?;
    ensure!(pages.len() >= 5, "too few pages: {pages:?}");
    let origin = test
        .server
        .base_url
        .split("/applicants")
        .next()
        .unwrap_or_default()
        .to_string();
    let mut problems = Vec::new();
    let mut wasm_requested = false;
    for page in &pages {
        test.open(page).await?;
        if page == "checker.html" {
            test.open_checker().await?;
            // Use it, so that the wasm's own work is covered too.
            browser
                .client
                .find(Locator::Id("summary-text"))
                .await?
                .send_keys("测试 test")
                .await?;
            browser
                .wait_for(
                    "document.getElementById('summary-result').dataset.words",
                    "a count",
                )
                .await?;
        }
        let overflow = browser
            .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
            .await?;
        if overflow.as_i64().unwrap_or(0) > 0 {
            problems.push(format!("{page}: wider than the phone by {overflow}px"));
        }
        for error in browser.console_errors().await? {
            problems.push(format!("{page}: console: {error}"));
        }
        for url in browser.requested_urls().await? {
            wasm_requested |= url.ends_with("/checker/checker_bg.wasm");
            // Only network schemes leave the device (chrome:// and data: are Chromium's own).
            let network = ["http:", "https:", "ws:", "wss:"]
                .iter()
                .any(|s| url.starts_with(s));
            if network && !url.starts_with(&format!("{origin}/")) {
                problems.push(format!("{page}: request to another origin: {url}"));
            }
        }
    }
    test.browser.close().await;
    for request in test.server.requests() {
        if request.status != 200 {
            problems.push(format!("{} answered {}", request.path, request.status));
        }
    }
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    // Asked for by the page itself (the service worker also downloads it, for offline use).
    ensure!(wasm_requested, "the checker page never asked for its wasm");
    Ok(())
}

/// Opens the checker page in a browser that lacks something and returns what the notice with id
/// `notice` says once it says `expected` (read through WebDriver, which works without page
/// scripts) and whether the form is shown.
async fn checker_notice(
    options: BrowserOptions,
    notice: &str,
    expected: &str,
) -> Result<(String, bool)> {
    let test = SiteTest::shipped_with(scratch!(), options).await?;
    let browser = &test.browser;
    test.open("checker.html").await?;
    let status = browser.client.find(Locator::Id(notice)).await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    let mut text = String::new();
    while std::time::Instant::now() < deadline {
        text = if status.is_displayed().await? {
            status.text().await?
        } else {
            String::new()
        };
        if text.contains(expected) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let form_shown = browser
        .client
        .find(Locator::Id("eligibility-form"))
        .await?
        .is_displayed()
        .await?;
    test.browser.close().await;
    Ok((text, form_shown))
}

#[tokio::test]
async fn without_javascript_the_checker_says_why_and_the_guide_reads_on() -> Result<()> {
    let no_js = BrowserOptions {
        javascript: false,
        ..BrowserOptions::default()
    };
    let (notice, form_shown) = checker_notice(no_js, "checker-noscript", "JavaScript").await?;
    ensure!(
        notice.contains("JavaScript"),
        "no-JS message missing: {notice:?}"
    );
    ensure!(!form_shown, "a form that cannot work is shown");

    let test = SiteTest::shipped_with(scratch!(), no_js).await?;
    let browser = &test.browser;
    test.open("education-and-years.html").await?;
    let guide_text = browser.text_of(Locator::Css("main")).await?;
    test.browser.close().await;
    ensure!(
        guide_text.contains("见习"),
        "the guide is not readable without JavaScript"
    );
    Ok(())
}

#[tokio::test]
async fn without_webassembly_the_checker_says_why() -> Result<()> {
    let no_wasm = BrowserOptions {
        webassembly: false,
        ..BrowserOptions::default()
    };
    let (notice, form_shown) = checker_notice(no_wasm, "checker-status", "不支持").await?;
    ensure!(
        notice.contains("WebAssembly"),
        "no-WebAssembly message missing: {notice:?}"
    );
    ensure!(!form_shown, "a form that cannot work is shown");
    Ok(())
}

#[tokio::test]
async fn a_date_out_of_range_is_explained_in_chinese_naming_the_question() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    let case = public_cases("eligibility-public.json")?
        .into_iter()
        .next()
        .context("a case")?;
    let mut problems = Vec::new();
    // Slips of the keyboard a date control accepts: a fifth digit, a year of three digits, the
    // last day it offers.
    for (field, value, label) in [
        ("qualification_date", "20255-06-30", "取得学历或学位的日期"),
        ("qualification_date", "0201-06-30", "取得学历或学位的日期"),
        (
            "work_start_date",
            "9999-12-31",
            "开始从事本专业技术工作的日期",
        ),
        ("application_date", "9999-12-31", "查询日期"),
    ] {
        answer_case(browser, &test.server, &case["answers"]).await?;
        set_value(browser, field, value).await?;
        let held = browser
            .js(
                "return document.querySelector(`[name='${arguments[0]}']`).value;",
                vec![json!(field)],
            )
            .await?;
        ensure!(
            held == json!(value),
            "the date control refused {value}: {held}"
        );
        submit(browser).await?;
        browser
            .wait_for(
                "document.getElementById('eligibility-missing').textContent.includes('请检查')",
                &format!("a message about {field} = {value}"),
            )
            .await?;
        let shown = browser.text_of(Locator::Id("eligibility-missing")).await?;
        let outcome = attribute(browser, "#eligibility-result", "data-outcome").await?;
        let plain = shown.contains(&format!("「{label}」")) && shown.contains("1950年1月1日");
        if !plain || shown.chars().any(|c| c.is_ascii_alphabetic()) || !outcome.is_empty() {
            problems.push(format!("{field} = {value}: {shown:?}, result {outcome:?}"));
        }
    }
    test.browser.close().await;
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

#[tokio::test]
async fn thousands_of_throwing_arguments_do_not_wedge_the_checker_in_chromium() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    // The module the page runs (already initialised), called as an embedder would.
    let words = browser
        .js(
            "return import(new URL('checker/checker.js', document.baseURI).href).then((checker) => {
               const thrown = [];
               for (let i = 0; i < 2300; i++) {
                 try { checker.checkEligibility({ get diploma() { throw new Error('x'); } }); }
                 catch (error) { if (i === 0) thrown.push(error instanceof Error, error.message); }
               }
               return [...thrown, checker.checkSummary('abc').words];
             });",
            vec![],
        )
        .await;
    // The page keeps working too.
    let counted = match &words {
        Ok(_) => {
            browser
                .client
                .find(Locator::Id("summary-text"))
                .await?
                .send_keys("还能数")
                .await?;
            browser
                .wait_for(
                    "document.getElementById('summary-result').dataset.words === '3'",
                    "the page to count after the hostile calls",
                )
                .await
        }
        Err(_) => Ok(()),
    };
    test.browser.close().await;
    let words = words?;
    ensure!(
        words
            == json!([
                true,
                "diploma: the value could not be read (a getter or Proxy threw)",
                1
            ]),
        "after 2,300 throwing getters: {words}"
    );
    counted
}

#[tokio::test]
async fn a_draft_the_browser_cannot_keep_is_announced_and_no_older_one_comes_back() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    browser.clear_checker().await?;
    let textarea = browser.client.find(Locator::Id("summary-text")).await?;
    textarea.send_keys("第一稿").await?;
    browser
        .wait_for(
            "Object.values(localStorage).some(v => v.includes('第一稿'))",
            "the first draft to be kept",
        )
        .await?;
    let notice_at_first = browser
        .js(
            "const n = document.getElementById('draft-status'); return !!n && !n.hidden;",
            vec![],
        )
        .await?;
    // From now on the browser's storage is full, as when a long draft passes its quota.
    browser
        .js(
            "Storage.prototype.setItem = function () {
               throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
             };",
            vec![],
        )
        .await?;
    textarea.send_keys("，第二稿写了很多").await?;
    let announced = browser
        .wait_for(
            "document.getElementById('draft-status') && !document.getElementById('draft-status').hidden",
            "the notice that the draft is not kept",
        )
        .await;
    let notice = browser
        .js(
            "const n = document.getElementById('draft-status'); return n ? n.textContent : '';",
            vec![],
        )
        .await?;
    let stored = browser
        .js(
            "return JSON.stringify(Object.assign({}, localStorage));",
            vec![],
        )
        .await?;
    browser.client.refresh().await?;
    test.open_checker().await?;
    let after_reload = textarea_value(browser).await?;
    test.browser.close().await;

    ensure!(
        notice_at_first == json!(false),
        "a notice while saving works"
    );
    announced?;
    ensure!(
        notice
            .as_str()
            .is_some_and(|n| n.contains("无法保存") && n.contains("复制")),
        "the notice does not say what to do: {notice}"
    );
    ensure!(
        !stored.as_str().unwrap_or_default().contains("第一稿"),
        "the older draft is still stored: {stored}"
    );
    ensure!(
        after_reload != "第一稿",
        "a reload brought back the older draft over the newer text"
    );
    Ok(())
}

async fn textarea_value(browser: &Browser) -> Result<String> {
    Ok(browser
        .client
        .find(Locator::Id("summary-text"))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

#[tokio::test]
async fn a_reload_keeps_the_text_the_browser_restored_over_an_older_stored_draft() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    browser.clear_checker().await?;
    let textarea = browser.client.find(Locator::Id("summary-text")).await?;
    textarea.send_keys("旧稿").await?;
    browser
        .wait_for(
            "Object.values(localStorage).some(v => v.includes('旧稿'))",
            "the draft to be kept",
        )
        .await?;
    // On reload a browser may restore the textarea itself (form state restoration) with what
    // was on screen, newer than the stored draft when saving failed. Headless Chromium does not
    // here, so do as it would: fill the textarea as the parser inserts it, before any script.
    browser
        .devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "new MutationObserver((_, observer) => {
                const text = document.getElementById('summary-text');
                if (text) { text.value = '新写的稿子'; observer.disconnect(); }
              }).observe(document, { childList: true, subtree: true });" }),
        )
        .await?;
    browser.client.refresh().await?;
    test.open_checker().await?;
    let after_reload = textarea_value(browser).await?;
    let words = attribute(browser, "#summary-result", "data-words").await?;
    test.browser.close().await;
    ensure!(
        after_reload == "新写的稿子",
        "the reload showed {after_reload:?}, not the text the browser restored"
    );
    ensure!(words == "5", "the restored text was not counted: {words:?}");
    Ok(())
}

#[tokio::test]
async fn a_checker_that_cannot_be_downloaded_is_explained_in_chinese_and_can_be_retried(
) -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    // As on a dropped connection: the wasm request fails (fetch says "Failed to fetch").
    browser.devtools("Network.enable", json!({})).await?;
    browser
        .devtools(
            "Network.setBlockedURLs",
            json!({ "urls": ["*checker_bg.wasm"] }),
        )
        .await?;
    test.open("checker.html").await?;
    let waited = browser
        .wait_for(
            "document.getElementById('checker-status').textContent.includes('未能启动')",
            "the notice that the checker did not start",
        )
        .await;
    let notice = browser.text_of(Locator::Id("checker-status")).await?;
    let form_shown = browser
        .client
        .find(Locator::Id("eligibility-form"))
        .await?
        .is_displayed()
        .await?;
    // The connection is back: 「重试」 starts the checker without reloading the page.
    browser
        .devtools("Network.setBlockedURLs", json!({ "urls": [] }))
        .await?;
    let retried = browser.click(Locator::Id("checker-retry")).await;
    let ready = match retried {
        Ok(()) => wait_until_ready(browser).await,
        Err(e) => Err(e),
    };
    let case = public_cases("eligibility-public.json")?
        .into_iter()
        .next()
        .context("a case")?;
    let answered = match ready {
        Ok(()) => {
            fill_form(browser, &case["answers"]).await?;
            submit(browser).await?;
            browser
                .wait_for(
                    "document.getElementById('eligibility-result').dataset.outcome",
                    "a result after the retry",
                )
                .await
        }
        Err(e) => Err(e),
    };
    let reloaded = browser
        .js(
            "return performance.getEntriesByType('navigation').length;",
            vec![],
        )
        .await?;
    let status_hidden = browser
        .js(
            "return document.getElementById('checker-status').hidden;",
            vec![],
        )
        .await?;
    test.browser.close().await;
    waited.with_context(|| format!("the notice reads {notice:?}"))?;
    ensure!(
        !notice.chars().any(|c| c.is_ascii_alphabetic()),
        "the notice is not all Chinese: {notice:?}"
    );
    ensure!(
        notice.contains("检查网络") && notice.contains("「重试」"),
        "the notice does not say what to do: {notice:?}"
    );
    ensure!(!form_shown, "a form that cannot work is shown");
    answered.context("the checker after 「重试」")?;
    ensure!(reloaded == json!(1), "the retry reloaded the page");
    ensure!(
        status_hidden == json!(true),
        "the failure notice stays after a successful retry"
    );
    Ok(())
}

/// The sum of the page's layout shifts so far (a buffered observer sees those before it).
async fn layout_shift(browser: &Browser) -> Result<f64> {
    let total = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             let total = 0;
             new PerformanceObserver((list) => {
               for (const entry of list.getEntries()) total += entry.value;
             }).observe({ type: 'layout-shift', buffered: true });
             setTimeout(() => done(total), 300);",
            vec![],
        )
        .await?;
    total.as_f64().context("a number")
}

#[tokio::test]
async fn the_checker_page_does_not_jump_while_the_checker_loads_or_after() -> Result<()> {
    // A slow connection: the page is read and painted well before the wasm arrives.
    let delay = std::time::Duration::from_millis(1500);
    let site = e2e::site::shipped_site(scratch!())?;
    let server = StaticServer::start_with_delay(site, Some(("checker_bg.wasm", delay)))?;
    let test = SiteTest::with_server(server, BrowserOptions::default()).await?;
    let browser = &test.browser;
    // A phone's width with a viewport as tall as the whole page: a shift counts only where it
    // is seen, and a jump further down is one too once the applicant scrolls there.
    let metrics = json!({ "width": 360, "height": 6000, "deviceScaleFactor": 1, "mobile": true });
    test.open("checker.html").await?;
    browser
        .devtools("Emulation.setDeviceMetricsOverride", metrics)
        .await?;
    let loading = browser
        .js(
            "const app = document.getElementById('checker-app');
             return [app.inert, document.getElementById('checker-submit').innerText];",
            vec![],
        )
        .await?;
    let while_loading = layout_shift(browser).await?;
    wait_until_ready(browser).await?;
    // Once ready, and after a moment for anything the checker does next.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let after = layout_shift(browser).await?;
    let submit = browser
        .js(
            "return document.getElementById('checker-submit').innerText;",
            vec![],
        )
        .await?;
    let errors = browser.console_errors().await?;
    test.browser.close().await;
    ensure!(
        loading == json!([true, "正在加载…"]),
        "while loading, the form is not inert or does not say so: {loading}"
    );
    ensure!(
        while_loading == 0.0,
        "the page shifted by {while_loading} while loading"
    );
    ensure!(
        after == 0.0,
        "the page shifted by {after} when the checker started"
    );
    ensure!(
        submit == json!("检查能否申报"),
        "the button still says {submit}"
    );
    ensure!(errors.is_empty(), "console errors: {errors:#?}");
    Ok(())
}

/// What the form holds, control by control (a radio group by its checked value).
async fn form_values(browser: &Browser) -> Result<Value> {
    browser
        .js(
            "const form = document.getElementById('eligibility-form');
             const values = {};
             for (const el of form.elements) {
               if (!el.name) continue;
               if (el.type === 'radio') { if (el.checked) values[el.name] = el.value; }
               else values[el.name] = el.value;
             }
             return values;",
            vec![],
        )
        .await
}

async fn result_shown(browser: &Browser) -> Result<Value> {
    browser
        .js(
            "const r = document.getElementById('eligibility-result');
             return [r.dataset.outcome || '', r.dataset.level || '', r.dataset.intakeMonth || '',
                     [...r.querySelectorAll('[data-reason]')].map(e => e.dataset.reason).sort()];",
            vec![],
        )
        .await
}

#[tokio::test]
async fn a_shared_link_opens_the_same_answers_and_result_in_another_browser() -> Result<()> {
    let server = StaticServer::start(e2e::site::shipped_site(scratch!())?)?;
    let mut problems = Vec::new();
    for case in public_cases("eligibility-public.json")? {
        let name = case["name"].as_str().unwrap_or("?").to_string();
        let first = Browser::start(BrowserOptions::default()).await?;
        answer_case(&first, &server, &case["answers"]).await?;
        let href = attribute(&first, "#eligibility-share", "href").await?;
        let label = first.text_of(Locator::Id("eligibility-share")).await?;
        let values = form_values(&first).await?;
        let result = result_shown(&first).await?;
        first.close().await;
        if !href.starts_with(&server.url("checker.html#v1.")) || label != href {
            problems.push(format!("{name}: share link {href:?} shown as {label:?}"));
            continue;
        }

        // Another profile: nothing of the first browser's draft is there.
        let second = Browser::start(BrowserOptions::default()).await?;
        second.client.goto(&href).await?;
        wait_until_ready(&second).await?;
        second
            .wait_for(
                "document.getElementById('eligibility-result').dataset.outcome",
                "the shared result",
            )
            .await
            .with_context(|| name.clone())?;
        let shared_values = form_values(&second).await?;
        let shared_result = result_shown(&second).await?;
        let missing = second
            .js(
                "return document.getElementById('eligibility-missing').textContent;",
                vec![],
            )
            .await?;
        second.close().await;
        if shared_values != values || shared_result != result || missing != json!("") {
            problems.push(format!(
                "{name}:\n  form   {values}\n  shared {shared_values}\n  result {result} / {shared_result}, message {missing}"
            ));
        }
    }
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

#[tokio::test]
async fn a_damaged_or_old_link_says_so_in_chinese_and_leaves_the_form_empty() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    // A draft on this device first: a bad link must not show it either.
    let case = public_cases("eligibility-public.json")?
        .into_iter()
        .next()
        .context("a case")?;
    answer_case(browser, &test.server, &case["answers"]).await?;
    let mut problems = Vec::new();
    for (fragment, expected) in [
        ("v1.11", "不完整或已损坏"),
        ("v1.1142024063012023070", "不完整或已损坏"),
        ("v1.x", "不完整或已损坏"),
        ("v9.1100", "旧版"),
    ] {
        // A fresh document each time (a fragment change alone does not reload the page).
        test.open("index.html").await?;
        browser
            .client
            .goto(&format!("{}#{fragment}", test.server.url("checker.html")))
            .await?;
        wait_until_ready(browser).await?;
        let message = browser
            .js(
                "return document.getElementById('eligibility-missing').textContent;",
                vec![],
            )
            .await?;
        let values = form_values(browser).await?;
        let outcome = attribute(browser, "#eligibility-result", "data-outcome").await?;
        let message = message.as_str().unwrap_or_default().to_string();
        let answered: Vec<_> = values
            .as_object()
            .map(|map| {
                map.iter()
                    .filter(|(name, value)| {
                        name.as_str() != "application_date" && *value != &json!("")
                    })
                    .map(|(name, _)| name.clone())
                    .collect()
            })
            .unwrap_or_default();
        if !message.contains(expected)
            || !message.contains("重新填写")
            || message.chars().any(|c| c.is_ascii_alphabetic())
            || !answered.is_empty()
            || !outcome.is_empty()
        {
            problems.push(format!(
                "#{fragment}: message {message:?}, answered {answered:?}, result {outcome:?}"
            ));
        }
    }
    test.browser.close().await;
    ensure!(problems.is_empty(), "{}", problems.join("\n"));
    Ok(())
}

#[tokio::test]
async fn a_printed_result_carries_the_date_the_answers_and_the_reference_note() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    let case = public_cases("eligibility-public.json")?
        .into_iter()
        .find(|case| case["answers"]["insured_since"].is_string())
        .context("a case with 在现单位连续参保的起始日期")?;
    answer_case(browser, &test.server, &case["answers"]).await?;
    let on_screen = browser
        .client
        .find(Locator::Id("print-facts"))
        .await?
        .is_displayed()
        .await?;
    browser
        .devtools("Emulation.setEmulatedMedia", json!({ "media": "print" }))
        .await?;
    let printed = browser.text_of(Locator::Id("print-facts")).await?;
    let share_printed = browser
        .client
        .find(Locator::Id("eligibility-share"))
        .await?
        .is_displayed()
        .await?;
    test.browser.close().await;
    let date = |field: &str| -> Result<String> {
        let value = case["answers"][field].as_str().context("a date")?;
        let mut parts = value.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
        let (y, m, d) = (
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
            parts.next().unwrap_or(0),
        );
        Ok(format!("{y}年{m}月{d}日"))
    };
    ensure!(!on_screen, "the print lines are shown on screen");
    ensure!(!share_printed, "the share link is printed");
    let expected = [
        format!("查询日期：{}", date("application_date")?),
        "您的回答：".to_string(),
        format!("取得学历或学位的日期：{}", date("qualification_date")?),
        format!("在现单位连续参保的起始日期：{}", date("insured_since")?),
        "网办系统能否查到社保缴费信息：查不到".to_string(),
        "本结果仅供参考，以网办大厅为准。".to_string(),
    ];
    let absent: Vec<_> = expected
        .iter()
        .filter(|line| !printed.contains(line.as_str()))
        .collect();
    ensure!(
        absent.is_empty(),
        "the printout lacks {absent:?}:\n{printed}"
    );
    ensure!(
        printed.matches("查询日期").count() == 1,
        "the 查询日期 is listed twice:\n{printed}"
    );
    Ok(())
}

/// What the clear button is about: the summary, one answer, one work-history row and what
/// localStorage holds.
async fn kept_state(browser: &Browser) -> Result<Value> {
    browser
        .js(
            "return [document.getElementById('summary-text').value,
                     document.getElementById('works_in_suzhou-true').checked,
                     document.querySelector('#work-history-form [name=unit]').value,
                     Object.keys(localStorage).sort()];",
            vec![],
        )
        .await
}

async fn shown(browser: &Browser, id: &str) -> Result<bool> {
    let hidden = browser
        .js(
            "return document.getElementById(arguments[0]).hidden;",
            vec![json!(id)],
        )
        .await?;
    Ok(hidden == json!(false))
}

async fn focused_id(browser: &Browser) -> Result<Value> {
    browser
        .js("return document.activeElement.id;", vec![])
        .await
}

/// Whether 撤销 is offered, where the focus is and what the clear button's status line says.
async fn undo_offer(browser: &Browser) -> Result<(bool, Value, Value)> {
    Ok((
        shown(browser, "checker-clear-undo").await?,
        focused_id(browser).await?,
        browser
            .js(
                "return document.getElementById('checker-clear-status').textContent;",
                vec![],
            )
            .await?,
    ))
}

#[tokio::test]
async fn clearing_asks_first_and_can_be_undone_for_ten_seconds() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    browser
        .client
        .find(Locator::Id("summary-text"))
        .await?
        .send_keys("本人主要从事电气设计。")
        .await?;
    choose(browser, "works_in_suzhou", true).await?;
    browser
        .client
        .find(Locator::Css("#work-history-form [name=unit]"))
        .await?
        .send_keys("苏州某设计院")
        .await?;
    let before = kept_state(browser).await?;
    ensure!(
        before
            == json!([
                "本人主要从事电气设计。",
                true,
                "苏州某设计院",
                [
                    "suzhou-title-guide.checker.v1",
                    "suzhou-title-guide.checker.work-history.v1"
                ]
            ]),
        "the state to clear was not kept: {before}"
    );

    // Asked first; 取消 keeps everything.
    browser.click(Locator::Id("checker-clear")).await?;
    let asked = (
        shown(browser, "checker-clear-confirm").await?,
        kept_state(browser).await?,
        focused_id(browser).await?,
    );
    browser.click(Locator::Id("checker-clear-no")).await?;
    let cancelled = (
        shown(browser, "checker-clear-confirm").await?,
        kept_state(browser).await?,
        focused_id(browser).await?,
    );
    ensure!(
        asked == (true, before.clone(), json!("checker-clear-no")),
        "the clear button did not ask first: {asked:?}"
    );
    ensure!(
        cancelled == (false, before.clone(), json!("checker-clear")),
        "取消 did not keep everything: {cancelled:?}"
    );

    // 确定清除 clears it all and offers 撤销, which brings it all back.
    browser.clear_checker().await?;
    let cleared = kept_state(browser).await?;
    let offer = undo_offer(browser).await?;
    browser.click(Locator::Id("checker-clear-undo")).await?;
    let undone = kept_state(browser).await?;
    let after_undo = undo_offer(browser).await?;
    ensure!(
        cleared == json!(["", false, "", []]),
        "确定清除 left something: {cleared}"
    );
    ensure!(
        offer.0
            && offer.1 == json!("checker-clear-undo")
            && offer.2.as_str().is_some_and(|t| t.contains("10 秒")),
        "no undo offered: {offer:?}"
    );
    ensure!(
        undone == before,
        "撤销 did not bring back everything: {undone}"
    );
    ensure!(
        !after_undo.0
            && after_undo.1 == json!("checker-clear")
            && after_undo.2 == json!("已恢复清除前的内容。"),
        "after 撤销: {after_undo:?}"
    );

    // Typing after clearing is new text: the offer ends rather than overwrite it.
    browser.clear_checker().await?;
    browser
        .client
        .find(Locator::Id("summary-text"))
        .await?
        .send_keys("新")
        .await?;
    ensure!(
        !shown(browser, "checker-clear-undo").await?,
        "撤销 still offered after new typing"
    );

    // Otherwise the offer ends after 10 seconds, the focus back on the clear button.
    browser.clear_checker().await?;
    tokio::time::sleep(std::time::Duration::from_millis(9_000)).await;
    let still = shown(browser, "checker-clear-undo").await?;
    tokio::time::sleep(std::time::Duration::from_millis(1_800)).await;
    let gone = !shown(browser, "checker-clear-undo").await?;
    let focus = focused_id(browser).await?;
    test.browser.close().await;
    ensure!(
        still && gone,
        "撤销 should stay about 10 s: at 9 s {still}, gone at 10.8 s {gone}"
    );
    ensure!(
        focus == json!("checker-clear"),
        "focus lost when 撤销 went: {focus}"
    );
    Ok(())
}

async fn fragment(browser: &Browser) -> Result<Value> {
    browser.js("return location.hash;", vec![]).await
}

#[tokio::test]
async fn the_address_follows_the_result_and_back_returns_to_it() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    let case = &public_cases("eligibility-public.json")?[0];
    answer_case(browser, &test.server, &case["answers"]).await?;
    let entries = browser.js("return history.length;", vec![]).await?;
    let share = attribute(browser, "#eligibility-share", "href").await?;
    let first = fragment(browser).await?;

    // Another 查询日期: another result, another address, no new history entry.
    set_value(browser, "application_date", "2026-12-05").await?;
    browser
        .wait_for(
            "document.getElementById('eligibility-result').dataset.intakeMonth === '2027-01'",
            "the result for the new date",
        )
        .await?;
    let new_share = attribute(browser, "#eligibility-share", "href").await?;
    let second = fragment(browser).await?;
    let entries_after = browser.js("return history.length;", vec![]).await?;

    // An answer taken back: no result, and no answers in the address.
    set_value(browser, "diploma", "").await?;
    let incomplete = fragment(browser).await?;
    let url = browser.client.current_url().await?;
    ensure!(
        share.ends_with(first.as_str().unwrap_or("?"))
            && first.as_str().is_some_and(|f| f.starts_with("#v1.")),
        "the address {first} is not the result's link {share}"
    );
    ensure!(
        new_share != share && new_share.ends_with(second.as_str().unwrap_or("?")),
        "the address {second} did not follow the new result {new_share}"
    );
    ensure!(
        entries_after == entries,
        "a history entry per change: {entries} → {entries_after}"
    );
    ensure!(
        incomplete == json!("") && url.as_str() == test.server.url("checker.html"),
        "an incomplete form kept answers in the address: {url}"
    );

    // Back from another page: the same answers, result and place on the page, whether the
    // browser kept the page (back/forward cache) or loads it again (an unload handler keeps
    // Chromium from caching it).
    set_value(browser, "diploma", "bachelor").await?;
    for reload in [false, true] {
        browser
            .wait_for(
                "document.getElementById('eligibility-result').dataset.outcome",
                "the result",
            )
            .await?;
        browser
            .js(
                "document.getElementById('materials-checklist').scrollIntoView();
                 window.keptByBrowser = true;
                 if (arguments[0]) addEventListener('unload', () => {});",
                vec![json!(reload)],
            )
            .await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let values = form_values(browser).await?;
        let result = result_shown(browser).await?;
        let scrolled = browser.js("return Math.round(scrollY);", vec![]).await?;
        test.open("process.html").await?;
        browser.client.back().await?;
        wait_until_ready(browser).await?;
        browser
            .wait_for(
                "document.getElementById('eligibility-result').dataset.outcome",
                "the result after going back",
            )
            .await?;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let back_values = form_values(browser).await?;
        let back_result = result_shown(browser).await?;
        let back_scrolled = browser.js("return Math.round(scrollY);", vec![]).await?;
        let kept = browser
            .js("return window.keptByBrowser === true;", vec![])
            .await?;
        ensure!(
            kept == json!(!reload),
            "reload {reload}: the page was kept by the browser: {kept}"
        );
        ensure!(
            back_values == values && back_result == result,
            "reload {reload}, back: answers {back_values} / {values}, result {back_result} / {result}"
        );
        let (at, back_at) = (
            scrolled.as_i64().unwrap_or(-1),
            back_scrolled.as_i64().unwrap_or(-2),
        );
        ensure!(
            at > 300 && (at - back_at).abs() <= 2,
            "reload {reload}, back: scrolled to {back_at}, was {at}"
        );
    }
    test.browser.close().await;
    Ok(())
}

/// Waits until the live region `live` says something; returns what it says and the text of
/// `shown`, the sentence on screen it should repeat.
async fn said_and_shown(browser: &Browser, live: &str, shown: &str) -> Result<(Value, Value)> {
    browser
        .wait_for(
            &format!("document.getElementById('{live}').textContent"),
            "a live sentence",
        )
        .await?;
    let both = browser
        .js(
            "return [document.getElementById(arguments[0]).textContent,
                     document.querySelector(arguments[1]).textContent];",
            vec![json!(live), json!(shown)],
        )
        .await?;
    Ok((both[0].clone(), both[1].clone()))
}

#[tokio::test]
async fn live_regions_say_one_short_sentence_once_typing_pauses() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    let textarea = browser.client.find(Locator::Id("summary-text")).await?;
    textarea.send_keys("本人").await?;
    textarea.send_keys("主要从事").await?;
    let while_typing = browser
        .js(
            "return document.getElementById('summary-live').textContent;",
            vec![],
        )
        .await?;
    let (said, count) = said_and_shown(browser, "summary-live", "#summary-result .count").await?;
    ensure!(
        while_typing == json!(""),
        "said while typing: {while_typing}"
    );
    ensure!(
        said == count && said.as_str().is_some_and(|s| s.contains("还差")),
        "the live sentence {said} is not the count {count}"
    );

    let case = &public_cases("eligibility-public.json")?[1];
    answer_case(browser, &test.server, &case["answers"]).await?;
    let (said, verdict) =
        said_and_shown(browser, "eligibility-live", "#eligibility-result h2").await?;
    test.browser.close().await;
    ensure!(
        said == verdict,
        "the live sentence {said} is not the headline {verdict}"
    );
    Ok(())
}

#[tokio::test]
async fn missing_answers_are_marked_and_listed_as_links_to_them() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open_checker().await?;
    browser.clear_checker().await?;
    choose(browser, "works_in_suzhou", true).await?;
    submit(browser).await?;
    let marked = || {
        browser.js(
            "const missing = document.getElementById('eligibility-missing');
             return [
               [...missing.querySelectorAll('ul > li > a')].map(a => a.getAttribute('href')),
               [...document.querySelectorAll('#eligibility-form [aria-invalid=true]')].map(c => c.id),
               [...document.querySelectorAll('#eligibility-form [data-invalid]')].map(b => b.id),
               getComputedStyle(document.getElementById('diploma-question')).borderLeftWidth,
             ];",
            vec![],
        )
    };
    let listed = marked().await?;
    let links: Vec<String> = listed[0]
        .as_array()
        .map(|links| {
            links
                .iter()
                .filter_map(|l| l.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    ensure!(
        links.first().map(String::as_str) == Some("#insured_in_suzhou-true")
            && links.contains(&"#diploma".to_string())
            && !links.contains(&"#works_in_suzhou-true".to_string())
            && !links.contains(&"#has_license-true".to_string()),
        "the list of missing answers: {links:?}"
    );
    ensure!(
        listed[1]
            .as_array()
            .is_some_and(|ids| ids.contains(&json!("insured_in_suzhou-true"))
                && ids.contains(&json!("insured_in_suzhou-false"))
                && ids.contains(&json!("diploma"))
                && !ids.contains(&json!("works_in_suzhou-true"))),
        "controls marked invalid: {}",
        listed[1]
    );
    ensure!(
        listed[2].as_array().map(Vec::len) == Some(links.len()) && listed[3] != json!("0px"),
        "questions not highlighted: {listed}"
    );

    // A link focuses its control and leaves the address alone.
    browser
        .click(Locator::Css("#eligibility-missing a[href='#diploma']"))
        .await?;
    let focus = focused_id(browser).await?;
    let hash = fragment(browser).await?;
    ensure!(focus == json!("diploma"), "the link focused {focus}");
    ensure!(hash == json!(""), "the link changed the address: {hash}");

    // An answer given: its mark and its line go.
    browser
        .client
        .find(Locator::Css("select[name='diploma']"))
        .await?
        .select_by_value("bachelor")
        .await?;
    let after = marked().await?;
    test.browser.close().await;
    ensure!(
        !after[0]
            .as_array()
            .is_some_and(|l| l.contains(&json!("#diploma")))
            && !after[1]
                .as_array()
                .is_some_and(|l| l.contains(&json!("diploma")))
            && after[0].as_array().map(Vec::len) == Some(links.len() - 1),
        "after answering 最高学历: {after}"
    );
    Ok(())
}

#[tokio::test]
async fn a_calendar_file_is_freed_when_its_result_is_replaced() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    // The page's policy lets it fetch nothing but its own files; the test reads the blob: URLs.
    browser
        .devtools("Page.setBypassCSP", json!({ "enabled": true }))
        .await?;
    let case = &public_cases("eligibility-public.json")?[0];
    answer_case(browser, &test.server, &case["answers"]).await?;
    let first = attribute(browser, "#intake-calendar", "href").await?;
    set_value(browser, "application_date", "2026-12-05").await?;
    browser
        .wait_for(
            "document.getElementById('eligibility-result').dataset.intakeMonth === '2027-01'",
            "the next result",
        )
        .await?;
    let second = attribute(browser, "#intake-calendar", "href").await?;
    let fetched = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const get = (url) => fetch(url).then(r => r.text()).then(t => t.includes('BEGIN:VCALENDAR'), () => 'revoked');
             Promise.all([get(arguments[0]), get(arguments[1])]).then(done);",
            vec![json!(first), json!(second)],
        )
        .await?;
    test.browser.close().await;
    ensure!(
        first.starts_with("blob:") && second.starts_with("blob:") && first != second,
        "calendar links: {first} {second}"
    );
    ensure!(
        fetched == json!(["revoked", true]),
        "the old calendar file was not freed (or the new one is broken): {fetched}"
    );
    Ok(())
}

#[tokio::test]
async fn date_inputs_show_the_whole_date_at_200_percent_text_on_a_320px_phone() -> Result<()> {
    let options = BrowserOptions {
        width: 320,
        ..BrowserOptions::default()
    };
    let test = SiteTest::shipped_with(scratch!(), options).await?;
    let browser = &test.browser;
    // 200 % text: the browser's default font size doubled (16 px → 32 px), as a phone's
    // text-size setting does; the style sheet's sizes follow it.
    browser
        .devtools(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "document.addEventListener('DOMContentLoaded', () => { document.documentElement.style.fontSize = 'calc(2 * 106.25%)'; });" }),
        )
        .await?;
    test.open_checker().await?;
    let case = &public_cases("eligibility-public.json")?[7];
    fill_form(browser, &case["answers"]).await?;
    // Each date input against the width its date needs: the date as the browser writes it
    // (the page's locale), in the input's own font, plus the calendar button.
    let fits = browser
        .js(
            "const out = [];
             for (const input of document.querySelectorAll('#eligibility-form input[type=date]')) {
               if (input.closest('[hidden]')) continue;
               const style = getComputedStyle(input);
               const probe = document.createElement('span');
               probe.style.font = style.font;
               probe.style.whiteSpace = 'pre';
               probe.textContent = new Date(input.value + 'T00:00').toLocaleDateString(navigator.language, { year: 'numeric', month: '2-digit', day: '2-digit' });
               document.body.append(probe);
               const text = probe.getBoundingClientRect().width;
               probe.remove();
               const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
               const icon = parseFloat(style.fontSize) * 0.9; // the 0.8em button and its margin
               out.push([input.id, Math.round(text + icon), Math.round(inner), parseFloat(style.fontSize), Math.round(input.getBoundingClientRect().top + scrollY)]);
             }
             return out;",
            vec![],
        )
        .await?;
    browser.screenshot_if_asked("checker-320px-200pc").await?;
    test.browser.close().await;
    let rows = fits.as_array().cloned().unwrap_or_default();
    ensure!(rows.len() >= 4, "date inputs measured: {fits}");
    for row in &rows {
        let (needed, room, size) = (
            row[1].as_f64().unwrap_or(f64::MAX),
            row[2].as_f64().unwrap_or(0.0),
            row[3].as_f64().unwrap_or(0.0),
        );
        ensure!(size >= 32.0, "the text was not doubled: {row}");
        ensure!(
            needed <= room,
            "{} cuts its date off: needs {needed} px, has {room} px (all: {fits})",
            row[0]
        );
    }
    Ok(())
}
