/* Filters for the claims ledger table (Checking the articles): by article, verdict and
   topic, and a free-text search. The table is complete without script; this only hides
   rows. No inline code, nothing fetched. */
(function () {
  "use strict";
  function setUp(box) {
    var filters = box.querySelector(".bm-claims-filters");
    var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
    var count = box.querySelector(".bm-claims-count span");
    if (!filters) { return; }
    function apply() {
      var want = {};
      filters.querySelectorAll("[data-filter]").forEach(function (el) {
        want[el.dataset.filter] = el.value.trim().toLowerCase();
      });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!want.article || row.dataset.article === want.article) &&
                 (!want.verdict || row.dataset.verdict === want.verdict) &&
                 (!want.topic || row.dataset.topic === want.topic) &&
                 (!want.text || row.textContent.toLowerCase().indexOf(want.text) !== -1);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = String(shown); }
    }
    filters.addEventListener("input", apply);
    filters.addEventListener("change", apply);
  }
  function start() {
    document.querySelectorAll(".bm-claims").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
