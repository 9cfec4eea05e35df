//! Offline use in a real Chromium: after one visit to one page the footer says 「已可离线使用」,
//! the browser's own installability check finds nothing missing, and the browser's cache holds
//! exactly the site's files. Then the server goes away (its port is closed) and every other
//! page opens, the checker gives its result and a search from the header finds its hits. A new
//! build (a changed page) uploaded and the network back: the old pages stay as they were and
//! say 「指南已更新」; 刷新 brings the new page, and only the new build's cache is left. A file
//! on the host that is not the build's is refused by the browser, and nothing is kept.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use e2e::checker::{public_cases, wait_until_ready};
use e2e::{scratch, Browser, BrowserOptions, SiteTest, SwitchableServer};
use fantoccini::Locator;
use serde_json::{json, Value};

/// WebDriver's Enter key.
const ENTER: &str = "\u{E007}";
/// The sentence the second build adds to the materials page.
const CHANGED: &str = "这是第二次构建新加的一句话。";

fn offline_scratch() -> PathBuf {
    scratch!().join("offline")
}

/// The site's files a worker should keep, relative to the site root (all but `sw.js` and the
/// builder's marker).
fn site_files(site: &Path) -> Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, files: &mut Vec<String>) -> Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, files)?;
            } else {
                let relative = path
                    .strip_prefix(root)?
                    .to_string_lossy()
                    .replace('\\', "/");
                if relative != "sw.js" && relative != ".builder-site" {
                    files.push(relative);
                }
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(site, site, &mut files)?;
    files.sort();
    Ok(files)
}

/// This scope's caches in the browser, each with the URLs it holds (sorted).
async fn caches(browser: &Browser) -> Result<Vec<(String, Vec<String>)>> {
    let value = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               const registration = await navigator.serviceWorker.getRegistration();
               const prefix = `guide ${registration.scope} `;
               const out = [];
               for (const name of await caches.keys()) {
                 const cache = await caches.open(name);
                 const urls = (await cache.keys()).map((request) => request.url).sort();
                 out.push([name.startsWith(prefix) ? name : `OTHER ${name}`, urls]);
               }
               return out;
             })().then(done, (error) => done(String(error)));",
            vec![],
        )
        .await?;
    serde_json::from_value(value.clone()).with_context(|| format!("caches: {value}"))
}

async fn shown(browser: &Browser, id: &str) -> Result<bool> {
    let value = browser
        .js(
            "const el = document.getElementById(arguments[0]); return !!el && !el.hidden && el.offsetHeight > 0;",
            vec![json!(id)],
        )
        .await?;
    Ok(value == json!(true))
}

