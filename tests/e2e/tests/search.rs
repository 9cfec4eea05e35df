//! Search in a real Chromium: the header field of a section page leads to `search.html`, whose
//! count equals what a brute-force count of the rendered pages' text finds; a hit leads to its
//! anchor; a miss suggests the checker and the FAQ; `/` and the arrow keys work; without
//! JavaScript the page says so and keeps the table of contents. Guide pages load nothing of the
//! search until a search is made.

use std::path::Path;

use anyhow::{ensure, Context, Result};
use e2e::{scratch, Browser, BrowserOptions, SiteTest};
use fantoccini::Locator;
use serde_json::json;

/// WebDriver's Enter key.
const ENTER: &str = "\u{E007}";
const ARROW_DOWN: &str = "\u{E015}";

/// The pages search covers: home, sections and FAQ (not the checker, not search itself).
fn searched_pages(site: &Path) -> Result<Vec<String>> {
    let mut pages: Vec<String> = std::fs::read_dir(site)?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".html") && name != "checker.html" && name != "search.html")
        .collect();
    pages.sort();
    Ok(pages)
}

/// How often `word` occurs in the rendered text of each page's `<main>`, as Ctrl+F would count
/// it (the browser's own `innerText`), summed.
async fn rendered_count(test: &SiteTest, word: &str) -> Result<u64> {
    let mut total = 0;
    for page in searched_pages(test.site())? {
        test.open(&page).await?;
        let count = test
            .browser
            .js(
                "return document.querySelector('main').innerText.split(arguments[0]).length - 1;",
                vec![json!(word)],
            )
            .await?;
        total += count.as_u64().context("a count")?;
    }
    Ok(total)
}

async fn active_id(browser: &Browser) -> Result<String> {
    let id = browser
        .js(
            "return document.activeElement ? document.activeElement.id : '';",
            vec![],
        )
        .await?;
    Ok(id.as_str().unwrap_or_default().to_string())
}

#[tokio::test]
async fn the_header_field_finds_every_occurrence_and_a_hit_leads_to_its_anchor() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    let expected = rendered_count(&test, "学信网").await?;
    ensure!(expected >= 2, "学信网 occurs {expected} times in the guide");

    // What the page itself asks for (DevTools' log of the page, whether the network or the
    // service worker answers): the server's log also holds the worker's background download
    // of every file of the site, which keeps it for offline use.
    browser.requested_urls().await?;
    test.open("materials.html").await?;
    let before = browser.requested_urls().await?;
    ensure!(
        before.iter().any(|url| url.ends_with("/materials.html")),
        "the page's requests were not logged: {before:?}"
    );
    ensure!(
        !before.iter().any(|url| url.contains("search/search")
            || url.contains("search/page.js")
            || url.ends_with(".bin")),
        "a guide page loaded search files before any search: {before:?}"
    );
    let input = browser.client.find(Locator::Id("search-input")).await?;
    input.send_keys(&format!("学信网{ENTER}")).await?;
    let count = browser.search_result_count().await?;
    let url = browser.client.current_url().await?;
    ensure!(
        url.path().ends_with("/search.html") && url.query().is_some_and(|q| q.starts_with("q=")),
        "the form did not lead to search.html?q=…: {url}"
    );
    ensure!(
        count == expected,
        "data-count {count}, but the rendered pages hold {expected}"
    );
    let items = browser
        .client
        .find_all(Locator::Css("#search-results > li"))
        .await?;
    ensure!(
        items.len() as u64 == count,
        "{} items for {count} hits",
        items.len()
    );
    let marks = browser
        .js(
            "return Array.from(document.querySelectorAll('#search-results li mark')).map(m => m.textContent);",
            vec![],
        )
        .await?;
    ensure!(
        marks
            .as_array()
            .is_some_and(|m| m.iter().all(|t| t == "学信网")),
        "marks: {marks}"
    );
    let status = browser.text_of(Locator::Id("search-status")).await?;
    ensure!(status.contains(&count.to_string()), "status: {status}");
    browser.screenshot_if_asked("search-results").await?;

    let link = browser
        .client
        .find(Locator::Css("#search-results > li a"))
        .await?;
    let href = link.attr("href").await?.unwrap_or_default();
    let (page, anchor) = href.split_once('#').context("hit links to an anchor")?;
    link.click().await?;
    browser
        .wait_for(
            &format!("location.pathname.endsWith('/{page}')"),
            "the hit's page",
        )
        .await?;
    let found = browser
        .js(
            "const target = document.getElementById(arguments[0]);
             if (!target) return null;
             const main = document.querySelector('main').innerText;
             return { hash: location.hash, text: main.includes('学信网') };",
            vec![json!(anchor)],
        )
        .await?;
    ensure!(
        found["hash"] == json!(format!("#{anchor}")) && found["text"] == json!(true),
        "after following {href}: {found}"
    );
    test.browser.close().await;
    Ok(())
}

