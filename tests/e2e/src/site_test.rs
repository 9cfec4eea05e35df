//! One end-to-end test's setup, in the manner of mdBook's `BookTest`: a built site served from
//! its sub-path and a fresh browser, with the pages opened by name.

use std::path::Path;

use anyhow::Result;

use crate::{checker, site, Browser, BrowserOptions, StaticServer};

/// `test.browser.close().await` ends the browser and leaves `test.server` to ask afterwards.
pub struct SiteTest {
    // Fields drop in order: the browser goes before the server it is talking to.
    pub browser: Browser,
    pub server: StaticServer,
}

impl SiteTest {
    /// The shipped guide (built once per test binary into `scratch`) in a default browser.
    pub async fn shipped(scratch: &Path) -> Result<Self> {
        Self::shipped_with(scratch, BrowserOptions::default()).await
    }

    /// The shipped guide in a browser with `options` (without JavaScript, say).
    pub async fn shipped_with(scratch: &Path, options: BrowserOptions) -> Result<Self> {
        Self::start(site::shipped_site(scratch)?, options).await
    }

    /// The built site in `site` in a browser with `options`.
    pub async fn start(site: &Path, options: BrowserOptions) -> Result<Self> {
        Self::with_server(StaticServer::start(site)?, options).await
    }

    /// A server already started (e.g. one that answers slowly) in a browser with `options`.
    pub async fn with_server(server: StaticServer, options: BrowserOptions) -> Result<Self> {
        let browser = Browser::start(options).await?;
        Ok(Self { server, browser })
    }

    /// The folder the server serves.
    pub fn site(&self) -> &Path {
        self.server.root()
    }

    /// Opens `page` of the site, e.g. `open("faq.html")`.
    pub async fn open(&self, page: &str) -> Result<()> {
        self.browser.client.goto(&self.server.url(page)).await?;
        Ok(())
    }

    /// Opens the checker page and waits until the checker is ready.
    pub async fn open_checker(&self) -> Result<()> {
        checker::open(&self.browser, &self.server).await
    }
}
