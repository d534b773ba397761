// khtool report: the lead-unit filter and the sortable task table. No network, no libraries.
(function () {
  "use strict";
  var filter = document.getElementById("lead-filter");
  var table = document.getElementById("task-table");
  var count = document.getElementById("shown-count");

  function hasLead(el, value) {
    return value === "" || (el.getAttribute("data-leads") || "").split(" ").indexOf(value) >= 0;
  }

  function applyFilter() {
    var value = filter ? filter.value : "";
    var shown = 0;
    document.querySelectorAll("tr.task, g.task-row").forEach(function (el) {
      var keep = hasLead(el, value);
      el.classList.toggle("hidden", !keep);
      if (keep && el.tagName.toLowerCase() === "tr") { shown += 1; }
    });
    if (count) {
      count.textContent = count.getAttribute("data-pattern")
        .replace("{shown}", String(shown))
        .replace("{total}", count.getAttribute("data-total"));
    }
  }

  function sortBy(th) {
    var key = th.getAttribute("data-sort");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.getAttribute("data-" + key) || "";
      var y = b.getAttribute("data-" + key) || "";
      var order = x.localeCompare(y, document.documentElement.lang);
      if (order === 0) { order = Number(a.getAttribute("data-index")) - Number(b.getAttribute("data-index")); }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[data-sort]").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  if (filter) { filter.addEventListener("change", applyFilter); }
  if (table) {
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      th.addEventListener("click", function () { sortBy(th); });
    });
  }
})();
