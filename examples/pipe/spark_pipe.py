"""Check call transcripts at scale with Spark: huashu as a `pipe` stage.

Each partition's records (one JSON call per line) are piped through

    huashu check --format jsonl --fail-on never -

which reads standard input line by line, checks each call as soon as its line is complete and
writes one JSON object per violation (with the call id, agent, rule, position, suggestion),
flushed per call, in constant memory. `--fail-on never` keeps the exit status 0 when calls have
violations; a line that is not a call object comes out as an `{"error": ...}` object and makes
the exit status 2 (PySpark's `pipe` ignores exit codes unless `checkCode=True`).

Runs in local mode, no cluster needed:

    pip install pyspark                       # needs a Java runtime
    cargo build --release
    python3 examples/pipe/spark_pipe.py examples/calls/weibo_helpdesk.jsonl

On a cluster, ship the binary with `--files target/release/huashu` and pipe `./huashu`.
"""

import json
import os
import sys

from pyspark.sql import SparkSession

HERE = os.path.dirname(os.path.abspath(__file__))
HUASHU = os.environ.get(
    "HUASHU", os.path.join(HERE, "..", "..", "target", "release", "huashu")
)


def main(paths):
    spark = SparkSession.builder.master("local[2]").appName("huashu-qa").getOrCreate()
    calls = spark.sparkContext.textFile(",".join(paths)).filter(lambda line: line.strip())
    results = calls.pipe(f"{HUASHU} check --format jsonl --fail-on never -").map(json.loads)
    violations = results.filter(lambda r: "rule" in r).cache()
    errors = results.filter(lambda r: "error" in r).collect()

    per_agent = (
        violations.map(lambda r: ((r.get("agent") or "-", r["rule"]), 1))
        .reduceByKey(lambda a, b: a + b)
        .sortBy(lambda kv: (kv[0][0], -kv[1], kv[0][1]))
        .collect()
    )
    print(f"{violations.count()} violations in {calls.count()} calls")
    for (agent, rule), n in per_agent:
        print(f"agent {agent:>6}  {n:>4}  {rule}")
    for error in errors:
        print(f"unreadable: {error['error']}", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:] or [os.path.join(HERE, "..", "calls", "weibo_helpdesk.jsonl")])
