//! `huashu rules list | explain ID | test [PACK]...`

use std::mem::ManuallyDrop;
use std::process::ExitCode;
use std::sync::Arc;

use huashu::Linter;

use huashu_workspace::config::Flags;
use huashu_workspace::input::Input;

use super::{report_diagnostic, use_color, Setup};
use crate::args::{Cli, ColorChoice, RulesCommand};
use crate::exit::{code, CLEAN, TROUBLE};

mod explain;
mod list;
mod profiles;
mod test;

use explain::explain;
use list::list;
use profiles::ProfileChanges;
use test::{test, variant_profiles};

/// Runs a `rules` subcommand with the configuration's packs, selection and overrides.
pub fn run(cli: &Cli, command: &RulesCommand) -> ExitCode {
    let color = use_color(ColorChoice::Auto);
    let linter = |flags: Flags<'_>| Setup::new(cli, color, &flags, false, None);
    let result = match command {
        RulesCommand::List {
            packs,
            format,
            for_file,
        } => shown(cli, color, &packs.flags(), for_file.as_deref())
            .map(|s| list(&s.linter, &s.changes, s.place.as_deref(), *format)),
        RulesCommand::Explain {
            id,
            packs,
            for_file,
        } => shown(cli, color, &packs.flags(), for_file.as_deref())
            .map(|s| explain(&s.linter, &s.changes, s.place.as_deref(), id)),
        RulesCommand::Test {
            files,
            no_default_packs,
        } => {
            let flags = Flags {
                no_default_packs: *no_default_packs,
                extra_packs: files,
                ..Flags::default()
            };
            linter(flags).and_then(|s| {
                // The examples of each profile's variants, with a linter of that profile.
                let mut profiled = Vec::new();
                for name in variant_profiles(&s.linter) {
                    let setup = linter(Flags {
                        profile: Some(&name),
                        ..flags
                    })?;
                    profiled.push((name, setup));
                }
                let profiled: Vec<(String, &Linter)> = profiled
                    .iter()
                    .map(|(name, setup)| (name.clone(), &*setup.linter))
                    .collect();
                Ok(test(&s.linter, &profiled))
            })
        }
    };
    result.unwrap_or_else(|code| code)
}

/// What `rules list` and `rules explain` show: a linter, what the channel profiles change in
/// the loaded rules, and (with `--for FILE`) a line saying for which file and configuration.
struct Shown {
    /// The linter, never dropped (see [`Setup::linter`]).
    linter: ManuallyDrop<Linter>,
    changes: ProfileChanges,
    place: Option<String>,
}

/// The rules as the configuration nearest to the working directory (or `--config`) has them
/// under `flags`, or with `for_file`, as `check` has them for that file: the configuration
/// nearest to it, with its `[per-path-ignores]` and `[[profiles]]` entry. Problems are
/// reported, as `check` reports them.
fn shown(
    cli: &Cli,
    color: bool,
    flags: &Flags<'_>,
    for_file: Option<&str>,
) -> Result<Shown, ExitCode> {
    let setup = Setup::new(cli, color, flags, false, None)?;
    let Some(file) = for_file else {
        return Ok(Shown {
            changes: ProfileChanges::new(setup.settings.load_packs().unwrap_or_default()),
            linter: setup.linter,
            place: None,
        });
    };
    let place = setup.resolver.place(&Input::file(file));
    let config = setup.resolver.config_file(place.config).map_or_else(
        || "no configuration".to_owned(),
        |path| path.display().to_string(),
    );
    let settings = setup
        .resolver
        .settings(&place, &setup.settings, flags)
        .map_err(|problem| {
            if let Some(problem) = problem {
                report_diagnostic(&problem, color);
            }
            code(TROUBLE)
        })?;
    let linter = settings
        .linter(Arc::clone(&setup.segmenter))
        .map_err(|problems| {
            for problem in &problems {
                report_diagnostic(problem.as_ref(), color);
            }
            code(TROUBLE)
        })?;
    Ok(Shown {
        changes: ProfileChanges::new(settings.load_packs().unwrap_or_default()),
        linter: ManuallyDrop::new(linter),
        place: Some(format!("for {file}: {config}")),
    })
}

/// Writes to standard output. A reader that stopped early (`huashu rules list | head`) is not
/// an error; any other failure to write is.
fn emit(text: &str) -> ExitCode {
    use std::io::Write as _;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => code(CLEAN),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => code(CLEAN),
        Err(err) => {
            eprintln!("error: cannot write output: {err}");
            code(TROUBLE)
        }
    }
}
