//! One file per subcommand, and the setup they share: the configuration (`huashu.toml` and the
//! flags) gives the settings, the settings the linter, the paths the inputs.

pub mod check;
pub mod fix;
pub mod init;
pub mod intents;
pub mod report;
pub mod rules;

use std::io::{IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::process::ExitCode;
use std::sync::Arc;

use huashu::{JiebaSegmenter, Linter, Segmenter};
use std::path::PathBuf;

use huashu_workspace::check::{Batch, Checker};
use huashu_workspace::config::per_path::Resolver;
use huashu_workspace::config::{self, Config, Flags, Settings};
use huashu_workspace::input::{self, Input, PathFilter, Walk};

use crate::args::{Cli, ColorChoice, FormatArgs, InputArgs};
use crate::exit::{code, TROUBLE};

/// What a command runs with: its settings and the linter they build; for commands that read
/// inputs, the inputs and where the configuration of each is found.
pub struct Setup {
    /// The configuration's settings under the flags: the root configuration's (found from the
    /// working directory upwards, or named by `--config`).
    pub settings: Settings,
    /// The linter. Never dropped: every command exits soon after it is done with it, and
    /// freeing its automata and the regex caches that a large batch has grown took about 5% of
    /// the time of checking 50 MB (the operating system reclaims the memory at once on exit).
    pub linter: ManuallyDrop<Linter>,
    /// The inputs named, in order (empty for commands that read none).
    pub inputs: Vec<Input>,
    /// Which configuration applies to each input.
    pub resolver: Arc<Resolver>,
    /// The segmenter the linter uses, for the linters of other configurations.
    pub segmenter: Arc<dyn Segmenter>,
}

impl Setup {
    /// Settings (the configuration, then `flags`), the linter, then the inputs `paths` name
    /// (walked as `walk` says, and as the `include` and `exclude` of the configuration of each
    /// directory say; none for `None`). With `preload`, jieba's dictionary loads on a second
    /// thread while the linter is built. Every problem is reported on standard error; so is
    /// finding nothing to check, an error unless `allow-empty` says otherwise.
    pub fn new(
        cli: &Cli,
        color: bool,
        flags: &Flags<'_>,
        preload: bool,
        paths: Option<(&[String], &Walk)>,
    ) -> Result<Setup, ExitCode> {
        let root = load_root(cli, color)?;
        let resolver = Arc::new(root.resolver().map_err(|err| {
            report_diagnostic(&err, color);
            code(TROUBLE)
        })?);
        let settings = Settings::new(root.config, flags);
        let segmenter = Arc::new(JiebaSegmenter::new());
        let linter = build_linter(&settings, &segmenter, color, preload)?;
        let inputs = match paths {
            Some((paths, walk)) => {
                let walk = Walk {
                    filter: Some(Arc::clone(&resolver) as Arc<dyn PathFilter>),
                    ..walk.clone()
                };
                let found = input::discover(paths, &walk).map_err(|message| {
                    eprintln!("error: {message}");
                    code(TROUBLE)
                })?;
                if let Some(why) = found.nothing_to_check() {
                    if !settings.allow_empty {
                        eprintln!("error: {why} (--allow-empty makes this not an error)");
                        return Err(code(TROUBLE));
                    }
                    eprintln!("warning: {why}");
                }
                found.inputs
            }
            None => Vec::new(),
        };
        Ok(Setup {
            settings,
            linter,
            inputs,
            resolver,
            segmenter,
        })
    }
}

impl Setup {
    /// The root settings, the inputs, and the inputs grouped by configuration with a linter for
    /// each group (built with `flags` over its configuration). A configuration below the
    /// working directory that has an error is reported, and only its inputs are not checked.
    pub fn into_batch(
        self,
        flags: &Flags<'_>,
        color: bool,
    ) -> (Settings, Vec<Input>, ManuallyDrop<Batch>) {
        let Setup {
            settings,
            linter,
            inputs,
            resolver,
            segmenter,
        } = self;
        let root = Checker {
            linter: ManuallyDrop::into_inner(linter),
            options: settings.check_options(),
        };
        let (batch, problems) = Batch::new(root, &settings, &resolver, &inputs, flags, segmenter);
        for problem in &problems {
            report_diagnostic(problem.as_ref(), color);
        }
        for note in &batch.notes {
            eprintln!("warning: {note}");
        }
        (settings, inputs, ManuallyDrop::new(batch))
    }
}

/// What `check` and `report` share before they check: the thread pool sized, the settings,
/// the inputs, and for each the linter of its configuration and how it is read.
pub struct Checking {
    /// The root configuration's settings under the flags: what is about the whole run
    /// (`fail-on`, `allow-empty`) comes from them.
    pub settings: Settings,
    /// The inputs named, in order.
    pub inputs: Vec<Input>,
    /// The inputs grouped by configuration: a linter per group. Never dropped (see
    /// [`Setup::linter`]).
    pub batch: ManuallyDrop<Batch>,
    /// How many files are checked at once.
    pub threads: usize,
}

impl Checking {
    /// Sizes the thread pool, then [`Setup::new`] with `flags` and the input flags over them,
    /// the inputs `paths` name (the current directory when none), and a linter for each
    /// configuration that applies to them. A configuration below the working directory that
    /// has an error is reported, and only its inputs are not checked.
    pub fn new(
        cli: &Cli,
        color: bool,
        flags: Flags<'_>,
        paths: &[String],
        args: &InputArgs,
    ) -> Result<Checking, ExitCode> {
        let threads = thread_count(args);
        start_thread_pool(threads);
        let flags = Flags {
            encoding: args.encoding,
            name_pattern: args.name_pattern.as_ref(),
            allow_empty: args.allow_empty,
            ..format_flags(flags, &args.format)
        };
        let paths = paths_or_here(paths);
        let walk = walk(args);
        let setup = Setup::new(cli, color, &flags, threads > 1, Some((&paths, &walk)))?;
        let (settings, inputs, batch) = setup.into_batch(&flags, color);
        Ok(Checking {
            settings,
            inputs,
            batch,
            threads,
        })
    }
}

/// `flags` with `--input-format` and `--time-unit`.
pub fn format_flags<'a>(flags: Flags<'a>, args: &FormatArgs) -> Flags<'a> {
    Flags {
        input_format: args.input_format,
        time_unit: args.time_unit,
        ..flags
    }
}

