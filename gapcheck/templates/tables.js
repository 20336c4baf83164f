/* gapcheck reports: filter, search and sort tables in the page. Vanilla JS, works offline. */
(function () {
  "use strict";

  function fold(text) {
    // Full-width and half-width forms compare equal, as in gapcheck's own matching.
    return text.normalize("NFKC").toLowerCase();
  }

  function sortKey(cell) {
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) {
      return x - y;
    }
    return a.localeCompare(b, document.documentElement.lang || "ja", { numeric: true });
  }

  function setUpFilters(controls) {
    var table = document.getElementById(controls.getAttribute("data-table-controls"));
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (row) { return fold(row.textContent); });
    var search = controls.querySelector("input[data-search]");
    var selects = Array.prototype.slice.call(controls.querySelectorAll("select[data-filter]"));
    var count = controls.querySelector("output[data-count]");
    var template = count.getAttribute("data-template");

    function apply() {
      var terms = fold(search.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var visible = terms.every(function (term) { return texts[i].indexOf(term) !== -1; }) &&
          selects.every(function (select) {
            return !select.value || row.getAttribute("data-" + select.getAttribute("data-filter")) === select.value;
          });
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      count.textContent = template.replace("{shown}", String(shown)).replace("{total}", String(rows.length));
    }

    search.addEventListener("input", apply);
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    controls.hidden = false;
    apply();
  }

  function setUpSorting(table) {
    // The last header row names every column; rows above it only group columns.
    var headers = Array.prototype.slice.call(table.tHead.rows[table.tHead.rows.length - 1].cells);
    headers.forEach(function (th, column) {
      var button = th.querySelector("button.sort");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var order = compare(sortKey(a.cells[column]), sortKey(b.cells[column]));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-table-controls]"), setUpFilters);
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), setUpSorting);
})();
