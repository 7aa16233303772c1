#!/usr/bin/env bash
# Checks that two huashu binaries print the same bytes: the guard for refactors that must not
# change behaviour. Both binaries run, from the repository root, over tests/fixtures/, examples/,
# the benchmark kit's 50 MB corpus and the shared dialogue exports, in every output format of
# `check` (and `--statistics`, `--threads 1`, standard input streamed and read whole), `fix --diff`
# (safe and `--unsafe`, and `fix` in place on copies, and `fix -`), `report` (table, every CSV
# section, HTML) and `rules` (list in three formats, explain for every rule, test). Standard
# output, standard error and the exit status of every run are compared.
#
# usage: bash benches/same_output.sh BEFORE AFTER [SHARED_DIR]
#   BEFORE, AFTER  the two `huashu` binaries (build the old one first: `git stash` or a worktree,
#                  `cargo build --release`, copy target/release/huashu somewhere)
#   SHARED_DIR     the shared data: SHARED_DIR/bench/gen_corpus.py makes the 50 MB corpus,
#                  SHARED_DIR/corpus/*.jsonl are real dialogue exports; default ../shared,
#                  relative to the repository root. Either part may be missing (it is skipped,
#                  and said so).
#
# environment:
#   HUASHU_BENCH_DATA  where the corpus is generated when missing (default $TMPDIR/huashu-bench
#                      or /tmp/huashu-bench), as benches/compare.sh does
#   SAME_OUTPUT_DIR    where differing outputs are kept (default: a new temporary directory)
#   QUICK=1            leave out the 50 MB corpus
#
# Each run's output is hashed, not kept; when the two differ both outputs are written to
# SAME_OUTPUT_DIR and the first lines of the diff are printed. Exit status: 0 when every run
# agrees, 1 when some differ (each listed), 2 on a usage error. Cases named in EXPECTED below are
# known, intended differences: they are reported but do not fail the run.
set -uo pipefail

die() { echo "same_output.sh: $*" >&2; exit 2; }
[[ $# -ge 2 ]] || die "usage: bash benches/same_output.sh BEFORE AFTER [SHARED_DIR]"
BEFORE=$(realpath "$1") || die "no binary $1"
AFTER=$(realpath "$2") || die "no binary $2"
[[ -x $BEFORE && -x $AFTER ]] || die "both binaries must be executable"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${3:-$ROOT/../shared}
OUT=${SAME_OUTPUT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/huashu-same-output.XXXXXX")}
mkdir -p "$OUT"
cd "$ROOT" || die "cannot enter $ROOT"

# Intended differences (case names), with why.
declare -A EXPECTED=(
  # Issue 14: a pack name in a selector (`etiquette.*` names every rule of the pack etiquette)
  # now works in --select/--ignore and huashu.toml as it always did in suppression comments.
  [selector-ignore-pack]="a pack name in --ignore (the selector fix)"
  [selector-select-pack]="a pack name in --select (the selector fix)"
  # Issue 16 (CLI): walking a directory finds .vtt and .srt (tests/fixtures/imports has one of
  # each), and JSON output adds calls[].roles and calls[].turns for platform exports. Checked:
  # with -g '!*.vtt' -g '!*.srt' every format is byte for byte as before, JSON once roles and
  # turns are removed.
  [fixtures-check-pretty]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-check-concise]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-check-json]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-check-csv]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-check-sarif]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-check-github]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-check-junit]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-check-statistics]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-check-statistics-json]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-check-json-1t]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-check-no-suppressions]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-table]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-table-summary]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-csv-summary]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-table-scores]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-csv-scores]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-table-rules]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-csv-rules]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-table-categories]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-csv-categories]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-table-agents]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-csv-agents]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-table-teams]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-csv-teams]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-table-errors]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-csv-errors]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-report-html]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-fix-diff-unsafe]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [fixtures-fix-in-place-unsafe]="subtitles found when walking; roles and turns in JSON (issue 16)"
  [labels]="subtitles found when walking; roles and turns in JSON (issue 16)"
  # Issue 16 (CLI): JSON Lines closes every call with a {"type": "call"} record; without
  # those lines the output is as before.
  [fixtures-check-jsonl]="the JSON Lines record closing each call (issue 16)"
  [examples-check-jsonl]="the JSON Lines record closing each call (issue 16)"
  [both-check-jsonl]="the JSON Lines record closing each call (issue 16)"
  [stdin-jsonl-stdin-jsonl]="the JSON Lines record closing each call (issue 16)"
  [stdin-text-stdin-jsonl]="the JSON Lines record closing each call (issue 16)"
  [stdin-json-stdin-jsonl]="the JSON Lines record closing each call (issue 16)"
  [stdin-utf16-stdin-jsonl]="the JSON Lines record closing each call (issue 16)"
  [shared-dialogues_crosswoz_test_wizard_zh-jsonl]="the JSON Lines record closing each call (issue 16)"
  [shared-dialogues_mobilecs_example_calls_zh-jsonl]="the JSON Lines record closing each call (issue 16)"
  [shared-dialogues_stc3_weibo_helpdesk_zh-jsonl]="the JSON Lines record closing each call (issue 16)"
)

