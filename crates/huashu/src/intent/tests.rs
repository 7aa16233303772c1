//! Unit tests of the intent layer on small fixtures (`tests/fixtures/intents/`, written for
//! these tests): data errors, splits, training determinism, the model file, evidence spans.

use super::*;
use crate::Speaker;

const SMALL: &str = include_str!("../../tests/fixtures/intents/small.tsv");
const HELD_OUT: &str = include_str!("../../tests/fixtures/intents/held-out.tsv");

fn classes() -> &'static ClassList {
    ClassList::builtin()
}

fn small() -> Dataset {
    Dataset::parse(
        &[("small.tsv", SMALL), ("held-out.tsv", HELD_OUT)],
        classes(),
    )
    .unwrap()
}

/// Training options small enough for a debug build.
fn quick() -> TrainOptions {
    TrainOptions {
        features: FeatureConfig {
            bucket_bits: 14,
            ..FeatureConfig::default()
        },
        epochs: 20,
        dropout: 0.0,
        calibration: Calibration::Dev,
        ..TrainOptions::default()
    }
}

fn errors(files: &[(&str, &str)]) -> Vec<String> {
    Dataset::parse(files, classes())
        .unwrap_err()
        .errors()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn each_kind_of_data_error_names_file_line_column_and_cause() {
    let tsv = "\
# a comment, then a blank line

agent\t-\ttelecom\tformal
bot\t-\ttelecom\tformal\t您好
agent\t-\tcasino\tformal\t您好
agent\t-\ttelecom\tshouting\t您好
agent\tforbidden.nope\ttelecom\tformal\t您好
agent\tcustomer.abuse\ttelecom\tformal\t您好
agent\t-,forbidden.blame\ttelecom\tformal\t您好
agent\t-\ttelecom\tformal\t ,。
agent\t-\ttelecom\tformal\t您好
";
    assert_eq!(
        errors(&[("e.tsv", tsv)]),
        [
            "e.tsv:3:1: expected 5 tab-separated columns (speaker, labels, business, register, text), found 4",
            "e.tsv:4:1: unknown speaker `bot` (expected agent or customer)",
            "e.tsv:5:9: unknown business `casino`",
            "e.tsv:6:17: unknown register `shouting`",
            "e.tsv:7:7: unknown class `forbidden.nope`",
            "e.tsv:8:7: class `customer.abuse` is not a class of the agent's sentences",
            "e.tsv:9:7: malformed labels `-,forbidden.blame`",
            "e.tsv:10:24: empty sentence",
        ]
    );
}

#[test]
fn contradictions_and_two_splits_name_both_places() {
    let a = "agent\tforbidden.refusal\ttelecom\tspoken\t我也没辙\n";
    // The same sentence after normalisation (traditional, full-width, spaced).
    let b = "\n\nagent\t-\tbank\ttrad\t我 也 沒 轍\n";
    assert_eq!(
        errors(&[("b.tsv", b), ("a.tsv", a)]),
        ["b.tsv:3:7: the same sentence is labelled `-` here and `forbidden.refusal` at a.tsv:1"]
    );
    let dev = "#! split = dev\nagent\t-\ttelecom\tformal\t请您稍等\n";
    let test = "#!split=test\n\nagent\t-\ttelecom\tformal\t请您稍等。\n";
    // 请您稍等 and 请您稍等。 differ in normal form: no conflict; the same text does conflict.
    assert!(Dataset::parse(&[("d.tsv", dev), ("t.tsv", test)], classes()).is_ok());
    let test = test.replace('。', "");
    assert_eq!(
        errors(&[("d.tsv", dev), ("t.tsv", &test)]),
        ["t.tsv:3:24: the same sentence is pinned to split `test` here and `dev` at d.tsv:2"]
    );
    let late_pin = "agent\t-\ttelecom\tformal\t您好\n#! split = test\n";
    assert_eq!(
        errors(&[("p.tsv", late_pin)]),
        ["p.tsv:2:1: malformed split pin `#! split = test`"]
    );
    assert_eq!(
        errors(&[("p.tsv", "#! split = valid\n")]),
        ["p.tsv:1:1: malformed split pin `#! split = valid`"]
    );
}

#[test]
fn duplicates_after_normalisation_are_merged_and_counted() {
    let tsv = "agent\t-\ttelecom\tformal\t請您稍等,我幫您查詢\n\
               agent\t-\ttelecom\tasr\t请 您 稍等 , 我 帮 您 查询\n\
               customer\t-\ttelecom\tspoken\t请您稍等,我帮您查询\n";
    let data = Dataset::parse(&[("d.tsv", tsv)], classes()).unwrap();
    assert_eq!(data.stats().lines, 3);
    assert_eq!(data.stats().duplicates, 1);
    assert_eq!(data.examples().len(), 2, "speakers are kept apart");
    assert_eq!(data.examples()[0].copies, 2);
    assert_eq!(data.examples()[0].text, "請您稍等,我幫您查詢");
}

#[test]
fn splits_are_deterministic_and_keep_near_copies_together() {
    let data = small();
    let again = Dataset::parse(
        &[("held-out.tsv", HELD_OUT), ("small.tsv", SMALL)],
        classes(),
    )
    .unwrap();
    let key = |d: &Dataset| -> Vec<(String, Split, usize)> {
        d.examples()
            .iter()
            .map(|e| (e.normalized.clone(), e.split, e.group))
            .collect()
    };
    assert_eq!(key(&data), key(&again), "file order does not matter");
    // Pinned sentences keep their split.
    for e in data.examples().iter().filter(|e| e.file == "held-out.tsv") {
        assert_eq!(e.split, Split::Test);
    }
    let s = data.stats();
    assert_eq!(
        s.sentences_per_split.iter().sum::<usize>(),
        data.examples().len()
    );
    assert_eq!(
        s.groups,
        data.examples().iter().map(|e| e.group).max().unwrap() + 1
    );

    // Near-copies (one character changed, spacing, punctuation) land in one group.
    let mut lines = String::new();
    let bases = [
        "这块儿我们管不了你找厂家去吧",
        "您可真行自己的卡都能弄丢了",
        "我都说了八百遍了你还问",
    ];
    for (i, base) in bases.iter().enumerate() {
        lines.push_str(&format!("agent\t-\ttelecom\tformal\t{base}\n"));
        lines.push_str(&format!("agent\t-\ttelecom\tformal\t{base}啊!\n"));
        let spaced: Vec<String> = base.chars().map(String::from).collect();
        lines.push_str(&format!("agent\t-\ttelecom\tasr\t{}\n", spaced.join(" ")));
        lines.push_str(&format!(
            "agent\t-\ttelecom\tformal\t{}\n",
            format!("{base}{i}").replacen(base.chars().next().unwrap(), "那", 1)
        ));
    }
    let data = Dataset::parse(&[("near.tsv", &lines)], classes()).unwrap();
    assert_eq!(data.stats().groups, 3);
    assert_eq!(
        data.stats().duplicates,
        3,
        "the spaced copies are exact duplicates"
    );
    for g in 0..3 {
        let splits: Vec<Split> = data
            .examples()
            .iter()
            .filter(|e| e.group == g)
            .map(|e| e.split)
            .collect();
        assert!(splits.windows(2).all(|w| w[0] == w[1]), "{splits:?}");
    }
}

#[test]
fn no_test_sentence_is_a_near_copy_of_a_train_sentence() {
    // 400 sentences built from overlapping parts, so that many are near-copies of others.
    let heads = ["您好", "请您稍等", "不好意思", "这个", "您看", "麻烦您"];
    let bodies = [
        "我帮您查一下话费",
        "我们这边管不了",
        "您的快递已经到了",
        "系统正在升级",
        "我给您登记一下",
        "这个我确实不清楚",
    ];
    let tails = ["", "吧", "好吗", "谢谢", "再见了", "行不行"];
    let mut tsv = String::new();
    for h in heads {
        for b in bodies {
            for t in tails {
                tsv.push_str(&format!("agent\t-\ttelecom\tformal\t{h}{b}{t}\n"));
            }
        }
    }
    let options = SplitOptions::default();
    let data = Dataset::parse(&[("many.tsv", &tsv)], classes()).unwrap();
    let shingles = |s: &str| -> std::collections::HashSet<String> {
        let c: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
        c.windows(options.shingle)
            .map(|w| w.iter().collect())
            .collect()
    };
    let train: Vec<_> = data
        .in_split(Split::Train)
        .map(|e| shingles(&e.normalized))
        .collect();
    let mut tested = 0;
    for e in data.in_split(Split::Test) {
        let a = shingles(&e.normalized);
        for b in &train {
            let common = a.intersection(b).count() as f64;
            let jaccard = common / (a.len() as f64 + b.len() as f64 - common);
            assert!(
                jaccard < options.jaccard,
                "{} has a near-copy in train",
                e.text
            );
        }
        tested += 1;
    }
    assert!(tested > 0 && !train.is_empty());
    // The parts overlap enough that the groups are fewer than the sentences.
    assert!(data.stats().groups < data.examples().len());
}

#[test]
fn training_is_deterministic_to_the_byte() {
    let data = small();
    let a = train(&data, &quick()).to_bytes();
    let b = train(&small(), &quick()).to_bytes();
    assert_eq!(a, b);
    let nb = TrainOptions {
        learner: Learner::NbLogistic,
        ..quick()
    };
    assert_eq!(train(&data, &nb).to_bytes(), train(&data, &nb).to_bytes());
    assert_ne!(train(&data, &nb).to_bytes(), a);
    let cross = TrainOptions {
        calibration: Calibration::CrossFit {
            folds: 3,
            with_dev: true,
        },
        dropout: 0.5,
        ..quick()
    };
    assert_eq!(
        train(&data, &cross).to_bytes(),
        train(&data, &cross).to_bytes()
    );
    // The same lines under other file names and in another order train the same bytes.
    let mut lines: Vec<&str> = SMALL.lines().collect();
    lines.reverse();
    let reversed = lines.join("\n");
    let renamed = Dataset::parse(&[("z.tsv", &reversed), ("a.tsv", HELD_OUT)], classes()).unwrap();
    assert_eq!(train(&renamed, &quick()).to_bytes(), a);
}

#[test]
fn the_model_round_trips() {
    let model = train(&small(), &quick());
    let bytes = model.to_bytes();
    let back = Model::from_bytes(&bytes).unwrap();
    assert_eq!(back, model);
    assert_eq!(back.to_bytes(), bytes);
    assert_eq!(back.features(), quick().features);
    let text = "這塊兒我們管不了,你找廠家去";
    assert_eq!(
        back.classify(text, Speaker::Agent),
        model.classify(text, Speaker::Agent)
    );
}

#[test]
fn broken_model_files_are_told_apart() {
    let bytes = train(&small(), &quick()).to_bytes();
    assert_eq!(Model::from_bytes(b""), Err(ModelError::NotAModel));
    assert_eq!(
        Model::from_bytes(b"GIF89a......"),
        Err(ModelError::NotAModel)
    );
    for cut in [4, 12, 100, bytes.len() - 1] {
        assert!(
            matches!(
                Model::from_bytes(&bytes[..cut]),
                Err(ModelError::Truncated { .. })
            ),
            "cut at {cut}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(matches!(
        Model::from_bytes(&longer),
        Err(ModelError::Corrupt(_))
    ));
    let mut flipped = bytes.clone();
    let middle = bytes.len() / 2;
    flipped[middle] ^= 0x10;
    assert_eq!(
        Model::from_bytes(&flipped),
        Err(ModelError::Corrupt("checksum mismatch".to_string()))
    );
    let mut future = bytes.clone();
    future[8..12].copy_from_slice(&3u32.to_le_bytes());
    let err = Model::from_bytes(&future).unwrap_err();
    assert_eq!(
        err,
        ModelError::Version {
            found: 3,
            supported: FORMAT_VERSION
        }
    );
    assert!(err.to_string().contains("format version 3"));
}

#[test]
fn a_model_of_the_old_format_is_refused_with_a_request_to_retrain() {
    // A version 1 file (no seen sets) has the same header with 1 as its version.
    let mut old = train(&small(), &quick()).to_bytes();
    old[8..12].copy_from_slice(&1u32.to_le_bytes());
    let err = Model::from_bytes(&old).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the intent model is in format version 1; this huashu reads version 2"
    );
    let help = miette::Diagnostic::help(&err).unwrap().to_string();
    assert!(help.contains("retrain"), "{help}");
}

