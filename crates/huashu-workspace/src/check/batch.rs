//! Inputs grouped by where they are checked from ([`Place`]): one linter, and one way of
//! reading inputs, per distinct configuration, built once however many inputs share it.

use std::path::PathBuf;
use std::sync::Arc;

use huashu::{Linter, Rule, Segmenter};

use super::{check_input, CheckOptions, FileError, FileResult};
use crate::config::per_path::{Place, Resolver};
use crate::config::{Config, Flags, Settings};
use crate::input::Input;

/// A linter and how inputs are read for it.
#[derive(Debug)]
pub struct Checker {
    /// The linter.
    pub linter: Linter,
    /// How inputs are read and checked.
    pub options: CheckOptions,
}

impl Checker {
    /// The linter `settings` describe, and how they say inputs are read.
    pub fn new(
        settings: &Settings,
        segmenter: Arc<dyn Segmenter>,
    ) -> Result<Checker, Vec<Box<dyn miette::Diagnostic>>> {
        Ok(Checker {
            linter: settings.linter(segmenter)?,
            options: settings.check_options(),
        })
    }
}

/// The inputs that share a place, and what they are checked with.
#[derive(Debug)]
pub struct Group {
    /// The configuration file that applies (as shown), `None` for none.
    pub config: Option<PathBuf>,
    /// Where it is, and what matched there.
    pub place: Place,
    /// The linter, or why these inputs are not checked (their configuration has an error).
    pub checker: Result<Checker, String>,
}

/// What `config` (the configuration file `shown`, not the root) sets differently from the
/// root that only the root decides: a note for each.
fn run_wide(config: &Config, root: &Settings, shown: &str) -> Vec<String> {
    let mut notes = Vec::new();
    if config
        .fail_on
        .is_some_and(|fail_on| fail_on != root.fail_on)
    {
        notes.push(format!(
            "{shown}: `fail-on` is about the whole run and is read from the root configuration (or --fail-on) only; ignored here"
        ));
    }
    if config
        .allow_empty
        .is_some_and(|allow| allow != root.allow_empty)
    {
        notes.push(format!(
            "{shown}: `allow-empty` is about the whole run and is read from the root configuration (or --allow-empty) only; ignored here"
        ));
    }
    notes
}

/// Every input's group. The first group is the root configuration's, with nothing ignored by
/// path: standard input's, and the one whose linter describes the run (its rules, its pass
/// mark).
///
/// ```
/// use std::sync::Arc;
/// use huashu_workspace::check::{Batch, Checker};
/// use huashu_workspace::config::{per_path::Resolver, Flags, Settings};
/// use huashu_workspace::input::Input;
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::create_dir_all(dir.path().join("outbound")).unwrap();
/// std::fs::write(dir.path().join("outbound/huashu.toml"), "[rules]\nignore = [\"greeting.*\"]\n").unwrap();
/// let segmenter = Arc::new(huashu::JiebaSegmenter::new());
/// let root = Settings::new(None, &Flags::default());
/// let checker = Checker::new(&root, segmenter.clone()).unwrap();
/// let resolver = Resolver::nearest(dir.path(), None).unwrap();
/// let inputs = [Input::file("a.txt"), Input::file("outbound/b.txt"), Input::file("outbound/c.txt")];
/// let (batch, problems) = Batch::new(checker, &root, &resolver, &inputs, &Flags::default(), segmenter);
/// assert!(problems.is_empty());
/// assert_eq!(batch.groups().len(), 2);
/// assert!(batch.linter(1).rule("greeting.three-part").is_none());
/// assert!(batch.linter(0).rule("greeting.three-part").is_some());
/// ```
#[derive(Debug)]
pub struct Batch {
    groups: Vec<Group>,
    /// Each input's group, in input order.
    group_of: Vec<usize>,
    /// Settings of other configurations that only the root's may make (`fail-on`,
    /// `allow-empty`), said rather than dropped silently.
    pub notes: Vec<String>,
}

