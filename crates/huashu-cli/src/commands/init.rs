//! `huashu init`: writes a commented starter `huashu.toml`.

use std::path::Path;
use std::process::ExitCode;

use huashu_workspace::config::init;

use crate::exit::{code, CLEAN, TROUBLE};

/// Runs `huashu init`.
pub fn run(path: &Path, force: bool) -> ExitCode {
    match init::write(path, force) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            code(CLEAN)
        }
        Err(message) => {
            eprintln!("error: {message}");
            code(TROUBLE)
        }
    }
}
