//! `builder serve`: the site built in memory ([`crate::render`]) and served on 127.0.0.1, the
//! guide folder watched and the site rebuilt on every change (debounced), and every open page
//! reloaded after a good rebuild. No output folder is touched.
//!
//! A failed rebuild keeps the last good site; its error goes to the reporter (the terminal) and
//! to the open pages, which show it over the page until the next good build. The live-reload
//! script is a served file (`/__livereload.js`), injected only here as one `<script>` tag before
//! `</body>` of each HTML page: otherwise the bytes are those `build` writes. It listens to
//! `/__livereload`, Server-Sent Events on the same origin, which the pages' CSP allows.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, DebouncedEvent};
use tokio::sync::{oneshot, watch};

use crate::error::BuildError;
use crate::site::OutputFile;

/// The live-reload script, served at [`SCRIPT_PATH`].
const SCRIPT: &str = include_str!("livereload.js");
pub const SCRIPT_PATH: &str = "/__livereload.js";
pub const EVENTS_PATH: &str = "/__livereload";

/// How long the guide must be quiet before a rebuild: an editor's save is several events.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// What one build (the first or a rebuild) came to, for the reporter.
#[derive(Debug)]
pub enum Outcome {
    Built {
        pages: usize,
        files: usize,
        elapsed: Duration,
    },
    /// The site served is still the last good one.
    Failed(BuildError),
    /// The watcher could not follow the guide folder.
    WatchError(String),
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("guide folder not found: {}", .0.display())]
    GuideMissing(PathBuf),
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Listen {
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot watch {}: {message}", .path.display())]
    Watch { path: PathBuf, message: String },
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// What the pages see: the site of the last good build and the error of a later failed one.
#[derive(Debug)]
struct Snapshot {
    /// Changes with every good build; the pages carry it and reload when it differs.
    build: String,
    /// By path relative to the site root; HTML pages with the script injected.
    files: Arc<HashMap<String, Vec<u8>>>,
    error: Option<String>,
}

/// A running `serve`: stops (server, watcher, rebuilds) when dropped.
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    http: Option<JoinHandle<()>>,
    watcher: Option<
        notify_debouncer_full::Debouncer<
            notify_debouncer_full::notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    >,
    rebuilds: Option<JoinHandle<()>>,
}

