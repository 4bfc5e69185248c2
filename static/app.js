/* Virksomhedscenter: progressive enhancement only. Every page works without this file. */
(function () {
  "use strict";

  // A form with errors: the summary at the top takes the focus, so a keyboard or screen-reader
  // user starts from the list of what to correct (each item links to its field).
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();

  // Destructive actions ask first: a form with data-confirm shows its text in a dialog.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute ? form.getAttribute("data-confirm") : null;
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });

  // The week grid: day and week totals follow what the mentor types, before saving.
  function parseHours(text) {
    var s = (text || "").trim().replace(/\s/g, "");
    if (s === "") return 0;
    if (s.indexOf(",") >= 0) s = s.replace(/\./g, "").replace(",", ".");
    if (!/^\d+(\.\d+)?$/.test(s)) return NaN;
    return parseFloat(s);
  }

  function formatHours(h) {
    var s = (Math.round(h * 100) / 100).toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
    return s.replace(".", ",") + " t";
  }

  function recount(grid) {
    var totals = [0, 0, 0, 0, 0, 0, 0];
    var unreadable = false;
    grid.querySelectorAll("input.hour").forEach(function (cell) {
      var day = parseInt(cell.name.slice(1), 10);
      var h = parseHours(cell.value);
      if (isNaN(h)) unreadable = true;
      else if (day >= 0 && day < 7) totals[day] += h;
    });
    var dayCells = grid.querySelectorAll("tr.total td");
    for (var d = 0; d < 7 && d < dayCells.length; d++) {
      dayCells[d].textContent = formatHours(totals[d]);
    }
    var week = grid.querySelector("[data-week-total]");
    if (week) {
      var sum = totals.reduce(function (a, b) { return a + b; }, 0);
      week.textContent = unreadable ? "…" : formatHours(sum);
    }
  }

  document.querySelectorAll("form.grid").forEach(function (grid) {
    grid.addEventListener("input", function (event) {
      if (event.target.classList.contains("hour")) recount(grid);
    });
  });
})();