#[test]
fn coverage_discounts_sentences_unlike_the_training_data() {
    let data = small();
    let model = train(
        &data,
        &TrainOptions {
            shrink: Shrink::Coverage {
                power: 2,
                full: 100,
            },
            ..quick()
        },
    );
    assert_eq!(Model::from_bytes(&model.to_bytes()).unwrap(), model);
    // A training sentence is fully covered: no discount.
    let known = data
        .in_split(Split::Train)
        .find(|e| e.speaker == Speaker::Agent)
        .unwrap();
    let c = model.coverage(&known.text, Speaker::Agent);
    assert_eq!((c.seen, c.factor), (c.features, 1.0));
    // A menu path of a written reply is mostly unseen: its evidence shrinks with its score.
    let menu = "设置---全局高级设置---辅助功能---耳机线控校准";
    let c = model.coverage(menu, Speaker::Agent);
    assert!(c.factor < 0.5, "{c:?}");
    let plain = Model::assemble(
        model.classes.clone(),
        model.features,
        model.sentences,
        model.params.clone(),
        model.tables.clone(),
        Shrink::None,
        model.seen.clone(),
    );
    let sum = |m: &Model, class| {
        m.explain(menu, class, 50)
            .iter()
            .map(|e| e.weight)
            .sum::<f64>()
    };
    let agent = model.classes().indices_of(Speaker::Agent);
    let class = *agent.iter().find(|&&k| sum(&plain, k) > 0.0).unwrap();
    let (shrunk, full) = (sum(&model, class), sum(&plain, class));
    assert!((shrunk - c.factor * full).abs() < 1e-9, "{shrunk} {full}");
    // The probability moves towards the class's prior (the score without any feature).
    let p = |m: &Model| m.classify(menu, Speaker::Agent).get(class).unwrap();
    let prior = 1.0 / (1.0 + (-model.affine[class].1).exp());
    assert!((p(&model) - prior).abs() < (p(&plain) - prior).abs());
}

