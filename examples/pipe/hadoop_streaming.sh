#!/usr/bin/env bash
# Check call transcripts at scale with Hadoop streaming: huashu is the mapper.
#
# Input: JSON Lines, one call per line. The mapper reads standard input line by line and writes
# one JSON object per violation (call id, agent, rule, position, suggestion) as each call is
# checked, in constant memory. Output is keyed by nothing: use zero reducers, or a reducer that
# groups by agent or rule.
#
# Exit status, for mappers: `--fail-on never` keeps it 0 when calls have violations, so the task
# does not fail on findings. It is 2 when a line is not a call object (reported as an
# {"error": ...} record); add `-D stream.non.zero.exit.is.failure=false` to tolerate that too.
#
#   examples/pipe/hadoop_streaming.sh --local examples/calls/weibo_helpdesk.jsonl
#       runs the same map stage without Hadoop: cat input | mapper | sort
#   examples/pipe/hadoop_streaming.sh hdfs:///qa/calls/2026-11-20 hdfs:///qa/results/2026-11-20
#       submits the job (needs `hadoop` and HADOOP_STREAMING_JAR).
set -euo pipefail

HUASHU=${HUASHU:-$(cd "$(dirname "$0")/../.." && pwd)/target/release/huashu}
# `-files` ships the binary into each task's working directory.
MAPPER="./huashu check --format jsonl --fail-on never -"

if [[ "${1:-}" == "--local" ]]; then
    shift
    # The exit status is the mapper's (pipefail): 0 unless a line could not be read.
    cat "$@" | "$HUASHU" check --format jsonl --fail-on never - | sort
    exit
fi

input=${1:?usage: $0 INPUT OUTPUT | --local FILE...}
output=${2:?usage: $0 INPUT OUTPUT | --local FILE...}
hadoop jar "${HADOOP_STREAMING_JAR:?set HADOOP_STREAMING_JAR to hadoop-streaming-*.jar}" \
    -D mapreduce.job.name="huashu QA" \
    -D mapreduce.job.reduces=0 \
    -files "$HUASHU" \
    -input "$input" \
    -output "$output" \
    -mapper "$MAPPER"
