#!/usr/bin/env python3
"""Write the benchmark corpus's calls as JSON Lines to standard output, over and over, until
a given number of bytes has been written: the input of the streaming-memory target (1 GB of
JSONL through `huashu check -`), without a 1 GB file on disk.

usage: python3 benches/stream_jsonl.py CORPUS_AS_CALLS.txt BYTES

CORPUS_AS_CALLS.txt is the kit's `corpus_as_calls.txt` (calls headed `# 通话 ID 坐席N`, turns
`客服:…` / `客户:…`). Each pass gives the calls new ids (`pass-call`), so no two lines are the
same. Stops after the line that reaches BYTES (so it writes a little more, never less).

Python 3 standard library only.
"""

import json
import sys


def calls(path):
    """Yields (id, agent, turns) for each call of the corpus."""
    call_id, agent, turns = None, None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# "):
                if call_id is not None and turns:
                    yield call_id, agent, turns
                parts = line[2:].split()
                call_id = parts[1] if len(parts) > 1 else str(len(parts))
                agent = parts[2] if len(parts) > 2 else None
                turns = []
            elif line.startswith("客服:"):
                turns.append({"speaker": "agent", "text": line[3:]})
            elif line.startswith("客户:"):
                turns.append({"speaker": "customer", "text": line[3:]})
    if call_id is not None and turns:
        yield call_id, agent, turns


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    path, limit = sys.argv[1], int(float(sys.argv[2]))
    source = list(calls(path))
    if not source:
        sys.exit(f"stream_jsonl.py: no calls in {path}")
    out = sys.stdout.buffer
    written, rounds = 0, 0
    while written < limit:
        for call_id, agent, turns in source:
            record = {"id": f"{rounds}-{call_id}", "turns": turns}
            if agent:
                record["agent"] = agent
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            out.write(line)
            written += len(line)
            if written >= limit:
                break
        rounds += 1
    out.flush()


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.exit(1)
