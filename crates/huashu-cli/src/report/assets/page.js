// PLACEHOLDER page script (branch report-data): the page helper's page.js (branch report-page)
// replaces this file. It renders just enough of the page data (docs/report-page.md) to check
// the writer: the summary, the call rows and the included transcripts, all as text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("huashu-data").textContent);
  var app = document.getElementById("app");
  function el(tag, text, parent) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    (parent || app).appendChild(node);
    return node;
  }
  el("h1", data.title);
  var s = data.summary;
  var summary = el("p", (data.lang === "en" ? "calls " : "通话 ") + s.calls + " · " +
    (data.lang === "en" ? "passed " : "合格 ") + s.passed + " · " +
    (data.lang === "en" ? "mean " : "平均分 ") + (s.mean === null ? "–" : s.mean.toFixed(1)));
  summary.id = "summary";
  var blocks = document.querySelectorAll("script.huashu-call");
  var table = el("table");
  table.id = "calls";
  data.calls.slice(0, 500).forEach(function (row) {
    var tr = el("tr", undefined, table);
    el("td", data.files[row[0]], tr);
    el("td", row[1], tr);
    el("td", row[2] === null ? "" : data.agents[row[2]].id, tr);
    el("td", row[5], tr);
  });
  Array.prototype.slice.call(blocks, 0, 50).forEach(function (block) {
    var call = JSON.parse(block.textContent);
    var list = el("ol");
    list.className = "transcript";
    call.turns.forEach(function (turn) { el("li", turn[0] + ": " + turn[3], list); });
  });
  document.body.setAttribute("data-rendered", String(data.calls.length));
})();
