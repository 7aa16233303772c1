// The HTML report's page script: renders the whole page from the compact page data
// (#huashu-data) and, on demand, each call's transcript block (.huashu-call). The data format is
// docs/report-page.md. Input text only ever reaches the page as text nodes (textContent), never
// as markup; every link is an in-page "#…" address built by the script.
(function () {
  "use strict";
  var started = performance.now();

  // ---- Interface strings: one table, Chinese by default, English with --lang en. ----
  var STRINGS = {
    zh: {
      overview: "概览", calls: "通话", needsScript: "本报告需要启用 JavaScript。",
      summaryLine: "{0} 通通话 · {1} 个文件 · 合格线 {2} 分",
      cardCalls: "通话数", cardCallsNote: "{0} 个文件",
      cardPass: "合格率", cardPassNote: "{0} / {1} 通合格",
      cardMean: "平均分", cardMeanNote: "中位数 {0}",
      cardRange: "最低 – 最高",
      cardPerCall: "每通违规", cardPerCallNote: "共 {0} 条:错误 {1},警告 {2},提示 {3}",
      cardReview: "待复核", cardReviewNote: "{0} 条待复核发现",
      cardProblems: "读取失败", cardProblemsNone: "全部文件已读取", cardProblemsSome: "见下方列表",
      listen: "值得一听的通话", listenNote: "得分最低的通话和有待复核发现的通话优先",
      reasonLow: "低分", reasonReview: "待复核",
      histogram: "得分分布", topRules: "高频违规规则",
      agents: "坐席", teams: "班组", rules: "规则", categories: "类别",
      trends: "每日趋势", compare: "与上期对比", problems: "读取失败的文件",
      agent: "坐席", team: "班组", date: "日期", file: "文件", call: "通话", score: "得分",
      result: "结果", violations: "违规", review: "待复核", topRule: "主要违规",
      transcript: "转写", passRate: "合格率", mean: "平均分", perCall: "每通违规",
      worstRules: "高频违规", rule: "规则", category: "类别", severity: "级别", points: "扣分",
      callsWith: "涉及通话", unknown: "(未知)", noCalls: "没有通话。", noViolations: "没有违规。",
      pass: "合格", fail: "不合格", all: "全部", from: "起始日期", to: "截止日期",
      search: "搜索转写文本", searchPlaceholder: "搜索已收录的转写…", clear: "清除筛选",
      exportCsv: "导出 CSV", shown: "筛选出 {0} 通(共 {1} 通)", page: "第 {0} / {1} 页",
      prev: "上一页", next: "下一页", open: "展开", close: "收起", notIncluded: "未收录",
      notIncludedLong: "本报告未收录这通电话的转写(--calls)。",
      includedNote: "转写已收录 {0} 通(--calls {1});文本搜索只在已收录的转写中进行。",
      leftOut: "另有 {0} 通因页面大小上限未收录转写。",
      back: "返回", allCallsOf: "查看全部 {0} 通 →", agentCalls: "该坐席的通话(得分最低优先)",
      costSentences: "扣分的句子", noSentences: "已收录的转写中没有扣分的句子。",
      severity_error: "错误", severity_warning: "警告", severity_info: "提示",
      speaker_agent: "坐席", speaker_customer: "客户", speaker_other: "其他",
      missed: "坐席未作应答", missedNote: "客户说完这句后,坐席应有的回应没有出现:",
      wholeTurn: "整轮", reviewFinding: "待复核", rewrite: "改为",
      trendOverall: "合格率与平均分", trendTeams: "各班组合格率", trendRules: "各规则每日违规",
      trendDay: "日期", perDay: "每日", before: "上期", now: "本期", change: "变化",
      footer: "由 {0} 生成。得分:100 减去每条违规的扣分(每条规则每通电话最多扣 max_points);一票否决规则使整通电话得 0 分。",
      problemCalls: "已读取 {0} 通",
      showAll: "显示全部 {0} 行", sortBy: "点击表头排序"
    },
    en: {
      overview: "Overview", calls: "Calls", needsScript: "This report needs JavaScript.",
      summaryLine: "{0} calls · {1} files · pass mark {2}",
      cardCalls: "Calls checked", cardCallsNote: "in {0} files",
      cardPass: "Pass rate", cardPassNote: "{0} of {1} passed",
      cardMean: "Mean score", cardMeanNote: "median {0}",
      cardRange: "Lowest – highest",
      cardPerCall: "Violations per call", cardPerCallNote: "{0}: {1} errors, {2} warnings, {3} info",
      cardReview: "In review", cardReviewNote: "{0} findings in review",
      cardProblems: "Files with errors", cardProblemsNone: "every input was read", cardProblemsSome: "listed below",
      listen: "Calls to listen to", listenNote: "the lowest scores and calls with findings in review first",
      reasonLow: "low score", reasonReview: "in review",
      histogram: "Score distribution", topRules: "Top rules",
      agents: "Agents", teams: "Teams", rules: "Rules", categories: "Categories",
      trends: "Trends per day", compare: "Compared with the last period", problems: "Inputs with errors",
      agent: "Agent", team: "Team", date: "Date", file: "File", call: "Call", score: "Score",
      result: "Result", violations: "Violations", review: "Review", topRule: "Top rule",
      transcript: "Transcript", passRate: "Pass rate", mean: "Mean", perCall: "Per call",
      worstRules: "Worst rules", rule: "Rule", category: "Category", severity: "Severity", points: "Points",
      callsWith: "Calls", unknown: "(unknown)", noCalls: "No calls.", noViolations: "No violations.",
      pass: "passed", fail: "failed", all: "all", from: "From", to: "To",
      search: "Search transcripts", searchPlaceholder: "Search the included transcripts…", clear: "Clear filters",
      exportCsv: "Export CSV", shown: "{0} of {1} calls", page: "page {0} of {1}",
      prev: "Previous", next: "Next", open: "Open", close: "Close", notIncluded: "not included",
      notIncludedLong: "This call's transcript is not included in the report (--calls).",
      includedNote: "{0} transcripts included (--calls {1}); the text search looks in those only.",
      leftOut: "{0} more were left out to keep the page small.",
      back: "Back", allCallsOf: "all {0} calls →", agentCalls: "The agent's calls, lowest scores first",
      costSentences: "Sentences that cost points", noSentences: "No sentence in the included transcripts cost points.",
      severity_error: "error", severity_warning: "warning", severity_info: "info",
      speaker_agent: "Agent", speaker_customer: "Customer", speaker_other: "Other",
      missed: "Missed response", missedNote: "After this, the agent's response did not come:",
      wholeTurn: "whole turn", reviewFinding: "in review", rewrite: "rewrite",
      trendOverall: "Pass rate and mean score", trendTeams: "Pass rate per team", trendRules: "Violations per rule per day",
      trendDay: "Date", perDay: "Per day", before: "Before", now: "Now", change: "Change",
      footer: "Generated by {0}. Scores: 100 minus each violation's points (a rule's points capped per call by its max_points); a fatal rule scores the call 0.",
      problemCalls: "{0} calls read",
      showAll: "show all {0} rows", sortBy: "click a header to sort"
    }
  };

  var dataElement = document.getElementById("huashu-data");
  var app = document.getElementById("app");
  if (!dataElement || !app) return;
  var D = JSON.parse(dataElement.textContent);
  var LANG = D.lang === "en" ? "en" : "zh";
  var T = STRINGS[LANG];
  document.documentElement.lang = LANG === "en" ? "en" : "zh-CN";
  if (D.title) document.title = D.title;

  // A call row's columns (docs/report-page.md).
  var FILE = 0, ID = 1, AGENT = 2, TEAM = 3, DATE = 4, SCORE = 5, PASSED = 6, VIOLATIONS = 7,
    REVIEW = 8, TRANSCRIPT = 9, COSTS = 10;
  var PAGE_SIZE = 100;
  var calls = D.calls || [];
  var rules = D.rules || [];
  var categories = D.categories || [];
  var agents = D.agents || [];
  var teams = D.teams || [];
  var dates = D.dates || [];
  var files = D.files || [];
  var summary = D.summary || {};
  var passMark = typeof D.pass_mark === "number" ? D.pass_mark : 80;
  var blocks = document.getElementsByClassName("huashu-call");
  var collator = new Intl.Collator(LANG === "en" ? "en" : "zh-CN", { numeric: true });

  function indexBy(list, key) {
    var map = Object.create(null);
    list.forEach(function (item, i) { map[key ? item[key] : item] = i; });
    return map;
  }
  var ruleIndex = indexBy(rules, "id");
  var categoryIndex = indexBy(categories, "id");
  var agentIndex = indexBy(agents, "id");
  var teamIndex = indexBy(teams);
  var dateIndex = indexBy(dates);
  var included = 0;
  for (var c = 0; c < calls.length; c++) if (calls[c][TRANSCRIPT] != null) included++;

  // ---- Small helpers ----
  function fmt(template) {
    var args = arguments;
    return template.replace(/\{(\d)\}/g, function (_, n) { return String(args[+n + 1]); });
  }
  function round1(x) { return (Math.sign(x) * Math.round(Math.abs(x) * 10) / 10).toFixed(1); }
  function pct(part, whole) { return whole ? round1(100 * part / whole) + "%" : "–"; }
  function dec(x) { return x == null || isNaN(x) ? "–" : round1(x); }
  function num(n) { return n == null ? "–" : Number(n).toLocaleString(LANG === "en" ? "en" : "zh-CN"); }
  function append(parent, child) {
    if (child == null || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (x) { append(parent, x); }); return; }
    if (typeof child === "object") { parent.appendChild(child); return; }
    parent.appendChild(document.createTextNode(String(child)));
  }
  // An element: attributes (class, text, on… handlers, the rest as attributes) and children.
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }
  function setAttrs(el, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (key) {
      var value = attrs[key];
      if (value == null || value === false) return;
      if (key === "class") el.setAttribute("class", value);
      else if (key === "text") el.textContent = String(value);
      else if (key.slice(0, 2) === "on") el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    });
  }
  // The SVG namespace is a name, never fetched; it is written in two pieces so that the page
  // holds no URL text at all (a test checks that).
  var SVG = "http:" + "//www.w3.org/2000/svg";
  function s(tag, attrs, children) {
    var el = document.createElementNS(SVG, tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }
  function link(hash, children, attrs) {
    var a = h("a", attrs, children);
    a.setAttribute("href", hash);
    return a;
  }
  function section(id, title, children) {
    return h("section", { id: id, class: "block" }, [h("h2", { text: title }), children]);
  }
  function muted(text) { return h("p", { class: "muted", text: text }); }
  function severityName(sev) {
    if (typeof sev === "number") sev = ["info", "warning", "error"][sev] || "info";
    return sev;
  }

  // ---- Names of things ----
  function agentLabel(a) {
    if (a == null) return T.unknown;
    var agent = agents[a];
    return agent.name ? agent.id + " " + agent.name : agent.id;
  }
  function teamLabel(t) { return t == null ? T.unknown : teams[t]; }
  function dateLabel(d) { return d == null ? "" : dates[d]; }
  function ruleLabel(r) { return rules[r] ? rules[r].name || rules[r].id : String(r); }
  function ruleNumber(r) { return typeof r === "string" ? ruleIndex[r] : r; }
  function categoryLabel(k) { return categories[k] ? categories[k].name || categories[k].id : ""; }
  function callName(i) {
    var row = calls[i];
    return row[ID] != null ? row[ID] : (files[row[FILE]] || "") + " #" + (i + 1);
  }
  function scoreBadge(row) {
    return h("span", { class: "score " + (row[PASSED] ? "passed" : "failed"), text: row[SCORE] });
  }
  function resultLabel(row) {
    return h("span", { class: row[PASSED] ? "passed" : "failed", text: row[PASSED] ? T.pass : T.fail });
  }

  // ---- Aggregates computed from the rows ----
  // Per agent or team: calls, passed, score sum, violations, review, and each rule's
  // [violations, points, calls]. `column` is AGENT or TEAM; calls naming none group under -1.
  var groupCache = {};
  function groups(column) {
    if (groupCache[column]) return groupCache[column];
    var byKey = Object.create(null);
    var list = [];
    for (var i = 0; i < calls.length; i++) {
      var row = calls[i];
      var key = row[column] == null ? -1 : row[column];
      var g = byKey[key];
      if (!g) {
        g = byKey[key] = { key: key, calls: 0, passed: 0, sum: 0, violations: 0, review: 0, rules: Object.create(null) };
        list.push(g);
      }
      g.calls++; g.passed += row[PASSED] ? 1 : 0; g.sum += row[SCORE]; g.violations += row[VIOLATIONS];
      g.review += row[REVIEW];
      addCosts(g.rules, row[COSTS]);
    }
    list.sort(function (a, b) {
      return a.passed / a.calls - b.passed / b.calls || a.sum / a.calls - b.sum / b.calls ||
        (a.key === -1) - (b.key === -1) || collator.compare(groupLabel(column, a.key), groupLabel(column, b.key));
    });
    groupCache[column] = list;
    return list;
  }
  function addCosts(into, costs) {
    (costs || []).forEach(function (cost) {
      var r = ruleNumber(cost[0]);
      var entry = into[r] || (into[r] = [0, 0, 0]);
      entry[0] += cost[1]; entry[1] += cost[2]; entry[2] += 1;
    });
  }
  function worst(ruleCosts, n) {
    return Object.keys(ruleCosts).map(Number).sort(function (a, b) {
      return ruleCosts[b][1] - ruleCosts[a][1] || ruleCosts[b][0] - ruleCosts[a][0] || a - b;
    }).slice(0, n);
  }
  function groupLabel(column, key) {
    if (key === -1) return T.unknown;
    return column === AGENT ? agentLabel(key) : teamLabel(key);
  }
  function groupParam(column, key) {
    if (key === -1) return "~";
    return column === AGENT ? agents[key].id : teams[key];
  }

  // ---- Transcripts, parsed on demand ----
  var parsed = Object.create(null);
  function transcript(i) {
    var k = calls[i][TRANSCRIPT];
    if (k == null || !blocks[k]) return null;
    if (!parsed[k]) parsed[k] = JSON.parse(blocks[k].textContent);
    return parsed[k];
  }
  // Search: the raw block is searched first (the query as the writer escapes it in JSON), and
  // only a block that contains it is parsed to look in the turns' text alone.
  var rawText = [];
  var turnText = [];
  function jsonEscaped(q) {
    return JSON.stringify(q).slice(1, -1).replace(/</g, "\\u003c").replace(/>/g, "\\u003e")
      .replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  }
  function transcriptHas(i, q, qRaw) {
    var k = calls[i][TRANSCRIPT];
    if (k == null || !blocks[k]) return false;
    if (rawText[k] == null) rawText[k] = blocks[k].textContent.toLowerCase();
    if (rawText[k].indexOf(qRaw) < 0) return false;
    if (turnText[k] == null) {
      turnText[k] = JSON.parse(blocks[k].textContent).turns.map(function (t) { return t[3]; })
        .join("\n").toLowerCase();
    }
    return turnText[k].indexOf(q) >= 0;
  }

  // ---- Filter state: the URL hash ----
  var KEYS = ["agent", "team", "from", "to", "result", "rule", "category", "min", "max", "q", "sort", "page"];
  function parseHash() {
    var hash = location.hash.replace(/^#/, "");
    var view = "overview", query = "";
    var q = hash.indexOf("?");
    var head = q < 0 ? hash : hash.slice(0, q);
    if (head === "calls") { view = "calls"; query = q < 0 ? "" : hash.slice(q + 1); }
    else if (/^(agent|call|team)=/.test(hash)) { view = head.split("=")[0]; query = hash; }
    var params = new URLSearchParams(query);
    var state = { view: view };
    KEYS.concat(["call"]).forEach(function (k) { if (params.has(k)) state[k] = params.get(k); });
    if (view === "agent" || view === "team") state.param = params.get(view);
    return state;
  }
  function callsHash(filter) {
    var params = new URLSearchParams();
    KEYS.forEach(function (k) {
      var v = filter[k];
      if (v == null || v === "" || (k === "page" && +v <= 1)) return;
      params.set(k, v);
    });
    var query = params.toString();
    return "#calls" + (query ? "?" + query : "");
  }
  function withFilter(filter, changes) {
    var next = {};
    KEYS.forEach(function (k) { if (filter[k] != null) next[k] = filter[k]; });
    Object.keys(changes).forEach(function (k) { next[k] = changes[k]; });
    if (!("page" in changes)) delete next.page;
    return next;
  }

  // The calls that pass `filter`, in its sort order.
  function select(filter) {
    var agent = filter.agent == null ? undefined : filter.agent === "~" ? null : agentIndex[filter.agent];
    var team = filter.team == null ? undefined : filter.team === "~" ? null : teamIndex[filter.team];
    var from = filter.from ? filter.from : null;
    var to = filter.to ? filter.to : null;
    var result = filter.result || null;
    var rule = filter.rule == null ? undefined : ruleIndex[filter.rule];
    var category = filter.category == null ? undefined : categoryIndex[filter.category];
    var min = filter.min != null && filter.min !== "" ? +filter.min : null;
    var max = filter.max != null && filter.max !== "" ? +filter.max : null;
    var q = filter.q ? filter.q.toLowerCase() : "";
    var qRaw = q ? jsonEscaped(q) : "";
    var out = [];
    // An unknown agent, team, rule or category matches nothing (rather than everything).
    if ((filter.agent != null && agent === undefined) || (filter.team != null && team === undefined) ||
      (filter.rule != null && rule === undefined) || (filter.category != null && category === undefined)) {
      return out;
    }
    var ruleInCategory = null;
    if (category !== undefined) {
      ruleInCategory = Object.create(null);
      rules.forEach(function (r, i) { if (r.category === category) ruleInCategory[i] = true; });
    }
    for (var i = 0; i < calls.length; i++) {
      var row = calls[i];
      if (agent !== undefined && row[AGENT] !== agent) continue;
      if (team !== undefined && row[TEAM] !== team) continue;
      if (from && (row[DATE] == null || dates[row[DATE]] < from)) continue;
      if (to && (row[DATE] == null || dates[row[DATE]] > to)) continue;
      if (result === "pass" && !row[PASSED]) continue;
      if (result === "fail" && row[PASSED]) continue;
      if (result === "review" && !row[REVIEW]) continue;
      if (min !== null && row[SCORE] < min) continue;
      if (max !== null && row[SCORE] > max) continue;
      if (rule !== undefined && !hasRule(row[COSTS], function (r) { return r === rule; })) continue;
      if (ruleInCategory && !hasRule(row[COSTS], function (r) { return ruleInCategory[r]; })) continue;
      if (q && !(String(callName(i)).toLowerCase().indexOf(q) >= 0 || transcriptHas(i, q, qRaw))) continue;
      out.push(i);
    }
    sortRows(out, filter.sort);
    return out;
  }
  function hasRule(costs, test) {
    if (!costs) return false;
    for (var j = 0; j < costs.length; j++) if (test(ruleNumber(costs[j][0]))) return true;
    return false;
  }
  var SORTS = {
    score: function (i) { return calls[i][SCORE]; },
    violations: function (i) { return calls[i][VIOLATIONS]; },
    review: function (i) { return calls[i][REVIEW]; },
    date: function (i) { return calls[i][DATE] == null ? Infinity : calls[i][DATE]; },
    agent: function (i) { return calls[i][AGENT] == null ? "\uffff" : agentLabel(calls[i][AGENT]); },
    team: function (i) { return calls[i][TEAM] == null ? "\uffff" : teamLabel(calls[i][TEAM]); },
    call: function (i) { return String(callName(i)); }
  };
  function sortRows(rows, sort) {
    if (!sort) return;
    var descending = sort.charAt(0) === "-";
    var key = SORTS[descending ? sort.slice(1) : sort];
    if (!key) return;
    var keys = new Map();
    rows.forEach(function (i) { keys.set(i, key(i)); });
    rows.sort(function (a, b) {
      var x = keys.get(a), y = keys.get(b);
      var c = typeof x === "string" ? collator.compare(x, y) : x - y;
      return (descending ? -c : c) || a - b;
    });
  }

  // ---- Charts ----
  function bar(share, cls, title) {
    var outer = h("span", { class: "bar " + (cls || ""), title: title });
    var inner = h("span", { class: "fill" });
    inner.style.width = Math.max(0, Math.min(100, share * 100)).toFixed(1) + "%";
    outer.appendChild(inner);
    return outer;
  }
  function histogram(hist, hashFor) {
    // 21 bins: 0–4, 5–9, …, 95–99, and 100.
    var bins = [];
    for (var b = 0; b < 21; b++) bins.push({ lo: b * 5, hi: b === 20 ? 100 : b * 5 + 4, n: 0 });
    (hist || []).forEach(function (n, score) { bins[Math.min(20, Math.floor(score / 5))].n += n; });
    var most = Math.max.apply(null, bins.map(function (x) { return x.n; })) || 1;
    var W = 640, H = 220, left = 36, bottom = 28, top = 16, bw = (W - left - 8) / 21;
    var svg = s("svg", { class: "chart histogram", viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": T.histogram });
    svg.appendChild(s("line", { class: "axis", x1: left, x2: W - 8, y1: H - bottom, y2: H - bottom }));
    bins.forEach(function (bin, i) {
      var height = (H - bottom - top) * bin.n / most;
      var cls = bin.hi < passMark ? "fail" : bin.lo >= passMark ? "pass" : "mixed";
      var x = left + i * bw;
      var g = s("g", { class: "bar " + cls, "data-bin": bin.lo, "data-calls": bin.n });
      g.appendChild(s("title", { text: bin.lo + (bin.hi !== bin.lo ? "–" + bin.hi : "") + ": " + bin.n }));
      g.appendChild(s("rect", { x: (x + 2).toFixed(1), y: (H - bottom - height).toFixed(1), width: (bw - 4).toFixed(1), height: height.toFixed(1) }));
      if (bin.n) g.appendChild(s("text", { class: "value", x: (x + bw / 2).toFixed(1), y: (H - bottom - height - 3).toFixed(1), "text-anchor": "middle", text: bin.n }));
      if (i % 2 === 0 || i === 20) g.appendChild(s("text", { class: "tick", x: (x + bw / 2).toFixed(1), y: H - bottom + 16, "text-anchor": "middle", text: bin.lo }));
      if (hashFor && bin.n) {
        var a = s("a", { href: hashFor(bin.lo, bin.hi) });
        a.appendChild(g);
        svg.appendChild(a);
      } else {
        svg.appendChild(g);
      }
    });
    return svg;
  }
  // A line chart of daily series (values 0–100), one polyline per series.
  function lineChart(series, labels) {
    var W = 640, H = 220, left = 36, right = 12, top = 12, bottom = 30;
    var n = labels.length;
    var svg = s("svg", { class: "chart line", viewBox: "0 0 " + W + " " + H, role: "img" });
    [0, 25, 50, 75, 100].forEach(function (v) {
      var y = top + (H - top - bottom) * (1 - v / 100);
      svg.appendChild(s("line", { class: "grid", x1: left, x2: W - right, y1: y, y2: y }));
      svg.appendChild(s("text", { class: "tick", x: left - 4, y: y + 4, "text-anchor": "end", text: v }));
    });
    var yPass = top + (H - top - bottom) * (1 - passMark / 100);
    svg.appendChild(s("line", { class: "mark", x1: left, x2: W - right, y1: yPass, y2: yPass }));
    function x(i) { return n <= 1 ? (left + W - right) / 2 : left + (W - left - right) * i / (n - 1); }
    var step = Math.max(1, Math.ceil(n / 8));
    labels.forEach(function (label, i) {
      if (i % step === 0 || i === n - 1) svg.appendChild(s("text", { class: "tick", x: x(i), y: H - 10, "text-anchor": "middle", text: label.slice(5) }));
    });
    series.forEach(function (line) {
      var points = [];
      line.values.forEach(function (v, i) { if (v != null) points.push(x(i).toFixed(1) + "," + (top + (H - top - bottom) * (1 - v / 100)).toFixed(1)); });
      svg.appendChild(s("polyline", { class: "series " + line.cls, points: points.join(" ") }));
      line.values.forEach(function (v, i) {
        if (v != null) svg.appendChild(s("circle", { class: "dot " + line.cls, cx: x(i).toFixed(1), cy: (top + (H - top - bottom) * (1 - v / 100)).toFixed(1), r: 2.5 },
          [s("title", { text: labels[i] + " " + line.name + ": " + round1(v) })]));
      });
    });
    return svg;
  }
  // A small bar sparkline of counts.
  function spark(values, cls) {
    var W = Math.max(40, values.length * 6), H = 24;
    var most = cls === "rate" ? 100 : Math.max.apply(null, values.map(function (v) { return v == null ? 0 : v; })) || 1;
    var svg = s("svg", { class: "spark " + (cls || ""), viewBox: "0 0 " + W + " " + H, width: W, height: H });
    var bw = W / values.length;
    values.forEach(function (v, i) {
      if (v == null) return;
      var height = Math.max(v ? 1 : 0, (H - 2) * v / most);
      svg.appendChild(s("rect", { x: (i * bw + 0.5).toFixed(1), y: (H - height).toFixed(1), width: Math.max(1, bw - 1).toFixed(1), height: height.toFixed(1) },
        [s("title", { text: (dates[i] || "") + ": " + (cls === "rate" ? round1(v) + "%" : v) })]));
    });
    return svg;
  }

  // ---- Sortable tables ----
  // columns: [{label, numeric, key(row) for sorting, cell(row) → node or text, cls}]
  // With `limit`, only the first `limit` rows are shown until the reader asks for all of them.
  function table(id, columns, rows, limit) {
    var tbody = h("tbody");
    var head = h("tr");
    var current = { column: -1, ascending: true };
    var showAll = !limit || rows.length <= limit;
    var more = showAll ? null : h("button", { type: "button", class: "button more", onclick: function () {
      showAll = true;
      more.parentNode.removeChild(more);
      fill();
    } }, fmt(T.showAll, num(rows.length)));
    function fill() {
      tbody.textContent = "";
      (showAll ? rows : rows.slice(0, limit)).forEach(function (row) {
        var tr = h("tr");
        columns.forEach(function (col) {
          tr.appendChild(h("td", { class: (col.numeric ? "num " : "") + (col.cls || "") }, col.cell(row)));
        });
        tbody.appendChild(tr);
      });
    }
    columns.forEach(function (col, index) {
      var th = h("th", { class: col.numeric ? "num" : null, tabindex: col.key ? 0 : null, title: col.key ? T.sortBy : null, text: col.label });
      if (col.key) {
        var sort = function () {
          current.ascending = current.column === index ? !current.ascending : !col.numeric;
          current.column = index;
          rows = rows.map(function (row, i) { return { row: row, key: col.key(row), i: i }; }).sort(function (x, y) {
            var c = typeof x.key === "string" ? collator.compare(x.key, y.key) : x.key - y.key;
            return (current.ascending ? c : -c) || x.i - y.i;
          }).map(function (x) { return x.row; });
          Array.prototype.forEach.call(head.children, function (cell) { cell.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", current.ascending ? "ascending" : "descending");
          fill();
        };
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
      }
      head.appendChild(th);
    });
    fill();
    return h("div", { class: "table-wrap" }, [h("table", { id: id, class: "data", "data-rows": rows.length }, [h("thead", null, head), tbody]), more]);
  }

  // ---- The overview ----
  function card(metric, label, value, note, cls) {
    return h("div", { class: cls ? "card " + cls : "card", "data-metric": metric }, [
      h("div", { class: "label", text: label }),
      h("div", { class: "value", text: value }),
      h("div", { class: "note", text: note || "" })
    ]);
  }
  function cards(sum, problems) {
    var n = sum.calls || 0;
    var sev = sum.by_severity || [0, 0, 0];
    var problemCount = (problems || []).length;
    return h("section", { class: "cards", id: "summary" }, [
      card("calls", T.cardCalls, num(n), fmt(T.cardCallsNote, num(sum.files || 0))),
      card("pass-rate", T.cardPass, pct(sum.passed || 0, n), fmt(T.cardPassNote, num(sum.passed || 0), num(n)),
        n ? (sum.passed < n ? "bad" : "good") : ""),
      card("mean", T.cardMean, dec(sum.mean), fmt(T.cardMeanNote, sum.median == null ? "–" : sum.median)),
      card("range", T.cardRange, sum.min == null ? "–" : sum.min + " – " + sum.max, ""),
      card("violations-per-call", T.cardPerCall, n ? dec((sum.violations || 0) / n) : "–",
        sum.by_severity ? fmt(T.cardPerCallNote, num(sum.violations || 0), num(sev[2]), num(sev[1]), num(sev[0])) : num(sum.violations || 0)),
      card("review", T.cardReview, num(sum.review || 0), ""),
      problems ? card("files-with-errors", T.cardProblems, num(problemCount), problemCount ? T.cardProblemsSome : T.cardProblemsNone, problemCount ? "bad" : "") : null
    ]);
  }
  function header() {
    var nav = h("nav", { class: "tabs" }, [
      link("#", T.overview, { class: "tab", "data-tab": "overview" }),
      link("#calls", T.calls, { class: "tab", "data-tab": "calls" })
    ]);
    return h("header", { class: "top" }, [
      h("h1", { text: D.title || "" }),
      h("p", { class: "subtitle", text: fmt(T.summaryLine, num(summary.calls || 0), num(summary.files || 0), passMark) }),
      nav
    ]);
  }
  function listenRows(limit) {
    var low = calls.map(function (_, i) { return i; }).filter(function (i) { return !calls[i][PASSED]; });
    low.sort(function (a, b) { return calls[a][SCORE] - calls[b][SCORE] || calls[b][VIOLATIONS] - calls[a][VIOLATIONS] || a - b; });
    var review = [];
    for (var i = 0; i < calls.length; i++) if (calls[i][REVIEW]) review.push(i);
    review.sort(function (a, b) { return calls[b][REVIEW] - calls[a][REVIEW] || calls[a][SCORE] - calls[b][SCORE] || a - b; });
    var half = Math.ceil(limit / 2);
    var picked = low.slice(0, review.length ? half : limit).map(function (i) { return [i, T.reasonLow]; });
    var seen = Object.create(null);
    picked.forEach(function (p) { seen[p[0]] = true; });
    for (var j = 0; j < review.length && picked.length < limit; j++) {
      if (!seen[review[j]]) { picked.push([review[j], T.reasonReview]); seen[review[j]] = true; }
    }
    for (var k = half; k < low.length && picked.length < limit; k++) {
      if (!seen[low[k]]) { picked.push([low[k], T.reasonLow]); seen[low[k]] = true; }
    }
    return picked;
  }
  function listenTable() {
    var rows = listenRows(12);
    if (!rows.length) return muted(T.noCalls);
    return h("div", null, [
      muted(T.listenNote),
      table("listen", [
        { label: T.call, cell: function (r) { return link("#call=" + r[0], callName(r[0]), { class: "call-link" }); } },
        { label: T.agent, cell: function (r) { return agentCell(calls[r[0]][AGENT]); } },
        { label: T.team, cell: function (r) { return teamLabel(calls[r[0]][TEAM]); } },
        { label: T.date, cell: function (r) { return dateLabel(calls[r[0]][DATE]); } },
        { label: T.score, numeric: true, cell: function (r) { return scoreBadge(calls[r[0]]); } },
        { label: T.review, numeric: true, cell: function (r) { return num(calls[r[0]][REVIEW]); } },
        { label: T.topRule, cell: function (r) { return topRule(calls[r[0]]); } },
        { label: "", cell: function (r) { return h("span", { class: "tag " + (r[1] === T.reasonLow ? "low" : "review"), text: r[1] }); } }
      ], rows)
    ]);
  }
  function agentCell(a) {
    if (a == null) return T.unknown;
    return link("#agent=" + encodeURIComponent(agents[a].id), agentLabel(a), { class: "agent-link" });
  }
  function topRule(row) {
    var costs = row[COSTS];
    if (!costs || !costs.length) return "";
    var r = ruleNumber(costs[0][0]);
    return h("span", { class: "rule-name", title: rules[r] ? rules[r].id : "", text: ruleLabel(r) });
  }
  function groupTable(column, id) {
    var list = groups(column);
    var isAgent = column === AGENT;
    return table(id, [
      { label: isAgent ? T.agent : T.team, key: function (g) { return groupLabel(column, g.key); },
        cell: function (g) {
          return isAgent && g.key !== -1 ? agentCell(g.key) : link(callsHash({ team: groupParam(column, g.key) }), groupLabel(column, g.key), { class: "team-link" });
        } },
      { label: T.calls, numeric: true, key: function (g) { return g.calls; },
        cell: function (g) { return link(callsHash(isAgent ? { agent: groupParam(column, g.key) } : { team: groupParam(column, g.key) }), num(g.calls), { class: "calls-link" }); } },
      { label: T.passRate, numeric: true, key: function (g) { return g.passed / g.calls; }, cls: "with-bar",
        cell: function (g) {
          var rate = g.passed / g.calls;
          var filter = isAgent ? { agent: groupParam(column, g.key), result: "fail" } : { team: groupParam(column, g.key), result: "fail" };
          return link(callsHash(filter), [bar(rate, rate >= 0.9 ? "pass" : rate >= 0.7 ? "mixed" : "fail"), h("span", { class: "bar-value", text: pct(g.passed, g.calls) })], { class: "rate-link" });
        } },
      { label: T.mean, numeric: true, key: function (g) { return g.sum / g.calls; }, cell: function (g) { return dec(g.sum / g.calls); } },
      { label: T.violations, numeric: true, key: function (g) { return g.violations; }, cell: function (g) { return num(g.violations); } },
      { label: T.perCall, numeric: true, key: function (g) { return g.violations / g.calls; }, cell: function (g) { return dec(g.violations / g.calls); } },
      { label: T.review, numeric: true, key: function (g) { return g.review; }, cell: function (g) { return num(g.review); } },
      { label: T.worstRules, cell: function (g) {
        return worst(g.rules, 3).map(function (r) {
          var filter = isAgent ? { agent: groupParam(column, g.key), rule: rules[r].id } : { team: groupParam(column, g.key), rule: rules[r].id };
          return link(callsHash(filter), ruleLabel(r) + " ×" + g.rules[r][0], { class: "chip", title: rules[r].id });
        });
      } }
    ], list, 15);
  }
  function ruleBars(limit) {
    if (!rules.length) return muted(T.noViolations);
    var most = rules.reduce(function (m, r) { return Math.max(m, r.violations); }, 0) || 1;
    return h("ol", { class: "rule-bars" }, rules.slice(0, limit).map(function (r, i) {
      return h("li", null, link(callsHash({ rule: r.id }), [
        h("span", { class: "rule-name", text: ruleLabel(i), title: r.id }),
        bar(r.violations / most, "sev-" + severityName(r.severity)),
        h("span", { class: "bar-value", text: num(r.violations) })
      ], { class: "rule-bar", "data-rule": r.id }));
    }));
  }
  function rulesTable() {
    if (!rules.length) return muted(T.noViolations);
    var most = rules.reduce(function (m, r) { return Math.max(m, r.violations); }, 0) || 1;
    return table("rules", [
      { label: T.rule, key: function (r) { return r.name || r.id; }, cell: function (r) {
        return [link(callsHash({ rule: r.id }), r.name || r.id, { class: "rule-name" }), " ", h("code", { text: r.id }),
          ruleMessage(r) ? h("div", { class: "rule-message", text: ruleMessage(r) }) : null];
      } },
      { label: T.category, key: function (r) { return categoryLabel(r.category); }, cell: function (r) {
        return categories[r.category] ? link(callsHash({ category: categories[r.category].id }), categoryLabel(r.category)) : "";
      } },
      { label: T.severity, key: function (r) { return ["info", "warning", "error"].indexOf(severityName(r.severity)); },
        cell: function (r) { var sev = severityName(r.severity); return h("span", { class: "sev sev-" + sev, text: T["severity_" + sev] || sev }); } },
      { label: T.violations, numeric: true, key: function (r) { return r.violations; }, cls: "with-bar",
        cell: function (r) { return link(callsHash({ rule: r.id }), [bar(r.violations / most, "sev-" + severityName(r.severity)), h("span", { class: "bar-value", text: num(r.violations) })], { class: "rule-bar" }); } },
      { label: T.callsWith, numeric: true, key: function (r) { return r.calls; }, cell: function (r) { return num(r.calls); } },
      { label: T.points, numeric: true, key: function (r) { return r.points; }, cell: function (r) { return num(r.points); } }
    ], rules.slice(), 20);
  }
  // A rule's message without the name it starts with (names are often its first clause).
  function ruleMessage(r) {
    var message = r.message || "";
    var name = r.name || "";
    if (!message || message === name) return "";
    if (name && message.indexOf(name) === 0) message = message.slice(name.length).replace(/^[::,,、;;\s]+/, "");
    return message;
  }
  function categoriesTable() {
    if (!categories.length) return muted(T.noViolations);
    return table("categories", [
      { label: T.category, key: function (k) { return k.name || k.id; }, cell: function (k) {
        return [link(callsHash({ category: k.id }), k.name || k.id), " ", h("code", { text: k.id })];
      } },
      { label: T.violations, numeric: true, key: function (k) { return k.violations; }, cell: function (k) { return num(k.violations); } },
      { label: T.callsWith, numeric: true, key: function (k) { return k.calls; }, cell: function (k) { return num(k.calls); } },
      { label: T.points, numeric: true, key: function (k) { return k.points; }, cell: function (k) { return num(k.points); } }
    ], categories.slice());
  }
  function problemsList() {
    var problems = D.problems || [];
    if (!problems.length) return null;
    return section("problems", T.problems, h("ul", { class: "problems" }, problems.map(function (p) {
      return h("li", null, [h("code", { text: p.file }), " ", h("span", { class: "muted", text: fmt(T.problemCalls, num(p.calls || 0)) }),
        h("ul", null, (p.errors || []).map(function (e) { return h("li", { text: e }); }))]);
    })));
  }
  function trends() {
    var tr = D.trend;
    if (!tr || !dates.length) return null;
    var rate = tr.calls.map(function (n, i) { return n ? 100 * tr.passed[i] / n : null; });
    var mean = tr.calls.map(function (n, i) { return n ? tr.score_sum[i] / n : null; });
    var legend = h("p", { class: "legend" }, [h("span", { class: "key rate", text: T.passRate }), h("span", { class: "key mean", text: T.mean })]);
    var overall = h("figure", { id: "trend-overall" }, [h("figcaption", { text: T.trendOverall }), legend,
      lineChart([{ name: T.passRate, cls: "rate", values: rate }, { name: T.mean, cls: "mean", values: mean }], dates)]);
    var dayTable = table("trend-days", [
      { label: T.trendDay, key: function (i) { return dates[i]; }, cell: function (i) { return link(callsHash({ from: dates[i], to: dates[i] }), dates[i]); } },
      { label: T.calls, numeric: true, key: function (i) { return tr.calls[i]; }, cell: function (i) { return num(tr.calls[i]); } },
      { label: T.passRate, numeric: true, key: function (i) { return rate[i] == null ? -1 : rate[i]; }, cell: function (i) { return rate[i] == null ? "–" : round1(rate[i]) + "%"; } },
      { label: T.mean, numeric: true, key: function (i) { return mean[i] == null ? -1 : mean[i]; }, cell: function (i) { return dec(mean[i]); } }
    ], dates.map(function (_, i) { return i; }));
    var teamRows = Object.keys(tr.teams || {}).map(Number);
    var teamTable = teamRows.length ? h("figure", { id: "trend-teams" }, [h("figcaption", { text: T.trendTeams }), table("trend-team-table", [
      { label: T.team, key: function (t) { return teamLabel(t); }, cell: function (t) { return link(callsHash({ team: teams[t] }), teamLabel(t)); } },
      { label: T.perDay, cell: function (t) {
        var x = tr.teams[t];
        return spark(x.calls.map(function (n, i) { return n ? 100 * x.passed[i] / n : null; }), "rate");
      } },
      { label: T.passRate, numeric: true, key: function (t) { var x = tr.teams[t]; return sumOf(x.passed) / (sumOf(x.calls) || 1); },
        cell: function (t) { var x = tr.teams[t]; return pct(sumOf(x.passed), sumOf(x.calls)); } },
      { label: T.mean, numeric: true, key: function (t) { var x = tr.teams[t]; return sumOf(x.score_sum) / (sumOf(x.calls) || 1); },
        cell: function (t) { var x = tr.teams[t]; return dec(sumOf(x.score_sum) / (sumOf(x.calls) || 1)); } }
    ], teamRows)]) : null;
    var ruleRows = Object.keys(tr.rules || {}).map(Number).sort(function (a, b) { return sumOf(tr.rules[b]) - sumOf(tr.rules[a]) || a - b; }).slice(0, 15);
    var ruleTable = ruleRows.length ? h("figure", { id: "trend-rules" }, [h("figcaption", { text: T.trendRules }), table("trend-rule-table", [
      { label: T.rule, key: function (r) { return ruleLabel(r); }, cell: function (r) { return link(callsHash({ rule: rules[r].id }), ruleLabel(r), { title: rules[r].id }); } },
      { label: T.perDay, cell: function (r) { return spark(tr.rules[r], "count"); } },
      { label: T.violations, numeric: true, key: function (r) { return sumOf(tr.rules[r]); }, cell: function (r) { return num(sumOf(tr.rules[r])); } }
    ], ruleRows)]) : null;
    return section("trends", T.trends, [h("div", { class: "charts" }, [overall, h("figure", null, dayTable)]), h("div", { class: "charts" }, [teamTable, ruleTable])]);
  }
  function sumOf(list) { var t = 0; (list || []).forEach(function (v) { t += v || 0; }); return t; }
  function delta(now, before, digits, suffix) {
    if (now == null || before == null) return h("span", { class: "delta", text: "–" });
    var d = now - before;
    var text = (d > 0 ? "+" : d < 0 ? "−" : "±") + (digits ? Math.abs(d).toFixed(digits) : num(Math.abs(d))) + (suffix || "");
    return h("span", { class: "delta " + (d > 0 ? "up" : d < 0 ? "down" : ""), text: text });
  }
  function comparison() {
    var cmp = D.compare;
    if (!cmp) return null;
    var old = cmp.summary || {};
    function rateOf(x) { return x && x.calls ? 100 * x.passed / x.calls : null; }
    function perCall(x) { return x && x.calls ? x.violations / x.calls : null; }
    var summaryRows = [
      [T.cardCalls, num(old.calls), num(summary.calls), delta(summary.calls, old.calls)],
      [T.cardPass, rateOf(old) == null ? "–" : round1(rateOf(old)) + "%", rateOf(summary) == null ? "–" : round1(rateOf(summary)) + "%", delta(rateOf(summary), rateOf(old), 1, " pp")],
      [T.cardMean, dec(old.mean), dec(summary.mean), delta(summary.mean, old.mean, 1)],
      [T.cardPerCall, dec(perCall(old)), dec(perCall(summary)), delta(perCall(summary), perCall(old), 2)]
    ];
    var summaryTable = table("compare-summary", [
      { label: "", cell: function (r) { return r[0]; } },
      { label: T.before, numeric: true, cell: function (r) { return r[1]; } },
      { label: T.now, numeric: true, cell: function (r) { return r[2]; } },
      { label: T.change, numeric: true, cell: function (r) { return r[3]; } }
    ], summaryRows);
    var oldRules = Object.create(null);
    (cmp.rules || []).forEach(function (r) { oldRules[r.id] = r; });
    var ids = rules.map(function (r) { return r.id; });
    (cmp.rules || []).forEach(function (r) { if (!(r.id in ruleIndex)) ids.push(r.id); });
    var ruleTable = table("compare-rules", [
      { label: T.rule, key: function (id) { return id; }, cell: function (id) { return id in ruleIndex ? link(callsHash({ rule: id }), ruleLabel(ruleIndex[id]), { title: id }) : h("code", { text: id }); } },
      { label: T.before, numeric: true, key: function (id) { return oldRules[id] ? oldRules[id].violations : 0; }, cell: function (id) { return num(oldRules[id] ? oldRules[id].violations : 0); } },
      { label: T.now, numeric: true, key: function (id) { return id in ruleIndex ? rules[ruleIndex[id]].violations : 0; }, cell: function (id) { return num(id in ruleIndex ? rules[ruleIndex[id]].violations : 0); } },
      { label: T.change, numeric: true, key: function (id) { return (id in ruleIndex ? rules[ruleIndex[id]].violations : 0) - (oldRules[id] ? oldRules[id].violations : 0); },
        cell: function (id) { return delta(id in ruleIndex ? rules[ruleIndex[id]].violations : 0, oldRules[id] ? oldRules[id].violations : 0); } }
    ], ids);
    function groupCompare(id, column, oldList) {
      var old = Object.create(null);
      (oldList || []).forEach(function (g) { old[g.id] = g; });
      var list = groups(column).filter(function (g) { return g.key !== -1; });
      return table(id, [
        { label: column === AGENT ? T.agent : T.team, key: function (g) { return groupLabel(column, g.key); }, cell: function (g) { return groupLabel(column, g.key); } },
        { label: T.before + " " + T.passRate, numeric: true, cell: function (g) { var o = old[groupParam(column, g.key)]; return o ? pct(o.passed, o.calls) : "–"; } },
        { label: T.now + " " + T.passRate, numeric: true, cell: function (g) { return pct(g.passed, g.calls); } },
        { label: T.change, numeric: true, key: function (g) { var o = old[groupParam(column, g.key)]; return o && o.calls ? g.passed / g.calls - o.passed / o.calls : 0; },
          cell: function (g) { var o = old[groupParam(column, g.key)]; return o && o.calls ? delta(100 * g.passed / g.calls, 100 * o.passed / o.calls, 1, " pp") : "–"; } },
        { label: T.before + " " + T.mean, numeric: true, cell: function (g) { var o = old[groupParam(column, g.key)]; return o ? dec(o.mean) : "–"; } },
        { label: T.now + " " + T.mean, numeric: true, cell: function (g) { return dec(g.sum / g.calls); } }
      ], list);
    }
    return section("compare", T.compare + (cmp.label ? " · " + cmp.label : ""), [
      h("div", { class: "charts" }, [h("figure", null, summaryTable), h("figure", null, ruleTable)]),
      h("h3", { text: T.agents }), groupCompare("compare-agents", AGENT, cmp.agents),
      teams.length ? [h("h3", { text: T.teams }), groupCompare("compare-teams", TEAM, cmp.teams)] : null
    ]);
  }
  function overview() {
    var charts = h("div", { class: "charts" }, [
      h("figure", { id: "chart-scores" }, [h("figcaption", { text: T.histogram }),
        histogram(summary.histogram, function (lo, hi) { return callsHash({ min: lo, max: hi }); })]),
      h("figure", { id: "chart-rules" }, [h("figcaption", { text: T.topRules }), ruleBars(10)])
    ]);
    return [
      cards(summary, D.problems),
      section("listen", T.listen, listenTable()),
      charts,
      section("agents", T.agents, calls.length ? groupTable(AGENT, "agent-table") : muted(T.noCalls)),
      teams.length ? section("teams", T.teams, groupTable(TEAM, "team-table")) : null,
      section("rules", T.rules, rulesTable()),
      section("categories", T.categories, categoriesTable()),
      trends(),
      comparison(),
      problemsList()
    ];
  }

  // ---- The call list ----
  var lastRows = [];
  function option(value, label, selected) {
    var o = h("option", { value: value, text: label });
    if (selected) o.selected = true;
    return o;
  }
  function filterBar(filter) {
    function go(changes) { location.hash = callsHash(withFilter(filter, changes)); }
    function selectBox(name, label, options) {
      var box = h("select", { name: name, "aria-label": label, onchange: function () { var c = {}; c[name] = box.value || null; go(c); } },
        [option("", T.all, !filter[name])].concat(options.map(function (o) { return option(o[0], o[1], filter[name] === o[0]); })));
      return h("label", { class: "field" }, [h("span", { text: label }), box]);
    }
    var agentOptions = agents.map(function (a, i) { return [a.id, agentLabel(i)]; }).sort(function (x, y) { return collator.compare(x[1], y[1]); });
    if (calls.some(function (r) { return r[AGENT] == null; })) agentOptions.push(["~", T.unknown]);
    var teamOptions = teams.map(function (t) { return [t, t]; });
    var search = h("input", { type: "search", name: "q", value: filter.q || "", placeholder: T.searchPlaceholder, "aria-label": T.search });
    var searchForm = h("form", { class: "field search", onsubmit: function (e) { e.preventDefault(); go({ q: search.value || null }); } }, [h("span", { text: T.search }), search]);
    var fields = [
      selectBox("agent", T.agent, agentOptions),
      teams.length ? selectBox("team", T.team, teamOptions) : null,
      selectBox("result", T.result, [["fail", T.fail], ["pass", T.pass], ["review", T.review]]),
      selectBox("rule", T.rule, rules.map(function (r, i) { return [r.id, ruleLabel(i)]; })),
      selectBox("category", T.category, categories.map(function (k, i) { return [k.id, categoryLabel(i)]; })),
      dates.length ? selectBox("from", T.from, dates.map(function (d) { return [d, d]; })) : null,
      dates.length ? selectBox("to", T.to, dates.map(function (d) { return [d, d]; })) : null,
      searchForm
    ];
    // Filters set by links rather than by the fields (a histogram bar's score range).
    var scoreRange = filter.min != null || filter.max != null ? h("span", { class: "field" }, [
      h("span", { text: T.score }),
      h("span", { class: "chip" }, [(filter.min || 0) + "–" + (filter.max != null ? filter.max : 100) + " ",
        link(callsHash(withFilter(filter, { min: null, max: null })), "×", { title: T.clear })])
    ]) : null;
    return h("div", { class: "filters" }, [
      h("div", { class: "fields" }, fields.concat([scoreRange])),
      h("div", { class: "actions" }, [
        link("#calls", T.clear, { class: "button" }),
        h("button", { type: "button", class: "button", id: "export", onclick: function () { download(csv(lastRows)); } }, T.exportCsv)
      ])
    ]);
  }
  function callsTable(rows, filter, pageHash) {
    var pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    var page = Math.min(pages, Math.max(1, parseInt(filter.page, 10) || 1));
    var slice = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    var head = h("tr");
    [["call", T.call], ["agent", T.agent], ["team", T.team], ["date", T.date], ["score", T.score, true],
      [null, T.result], ["violations", T.violations, true], ["review", T.review, true], [null, T.topRule], [null, T.transcript]].forEach(function (col) {
      var th = h("th", { class: col[2] ? "num" : null });
      if (col[0] && pageHash) {
        var current = filter.sort === col[0] ? "ascending" : filter.sort === "-" + col[0] ? "descending" : null;
        var nextSort = filter.sort === col[0] ? "-" + col[0] : col[0];
        th.appendChild(link(pageHash(withFilter(filter, { sort: nextSort })), col[1], { class: "sort" }));
        if (current) th.setAttribute("aria-sort", current);
      } else {
        th.textContent = col[1];
      }
      head.appendChild(th);
    });
    var tbody = h("tbody");
    slice.forEach(function (i) { tbody.appendChild(callRow(i)); });
    var pager = null;
    if (pages > 1 && pageHash) {
      pager = h("nav", { class: "pager" }, [
        page > 1 ? link(pageHash(withFilter(filter, { page: page - 1 })), T.prev, { class: "button", rel: "prev" }) : null,
        h("span", { class: "muted", text: fmt(T.page, page, pages) }),
        page < pages ? link(pageHash(withFilter(filter, { page: page + 1 })), T.next, { class: "button", rel: "next" }) : null
      ]);
    }
    return h("div", { class: "call-list" }, [
      h("div", { class: "table-wrap" }, h("table", { id: "calls", class: "data calls", "data-rows": rows.length, "data-page": page }, [h("thead", null, head), tbody])),
      pager
    ]);
  }
  function callRow(i) {
    var row = calls[i];
    var hasTranscript = row[TRANSCRIPT] != null;
    var tr = h("tr", { "data-call": i, class: row[PASSED] ? "" : "fail" });
    var toggle = hasTranscript ? h("button", { type: "button", class: "open", "aria-expanded": "false", text: T.open }) : h("span", { class: "muted", text: T.notIncluded });
    [
      link("#call=" + i, callName(i), { class: "call-link" }),
      agentCell(row[AGENT]), teamLabel(row[TEAM]), dateLabel(row[DATE]), scoreBadge(row), resultLabel(row),
      num(row[VIOLATIONS]), num(row[REVIEW]), topRule(row), toggle
    ].forEach(function (cell, n) { tr.appendChild(h("td", { class: n === 4 || n === 6 || n === 7 ? "num" : null }, cell)); });
    if (hasTranscript) {
      toggle.addEventListener("click", function () {
        var next = tr.nextSibling;
        if (next && next.classList.contains("detail")) {
          next.parentNode.removeChild(next);
          toggle.textContent = T.open;
          toggle.setAttribute("aria-expanded", "false");
          return;
        }
        var detail = h("tr", { class: "detail" }, h("td", { colspan: 10 }, transcriptView(i)));
        tr.parentNode.insertBefore(detail, tr.nextSibling);
        toggle.textContent = T.close;
        toggle.setAttribute("aria-expanded", "true");
      });
    }
    return tr;
  }
  function callsView(filter) {
    var t0 = performance.now();
    var rows = select(filter);
    lastRows = rows;
    var view = [
      h("h2", { text: T.calls }),
      filterBar(filter),
      h("p", { class: "count", id: "calls-count", text: fmt(T.shown, num(rows.length), num(calls.length)) }),
      included < calls.length ? muted(fmt(T.includedNote, num(included), D.calls_included || "auto") +
        (D.calls_left_out ? " " + fmt(T.leftOut, num(D.calls_left_out)) : "")) : null,
      rows.length ? callsTable(rows, filter, callsHash) : muted(T.noCalls)
    ];
    return { nodes: view, filterStarted: t0 };
  }

  // ---- CSV export ----
  function csvCell(value) {
    var text = value == null ? "" : String(value);
    // A cell a spreadsheet would run as a formula is neutralised with a leading apostrophe.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    if (/[",\r\n]/.test(text)) text = "\"" + text.replace(/"/g, "\"\"") + "\"";
    return text;
  }
  function csv(rows) {
    var lines = [["call", "file", "agent", "agent_name", "team", "date", "score", "passed", "violations", "review", "top_rule"].join(",")];
    rows.forEach(function (i) {
      var row = calls[i];
      var agent = row[AGENT] == null ? null : agents[row[AGENT]];
      var costs = row[COSTS] || [];
      lines.push([
        row[ID] == null ? "" : row[ID], files[row[FILE]], agent ? agent.id : "", agent && agent.name ? agent.name : "",
        row[TEAM] == null ? "" : teams[row[TEAM]], dateLabel(row[DATE]), row[SCORE], row[PASSED] ? "true" : "false",
        row[VIOLATIONS], row[REVIEW], costs.length && rules[ruleNumber(costs[0][0])] ? rules[ruleNumber(costs[0][0])].id : ""
      ].map(csvCell).join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  function download(text) {
    var blob = new Blob([text], { type: "text/csv;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = h("a", { href: url, download: "huashu-calls.csv" });
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // ---- A transcript ----
  function clock(seconds) {
    if (seconds == null) return "";
    var whole = Math.max(0, Math.floor(seconds));
    var hh = Math.floor(whole / 3600), mm = Math.floor(whole / 60) % 60, ss = whole % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return hh ? hh + ":" + two(mm) + ":" + two(ss) : mm + ":" + two(ss);
  }
  function findingObject(f, n) {
    var r = ruleNumber(f[3]);
    return { turn: f[0], start: f[1], end: f[2], rule: r, severity: severityName(f[4]), message: f[5], suggestion: f[6],
      points: f[7], kind: f[8] || "violation", n: n };
  }
  // The turn's text with each word-level finding in a <mark> (cut at every span boundary, so
  // overlapping spans stay well-formed), its number after it and its rewrite as a label.
  function markedText(text, found) {
    var spans = found.filter(function (f) { return f.start < f.end; });
    var cuts = [0, text.length];
    spans.forEach(function (f) { cuts.push(Math.max(0, Math.min(text.length, f.start)), Math.max(0, Math.min(text.length, f.end))); });
    cuts = cuts.sort(function (a, b) { return a - b; }).filter(function (x, i, all) { return i === 0 || x !== all[i - 1]; });
    var out = h("span", { class: "text" });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      var piece = text.slice(a, b);
      var covering = spans.filter(function (f) { return f.start <= a && b <= f.end; });
      if (!covering.length) { out.appendChild(document.createTextNode(piece)); }
      else {
        var sev = covering.some(function (f) { return f.severity === "error"; }) ? "error" : covering.some(function (f) { return f.severity === "warning"; }) ? "warning" : "info";
        var review = covering.every(function (f) { return f.kind === "review"; });
        out.appendChild(h("mark", {
          class: "v sev-" + sev + (covering.length > 1 ? " multi" : "") + (review ? " in-review" : ""),
          "data-v": covering.map(function (f) { return f.n; }).join(" "),
          title: covering.map(function (f) { return ruleLabel(f.rule) + ": " + f.message; }).join("\n"),
          text: piece
        }));
      }
      spans.forEach(function (f) {
        if (Math.min(text.length, f.end) === b) {
          out.appendChild(h("sup", { class: "ref", text: f.n }));
          if (f.suggestion) out.appendChild(h("span", { class: "rewrite-label", title: T.rewrite, text: "→" + f.suggestion }));
        }
      });
    }
    return out;
  }
  function findingItem(f, text) {
    var li = h("li", { class: "sev-" + f.severity + " kind-" + f.kind, "data-rule": rules[f.rule] ? rules[f.rule].id : "" }, [
      h("span", { class: "ref-num", text: f.n }),
      h("span", { class: "rule-name", text: ruleLabel(f.rule) }), " ",
      h("code", { text: rules[f.rule] ? rules[f.rule].id : "" }), " ",
      f.kind === "review" ? h("span", { class: "tag review", text: T.reviewFinding }) : null,
      f.whole ? h("span", { class: "tag whole", text: T.wholeTurn }) : null,
      h("span", { class: "message", text: f.message || "" }), " ",
      f.points ? h("span", { class: "points", text: "−" + f.points }) : null
    ]);
    if (f.suggestion && f.kind !== "missed-response") {
      var matched = text.slice(f.start, f.end);
      var rewrite = h("div", { class: "rewrite" }, ["「", h("del", { text: matched }), "」→「", h("ins", { text: f.suggestion }), "」"]);
      if (!f.whole && (f.start > 0 || f.end < text.length)) {
        append(rewrite, [" " + T.rewrite + ":", text.slice(0, f.start), h("ins", { text: f.suggestion }), text.slice(f.end)]);
      }
      li.appendChild(rewrite);
    }
    return li;
  }
  function transcriptView(i) {
    var data;
    try { data = transcript(i); } catch (e) { data = null; }
    if (!data) return muted(T.notIncludedLong);
    var turns = data.turns || [];
    var found = (data.findings || []).map(findingObject);
    found.forEach(function (f, n) {
      f.n = n + 1;
      var t = turns[f.turn];
      var len = t ? String(t[3]).length : 0;
      // A finding over the whole turn (greeting, speech rate) marks the turn, not its words.
      f.whole = f.kind !== "missed-response" && len > 0 && f.start <= 0 && f.end >= len;
    });
    // Number the findings in the order they are shown: per turn, whole-turn ones first.
    var next = 1;
    turns.forEach(function (turn, t) {
      found.filter(function (f) { return f.turn === t && f.whole; }).forEach(function (f) { f.n = next++; });
      found.filter(function (f) { return f.turn === t && !f.whole; }).forEach(function (f) { f.n = next++; });
    });
    found.filter(function (f) { return !turns[f.turn]; }).forEach(function (f) { f.n = next++; });
    var list = h("ol", { class: "transcript" });
    turns.forEach(function (turn, t) {
      var speaker = turn[0] === "agent" || turn[0] === "customer" ? turn[0] : "other";
      var here = found.filter(function (f) { return f.turn === t; });
      var words = here.filter(function (f) { return !f.whole && f.kind !== "missed-response"; });
      var whole = here.filter(function (f) { return f.whole; });
      var missed = here.filter(function (f) { return f.kind === "missed-response"; });
      var text = String(turn[3]);
      var cls = "turn " + speaker + (whole.length ? " whole sev-" + worstSeverity(whole) : "");
      var time = turn[1] != null ? clock(turn[1]) + (turn[2] != null ? "–" + clock(turn[2]) : "") : "";
      var li = h("li", { class: cls, "data-turn": t }, [
        h("span", { class: "speaker " + speaker, text: T["speaker_" + speaker] || turn[0] }),
        h("span", { class: "time", text: time }),
        markedText(text, words)
      ]);
      if (whole.length || words.length) {
        li.appendChild(h("ul", { class: "findings" }, whole.concat(words).map(function (f) { return findingItem(f, text); })));
      }
      list.appendChild(li);
      if (missed.length) {
        // A response rule reported at the customer's trigger: the agent's missed response.
        list.appendChild(h("li", { class: "turn missed", "data-missed-after": t }, [
          h("span", { class: "speaker agent", text: T.speaker_agent }),
          h("span", { class: "time" }),
          h("span", { class: "text missed-text", text: T.missed }),
          h("ul", { class: "findings" }, [h("li", { class: "note", text: T.missedNote })].concat(missed.map(function (f) { return findingItem(f, text); })))
        ]));
      }
    });
    var stray = found.filter(function (f) { return !turns[f.turn]; });
    return h("div", { class: "transcript-box" }, [list, stray.length ? h("ul", { class: "findings" }, stray.map(function (f) { return findingItem(f, ""); })) : null]);
  }
  function worstSeverity(list) {
    return list.some(function (f) { return f.severity === "error"; }) ? "error" : list.some(function (f) { return f.severity === "warning"; }) ? "warning" : "info";
  }
  function callView(i) {
    var row = calls[i];
    if (!row) return [muted(T.noCalls)];
    var about = [agentCell(row[AGENT]), " · ", teamLabel(row[TEAM]), row[DATE] != null ? " · " + dateLabel(row[DATE]) : "", " · ", h("code", { text: files[row[FILE]] || "" })];
    return [
      h("p", { class: "crumbs" }, link("#calls", "← " + T.calls)),
      h("h2", { class: "call-title" }, [scoreBadge(row), " ", h("span", { text: callName(i) }), " ", resultLabel(row)]),
      h("p", { class: "muted about" }, about),
      h("p", { class: "costs" }, (row[COSTS] || []).map(function (cost) {
        var r = ruleNumber(cost[0]);
        return h("span", { class: "chip", title: rules[r] ? rules[r].id : "", text: ruleLabel(r) + " ×" + cost[1] + (cost[2] ? " −" + cost[2] : "") });
      })),
      h("div", { id: "call-" + i, class: "call" }, transcriptView(i))
    ];
  }

  // ---- An agent's drill-down ----
  function agentView(id) {
    var a = id === "~" ? null : agentIndex[id];
    if (a === undefined) return [muted(T.noCalls)];
    var key = a == null ? -1 : a;
    var g = groups(AGENT).filter(function (x) { return x.key === key; })[0];
    if (!g) return [muted(T.noCalls)];
    var mine = [];
    var hist = [];
    for (var s0 = 0; s0 <= 100; s0++) hist.push(0);
    var teamCount = Object.create(null);
    calls.forEach(function (row, i) {
      if ((row[AGENT] == null ? -1 : row[AGENT]) !== key) return;
      mine.push(i);
      hist[row[SCORE]]++;
      if (row[TEAM] != null) teamCount[row[TEAM]] = (teamCount[row[TEAM]] || 0) + 1;
    });
    var scores = mine.map(function (i) { return calls[i][SCORE]; }).sort(function (x, y) { return x - y; });
    var mid = scores.length >> 1;
    var median = scores.length % 2 ? scores[mid] : (scores[mid - 1] + scores[mid]) / 2;
    var agentSummary = { calls: g.calls, passed: g.passed, mean: g.sum / g.calls, median: median, min: scores[0], max: scores[scores.length - 1],
      violations: g.violations, review: g.review, files: Object.keys(mine.reduce(function (m, i) { m[calls[i][FILE]] = 1; return m; }, {})).length };
    var teamNames = Object.keys(teamCount).sort(function (x, y) { return teamCount[y] - teamCount[x]; }).map(function (t) { return teams[t]; });
    var worstRules = worst(g.rules, 10);
    var param = a == null ? "~" : agents[a].id;
    var sortedCalls = mine.slice().sort(function (x, y) { return calls[x][SCORE] - calls[y][SCORE] || x - y; });
    return [
      h("p", { class: "crumbs" }, link("#", "← " + T.overview)),
      h("h2", { class: "agent-title" }, [h("span", { text: T.agent + " " + agentLabel(a) }), teamNames.length ? h("span", { class: "muted", text: " · " + teamNames.join("、") }) : null]),
      cards(agentSummary, null),
      h("div", { class: "charts" }, [
        h("figure", { id: "agent-scores" }, [h("figcaption", { text: T.histogram }), histogram(hist, function (lo, hi) { return callsHash({ agent: param, min: lo, max: hi }); })]),
        h("figure", { id: "agent-rules" }, [h("figcaption", { text: T.worstRules }), worstRules.length ? table("agent-rule-table", [
          { label: T.rule, cell: function (r) { return link(callsHash({ agent: param, rule: rules[r].id }), ruleLabel(r), { title: rules[r].id, class: "rule-name" }); } },
          { label: T.violations, numeric: true, key: function (r) { return g.rules[r][0]; }, cell: function (r) { return num(g.rules[r][0]); } },
          { label: T.callsWith, numeric: true, key: function (r) { return g.rules[r][2]; }, cell: function (r) { return num(g.rules[r][2]); } },
          { label: T.points, numeric: true, key: function (r) { return g.rules[r][1]; }, cell: function (r) { return num(g.rules[r][1]); } }
        ], worstRules) : muted(T.noViolations)])
      ]),
      section("sentences", T.costSentences, sentences(sortedCalls, 20)),
      section("agent-calls", T.agentCalls, [
        callsTable(sortedCalls.slice(0, PAGE_SIZE), {}, null),
        mine.length > PAGE_SIZE ? h("p", null, link(callsHash({ agent: param, sort: "score" }), fmt(T.allCallsOf, num(mine.length)))) : h("p", null, link(callsHash({ agent: param }), fmt(T.allCallsOf, num(mine.length))))
      ])
    ];
  }
  // The agent's sentences that cost points, most points first, from the included transcripts.
  function sentences(callList, limit) {
    var found = [];
    var seen = Object.create(null); // the same sentence for the same rule once
    callList.forEach(function (i) {
      var data;
      try { data = transcript(i); } catch (e) { data = null; }
      if (!data) return;
      (data.findings || []).forEach(function (raw, n) {
        var f = findingObject(raw, n + 1);
        if (!f.points) return;
        var turn = data.turns[f.turn];
        if (!turn) return;
        var key = f.rule + "\u0000" + turn[3];
        if (seen[key]) return;
        seen[key] = true;
        found.push({ call: i, f: f, text: String(turn[3]), speaker: turn[0] });
      });
    });
    found.sort(function (x, y) { return y.f.points - x.f.points || calls[x.call][SCORE] - calls[y.call][SCORE] || x.call - y.call; });
    if (!found.length) return muted(T.noSentences);
    return h("ol", { class: "sentences" }, found.slice(0, limit).map(function (x) {
      var whole = x.f.start <= 0 && x.f.end >= x.text.length;
      var missed = x.f.kind === "missed-response";
      return h("li", { class: "sentence sev-" + x.f.severity }, [
        h("div", { class: "sentence-head" }, [
          h("span", { class: "points", text: "−" + x.f.points }), " ",
          h("span", { class: "rule-name", text: ruleLabel(x.f.rule) }), " · ",
          link("#call=" + x.call, callName(x.call), { class: "call-link" }),
          missed ? h("span", { class: "tag missed", text: T.missed }) : null
        ]),
        h("div", { class: "sentence-text" + (whole ? " whole" : "") }, [
          h("span", { class: "speaker " + (x.speaker === "agent" ? "agent" : "customer"), text: T["speaker_" + x.speaker] || x.speaker }), " ",
          whole || missed ? h("span", { class: "text", text: x.text }) : markedText(x.text, [x.f])
        ]),
        h("div", { class: "message muted", text: x.f.message || "" })
      ]);
    }));
  }

  // ---- Routing ----
  function render() {
    var t0 = performance.now();
    var state = parseHash();
    var main = h("div", { class: "view", "data-view": state.view });
    var filterStarted = null;
    if (state.view === "calls") {
      var v = callsView(state);
      filterStarted = v.filterStarted;
      append(main, v.nodes);
    } else if (state.view === "agent") {
      append(main, agentView(state.param));
    } else if (state.view === "team") {
      location.replace(callsHash({ team: state.param }));
      return;
    } else if (state.view === "call") {
      append(main, callView(parseInt(state.call, 10)));
    } else {
      append(main, overview());
    }
    app.textContent = "";
    app.appendChild(header());
    app.appendChild(main);
    app.appendChild(h("footer", { text: fmt(T.footer, D.generator || "huashu") }));
    Array.prototype.forEach.call(app.querySelectorAll("nav.tabs a"), function (a) {
      if (a.getAttribute("data-tab") === (state.view === "calls" ? "calls" : state.view === "overview" ? "overview" : "")) a.setAttribute("aria-current", "page");
    });
    var done = performance.now();
    if (filterStarted != null) document.body.dataset.filterMs = (done - filterStarted).toFixed(1);
    document.body.dataset.view = state.view;
    return done - t0;
  }
  window.addEventListener("hashchange", function () { render(); window.scrollTo(0, 0); });
  render();
  // The script's own first render, and the time from the start of navigation to the page
  // shown (the file read and parsed too).
  document.body.dataset.renderMs = (performance.now() - started).toFixed(1);
  document.body.dataset.readyMs = performance.now().toFixed(1);

  // For tests and for anyone scripting the page: the rows shown and their CSV.
  window.huashu = {
    rows: function () { return lastRows.slice(); },
    csv: function () { return csv(lastRows); },
    route: function (hash) { history.replaceState(null, "", hash); render(); }
  };
})();
