//! `huashu intents stats`: the data's files, groups and splits per class, or one split's lines.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use huashu::intent::{Dataset, Split};

use super::{load_classes, load_data, print_stats};
use crate::args::SpeakerArg;
use crate::exit::{code, outln, TROUBLE};

pub(super) fn run_stats(
    dirs: &[PathBuf],
    classes: Option<&Path>,
    list: Option<&str>,
    speaker: Option<SpeakerArg>,
    color: bool,
) -> Result<(), ExitCode> {
    let split = match list.map(|name| (name, Split::from_name(name))) {
        None => None,
        Some((_, Some(split))) => Some(split),
        Some((name, None)) => {
            eprintln!("error: unknown split `{name}` in --list (expected train, dev or test)");
            return Err(code(TROUBLE));
        }
    };
    let classes = load_classes(classes, color)?;
    let data = load_data(dirs, &classes, color)?;
    let Some(split) = split else {
        print_stats(&data);
        print_class_counts(&data);
        return Ok(());
    };
    let speaker = speaker.map(SpeakerArg::speaker);
    for e in data
        .in_split(split)
        .filter(|e| speaker.is_none_or(|s| e.speaker == s))
    {
        outln!(
            "{}:{}\t{}\t{}\t{}",
            e.file,
            e.line,
            e.speaker.as_str(),
            e.labels.ids(data.classes()),
            e.text
        );
    }
    Ok(())
}

pub(super) fn print_class_counts(data: &Dataset) {
    let s = data.stats();
    outln!(
        "largest group {}, {} straddling pinned splits; groups train/dev/test {}/{}/{}",
        s.largest_group,
        s.straddling_groups,
        s.groups_per_split[0],
        s.groups_per_split[1],
        s.groups_per_split[2]
    );
    outln!("{:<28} {:>6} {:>6} {:>6}", "class", "train", "dev", "test");
    let (per_class, negatives) = data.class_counts();
    for (c, counts) in data.classes().iter().zip(&per_class) {
        outln!(
            "{:<28} {:>6} {:>6} {:>6}",
            c.id,
            counts[0],
            counts[1],
            counts[2]
        );
    }
    for (name, n) in ["agent, no class", "customer, no class"]
        .iter()
        .zip(negatives)
    {
        outln!("{:<28} {:>6} {:>6} {:>6}", name, n[0], n[1], n[2]);
    }
}
