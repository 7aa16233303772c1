#!/usr/bin/env python3
"""A deterministic batch of realistic customer-service calls for measuring `huashu report`.

    python3 benches/gen_batch.py N OUT_DIR [--seed S]

writes N calls as JSON Lines into OUT_DIR, one file per day and team
(OUT_DIR/2026-11-16/宽带组.jsonl, …), over two weeks, with 12 teams of 10 agents each. Each call
has 8 to 24 turns of Chinese agent and customer speech, times in seconds, and about one call in
six breaks one to three norms (喂, 不知道, 你 for 您, a brush-off, a missing greeting or closing, a
rhetorical question, a complaint left unanswered) and one such call in seven insults the customer
(a fatal rule: the call fails). The same N and seed always give the
same files, byte for byte. The text is written here from common service phrasing, not taken
from any corpus.
"""

import json
import os
import random
import sys

TEAMS = ["宽带组", "话费组", "信用卡组", "贷款组", "理财组", "物流组",
         "售后组", "投诉组", "会员组", "保险组", "电商组", "外呼组"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
TOPICS = [
    ("宽带", "我家宽带从昨天晚上就断了,一直连不上", "我马上帮您登记报修,师傅会在两小时内联系您"),
    ("话费", "我这个月话费怎么多扣了二十块钱", "我帮您查询一下本月的扣费明细,请您稍等"),
    ("账单", "信用卡账单上有一笔消费我不认识", "我先帮您核实这笔交易,必要时为您办理挂失"),
    ("快递", "我的快递三天了还没有更新物流信息", "我帮您联系网点催件,今天下午给您回电"),
    ("退款", "退货已经寄回去一周了,退款还没到账", "我帮您查一下退款进度,一般一到三个工作日到账"),
    ("套餐", "我想把现在的套餐换成便宜一点的", "我帮您查询一下可以办理的套餐,为您逐一介绍"),
    ("积分", "会员积分怎么突然清零了", "积分有效期是一年,我帮您看看能否申请补回"),
    ("还款", "这个月的贷款能不能晚几天还", "我帮您提交延期还款申请,审核结果会短信通知您"),
]
FILLERS_CUSTOMER = ["嗯,好的", "那大概要多久?", "你们之前也是这么说的", "行,那我等着",
                    "能不能快一点,我在家办公急用", "好吧,那麻烦你了", "还有别的办法吗?"]
FILLERS_AGENT = ["好的,请您稍等,我这边为您查询", "非常理解您的心情,给您添麻烦了",
                 "请问您的手机号码是多少?", "已经为您记录下来了", "这边已经帮您备注加急处理",
                 "请您保持电话畅通,我们会尽快联系您"]
BREACHES = [
    ("agent", "喂,你说什么?我这边听不清"),
    ("agent", "这个我不知道,你去营业厅问一下吧"),
    ("agent", "这不是我的事,你找别的部门"),
    ("agent", "你自己不会看短信吗?"),
    ("agent", "我没办法,系统就是这样的"),
    ("agent", "随便你投诉,投诉也没用"),
    ("agent", "你等一下,你那个单号报一下"),
    ("customer", "你们这服务太差了,我要投诉你们!"),
    ("agent", "神经病,说了多少遍了"),
]


def call(rng, n, day, team, agent):
    topic, ask, answer = rng.choice(TOPICS)
    surname = rng.choice(SURNAMES)
    breach = rng.random() < 1 / 6
    turns = []
    if breach and rng.random() < 0.25:
        turns.append(("agent", "您好,请讲"))
    else:
        turns.append(("agent", f"您好,欢迎致电客户服务热线,工号{agent}很高兴为您服务,请问有什么可以帮您?"))
    turns.append(("customer", f"你好,我姓{surname},{ask}。"))
    turns.append(("agent", f"{surname}先生您好,{answer}。"))
    for _ in range(rng.randint(2, 10)):
        turns.append(("customer", rng.choice(FILLERS_CUSTOMER)))
        turns.append(("agent", rng.choice(FILLERS_AGENT)))
    if breach:
        for _ in range(rng.randint(1, 3)):
            who, text = rng.choice(BREACHES[:-1])
            turns.insert(rng.randint(3, len(turns)), (who, text))
        if rng.random() < 1 / 7:
            turns.insert(rng.randint(3, len(turns)), BREACHES[-1])
    if not (breach and rng.random() < 0.3):
        turns.append(("agent", "请问还有什么可以帮您?感谢您的来电,再见。"))
    t = 0.0
    out = []
    for speaker, text in turns:
        length = round(len(text) / rng.uniform(3.5, 5.5), 1)
        out.append({"speaker": speaker, "text": text, "start": round(t, 1), "end": round(t + length, 1)})
        t += length + rng.uniform(0.3, 2.0)
    return {"id": f"{day.replace('-', '')}-{n:06d}", "agent": agent, "team": team, "date": day, "turns": out}


def main():
    args = sys.argv[1:]
    seed = 20261120
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    count, root = int(args[0]), args[1]
    rng = random.Random(seed)
    days = [f"2026-11-{d:02d}" for d in range(16, 30)]
    files = {}
    for n in range(count):
        day = days[n * len(days) // count]
        t = rng.randrange(len(TEAMS))
        team = TEAMS[t]
        agent = str(1001 + t * 10 + rng.randrange(10))
        files.setdefault((day, team), []).append(call(rng, n, day, team, agent))
    for (day, team), calls in sorted(files.items()):
        os.makedirs(os.path.join(root, day), exist_ok=True)
        with open(os.path.join(root, day, f"{team}.jsonl"), "w", encoding="utf-8") as f:
            for c in calls:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