impl Server {
    /// Builds `guide`, serves it on 127.0.0.1:`port` (0: any free port) and watches it.
    /// `report` hears about the first build and every rebuild, from another thread.
    pub fn start(
        guide: &Path,
        port: u16,
        report: impl Fn(&Outcome) + Send + 'static,
    ) -> Result<Server, ServeError> {
        if !guide.is_dir() {
            return Err(ServeError::GuideMissing(guide.to_path_buf()));
        }
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .and_then(|listener| listener.set_nonblocking(true).map(|()| listener))
            .map_err(|source| ServeError::Listen { port, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| ServeError::Listen { port, source })?;

        let session = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let mut builds = Builds {
            guide: guide.to_path_buf(),
            session: format!("{session:x}"),
            count: 0,
            report: Box::new(report),
        };
        let first = builds.next(&Snapshot {
            build: format!("{}-0", builds.session),
            files: Arc::new(HashMap::new()),
            error: None,
        });
        let (sender, receiver) = watch::channel(Arc::new(first));

        let (events, changes) = std::sync::mpsc::channel::<DebounceEventResult>();
        let mut watcher =
            new_debouncer(DEBOUNCE, None, events).map_err(|err| ServeError::Watch {
                path: guide.to_path_buf(),
                message: err.to_string(),
            })?;
        watcher
            .watch(guide, RecursiveMode::Recursive)
            .map_err(|err| ServeError::Watch {
                path: guide.to_path_buf(),
                message: err.to_string(),
            })?;
        let rebuilds = std::thread::spawn(move || {
            // Ends when the watcher is dropped (its sender with it).
            for result in changes {
                match result {
                    Ok(events) if events.iter().any(is_change) => {
                        let previous = sender.borrow().clone();
                        let next = builds.next(&previous);
                        sender.send_replace(Arc::new(next));
                    }
                    Ok(_) => {}
                    Err(errors) => {
                        let message = errors
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ");
                        (builds.report)(&Outcome::WatchError(message));
                    }
                }
            }
        });

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(ServeError::Runtime)?;
        let (shutdown, stop) = oneshot::channel::<()>();
        let app = Router::new()
            .route(SCRIPT_PATH, get(script))
            .route(EVENTS_PATH, get(events_stream))
            .fallback(get(file))
            .with_state(receiver);
        let http = std::thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                // Not a graceful shutdown: open event streams never end by themselves. The
                // runtime is dropped after this, which ends every connection.
                tokio::select! {
                    _ = axum::serve(listener, app) => {}
                    _ = stop => {}
                }
            });
        });
        Ok(Server {
            addr,
            shutdown: Some(shutdown),
            http: Some(http),
            watcher: Some(watcher),
            rebuilds: Some(rebuilds),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/`
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(http) = self.http.take() {
            let _ = http.join();
        }
        // Dropping the watcher ends the rebuild thread's loop.
        drop(self.watcher.take());
        if let Some(rebuilds) = self.rebuilds.take() {
            let _ = rebuilds.join();
        }
    }
}

/// The builds of one `serve`, numbered.
struct Builds {
    guide: PathBuf,
    session: String,
    count: u64,
    report: Box<dyn Fn(&Outcome) + Send>,
}

impl Builds {
    /// Builds the guide: the new site, or the previous one with the error.
    fn next(&mut self, previous: &Snapshot) -> Snapshot {
        let started = Instant::now();
        match crate::render(&self.guide) {
            Ok(files) => {
                self.count += 1;
                let build = format!("{}-{}", self.session, self.count);
                (self.report)(&Outcome::Built {
                    pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
                    files: files.len(),
                    elapsed: started.elapsed(),
                });
                let files = files
                    .into_iter()
                    .map(|file| {
                        let bytes = inject(&file, &build);
                        (file.path, bytes)
                    })
                    .collect();
                Snapshot {
                    build,
                    files: Arc::new(files),
                    error: None,
                }
            }
            Err(err) => {
                let snapshot = Snapshot {
                    build: previous.build.clone(),
                    files: previous.files.clone(),
                    error: Some(err.to_string()),
                };
                (self.report)(&Outcome::Failed(err));
                snapshot
            }
        }
    }
}

/// Whether a watched event can change the site: not a read (the build's own reads of the guide
/// are events too), not an editor's hidden or backup file.
fn is_change(event: &DebouncedEvent) -> bool {
    let read = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => false,
        EventKind::Access(_) => true,
        _ => false,
    };
    let scratch = |path: &PathBuf| {
        path.file_name()
            .map(|name| name.to_string_lossy())
            .is_some_and(|name| name.starts_with('.') || name.ends_with('~'))
    };
    !read && !event.paths.iter().all(scratch)
}

/// The tag `serve` adds to every page.
pub fn script_tag(build: &str) -> String {
    format!("<script src=\"{SCRIPT_PATH}\" data-build=\"{build}\"></script>\n")
}

/// A page's bytes with the live-reload script before its last `</body>` (at the end when it has
/// none); other files as they are.
fn inject(file: &OutputFile, build: &str) -> Vec<u8> {
    if !file.path.ends_with(".html") {
        return file.bytes.clone();
    }
    let tag = script_tag(build);
    let at = find_last(&file.bytes, b"</body>").unwrap_or(file.bytes.len());
    let mut bytes = Vec::with_capacity(file.bytes.len() + tag.len());
    bytes.extend_from_slice(file.bytes.get(..at).unwrap_or_default());
    bytes.extend_from_slice(tag.as_bytes());
    bytes.extend_from_slice(file.bytes.get(at..).unwrap_or_default());
    bytes
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|window| window.eq_ignore_ascii_case(needle))
}

/// Shown for every page while no build has succeeded yet: the error is shown over it.
fn placeholder(build: &str) -> Vec<u8> {
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>builder serve</title>\n</head>\n<body>\n<p>The guide did not build yet: fix the error and this page reloads itself.</p>\n{}</body>\n</html>\n",
        script_tag(build)
    )
    .into_bytes()
}

type Site = watch::Receiver<Arc<Snapshot>>;

async fn script() -> Response {
    respond(StatusCode::OK, "script.js", SCRIPT.as_bytes().to_vec())
}

/// The state of the latest build, now and after every build, as Server-Sent Events.
async fn events_stream(
    State(site): State<Site>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let mut site = site.clone();
    site.mark_changed();
    let stream = futures_util::stream::unfold(site, |mut site| async move {
        site.changed().await.ok()?;
        let data = {
            let snapshot = site.borrow_and_update();
            serde_json::json!({ "build": snapshot.build, "error": snapshot.error }).to_string()
        };
        Some((Ok(Event::default().data(data)), site))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn file(State(site): State<Site>, uri: Uri) -> Response {
    let snapshot = site.borrow().clone();
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    if snapshot.files.is_empty() {
        // No good build yet.
        return respond(
            StatusCode::SERVICE_UNAVAILABLE,
            "page.html",
            placeholder(&snapshot.build),
        );
    }
    if let Some(bytes) = snapshot.files.get(&path) {
        return respond(StatusCode::OK, &path, bytes.clone());
    }
    // As a static host does: the site's own 404 page, when it has one.
    match snapshot.files.get("404.html") {
        Some(bytes) => respond(StatusCode::NOT_FOUND, "404.html", bytes.clone()),
        None => respond(StatusCode::NOT_FOUND, "404.txt", b"not found\n".to_vec()),
    }
}

fn respond(status: StatusCode, path: &str, bytes: Vec<u8>) -> Response {
    let mut response = (status, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    // Every request after a rebuild must see it.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "png" => "image/png",
        "bin" => "application/octet-stream",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        let page = OutputFile {
            path: "a.html".into(),
            bytes: b"<p>\"</body>\"</p>\n</body>\n</html>\n".to_vec(),
        };
        let injected = String::from_utf8(inject(&page, "b-1")).expect("UTF-8");
        assert_eq!(
            injected,
            "<p>\"</body>\"</p>\n<script src=\"/__livereload.js\" data-build=\"b-1\"></script>\n</body>\n</html>\n"
        );
        let css = OutputFile {
            path: "style.css".into(),
            bytes: b"</body>".to_vec(),
        };
        assert_eq!(inject(&css, "b-1"), b"</body>");
    }

    #[test]
    fn reads_and_scratch_files_are_not_changes() {
        use notify_debouncer_full::notify::event::{AccessKind, CreateKind, ModifyKind};
        use notify_debouncer_full::notify::Event as NotifyEvent;
        let event = |kind, path: &str| {
            DebouncedEvent::new(
                NotifyEvent::new(kind).add_path(PathBuf::from(path)),
                Instant::now(),
            )
        };
        assert!(is_change(&event(
            EventKind::Modify(ModifyKind::Any),
            "guide/index.md"
        )));
        assert!(is_change(&event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "guide/index.md"
        )));
        assert!(!is_change(&event(
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            "guide/index.md"
        )));
        assert!(!is_change(&event(
            EventKind::Create(CreateKind::File),
            "guide/.index.md.swp"
        )));
        assert!(!is_change(&event(
            EventKind::Create(CreateKind::File),
            "guide/index.md~"
        )));
    }
}
