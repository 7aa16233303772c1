//! `huashu init`: a commented starter `huashu.toml`.

use std::path::Path;

/// The starter configuration. Every setting is shown; the active ones are the defaults, so a
/// fresh `huashu init` changes nothing until a team edits it.
pub const TEMPLATE: &str = r#"# huashu configuration. huashu reads the first huashu.toml it finds from the working
# directory upwards, and checks each input with the huashu.toml nearest to it (a file in a
# subdirectory applies below it, and inherits only what it `extends`); `--config FILE` names
# one for every input, `--isolated` ignores them all.
# Every setting below is optional. `huashu rules list` shows the rule ids.

# Settings to build on: a path or a list of paths, relative to this file. Their settings apply
# first and this file's replace them (lists too; `extend-select` and `extend-ignore` add).
# extends = "../company/huashu.toml"

[packs]
# The built-in packs: true (all), false (none), or a list of their ids:
# "banned-words", "tone", "etiquette", "filler", "honorific", "timing".
builtin = true
# Your own packs: files or globs, relative to this file.
# files = ["rules/*.toml"]

[rules]
# Run only these rules: rule ids, patterns such as "tone.*", or pack names such as
# "etiquette.*" (default: every rule of the loaded packs).
# select = ["banned.*", "tone.*", "greeting.*", "closing.*"]
# Never run these. A pattern that matches no rule is an error, so typos do not go unnoticed.
# ignore = ["filler.*"]
# extend-ignore = ["tone.mechanical"]

# Per-rule changes, by id or glob: severity ("info", "warning", "error"), points per breach,
# and for timing rules the threshold (seconds, or characters per second for speech rate).
# [overrides."tone.*"]
# severity = "error"
#
# [overrides."banned.wei"]
# points = 2
#
# [overrides."timing.hold"]
# threshold = 60
#
# Your own standard wordings: a complete greeting or closing, or more phrases of a phrase rule.
# [overrides."greeting.three-part"]
# extend-phrases = ["您好,很高兴为您服务"]

# Speaker labels in your transcripts, added to the defaults (客服, 坐席, 座席, agent;
# 客户, 用户, 顾客, customer).
[labels]
# A = "customer"
# B = "agent"
# 话务员 = "agent"

[check]
# Exit with status 1 when a violation at or above this severity is found:
# "info", "warning", "error" or "never".
fail-on = "warning"
# A call scoring below the pass mark fails QA.
pass-mark = 80
# Which files walking a directory finds, and which it never takes: globs relative to this
# file (a name without `/` matches at any depth). A file named on the command line is always
# checked. extend-exclude adds to an extended file's exclude.
# include = ["*.txt", "*.jsonl"]
# exclude = ["drafts", "calls/2026-10/**"]
# The channel profile: "inbound" (calls the agent takes), "outbound" (calls the agent
# makes), "written" (Weibo, app chat, e-mail), or one a loaded pack declares.
# profile = "inbound"

# Rules not run on some paths: globs relative to this file, to rule selectors.
# [per-path-ignores]
# "scripts/outbound/**" = ["greeting.*"]
# "chat/**/*.jsonl" = ["timing.*", "filler.particle"]

# Profiles by path, globs relative to this file; the first entry that matches wins.
# [[profiles]]
# name = "outbound"
# paths = ["scripts/outbound/**"]
"#;

/// Writes the template to `path`, refusing to replace a file unless `force`. The write is
/// atomic (see [`crate::atomic`]).
pub fn write(path: &Path, force: bool) -> Result<(), String> {
    if path.exists() && !force {
        return Err(format!(
            "{} already exists; pass --force to replace it",
            path.display()
        ));
    }
    crate::atomic::write(path, TEMPLATE.as_bytes())
        .map_err(|err| format!("cannot write {}: {err}", path.display()))
}
