//! Debian's headless Chromium driven through chromedriver (WebDriver), one private browser per
//! test, with its console and network logs readable.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

const INSTALL_HINT: &str = "install them with: apt-get install -y chromium chromium-driver";

/// What the browser may run: the checker's fallbacks are tested by switching these off.
#[derive(Debug, Clone, Copy)]
pub struct BrowserOptions {
    pub javascript: bool,
    pub webassembly: bool,
    /// CSS pixels; 360 is the narrowest phone the site is made for.
    pub width: u32,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        Self {
            javascript: true,
            webassembly: true,
            width: 360,
        }
    }
}

/// One entry of Chromium's `browser` (console) or `performance` (DevTools events) log.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub level: String,
    pub message: String,
}

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start(options: BrowserOptions) -> anyhow::Result<Self> {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        if !std::path::Path::new(&chromium).exists() {
            bail!("Chromium not found at {chromium}; {INSTALL_HINT}");
        }
        let port = free_port()?;
        let mut driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {chromedriver}; {INSTALL_HINT}"))?;
        if let Err(e) = wait_for_port(port, Duration::from_secs(20)) {
            let _ = driver.kill();
            return Err(e);
        }

        let profile = tempfile::tempdir()?;
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            // This machine has no network: without these, Chromium's own background
            // connections fail noisily.
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            // A renderer that Chromium treats as in the background (two browsers on two cores)
            // must not be throttled while a test waits on it.
            "--disable-renderer-backgrounding".into(),
            "--disable-background-timer-throttling".into(),
            "--disable-backgrounding-occluded-windows".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        // A phone's viewport (a desktop window cannot be narrower than 500 px in headless mode).
        let phone = json!({ "deviceMetrics": { "width": options.width, "height": 800, "pixelRatio": 1.0, "mobile": true } });
        let mut chrome_options =
            json!({ "binary": chromium, "args": args, "mobileEmulation": phone });
        if !options.javascript {
            chrome_options["prefs"] =
                json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": chrome_options,
            "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
        });
        let capabilities = match capabilities {
            Value::Object(map) => map,
            _ => bail!("capabilities must be an object"),
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = match ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => client,
            Err(e) => {
                let _ = driver.kill();
                bail!("chromedriver did not start a Chromium session: {e}");
            }
        };
        // A page that has not loaded after a minute will not load: fail then, not after
        // chromedriver's default of five minutes.
        let timeouts = fantoccini::wd::TimeoutConfiguration::new(
            Some(Duration::from_secs(30)),
            Some(Duration::from_secs(60)),
            Some(Duration::ZERO),
        );
        if let Err(e) = client.update_timeouts(timeouts).await {
            let _ = driver.kill();
            bail!("chromedriver refused the timeouts: {e}");
        }
        let browser = Self {
            client,
            driver,
            _profile: profile,
        };
        if !options.webassembly {
            // A browser without WebAssembly (V8's --noexpose-wasm is ignored by Chromium's
            // headless shell): remove it before any page script runs.
            browser
                .devtools(
                    "Page.addScriptToEvaluateOnNewDocument",
                    json!({ "source": "delete globalThis.WebAssembly;" }),
                )
                .await?;
        }
        Ok(browser)
    }

    /// Sends a DevTools protocol command through chromedriver.
    pub async fn devtools(&self, cmd: &'static str, params: Value) -> anyhow::Result<Value> {
        self.client
            .issue_cmd(ChromedriverCommand {
                path: "goog/cdp/execute",
                body: json!({ "cmd": cmd, "params": params }),
            })
            .await
            .map_err(|e| anyhow!("DevTools {cmd}: {e}"))
    }

    /// Entries logged since the last call (chromedriver hands each entry out once).
    pub async fn log(&self, kind: &'static str) -> anyhow::Result<Vec<LogEntry>> {
        let value = self
            .client
            .issue_cmd(ChromedriverCommand {
                path: "se/log",
                body: json!({ "type": kind }),
            })
            .await
            .map_err(|e| anyhow!("reading the {kind} log: {e}"))?;
        let entries = value
            .as_array()
            .ok_or_else(|| anyhow!("the {kind} log is not a list: {value}"))?;
        Ok(entries
            .iter()
            .map(|entry| LogEntry {
                level: entry["level"].as_str().unwrap_or_default().to_string(),
                message: entry["message"].as_str().unwrap_or_default().to_string(),
            })
            .collect())
    }

    /// Every URL the page asked the network for since the last call (DevTools
    /// `Network.requestWillBeSent`), whatever the answer was — blocked or not.
    pub async fn requested_urls(&self) -> anyhow::Result<Vec<String>> {
        let mut urls = Vec::new();
        for entry in self.log("performance").await? {
            let event: Value = serde_json::from_str(&entry.message)?;
            if event["message"]["method"] == "Network.requestWillBeSent" {
                if let Some(url) = event["message"]["params"]["request"]["url"].as_str() {
                    urls.push(url.to_string());
                }
            }
        }
        Ok(urls)
    }

    /// Console entries that are errors (script errors, 404s, CSP violations all land here),
    /// since the last call.
    pub async fn console_errors(&self) -> anyhow::Result<Vec<String>> {
        Ok(self
            .log("browser")
            .await?
            .into_iter()
            .filter(|entry| {
                entry.level == "SEVERE" || entry.message.contains("Content Security Policy")
            })
            .map(|entry| entry.message)
            .collect())
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> anyhow::Result<Value> {
        self.client
            .execute(script, args)
            .await
            .map_err(|e| anyhow!("script failed: {e}\n{script}"))
    }

    /// Waits until `predicate` (a JS expression) is truthy in the page.
    pub async fn wait_for(&self, predicate: &str, what: &str) -> anyhow::Result<()> {
        let deadline = Instant::now() + Duration::from_secs(15);
        let script = format!("return !!({predicate});");
        loop {
            if self.js(&script, vec![]).await?.as_bool() == Some(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("timed out waiting for {what} ({predicate})");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Clicks the element `locator` finds (the first).
    pub async fn click(&self, locator: fantoccini::Locator<'_>) -> anyhow::Result<()> {
        self.client.find(locator).await?.click().await?;
        Ok(())
    }

    /// Presses the checker page's clear button and confirms (the page asks before clearing).
    pub async fn clear_checker(&self) -> anyhow::Result<()> {
        for id in ["checker-clear", "checker-clear-yes"] {
            self.click(fantoccini::Locator::Id(id)).await?;
        }
        Ok(())
    }

    /// The visible text of the element `locator` finds (the first).
    pub async fn text_of(&self, locator: fantoccini::Locator<'_>) -> anyhow::Result<String> {
        Ok(self.client.find(locator).await?.text().await?)
    }

    /// Waits until the search page has answered (`#search-results[data-count]`) and returns how
    /// many hits it counted.
    pub async fn search_result_count(&self) -> anyhow::Result<u64> {
        self.wait_for(
            "document.getElementById('search-results') && document.getElementById('search-results').dataset.count !== undefined",
            "the search to run",
        )
        .await?;
        let count = self
            .js(
                "return Number(document.getElementById('search-results').dataset.count);",
                vec![],
            )
            .await?;
        count
            .as_u64()
            .ok_or_else(|| anyhow!("data-count is not a number: {count}"))
    }

    /// Saves a PNG of the whole page into `$E2E_SCREENSHOTS/<name>.png` when that variable is
    /// set (for looking at the pages as an applicant would); does nothing otherwise.
    pub async fn screenshot_if_asked(&self, name: &str) -> anyhow::Result<()> {
        let Some(dir) = std::env::var_os("E2E_SCREENSHOTS") else {
            return Ok(());
        };
        // Make the viewport as tall as the page so the shot shows all of it.
        let width = self.js("return window.innerWidth;", vec![]).await?;
        let height = self
            .js("return document.documentElement.scrollHeight;", vec![])
            .await?;
        let metrics =
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": true });
        self.devtools("Emulation.setDeviceMetricsOverride", metrics)
            .await?;
        let png = self.client.screenshot().await?;
        std::fs::create_dir_all(&dir)?;
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png)?;
        self.devtools("Emulation.clearDeviceMetricsOverride", json!({}))
            .await?;
        Ok(())
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A failed test must not leave chromedriver (and its Chromium) behind.
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A chromedriver extension that fantoccini has no method for: a POST of `body` to
/// `session/{id}/{path}` (`se/log` for logs, `goog/cdp/execute` for DevTools commands).
#[derive(Debug)]
struct ChromedriverCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for ChromedriverCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Waits until chromedriver answers `GET /status` with `"ready": true` (listening alone is not
/// enough: early sessions are refused).
fn wait_for_port(port: u16, timeout: Duration) -> anyhow::Result<()> {
    use std::io::{Read, Write};
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let request = format!(
                "GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
            );
            // chromedriver keeps the connection open: read until the answer is there.
            let mut answer = Vec::new();
            let mut chunk = [0u8; 1024];
            if stream.write_all(request.as_bytes()).is_ok() {
                while let Ok(read @ 1..) = stream.read(&mut chunk) {
                    answer.extend_from_slice(chunk.get(..read).unwrap_or_default());
                    let text = String::from_utf8_lossy(&answer).replace(' ', "");
                    if text.contains("\"ready\":true") {
                        return Ok(());
                    }
                }
            }
        }
        if Instant::now() > deadline {
            bail!("chromedriver was not ready on port {port} within {timeout:?}; {INSTALL_HINT}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
