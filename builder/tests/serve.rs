//! `builder serve` without a browser (the reload in Chromium is tests/e2e's): the served files
//! are the bytes `build` writes plus one script tag per page, a change of the guide is served
//! after a rebuild, and a failed rebuild keeps the last good site and tells the open pages.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use builder::serve::{Outcome, Server};
use common::{copy_dir, fixture, read_tree};

/// Status and body of `GET path`.
fn get(addr: SocketAddr, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send request");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read answer");
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{path}: chunked answer"
    );
    (status, answer[split + 4..].to_vec())
}

fn text(addr: SocketAddr, path: &str) -> String {
    String::from_utf8(get(addr, path).1).expect("UTF-8")
}

/// Polls `GET path` until its body satisfies `done`.
fn wait_for(addr: SocketAddr, path: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let body = text(addr, path);
        if done(&body) {
            return body;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts `serve` on a copy of valid-minimal; the reporter's outcomes arrive on the receiver.
fn serve_copy(dir: &Path) -> (Server, mpsc::Receiver<String>) {
    let guide = dir.join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    let (sender, outcomes) = mpsc::channel();
    let report = move |outcome: &Outcome| {
        let line = match outcome {
            Outcome::Built { pages, .. } => format!("built {pages}"),
            Outcome::Failed(err) => format!("error: {err}"),
            Outcome::WatchError(message) => format!("watch: {message}"),
        };
        let _ = sender.send(line);
    };
    let server = Server::start(&guide, 0, report).expect("serve starts");
    (server, outcomes)
}

fn next_outcome(outcomes: &mpsc::Receiver<String>) -> String {
    outcomes
        .recv_timeout(Duration::from_secs(30))
        .expect("a build outcome")
}

#[test]
fn the_served_site_is_the_built_site_plus_one_script_tag_per_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (server, outcomes) = serve_copy(dir.path());
    assert_eq!(next_outcome(&outcomes), "built 7");
    let out = dir.path().join("site");
    builder::build(&dir.path().join("guide"), &out).expect("build");
    let built = read_tree(&out);
    let addr = server.addr();
    for (path, bytes) in &built {
        if path == builder::output::MARKER {
            continue;
        }
        assert!(
            !String::from_utf8_lossy(bytes).contains("__livereload"),
            "{path}: build output carries the live-reload script"
        );
        let (status, served) = get(addr, &format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        if !path.ends_with(".html") {
            assert!(&served == bytes, "{path}: served bytes differ");
            continue;
        }
        let served = String::from_utf8(served).expect("UTF-8 page");
        let tags: Vec<&str> = served.matches("<script src=\"/__livereload.js\"").collect();
        assert_eq!(tags.len(), 1, "{path}: {served}");
        let start = served
            .find("<script src=\"/__livereload.js\"")
            .expect("tag");
        let end = start + served[start..].find("</script>\n").expect("tag end") + 10;
        let without = format!("{}{}", &served[..start], &served[end..]);
        assert_eq!(
            without.as_bytes(),
            bytes.as_slice(),
            "{path}: differs beyond the tag"
        );
        assert!(served[end..].starts_with("</body>"), "{path}");
    }
    assert_eq!(text(addr, "/"), text(addr, "/index.html"));
    let script = text(addr, "/__livereload.js");
    assert!(
        script.contains("EventSource(\"/__livereload\")"),
        "{script}"
    );
    assert!(script.contains("textContent"), "the error is set as text");
    assert!(!script.contains("innerHTML"), "the error is never HTML");
    let (status, _) = get(addr, "/no-such-page.html");
    assert_eq!(status, 404);
    // Nothing was written into the guide or beside it but the site built above.
    let mut entries: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    entries.sort();
    assert_eq!(entries, ["guide", "site"]);
}

/// Reads an event stream until an event's data contains `needle`; returns that data.
fn read_event(stream: &mut TcpStream, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = String::new();
    let mut chunk = [0u8; 4096];
    loop {
        assert!(
            Instant::now() < deadline,
            "no event with `{needle}` in: {seen}"
        );
        match stream.read(&mut chunk) {
            Ok(0) => panic!("event stream closed: {seen}"),
            Ok(read) => seen.push_str(&String::from_utf8_lossy(&chunk[..read])),
            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(err) if err.kind() == std::io::ErrorKind::TimedOut => {}
            Err(err) => panic!("reading events: {err}"),
        }
        let found = seen
            .lines()
            .filter_map(|line| line.strip_prefix("data: "))
            .find(|data| data.contains(needle))
            .map(str::to_string);
        if let Some(data) = found {
            return data;
        }
    }
}

#[test]
fn an_edit_is_served_after_a_rebuild_and_a_failed_one_keeps_the_last_good_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (server, outcomes) = serve_copy(dir.path());
    assert_eq!(next_outcome(&outcomes), "built 7");
    let addr = server.addr();
    let first = text(addr, "/basics.html");
    let build_of = |page: &str| {
        let at = page.find("data-build=\"").expect("build id") + 12;
        page[at..].split('"').next().expect("quoted").to_string()
    };
    let first_build = build_of(&first);

    let mut events = TcpStream::connect(addr).expect("connect");
    events
        .set_read_timeout(Some(Duration::from_millis(200)))
        .expect("timeout");
    write!(
        events,
        "GET /__livereload HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("subscribe");
    let hello = read_event(&mut events, "build");
    assert_eq!(
        hello,
        format!("{{\"build\":\"{first_build}\",\"error\":null}}")
    );

    let section = dir.path().join("guide/sections/basics.md");
    let original = std::fs::read_to_string(&section).expect("read section");
    std::fs::write(&section, original.replace("期满。", "期满。新增的一句话。")).expect("edit");
    let edited = wait_for(addr, "/basics.html", "the edit", |page| {
        page.contains("新增的一句话")
    });
    assert_eq!(next_outcome(&outcomes), "built 7");
    let second_build = build_of(&edited);
    assert_ne!(second_build, first_build);
    read_event(&mut events, &second_build);

    std::fs::write(
        &section,
        original.replace("(faq.html#summary)", "(faq.html#nowhere)"),
    )
    .expect("break a link");
    let error = next_outcome(&outcomes);
    assert!(
        error.starts_with("error: ") && error.contains("sections/basics.md:17: broken link"),
        "{error}"
    );
    let data = read_event(&mut events, "broken link");
    assert!(data.contains(&second_build), "{data}");
    assert!(data.contains("sections/basics.md:17"), "{data}");
    // The last good site is still served.
    assert_eq!(text(addr, "/basics.html"), edited);

    std::fs::write(&section, &original).expect("fix");
    assert_eq!(next_outcome(&outcomes), "built 7");
    let fixed = wait_for(addr, "/basics.html", "the fix", |page| {
        !page.contains("新增的一句话")
    });
    read_event(&mut events, &build_of(&fixed));
}

#[test]
fn a_guide_that_does_not_build_at_first_is_served_once_fixed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let guide = dir.path().join("guide");
    copy_dir(&fixture("valid-minimal"), &guide);
    let config = guide.join("guide.toml");
    let valid = std::fs::read_to_string(&config).expect("read config");
    std::fs::write(
        &config,
        valid.replace("language =", "colour = \"red\"\nlanguage ="),
    )
    .expect("break");
    let (sender, outcomes) = mpsc::channel();
    let server = Server::start(&guide, 0, move |outcome: &Outcome| {
        let _ = sender.send(matches!(outcome, Outcome::Built { .. }));
    })
    .expect("serve starts even so");
    assert!(!outcomes
        .recv_timeout(Duration::from_secs(30))
        .expect("outcome"));
    let (status, page) = get(server.addr(), "/index.html");
    assert_eq!(status, 503);
    assert!(String::from_utf8_lossy(&page).contains("/__livereload.js"));
    std::fs::write(&config, valid).expect("fix");
    assert!(outcomes
        .recv_timeout(Duration::from_secs(30))
        .expect("outcome"));
    wait_for(server.addr(), "/index.html", "the site", |page| {
        page.contains("测试指南")
    });
}

#[test]
fn a_missing_guide_is_refused_before_listening() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = Server::start(&dir.path().join("nope"), 0, |_: &Outcome| {})
        .err()
        .expect("refused");
    assert!(err.to_string().contains("nope"), "{err}");
}
