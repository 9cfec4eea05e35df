//! A static server whose network can be pulled: like [`crate::StaticServer`] (a folder served
//! under [`MOUNT`] on 127.0.0.1), but it can go offline — the port is closed, so a browser's
//! connection is refused, and a request on a connection already open is dropped unanswered —
//! and come back on the same port (the same origin, so the same service worker) serving
//! another folder, as a host does after a new build is uploaded.
//!
//! Every answer says `Connection: close`, so no connection outlives its request and nothing
//! can reach the site while it is offline.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::Context;

use crate::server::{content_type, resolve, ServedRequest, MOUNT};

/// The longest request head read (a browser's are a few hundred bytes).
const MAX_HEAD: usize = 64 * 1024;

struct Shared {
    root: Mutex<PathBuf>,
    online: AtomicBool,
    requests: Mutex<Vec<ServedRequest>>,
}

pub struct SwitchableServer {
    /// `http://127.0.0.1:PORT/applicants/guide/`
    pub base_url: String,
    port: u16,
    shared: Arc<Shared>,
    /// The accepting thread and its stop flag, while online.
    listening: Option<(Arc<AtomicBool>, JoinHandle<()>)>,
}

impl SwitchableServer {
    /// Serves `root`, online.
    pub fn start(root: &Path) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").context("cannot listen on 127.0.0.1")?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(Shared {
            root: Mutex::new(root.to_path_buf()),
            online: AtomicBool::new(true),
            requests: Mutex::new(Vec::new()),
        });
        let mut server = Self {
            base_url: format!("http://127.0.0.1:{port}{MOUNT}"),
            port,
            shared,
            listening: None,
        };
        server.listen(listener)?;
        Ok(server)
    }

    /// The URL of a page of the site, e.g. `url("checker.html")`.
    pub fn url(&self, page: &str) -> String {
        format!("{}{page}", self.base_url)
    }

    /// Every request answered so far (not those refused while offline).
    pub fn requests(&self) -> Vec<ServedRequest> {
        self.shared
            .requests
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    /// Closes the port; returns once nothing answers any more.
    pub fn go_offline(&mut self) {
        self.shared.online.store(false, Ordering::SeqCst);
        if let Some((stop, thread)) = self.listening.take() {
            stop.store(true, Ordering::SeqCst);
            let _ = thread.join();
        }
    }

    /// Listens again on the same port, serving `root`.
    pub fn go_online(&mut self, root: &Path) -> anyhow::Result<()> {
        self.go_offline();
        if let Ok(mut current) = self.shared.root.lock() {
            *current = root.to_path_buf();
        }
        let listener = TcpListener::bind(("127.0.0.1", self.port))
            .with_context(|| format!("cannot listen on 127.0.0.1:{} again", self.port))?;
        self.shared.online.store(true, Ordering::SeqCst);
        self.listen(listener)
    }

    fn listen(&mut self, listener: TcpListener) -> anyhow::Result<()> {
        listener.set_nonblocking(true)?;
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (stop, shared) = (stop.clone(), self.shared.clone());
            std::thread::spawn(move || accept(&listener, &stop, &shared))
        };
        self.listening = Some((stop, thread));
        Ok(())
    }
}

impl Drop for SwitchableServer {
    fn drop(&mut self) {
        self.go_offline();
    }
}

/// Accepts until told to stop; the listener is closed when this returns.
fn accept(listener: &TcpListener, stop: &AtomicBool, shared: &Arc<Shared>) {
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let shared = shared.clone();
                std::thread::spawn(move || answer(stream, &shared));
            }
            Err(err) if err.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

/// One request, one answer, then the connection is closed.
fn answer(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Some(head) = read_head(&mut stream) else {
        return;
    };
    if !shared.online.load(Ordering::SeqCst) {
        // Offline: the connection is dropped without a word, as by a dead network.
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return;
    }
    let mut words = head.lines().next().unwrap_or_default().split(' ');
    let (method, target) = (
        words.next().unwrap_or_default(),
        words.next().unwrap_or("/"),
    );
    let path = target.split(['?', '#']).next().unwrap_or("").to_string();
    let root = shared
        .root
        .lock()
        .map(|root| root.clone())
        .unwrap_or_default();
    let file = resolve(&root, &path);
    let (status, kind, body) = match file.as_deref().map(std::fs::read) {
        Some(Ok(bytes)) => (200, content_type(file.as_deref().unwrap_or(&root)), bytes),
        _ => (404, "text/plain; charset=utf-8", b"not found".to_vec()),
    };
    if let Ok(mut log) = shared.requests.lock() {
        log.push(ServedRequest {
            path,
            status: status as u16,
        });
    }
    let reason = if status == 200 { "OK" } else { "Not Found" };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    if method != "HEAD" {
        let _ = stream.write_all(&body);
    }
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// The request line and headers, up to the blank line.
fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let read = stream.read(&mut chunk).ok().filter(|&n| n > 0)?;
        head.extend_from_slice(chunk.get(..read)?);
        if head.len() > MAX_HEAD {
            return None;
        }
    }
    Some(String::from_utf8_lossy(&head).into_owned())
}
