// Sortable tables: click (or Enter on) a header to sort by that column, again to reverse.
// Cells sort by their data-sort value when they have one, else by their text; columns whose
// header has data-type="number" sort numerically (empty cells last), others by Chinese collation.
(function () {
  var collator = new Intl.Collator("zh-CN", { numeric: true });
  function value(cell, numeric) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (!numeric) return raw;
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }
  var tables = document.querySelectorAll("table.sortable");
  Array.prototype.forEach.call(tables, function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, column) {
      header.tabIndex = 0;
      function sort() {
        var numeric = header.getAttribute("data-type") === "number";
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
          return { row: row, key: value(row.cells[column], numeric), index: index };
        });
        rows.sort(function (x, y) {
          if (numeric && (x.key === null || y.key === null)) {
            if (x.key === y.key) return x.index - y.index;
            return x.key === null ? 1 : -1; // empty cells last either way
          }
          var c = numeric ? x.key - y.key : collator.compare(x.key, y.key);
          if (c === 0) return x.index - y.index;
          return ascending ? c : -c;
        });
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.forEach(function (entry) { body.appendChild(entry.row); });
      }
      header.addEventListener("click", sort);
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sort();
        }
      });
    });
    table.setAttribute("data-sortable", "ready");
  });
})();
