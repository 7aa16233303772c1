//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use huashu::transcript::{SourceFormat, TimeUnit};
use huashu::Speaker;
use huashu_workspace::config::Flags;
use huashu_workspace::input::{Encoding, NamePattern};

pub use huashu_workspace::FailOn;

/// Lint Chinese customer-service call transcripts and call scripts against service norms
/// (服务规范用语 / 服务禁用语).
#[derive(Debug, Parser)]
#[command(name = "huashu", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Read this configuration file instead of looking for `huashu.toml` from the working
    /// directory upwards.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Ignore every configuration file: built-in defaults and flags only.
    #[arg(long, global = true, conflicts_with = "config")]
    pub isolated: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check transcripts and scripts and report every violation.
    ///
    /// Exit status: 0 when nothing at or above --fail-on was found, 1 when something was,
    /// 2 when an input or a rule pack could not be read (the other inputs are still checked),
    /// or there is nothing to check (unless --allow-empty).
    Check(CheckArgs),
    /// Check a batch and report its numbers: pass rate, scores, top rules, categories, and a
    /// table per agent and per team.
    ///
    /// Formats: aligned tables, CSV (one table, see --section) or one self-contained HTML page
    /// with charts and every call's transcript. Exit status: 0 when the report was written,
    /// 2 when an input could not be read (the report is still written and lists it), the
    /// report could not be written, or there is nothing to report on (unless --allow-empty).
    Report(ReportArgs),
    /// Apply the rewrites of fixable rules to agent turns, in place.
    ///
    /// Only rules whose fix is `safe` are applied unless --unsafe. Writes are atomic and keep
    /// the file's encoding and line endings. Exit status: 0 when done (or nothing to do), 1 with
    /// --diff when there is something to change, 2 when an input could not be read, parsed or
    /// written (it is left untouched; the others are still fixed).
    Fix(FixArgs),
    /// List, explain and test the rules of the loaded packs.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Train, measure and explain intent models (the meaning layer beside the phrase patterns).
    Intents {
        #[command(subcommand)]
        command: IntentsCommand,
    },
    /// Write a commented starter configuration (`huashu.toml`).
    Init {
        /// Where to write it.
        #[arg(value_name = "FILE", default_value = "huashu.toml")]
        path: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List every rule: id, category, severity, points, fix and number of patterns.
    ///
    /// The rules are listed as the channel profile has them (--profile, else the
    /// configuration's `[check] profile`, else inbound): a rule with a variant for it as that
    /// variant, a rule off in it left out (the table's last lines say which).
    List {
        #[command(flatten)]
        packs: PackArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// List the rules as `check` has them for this file: with the configuration nearest to
        /// it, its `[per-path-ignores]` and its `[[profiles]]` entry (it need not exist).
        #[arg(long = "for", value_name = "FILE")]
        for_file: Option<String>,
    },
    /// Explain one rule: what it checks, why, its examples and its rewrite.
    ///
    /// The rule as the channel profile has it (--profile, else the configuration's `[check]
    /// profile`, else inbound), and which profiles change it.
    Explain {
        /// The rule id, such as `banned.wei`.
        id: String,
        #[command(flatten)]
        packs: PackArgs,
        /// Explain the rule as `check` has it for this file: with the configuration nearest to
        /// it, its `[per-path-ignores]` and its `[[profiles]]` entry (it need not exist).
        #[arg(long = "for", value_name = "FILE")]
        for_file: Option<String>,
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

#[derive(Debug, Subcommand)]
pub enum IntentsCommand {
    /// Train a model from labelled sentences (`*.tsv`, see `crates/huashu/intents/data/README.md`
    /// in the repository) and write it, atomically.
    ///
    /// The repository's own data is `crates/huashu/intents/data`: retraining from it reproduces
    /// the built-in model byte for byte. Add a team's sentences in another directory and give
    /// both, then point `huashu.toml`'s `[intents] model` at the file written.
    Train {
        /// A directory of labelled `*.tsv` files. May be repeated.
        #[arg(long = "data", value_name = "DIR", required = true)]
        data: Vec<PathBuf>,
        /// The class list (`classes.toml`) [default: the built-in classes].
        #[arg(long, value_name = "FILE")]
        classes: Option<PathBuf>,
        /// Where to write the model.
        #[arg(short, long, value_name = "FILE", default_value = "model.bin")]
        output: PathBuf,
        /// Do not discount sentences unlike the data (the coverage discount of MODEL.md): for
        /// a team's small data set, where nearly every new sentence is unlike the few it has.
        #[arg(long)]
        no_discount: bool,
    },
    /// Measure a model on a split of labelled data: precision, recall, F1 and support per
    /// class, and the confusion between classes.
    Eval {
        /// A directory of labelled `*.tsv` files (the repository's is
        /// `crates/huashu/intents/data`). May be repeated.
        #[arg(long = "data", value_name = "DIR", required = true)]
        data: Vec<PathBuf>,
        /// The class list the data is labelled with [default: the model's classes].
        #[arg(long, value_name = "FILE")]
        classes: Option<PathBuf>,
        /// The model to measure [default: the configuration's `[intents] model`, else the
        /// built-in one].
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
        /// Count a class as predicted at this confidence, instead of each class's calibrated
        /// threshold.
        #[arg(long, value_name = "P")]
        min: Option<f64>,
        /// Which split to measure on: train, dev or test.
        #[arg(long, value_name = "SPLIT", default_value = "test")]
        split: String,
    },
    /// List the labels an out-of-fold model disagrees with strongly: a class left out at
    /// p ≥ 0.8 ("missing?") or given at p ≤ 0.2 ("doubtful?"), strongest first, with
    /// `file:line`, the labels, the class, p and the text.
    ///
    /// Each sentence is scored by a model fitted on the other folds (K folds by near-duplicate
    /// group, deterministic), so it takes about as long as `train`. Read the list against the
    /// labelling guide (`crates/huashu/intents/data/README.md`): fix a label set the guide says
    /// is wrong, leave it when the model is. The test split is never audited.
    Audit {
        /// A directory of labelled `*.tsv` files. May be repeated.
        #[arg(long = "data", value_name = "DIR", required = true)]
        data: Vec<PathBuf>,
        /// The class list (`classes.toml`) [default: the built-in classes].
        #[arg(long, value_name = "FILE")]
        classes: Option<PathBuf>,
        /// Number of folds (at least 2).
        #[arg(long, value_name = "K", default_value_t = 5, value_parser = clap::value_parser!(u8).range(2..))]
        folds: u8,
        /// How far p must be from the label (1 given, 0 left out) to be listed: 0.8 lists a
        /// class left out at p ≥ 0.8 and one given at p ≤ 0.2.
        #[arg(long, value_name = "GAP", default_value_t = 0.8)]
        min_gap: f64,
        /// The splits to audit, comma-separated: train, dev (never test: its labels must not be
        /// chosen by a model).
        #[arg(long, value_name = "SPLITS", default_value = "train,dev")]
        split: String,
        /// Only these classes (rule-selector style patterns such as `forbidden.*`,
        /// comma-separated) [default: every class].
        #[arg(long, value_name = "CLASSES")]
        class: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
        format: AuditFormat,
    },
    /// Describe labelled data: files, lines, duplicates, near-duplicate groups and sentences
    /// per class and split; with `--list SPLIT`, print that split's sentences instead.
    Stats {
        /// A directory of labelled `*.tsv` files. May be repeated.
        #[arg(long = "data", value_name = "DIR", required = true)]
        data: Vec<PathBuf>,
        /// The class list (`classes.toml`) [default: the built-in classes].
        #[arg(long, value_name = "FILE")]
        classes: Option<PathBuf>,
        /// Print every sentence of this split (train, dev or test) as `file:line`, speaker,
        /// labels and text, tab-separated, in data order.
        #[arg(long, value_name = "SPLIT")]
        list: Option<String>,
        /// With `--list`: only this speaker's sentences.
        #[arg(long, value_enum)]
        speaker: Option<SpeakerArg>,
    },
    /// Show what the model sees in a turn: for each sentence, the classes with their
    /// confidence (strongest first) and the words that weighed most.
    Explain {
        /// The turn's text. May be repeated.
        #[arg(value_name = "TEXT", required = true)]
        sentences: Vec<String>,
        /// Who says it.
        #[arg(long, value_enum, default_value_t = SpeakerArg::Agent)]
        speaker: SpeakerArg,
        /// The model [default: the configuration's `[intents] model`, else the built-in one].
        #[arg(long, value_name = "FILE")]
        model: Option<PathBuf>,
        /// How many classes to show per sentence.
        #[arg(long, value_name = "N", default_value_t = 3)]
        top: usize,
    },
}

/// How `huashu intents audit` prints its list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// Aligned columns for reading.
    Table,
    /// Tab-separated values with a header line, for a spreadsheet or `sort`.
    Tsv,
}

/// A speaker, as a flag value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SpeakerArg {
    /// The agent (客服).
    Agent,
    /// The customer (客户).
    Customer,
}

