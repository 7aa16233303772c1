#!/usr/bin/env python3
"""Turn a word list (one phrase a line) into a huashu rule pack with one phrase rule.

usage: python3 benches/wordlist_pack.py WORDLIST OUT.toml [--id PACK_ID] [--limit N]

The pack holds one rule, `banned.wordlist`, whose phrases are the list's lines in their order.
Lines the pack loader would reject, or that could only ever misfire, are dropped, and every
drop is printed with its reason (to standard error), then the counts:

- empty or whitespace-only lines (the loader rejects an empty phrase);
- duplicates, compared as the matcher compares them: after trimming, ASCII case-blind;
- entries of ASCII punctuation and symbols only (``...``, ``//``): they would fire on ordinary
  punctuation;
- a single ASCII letter or digit (``a``, ``8``): every standalone letter or number would fire;
- entries holding a control, private-use, surrogate or unassigned code point: mojibake from the
  list's own encoding history, which no transcript contains.

Leading and trailing whitespace is trimmed (the loader rejects it) and counted, not dropped.
The rule's examples are chosen so that they pass `huashu rules test`: each bad example is a kept
phrase standing alone between punctuation (so it sits on word boundaries), each good example a
compliant sentence holding none of the kept phrases.

Python 3 standard library only; the word list is read, never copied anywhere but OUT.toml.
"""

import argparse
import os
import sys
import unicodedata

# What Rust's `str::trim` strips: the Unicode White_Space property.
WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
UNPRINTABLE = {"Cc", "Co", "Cs", "Cn"}

# Compliant agent sentences; the first two holding no kept phrase become the good examples.
GOOD_CANDIDATES = [
    "您好,请问有什么可以帮您?",
    "请您稍等,我帮您查询一下。",
    "感谢您的来电,再见!",
    "您的宽带已经恢复正常了。",
    "好的,我马上为您登记。",
    "请问还有其他需要吗?",
    "麻烦您提供一下手机号码。",
    "谢谢您的耐心等待。",
    "明白了,我帮您转接。",
    "您好,很高兴为您服务。",
]


def is_han(c):
    o = ord(c)
    return 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF


def drop_reason(text):
    """Why `text` (already trimmed) is dropped, or None to keep it."""
    if not text:
        return "empty or whitespace only"
    if any(unicodedata.category(c) in UNPRINTABLE for c in text):
        return "control, private-use or unassigned character"
    if all(ord(c) < 128 and not c.isalnum() for c in text):
        return "ASCII punctuation only"
    if len(text) == 1 and ord(text) < 128:
        return "a single ASCII letter or digit"
    return None


def toml_string(text):
    """A TOML basic string: escapes quote, backslash and every control character."""
    out = ['"']
    for c in text:
        o = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\u{o:04X}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wordlist", help="the word list, UTF-8, one phrase a line")
    ap.add_argument("out", help="the pack to write (TOML)")
    ap.add_argument("--id", default="wordlist", help="the pack id (default: wordlist)")
    ap.add_argument("--limit", type=int, help="keep only the first N phrases (for slices)")
    ap.add_argument("--quiet", action="store_true", help="print only the counts, not every drop")
    args = ap.parse_args()

    try:
        with open(args.wordlist, "rb") as f:
            raw = f.read()
    except OSError as e:
        sys.exit(f"wordlist_pack.py: cannot read {args.wordlist}: {e.strerror}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        sys.exit(f"wordlist_pack.py: {args.wordlist} is not UTF-8 ({e})")
    lines = text.splitlines()

    kept = []
    seen = {}
    dropped = {}
    trimmed = 0
    for number, line in enumerate(lines, 1):
        phrase = line.strip(WHITE_SPACE)
        reason = drop_reason(phrase)
        if reason is None:
            key = "".join(c.lower() if c.isascii() else c for c in phrase)
            if key in seen:
                reason = f"duplicate of line {seen[key]}"
            else:
                seen[key] = number
        if reason is not None:
            label = reason.split(" of line")[0]
            dropped[label] = dropped.get(label, 0) + 1
            if not args.quiet:
                print(f"dropped line {number} {line!r}: {reason}", file=sys.stderr)
            continue
        if phrase != line:
            trimmed += 1
        kept.append(phrase)
        if args.limit is not None and len(kept) >= args.limit:
            break
    if not kept:
        sys.exit("wordlist_pack.py: no phrase left to put in the pack")

    # Bad examples: kept Han-only phrases standing alone between punctuation.
    han = [p for p in kept if all(is_han(c) for c in p) and 2 <= len(p) <= 6]
    picks = (han or kept)[:2]
    bad = [f"{picks[0]}。"] + [f"好的,{p}!" for p in picks[1:]]
    lowered = [p.lower() for p in kept]
    good = [s for s in GOOD_CANDIDATES if not any(p in s.lower() for p in lowered)][:2]
    if not good:
        sys.exit("wordlist_pack.py: every candidate good example holds a listed phrase")

    name = os.path.basename(args.wordlist)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write(
            f"# Generated by benches/wordlist_pack.py from {name}: {len(kept):,} phrases of "
            f"{len(lines):,} lines.\n# Regenerate it rather than editing it.\n\n"
        )
        out.write("[pack]\n")
        out.write(f"id = {toml_string(args.id)}\n")
        out.write(f"description = {toml_string(f'词表 {name} 中的敏感词({len(kept)} 条)')}\n")
        out.write(f"source = {toml_string(name)}\n\n")
        out.write("[[rules]]\n")
        out.write('id = "banned.wordlist"\n')
        out.write('category = "banned"\n')
        out.write('severity = "warning"\n')
        out.write("points = 1\n")
        out.write('message = "敏感词:通话中不得使用词表中的敏感词"\n')
        out.write(f"summary = {toml_string(f'Any of the {len(kept)} phrases of {name}, on word boundaries')}\n")
        out.write(
            f"why = {toml_string(f'由 benches/wordlist_pack.py 从词表 {name} 生成:词表中的词语不得出现在客服用语中。')}\n"
        )
        out.write(
            "examples = { bad = ["
            + ", ".join(toml_string(s) for s in bad)
            + "], good = ["
            + ", ".join(toml_string(s) for s in good)
            + "] }\n"
        )
        out.write("phrases = [\n")
        for p in kept:
            out.write(f"  {toml_string(p)},\n")
        out.write("]\n")

    print(f"{args.out}: {len(kept):,} phrases kept of {len(lines):,} lines", file=sys.stderr)
    if trimmed:
        print(f"  trimmed (leading/trailing whitespace): {trimmed:,}", file=sys.stderr)
    for label, n in sorted(dropped.items(), key=lambda kv: -kv[1]):
        print(f"  dropped, {label}: {n:,}", file=sys.stderr)
    if not dropped:
        print("  dropped: none", file=sys.stderr)


if __name__ == "__main__":
    main()