/// The root configuration: `--config FILE`, else the first `huashu.toml` from the working
/// directory upwards, unless `--isolated`.
pub(crate) fn load_config(cli: &Cli, color: bool) -> Result<Option<Config>, ExitCode> {
    load_root(cli, color).map(|root| root.config)
}

/// The root configuration, where it is, and whether other inputs look for their own.
struct Root {
    /// The working directory.
    cwd: PathBuf,
    /// The file, as shown, and what it says.
    file: Option<PathBuf>,
    config: Option<Config>,
    /// Whether each input is checked with the nearest `huashu.toml` above it (no `--config`,
    /// no `--isolated`).
    nearest: bool,
}

impl Root {
    /// Which configuration applies to each input.
    fn resolver(&self) -> Result<Resolver, config::ConfigError> {
        let root = self.file.as_deref().zip(self.config.as_ref());
        if self.nearest {
            Resolver::nearest(&self.cwd, root)
        } else {
            Resolver::fixed(&self.cwd, root)
        }
    }
}

fn load_root(cli: &Cli, color: bool) -> Result<Root, ExitCode> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let mut root = Root {
        cwd,
        file: None,
        config: None,
        nearest: !cli.isolated && cli.config.is_none(),
    };
    if cli.isolated {
        return Ok(root);
    }
    let path = match &cli.config {
        Some(path) => path.clone(),
        None => match config::discover(&root.cwd) {
            // Shown relative to the working directory, as input paths are.
            Some(path) => match path.strip_prefix(&root.cwd) {
                Ok(relative) => relative.to_owned(),
                Err(_) => path,
            },
            None => return Ok(root),
        },
    };
    let config = Config::load(&path).map_err(|err| {
        report_diagnostic(&err, color);
        code(TROUBLE)
    })?;
    root.file = Some(path);
    root.config = Some(config);
    Ok(root)
}

/// Builds the linter the settings describe, reporting every problem. With `preload`, jieba's
/// dictionary loads on a second thread meanwhile (about 90 ms, most of the time a one-call file
/// takes), rather than when the first hit needs a word boundary.
fn build_linter(
    settings: &Settings,
    segmenter: &Arc<JiebaSegmenter>,
    color: bool,
    preload: bool,
) -> Result<ManuallyDrop<Linter>, ExitCode> {
    if preload {
        let segmenter = Arc::clone(segmenter);
        // Not joined: checking waits for the dictionary only if it needs it before it is
        // loaded, and an exit before then does not wait at all.
        std::thread::spawn(move || segmenter.prepare());
    }
    match settings.linter(Arc::clone(segmenter) as Arc<dyn Segmenter>) {
        Ok(linter) => Ok(ManuallyDrop::new(linter)),
        Err(problems) => {
            for problem in &problems {
                report_diagnostic(problem.as_ref(), color);
            }
            Err(code(TROUBLE))
        }
    }
}

/// The paths to check: those given, or the current directory.
fn paths_or_here(paths: &[String]) -> Vec<String> {
    if paths.is_empty() {
        vec![".".to_owned()]
    } else {
        paths.to_vec()
    }
}

/// How directories are walked.
fn walk(args: &InputArgs) -> Walk {
    Walk {
        globs: args.globs.clone(),
        no_ignore: args.no_ignore,
        filter: None,
    }
}

/// How many threads check files (and the calls of a big file) at once: `--threads`, else the
/// number of CPUs.
fn thread_count(args: &InputArgs) -> usize {
    args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    )
}

/// Sizes rayon's global pool (which checks the calls of a file in parallel) to `threads`, so
/// that `--threads 1` really uses one. Call it before anything uses rayon.
fn start_thread_pool(threads: usize) {
    // Fails only when the pool was already built, with the same size.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("huashu-{i}"))
        .build_global();
}

/// Renders a diagnostic (a bad pack, a configuration problem) to standard error.
pub fn report_diagnostic(diagnostic: &dyn miette::Diagnostic, color: bool) {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let handler = miette::GraphicalReportHandler::new_themed(theme);
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = diagnostic.to_string();
    }
    let _ = writeln!(std::io::stderr(), "{out}");
}

/// Whether to colour output: `--color`, and for `auto` a terminal without `NO_COLOR`.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
