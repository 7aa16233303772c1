#!/usr/bin/env bash
# Times two huashu binaries against each other on one input, alternating them round by round, so
# that a noisy shared machine slows both alike; prints each one's user time (median, fastest) and
# the throughput of the second against the first, per round and overall.
#
# usage: bash benches/before_after.sh BEFORE AFTER INPUT [ROUNDS]
#   BEFORE, AFTER  huashu binaries (e.g. a release build of b9f2b82, before the built-in rules
#                  used the intent model, and target/release/huashu)
#   INPUT          a transcript file, e.g. the benchmark kit's corpus_as_calls.txt
#                  (benches/compare.sh generates it in /tmp/huashu-bench)
#   ROUNDS         rounds of one run each (default 9)
#
# Each run is `check --isolated --format json --threads 1 INPUT`, output discarded, timed with
# /usr/bin/time (user seconds: on a shared VM the kernel time of page faults varies by seconds
# from run to run, the user time much less). Exit status 1 (findings) is expected; any other
# stops the script. Issue 15's target: AFTER keeps at least 0.75× of BEFORE's throughput.
set -euo pipefail

die() { echo "before_after.sh: $*" >&2; exit 1; }
(($# >= 3 && $# <= 4)) || die "usage: bash benches/before_after.sh BEFORE AFTER INPUT [ROUNDS]"
BEFORE=$1 AFTER=$2 INPUT=$3 ROUNDS=${4:-9}
for b in "$BEFORE" "$AFTER"; do
  [[ -x $b ]] || die "$b is not an executable"
done
[[ -r $INPUT ]] || die "$INPUT is not a readable file"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number, not $ROUNDS"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is missing (Debian: apt-get install time)"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# run BINARY: prints its user time
run() {
  local rc=0
  /usr/bin/time -f %U -o "$TMP/time" "$1" check --isolated --format json --threads 1 "$INPUT" \
    >/dev/null 2>"$TMP/err" || rc=$?
  ((rc <= 1)) || die "$1 exited with status $rc: $(head -c 500 "$TMP/err")"
  tail -n 1 "$TMP/time"
}

: >"$TMP/rounds"
for ((r = 1; r <= ROUNDS; r++)); do
  b=$(run "$BEFORE")
  a=$(run "$AFTER")
  echo "$b $a" >>"$TMP/rounds"
  echo "round $r: before $b s, after $a s" >&2
done

python3 - "$TMP/rounds" "$BEFORE" "$AFTER" "$INPUT" <<'PY'
import statistics, sys
path, before, after, inp = sys.argv[1:5]
rows = [tuple(map(float, l.split())) for l in open(path) if l.strip()]
b = [x for x, _ in rows]
a = [y for _, y in rows]
per_round = [x / y for x, y in rows if y > 0]
print(f"input: {inp}, {len(rows)} rounds, one thread, user seconds")
print(f"| binary | median s | fastest s |")
print(f"| --- | ---: | ---: |")
print(f"| before: `{before}` | {statistics.median(b):.3f} | {min(b):.3f} |")
print(f"| after: `{after}` | {statistics.median(a):.3f} | {min(a):.3f} |")
print(f"throughput after / before: {statistics.median(b) / statistics.median(a):.3f}× (medians), "
      f"{statistics.median(per_round):.3f}× (median of the rounds' ratios), "
      f"{min(b) / min(a):.3f}× (fastest runs); issue 15 asks for at least 0.75×")
PY
