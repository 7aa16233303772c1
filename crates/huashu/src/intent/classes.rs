//! The intent classes (`intents/classes.toml`): ids, speakers, names, definitions and norms.

use serde::Deserialize;

use crate::Speaker;

/// The built-in class list, `crates/huashu/intents/classes.toml`.
pub const BUILTIN_CLASSES: &str = include_str!("../../intents/classes.toml");

/// The most classes one list may have (a sentence's labels are a 64-bit set).
pub const MAX_CLASSES: usize = 64;

/// One intent class: what it is, whose sentences it is about, and the norm it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntentClass {
    /// Stable id, dotted: `forbidden.sarcasm`. Packs name it in their conditions.
    pub id: String,
    /// Whose sentences the class is about; the model learns it only from that speaker's.
    pub speaker: Speaker,
    /// Short Chinese name (`讽刺/嘲笑`).
    pub name: String,
    /// One or two Chinese sentences defining it.
    pub definition: String,
    /// The norm it comes from.
    pub norm: String,
}

/// An ordered list of intent classes; a class's index in it is its id inside models and label
/// sets.
///
/// ```
/// use huashu::intent::ClassList;
/// use huashu::Speaker;
/// let classes = ClassList::builtin();
/// let sarcasm = classes.index_of("forbidden.sarcasm").unwrap();
/// assert_eq!(classes.get(sarcasm).speaker, Speaker::Agent);
/// assert_eq!(classes.get(sarcasm).name, "讽刺/嘲笑");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassList {
    classes: Vec<IntentClass>,
}

/// A class list that cannot be read: the file, the line and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, miette::Diagnostic)]
#[error("{file}:{line}: {message}")]
#[diagnostic(code(huashu::intents::classes))]
pub struct ClassesError {
    /// The file's name as given.
    pub file: String,
    /// 1-based line of the problem (1 when the whole file is at fault).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    class: Vec<RawClass>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    id: String,
    speaker: String,
    name: String,
    definition: String,
    norm: String,
}

