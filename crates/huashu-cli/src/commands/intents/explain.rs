//! `huashu intents explain`: the classes the model sees in each sentence, with the evidence.

use std::path::Path;
use std::process::ExitCode;

use super::load_model;
use crate::args::{Cli, SpeakerArg};
use crate::exit::outln;

pub(super) fn run_explain(
    cli: &Cli,
    sentences: &[String],
    speaker: SpeakerArg,
    model: Option<&Path>,
    top: usize,
    color: bool,
) -> Result<(), ExitCode> {
    let model = load_model(cli, model, color)?;
    let speaker = speaker.speaker();
    for text in sentences {
        outln!("{text}");
        for (sentence, scores) in model.classify_turn(text, speaker) {
            let sentence_text = &text[sentence];
            let mut ranked: Vec<(usize, f64)> = scores.iter().collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
            outln!("  「{sentence_text}」");
            let coverage = model.coverage(sentence_text, speaker);
            if coverage.factor < 1.0 {
                outln!(
                    "    {} of {} n-grams seen in training: weights × {:.2}",
                    coverage.seen,
                    coverage.features,
                    coverage.factor
                );
            }
            for &(class, p) in ranked.iter().take(top) {
                let c = model.classes().get(class);
                let mark = if p >= model.threshold(class) {
                    '*'
                } else {
                    ' '
                };
                outln!("   {mark} {:<28} {p:.3}  {}", c.id, c.name);
                let evidence: Vec<String> = model
                    .explain(sentence_text, class, 5)
                    .iter()
                    .map(|e| format!("「{}」{:+.2}", &sentence_text[e.span.clone()], e.weight))
                    .collect();
                if !evidence.is_empty() {
                    outln!("       依据 {}", evidence.join(" "));
                }
            }
        }
    }
    outln!("(* at or above the class's threshold)");
    Ok(())
}