impl Batch {
    /// Groups `inputs` by their place (`resolver`), building each group's linter with the
    /// flags over its configuration. With `--profile` (`flags.profile`) no `[[profiles]]` entry
    /// is part of a place: the flag chooses every input's profile, so the inputs an entry
    /// matches share the linter of the others. `root` is checked with `root_settings`, already built.
    /// The problems of configurations that could not be loaded or built are returned, to
    /// report once; their inputs are not checked ([`Batch::check`] says so for each).
    pub fn new(
        root: Checker,
        root_settings: &Settings,
        resolver: &Resolver,
        inputs: &[Input],
        flags: &Flags<'_>,
        segmenter: Arc<dyn Segmenter>,
    ) -> (Batch, Vec<Box<dyn miette::Diagnostic>>) {
        let mut problems: Vec<Box<dyn miette::Diagnostic>> = Vec::new();
        let mut groups = vec![Group {
            config: resolver.config_file(0),
            place: Place::ROOT,
            checker: Ok(root),
        }];
        let mut group_of = Vec::with_capacity(inputs.len());
        let mut notes = Vec::new();
        for input in inputs {
            let mut place = resolver.place(input);
            if root_settings.profile_is_forced() {
                // `--profile` chooses every input's profile: an entry that matches changes
                // nothing, so its inputs share the linter of the others.
                place.profile = None;
            }
            if let Some(known) = groups.iter().position(|g| g.place == place) {
                group_of.push(known);
                continue;
            }
            let config = resolver.config_file(place.config);
            let shown = config.as_ref().map_or_else(
                || "the configuration".to_owned(),
                |p| p.display().to_string(),
            );
            let not_checked = || format!("not checked: {shown} has an error (reported above)");
            let settings = match resolver.settings(&place, root_settings, flags) {
                Ok(settings) => {
                    // What only the root decides, set differently below it, is said.
                    if place.config != 0 {
                        if let Ok(Some(config)) = resolver.config(place.config) {
                            notes.extend(run_wide(&config, root_settings, &shown));
                        }
                    }
                    Ok(settings)
                }
                Err(problem) => {
                    problems.extend(problem.map(|p| Box::new(p) as Box<dyn miette::Diagnostic>));
                    Err(not_checked())
                }
            };
            let checker = settings.and_then(|settings| {
                Checker::new(&settings, Arc::clone(&segmenter)).map_err(|found| {
                    problems.extend(found);
                    not_checked()
                })
            });
            group_of.push(groups.len());
            groups.push(Group {
                config,
                place,
                checker,
            });
        }
        (
            Batch {
                groups,
                group_of,
                notes,
            },
            problems,
        )
    }

    /// The groups, the root's first.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The root's linter and options (the first group's).
    pub fn root(&self) -> &Checker {
        match &self.groups[0].checker {
            Ok(checker) => checker,
            Err(_) => unreachable!("the root group is built before the batch"),
        }
    }

    /// How every group reads its inputs, to change what is not the configuration's to say
    /// (whether sources are kept, how calls are deferred).
    pub fn options_mut(&mut self) -> impl Iterator<Item = &mut CheckOptions> {
        self.groups
            .iter_mut()
            .filter_map(|g| g.checker.as_mut().ok())
            .map(|c| &mut c.options)
    }

    /// The linter of input `index` (the root's for an input whose configuration has an error:
    /// its result has nothing left to check).
    pub fn linter(&self, index: usize) -> &Linter {
        match self.checker(index) {
            Ok(checker) => &checker.linter,
            Err(_) => &self.root().linter,
        }
    }

    /// The linter and read options of input `index`, or why it is not checked (its
    /// configuration has an error).
    pub fn checker(&self, index: usize) -> Result<&Checker, &str> {
        let group = self.group_of.get(index).map_or(0, |&g| g);
        self.groups[group].checker.as_ref().map_err(String::as_str)
    }

    /// Checks input `index` (`input`) with its group's linter; when its configuration has an
    /// error, a result with one error saying it was not checked.
    pub fn check(&self, index: usize, input: &Input) -> FileResult {
        match self.checker(index) {
            Ok(checker) => check_input(&checker.linter, input, &checker.options),
            Err(why) => {
                let mut result = FileResult::new(input.display_name());
                result.errors.push(FileError::whole(why.to_owned()));
                result
            }
        }
    }

