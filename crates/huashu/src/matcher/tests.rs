//! Both engines give the same hits: the daachorse automaton over canonical spellings, with its
//! candidates checked against each phrase's spellings, finds exactly what the aho-corasick
//! automaton over the written-out spellings finds.

use super::*;
use crate::call::Speaker;
use crate::pack::{builtin_packs, Pack};
use crate::segment::JiebaSegmenter;

fn both(rules: &[Rule]) -> (Matcher, Matcher) {
    let table = VariantTable::new();
    (
        Matcher::with_engine(rules, &table, Engine::AhoCorasick).unwrap(),
        Matcher::with_engine(rules, &table, Engine::Daachorse).unwrap(),
    )
}

fn assert_same(rules: &[Rule], texts: &[&str]) {
    let (ac, daac) = both(rules);
    let seg = JiebaSegmenter::new();
    let mut found = 0;
    for text in texts {
        for speaker in [Speaker::Agent, Speaker::Customer] {
            let hits = ac.find(text, speaker, &seg);
            assert_eq!(
                hits,
                daac.find(text, speaker, &seg),
                "{text:?} by {speaker:?}"
            );
            found += hits.len();
        }
    }
    assert!(found > texts.len() / 2, "too few hits ({found}) to compare");
}

const PACK: &str = r#"
[pack]
id = "spellings"
description = "t"

[[rules]]
id = "banned.mixed"
category = "banned"
message = "m"
boundary = false
phrases = ["没办法", "沒辦法", "OK", "ok", "ＶＩＰ卡", "a b", "后台", "发", "頭發",
           "这个问题应该让您久等了实在是对不起我们会尽快为您处理"]
unless = ["没办法的办法"]

[[rules]]
id = "banned.bounded"
category = "banned"
message = "m"
speaker = "any"
phrases = ["不知道", "喂", "发票"]
regex = ["你(去|打).{0,12}问一下(好了|吧)"]
"#;

#[test]
fn engines_agree_on_spellings() {
    let pack = Pack::from_toml("t.toml", PACK).unwrap();
    let long = "这个问题应该让您久等了实在是对不起我们会尽快为您处理";
    let traditional = "這個問題應該讓您久等了實在是對不起我們會盡快為您處理";
    let mixed = "這个问题应该让您久等了实在是对不起我们会尽快为您处理";
    assert_same(
        &pack.rules,
        &[
            "我也没办法,你去营业厅问一下好了",
            "我也沒辦法,沒办法,没辦法",
            "没办法的办法就是这样",
            "Ok,OK,ok,oK,ＯＫ,ｏｋ,Ｏk",
            "您的vip卡,VIP卡,ＶＩＰ卡,ｖｉｐ卡",
            "a b,A B,a　b,ａ ｂ",
            "後台,后臺,後臺,后台,發票,发票,頭髮,头发",
            long,
            traditional,
            mixed,
            "喂,不 知 道,不_知_道,喂养",
            "",
        ],
    );
}

#[test]
fn engines_agree_on_the_builtin_packs() {
    let rules: Vec<Rule> = builtin_packs()
        .unwrap()
        .into_iter()
        .flat_map(|p| p.rules)
        .collect();
    let texts: Vec<String> = rules
        .iter()
        .flat_map(|r| r.examples.bad.iter().chain(&r.examples.good))
        .flat_map(|e| e.lines().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    let traditional: Vec<String> = texts.iter().map(|t| to_traditional(t)).collect();
    let all: Vec<&str> = texts
        .iter()
        .chain(&traditional)
        .map(String::as_str)
        .collect();
    assert_same(&rules, &all);
}

/// Every character replaced by its first traditional form, ASCII by its full-width form.
fn to_traditional(text: &str) -> String {
    let table = VariantTable::new();
    text.chars()
        .map(|c| table.alternatives(c).first().copied().unwrap_or(c))
        .collect()
}

#[test]
fn large_packs_get_daachorse() {
    let table = VariantTable::new();
    let small = builtin_packs().unwrap().remove(0);
    let matcher = Matcher::new(&small.rules, &table).unwrap();
    assert!(!matcher.automaton.as_ref().unwrap().is_canonical());
    let phrases: Vec<String> = (0..8000u32)
        .map(|i| {
            let a = char::from_u32(0x4E00 + i).unwrap();
            let b = char::from_u32(0x6E00 + i).unwrap();
            format!("\"{a}{b}\"")
        })
        .collect();
    let toml = format!(
        "[pack]\nid = \"big\"\ndescription = \"t\"\n[[rules]]\nid = \"banned.big\"\n\
         category = \"banned\"\nmessage = \"m\"\nphrases = [{}]\n",
        phrases.join(",")
    );
    let big = Pack::from_toml("big.toml", &toml).unwrap();
    let matcher = Matcher::new(&big.rules, &table).unwrap();
    assert!(matcher.automaton.as_ref().unwrap().is_canonical());
}
