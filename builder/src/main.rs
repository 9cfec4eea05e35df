//! `builder build [--guide DIR] [--out DIR]`: builds the guide into a static site;
//! `builder check` reports every mistake at once; `builder serve` serves it while it is edited;
//! `builder new DIR` starts a guide.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cmd;

#[derive(Debug, Parser)]
#[command(
    name = "builder",
    version,
    about = "Builds the Suzhou initial-title guide into a static site"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the guide folder into the output folder (replaced only if the build succeeds).
    Build(cmd::build::Args),
    /// Check the guide as `build` does and report every mistake at once; writes nothing.
    Check(cmd::check::Args),
    /// Create a small guide that builds, in a new or empty folder, to start from.
    New(cmd::new::Args),
    /// Build the guide in memory, serve it on 127.0.0.1 and rebuild it (reloading the open
    /// pages) whenever the guide folder changes; writes nothing.
    Serve(cmd::serve::Args),
}

/// jemalloc: see builder/Cargo.toml.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => cmd::build::run(&args),
        Command::Check(args) => cmd::check::run(&args),
        Command::New(args) => cmd::new::run(&args),
        Command::Serve(args) => cmd::serve::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The report's reader went away (`builder build | head -1`): the work is done.
        Err(err)
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|err| err.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            // The errors name the file and line themselves: one line each.
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