#[test]
fn a_model_checks_its_class_list() {
    let model = train(&small(), &quick());
    assert!(model.check_classes(classes()).is_ok());
    let mut other = String::from(BUILTIN_CLASSES);
    other = other.replace("forbidden.excuse", "forbidden.excuses");
    let other = ClassList::from_toml("other.toml", &other).unwrap();
    let err = model.check_classes(&other).unwrap_err();
    assert_eq!(
        err,
        ModelError::ClassMismatch {
            missing: vec!["forbidden.excuses".to_string()],
            extra: vec!["forbidden.excuse".to_string()],
        }
    );
}

#[test]
fn evidence_spans_point_at_the_original_spelling() {
    let model = train(&small(), &quick());
    let deflection = model.class_index("forbidden.deflection").unwrap();
    let refusal = model.class_index("forbidden.refusal").unwrap();
    for (text, class) in [
        ("這塊兒 我們 管不了,你找廠家去", deflection),
        ("这 块 儿 我 们 管 不 了 你 找 厂 家 去", deflection),
        ("不知道，沒辦法！", refusal),
        ("ＯＫ，我也沒轍", refusal),
    ] {
        let evidence = model.explain(text, class, 10);
        assert!(!evidence.is_empty(), "{text}");
        for e in &evidence {
            let original = &text[e.span.clone()];
            assert_eq!(Normalized::new(original).as_str(), e.text, "{text}");
            assert!(e.weight > 0.0);
        }
        // Some evidence is spelt differently in the original (traditional, full-width, spaced).
        assert!(
            evidence.iter().any(|e| text[e.span.clone()] != e.text),
            "{text}: {evidence:?}"
        );
        // Evidence never overlaps.
        for (i, a) in evidence.iter().enumerate() {
            for b in &evidence[i + 1..] {
                assert!(a.span.end <= b.span.start || b.span.end <= a.span.start);
            }
        }
        // Strongest first.
        assert!(evidence.windows(2).all(|w| w[0].weight >= w[1].weight));
    }
}

