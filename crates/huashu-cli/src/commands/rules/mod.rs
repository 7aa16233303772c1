//! `huashu rules list | explain ID | test [PACK]...`

use std::process::ExitCode;

use huashu::Linter;

use huashu_workspace::config::Flags;

use super::{use_color, Setup};
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
        RulesCommand::List { packs, format } => {
            linter(packs.flags()).map(|s| list(&s.linter, &ProfileChanges::of_setup(&s), *format))
        }
        RulesCommand::Explain { id, packs } => {
            linter(packs.flags()).map(|s| explain(&s.linter, &ProfileChanges::of_setup(&s), id))
        }
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