impl SpeakerArg {
    /// The speaker.
    pub fn speaker(self) -> Speaker {
        match self {
            SpeakerArg::Agent => Speaker::Agent,
            SpeakerArg::Customer => Speaker::Customer,
        }
    }
}

/// How `rules list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table.
    Table,
    /// A JSON array.
    Json,
    /// Markdown tables per pack, as in `crates/huashu/rules/README.md`.
    Markdown,
}

/// Which rule packs to load.
#[derive(Debug, Default, Args)]
pub struct PackArgs {
    /// Add a rule pack (TOML). May be repeated.
    #[arg(long = "pack", value_name = "FILE")]
    pub packs: Vec<PathBuf>,

    /// Do not load the built-in rule packs.
    #[arg(long)]
    pub no_default_packs: bool,

    /// Run only these rules: rule ids, patterns such as `tone.*` or pack names such as
    /// `etiquette.*`, comma-separated. Replaces the configuration's `select`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Option<Vec<String>>,

    /// Never run these rules: rule ids, patterns or pack names, comma-separated. Replaces the
    /// configuration's `ignore`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Option<Vec<String>>,

    /// Use this intent model (trained with `huashu intents train`) instead of the built-in
    /// one. Replaces the configuration's `[intents] model`.
    #[arg(long, value_name = "FILE")]
    pub intent_model: Option<PathBuf>,

