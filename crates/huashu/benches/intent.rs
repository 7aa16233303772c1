//! Criterion benchmarks of the intent layer: classifying every sentence of generated agent turns
//! (the hot path of a bulk check), and decoding the built-in model (its first-use cost).
//!
//! `cargo bench -p huashu --bench intent`. Throughput is bytes of agent text per second.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use huashu::intent::{Model, Normalized, BUILTIN_MODEL};
use huashu::Speaker;

#[path = "rng.rs"]
mod rng;
use rng::Rng;

/// Agent sentences as they come in transcripts: mostly compliant, some breaches, some speech
/// recognition output, traditional characters and full-width forms.
const SENTENCES: &[&str] = &[
    "您好,请问有什么可以帮您?",
    "请您稍等,我帮您查一下。",
    "感谢您的耐心等待。",
    "您本月开通了一个二十元的流量包。",
    "这款是傻瓜式操作,您按提示点击就可以。",
    "请问还有什么可以帮您吗?",
    "感谢您的来电,再见!",
    "您的快递已经在派送途中了,预计今天下午送达。",
    "给您带来不便非常抱歉,我马上为您登记处理。",
    "您反映的情况我已经记录下来了,二十四小时内给您回电。",
    "您可以在手机营业厅的首页点击查询,就能看到明细。",
    "这个我确实不清楚,我帮您转接专员。",
    "您 好 这边 帮 您 查 一下 话费 余额",
    "請您稍候,我幫您查詢一下訂單狀態。",
    "您的ＡＰＰ版本需要升級到最新。",
    "我都说了八百遍了,你自己不会看吗?",
    "这块儿我们管不了,你找厂家去。",
    "没别的事我挂了啊。",
    "随便您吧,反正就这样。",
    "我上哪儿知道去。",
];

/// About `bytes` bytes of agent turns of one to three sentences.
fn turns(bytes: usize) -> Vec<String> {
    let mut rng = Rng(0x1157_2026);
    let mut out = Vec::new();
    let mut total = 0;
    while total < bytes {
        let mut turn = String::new();
        for _ in 0..1 + rng.below(3) {
            turn.push_str(rng.pick(SENTENCES));
        }
        total += turn.len();
        out.push(turn);
    }
    out
}

fn benches(c: &mut Criterion) {
    let model = Model::builtin();
    let turns = turns(1_000_000);
    let bytes: usize = turns.iter().map(String::len).sum();
    let mut found = Vec::new();

    let mut group = c.benchmark_group("intent");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("detect_agent_turns", |b| {
        b.iter(|| {
            found.clear();
            for turn in &turns {
                model.detect(black_box(turn), Speaker::Agent, None, &mut found);
            }
            found.len()
        })
    });
    group.bench_function("normalize", |b| {
        b.iter(|| {
            turns
                .iter()
                .map(|t| Normalized::new(black_box(t)).as_str().len())
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("intent_startup");
    group.sample_size(10);
    group.bench_function("builtin_model_decode", |b| {
        b.iter(|| black_box(Model::from_bytes(BUILTIN_MODEL).map(|m| m.classes().len())))
    });
    group.finish();
}

criterion_group!(intent, benches);
criterion_main!(intent);
