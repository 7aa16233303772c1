#!/usr/bin/env python3
"""A development sample of the HTML report page (docs/report-page.md), without the writer.

Assembles a page with the real assets (crates/huashu-cli/src/report/assets/: report.css,
errors.js, page.js) and N synthetic calls following the page-data contract: deterministic (the
same N, seed and options give the same bytes), synthetic Chinese text written here (nothing from
../shared), a hostile call whose text tries to close the script element, whole-turn findings,
missed responses at a customer's trigger, findings in review, dates for the trends, and
optionally a comparison.

    python3 benches/report_page_sample.py 50000 -o /tmp/sample.html [--lang en] [--compare]
        [--calls auto|all|failed|none] [--seed 7]

Then, for instance:

    chromium --headless --no-sandbox --disable-gpu --user-data-dir=$(mktemp -d) \\
        --dump-dom 'file:///tmp/sample.html#calls?result=fail' | grep -o 'data-render-ms="[^"]*"'
"""

import argparse
import base64
import hashlib
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSETS = os.path.join(ROOT, "crates", "huashu-cli", "src", "report", "assets")

# (id, name, category, severity, points, message, phrase, suggestion, kind)
# kind: word (a phrase in an agent turn), whole (the whole agent turn), missed (a customer's
# trigger with no response), review (an intent sentence in the review band).
RULES = [
    ("honorific.ni", "称呼用「您」", "honorific", "warning", 1, "应使用「您」称呼客户", "你", "您", "word"),
    ("banned.dont-know", "禁用语「不知道」", "banned", "warning", 1, "禁用语「不知道」:不得以「不知道」回答客户", "不知道", "需要帮您查询一下", "word"),
    ("banned.wei", "禁用语「喂」", "banned", "warning", 1, "禁用语「喂」:接听和沟通时不得以「喂」称呼客户", "喂", "您好", "word"),
    ("filler.particle", "语气词过多", "filler", "info", 1, "口头语气词过多,显得不够专业", "嗯嗯", None, "word"),
    ("banned.impossible", "禁用语「不可能」", "banned", "warning", 1, "禁用语「不可能」:不得断然否定客户反映的问题", "不可能", "我们核实一下", "word"),
    ("tone.command", "命令口气", "tone", "warning", 1, "不得用命令、不耐烦的口气", "你必须", "麻烦您", "word"),
    ("banned.shirking", "推诿用语", "banned", "error", 2, "推诿用语:不得推卸责任", "这不是我的事", "我来帮您处理", "word"),
    ("greeting.three-part", "三段式开头语", "greeting", "warning", 2, "开头语应包含问候、自报工号和服务用语", None, None, "whole"),
    ("closing.standard", "规范结束语", "closing", "warning", 2, "结束语应感谢来电并道别", None, None, "whole"),
    ("timing.speech-rate", "语速过快", "timing", "warning", 1, "语速过快,客户可能听不清", None, None, "whole"),
    ("response.complaint", "投诉应答", "response", "error", 2, "客户表示要投诉时,应先致歉并记录诉求", None, None, "missed"),
    ("response.apology", "致歉应答", "response", "warning", 1, "客户表达不满时应致歉", None, None, "missed"),
    ("intent.blame", "指责客户(语义)", "intent", "warning", 1, "疑似指责客户,请复核", None, None, "review"),
    ("banned.abuse", "辱骂客户", "banned", "error", 100, "辱骂客户:一票否决", "神经病", None, "word"),
]
CATEGORIES = [
    ("banned", "服务禁用语"), ("tone", "服务禁用语气"), ("honorific", "称呼"), ("filler", "口头语"),
    ("greeting", "开头语"), ("closing", "结束语"), ("timing", "语速与时长"), ("response", "情景应答"),
    ("intent", "语义识别"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = "敏伟芳娜秀英静丽强磊军洋勇艳杰娟涛明超霞平刚桂"
TEAMS = ["信用卡组", "宽带组", "话费组", "理财组", "投诉组", "外呼组"]
AGENT_OPEN = ["您好,欢迎致电客户服务热线,工号{id}很高兴为您服务。", "您好,请问有什么可以帮您?"]
CUSTOMER = [
    "我想查一下这个月的话费为什么多了二十块。", "我家宽带从昨天晚上就断了。", "信用卡账单上有一笔消费我不认识。",
    "我要投诉,上次的问题一直没人处理!", "你们这个服务太差了,等了半个小时。", "能不能帮我把套餐改成便宜一点的?",
    "我上周办的业务到现在还没生效。", "好的,那麻烦你尽快处理。", "没有了,谢谢。",
]
AGENT = [
    "好的,请您稍等,我帮您查一下。", "感谢您的耐心等待,您本月开通了一个二十元的流量包。",
    "我这边已经为您登记了故障,师傅会在二十四小时内联系您。", "这笔消费是在{d}产生的,商户是一家超市。",
    "您的业务已经办理成功,次月一号生效。", "非常抱歉给您带来不便,我马上为您处理。",
    "请问还有什么可以帮您吗?", "感谢您的来电,祝您生活愉快,再见!",
]
HOSTILE = "我的订单号是</script><script>alert(1)</script>&lt;b&gt; \u2028还有<img src=x onerror=alert(2)>"


def js_escape(text):
    """The writer's escaping inside a JSON block (docs/report-page.md)."""
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def dump(value):
    return js_escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def utf16_len(text):
    return len(text.encode("utf-16-le")) // 2


def make_call(rng, n, agent_id, day, hostile):
    """One call: turns and findings [turn, start, end, rule, severity, message, suggestion, points, kind]."""
    turns, findings = [], []
    clock = 0.0

    def turn(speaker, text):
        nonlocal clock
        length = len(text) * 0.25 + 0.5
        turns.append([speaker, round(clock, 1), round(clock + length, 1), text])
        clock += length + rng.uniform(0.3, 1.5)
        return len(turns) - 1

    quality = rng.random()  # lower: a worse agent on this call
    first = turn("agent", rng.choice(AGENT_OPEN).format(id=agent_id))
    if quality < 0.12:
        findings.append([first, 0, utf16_len(turns[first][3]), 7, "warning", RULES[7][5], None, 2, "violation"])
    for k in range(rng.randint(2, 6)):
        said = rng.choice(CUSTOMER)
        if hostile and k == 0:
            said = HOSTILE
        c = turn("customer", said)
        if ("投诉" in said or "太差" in said) and quality < 0.35:
            r = 10 if "投诉" in said else 11
            findings.append([c, 0, utf16_len(said), r, RULES[r][3], RULES[r][5], None, RULES[r][4], "missed-response"])
            continue
        text = rng.choice(AGENT).format(d="11月" + day[-2:] + "日")
        spans = []
        tries = rng.randint(6, 12) if quality < 0.15 else 1
        for _ in range(tries):
            if rng.random() <= quality + 0.35:
                continue
            r = rng.choice([0, 0, 0, 1, 2, 3, 4, 5, 6] + ([13] if quality < 0.003 else []))
            phrase, suggestion = RULES[r][6], RULES[r][7]
            # Insert after every span so far, so that earlier offsets stay right.
            low = max([e for _, e, _, _ in spans] + [0])
            cut = rng.randint(low, len(text) - 1) if low < len(text) else len(text)
            before, after = text[:cut], text[cut:]
            text = before + phrase + after
            start = utf16_len(before)
            spans.append([start, start + utf16_len(phrase), r, suggestion])
            # A nested finding: 你 inside 你必须.
            if r == 5:
                spans.append([start, start + 1, 0, "您"])
        a = turn("agent", text)
        for start, end, r, suggestion in spans:
            findings.append([a, start, end, r, RULES[r][3], RULES[r][5], suggestion, RULES[r][4], "violation"])
        if quality < 0.08 and rng.random() < 0.5:
            findings.append([a, 0, utf16_len(text), 9, "warning", RULES[9][5], None, 1, "violation"])
        if rng.random() < 0.03:
            findings.append([a, 0, min(6, utf16_len(text)), 12, "warning", RULES[12][5], None, 0, "review"])
    last = turn("agent", AGENT[-1] if quality > 0.1 else "好了,就这样吧。")
    if quality <= 0.1:
        findings.append([last, 0, utf16_len(turns[last][3]), 8, "warning", RULES[8][5], None, 2, "violation"])
    return turns, findings


def build(n, seed, lang, calls_included, compare):
    rng = random.Random(seed)
    agent_count = max(3, min(400, n // 120))
    agents = []
    for i in range(agent_count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else "")
        agents.append({"id": str(1001 + i), "name": name if rng.random() < 0.9 else None})
    agents.append({"id": "<img src=x onerror=alert(3)>", "name": "李强 <组长> & \"老李\""})
    agent_team = [rng.randrange(len(TEAMS)) for _ in agents]
    agent_skill = [rng.uniform(-0.25, 0.2) for _ in agents]
    dates = ["2026-11-%02d" % d for d in range(1, 1 + max(1, min(30, n // 1500 or 1)))]
    files = ["day/%s.jsonl" % d for d in dates] + ["day/\"<b>坏</b>\".txt"]
    rule_stats = [[0, 0, 0] for _ in RULES]  # violations, calls, points
    cat_index = {c: i for i, (c, _) in enumerate(CATEGORIES)}
    rows, blocks = [], []
    hist = [0] * 101
    passed = violations = review_total = 0
    by_sev = [0, 0, 0]
    trend = {"calls": [0] * len(dates), "passed": [0] * len(dates), "score_sum": [0] * len(dates),
             "teams": {}, "rules": {}}
    for i in range(n):
        a = rng.randrange(len(agents))
        if i == 3:
            a = len(agents) - 1
        d = rng.randrange(len(dates))
        rng_call = random.Random(seed * 1_000_003 + i)
        turns, findings = make_call(rng_call, i, agents[a]["id"], dates[d], hostile=(i == 3))
        # Each call's quality shifts with its agent's skill: drop some findings for good agents.
        if agent_skill[a] > 0:
            findings = [f for f in findings if rng_call.random() > agent_skill[a] * 3]
        costs = {}
        fatal = False
        for f in findings:
            r = f[3]
            if f[8] == "review":
                continue
            costs.setdefault(r, [0, 0])
            costs[r][0] += 1
            costs[r][1] += f[7]
            if RULES[r][0] == "banned.abuse":
                fatal = True
        points = sum(p for _, p in costs.values())
        score = 0 if fatal else max(0, 100 - points)
        review = sum(1 for f in findings if f[8] == "review")
        ok = 1 if score >= 80 and not fatal else 0
        nviol = sum(c for c, _ in costs.values())
        for r, (c, p) in costs.items():
            rule_stats[r][0] += c
            rule_stats[r][1] += 1
            rule_stats[r][2] += p
            by_sev[["info", "warning", "error"].index(RULES[r][3])] += c
            trend["rules"].setdefault(r, [0] * len(dates))[d] += c
        hist[score] += 1
        passed += ok
        violations += nviol
        review_total += review
        trend["calls"][d] += 1
        trend["passed"][d] += ok
        trend["score_sum"][d] += score
        t = agent_team[a]
        tt = trend["teams"].setdefault(t, {"calls": [0] * len(dates), "passed": [0] * len(dates), "score_sum": [0] * len(dates)})
        tt["calls"][d] += 1
        tt["passed"][d] += ok
        tt["score_sum"][d] += score
        include = {"all": True, "none": False, "failed": not ok,
                   "auto": (not ok) or review > 0 or (i * 2654435761 % 2**32) < 2**32 // 20}[calls_included]
        transcript = None
        if include:
            transcript = len(blocks)
            blocks.append({"call": i, "turns": turns, "findings": findings})
        cost_list = sorted(([r, c, p] for r, (c, p) in costs.items()), key=lambda x: (-x[2], -x[1], x[0]))
        call_id = "2026%s-%05d" % (dates[d][5:].replace("-", ""), i) if i % 97 else None
        if i == 3:
            call_id = "<i>id</i>"
        rows.append([d if i % 53 else len(files) - 1, call_id, a if i % 211 else None, agent_team[a], d if i % 89 else None,
                     score, ok, nviol, review, transcript, cost_list])
    # Trends count only dated calls; keep it simple: the sample's undated calls still count.
    order = sorted(range(len(RULES)), key=lambda r: (-rule_stats[r][0], -rule_stats[r][1], RULES[r][0]))
    order = [r for r in order if rule_stats[r][0] or RULES[r][8] == "review"]
    renumber = {old: new for new, old in enumerate(order)}
    for row in rows:
        row[10] = [[renumber[r], c, p] for r, c, p in row[10]]
    for b in blocks:
        for f in b["findings"]:
            f[3] = renumber[f[3]]
    trend["rules"] = {str(renumber[r]): v for r, v in trend["rules"].items()}
    trend["teams"] = {str(t): v for t, v in sorted(trend["teams"].items())}
    cat_stats = {}
    for r in order:
        c = RULES[r][2]
        s = cat_stats.setdefault(c, [0, 0, 0])
        s[0] += rule_stats[r][0]
        s[2] += rule_stats[r][2]
    for row in rows:
        for c in {RULES[order[r]][2] for r, _, _ in row[10]}:
            cat_stats[c][1] += 1
    cats = [c for c, _ in CATEGORIES if c in cat_stats]
    cats.sort(key=lambda c: (-cat_stats[c][0], c))
    scores = sorted(s for s, k in enumerate(hist) for _ in range(k))
    median = None
    if scores:
        m = len(scores) // 2
        median = scores[m] if len(scores) % 2 else (scores[m - 1] + scores[m]) / 2
    summary = {"files": len(files), "calls": n, "passed": passed, "violations": violations, "review": review_total,
               "by_severity": by_sev, "mean": round(sum(scores) / n, 1) if n else None, "median": median,
               "min": scores[0] if scores else None, "max": scores[-1] if scores else None, "histogram": hist}
    data = {
        "version": 1, "lang": lang, "title": "11月话术质检报告" if lang == "zh" else "November QA report",
        "generator": "huashu sample", "pass_mark": 80, "calls_included": calls_included, "summary": summary,
        "rules": [{"id": RULES[r][0], "name": RULES[r][1], "message": RULES[r][5], "category": cats.index(RULES[r][2]) if RULES[r][2] in cats else 0,
                   "severity": RULES[r][3], "violations": rule_stats[r][0], "calls": rule_stats[r][1], "points": rule_stats[r][2]} for r in order],
        "categories": [{"id": c, "name": dict(CATEGORIES)[c], "violations": cat_stats[c][0], "calls": cat_stats[c][1], "points": cat_stats[c][2]} for c in cats],
        "files": files, "agents": agents, "teams": TEAMS, "dates": dates, "calls": rows, "trend": trend,
        "compare": None,
        "problems": [{"file": "day/gbk_export.txt", "errors": ["line 2, column 4: not valid UTF-8 (byte 42), nor GB18030 text <坏>"], "calls": 1}],
    }
    if compare:
        old = dict(summary, calls=int(n * 0.9), passed=int(passed * 0.85), violations=int(violations * 1.2), mean=(summary["mean"] or 0) - 2.5)
        data["compare"] = {
            "label": "2026-10.json", "summary": old,
            "rules": [{"id": RULES[r][0], "violations": int(rule_stats[r][0] * rng.uniform(0.6, 1.5)), "calls": rule_stats[r][1]} for r in order] +
                     [{"id": "banned.no-way", "violations": 12, "calls": 11}],
            "agents": [{"id": ag["id"], "calls": 20, "passed": rng.randint(10, 20), "mean": round(rng.uniform(75, 95), 1)} for ag in agents[::2]],
            "teams": [{"id": t, "calls": 200, "passed": rng.randint(120, 200), "mean": round(rng.uniform(75, 95), 1)} for t in TEAMS],
        }
    return data, blocks


def page(data, blocks):
    def asset(name):
        with open(os.path.join(ASSETS, name), encoding="utf-8") as f:
            return f.read()
    css, errors_js, page_js = asset("report.css"), asset("errors.js"), asset("page.js")
    hashes = " ".join("'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in (errors_js, page_js))
    policy = ("default-src 'none'; script-src %s; style-src 'unsafe-inline'; img-src data:; "
              "base-uri 'none'; form-action 'none'" % hashes).replace("'", "&#39;")
    out = ['<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
           '<meta http-equiv="Content-Security-Policy" content="%s">\n' % policy,
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
           '<title>%s</title>\n<script>%s</script>\n<style>\n%s</style>\n</head>\n' % (data["title"], errors_js, css),
           '<body data-js-errors="">\n<noscript>本报告需要启用 JavaScript。This report needs JavaScript.</noscript>\n<main id="app"></main>\n']
    for b in blocks:
        out.append('<script type="application/json" class="huashu-call">%s</script>\n' % dump(b))
    out.append('<script type="application/json" id="huashu-data">%s</script>\n' % dump(data))
    out.append('<script>%s</script>\n</body>\n</html>\n' % page_js)
    return "".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("calls", type=int)
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--calls-included", "--calls", dest="calls_included", choices=["auto", "all", "failed", "none"], default="auto")
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    data, blocks = build(args.calls, args.seed, args.lang, args.calls_included, args.compare)
    html = page(data, blocks)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(html)
    print("%s: %d calls, %d transcripts, %.1f MB" % (args.output, args.calls, len(blocks), len(html.encode()) / 1e6), file=sys.stderr)


if __name__ == "__main__":
    main()