    /// Check with this channel profile: `inbound` (the default), `outbound`, `written`, or
    /// one a loaded pack declares. Replaces the configuration's `[check] profile` and its
    /// `[[profiles]]` paths, for every input.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
}

impl PackArgs {
    /// What these flags add to the configuration.
    pub fn flags(&self) -> Flags<'_> {
        Flags {
            packs: &self.packs,
            no_default_packs: self.no_default_packs,
            select: self.select.as_deref(),
            ignore: self.ignore.as_deref(),
            intent_model: self.intent_model.as_deref(),
            profile: self.profile.as_deref(),
            ..Flags::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check (directories recursively: .txt, .jsonl, .ndjson, .json,
    /// .vtt, .srt);
    /// `-` reads standard input. Defaults to the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    #[command(flatten)]
    pub pack_args: PackArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Pretty)]
    pub format: Format,

    /// Exit with status 1 when a violation at or above this severity is found
    /// [default: warning, or the configuration's `fail-on`].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,

    /// The pass mark: a call scoring less than this fails QA [default: 80, or the
    /// configuration's `pass-mark`].
    #[arg(long, value_name = "SCORE", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub pass_mark: Option<u32>,

    /// Ignore every suppression comment (`# huashu: ignore[…]`, `disable[…]`, `enable[…]`):
    /// report what they would silence, and not the comments themselves. For QA audits.
    #[arg(long)]
    pub no_suppressions: bool,

    /// CSV only: leave out the UTF-8 byte-order mark that CSV output starts with (it is there
    /// so that Excel on Chinese Windows reads the Chinese text; a program may not want it).
    #[arg(long)]
    pub no_bom: bool,

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

    #[command(flatten)]
    pub input: InputArgs,
}

