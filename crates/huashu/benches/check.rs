//! Criterion benchmarks of the core on generated calls: parsing, matching and the whole check.
//!
//! The input comes from the deterministic generator below (no files, no network), so the
//! benchmarks run on a fresh clone: `cargo bench -p huashu`. Throughput is reported in bytes of
//! transcript text per second. Comparisons against peer tools (ripgrep, a Python jieba script,
//! textlint + prh) are whole-process and live outside criterion.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::Linter;

/// Compliant agent clauses, customer clauses, and breaches injected into a few agent turns.
const AGENT: &[&str] = &[
    "您好,请问有什么可以帮您?",
    "请您稍等,我帮您查一下。",
    "感谢您的耐心等待。",
    "您本月开通了一个二十元的流量包。",
    "宝宝喂养方面的问题,我帮您转接育儿顾问。",
    "这款是傻瓜式操作,您按提示点击就可以。",
    "请问还有什么可以帮您吗?",
    "感谢您的来电,再见!",
];
const CUSTOMER: &[&str] = &[
    "我家宽带从昨天晚上就断了。",
    "我想查一下这个月的话费。",
    "不可能!我根本没办过这个业务。",
    "好的,谢谢。",
];
const BREACHES: &[&str] = &[
    "这个我不知道。",
    "你必须先重启一下光猫。",
    "那我就不清楚了,你去营业厅问一下好了。",
    "喂,说话呀!",
];

#[path = "rng.rs"]
mod rng;
use rng::Rng;

/// About `bytes` bytes of plain-text calls: a `# 通话` header and 4–14 turns each; about 3% of
/// agent turns carry a breach.
fn generate(bytes: usize) -> String {
    let mut rng = Rng(0x2026_1122);
    let mut out = String::with_capacity(bytes + 1024);
    let mut call = 0;
    while out.len() < bytes {
        call += 1;
        out.push_str(&format!(
            "# 通话 {call:07} 坐席{}\n",
            1000 + rng.next() % 9000
        ));
        let turns = 4 + rng.next() % 11;
        for t in 0..turns {
            if t % 2 == 0 {
                out.push_str("客服:");
                out.push_str(rng.pick(AGENT));
                if rng.next() % 100 < 3 {
                    out.push_str(rng.pick(BREACHES));
                }
            } else {
                out.push_str("客户:");
                out.push_str(rng.pick(CUSTOMER));
            }
            out.push('\n');
        }
    }
    out
}

fn benches(c: &mut Criterion) {
    let text = generate(2_000_000);
    let options = ParseOptions::default();
    let linter = Linter::with_builtin_packs();
    let calls = parse(&text, SourceFormat::Text, &options).calls;
    // Warm the segmenter outside the timing (its dictionary load is measured on its own below).
    let _ = linter.check_text("喂,这个我不知道");

    let mut group = c.benchmark_group("transcript");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| {
            black_box(
                parse(black_box(&text), SourceFormat::Text, &options)
                    .calls
                    .len(),
            )
        })
    });
    group.bench_function("check_parsed", |b| {
        b.iter(|| {
            calls
                .iter()
                .map(|call| linter.check(call).violations.len())
                .sum::<usize>()
        })
    });
    group.bench_function("parse_and_check", |b| {
        b.iter(|| {
            parse(&text, SourceFormat::Text, &options)
                .calls
                .iter()
                .map(|call| linter.check(call).violations.len())
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("startup");
    group.sample_size(10);
    group.bench_function("build_linter_builtin_packs", |b| {
        b.iter(|| black_box(Linter::with_builtin_packs().rules().len()))
    });
    group.bench_function("jieba_dictionary_load", |b| {
        b.iter(|| black_box(jieba_rs::Jieba::new()))
    });
    group.finish();
}

criterion_group!(check, benches);
criterion_main!(check);
