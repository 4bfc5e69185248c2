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

  // The week grid: day and week totals follow what the mentor types, before saving. The rules
  // are the server's (ui::format::parse_hours and ::hours): "1:30" and "1½" as written; a comma
  // is the decimal mark and dots
  // group thousands; without a comma one dot before one or two digits is the decimal mark; each
  // cell is rounded to whole minutes.
  function parseMinutes(text) {
    var s = (text || "").trim().replace(/ /g, "");
    if (s === "") return 0;
    if (s.charAt(0) === "-") return NaN;
    // Hours and minutes ("1:30") and halves ("1½", "½"), as the server reads them.
    var hm = /^(\d{1,5}):(\d{2})$/.exec(s);
    if (hm) {
      var mm = parseInt(hm[2], 10);
      var hh = parseInt(hm[1], 10);
      return mm < 60 && hh <= 10000 ? hh * 60 + mm : NaN;
    }
    var half = /^(\d{0,5})½$/.exec(s);
    if (half) {
      var h = half[1] === "" ? 0 : parseInt(half[1], 10);
      return h <= 10000 ? h * 60 + 30 : NaN;
    }
    var whole, frac;
    var comma = s.indexOf(",");
    if (comma >= 0) {
      whole = s.slice(0, comma).replace(/\./g, "");
      frac = s.slice(comma + 1);
    } else {
      var dot = s.lastIndexOf(".");
      var w = s.slice(0, dot), f = s.slice(dot + 1);
      if (dot >= 0 && f.length <= 2 && w.indexOf(".") < 0) {
        whole = w;
        frac = f;
      } else {
        whole = s.replace(/\./g, "");
        frac = "";
      }
    }
    if (whole === "" && frac === "") return NaN;
    if (!/^\d*$/.test(whole) || !/^\d*$/.test(frac) || frac.length > 2) return NaN;
    var hours = whole === "" ? 0 : parseInt(whole, 10);
    if (hours > 10000) return NaN;
    var hundredths = frac.length === 0 ? 0 : frac.length === 1 ? parseInt(frac, 10) * 10 : parseInt(frac, 10);
    return hours * 60 + Math.floor((hundredths * 60 + 50) / 100);
  }

  function formatMinutes(minutes) {
    var parts = (minutes / 60).toFixed(2).split(".");
    var text = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".") + "," + parts[1];
    return text.replace(/0+$/, "").replace(/,$/, "") + " t";
  }

  function recount(grid) {
    var totals = [0, 0, 0, 0, 0, 0, 0];
    var unreadable = [false, false, false, false, false, false, false];
    grid.querySelectorAll("input.hour").forEach(function (cell) {
      var day = parseInt(cell.name.slice(1), 10);
      if (!(day >= 0 && day < 7)) return;
      var m = parseMinutes(cell.value);
      if (isNaN(m)) unreadable[day] = true;
      else totals[day] += m;
    });
    // The grid's totals row and the phone's day cards both mark a day's total.
    grid.querySelectorAll("[data-day-total]").forEach(function (cell) {
      var d = parseInt(cell.getAttribute("data-day-total"), 10);
      if (d >= 0 && d < 7) cell.textContent = unreadable[d] ? "…" : formatMinutes(totals[d]);
    });
    var week = grid.querySelector("[data-week-total]");
    if (week) {
      var sum = totals.reduce(function (a, b) { return a + b; }, 0);
      week.textContent = unreadable.indexOf(true) >= 0 ? "…" : formatMinutes(sum);
    }
  }

  document.querySelectorAll("form.grid").forEach(function (grid) {
    grid.addEventListener("input", function (event) {
      if (event.target.classList.contains("hour")) recount(grid);
    });
  });
})();
