//! `huashu rules test [PACK]...`: every example of every rule, and of each profile's variants.

use std::process::ExitCode;

use huashu::Linter;

use crate::exit::{code, CLEAN, VIOLATIONS};

/// The profiles for which some rule of `linter` has a variant with examples, sorted.
pub(super) fn variant_profiles(linter: &Linter) -> Vec<String> {
    let mut names: Vec<String> = linter
        .rules()
        .iter()
        .flat_map(|r| &r.profiles)
        .filter(|(_, p)| match p {
            huashu::pack::ProfileRule::Variant(v) => {
                !v.examples.bad.is_empty() || !v.examples.good.is_empty()
            }
            huashu::pack::ProfileRule::Off => false,
        })
        .map(|(name, _)| name.clone())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Runs every rule's examples with `linter`, and the examples of each profile's variants with
/// the linter of that profile (`profiled`).
pub(super) fn test(linter: &Linter, profiled: &[(String, &Linter)]) -> ExitCode {
    let mut failures: Vec<String> = linter
        .check_examples()
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut examples: usize = linter
        .rules()
        .iter()
        .map(|r| r.examples.bad.len() + r.examples.good.len())
        .sum();
    for (name, with_profile) in profiled {
        // Only the variants' examples: the other rules' ran above.
        let variants: Vec<&str> = linter
            .rules()
            .iter()
            .filter(|r| {
                matches!(
                    r.profiles.get(name),
                    Some(huashu::pack::ProfileRule::Variant(_))
                )
            })
            .map(|r| r.id.as_str())
            .collect();
        for rule in with_profile.rules() {
            if variants.contains(&rule.id.as_str()) {
                examples += rule.examples.bad.len() + rule.examples.good.len();
            }
        }
        failures.extend(
            with_profile
                .check_examples()
                .iter()
                .filter(|f| variants.contains(&f.rule.as_str()))
                .map(|f| format!("[profile {name}] {f}")),
        );
    }
    for failure in &failures {
        println!("FAIL {failure}");
    }
    let rules = linter.rules().len();
    let failed = failures.len();
    let rules = if rules == 1 {
        "1 rule".to_owned()
    } else {
        format!("{rules} rules")
    };
    println!(
        "{} passed, {failed} failed ({examples} examples of {rules})",
        examples - failed
    );
    code(if failures.is_empty() {
        CLEAN
    } else {
        VIOLATIONS
    })
}
