//! Reading the TSV files: five columns, validated against the class list; exact duplicates
//! (same speaker, same normal form) merged; contradictions and conflicting split pins reported
//! with both places.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::error::{DataError, DataErrorKind, DataErrors};
use super::{Example, Labels, Register, Split, BUSINESSES};
use crate::intent::{ClassList, Normalized};
use crate::Speaker;

/// The files' sentences before grouping.
pub(super) struct Parsed {
    pub(super) examples: Vec<Example>,
    /// The split each example is pinned to, if any.
    pub(super) pins: Vec<Option<Split>>,
    pub(super) lines: usize,
    pub(super) duplicates: usize,
}

/// The fields of one line, as byte ranges into the file.
struct Fields {
    ranges: Vec<Range<usize>>,
}

/// Parses every file, in order of name.
pub(super) fn parse_files(
    files: &[(&str, &str)],
    classes: &ClassList,
) -> Result<Parsed, DataErrors> {
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by(|&a, &b| files[a].0.cmp(files[b].0));
    let mut out = Parsed {
        examples: Vec::new(),
        pins: Vec::new(),
        lines: 0,
        duplicates: 0,
    };
    let mut errors = Vec::new();
    let mut seen: HashMap<(Speaker, String), usize> = HashMap::new();
    // Normal form -> (split, file, line) of the first pinned line.
    let mut pinned: HashMap<String, (Split, String, usize)> = HashMap::new();
    for &f in &order {
        let (name, text) = files[f];
        let source: Arc<str> = Arc::from(text);
        let mut pin: Option<Split> = None;
        let mut first_content = true;
        let mut offset = 0;
        for (n, raw) in text.split('\n').enumerate() {
            let line_no = n + 1;
            let line_start = offset;
            offset += raw.len() + 1;
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if line.trim().is_empty() {
                continue;
            }
            let err = |span: Range<usize>, kind| {
                DataError::new(
                    name,
                    &source,
                    line_no,
                    line_start + span.start..line_start + span.end,
                    kind,
                )
            };
            if let Some(rest) = line.strip_prefix("#!") {
                match parse_pin(rest) {
                    Some(split) if first_content => pin = Some(split),
                    _ => errors.push(err(0..line.len(), DataErrorKind::BadPin(line.to_string()))),
                }
                first_content = false;
                continue;
            }
            first_content = false;
            if line.starts_with('#') {
                continue;
            }
            out.lines += 1;
            let fields = Fields {
                ranges: split_tabs(line),
            };
            if fields.ranges.len() != 5 {
                errors.push(err(
                    0..line.len(),
                    DataErrorKind::Columns {
                        found: fields.ranges.len(),
                    },
                ));
                continue;
            }
            let field = |i: usize| &line[fields.ranges[i].clone()];
            let before = errors.len();
            let speaker = match field(0) {
                "agent" => Some(Speaker::Agent),
                "customer" => Some(Speaker::Customer),
                other => {
                    errors.push(err(
                        fields.ranges[0].clone(),
                        DataErrorKind::UnknownSpeaker(other.to_string()),
                    ));
                    None
                }
            };
            let business = BUSINESSES.iter().copied().find(|b| *b == field(2));
            if business.is_none() {
                errors.push(err(
                    fields.ranges[2].clone(),
                    DataErrorKind::UnknownBusiness(field(2).to_string()),
                ));
            }
            let register = Register::from_name(field(3));
            if register.is_none() {
                errors.push(err(
                    fields.ranges[3].clone(),
                    DataErrorKind::UnknownRegister(field(3).to_string()),
                ));
            }
            let labels = parse_labels(
                field(1),
                fields.ranges[1].start,
                classes,
                speaker,
                &mut |span, kind| errors.push(err(span, kind)),
            );
            let sentence = field(4);
            let normalized = Normalized::new(sentence).as_str().to_string();
            if !normalized.chars().any(char::is_alphanumeric) {
                errors.push(err(fields.ranges[4].clone(), DataErrorKind::EmptyText));
            }
            if errors.len() > before {
                continue;
            }
            let (Some(speaker), Some(business), Some(register), Some(labels)) =
                (speaker, business, register, labels)
            else {
                continue;
            };
            if let Some(split) = pin {
                match pinned.get(&normalized) {
                    Some((other, file, line)) if *other != split => errors.push(
                        err(
                            fields.ranges[4].clone(),
                            DataErrorKind::TwoSplits {
                                split: split.as_str().to_string(),
                                other_split: other.as_str().to_string(),
                            },
                        )
                        .with_other(file, *line),
                    ),
                    Some(_) => {}
                    None => {
                        pinned.insert(normalized.clone(), (split, name.to_string(), line_no));
                    }
                }
            }
            let key = (speaker, normalized);
            if let Some(&i) = seen.get(&key) {
                let first = &mut out.examples[i];
                if first.labels != labels {
                    errors.push(
                        err(
                            fields.ranges[1].clone(),
                            DataErrorKind::Contradiction {
                                labels: labels.ids(classes),
                                other_labels: first.labels.ids(classes),
                            },
                        )
                        .with_other(&first.file, first.line),
                    );
                    continue;
                }
                first.copies += 1;
                out.duplicates += 1;
                if out.pins[i].is_none() {
                    out.pins[i] = pin;
                }
                continue;
            }
            seen.insert(key.clone(), out.examples.len());
            out.examples.push(Example {
                text: sentence.to_string(),
                normalized: key.1,
                speaker,
                labels,
                business,
                register,
                file: name.to_string(),
                line: line_no,
                copies: 1,
                group: 0,
                group_key: 0,
                split: Split::Train,
            });
            out.pins.push(pin);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(DataErrors(errors))
    }
}

/// `split = train|dev|test` after `#!`.
fn parse_pin(rest: &str) -> Option<Split> {
    let (key, value) = rest.split_once('=')?;
    if key.trim() != "split" {
        return None;
    }
    Split::from_name(value.trim())
}

/// The byte ranges of the tab-separated fields of `line`.
fn split_tabs(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(5);
    let mut start = 0;
    for (i, b) in line.bytes().enumerate() {
        if b == b'\t' {
            out.push(start..i);
            start = i + 1;
        }
    }
    out.push(start..line.len());
    out
}

/// The labels column: `-` or class ids of `speaker`, comma-separated. Problems go to `error`
/// (with byte ranges relative to the line) and give `None`.
fn parse_labels(
    column: &str,
    at: usize,
    classes: &ClassList,
    speaker: Option<Speaker>,
    error: &mut dyn FnMut(Range<usize>, DataErrorKind),
) -> Option<Labels> {
    let mut labels = Labels::default();
    if column == "-" {
        return Some(labels);
    }
    let mut ok = true;
    let mut start = 0;
    for part in column.split(',') {
        let span = at + start..at + start + part.len();
        start += part.len() + 1;
        let id = part.trim();
        if id.is_empty() || id == "-" {
            error(
                at..at + column.len(),
                DataErrorKind::BadLabels(column.to_string()),
            );
            return None;
        }
        match classes.index_of(id) {
            None => {
                error(span, DataErrorKind::UnknownClass(id.to_string()));
                ok = false;
            }
            Some(i) => {
                if let Some(s) = speaker {
                    if classes.get(i).speaker != s {
                        error(
                            span,
                            DataErrorKind::WrongSpeaker {
                                class: id.to_string(),
                                speaker: s.as_str().to_string(),
                            },
                        );
                        ok = false;
                    }
                }
                labels.insert(i);
            }
        }
    }
    ok.then_some(labels)
}