#[tokio::test]
async fn a_query_without_hits_says_so_and_suggests_the_checker_and_the_faq() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open("search.html?q=%E6%9C%88%E7%90%83%E8%90%BD%E6%88%B7")
        .await?;
    let count = browser.search_result_count().await?;
    ensure!(count == 0, "月球落户 found {count} times");
    let status = browser.text_of(Locator::Id("search-status")).await?;
    ensure!(status.contains("没有找到「月球落户」"), "status: {status}");
    let none = browser.client.find(Locator::Id("search-none")).await?;
    ensure!(none.is_displayed().await?, "no suggestions shown");
    let hrefs: Vec<String> = {
        let mut hrefs = Vec::new();
        for link in none.find_all(Locator::Css("a")).await? {
            hrefs.push(link.attr("href").await?.unwrap_or_default());
        }
        hrefs
    };
    ensure!(
        hrefs == ["checker.html", "faq.html"],
        "suggestions: {hrefs:?}"
    );
    test.browser.close().await;
    Ok(())
}

#[tokio::test]
async fn slash_focuses_the_field_and_arrows_and_enter_walk_the_results() -> Result<()> {
    let test = SiteTest::shipped(scratch!()).await?;
    let browser = &test.browser;
    test.open("process.html").await?;
    browser
        .js("document.getElementById('main').focus();", vec![])
        .await?;
    browser
        .client
        .find(Locator::Id("main"))
        .await?
        .send_keys("/")
        .await?;
    ensure!(
        active_id(browser).await? == "search-input",
        "`/` did not focus the search field"
    );
    let input = browser.client.find(Locator::Id("search-input")).await?;
    ensure!(
        input.prop("value").await?.unwrap_or_default().is_empty(),
        "the `/` was typed into the field"
    );
    input.send_keys(&format!("证明{ENTER}")).await?;
    let count = browser.search_result_count().await?;
    ensure!(count >= 2, "证明 found {count} times");
    let input = browser.client.find(Locator::Id("search-input")).await?;
    ensure!(
        input.prop("value").await?.as_deref() == Some("证明"),
        "the field does not show the query"
    );
    input.send_keys(ARROW_DOWN).await?;
    let first = browser
        .js(
            "return document.activeElement.getAttribute('href');",
            vec![],
        )
        .await?;
    let links = browser
        .js(
            "return Array.from(document.querySelectorAll('#search-results a')).map(a => a.getAttribute('href'));",
            vec![],
        )
        .await?;
    ensure!(
        first == links[0],
        "ArrowDown focused {first}, not the first hit"
    );
    browser
        .client
        .find(Locator::Css(":focus"))
        .await?
        .send_keys(ARROW_DOWN)
        .await?;
    let second = browser
        .js(
            "return document.activeElement.getAttribute('href');",
            vec![],
        )
        .await?;
    ensure!(
        second == links[1],
        "ArrowDown focused {second}, not the second hit"
    );
    browser
        .client
        .find(Locator::Css(":focus"))
        .await?
        .send_keys(ENTER)
        .await?;
    let target = second.as_str().context("href")?.to_string();
    let page = target.split('#').next().unwrap_or_default().to_string();
    browser
        .wait_for(
            &format!("location.pathname.endsWith('/{page}')"),
            "Enter to follow the hit",
        )
        .await?;
    test.browser.close().await;
    Ok(())
}

#[tokio::test]
async fn without_javascript_the_search_page_says_so_and_keeps_the_contents() -> Result<()> {
    let no_js = BrowserOptions {
        javascript: false,
        ..BrowserOptions::default()
    };
    let test = SiteTest::shipped_with(scratch!(), no_js).await?;
    let browser = &test.browser;
    test.open("basic-info.html").await?;
    browser
        .client
        .find(Locator::Id("search-input"))
        .await?
        .send_keys(&format!("学信网{ENTER}"))
        .await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while !browser
        .client
        .current_url()
        .await?
        .path()
        .ends_with("/search.html")
    {
        ensure!(
            std::time::Instant::now() < deadline,
            "the form did not submit"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let status = browser.text_of(Locator::Id("search-status")).await?;
    ensure!(status.contains("JavaScript"), "status without JS: {status}");
    let contents = browser
        .client
        .find_all(Locator::Css(".search-toc a"))
        .await?;
    ensure!(
        contents.len() >= 7,
        "{} links in the contents",
        contents.len()
    );
    test.browser.close().await;
    Ok(())
}