/// How inputs are found, read and checked in bulk (`check` and `report`).
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Check this many files at once (default: the number of CPUs; 1 checks one file after the
    /// other). Output is in the same order whatever the number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Include or exclude files when walking directories, like ripgrep's `-g`: `'*.jsonl'` checks
    /// only those, `'!drafts/**'` leaves those out. May be repeated; later globs win. Files named
    /// on the command line are always checked.
    #[arg(short = 'g', long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,

    /// Do not honour .gitignore, .ignore and git's exclude files when walking directories.
    #[arg(long)]
    pub no_ignore: bool,

    /// Never show a progress bar (it is shown on a terminal, outside CI, for large batches).
    #[arg(long)]
    pub no_progress: bool,

    /// Read every input in this encoding instead of detecting it (UTF-8 and UTF-16 with a
    /// byte-order mark, GB18030/GBK) [default: the configuration's `encoding`].
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,

    /// Read agent, date, team and call id from file names, e.g. `'{agent}_{date}_{call}.txt'`,
    /// or from the path below the directory named, e.g. `'{team}/{agent}_{date}_{call}.txt'`
    /// (`{*}` matches anything; dates are read as ISO 8601) [default: the configuration's
    /// `name-pattern`]. Fields in the input itself take precedence; a file whose name does
    /// not match is checked all the same, with a warning.
    #[arg(long, value_name = "PATTERN", value_parser = NamePattern::parse)]
    pub name_pattern: Option<NamePattern>,

    #[command(flatten)]
    pub format: FormatArgs,

    /// Checking nothing (an empty directory, one with no transcript in it) is not an error:
    /// exit 0 with a warning saying what was skipped.
    #[arg(long)]
    pub allow_empty: bool,
}

/// How inputs are read (`check`, `report`, `fix`).
#[derive(Debug, Args)]
pub struct FormatArgs {
    /// Read every input in this format instead of telling it from its name and structure:
    /// text, jsonl, json, alibaba, alibaba-sca, dashscope, tencent, iflytek, volcengine,
    /// contact-lens, genesys, ccai, webvtt, srt [default: the configuration's `input-format`].
    #[arg(long, value_name = "NAME", value_parser = parse_input_format)]
    pub input_format: Option<SourceFormat>,

    /// The unit of times written as bare numbers (`[1040-3718]`, `"start": 1040`): `s` or
    /// `ms` [default: s, or the configuration's `time-unit`]. Platform exports have their
    /// documented unit whatever this says.
    #[arg(long, value_name = "UNIT", value_parser = parse_time_unit)]
    pub time_unit: Option<TimeUnit>,
}

fn parse_input_format(value: &str) -> Result<SourceFormat, String> {
    value.parse()
}

fn parse_time_unit(value: &str) -> Result<TimeUnit, String> {
    value.parse()
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Files or directories to check (directories recursively: .txt, .jsonl, .ndjson, .json,
    /// .vtt, .srt);
    /// `-` reads standard input. Defaults to the current directory.
    #[arg(value_name = "PATH")]
    pub paths: Vec<String>,

    #[command(flatten)]
    pub pack_args: PackArgs,

    /// Report format. HTML goes to --output, or to standard output when that is not a terminal.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,

    /// Write the report to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Print only this table (table format), or choose the table a CSV holds [CSV default:
    /// agents].
    #[arg(long, value_enum)]
    pub section: Option<Section>,

    /// HTML only: which calls carry their transcript in the page (the others are rows in the
    /// call list). auto: every failed call, every call with a finding for review and a fixed
    /// sample of passed calls, within a size budget (see docs/report-page.md).
    #[arg(long, value_enum, value_name = "WHICH", default_value_t = CallsChoice::Auto)]
    pub calls: CallsChoice,

    /// HTML only: the language of the page's interface.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,

    /// Compare with an earlier report written by `huashu report --format json`: what changed
    /// in pass rate, mean score, per rule, per agent and per team (table, JSON and HTML).
    #[arg(long, value_name = "OLD.json")]
    pub compare: Option<PathBuf>,

    /// CSV only: leave out the UTF-8 byte-order mark that CSV output starts with (it is there
    /// so that Excel on Chinese Windows reads the Chinese text; a program may not want it).
    #[arg(long)]
    pub no_bom: bool,

    /// The HTML page's title.
    #[arg(
        long,
        value_name = "TEXT",
        default_value = "话术质检报告 · huashu report"
    )]
    pub title: String,

    /// The pass mark: a call scoring less than this fails QA [default: 80, or the
    /// configuration's `pass-mark`].
    #[arg(long, value_name = "SCORE", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub pass_mark: Option<u32>,

    /// Map a speaker label to a speaker, as for `check`.
    #[arg(long = "label", value_name = "LABEL=SPEAKER", value_parser = parse_label)]
    pub labels: Vec<(String, Speaker)>,

    /// Ignore every suppression comment, as for `check`.
    #[arg(long)]
    pub no_suppressions: bool,

    #[command(flatten)]
    pub input: InputArgs,
}

