//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use huashu::{Severity, Speaker};

/// Lint Chinese customer-service call transcripts and call scripts against service norms
/// (服务规范用语 / 服务禁用语).
#[derive(Debug, Parser)]
#[command(name = "huashu", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check transcripts and scripts and report every violation.
    ///
    /// Exit status: 0 when nothing at or above --fail-on was found, 1 when something was,
    /// 2 when an input or a rule pack could not be read (the other inputs are still checked).
    Check(CheckArgs),
    /// List, explain and test the rules of the loaded packs.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule: id, category, severity, points, fix and number of patterns.
    List {
        #[command(flatten)]
        packs: PackArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Explain one rule: what it checks, why, its examples and its rewrite.
    Explain {
        /// The rule id, such as `banned.wei`.
        id: String,
        #[command(flatten)]
        packs: PackArgs,
    },
    /// Run every rule's examples: each bad example must raise its rule, no good one may.
    ///
    /// Exit status 1 when an example fails, 2 when a pack cannot be loaded.
    Test {
        /// Rule packs to test in addition to the built-in ones.
        #[arg(value_name = "PACK")]
        files: Vec<PathBuf>,
        /// Do not load the built-in rule packs.
        #[arg(long)]
        no_default_packs: bool,
    },
}

/// How `rules list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table.
    Table,
    /// A JSON array.
    Json,
    /// Markdown tables per pack, as in `rules/README.md`.
    Markdown,
}

/// Which rule packs to load.
#[derive(Debug, Args)]
pub struct PackArgs {
    /// Add a rule pack (TOML). May be repeated.
    #[arg(long = "pack", value_name = "FILE")]
    pub packs: Vec<PathBuf>,

    /// Do not load the built-in rule packs.
    #[arg(long)]
    pub no_default_packs: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check (directories recursively: .txt, .jsonl, .json);
    /// `-` reads standard input. Defaults to the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    #[command(flatten)]
    pub pack_args: PackArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,

    /// Exit with status 1 when a violation at or above this severity is found.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,

    /// The pass mark: a call scoring less than this fails QA.
    #[arg(long, value_name = "SCORE", default_value_t = huashu::DEFAULT_PASS_MARK, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub pass_mark: u32,

    /// Print how often each rule fired (violations, calls, turns) instead of the violations.
    #[arg(long)]
    pub statistics: bool,

    /// Map a speaker label to a speaker, e.g. `--label B=agent --label A=customer`.
    /// May be repeated; adds to the default labels (客服, 坐席, 座席, agent; 客户, 用户, 顾客, customer).
    #[arg(long = "label", value_name = "LABEL=SPEAKER", value_parser = parse_label)]
    pub labels: Vec<(String, Speaker)>,

    /// When to use colours in pretty output (`auto`: only on a terminal, and not when NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics pointing at the words, with the compliant rewrite.
    Pretty,
    /// One line per violation: `path:line:col: rule [severity] message`.
    Concise,
    /// The machine contract documented in the README.
    Json,
    /// One JSON object per violation and per unreadable input, written as each file is checked.
    Jsonl,
    /// One row per violation; cells that a spreadsheet would run as a formula are neutralised.
    Csv,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: one annotation per violation, then a summary.
    Github,
    /// JUnit XML: a test suite per input, a test case per call, failed when the call fails.
    Junit,
}

/// The least severity that makes `check` exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Any violation.
    Info,
    /// Warnings and errors.
    Warning,
    /// Errors only.
    Error,
    /// Never fail because of violations.
    Never,
}

impl FailOn {
    /// Whether a violation of `severity` fails the check.
    pub fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Info => true,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Error => severity >= Severity::Error,
            FailOn::Never => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_label(value: &str) -> Result<(String, Speaker), String> {
    let (label, speaker) = value
        .split_once('=')
        .ok_or_else(|| format!("expected LABEL=SPEAKER (such as `B=agent`), got `{value}`"))?;
    let label = label.trim();
    if label.is_empty() {
        return Err(format!("empty label in `{value}`"));
    }
    Ok((label.to_owned(), speaker.parse()?))
}
