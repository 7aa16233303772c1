//! Features of a sentence's shape, beside its n-grams: whom a question is aimed at, whether it
//! is asked politely, whether the same sentence offers help. A bag of n-grams sees 您 and 哪里
//! and 吗 but not that 「请问您是在哪里购买的?」 is a polite question and 「你自己不会看吗?」 one
//! aimed at the customer; these features are conjunctions of such cues, each a feature of its
//! own (see `intents/MODEL.md`, "A model that sees more than a bag").

/// Cues of a polite question or request.
const POLITE: &[&str] = &[
    "请问",
    "麻烦",
    "方便",
    "请您",
    "确认一下",
    "想跟您",
    "能否",
    "可否",
];
/// Cues of an offer of help in the same sentence.
const OFFER: &[&str] = &[
    "帮您", "为您", "给您", "替您", "帮你", "为你", "替你", "我来", "这边", "协助",
];
/// Question words (a question without a question mark, as speech recognition writes it).
const WH: &[&str] = &[
    "什么",
    "怎么",
    "为什么",
    "为啥",
    "干嘛",
    "干吗",
    "咋",
    "哪",
    "谁",
    "多少",
    "凭什么",
];
/// Sentence-final question particles.
const PARTICLES: &[char] = &['吗', '呢', '嘛', '么', '啊', '吧'];
/// Self-service suggestions (您可以在App上办理).
const SELF: &[&str] = &["您可以", "你可以", "您可", "自助", "自己"];

/// The first occurrence of any of `needles` in `chars`, as (first character, length).
fn find(chars: &[char], needles: &[&str]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for needle in needles {
        let n = needle.chars().count();
        let Some(last) = chars.len().checked_sub(n) else {
            continue;
        };
        if let Some(i) = (0..=last).find(|&i| needle.chars().eq(chars[i..i + n].iter().copied())) {
            if best.is_none_or(|(b, _)| i < b) {
                best = Some((i, n));
            }
        }
    }
    best
}

/// Calls `emit(id, first, len)` for each shape feature of the normalised characters `chars`:
/// `id` names the feature, `first` and `len` are the characters of the cue it rests on (so
/// evidence points at words, never at the whole sentence).
///
/// The features: a question (a final `?`, a final particle, or a question word) aimed at 你/您,
/// asked politely, or neither; an offer of help; a negated question aimed at 你/您 (你没看吗);
/// a self-service suggestion with and without an offer; a sentence that opens with 你/您 and
/// neither asks nor offers; and the sentence's length in steps of eight characters.
pub(crate) fn for_each(chars: &[char], mut emit: impl FnMut(u32, usize, usize)) {
    if chars.is_empty() {
        return;
    }
    // The last character that is not punctuation or space.
    let content_end = chars
        .iter()
        .rposition(|c| !(c.is_ascii_punctuation() || c.is_whitespace()))
        .unwrap_or(0);
    let marked = chars[content_end..].contains(&'?');
    let particle = PARTICLES.contains(&chars[content_end]);
    let wh = find(chars, WH);
    let question = marked || (particle && chars[content_end] != '啊') || wh.is_some();
    let last = (chars.len() - 1, 1);
    let you = chars.iter().position(|&c| c == '你' || c == '您');
    let polite = find(chars, POLITE);
    let offer = find(chars, OFFER);
    let negated = chars
        .iter()
        .position(|&c| c == '不' || c == '没' || c == '别');
    let self_service = find(chars, SELF);

    if question {
        let cue = wh.unwrap_or(last);
        match (you, polite) {
            (_, Some(p)) => emit(1, p.0, p.1),
            (Some(y), None) => {
                emit(2, y, 1);
                if let Some(n) = negated {
                    emit(3, n, 1);
                }
                if wh.is_some() {
                    emit(4, cue.0, cue.1);
                } else {
                    emit(5, last.0, 1);
                }
                if offer.is_some() {
                    emit(6, y, 1);
                }
            }
            (None, None) => emit(7, cue.0, cue.1),
        }
    }
    if let Some(o) = offer {
        emit(8, o.0, o.1);
        if let Some(n) = negated {
            emit(9, n, 1);
        }
    }
    if let Some(s) = self_service {
        emit(if offer.is_some() { 10 } else { 11 }, s.0, s.1);
    }
    if !question && offer.is_none() && you.is_some_and(|y| y <= 1) {
        emit(12, you.unwrap_or(0), 1);
    }
    let length = (chars.len() / 8).min(6) as u32;
    emit(20 + length, last.0, 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_cue_is_found() {
        let chars: Vec<char> = "我帮您看看,这边给您登记".chars().collect();
        assert_eq!(find(&chars, OFFER), Some((1, 2)));
        assert_eq!(find(&chars, &["登记", "帮您"]), Some((1, 2)));
        assert_eq!(find(&chars, &["没有"]), None);
        assert_eq!(find(&[], &["没有"]), None);
    }

    fn ids(s: &str) -> Vec<u32> {
        let chars: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        for_each(&chars, |id, first, len| {
            assert!(first + len <= chars.len());
            out.push(id);
        });
        out
    }

    #[test]
    fn a_question_at_the_customer_is_not_a_polite_one() {
        // 你自己不会看吗? — aimed at 你, negated, ended by a particle.
        assert_eq!(ids("你自己不会看吗?"), [2, 3, 5, 11, 21]);
        // 请问您是在哪里购买的? — asked politely.
        assert_eq!(ids("请问您是在哪里购买的?"), [1, 21]);
        // An offer of help in the same sentence, self-service beside it.
        assert_eq!(ids("您可以在app上自助办理,我帮您发链接"), [8, 10, 22]);
        assert_eq!(ids("你听我说完"), [12, 20]);
        assert!(ids("").is_empty());
    }
}
