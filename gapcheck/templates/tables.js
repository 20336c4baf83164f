/* gapcheck reports: filter, search and sort tables in the page. Vanilla JS, works offline. */
(function () {
  "use strict";

  function fold(text) {
    // Full-width and half-width forms compare equal, as in gapcheck's own matching.
    return text.normalize("NFKC").toLowerCase();
  }

  var collator = new Intl.Collator(document.documentElement.lang || "ja", { numeric: true });

  function sortKey(cell) {
    var text = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    return { text: text, number: text === "" ? NaN : Number(text) };
  }

  function compare(a, b) {
    if (!isNaN(a.number) && !isNaN(b.number)) {
      return a.number - b.number;
    }
    return collator.compare(a.text, b.text);
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
        // Keys read once per sort, not once per comparison; ties keep their order.
        var keyed = Array.prototype.map.call(body.rows, function (row, index) {
          return { row: row, key: sortKey(row.cells[column]), index: index };
        });
        keyed.sort(function (a, b) {
          var order = compare(a.key, b.key);
          return (ascending ? order : -order) || a.index - b.index;
        });
        var sorted = document.createDocumentFragment();
        keyed.forEach(function (item) { sorted.appendChild(item.row); });
        body.appendChild(sorted);
      });
    });
  }

  function layOutTheRest() {
    // The sections far from the screen (content-visibility in page.css), one per idle moment, so
    // the page opens as quickly and yet a full-page screenshot soon shows all of it; <html> gets
    // data-laid-out when every section is.
    var sections = Array.prototype.slice.call(document.querySelectorAll("main > section"));
    var later = window.requestIdleCallback || function (next) { return window.setTimeout(next, 20); };
    function next() {
      var section = sections.shift();
      if (!section) {
        document.documentElement.setAttribute("data-laid-out", "");
        return;
      }
      section.classList.add("laid-out");
      later(next, { timeout: 200 });
    }
    later(next, { timeout: 200 });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-table-controls]"), setUpFilters);
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), setUpSorting);
  layOutTheRest();
})();