/// How `report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned tables for a terminal.
    Table,
    /// One table as CSV for a spreadsheet (UTF-8 with a byte-order mark; formula cells
    /// neutralised).
    Csv,
    /// One self-contained HTML page, rendered by its own script from compact data: filters,
    /// drill-down, trends, and the transcripts of the calls that matter (--calls).
    Html,
    /// The report's numbers as JSON (the contract in the README, "Report JSON"); what
    /// --compare reads.
    Json,
}

/// Which calls carry their transcript in the HTML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CallsChoice {
    /// Failed calls, calls with findings for review, and a fixed sample of passed calls,
    /// within a size budget.
    Auto,
    /// Every call (a large page for a large batch).
    All,
    /// Failed calls only.
    Failed,
    /// None: calls are rows only.
    None,
}

impl CallsChoice {
    /// The name used in the page data (`calls_included`).
    pub fn as_str(self) -> &'static str {
        match self {
            CallsChoice::Auto => "auto",
            CallsChoice::All => "all",
            CallsChoice::Failed => "failed",
            CallsChoice::None => "none",
        }
    }
}

/// The language of the HTML report's interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Simplified Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The code used in the page data (`lang`).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// One table of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Section {
    /// Calls, pass rate, scores, violations.
    Summary,
    /// Calls per score bin.
    Scores,
    /// Per rule: violations, calls, points.
    Rules,
    /// Per category: violations, calls, points.
    Categories,
    /// Per agent: calls, mean score, pass rate, violations, worst rules.
    Agents,
    /// Per team, like agents.
    Teams,
    /// Inputs that could not be read.
    Errors,
    /// One row per call: file, agent, team, date, score, passed, violations, top rule.
    Calls,
    /// Per day (when calls carry dates): calls, passed, pass rate, mean score.
    Days,
    /// The changes since the report given to --compare.
    Compare,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Files or directories to fix (directories recursively: .txt, .jsonl, .ndjson, .json,
    /// .vtt, .srt); `-` reads
    /// standard input and writes the fixed text to standard output.
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<String>,

    #[command(flatten)]
    pub pack_args: PackArgs,

    /// Also apply the rewrites marked `suggest`: they usually fit but can change the meaning,
    /// so read the diff.
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,

    /// Print a unified diff of what would change and write nothing.
    #[arg(long)]
    pub diff: bool,

    /// Map a speaker label to a speaker, as for `check`.
    #[arg(long = "label", value_name = "LABEL=SPEAKER", value_parser = parse_label)]
    pub labels: Vec<(String, Speaker)>,

    /// Read every input in this encoding instead of detecting it; the fixed file is written
    /// back in the encoding it was read in.
    #[arg(long, value_enum, value_name = "ENCODING")]
    pub encoding: Option<Encoding>,

    #[command(flatten)]
    pub format: FormatArgs,

    /// Fixing nothing (an empty directory, one with no transcript in it) is not an error.
    #[arg(long)]
    pub allow_empty: bool,
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
    /// One row per violation (UTF-8 with a byte-order mark, see --no-bom); cells that a
    /// spreadsheet would run as a formula are neutralised.
    Csv,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: one annotation per violation, then a summary.
    Github,
    /// JUnit XML: a test suite per input, a test case per call, failed when the call fails.
    Junit,
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