#[test]
fn skip_bigrams_and_shape_features_round_trip_and_explain_within_the_sentence() {
    let options = TrainOptions {
        features: FeatureConfig {
            skip: 2,
            shape: true,
            ..quick().features
        },
        ..quick()
    };
    let model = train(&small(), &options);
    let bytes = model.to_bytes();
    assert_ne!(bytes, train(&small(), &quick()).to_bytes());
    let back = Model::from_bytes(&bytes).unwrap();
    assert_eq!(back, model);
    assert_eq!(back.features(), options.features);
    let text = "你自己不会看吗?";
    for c in classes().indices_of(Speaker::Agent) {
        for e in back.explain(text, c, 5) {
            assert!(e.span.end <= text.len() && !e.text.is_empty());
        }
    }
    // Detect (the hot path) and classify (the slow path) see the same features.
    let mut found = Vec::new();
    back.detect(text, Speaker::Agent, Some(0.0), &mut found);
    let scores = back.classify(text, Speaker::Agent);
    for d in &found {
        assert!((scores.get(d.class).unwrap() - d.confidence).abs() < 1e-12);
    }
}

#[test]
fn detect_agrees_with_classify_sentence_by_sentence() {
    let model = train(&small(), &quick());
    let turn = "您好,这边帮您查询。這塊兒我們管不了!你找厂家去吧\n没别的事我挂了啊";
    let mut found = Vec::new();
    model.detect(turn, Speaker::Agent, Some(0.0), &mut found);
    let per_sentence = model.classify_turn(turn, Speaker::Agent);
    assert_eq!(
        found.len(),
        per_sentence.len() * classes().indices_of(Speaker::Agent).len()
    );
    for d in &found {
        let (_, scores) = per_sentence.iter().find(|(r, _)| *r == d.sentence).unwrap();
        assert!((scores.get(d.class).unwrap() - d.confidence).abs() < 1e-12);
    }
    // At the operating thresholds only some are kept, and customer classes never for the agent.
    let mut kept = Vec::new();
    model.detect(turn, Speaker::Agent, None, &mut kept);
    assert!(kept.len() < found.len());
    assert!(kept
        .iter()
        .all(|d| model.classes().get(d.class).speaker == Speaker::Agent));
    assert!(kept
        .iter()
        .all(|d| d.confidence >= model.threshold(d.class)));
}