impl ClassList {
    /// The built-in classes ([`BUILTIN_CLASSES`]), parsed once.
    ///
    /// ```
    /// assert_eq!(huashu::intent::ClassList::builtin().len(), 23);
    /// ```
    pub fn builtin() -> &'static ClassList {
        static BUILTIN: std::sync::OnceLock<ClassList> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| {
            ClassList::from_toml("intents/classes.toml", BUILTIN_CLASSES)
                .expect("the built-in class list is valid (a test proves it)")
        })
    }

    /// Parses a class list in the format of `intents/classes.toml`: `[[class]]` tables with
    /// `id`, `speaker` (`agent` or `customer`), `name`, `definition` and `norm`. Ids must be
    /// unique, non-empty, lowercase ASCII letters, digits, `.` and `-`.
    ///
    /// ```
    /// use huashu::intent::ClassList;
    /// let toml = "[[class]]\nid = \"a.b\"\nspeaker = \"agent\"\nname = \"甲\"\ndefinition = \"\"\nnorm = \"\"\n";
    /// assert_eq!(ClassList::from_toml("c.toml", toml).unwrap().len(), 1);
    /// let err = ClassList::from_toml("c.toml", &toml.replace("agent", "caller")).unwrap_err();
    /// assert_eq!(err.to_string(), "c.toml:3: unknown speaker `caller` (expected agent or customer)");
    /// ```
    pub fn from_toml(file: &str, text: &str) -> Result<ClassList, ClassesError> {
        let error = |offset: usize, message: String| ClassesError {
            file: file.to_string(),
            line: 1 + text.as_bytes()[..offset.min(text.len())]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            message,
        };
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            error(at, e.message().to_string())
        })?;
        // Where each class's id is written, for errors (the n-th `id =` line).
        let id_lines: Vec<usize> = text
            .match_indices("\nid")
            .map(|(i, _)| i + 1)
            .filter(|&i| text[i + 2..].trim_start().starts_with('='))
            .collect();
        let at = |i: usize| id_lines.get(i).copied().unwrap_or(0);
        if raw.class.len() > MAX_CLASSES {
            return Err(error(
                0,
                format!("{} classes, at most {MAX_CLASSES}", raw.class.len()),
            ));
        }
        let mut classes = Vec::with_capacity(raw.class.len());
        for (i, c) in raw.class.into_iter().enumerate() {
            let speaker = match c.speaker.as_str() {
                "agent" => Speaker::Agent,
                "customer" => Speaker::Customer,
                other => {
                    let offset = at(i) + text[at(i)..].find("speaker").unwrap_or(0);
                    return Err(error(
                        offset,
                        format!("unknown speaker `{other}` (expected agent or customer)"),
                    ));
                }
            };
            let valid = !c.id.is_empty()
                && c.id.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-'
                });
            if !valid {
                return Err(error(at(i), format!("invalid class id `{}`", c.id)));
            }
            if classes.iter().any(|k: &IntentClass| k.id == c.id) {
                return Err(error(at(i), format!("duplicate class id `{}`", c.id)));
            }
            classes.push(IntentClass {
                id: c.id,
                speaker,
                name: c.name,
                definition: c.definition,
                norm: c.norm,
            });
        }
        Ok(ClassList { classes })
    }

    /// A list from classes already built (ids are not re-validated; at most [`MAX_CLASSES`]).
    pub(crate) fn from_classes(classes: Vec<IntentClass>) -> ClassList {
        ClassList { classes }
    }

    /// How many classes there are.
    ///
    /// ```
    /// assert!(!huashu::intent::ClassList::builtin().is_empty());
    /// ```
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// Whether the list is empty.
    ///
    /// ```
    /// assert!(!huashu::intent::ClassList::builtin().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// The class at `index` (panics past the end).
    ///
    /// ```
    /// assert_eq!(huashu::intent::ClassList::builtin().get(0).id, "forbidden.rhetorical");
    /// ```
    pub fn get(&self, index: usize) -> &IntentClass {
        &self.classes[index]
    }

    /// The index of the class with this id.
    ///
    /// ```
    /// let classes = huashu::intent::ClassList::builtin();
    /// assert_eq!(classes.index_of("forbidden.rhetorical"), Some(0));
    /// assert_eq!(classes.index_of("forbidden.nope"), None);
    /// ```
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.classes.iter().position(|c| c.id == id)
    }

    /// Every class, in order.
    ///
    /// ```
    /// let ids: Vec<&str> = huashu::intent::ClassList::builtin().iter().map(|c| c.id.as_str()).collect();
    /// assert!(ids.contains(&"customer.cannot-hear"));
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, IntentClass> {
        self.classes.iter()
    }

    /// The indices of the classes of `speaker`, in order.
    ///
    /// ```
    /// use huashu::{intent::ClassList, Speaker};
    /// assert_eq!(ClassList::builtin().indices_of(Speaker::Customer).len(), 7);
    /// ```
    pub fn indices_of(&self, speaker: Speaker) -> Vec<usize> {
        (0..self.classes.len())
            .filter(|&i| self.classes[i].speaker == speaker)
            .collect()
    }
}

impl<'a> IntoIterator for &'a ClassList {
    type Item = &'a IntentClass;
    type IntoIter = std::slice::Iter<'a, IntentClass>;
    fn into_iter(self) -> Self::IntoIter {
        self.classes.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_is_valid_and_complete() {
        let classes = ClassList::builtin();
        assert_eq!(classes.len(), 23);
        assert_eq!(classes.indices_of(Speaker::Agent).len(), 16);
        let forbidden = classes
            .iter()
            .filter(|c| c.id.starts_with("forbidden."))
            .count();
        assert_eq!(forbidden, 11);
        assert!(classes.iter().all(|c| !c.definition.is_empty()));
    }

    #[test]
    fn errors_name_the_line() {
        let one = |id: &str| {
            format!("[[class]]\nid = \"{id}\"\nspeaker = \"agent\"\nname = \"甲\"\ndefinition = \"\"\nnorm = \"\"\n")
        };
        let dup = format!("{}{}", one("a.b"), one("a.b"));
        let err = ClassList::from_toml("c.toml", &dup).unwrap_err();
        assert_eq!(err.line, 8);
        assert!(err.message.contains("duplicate class id `a.b`"));
        let err = ClassList::from_toml("c.toml", &one("A B")).unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (2, "invalid class id `A B`")
        );
        let err = ClassList::from_toml("c.toml", &format!("{}colour = 1\n", one("a"))).unwrap_err();
        assert!(err.message.contains("unknown field `colour`"), "{err}");
    }
}
