//! Exit statuses, for every subcommand.

use std::process::ExitCode;

/// Nothing to report at or above `--fail-on`; or a command that did what it was asked.
pub const CLEAN: u8 = 0;
/// Violations at or above `--fail-on`; `fix --diff` with something to change; a rule example
/// that fails.
pub const VIOLATIONS: u8 = 1;
/// A usage error, a bad configuration or rule pack, an input that could not be read, or output
/// that could not be written.
pub const TROUBLE: u8 = 2;

/// The exit code of a status.
pub fn code(status: u8) -> ExitCode {
    ExitCode::from(status)
}

/// The exit for a failure to write output: a reader that stopped early (`huashu check | head`)
/// has what it wanted, so that is not an error; anything else is, said on standard error.
pub fn output_failed(err: &std::io::Error) -> ExitCode {
    if err.kind() == std::io::ErrorKind::BrokenPipe {
        return code(CLEAN);
    }
    eprintln!("error: cannot write output: {err}");
    code(TROUBLE)
}

/// Writes one line to standard output for commands that print as they go (`huashu intents …`):
/// a reader that stopped early ends the process cleanly (status 0, as [`output_failed`] does),
/// any other write failure ends it with [`TROUBLE`] and a message, instead of a panic.
pub fn print_line(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(err) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        let status = if err.kind() == std::io::ErrorKind::BrokenPipe {
            CLEAN
        } else {
            eprintln!("error: cannot write output: {err}");
            TROUBLE
        };
        std::process::exit(i32::from(status));
    }
}

/// `println!` through [`print_line`]: no panic when the reader of standard output has gone.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::exit::print_line(format_args!($($arg)*))
    };
}
pub(crate) use outln;