SAME=0
DIFFERENT=()
UNEXPECTED=0

# run NAME STDIN_FILE ARGS...: runs both binaries (STDIN_FILE or - for none) and compares.
run() {
  local name=$1 input=$2; shift 2
  local b a
  b=$(one "$BEFORE" "$input" "$@")
  a=$(one "$AFTER" "$input" "$@")
  if [[ $b == "$a" ]]; then
    SAME=$((SAME + 1))
    return
  fi
  DIFFERENT+=("$name")
  local why=${EXPECTED[$name]:-}
  if [[ -n $why ]]; then
    echo "DIFFERENT (expected: $why): $name: huashu $*"
  else
    UNEXPECTED=$((UNEXPECTED + 1))
    echo "DIFFERENT: $name: huashu $*"
  fi
  keep "$BEFORE" "$input" "$OUT/$name.before" "$@"
  keep "$AFTER" "$input" "$OUT/$name.after" "$@"
  diff "$OUT/$name.before.out" "$OUT/$name.after.out" | head -n 8 | sed 's/^/    /'
  diff "$OUT/$name.before.err" "$OUT/$name.after.err" | head -n 8 | sed 's/^/    /'
  diff "$OUT/$name.before.status" "$OUT/$name.after.status" | sed 's/^/    /'
}

# one BINARY STDIN ARGS...: the hashes of standard output and error, and the exit status.
one() {
  local bin=$1 input=$2; shift 2
  local out err
  if [[ $input == - ]]; then input=/dev/null; fi
  out=$({ "$bin" "$@" <"$input" 2>"$OUT/.err"; echo $? >"$OUT/.status"; } | sha256sum)
  err=$(sha256sum <"$OUT/.err")
  echo "${out%% *} ${err%% *} $(cat "$OUT/.status")"
}

# keep BINARY STDIN PREFIX ARGS...: the outputs themselves, for a difference.
keep() {
  local bin=$1 input=$2 prefix=$3; shift 3
  if [[ $input == - ]]; then input=/dev/null; fi
  "$bin" "$@" <"$input" >"$prefix.out" 2>"$prefix.err"
  echo $? >"$prefix.status"
}

FORMATS=(pretty concise json jsonl csv sarif github junit)

# check_all NAME PATH...: every format of `check`, statistics, one thread.
check_all() {
  local name=$1; shift
  for f in "${FORMATS[@]}"; do
    run "$name-check-$f" - check --isolated --color never --no-progress --format "$f" "$@"
  done
  run "$name-check-statistics" - check --isolated --no-progress --statistics "$@"
  run "$name-check-statistics-json" - check --isolated --no-progress --statistics --format json "$@"
  run "$name-check-json-1t" - check --isolated --no-progress --threads 1 --format json "$@"
  run "$name-check-no-suppressions" - check --isolated --no-progress --no-suppressions --format json "$@"
}

# report_all NAME PATH...: every format and section of `report`.
report_all() {
  local name=$1; shift
  run "$name-report-table" - report --isolated --no-progress "$@"
  for s in summary scores rules categories agents teams errors; do
    run "$name-report-table-$s" - report --isolated --no-progress --section "$s" "$@"
    run "$name-report-csv-$s" - report --isolated --no-progress --format csv --section "$s" "$@"
  done
  run "$name-report-html" - report --isolated --no-progress --format html "$@"
}

