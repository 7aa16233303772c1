//! Criterion benchmarks of a pack built from a large word list: loading it, building the
//! linter, and checking calls with it, next to the same with the built-in packs.
//!
//! `HUASHU_WORDLIST=../shared/corpus/wordlist_houbb_sensitive-word_dict_v20240407.txt cargo
//! bench -p huashu --bench wordlist` uses that list (one phrase a line, filtered as
//! `benches/wordlist_pack.py` filters it). Without the variable the bench says so and uses
//! 65,000 pseudo-random Han 2–6-grams, so that it runs on a fresh clone.
//!
//! The calls are generated (no files): compliant agent and customer clauses, with a phrase of
//! the list injected into about 3% of agent turns. Throughput is bytes of transcript text.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::{Linter, Pack};

/// How many phrases the generated list has when `HUASHU_WORDLIST` is unset.
const GENERATED_PHRASES: usize = 65_000;

const AGENT: &[&str] = &[
    "您好,请问有什么可以帮您?",
    "请您稍等,我帮您查一下。",
    "感谢您的耐心等待。",
    "您本月开通了一个二十元的流量包。",
    "宝宝喂养方面的问题,我帮您转接育儿顾问。",
    "请问还有什么可以帮您吗?",
    "感谢您的来电,再见!",
];
const CUSTOMER: &[&str] = &[
    "我家宽带从昨天晚上就断了。",
    "我想查一下这个月的话费。",
    "好的,谢谢。",
];

#[path = "rng.rs"]
mod rng;
use rng::Rng;

/// The word list: `HUASHU_WORDLIST`'s lines, or generated Han 2–6-grams.
fn word_list() -> (String, Vec<String>) {
    match std::env::var_os("HUASHU_WORDLIST") {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("HUASHU_WORDLIST={}: {e}", path.to_string_lossy()));
            (path.to_string_lossy().into_owned(), filter(text.lines()))
        }
        None => {
            eprintln!(
                "HUASHU_WORDLIST is unset: benchmarking {GENERATED_PHRASES} generated Han \
                 2–6-grams (set it to a word list, one phrase a line, to use that)"
            );
            let mut rng = Rng(0x6b_2026);
            let mut seen = HashSet::new();
            let mut phrases = Vec::with_capacity(GENERATED_PHRASES);
            while phrases.len() < GENERATED_PHRASES {
                let len = 2 + rng.below(5);
                // The 3,500 most common characters sit mostly low in the CJK block.
                let phrase: String = (0..len)
                    .map(|_| char::from_u32(0x4E00 + rng.below(0x2000) as u32).unwrap_or('一'))
                    .collect();
                if seen.insert(phrase.clone()) {
                    phrases.push(phrase);
                }
            }
            ("generated".to_owned(), phrases)
        }
    }
}

/// What `benches/wordlist_pack.py` keeps: trimmed, non-empty, no duplicates (ASCII case
/// ignored), no ASCII-punctuation-only entries, no lone ASCII letter or digit, nothing with a
/// control or private-use character.
fn filter<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = HashSet::new();
    lines
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .filter(|p| {
            !p.chars()
                .all(|c| c.is_ascii() && !c.is_ascii_alphanumeric())
        })
        .filter(|p| !(p.len() == 1 && p.is_ascii()))
        .filter(|p| {
            !p.chars().any(|c| {
                c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c) || c >= '\u{F0000}'
            })
        })
        .filter(|p| seen.insert(p.to_ascii_lowercase()))
        .map(str::to_owned)
        .collect()
}

/// A pack with one phrase rule holding every phrase.
fn pack_toml(phrases: &[String]) -> String {
    let mut toml = String::from(
        "[pack]\nid = \"wordlist\"\ndescription = \"词表\"\n\n[[rules]]\nid = \"banned.wordlist\"\n\
         category = \"banned\"\nmessage = \"敏感词\"\nphrases = [\n",
    );
    for p in phrases {
        let escaped = p.replace('\\', "\\\\").replace('"', "\\\"");
        let _ = writeln!(toml, "  \"{escaped}\",");
    }
    toml.push_str("]\n");
    toml
}

/// About `bytes` bytes of plain-text calls; about 3% of agent turns hold a listed phrase.
fn generate(bytes: usize, phrases: &[String]) -> String {
    let mut rng = Rng(0x2026_1122);
    let mut out = String::with_capacity(bytes + 1024);
    let mut call = 0;
    while out.len() < bytes {
        call += 1;
        let _ = writeln!(out, "# 通话 {call:07} 坐席{}", 1000 + rng.below(9000));
        let turns = 4 + rng.below(11);
        for t in 0..turns {
            if t % 2 == 0 {
                out.push_str("客服:");
                out.push_str(AGENT[rng.below(AGENT.len())]);
                if rng.below(100) < 3 {
                    out.push_str(&phrases[rng.below(phrases.len())]);
                    out.push('。');
                }
            } else {
                out.push_str("客户:");
                out.push_str(CUSTOMER[rng.below(CUSTOMER.len())]);
            }
            out.push('\n');
        }
    }
    out
}

fn benches(c: &mut Criterion) {
    let (source, phrases) = word_list();
    let toml = pack_toml(&phrases);
    let pack = Pack::from_toml("wordlist.toml", &toml).expect("the word-list pack loads");
    eprintln!("word list {source}: {} phrases", phrases.len());

    let mut group = c.benchmark_group("wordlist_build");
    group.sample_size(10);
    group.bench_function("load_pack", |b| {
        b.iter(|| black_box(Pack::from_toml("wordlist.toml", &toml).map(|p| p.rules.len())))
    });
    group.bench_function("build_linter", |b| {
        b.iter(|| black_box(Linter::new([pack.clone()]).map(|l| l.rules().len())))
    });
    group.bench_function("build_linter_builtin_packs", |b| {
        b.iter(|| black_box(Linter::with_builtin_packs().rules().len()))
    });
    group.finish();

    let text = generate(2_000_000, &phrases);
    let calls = parse(&text, SourceFormat::Text, &ParseOptions::default()).calls;
    let wordlist = Linter::new([pack]).expect("the word-list linter builds");
    let builtin = Linter::with_builtin_packs();
    // Load jieba's dictionary outside the timing.
    let _ = builtin.check_text("喂,这个我不知道");
    let found: usize = calls
        .iter()
        .map(|c| wordlist.check(c).violations.len())
        .sum();
    eprintln!(
        "word-list pack: {found} violations in {} calls",
        calls.len()
    );

    let mut group = c.benchmark_group("wordlist_check");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("wordlist_pack", |b| {
        b.iter(|| {
            calls
                .iter()
                .map(|call| wordlist.check(call).violations.len())
                .sum::<usize>()
        })
    });
    group.bench_function("builtin_packs", |b| {
        b.iter(|| {
            calls
                .iter()
                .map(|call| builtin.check(call).violations.len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(wordlist, benches);
criterion_main!(wordlist);
