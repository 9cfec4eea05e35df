//! `builder serve` in a real Chromium: an open page reloads itself with an edit of its section,
//! shows a broken link's error over the last good page (as text, without reloading), and comes
//! back by itself once the link is fixed; the live-reload script runs under the pages' CSP.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Result};
use e2e::{Browser, BrowserOptions};
use serde_json::Value;

/// Polls a JS expression until it is truthy; a script that fails while the page reloads is
/// tried again.
async fn eventually(browser: &Browser, predicate: &str, what: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    let script = format!("return !!({predicate});");
    loop {
        if let Ok(Value::Bool(true)) = browser.js(&script, vec![]).await {
            return Ok(());
        }
        if Instant::now() > deadline {
            let text = browser
                .js(
                    "return document.body ? document.body.innerText : '';",
                    vec![],
                )
                .await
                .unwrap_or_default();
            bail!("timed out waiting for {what} ({predicate}); the page reads:\n{text}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Marks the page's JS world: the mark is gone once the page has reloaded.
async fn mark(browser: &Browser) -> Result<()> {
    browser.js("window.__notReloaded = true;", vec![]).await?;
    Ok(())
}

const RELOADED: &str = "window.__notReloaded === undefined";
const OVERLAY: &str = "document.getElementById('builder-serve-error')";

#[tokio::test]
async fn an_open_page_follows_edits_and_shows_a_failed_build_until_it_is_fixed() -> Result<()> {
    let scratch = tempfile::tempdir()?;
    let guide = scratch.path().join("guide");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/valid-minimal");
    e2e::site::copy_dir(&fixture, &guide)?;
    let server = builder::serve::Server::start(&guide, 0, |_: &builder::serve::Outcome| {})?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    browser
        .client
        .goto(&format!("{}basics.html", server.url()))
        .await?;
    eventually(&browser, "document.querySelector('h1')", "the page").await?;
    mark(&browser).await?;

    let section = guide.join("sections/basics.md");
    let original = std::fs::read_to_string(&section)?;
    std::fs::write(&section, original.replace("期满。", "期满。新增的一句话。"))?;
    eventually(
        &browser,
        &format!(
            "{RELOADED} && document.querySelector('main').textContent.includes('新增的一句话')"
        ),
        "the page to reload with the edit",
    )
    .await?;
    mark(&browser).await?;

    std::fs::write(
        &section,
        original.replace("(faq.html#summary)", "(faq.html#no-such-question)"),
    )?;
    eventually(
        &browser,
        &format!(
            "{OVERLAY} && {OVERLAY}.textContent.includes('sections/basics.md:17: broken link')"
        ),
        "the error over the page",
    )
    .await?;
    let state = browser
        .js(
            &format!(
                "const box = {OVERLAY}; return [window.__notReloaded === true, box.children.length, \
                 box.getAttribute('role'), document.querySelector('main').textContent.includes('新增的一句话'), \
                 box.getBoundingClientRect().height > 0];"
            ),
            vec![],
        )
        .await?;
    ensure!(
        state == serde_json::json!([true, 0, "alert", true, true]),
        "a failed build: [not reloaded, elements in the overlay, role, last good page shown, overlay visible] = {state}"
    );

    std::fs::write(&section, &original)?;
    eventually(
        &browser,
        &format!("{RELOADED} && !{OVERLAY} && !document.querySelector('main').textContent.includes('新增的一句话')"),
        "the fixed page without the error",
    )
    .await?;

    let problems = browser.console_errors().await?;
    browser.close().await;
    drop(server);
    ensure!(problems.is_empty(), "console: {problems:#?}");
    Ok(())
}
