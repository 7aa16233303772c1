#!/usr/bin/env bash
# Times huashu next to the tools users would otherwise run (rg -F, GNU grep, a Python jieba
# script, pyahocorasick, flashtext, textlint + prh), on the benchmark kit's 50 MB corpus, and
# prints one Markdown table with throughput and the ratios the performance targets are about.
#
# usage: bash benches/compare.sh [SHARED_BENCH_DIR]
#   SHARED_BENCH_DIR  the benchmark kit (gen_corpus.py, peers.sh); default ../shared/bench,
#                     relative to the repository root
#
# environment:
#   HUASHU_BENCH_DATA  the data directory (default: $TMPDIR/huashu-bench or /tmp/huashu-bench);
#                      the corpus is generated there when missing
#   HUASHU_WORDLIST    a word list (one phrase a line): adds rows for a pack built from it by
#                      benches/wordlist_pack.py (written to the data directory, not the repo)
#   HUASHU_STREAM_BYTES  bytes of JSON Lines to stream through `huashu check -` for the memory
#                      target (default 1000000000; 0 leaves the row out)
#   SKIP               peers.sh rows to leave out, e.g. SKIP="py-jieba textlint-5m"
#   HUASHU_BEFORE      a huashu binary built from an earlier commit, e.g. b9f2b82 (before the
#                      built-in rules used the intent model): adds its rows (one thread, all
#                      threads, one call) and the report gives the throughput of this build
#                      against it (issue 15: at most 25 % slower)
#
# What it does: builds huashu (release) and crates/huashu/examples/jieba_load.rs; runs the kit's peers.sh with
# a huashu row (all built-in packs, JSON output, all threads); then times more huashu rows the
# way peers.sh does (hyperfine -N --output=pipe, 1 warm-up, median of 5 runs; peak RSS from one
# more run under /usr/bin/time -f %M): one thread; the phrase packs only; the corpus cut into 20
# files (files are what is checked in parallel); the word-list pack; one call on a one-turn
# file against a program that only loads jieba's dictionary; and, for peak memory, 1 GB of JSON
# Lines streamed through `-` (benches/stream_jsonl.py).
# The first run installs the peers (apt, pip into a venv, npm) through peers.sh.
#
# It writes nothing into the repository but target/: results go to DATA/results/ (peers.sh)
# and DATA/results/compare/ (the rows below and summary.md). The report goes to standard
# output; progress to standard error.
set -euo pipefail