# fix_all NAME PATH...: `fix --diff`, safe and unsafe.
fix_all() {
  local name=$1; shift
  run "$name-fix-diff" - fix --isolated --diff "$@"
  run "$name-fix-diff-unsafe" - fix --isolated --diff --unsafe "$@"
}

# stdin_all NAME FILE: a file through standard input, in every format, and `fix -`.
stdin_all() {
  local name=$1 file=$2
  for f in "${FORMATS[@]}"; do
    run "$name-stdin-$f" "$file" check --isolated --color never --format "$f" -
  done
  run "$name-stdin-fix" "$file" fix --isolated -
  run "$name-stdin-fix-unsafe" "$file" fix --isolated --unsafe -
}

# fix_in_place NAME DIR: `fix` (and `fix --unsafe`) writing into copies of DIR; the trees must
# match.
fix_in_place() {
  local name=$1 dir=$2
  for mode in safe unsafe; do
    local flags=()
    [[ $mode == unsafe ]] && flags=(--unsafe)
    rm -rf "$OUT/tree.before" "$OUT/tree.after"
    cp -r "$dir" "$OUT/tree.before" && cp -r "$dir" "$OUT/tree.after"
    (cd "$OUT/tree.before" && "$BEFORE" fix --isolated "${flags[@]}" . >"../tree.before.out" 2>"../tree.before.err"; echo $? >>"../tree.before.err")
    (cd "$OUT/tree.after" && "$AFTER" fix --isolated "${flags[@]}" . >"../tree.after.out" 2>"../tree.after.err"; echo $? >>"../tree.after.err")
    if diff -r "$OUT/tree.before" "$OUT/tree.after" >/dev/null \
      && cmp -s "$OUT/tree.before.out" "$OUT/tree.after.out" \
      && cmp -s "$OUT/tree.before.err" "$OUT/tree.after.err"; then
      SAME=$((SAME + 1))
    else
      DIFFERENT+=("$name-fix-in-place-$mode")
      local why=${EXPECTED[$name-fix-in-place-$mode]:-}
      if [[ -n $why ]]; then
        echo "DIFFERENT (expected: $why): $name-fix-in-place-$mode: huashu fix ${flags[*]} (on a copy of $dir)"
      else
        UNEXPECTED=$((UNEXPECTED + 1))
        echo "DIFFERENT: $name-fix-in-place-$mode: huashu fix ${flags[*]} (on a copy of $dir)"
      fi
      diff -r "$OUT/tree.before" "$OUT/tree.after" | head -n 8 | sed 's/^/    /'
    fi
  done
}