#[test]
fn detect_at_a_floor_keeps_exactly_what_classify_puts_at_or_above_it() {
    // The hot path skips the discount when no class can reach the floor whatever the discount;
    // the outcome must be what the slow path gives, for familiar and unfamiliar sentences alike
    // (the built-in model discounts sentences unlike its data).
    let model = Model::builtin();
    let turns = [
        "您好,这边帮您查询。这块儿我们管不了!你找厂家去吧",
        "我都说八百遍了,你自己不会看吗?没别的事我挂了啊",
        "设置---全局高级设置---辅助功能---耳机线控校准。您可真会洗。",
        "嗯 那个 就是 说 你 这个 卡 的话 我们 这边 查不到 哈",
        "感谢您的耐心等待,让您久等了,给您添麻烦了,实在抱歉。",
        "A1B2C3-9999-XYZ。",
        "",
    ];
    for speaker in [Speaker::Agent, Speaker::Customer] {
        for turn in turns {
            let per_sentence = model.classify_turn(turn, speaker);
            for floor in [
                None,
                Some(0.05),
                Some(0.3),
                Some(0.6),
                Some(0.8),
                Some(0.95),
            ] {
                let mut found = Vec::new();
                model.detect(turn, speaker, floor, &mut found);
                // What the slow path puts clearly above or below the floor (the floor is
                // compared in log-odds: a probability within rounding of it may go either way).
                let mut above = Vec::new();
                let mut below = Vec::new();
                for (range, scores) in &per_sentence {
                    for (class, p) in scores.iter() {
                        let min = floor.unwrap_or_else(|| model.threshold(class));
                        if p >= min + 1e-9 {
                            above.push((range.clone(), class, p));
                        } else if p <= min - 1e-9 {
                            below.push((range.clone(), class));
                        }
                    }
                }
                for (range, class, p) in &above {
                    let d = found
                        .iter()
                        .find(|d| d.sentence == *range && d.class == *class);
                    let d = d.unwrap_or_else(|| {
                        panic!("{turn:?} {speaker:?} {floor:?}: {class} missing")
                    });
                    assert!((d.confidence - p).abs() < 1e-12);
                }
                assert!(
                    found
                        .iter()
                        .all(|d| !below.contains(&(d.sentence.clone(), d.class))),
                    "{turn:?} {speaker:?} {floor:?}: a detection below the floor"
                );
            }
        }
    }
}

