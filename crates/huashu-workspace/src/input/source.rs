//! An input's bytes read and decoded into text, with its format.

use std::io::Read;

use huashu::transcript::SourceFormat;

use super::decode::{self, Encoding, TextEncoding};
use super::{io_message, Input};

/// An input's text, its format, and how it was stored.
///
/// ```
/// use huashu::transcript::SourceFormat;
/// use huashu_workspace::input::{Encoding, Source};
/// // 客服:您好 in GB18030, as an older Chinese system exports it.
/// let bytes = vec![0xBF, 0xCD, 0xB7, 0xFE, b':', 0xC4, 0xFA, 0xBA, 0xC3, b'\n'];
/// let source = Source::decode(bytes, None, None).unwrap();
/// assert_eq!(source.text, "客服:您好\n");
/// assert_eq!(source.format, SourceFormat::Text);
/// assert_eq!(source.encoding.encoding, Encoding::Gb18030);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The decoded text (without a byte-order mark).
    pub text: String,
    /// Its format: from the file name, or sniffed from the text.
    pub format: SourceFormat,
    /// How the text was stored (encoding, byte-order mark, line ends), to write it back so.
    pub encoding: TextEncoding,
}

impl Source {
    /// Decodes an input's bytes (in `forced` encoding, or as detected: see [`decode`]). Without
    /// a `format` (standard input) it is told from the text's structure
    /// ([`SourceFormat::detect`]: a platform's JSON export, WebVTT, SRT…). The
    /// error says why the bytes are not text, with a line and column when it has one.
    ///
    /// ```
    /// use huashu::transcript::SourceFormat;
    /// use huashu_workspace::input::Source;
    /// let jsonl = "{\"turns\": [{\"speaker\": \"agent\", \"text\": \"您好\"}]}\n{\"turns\": []}\n".as_bytes().to_vec();
    /// assert_eq!(Source::decode(jsonl, None, None).unwrap().format, SourceFormat::JsonLines);
    /// let vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v 客服>您好\n".as_bytes().to_vec();
    /// assert_eq!(Source::decode(vtt, None, None).unwrap().format, SourceFormat::WebVtt);
    /// let err = Source::decode(b"\xE5\xAE\xA2\xFF".to_vec(), None, None).unwrap_err();
    /// assert!(err.starts_with("line 1, column 2: not valid UTF-8 (byte 3)"), "{err}");
    /// ```
    pub fn decode(
        bytes: Vec<u8>,
        format: Option<SourceFormat>,
        forced: Option<Encoding>,
    ) -> Result<Source, String> {
        // The common case, UTF-8 without a byte-order mark, takes the bytes as they are: no
        // copy. (It is what `decode` would find, without the copy.)
        let plain_utf8 = matches!(forced, None | Some(Encoding::Utf8))
            && !bytes.starts_with(b"\xEF\xBB\xBF")
            && !bytes.contains(&0);
        let bytes = if plain_utf8 {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    let format = format.unwrap_or_else(|| SourceFormat::detect(&text));
                    return Ok(Source {
                        encoding: TextEncoding::utf8(&text),
                        text,
                        format,
                    });
                }
                Err(err) => err.into_bytes(),
            }
        } else {
            bytes
        };
        let decoded = decode::decode(&bytes, forced).map_err(|e| e.to_string())?;
        let format = format.unwrap_or_else(|| SourceFormat::detect(&decoded.text));
        Ok(Source {
            text: decoded.text,
            format,
            encoding: decoded.format,
        })
    }
}

/// Reads an input's bytes whole, with the format its file name implies (none for standard
/// input). The error is a message without Rust's `(os error N)`.
///
/// ```
/// use huashu::transcript::SourceFormat;
/// use huashu_workspace::input::{read_bytes, Input};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("day.jsonl");
/// std::fs::write(&path, "{}\n").unwrap();
/// let (bytes, format) = read_bytes(&Input::file(path.to_string_lossy())).unwrap();
/// assert_eq!((bytes.len(), format), (3, Some(SourceFormat::JsonLines)));
/// let missing = Input::file(dir.path().join("nope.txt").to_string_lossy());
/// assert_eq!(read_bytes(&missing).unwrap_err(), "no such file or directory");
/// ```
pub fn read_bytes(input: &Input) -> Result<(Vec<u8>, Option<SourceFormat>), String> {
    match input {
        Input::File { path, .. } => Ok((
            std::fs::read(path).map_err(|e| io_message(&e))?,
            Some(SourceFormat::from_path(path)),
        )),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| io_message(&e))?;
            Ok((bytes, None))
        }
        Input::Missing { message, .. } => Err(message.clone()),
    }
}

/// Reads a whole input and decodes it: [`read_bytes`], then [`Source::decode`].
///
/// ```
/// use huashu_workspace::input::{read, Input};
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("call.txt");
/// std::fs::write(&path, "客服:您好\r\n").unwrap();
/// let source = read(&Input::file(path.to_string_lossy()), None).unwrap();
/// assert_eq!(source.encoding.line_ending, huashu_workspace::input::LineEnding::Crlf);
/// ```
pub fn read(input: &Input, forced: Option<Encoding>) -> Result<Source, String> {
    let (bytes, format) = read_bytes(input)?;
    Source::decode(bytes, format, forced)
}
