//! The `huashu` command line: parses the arguments and hands them to the subcommand's file in
//! [`commands`]. What a subcommand shares with the others, and with bindings and services, is
//! in the `huashu-workspace` library; this crate adds the flags, the output formats and the
//! report's pages.

mod args;
mod commands;
mod exit;
mod output;
mod progress;
mod report;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Command::Check(args) => commands::check::run(&cli, args),
        Command::Fix(args) => commands::fix::run(&cli, args),
        Command::Report(args) => commands::report::run(&cli, args),
        Command::Rules { command } => commands::rules::run(&cli, command),
        Command::Intents { command } => commands::intents::run(&cli, command),
        Command::Init { path, force } => commands::init::run(path, *force),
    }
}

/// mimalloc (v2) rather than the system allocator: checking allocates many small, short-lived
/// vectors and strings per turn, on several threads. On the 50 MB benchmark corpus (one thread,
/// glibc 2.36) it took the run from 3.16 s to 2.28 s (15.1 to 13.4 G instructions), for a
/// higher peak (363 to 430 MB; streaming 200 MB of JSON Lines: 53 to 71 MB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