#[test]
fn evaluation_counts_what_it_measures() {
    let data = small();
    let model = train(&data, &quick());
    let eval = evaluate(&model, &data, Split::Test, Some(0.5));
    assert_eq!(eval.sentences, data.in_split(Split::Test).count());
    let total: usize = eval.confusion.counts.iter().flatten().sum();
    assert!(total >= eval.sentences);
    let rushing = &eval.classes[model.class_index("forbidden.rushing").unwrap()];
    let want = data
        .in_split(Split::Test)
        .filter(|e| e.labels.contains(rushing.class))
        .count();
    assert_eq!(rushing.support, want);
    assert!(want >= 1, "the pinned file has one");
    assert!(rushing.true_positives <= rushing.predicted);
}

#[test]
fn the_builtin_model_is_valid_small_and_for_the_builtin_classes() {
    assert!(BUILTIN_MODEL.len() <= MAX_MODEL_BYTES);
    let model = Model::builtin();
    model.check_classes(classes()).unwrap();
    assert_eq!(model.to_bytes(), BUILTIN_MODEL);
    // `builtin` skips the checksum at run time; it holds, and a full decode agrees.
    assert_eq!(
        Model::from_bytes(BUILTIN_MODEL).unwrap().to_bytes(),
        BUILTIN_MODEL
    );
}

/// The CLI's planted-mislabel fixture, read here too: one hang-up sentence labelled `-`.
const PLANTED: &str = include_str!("../../../../tests/fixtures/intents/audit/planted.tsv");

#[test]
fn audit_lists_a_planted_mislabel_and_leaves_the_test_split_alone() {
    let data = Dataset::parse(&[("planted.tsv", PLANTED)], classes()).unwrap();
    let options = AuditOptions {
        train: quick(),
        ..AuditOptions::default()
    };
    let listed = audit(&data, &options);
    let rushing = classes().index_of("forbidden.rushing").unwrap();
    let planted = listed
        .iter()
        .find(|d| data.examples()[d.example].line == 28)
        .unwrap_or_else(|| panic!("not listed: {listed:?}"));
    assert_eq!(planted.class, rushing);
    assert_eq!(planted.verdict, Verdict::Missing);
    assert!(planted.probability >= 0.8, "{planted:?}");
    assert_eq!(
        data.examples()[planted.example].text,
        "没别的事的话我就先挂了啊"
    );
    assert!(listed.windows(2).all(|w| w[0].gap() >= w[1].gap()));
    // The same data gives the same list.
    assert_eq!(listed, audit(&data, &options));

    // Pinned to test, nothing is audited.
    let as_test = PLANTED.replacen("#! split = train", "#! split = test", 1);
    let data = Dataset::parse(&[("planted.tsv", &as_test)], classes()).unwrap();
    assert!(audit(&data, &options).is_empty());
}
