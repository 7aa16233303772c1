//! Criterion benchmarks of the intent layer: classifying every sentence of generated agent turns
//! (the hot path of a bulk check) and fifty different sentences of both speakers, each once; the
//! same calls checked by the linter with the built-in packs
//! and classified turn by turn, agent and customer, for the cost of the intents next to a whole
//! check; and decoding the built-in model (its first-use cost).
//!
//! `cargo bench -p huashu --bench intent`. Throughput is bytes of text per second.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use huashu::intent::{Model, Normalized, BUILTIN_MODEL};
use huashu::transcript::{parse, ParseOptions, SourceFormat};
use huashu::{Linter, Speaker};

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

/// Customer sentences.
const CUSTOMER: &[&str] = &[
    "我家宽带从昨天晚上就断了。",
    "我想查一下这个月的话费。",
    "你们这什么破服务,我要投诉!",
    "好的,谢谢。",
    "喂 喂 你那边声音太小了 听不清",
    "我都等了半个小时了,怎么还没好?",
    "你叫什么名字,工号多少?",
    "不好意思,刚才是我搞错了。",
];

/// More sentences of both speakers, for [`detect_sentences`]: with the two lists above, 50
/// sentences each classified once per iteration (no sentence repeated, as most are in a stream).
const MORE: &[(Speaker, &str)] = &[
    (
        Speaker::Agent,
        "您好,这里是售后服务中心,工号三六二为您服务。",
    ),
    (Speaker::Agent, "您的订单显示已经签收了,请问您是没有收到吗?"),
    (
        Speaker::Agent,
        "退款会在三到五个工作日内原路退回到您的支付账户。",
    ),
    (Speaker::Agent, "麻烦您提供一下下单时预留的手机号码。"),
    (Speaker::Agent, "系统就是这么规定的,我也没办法。"),
    (Speaker::Agent, "你听不懂吗,我刚才不是说过了。"),
    (Speaker::Agent, "这个是您自己操作失误造成的,跟我们没关系。"),
    (Speaker::Agent, "您 稍等 我 这边 帮 您 看 一下 物流 信息"),
    (
        Speaker::Agent,
        "好的,已经为您提交了维修申请,师傅明天上午联系您。",
    ),
    (Speaker::Agent, "您还有别的问题吗?没有的话我先挂了。"),
    (Speaker::Agent, "非常理解您的心情,换作是我也会着急的。"),
    (Speaker::Agent, "您说的这个活动已经在上个月三十一号结束了。"),
    (Speaker::Agent, "請您保持電話暢通,稍後會有專員與您聯繫。"),
    (Speaker::Agent, "行了行了,你别说了,听我说。"),
    (Speaker::Customer, "我上周买的冰箱到现在还没送到。"),
    (Speaker::Customer, "你们客服电话怎么老是打不通?"),
    (Speaker::Customer, "那我这个钱什么时候能退回来?"),
    (Speaker::Customer, "你刚才说的我没听清,能再说一遍吗?"),
    (Speaker::Customer, "我的卡号是六二二二零二一二三四五六。"),
    (Speaker::Customer, "算了算了,我不想跟你说了,叫你们领导来。"),
    (Speaker::Customer, "嗯 对 是 我 本人 的 手机号"),
    (Speaker::Customer, "好的,那我等师傅电话,谢谢你啊。"),
];

/// About `bytes` bytes of plain-text calls of 4 to 14 turns, customer and agent in turn.
fn calls(bytes: usize) -> String {
    let mut rng = Rng(0x2026_1204);
    let mut out = String::new();
    let mut call = 0;
    while out.len() < bytes {
        call += 1;
        out.push_str(&format!("# 通话 {call:07}\n"));
        for t in 0..4 + rng.below(11) {
            if t % 2 == 0 {
                out.push_str("客户:");
                out.push_str(rng.pick(CUSTOMER));
            } else {
                out.push_str("客服:");
                for _ in 0..1 + rng.below(3) {
                    out.push_str(rng.pick(SENTENCES));
                }
            }
            out.push('\n');
        }
    }
    out
}

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
    let turn_bytes: usize = turns.iter().map(String::len).sum();
    let mut found = Vec::new();

    let mut group = c.benchmark_group("intent");
    group.throughput(Throughput::Bytes(turn_bytes as u64));
    group.bench_function("detect_agent_turns", |b| {
        b.iter(|| {
            found.clear();
            for turn in &turns {
                model.detect(black_box(turn), Speaker::Agent, None, &mut found);
            }
            found.len()
        })
    });
    group.finish();

    // Fifty different sentences, each its own turn: classification without repeats.
    let sentences: Vec<(Speaker, &str)> = SENTENCES
        .iter()
        .map(|s| (Speaker::Agent, *s))
        .chain(CUSTOMER.iter().map(|s| (Speaker::Customer, *s)))
        .chain(MORE.iter().copied())
        .collect();
    let bytes: usize = sentences.iter().map(|(_, s)| s.len()).sum();
    let mut group = c.benchmark_group("intent");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("detect_sentences", |b| {
        b.iter(|| {
            found.clear();
            for &(speaker, sentence) in &sentences {
                model.detect(black_box(sentence), speaker, None, &mut found);
            }
            found.len()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("intent");
    group.throughput(Throughput::Bytes(turn_bytes as u64));
    group.bench_function("normalize", |b| {
        b.iter(|| {
            turns
                .iter()
                .map(|t| Normalized::new(black_box(t)).as_str().len())
                .sum::<usize>()
        })
    });
    group.finish();

    // The same calls: the linter's whole check, and every turn classified.
    let text = calls(2_000_000);
    let calls = parse(&text, SourceFormat::Text, &ParseOptions::default()).calls;
    let linter = Linter::with_builtin_packs();
    let _ = linter.check_text("喂,这个我不知道");
    let mut group = c.benchmark_group("intent_beside_check");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("linter_check", |b| {
        b.iter(|| {
            calls
                .iter()
                .map(|call| linter.check(call).violations.len())
                .sum::<usize>()
        })
    });
    for speaker in [Speaker::Agent, Speaker::Customer] {
        group.bench_function(format!("detect_{}_turns", speaker.as_str()), |b| {
            b.iter(|| {
                found.clear();
                for call in &calls {
                    for turn in call.turns.iter().filter(|t| t.speaker == speaker) {
                        model.detect(&turn.text, speaker, None, &mut found);
                    }
                }
                found.len()
            })
        });
    }
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
