//! Finding the inputs named on the command line and reading them.

use std::io::Read;
use std::path::Path;

use huashu::transcript::SourceFormat;

/// The extensions checked when walking a directory.
const EXTENSIONS: &[&str] = &["txt", "jsonl", "json"];

/// One thing to check: a file, standard input, or a path that could not be used.
#[derive(Debug)]
pub enum Input {
    /// A file to read.
    File(String),
    /// Standard input.
    Stdin,
    /// A path that could not be walked or does not exist.
    Missing { path: String, message: String },
}

impl Input {
    /// The name shown in output.
    pub fn display_name(&self) -> &str {
        match self {
            Input::File(path) => path,
            Input::Stdin => "<stdin>",
            Input::Missing { path, .. } => path,
        }
    }
}

/// Expands the command-line paths: files as given, directories walked recursively (sorted,
/// honouring .gitignore and skipping hidden files), `-` as standard input.
pub fn discover(paths: &[String]) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let p = Path::new(path);
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => walk(p, &mut inputs),
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(err) => inputs.push(Input::Missing {
                path: path.clone(),
                message: io_message(&err),
            }),
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Vec<Input>) {
    let walker = ignore::WalkBuilder::new(dir)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                let wanted = entry
                    .path()
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if is_file && wanted {
                    inputs.push(Input::File(entry.path().to_string_lossy().into_owned()));
                }
            }
            Err(err) => inputs.push(Input::Missing {
                path: dir.to_string_lossy().into_owned(),
                message: err.to_string(),
            }),
        }
    }
}

/// A file's text and format, or why it could not be read.
pub struct Source {
    pub text: String,
    pub format: SourceFormat,
}

/// Reads an input as UTF-8 text.
pub fn read(input: &Input) -> Result<Source, String> {
    let (bytes, format) = match input {
        Input::File(path) => (
            std::fs::read(path).map_err(|e| io_message(&e))?,
            Some(SourceFormat::from_path(path)),
        ),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| io_message(&e))?;
            (bytes, None)
        }
        Input::Missing { message, .. } => return Err(message.clone()),
    };
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(format!(
            "looks like a binary file (a NUL byte at byte {at}); huashu reads text transcripts"
        ));
    }
    let text = decode_utf8(bytes)?;
    let format = format.unwrap_or_else(|| SourceFormat::sniff(&text));
    Ok(Source { text, format })
}

fn decode_utf8(bytes: Vec<u8>) -> Result<String, String> {
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&bytes[line_start..at])
            .chars()
            .count()
            + 1;
        format!(
            "line {line}, column {column}: not valid UTF-8 (byte {at}); huashu reads UTF-8 text"
        )
    })
}

/// An I/O error without Rust's `(os error N)` suffix.
fn io_message(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = err.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let mut bytes = "客服:您好\n客户:".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xC4, 0xE3, 0xBA, 0xC3]); // 你好 in GBK
        let err = decode_utf8(bytes).unwrap_err();
        assert!(
            err.starts_with("line 2, column 4: not valid UTF-8"),
            "{err}"
        );
    }
}
