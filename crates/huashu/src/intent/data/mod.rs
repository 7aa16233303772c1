//! Labelled sentences (`intents/data/*.tsv`) parsed into a dataset: validated, deduplicated on
//! normalised text, grouped by near-duplicates and split into train, dev and test by group.

mod error;
mod groups;
mod parse;

pub use error::{DataError, DataErrorKind, DataErrors};
pub use groups::SplitOptions;

use super::ClassList;
use crate::Speaker;

/// The businesses a sentence may come from (the `business` column).
pub const BUSINESSES: &[&str] = &[
    "telecom",
    "bank",
    "insurance",
    "ecommerce",
    "delivery",
    "airline",
    "hotel",
    "utility",
    "gov12345",
    "hospital",
    "school",
    "car",
    "property",
    "game",
    "software",
    "general",
];

/// One of the three parts of the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Split {
    /// What the weights are fitted on (about 80 %).
    Train,
    /// What the settings, calibration and thresholds are chosen on (about 10 %).
    Dev,
    /// Held out for the final figures, never used for tuning (about 10 %).
    Test,
}

impl Split {
    /// All three, in order.
    pub const ALL: [Split; 3] = [Split::Train, Split::Dev, Split::Test];

    /// The name used in data files and reports.
    ///
    /// ```
    /// assert_eq!(huashu::intent::Split::Dev.as_str(), "dev");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Dev => "dev",
            Split::Test => "test",
        }
    }

    /// The split with this name.
    ///
    /// ```
    /// use huashu::intent::Split;
    /// assert_eq!(Split::from_name("test"), Some(Split::Test));
    /// assert_eq!(Split::from_name("valid"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Split> {
        Split::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// How a sentence is written (the `register` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Register {
    /// Formal service language.
    Formal,
    /// Everyday spoken language.
    Spoken,
    /// Northern colloquial (甭, 咋, 赶紧的).
    North,
    /// Southern colloquial (晓得, 蛮).
    South,
    /// Written chat.
    Chat,
    /// Speech-recognition output: no punctuation, spaces, `_`, fillers, homophone slips.
    Asr,
    /// Traditional characters.
    Trad,
    /// Full-width forms.
    Fullwidth,
}

impl Register {
    /// All registers, in order.
    pub const ALL: [Register; 8] = [
        Register::Formal,
        Register::Spoken,
        Register::North,
        Register::South,
        Register::Chat,
        Register::Asr,
        Register::Trad,
        Register::Fullwidth,
    ];

    /// The name used in data files.
    ///
    /// ```
    /// assert_eq!(huashu::intent::Register::Asr.as_str(), "asr");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Register::Formal => "formal",
            Register::Spoken => "spoken",
            Register::North => "north",
            Register::South => "south",
            Register::Chat => "chat",
            Register::Asr => "asr",
            Register::Trad => "trad",
            Register::Fullwidth => "fullwidth",
        }
    }

    /// The register with this name.
    ///
    /// ```
    /// use huashu::intent::Register;
    /// assert_eq!(Register::from_name("trad"), Some(Register::Trad));
    /// ```
    pub fn from_name(name: &str) -> Option<Register> {
        Register::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

/// A set of class indices (at most 64 classes).
///
/// ```
/// use huashu::intent::Labels;
/// let mut labels = Labels::default();
/// labels.insert(3);
/// labels.insert(0);
/// assert!(labels.contains(3) && !labels.contains(1));
/// assert_eq!(labels.iter().collect::<Vec<_>>(), vec![0, 3]);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Labels(pub u64);

impl Labels {
    /// Adds class `index`.
    pub fn insert(&mut self, index: usize) {
        self.0 |= 1 << index;
    }

    /// Whether class `index` is in the set.
    pub fn contains(self, index: usize) -> bool {
        index < 64 && self.0 & (1 << index) != 0
    }

    /// Whether the set is empty (a negative).
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The class indices, in increasing order.
    pub fn iter(self) -> impl Iterator<Item = usize> {
        (0..64).filter(move |&i| self.0 & (1 << i) != 0)
    }

    /// The ids, comma-separated, or `-` for none.
    ///
    /// ```
    /// use huashu::intent::{ClassList, Labels};
    /// assert_eq!(Labels(0b101).ids(ClassList::builtin()), "forbidden.rhetorical,forbidden.impatience");
    /// assert_eq!(Labels(0).ids(ClassList::builtin()), "-");
    /// ```
    pub fn ids(self, classes: &ClassList) -> String {
        if self.is_empty() {
            return "-".to_string();
        }
        let ids: Vec<&str> = self.iter().map(|i| classes.get(i).id.as_str()).collect();
        ids.join(",")
    }
}

/// One labelled sentence (its exact duplicates merged into it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The sentence as first written.
    pub text: String,
    /// Its normal form (see [`super::Normalized`]); unique per speaker in a dataset.
    pub normalized: String,
    /// Whose sentence it is.
    pub speaker: Speaker,
    /// Its classes (empty: a negative).
    pub labels: Labels,
    /// The business column.
    pub business: &'static str,
    /// The register column.
    pub register: Register,
    /// Where it was first written: file name and 1-based line.
    pub file: String,
    /// See `file`.
    pub line: usize,
    /// How many lines of the data it stands for (1 plus the duplicates merged into it).
    pub copies: usize,
    /// Its near-duplicate group (an index; groups are numbered from 0 in order of first line).
    pub group: usize,
    /// A stable hash of its group (of the group's smallest normal form): the same whatever the
    /// files' names or order; what the group's split and cross-validation fold come from.
    pub group_key: u64,
    /// Its split.
    pub split: Split,
}