echo "== tests/fixtures/ and examples/" >&2
check_all fixtures tests/fixtures/
check_all examples examples/
check_all both examples/ tests/fixtures/report/
report_all fixtures tests/fixtures/
report_all examples examples/
fix_all fixtures tests/fixtures/
fix_all examples examples/
fix_in_place fixtures tests/fixtures
fix_in_place examples examples
stdin_all stdin-jsonl tests/fixtures/calls.jsonl
stdin_all stdin-text examples/calls/broadband_outage.txt
stdin_all stdin-json tests/fixtures/call_array.json
stdin_all stdin-utf16 tests/fixtures/encodings/call_utf16le.txt
stdin_all stdin-gbk tests/fixtures/report/gbk_export.txt
run stdin-between-files tests/fixtures/calls.jsonl check --isolated --format json examples/calls - tests/fixtures/batch
for f in tests/fixtures/packs/*.toml tests/fixtures/ci/hostile_pack.toml; do
  n=$(basename "$f" .toml)
  run "pack-$n-check" - check --isolated --format json --pack "$f" examples/ tests/fixtures/call_level/
  run "pack-$n-rules-test" - rules --isolated test --no-default-packs "$f"
done
run config-select - check --isolated --format concise --select 'tone.*,banned.wei' examples/
run config-ignore - check --isolated --format concise --ignore 'tone.*,huashu.*' examples/
run selector-ignore-pack - check --isolated --format concise --ignore 'etiquette.*' examples/
run selector-select-pack - check --isolated --format concise --select 'etiquette.*' examples/
run labels - check --isolated --format json --label 'B=agent' --label 'A=customer' tests/fixtures/
run name-pattern - report --isolated --format csv --name-pattern '{agent}_{call}' tests/fixtures/report/
run encoding-forced - check --isolated --format json --encoding gb18030 tests/fixtures/encodings/
run fail-on - check --isolated --format concise --fail-on error --pass-mark 95 examples/
run missing - check --isolated --format json examples/ does/not/exist

echo "== rules" >&2
for f in table json markdown; do
  run "rules-list-$f" - rules --isolated list --format "$f"
  run "rules-list-custom-$f" - rules --isolated list --format "$f" --pack tests/fixtures/packs/custom.toml
  run "rules-list-call-level-$f" - rules --isolated list --format "$f" --no-default-packs --pack tests/fixtures/packs/call_level.toml
done
run rules-test - rules --isolated test
ids() { python3 -c 'import json, sys; print("\n".join(r["id"] for r in json.load(sys.stdin)))'; }
while read -r id; do
  run "rules-explain-$id" - rules --isolated explain "$id" --pack tests/fixtures/packs/custom.toml
done < <("$BEFORE" rules --isolated list --format json --pack tests/fixtures/packs/custom.toml | ids)
while read -r id; do
  run "rules-explain-call-level-$id" - rules --isolated explain "$id" --no-default-packs --pack tests/fixtures/packs/call_level.toml
done < <("$BEFORE" rules --isolated list --format json --no-default-packs --pack tests/fixtures/packs/call_level.toml | ids)
run rules-explain-unknown - rules --isolated explain banned.wie

if [[ -d $SHARED/corpus ]]; then
  echo "== $SHARED/corpus (dialogue exports)" >&2
  for f in "$SHARED"/corpus/*.jsonl; do
    n=$(basename "$f" .jsonl)
    for fmt in json jsonl sarif concise; do
      run "shared-$n-$fmt" - check --isolated --format "$fmt" "$f"
    done
    run "shared-$n-stdin" "$f" check --isolated --format json -
    run "shared-$n-report" - report --isolated --format csv --section rules "$f"
    run "shared-$n-fix-diff" - fix --isolated --diff --unsafe "$f"
  done
else
  echo "(no $SHARED/corpus: the dialogue exports are left out)" >&2
fi

if [[ ${QUICK:-} != 1 && -f $SHARED/bench/gen_corpus.py ]]; then
  DATA=${HUASHU_BENCH_DATA:-${TMPDIR:-/tmp}/huashu-bench}
  if [[ ! -f $DATA/corpus_as_calls.txt ]]; then
    echo "== generating the corpus in $DATA" >&2
    python3 "$SHARED/bench/gen_corpus.py" --out "$DATA" >&2 || die "gen_corpus.py failed"
  fi
  C=$DATA/corpus_as_calls.txt
  echo "== the 50 MB corpus ($C)" >&2
  check_all corpus "$C"
  report_all corpus "$C"
  fix_all corpus "$C"
  run corpus-stdin-json "$C" check --isolated --format json -
  run corpus-stdin-sarif "$C" check --isolated --format sarif -
  run corpus-tiny - check --isolated --format json "$DATA/tiny.txt"
  run corpus-empty - check --isolated --format json "$DATA/empty.txt"
  if [[ -f $ROOT/benches/stream_jsonl.py ]]; then
    python3 "$ROOT/benches/stream_jsonl.py" "$C" 60000000 >"$OUT/stream.jsonl"
    run corpus-jsonl-stdin-jsonl "$OUT/stream.jsonl" check --isolated --format jsonl -
    run corpus-jsonl-stdin-json "$OUT/stream.jsonl" check --isolated --format json -
    run corpus-jsonl-file-json - check --isolated --format json "$OUT/stream.jsonl"
    run corpus-jsonl-report - report --isolated "$OUT/stream.jsonl"
    rm -f "$OUT/stream.jsonl"
  fi
elif [[ ${QUICK:-} == 1 ]]; then
  echo "(QUICK=1: the 50 MB corpus is left out)" >&2
else
  echo "(no $SHARED/bench/gen_corpus.py: the 50 MB corpus is left out)" >&2
fi

rm -rf "$OUT/tree.before" "$OUT/tree.after" "$OUT"/tree.*.out "$OUT"/tree.*.err "$OUT/.err" "$OUT/.status"
echo
echo "$SAME runs identical, ${#DIFFERENT[@]} different ($UNEXPECTED unexpected); outputs of differences in $OUT"
[[ $UNEXPECTED -eq 0 ]]
