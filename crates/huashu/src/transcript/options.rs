//! How a source is read: speaker labels and the unit of bare-number times.

use super::Labels;

/// The unit of times written as bare numbers (`[1040-3718]` in text, `"start": 1040` in JSON).
///
/// Clock forms (`00:01.5`, `01:02:03`) are always clock times, and platform exports have the
/// unit their documentation gives (milliseconds, mostly), whatever this says.
///
/// ```
/// use huashu::transcript::{parse, ParseOptions, SourceFormat, TimeUnit};
/// let source = "[1040-3718] 客服:您好,请问有什么可以帮您?\n";
/// let options = ParseOptions::default().with_time_unit(TimeUnit::Milliseconds);
/// let turn = &parse(source, SourceFormat::Text, &options).calls[0].turns[0];
/// assert_eq!((turn.start, turn.end), (Some(1.04), Some(3.718)));
/// assert_eq!("ms".parse::<TimeUnit>(), Ok(TimeUnit::Milliseconds));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum TimeUnit {
    /// Seconds (the default).
    #[default]
    Seconds,
    /// Milliseconds.
    Milliseconds,
}

impl TimeUnit {
    /// The short name: `s` or `ms`.
    ///
    /// ```
    /// assert_eq!(huashu::transcript::TimeUnit::Milliseconds.name(), "ms");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "s",
            TimeUnit::Milliseconds => "ms",
        }
    }

    /// A bare number of this unit in seconds.
    ///
    /// ```
    /// use huashu::transcript::TimeUnit;
    /// assert_eq!(TimeUnit::Milliseconds.seconds(1500.0), 1.5);
    /// assert_eq!(TimeUnit::Seconds.seconds(1500.0), 1500.0);
    /// ```
    pub fn seconds(self, value: f64) -> f64 {
        match self {
            TimeUnit::Seconds => value,
            TimeUnit::Milliseconds => value / 1000.0,
        }
    }
}

impl std::str::FromStr for TimeUnit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "s" | "sec" | "second" | "seconds" => Ok(TimeUnit::Seconds),
            "ms" | "millisecond" | "milliseconds" => Ok(TimeUnit::Milliseconds),
            other => Err(format!(
                "unknown time unit `{other}`: expected `s` (seconds) or `ms` (milliseconds)"
            )),
        }
    }
}

impl std::fmt::Display for TimeUnit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Options for [`parse`](super::parse).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ParseOptions {
    /// How speaker labels (and channel or speaker ids, numbers too) map to speakers.
    pub labels: Labels,
    /// The unit of times written as bare numbers.
    pub time_unit: TimeUnit,
}

impl ParseOptions {
    /// Options with the given label mapping.
    ///
    /// ```
    /// use huashu::transcript::{parse, Labels, ParseOptions, SourceFormat};
    /// use huashu::Speaker;
    /// let mut labels = Labels::default();
    /// labels.insert("B", Speaker::Agent);
    /// let parsed = parse("B:您好\n", SourceFormat::Text, &ParseOptions::with_labels(labels));
    /// assert_eq!(parsed.calls[0].turns[0].speaker, Speaker::Agent);
    /// ```
    pub fn with_labels(labels: Labels) -> Self {
        ParseOptions {
            labels,
            ..ParseOptions::default()
        }
    }

    /// The same options with bare-number times in `unit`.
    ///
    /// ```
    /// use huashu::transcript::{ParseOptions, TimeUnit};
    /// let options = ParseOptions::default().with_time_unit(TimeUnit::Milliseconds);
    /// assert_eq!(options.time_unit, TimeUnit::Milliseconds);
    /// ```
    pub fn with_time_unit(mut self, unit: TimeUnit) -> Self {
        self.time_unit = unit;
        self
    }
}