async fn main_text(browser: &Browser) -> Result<String> {
    let text = browser
        .js(
            "const main = document.querySelector('main'); return main ? main.innerText : '';",
            vec![],
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

/// Answers the checker's first public case through the form and returns the result's outcome
/// and level.
async fn check_first_public_case(browser: &Browser, server: &SwitchableServer) -> Result<Value> {
    let cases = public_cases("eligibility-public.json")?;
    let case = cases.first().context("a public case")?;
    browser.client.goto(&server.url("checker.html")).await?;
    wait_until_ready(browser).await?;
    browser
        .js(
            "const answers = arguments[0];
             const form = document.getElementById('eligibility-form');
             for (const name of ['works_in_suzhou', 'insured_in_suzhou', 'diploma', 'degree',
                 'qualification_date', 'major_matches', 'work_start_date', 'licensed_series',
                 'has_license', 'insurance_visible', 'insured_since', 'application_date']) {
               const value = answers[name];
               if (value === null || (name === 'has_license' && !answers.licensed_series)) continue;
               const radio = form.querySelector(`input[type=radio][name='${name}'][value='${value}']`);
               if (radio) { radio.click(); continue; }
               const el = form.querySelector(`[name='${name}']`);
               el.value = value;
               el.dispatchEvent(new Event('input', { bubbles: true }));
               el.dispatchEvent(new Event('change', { bubbles: true }));
             }
             form.querySelector(\"button[type='submit']\").click();",
            vec![case["answers"].clone()],
        )
        .await?;
    browser
        .wait_for(
            "document.getElementById('eligibility-result').dataset.outcome",
            "the checker's result",
        )
        .await?;
    let got = browser
        .js(
            "const r = document.getElementById('eligibility-result').dataset; return [r.outcome, r.level];",
            vec![],
        )
        .await?;
    let want = json!([case["expect"]["outcome"], case["expect"]["level"]]);
    ensure!(
        got == want,
        "the checker said {got}, the case expects {want}"
    );
    Ok(got)
}

#[tokio::test]
async fn after_one_visit_the_guide_works_offline_and_a_new_build_is_offered() -> Result<()> {
    let first = e2e::site::shipped_site(scratch!())?;
    let second = e2e::site::edited_file_site(
        &offline_scratch(),
        "second-build",
        "sections/60-materials.md",
        |text| format!("{text}\n{CHANGED}\n"),
    )?;
    let files = site_files(first)?;
    let pages: Vec<&String> = files.iter().filter(|f| f.ends_with(".html")).collect();
    ensure!(pages.len() >= 10, "too few pages: {pages:?}");

    let mut server = SwitchableServer::start(first)?;
    let browser = Browser::start(BrowserOptions::default()).await?;

    // One visit, to one page.
    let started = Instant::now();
    browser.client.goto(&server.url("materials.html")).await?;
    browser
        .wait_for(
            "!document.getElementById('offline-ready').hidden",
            "「已可离线使用」",
        )
        .await?;
    let ready_after = started.elapsed();
    eprintln!("「已可离线使用」 {ready_after:?} after the first page was asked for");
    ensure!(shown(&browser, "offline-ready").await?);
    ensure!(!shown(&browser, "offline-updated").await?);
    let words = browser.text_of(Locator::Id("offline-ready")).await?;
    ensure!(
        words.starts_with("已可离线使用"),
        "the footer says {words:?}"
    );

    // Chrome's own installability check (Lighthouse's PWA checks are gone): nothing missing.
    let installability = browser
        .devtools("Page.getInstallabilityErrors", json!({}))
        .await?;
    ensure!(
        installability["installabilityErrors"] == json!([]),
        "not installable: {installability}"
    );
    let manifest = browser.devtools("Page.getAppManifest", json!({})).await?;
    ensure!(manifest["errors"] == json!([]), "manifest: {manifest}");
    ensure!(
        manifest["url"] == json!(server.url("manifest.webmanifest")),
        "manifest: {manifest}"
    );

    // The cache holds exactly the site's files, under this scope, and nothing else is cached.
    let kept = caches(&browser).await?;
    let expected: Vec<String> = files.iter().map(|f| server.url(f)).collect();
    ensure!(kept.len() == 1, "caches: {:?}", names(&kept));
    ensure!(kept[0].1 == expected, "the cache holds {:#?}", kept[0].1);
    let first_cache = kept[0].0.clone();

    // The network goes away.
    server.go_offline();
    ensure!(
        std::net::TcpStream::connect_timeout(&server_addr(&server)?, Duration::from_millis(500))
            .is_err(),
        "the server still answers"
    );
    let network = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('sw.js?probe', { cache: 'no-store' }).then(() => done('reached'), () => done('failed'));",
            vec![],
        )
        .await?;
    ensure!(network == json!("failed"), "the network is still there");

    // Every other page opens, the folder's own address too.
    let mut visited = Vec::new();
    for page in pages.iter().filter(|p| p.as_str() != "materials.html") {
        browser.client.goto(&server.url(page)).await?;
        let html = std::fs::read_to_string(first.join(page))?;
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .context("a <title>")?
            .replace("&amp;", "&");
        let got = browser.js("return document.title;", vec![]).await?;
        ensure!(
            got == json!(title),
            "{page} offline: title {got}, want {title}"
        );
        ensure!(shown(&browser, "offline-ready").await?, "{page}: not ready");
        visited.push(page.as_str());
    }
    browser.client.goto(&server.base_url).await?;
    let home = browser
        .js("return document.body.className;", vec![])
        .await?;
    ensure!(home == json!("page-index"), "the folder offline: {home}");

    // The checker gives a result.
    let result = check_first_public_case(&browser, &server).await?;
    eprintln!(
        "offline: {} pages opened, checker said {result}",
        visited.len() + 2
    );

    // A search from the header field of a page (search.html?q=… is search.html).
    browser.client.goto(&server.url("faq.html")).await?;
    let input = browser.client.find(Locator::Id("search-input")).await?;
    input.send_keys(&format!("学信网{ENTER}")).await?;
    let count = browser.search_result_count().await?;
    ensure!(count >= 2, "offline search found {count}");
    let url = browser.client.current_url().await?;
    ensure!(url.query().is_some_and(|q| q.starts_with("q=")), "{url}");

    // A new build is uploaded and the network is back.
    server.go_online(&second)?;
    browser.client.goto(&server.url("materials.html")).await?;
    browser
        .wait_for(
            "!document.getElementById('offline-updated').hidden",
            "「指南已更新」",
        )
        .await?;
    ensure!(shown(&browser, "offline-updated").await?);
    ensure!(!shown(&browser, "offline-ready").await?);
    // Until asked, the page is the old build's, whole, while the new one waits in its own cache.
    ensure!(
        !main_text(&browser).await?.contains(CHANGED),
        "the new text showed before 刷新"
    );
    let both = caches(&browser).await?;
    ensure!(
        both.len() == 2 && both.iter().any(|(name, _)| name == &first_cache),
        "caches while waiting: {:?}",
        names(&both)
    );
    // Another page of the old build says so too.
    browser.client.goto(&server.url("faq.html")).await?;
    browser
        .wait_for(
            "!document.getElementById('offline-updated').hidden",
            "「指南已更新」 on another page",
        )
        .await?;
    browser.client.goto(&server.url("materials.html")).await?;
    browser
        .wait_for(
            "!document.getElementById('offline-updated').hidden",
            "「指南已更新」 again",
        )
        .await?;

    let button = browser.client.find(Locator::Id("offline-reload")).await?;
    ensure!(button.text().await? == "刷新");
    button.click().await?;
    browser
        .wait_for(
            &format!("document.querySelector('main') && document.querySelector('main').innerText.includes({CHANGED:?})"),
            "the new build's page after 刷新",
        )
        .await?;
    browser
        .wait_for(
            "!document.getElementById('offline-ready').hidden",
            "「已可离线使用」 after the update",
        )
        .await?;
    ensure!(!shown(&browser, "offline-updated").await?);
    let after = caches(&browser).await?;
    let second_files: Vec<String> = site_files(&second)?.iter().map(|f| server.url(f)).collect();
    ensure!(
        after.len() == 1 && after[0].0 != first_cache && after[0].1 == second_files,
        "caches after the update: {:?}",
        names(&after)
    );
    let errors: Vec<String> = browser
        .log("browser")
        .await?
        .into_iter()
        .filter(|entry| entry.level == "SEVERE" && !entry.message.contains("sw.js?probe"))
        .map(|entry| entry.message)
        .collect();
    browser.close().await;
    ensure!(errors.is_empty(), "console errors: {errors:#?}");
    Ok(())
}

fn names(caches: &[(String, Vec<String>)]) -> Vec<&str> {
    caches.iter().map(|(name, _)| name.as_str()).collect()
}

fn server_addr(server: &SwitchableServer) -> Result<std::net::SocketAddr> {
    let url = url::Url::parse(&server.base_url)?;
    Ok(std::net::SocketAddr::from((
        [127, 0, 0, 1],
        url.port().context("a port")?,
    )))
}

/// A host (or a cache on the way) that serves a file other than the build's: the browser checks
/// every download against the integrity `sw.js` lists, so nothing is kept and the footer never
/// claims offline use.
#[tokio::test]
async fn a_file_that_is_not_the_builds_is_refused_and_nothing_is_kept() -> Result<()> {
    let built = e2e::site::shipped_site(scratch!())?;
    let site = offline_scratch().join("tampered");
    let _ = std::fs::remove_dir_all(&site);
    e2e::site::copy_dir(built, &site)?;
    // Not the page opened: one the worker downloads while installing.
    let faq = site.join("faq.html");
    let mut bytes = std::fs::read(&faq)?;
    bytes.extend_from_slice(b"<!-- changed on the host -->");
    std::fs::write(&faq, bytes)?;

    let test = SiteTest::start(&site, BrowserOptions::default()).await?;
    let browser = &test.browser;
    test.open("materials.html").await?;
    // The worker asks for the changed file while installing…
    let deadline = Instant::now() + Duration::from_secs(15);
    while !test
        .server
        .requests()
        .iter()
        .any(|request| request.path.ends_with("/faq.html"))
    {
        ensure!(
            Instant::now() < deadline,
            "the worker never asked for faq.html"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // …and its install ends (a first install that fails removes the registration).
    browser
        .wait_for(
            "window.__installEnded === true || (navigator.serviceWorker.getRegistration().then((r) => { window.__installEnded = !r || (!r.installing && !r.waiting); }), false)",
            "the worker's install to end",
        )
        .await?;
    let state = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.serviceWorker.getRegistration().then((r) => done(r && r.active ? 'active' : 'none'));",
            vec![],
        )
        .await?;
    ensure!(state == json!("none"), "a worker was installed: {state}");
    let kept = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             caches.keys().then(done, (error) => done(String(error)));",
            vec![],
        )
        .await?;
    ensure!(kept == json!([]), "something was kept: {kept}");
    ensure!(
        !shown(browser, "offline-ready").await?,
        "「已可离线使用」 is shown"
    );
    test.browser.close().await;
    Ok(())
}