/// Counts that describe a dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatasetStats {
    /// Files read.
    pub files: usize,
    /// Sentence lines read (comments and blank lines not counted).
    pub lines: usize,
    /// Lines merged into an earlier line with the same speaker and normal form.
    pub duplicates: usize,
    /// Near-duplicate groups.
    pub groups: usize,
    /// Sentences in the largest group.
    pub largest_group: usize,
    /// Groups whose sentences are pinned to more than one split (the near-copy guarantee
    /// cannot hold for them; the unpinned sentences go to the most held-out split of the pins).
    pub straddling_groups: usize,
    /// Sentences per split (train, dev, test).
    pub sentences_per_split: [usize; 3],
    /// Groups per split (train, dev, test).
    pub groups_per_split: [usize; 3],
}

/// Labelled sentences, deduplicated, grouped and split.
///
/// ```
/// use huashu::intent::{ClassList, Dataset, Split};
/// let tsv = "agent\tforbidden.rushing\ttelecom\tspoken\t没别的事我挂了啊\n\
///            agent\t-\ttelecom\tformal\t请问还有什么可以帮您?\n\
///            agent\t-\ttelecom\tformal\t请问还有什么可以帮您？\n";
/// let data = Dataset::parse(&[("a.tsv", tsv)], ClassList::builtin()).unwrap();
/// assert_eq!(data.examples().len(), 2);
/// assert_eq!(data.stats().duplicates, 1);
/// assert_eq!(data.examples()[1].copies, 2);
/// assert_eq!(data.in_split(Split::Train).count() + data.in_split(Split::Dev).count()
///     + data.in_split(Split::Test).count(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct Dataset {
    classes: ClassList,
    examples: Vec<Example>,
    stats: DatasetStats,
}

impl Dataset {
    /// Parses data files given as `(name, text)` with the default [`SplitOptions`]. Every
    /// problem is reported (see [`DataErrors`]), in file and line order.
    pub fn parse(files: &[(&str, &str)], classes: &ClassList) -> Result<Dataset, DataErrors> {
        Dataset::parse_with(files, classes, &SplitOptions::default())
    }

    /// [`Dataset::parse`] with other grouping and split settings.
    ///
    /// ```
    /// use huashu::intent::{ClassList, Dataset, SplitOptions};
    /// let options = SplitOptions { dev_percent: 50, test_percent: 50, ..SplitOptions::default() };
    /// let tsv = "customer\tcustomer.cannot-hear\ttelecom\tspoken\t你那边声音太小了\n";
    /// let data = Dataset::parse_with(&[("a.tsv", tsv)], ClassList::builtin(), &options).unwrap();
    /// assert_eq!(data.stats().sentences_per_split[0], 0);
    /// ```
    pub fn parse_with(
        files: &[(&str, &str)],
        classes: &ClassList,
        options: &SplitOptions,
    ) -> Result<Dataset, DataErrors> {
        let parsed = parse::parse_files(files, classes)?;
        let mut stats = DatasetStats {
            files: files.len(),
            lines: parsed.lines,
            duplicates: parsed.duplicates,
            ..DatasetStats::default()
        };
        let mut examples = parsed.examples;
        groups::assign(&mut examples, &parsed.pins, options, &mut stats);
        Ok(Dataset {
            classes: classes.clone(),
            examples,
            stats,
        })
    }

    /// The class list the labels refer to.
    pub fn classes(&self) -> &ClassList {
        &self.classes
    }

    /// Every sentence, in the order first written.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// The sentences of one split.
    pub fn in_split(&self, split: Split) -> impl Iterator<Item = &Example> {
        self.examples.iter().filter(move |e| e.split == split)
    }

    /// Counts: lines, duplicates merged, groups, sentences and groups per split.
    pub fn stats(&self) -> &DatasetStats {
        &self.stats
    }

    /// Sentences per class and split: `[class][split]`, plus the negatives of each speaker as
    /// `negatives[speaker as agent=0/customer=1][split]`.
    ///
    /// ```
    /// use huashu::intent::{ClassList, Dataset};
    /// let tsv = "agent\tforbidden.rushing\ttelecom\tspoken\t没别的事我挂了啊\n";
    /// let data = Dataset::parse(&[("a.tsv", tsv)], ClassList::builtin()).unwrap();
    /// let (per_class, _negatives) = data.class_counts();
    /// let rushing = ClassList::builtin().index_of("forbidden.rushing").unwrap();
    /// assert_eq!(per_class[rushing].iter().sum::<usize>(), 1);
    /// ```
    pub fn class_counts(&self) -> (Vec<[usize; 3]>, [[usize; 3]; 2]) {
        let mut per_class = vec![[0usize; 3]; self.classes.len()];
        let mut negatives = [[0usize; 3]; 2];
        for e in &self.examples {
            let s = e.split as usize;
            if e.labels.is_empty() {
                negatives[usize::from(e.speaker == Speaker::Customer)][s] += 1;
            }
            for c in e.labels.iter() {
                per_class[c][s] += 1;
            }
        }
        (per_class, negatives)
    }
}
