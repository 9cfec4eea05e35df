//! A static file server on 127.0.0.1 that serves a folder under a sub-path (so that any
//! root-relative URL in the site shows up as a 404) and records every request it answers.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// The sub-path the site is mounted under, as on a real static host.
pub const MOUNT: &str = "/applicants/guide/";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedRequest {
    pub path: String,
    pub status: u16,
}

pub struct StaticServer {
    /// `http://127.0.0.1:PORT/applicants/guide/`
    pub base_url: String,
    root: PathBuf,
    server: Arc<tiny_http::Server>,
    requests: Arc<Mutex<Vec<ServedRequest>>>,
    thread: Option<JoinHandle<()>>,
}

impl StaticServer {
    pub fn start(root: &Path) -> anyhow::Result<Self> {
        Self::start_with_delay(root, None)
    }

    /// As [`StaticServer::start`], but every request whose path ends with `delay.0` is answered
    /// only after `delay.1` (a slow connection for one file; other files are served meanwhile).
    pub fn start_with_delay(
        root: &Path,
        delay: Option<(&str, std::time::Duration)>,
    ) -> anyhow::Result<Self> {
        let delay = delay.map(|(suffix, time)| (suffix.to_string(), time));
        let server = tiny_http::Server::http("127.0.0.1:0")
            .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1: {e}"))?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|addr| addr.port())
            .ok_or_else(|| anyhow::anyhow!("server has no IP address"))?;
        let server = Arc::new(server);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (server, requests, root) = (server.clone(), requests.clone(), root.to_path_buf());
            std::thread::spawn(move || serve(&server, &root, &requests, delay.as_ref()))
        };
        Ok(Self {
            base_url: format!("http://127.0.0.1:{port}{MOUNT}"),
            root: root.to_path_buf(),
            server,
            requests,
            thread: Some(thread),
        })
    }

    /// The URL of a page of the site, e.g. `url("checker.html")`.
    pub fn url(&self, page: &str) -> String {
        format!("{}{page}", self.base_url)
    }

    /// The folder served.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Every request answered so far.
    pub fn requests(&self) -> Vec<ServedRequest> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(
    server: &tiny_http::Server,
    root: &Path,
    log: &Mutex<Vec<ServedRequest>>,
    delay: Option<&(String, std::time::Duration)>,
) {
    for request in server.incoming_requests() {
        let path = request
            .url()
            .split(['?', '#'])
            .next()
            .unwrap_or("")
            .to_string();
        let file = resolve(root, &path);
        let response = match file.as_deref().map(std::fs::read) {
            Some(Ok(bytes)) => {
                let kind = content_type(file.as_deref().unwrap_or(root));
                let header = tiny_http::Header::from_bytes("Content-Type", kind)
                    .expect("static header is valid");
                tiny_http::Response::from_data(bytes).with_header(header)
            }
            _ => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        };
        let status = response.status_code().0;
        let wait = delay
            .filter(|(suffix, _)| path.ends_with(suffix.as_str()))
            .map(|(_, time)| *time);
        if let Ok(mut log) = log.lock() {
            log.push(ServedRequest { path, status });
        }
        // Each answer is written on its own thread: a write blocks while the browser is not
        // reading that connection (its service worker downloads the whole site beside the
        // page), and one blocked write must not hold up every other request — that stalled a
        // page load until chromedriver gave up on the renderer after 300 s.
        std::thread::spawn(move || {
            if let Some(time) = wait {
                std::thread::sleep(time);
            }
            let _ = request.respond(response);
        });
    }
}

/// Maps `/applicants/guide/a/b.html` to `root/a/b.html`; anything outside the mount or
/// trying to climb out of the root is not served.
pub(crate) fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = url_path.strip_prefix(MOUNT)?;
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_string()
    };
    let relative = Path::new(&relative);
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let file = root.join(relative);
    file.is_file().then_some(file)
}

pub(crate) fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") | Some("mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}