    /// Every rule of every group's linter, once (the root's first): what output that lists
    /// the rules (SARIF) describes.
    pub fn rules(&self) -> Vec<Rule> {
        let mut rules: Vec<Rule> = Vec::new();
        for checker in self.groups.iter().filter_map(|g| g.checker.as_ref().ok()) {
            for rule in checker.linter.rules() {
                if !rules.iter().any(|r| r.id == rule.id) {
                    rules.push(rule.clone());
                }
            }
        }
        rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_files::tree;

    /// A written helpdesk thread (Weibo or app chat): a complete written greeting and close.
    const WRITTEN: &str = "\
客户:手机升级以后微信一直闪退,怎么办?
客服:您好,很高兴为您服务,请您先卸载微信后重新安装一下哦~
客户:还是不行呢
客服:好的,已经为您登记反馈给技术部门啦,如有疑问欢迎随时联系我们,祝您生活愉快!
";

    /// A phone call the agent takes, opened and closed by the inbound norm.
    const INBOUND: &str = "\
客服:您好,欢迎致电XX客服热线,工号1022很高兴为您服务,请问有什么可以帮您?
客户:我想查一下这个月的话费。
客服:好的,您这个月的话费是八十六元。请问还有什么可以帮您?
客户:没有了。
客服:感谢您的来电,祝您生活愉快,再见!
";

    /// The batch of `names` (below `dir`, whose `huashu.toml` is the root) with `flags`, and
    /// the problems building it found.
    fn batch_of(
        dir: &std::path::Path,
        names: &[&str],
        flags: &Flags<'_>,
    ) -> (Batch, Vec<Input>, Vec<Box<dyn miette::Diagnostic>>) {
        let root_file = dir.join("huashu.toml");
        let config = crate::config::Config::load(&root_file).unwrap();
        let root = Settings::new(Some(config.clone()), flags);
        let segmenter: Arc<dyn Segmenter> = Arc::new(huashu::JiebaSegmenter::new());
        let checker = Checker::new(&root, Arc::clone(&segmenter)).unwrap();
        let resolver = Resolver::nearest(dir, Some((&root_file, &config))).unwrap();
        let inputs = inputs_below(dir, names);
        let (batch, problems) = Batch::new(checker, &root, &resolver, &inputs, flags, segmenter);
        (batch, inputs, problems)
    }

    /// The files `names` below `dir`, by absolute path (they are read from there).
    fn inputs_below(dir: &std::path::Path, names: &[&str]) -> Vec<Input> {
        names
            .iter()
            .map(|name| Input::file(dir.join(name).to_str().unwrap()))
            .collect()
    }

    /// Each input's calls: (profile, rule ids), as checked by `batch`.
    fn results(batch: &Batch, inputs: &[Input]) -> Vec<(String, Vec<String>)> {
        inputs
            .iter()
            .enumerate()
            .flat_map(|(i, input)| batch.check(i, input).calls)
            .map(|checked| {
                let rules = checked.report.violations.iter().map(|v| v.rule.clone());
                (checked.report.profile.to_string(), rules.collect())
            })
            .collect()
    }

    #[test]
    fn with_the_profile_flag_inputs_an_entry_matches_share_the_linter() {
        let dir = tree(&[
            (
                "huashu.toml",
                "[[profiles]]\nname = \"written\"\npaths = [\"weibo/**\"]\n",
            ),
            ("weibo/2026-11/闪退.txt", WRITTEN),
            ("app/2026-11/闪退.txt", WRITTEN),
            ("calls/0042.txt", INBOUND),
        ]);
        let names = [
            "weibo/2026-11/闪退.txt",
            "app/2026-11/闪退.txt",
            "calls/0042.txt",
        ];
        // Without the flag the entry gives weibo/ a linter of its own.
        let (batch, inputs, problems) = batch_of(dir.path(), &names, &Flags::default());
        assert!(problems.is_empty());
        assert_eq!(batch.groups().len(), 2);
        let by_entry = results(&batch, &inputs);
        assert_eq!(by_entry[0], ("written".to_owned(), vec![]));
        // With --profile written every input is written, and one linter checks them all.
        let flags = Flags {
            profile: Some("written"),
            ..Flags::default()
        };
        let (batch, inputs, problems) = batch_of(dir.path(), &names, &flags);
        assert!(problems.is_empty());
        assert_eq!(batch.groups().len(), 1, "one linter for every input");
        let forced = results(&batch, &inputs);
        assert!(
            forced.iter().all(|(profile, _)| profile == "written"),
            "{forced:?}"
        );
        // The same findings as the entry gave the file it matches, and as the written profile
        // gives the others.
        assert_eq!(forced[0], by_entry[0]);
        assert_eq!(forced[1], forced[0]);
        // An inbound call checked as written still opens and closes well enough.
        assert_eq!(forced[2], ("written".to_owned(), vec![]));
    }

    #[test]
    fn a_misspelt_profiles_entry_is_an_error_even_when_no_input_matches_it() {
        let config = "[[profiles]]\nname = \"written\"\npaths = [\"weibo/**\"]\n\n[[profiles]]\nname = \"outbond\"\npaths = [\"scripts/outbound/**\"]\n";
        let dir = tree(&[("huashu.toml", config), ("calls/0042.txt", INBOUND)]);
        let settings = Settings::new(
            Some(crate::config::Config::load(&dir.path().join("huashu.toml")).unwrap()),
            &Flags::default(),
        );
        let segmenter: Arc<dyn Segmenter> = Arc::new(huashu::JiebaSegmenter::new());
        let problems = settings.linter(Arc::clone(&segmenter)).unwrap_err();
        assert_eq!(problems.len(), 1);
        let problem = &problems[0];
        assert_eq!(problem.to_string(), "unknown profile `outbond`");
        assert_eq!(
            problem.help().unwrap().to_string(),
            "the known profiles are inbound, outbound, written"
        );
        let label = problem.labels().unwrap().next().unwrap();
        assert_eq!(label.offset(), config.find("\"outbond\"").unwrap());
        // Whatever --profile says: the configuration is wrong all the same.
        let flags = Flags {
            profile: Some("inbound"),
            ..Flags::default()
        };
        let forced = Settings::new(
            Some(crate::config::Config::load(&dir.path().join("huashu.toml")).unwrap()),
            &flags,
        );
        assert!(forced.linter(segmenter).is_err());
    }

    #[test]
    fn a_misspelt_entry_below_stops_only_the_inputs_of_its_configuration() {
        let dir = tree(&[
            ("huashu.toml", ""),
            (
                "chat/huashu.toml",
                "[[profiles]]\nname = \"writen\"\npaths = [\"weibo/**\"]\n",
            ),
            ("chat/app/闪退.txt", WRITTEN),
            ("calls/0042.txt", INBOUND),
        ]);
        let names = ["chat/app/闪退.txt", "calls/0042.txt"];
        let (batch, inputs, problems) = batch_of(dir.path(), &names, &Flags::default());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].to_string(), "unknown profile `writen`");
        let chat = batch.check(0, &inputs[0]);
        assert!(chat.calls.is_empty());
        assert!(
            chat.errors[0]
                .message
                .contains("chat/huashu.toml has an error"),
            "{:?}",
            chat.errors
        );
        assert_eq!(batch.check(1, &inputs[1]).calls.len(), 1);
    }

    #[test]
    fn a_linter_per_distinct_place_not_per_file() {
        let dir = tempfile::tempdir().unwrap();
        let root_file = dir.path().join("huashu.toml");
        std::fs::write(
            &root_file,
            "[per-path-ignores]\n\"scripts/outbound/**\" = [\"greeting.*\"]\n\"*.jsonl\" = [\"timing.*\"]\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("chat")).unwrap();
        std::fs::write(
            dir.path().join("chat/huashu.toml"),
            "[check]\nfail-on = \"never\"\n",
        )
        .unwrap();
        let config = crate::config::Config::load(&root_file).unwrap();
        let root = Settings::new(Some(config.clone()), &Flags::default());
        let segmenter: Arc<dyn Segmenter> = Arc::new(huashu::JiebaSegmenter::new());
        let checker = Checker::new(&root, Arc::clone(&segmenter)).unwrap();
        let resolver = Resolver::nearest(dir.path(), Some((&root_file, &config))).unwrap();
        let inputs: Vec<Input> = [
            "calls/0042.txt",
            "calls/0043.txt",
            "scripts/outbound/宽带续约.txt",
            "scripts/outbound/携号转网.txt",
            "scripts/outbound/weibo.jsonl",
            "calls/weibo.jsonl",
            "chat/weibo.jsonl",
            "chat/app.jsonl",
        ]
        .into_iter()
        .map(Input::file)
        .chain([Input::Stdin])
        .collect();
        let (batch, problems) = Batch::new(
            checker,
            &root,
            &resolver,
            &inputs,
            &Flags::default(),
            segmenter,
        );
        assert!(problems.is_empty());
        // Root; outbound; outbound and .jsonl; .jsonl; chat (which has no per-path ignores).
        assert_eq!(batch.groups().len(), 5);
        assert_eq!(batch.group_of, [0, 0, 1, 1, 2, 3, 4, 4, 0]);
        assert!(batch.linter(2).rule("greeting.three-part").is_none());
        assert!(batch.linter(4).rule("timing.silence").is_none());
        assert!(batch.linter(4).rule("greeting.three-part").is_none());
        assert!(batch.linter(5).rule("greeting.three-part").is_some());
        assert!(batch.linter(6).rule("timing.silence").is_some());
        assert_eq!(batch.notes.len(), 1, "{:?}", batch.notes);
        assert!(
            batch.notes[0].starts_with("chat/huashu.toml: `fail-on`"),
            "{:?}",
            batch.notes
        );
    }
}
