//! `builder serve`: build the guide in memory, serve it on 127.0.0.1, rebuild on every change
//! of the guide folder, and reload the open pages (see [`builder::serve`]).

use std::path::PathBuf;

use builder::serve::{Outcome, Server};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The guide folder to build and watch.
    #[arg(long, default_value = "guide")]
    pub guide: PathBuf,
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, short, default_value_t = 8000)]
    pub port: u16,
    /// Open the site in the default web browser.
    #[arg(long)]
    pub open: bool,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let server = Server::start(&args.guide, args.port, report)?;
    let url = server.url();
    println!(
        "serving {} on {url} (watching {}; Ctrl-C stops)",
        args.guide.display(),
        args.guide.display()
    );
    if args.open {
        open(&url);
    }
    // The server, the watcher and the rebuilds run on their own threads until Ctrl-C ends
    // the process; nothing is written, so there is nothing to clean up.
    loop {
        std::thread::park();
    }
}

fn report(outcome: &Outcome) {
    match outcome {
        Outcome::Built {
            pages,
            files,
            elapsed,
        } => println!(
            "built {pages} pages, {files} files in {} ms",
            elapsed.as_millis()
        ),
        // One line naming file and line (several for broken links), as `build` prints it;
        // the pages show it too until the next good build.
        Outcome::Failed(err) => eprintln!("error: {err}"),
        Outcome::WatchError(message) => eprintln!("warning: watching the guide: {message}"),
    }
}

/// Opens `url` with the system's opener; a failure is a note, the server goes on.
fn open(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(opener.0)
        .args(&opener.1)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(err) = spawned {
        eprintln!(
            "note: cannot open a browser ({}: {err}); open {url}",
            opener.0
        );
    }
}
