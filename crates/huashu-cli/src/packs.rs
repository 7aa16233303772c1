//! Loading the rule packs named on the command line.

use std::process::ExitCode;

use huashu::{builtin_packs, Pack};

use crate::args::PackArgs;
use crate::{report, TROUBLE};

/// The built-in packs (unless dropped) and the given pack files. Every problem of every pack is
/// reported before giving up with exit status 2.
pub fn load(args: &PackArgs, color: bool) -> Result<Vec<Pack>, ExitCode> {
    load_files(&args.packs, args.no_default_packs, color)
}

/// Like [`load`], from a list of files.
pub fn load_files(
    files: &[std::path::PathBuf],
    no_default_packs: bool,
    color: bool,
) -> Result<Vec<Pack>, ExitCode> {
    let mut packs: Vec<Pack> = Vec::new();
    let mut failed = false;
    if !no_default_packs {
        match builtin_packs() {
            Ok(builtin) => packs.extend(builtin),
            Err(err) => {
                report(&err, color);
                failed = true;
            }
        }
    }
    for path in files {
        let name = path.to_string_lossy();
        match std::fs::read_to_string(path) {
            Ok(text) => match Pack::from_toml(&name, &text) {
                Ok(pack) => packs.push(pack),
                Err(err) => {
                    report(&err, color);
                    failed = true;
                }
            },
            Err(err) => {
                eprintln!("error: cannot read rule pack {name}: {err}");
                failed = true;
            }
        }
    }
    if failed {
        return Err(ExitCode::from(TROUBLE));
    }
    if packs.is_empty() {
        eprintln!("error: no rule packs to check with: drop --no-default-packs or add --pack FILE");
        return Err(ExitCode::from(TROUBLE));
    }
    Ok(packs)
}