die() { echo "compare.sh: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=${1:-$ROOT/../shared/bench}
[[ -d $BENCH ]] || die "no benchmark kit at $BENCH (pass its path as the first argument)"
BENCH=$(cd "$BENCH" && pwd)
for f in gen_corpus.py peers.sh; do
  [[ -f $BENCH/$f ]] || die "$BENCH/$f is missing: is $BENCH the benchmark kit?"
done
DATA=${HUASHU_BENCH_DATA:-${TMPDIR:-/tmp}/huashu-bench}
case "$DATA/" in
  "$ROOT"/*) die "the data directory $DATA is inside the repository: set HUASHU_BENCH_DATA elsewhere" ;;
esac
if [[ -n ${HUASHU_WORDLIST:-} ]]; then
  [[ -r $HUASHU_WORDLIST ]] || die "HUASHU_WORDLIST=$HUASHU_WORDLIST is not a readable file"
  HUASHU_WORDLIST=$(cd "$(dirname "$HUASHU_WORDLIST")" && pwd)/$(basename "$HUASHU_WORDLIST")
fi
command -v cargo >/dev/null || die "cargo is not on PATH"
command -v python3 >/dev/null || die "python3 is not on PATH"

# ---------------------------------------------------------------- build
say "cargo build --release (huashu, crates/huashu/examples/jieba_load.rs)"
(cd "$ROOT" && cargo build --release --locked -p huashu-cli >&2 \
  && cargo build --release --locked -p huashu --example jieba_load >&2)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
HUASHU=$TARGET/release/huashu
JIEBA_LOAD=$TARGET/release/examples/jieba_load
[[ -x $HUASHU ]] || die "no binary at $HUASHU after the build"
[[ -x $JIEBA_LOAD ]] || die "no binary at $JIEBA_LOAD after the build"
COMMIT=$(cd "$ROOT" && git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
if [[ $COMMIT != unknown ]] && ! (cd "$ROOT" && git diff --quiet HEAD -- crates Cargo.toml Cargo.lock 2>/dev/null); then
  COMMIT="$COMMIT (with uncommitted changes)"
fi

# ---------------------------------------------------------------- corpus
if [[ ! -f $DATA/corpus_as_calls.txt || ! -f $DATA/tiny.txt ]]; then
  say "generating the corpus in $DATA"
  python3 "$BENCH/gen_corpus.py" --out "$DATA" >&2
fi
DATA=$(cd "$DATA" && pwd)

# ---------------------------------------------------------------- peers (and the default huashu row)
say "peers.sh (installs the peers on its first run)"
HUASHU=$HUASHU HUASHU_CMD="$(printf '%q' "$HUASHU") check --isolated --format json corpus_as_calls.txt" \
  bash "$BENCH/peers.sh" "$DATA" >/dev/null
R=$DATA/results
[[ -f $R/rows.tsv ]] || die "peers.sh wrote no $R/rows.tsv"
command -v hyperfine >/dev/null || die "hyperfine is missing (peers.sh should have installed it)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (peers.sh should have installed it)"

# ---------------------------------------------------------------- more huashu rows
C=$R/compare
mkdir -p "$C"
: >"$C/rows.tsv"
cd "$DATA"
q() { printf '%q ' "$@"; }
# row NAME INPUT_FILE CMD...: the same method as peers.sh (exit status 1 means findings)
row() {
  local name=$1 input=$2; shift 2
  local cmd; cmd=$(q "$@")
  say "$name: $cmd"
  hyperfine -N --output=pipe --style basic --warmup 1 --runs 5 --ignore-failure \
    -n "$name" --export-json "$C/$name.json" "$cmd" >&2
  local rc=0
  /usr/bin/time -f %M -o "$C/$name.rss" "$@" >"$C/$name.out" 2>"$C/$name.err" || rc=$?
  ((rc <= 1)) || die "$name exited with status $rc: see $C/$name.err"
  printf '%s\t%s\t%s\t%s\n' "$name" "$input" "$rc" "$cmd" >>"$C/rows.tsv"
}
PHRASE_PACKS=()
for p in banned-words tone filler honorific; do
  PHRASE_PACKS+=(--pack "$ROOT/crates/huashu/rules/$p.toml")
done
row huashu-1t corpus_as_calls.txt "$HUASHU" check --isolated --format json --threads 1 corpus_as_calls.txt
row huashu-phrase-packs corpus_as_calls.txt "$HUASHU" check --isolated --format json --no-default-packs "${PHRASE_PACKS[@]}" corpus_as_calls.txt
row huashu-phrase-packs-1t corpus_as_calls.txt "$HUASHU" check --isolated --format json --threads 1 --no-default-packs "${PHRASE_PACKS[@]}" corpus_as_calls.txt
# Files are checked in parallel, one per thread: the same corpus as 20 files, cut between calls.
SPLIT=$C/split
if [[ ! -f $SPLIT/.done || $SPLIT/.done -ot corpus_as_calls.txt ]]; then
  rm -rf "$SPLIT" && mkdir -p "$SPLIT"
  python3 - corpus_as_calls.txt "$SPLIT" 20 <<'PY'
import os, sys
src, out, parts = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, "rb").read()
size = len(data) // parts
start, n = 0, 0
while start < len(data):
    cut = len(data) if n == parts - 1 else data.find(b"\n# ", start + size)
    cut = len(data) if cut < 0 else cut + 1
    with open(os.path.join(out, f"part_{n:02}.txt"), "wb") as f:
        f.write(data[start:cut])
    start, n = cut, n + 1
PY
  touch "$SPLIT/.done"
fi
row huashu-20-files "$SPLIT" "$HUASHU" check --isolated --format json "$SPLIT"
row startup-huashu tiny.txt "$HUASHU" check --isolated --format json tiny.txt
row startup-jieba-load tiny.txt "$JIEBA_LOAD"
# tiny.txt is one agent turn, which no intent condition of the built-in packs reads; a customer
# turn makes the response rules ask the model, so this row includes decoding it.
printf '客户:你们这服务也太差劲了,等了半天都没人管\n客服:您好,很抱歉让您久等了,我马上帮您处理。\n' > "$DATA/dialogue.txt"
row startup-huashu-dialogue dialogue.txt "$HUASHU" check --isolated --format json dialogue.txt
if [[ -n ${HUASHU_WORDLIST:-} ]]; then
  say "building the word-list pack from $HUASHU_WORDLIST"
  python3 "$ROOT/benches/wordlist_pack.py" --quiet "$HUASHU_WORDLIST" "$C/wordlist.toml" >&2
  "$HUASHU" rules test --isolated --no-default-packs "$C/wordlist.toml" >&2 \
    || die "the word-list pack fails its own examples"
  row huashu-wordlist-1t corpus_as_calls.txt "$HUASHU" check --isolated --format json --threads 1 --no-default-packs --pack "$C/wordlist.toml" corpus_as_calls.txt
  row huashu-wordlist corpus_as_calls.txt "$HUASHU" check --isolated --format json --no-default-packs --pack "$C/wordlist.toml" corpus_as_calls.txt
  row startup-huashu-wordlist tiny.txt "$HUASHU" check --isolated --format json --no-default-packs --pack "$C/wordlist.toml" tiny.txt
fi

if [[ -n ${HUASHU_BEFORE:-} ]]; then
  [[ -x $HUASHU_BEFORE ]] || die "HUASHU_BEFORE=$HUASHU_BEFORE is not an executable"
  row before-huashu-1t corpus_as_calls.txt "$HUASHU_BEFORE" check --isolated --format json --threads 1 corpus_as_calls.txt
  row before-huashu corpus_as_calls.txt "$HUASHU_BEFORE" check --isolated --format json corpus_as_calls.txt
  row startup-before-huashu-dialogue dialogue.txt "$HUASHU_BEFORE" check --isolated --format json dialogue.txt
fi

# Streaming: HUASHU_STREAM_BYTES (default 1 GB) of JSON Lines through `-` (the corpus's calls
# over and over, written by benches/stream_jsonl.py as they are read). The target is peak
# memory, so one run; its time includes the generator's.
rm -f "$C/stream.time" "$C/stream.bytes"
STREAM_BYTES=${HUASHU_STREAM_BYTES:-1000000000}
if [[ $STREAM_BYTES != 0 ]]; then
  say "stream: $STREAM_BYTES bytes of JSON Lines through -"
  python3 "$ROOT/benches/stream_jsonl.py" corpus_as_calls.txt "$STREAM_BYTES" \
    | /usr/bin/time -f "%e %M %x" -o "$C/stream.time" \
      "$HUASHU" check --isolated --format jsonl - >/dev/null 2>"$C/stream.err" || true
  # /usr/bin/time writes "Command exited with non-zero status N" first when it is not 0.
  read -r _ _ status < <(tail -n 1 "$C/stream.time") \
    || die "the streaming run left no timing: see $C/stream.err"
  ((status <= 1)) || die "the streaming run exited with status $status: see $C/stream.err"
  echo "$STREAM_BYTES" >"$C/stream.bytes"
fi

# ---------------------------------------------------------------- report
python3 - "$R" "$C" "$COMMIT" "${HUASHU_WORDLIST:-}" <<'PY' | tee "$C/summary.md"
import json, os, statistics, sys

R, C, commit, wordlist = sys.argv[1:5]

def load(directory):
    rows = {}
    tsv = os.path.join(directory, "rows.tsv")
    for line in open(tsv, encoding="utf-8"):
        if not line.strip():
            continue
        name, inp, rc, cmd = line.rstrip("\n").split("\t")
        times = json.load(open(os.path.join(directory, name + ".json")))["results"][0]["times"]
        med = statistics.median(times)
        if os.path.isdir(inp):
            nbytes = sum(os.path.getsize(os.path.join(inp, f)) for f in os.listdir(inp) if f.endswith(".txt"))
            inp = os.path.basename(inp) + "/"
        else:
            nbytes = os.path.getsize(inp)
        rss = open(os.path.join(directory, name + ".rss")).read().split()
        rows[name] = dict(inp=inp, rc=rc, cmd=cmd.strip(), med=med, lo=min(times), hi=max(times),
                          bytes=nbytes, mbs=nbytes / 1e6 / med,
                          rss=int(rss[-1]) / 1024 if rss and rss[-1].isdigit() else float("nan"))
    return rows

peers = load(R)
ours = load(C)
rows = {**peers, **ours}
rg = peers.get("rg", {}).get("mbs")
jieba = peers.get("py-jieba", {}).get("mbs")
textlint = peers.get("textlint-5m", {}).get("mbs")

def ratio(r, base):
    return f"{r['mbs'] / base:.3g}×" if base else "—"

versions = open(os.path.join(R, "versions.txt"), encoding="utf-8").read().strip()
print("# huashu next to its peers\n")
print(f"huashu commit measured: `{commit}`.")
print("Reproduce with `bash benches/compare.sh` (add `HUASHU_WORDLIST=...` for the word-list rows).\n")
print("```\n" + versions + "\n```\n")
print("Whole process, median wall time of 5 runs after 1 warm-up (hyperfine -N --output=pipe);")
print("MB/s = input bytes / 1e6 / median s; peak RSS from one more run under /usr/bin/time -f %M.")
print("Ratios divide MB/s by the `rg`, `py-jieba` and `textlint-5m` rows of the same run.\n")
print("| row | input | median s (min–max) | MB/s | vs rg | vs py-jieba | vs textlint+prh | peak RSS MiB |")
print("|---|---|---|---:|---:|---:|---:|---:|")
for name, r in rows.items():
    if name.startswith("startup-"):
        continue
    print(f"| {name} | {r['inp']} | {r['med']:.3f} ({r['lo']:.3f}–{r['hi']:.3f}) | {r['mbs']:.4g} "
          f"| {ratio(r, rg)} | {ratio(r, jieba)} | {ratio(r, textlint)} | {r['rss']:.1f} |")

print("\nOne call (a one-turn file, `tiny.txt`; `startup-huashu-dialogue`: one customer and one agent turn, so the intent model is decoded) against a program that only loads jieba's dictionary:\n")
print("| row | median s (min–max) | vs jieba load | peak RSS MiB |")
print("|---|---|---:|---:|")
load_s = rows.get("startup-jieba-load", {}).get("med")
for name, r in rows.items():
    if name.startswith("startup-"):
        rel = f"{r['med'] / load_s:.2f}×" if load_s else "—"
        print(f"| {name} | {r['med']:.3f} ({r['lo']:.3f}–{r['hi']:.3f}) | {rel} | {r['rss']:.1f} |")

print("\nTargets (issue #7):\n")
def target(label, value, goal, higher=True):
    if value is None:
        print(f"- {label}: not measured")
        return
    ok = value >= goal if higher else value <= goal
    print(f"- {label}: {value:.3g}× (target {'≥' if higher else '≤'} {goal}×) — {'met' if ok else 'not met'}")
h, h1, hs = rows.get("huashu"), rows.get("huashu-1t"), rows.get("huashu-20-files")
target("all packs, one thread, vs rg", h1 and rg and h1["mbs"] / rg, 0.5)
target("all packs, all threads, vs rg", h and rg and h["mbs"] / rg, 1)
target("all packs, all threads, 20 files, vs rg", hs and rg and hs["mbs"] / rg, 1)
target("all packs, all threads, vs the Python jieba script", h and jieba and h["mbs"] / jieba, 100)
target("all packs, all threads, vs textlint + prh (5 MB)", h and textlint and h["mbs"] / textlint, 50)
s, j = rows.get("startup-huashu"), rows.get("startup-jieba-load")
target("one call vs loading jieba's dictionary", s and j and s["med"] / j["med"], 1.3, higher=False)
sd = rows.get("startup-huashu-dialogue")
target("one call with a customer turn (the intent model decoded) vs loading jieba's dictionary",
       sd and j and sd["med"] / j["med"], 1.3, higher=False)
w = rows.get("huashu-wordlist-1t")
if w and h1:
    target(f"word-list pack ({os.path.basename(wordlist)}) vs the built-in packs, one thread",
           w["mbs"] / h1["mbs"], 0.5)
b1, b = rows.get("before-huashu-1t"), rows.get("before-huashu")
if b1 and h1:
    target("this build vs HUASHU_BEFORE, one thread (throughput kept)", h1["mbs"] / b1["mbs"], 0.75)
if b and h:
    target("this build vs HUASHU_BEFORE, all threads (throughput kept)", h["mbs"] / b["mbs"], 0.75)
if os.path.exists(os.path.join(C, "stream.bytes")):
    nbytes = int(open(os.path.join(C, "stream.bytes")).read())
    secs, rss_kb, _ = open(os.path.join(C, "stream.time")).read().splitlines()[-1].split()
    peak = int(rss_kb) * 1024 / 1e6
    print(f"- streaming {nbytes / 1e9:.3g} GB of JSON Lines through `-`: peak {peak:.1f} MB "
          f"(target < 150 MB) — {'met' if peak < 150 else 'not met'}; {float(secs):.0f} s, "
          "the generator's time included")

print("\nCommands (run in the data directory):\n")
for name, r in rows.items():
    print(f"- {name}: `{r['cmd']}`")
if os.path.exists(os.path.join(C, "stream.bytes")):
    print(f"- stream: `python3 benches/stream_jsonl.py corpus_as_calls.txt {nbytes} | huashu check --isolated --format jsonl -`")
PY
say "report also in $C/summary.md"
