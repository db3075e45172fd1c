/* Filters for the claims ledger table (Checking the articles): by article, verdict and topic,
   and a free-text search. The table is complete without script; this only hides rows.
   The filters live in the address (?article=001&verdict=contradicted&topic=trade&q=gas), so a
   filtered view can be shared; a link to one claim (#claim-001-14) shows that row even when the
   filters would hide it, and marks it. No inline code, nothing fetched. */
(function () {
  "use strict";
  var KEYS = { article: "article", verdict: "verdict", topic: "topic", text: "q" };

  function setUp(box) {
    var filters = box.querySelector(".bm-claims-filters");
    var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
    var count = box.querySelector(".bm-claims-count span");
    if (!filters) { return; }
    var fields = {};
    filters.querySelectorAll("[data-filter]").forEach(function (el) { fields[el.dataset.filter] = el; });

    function targetRow() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      return id ? box.querySelector("tr[id='" + id.replace(/'/g, "") + "']") : null;
    }

    function apply(writeAddress) {
      var want = {};
      Object.keys(fields).forEach(function (name) { want[name] = fields[name].value.trim().toLowerCase(); });
      var target = targetRow();
      var shown = 0;
      rows.forEach(function (row) {
        var verdictOk = !want.verdict || (want.verdict === "overtaken" ? row.dataset.now === "overtaken"
                                                                       : row.dataset.verdict === want.verdict);
        var ok = (!want.article || row.dataset.article === want.article) && verdictOk &&
                 (!want.topic || row.dataset.topic === want.topic) &&
                 (!want.text || row.textContent.toLowerCase().indexOf(want.text) !== -1);
        row.hidden = !ok && row !== target;
        row.classList.toggle("bm-linked", row === target);
        if (!row.hidden) { shown += 1; }
      });
      if (count) { count.textContent = String(shown); }
      if (writeAddress && window.history && window.history.replaceState) {
        var params = new URLSearchParams(window.location.search);
        Object.keys(KEYS).forEach(function (name) {
          if (!fields[name]) { return; }
          if (fields[name].value) { params.set(KEYS[name], fields[name].value); } else { params.delete(KEYS[name]); }
        });
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    var params = new URLSearchParams(window.location.search);
    var asked = false;
    Object.keys(KEYS).forEach(function (name) {
      var value = params.get(KEYS[name]);
      if (fields[name] && value !== null) { fields[name].value = value; asked = asked || value !== ""; }
    });
    filters.addEventListener("input", function () { apply(true); });
    filters.addEventListener("change", function () { apply(true); });
    window.addEventListener("hashchange", function () {
      apply(false);
      var target = targetRow();
      if (target) { target.scrollIntoView(); }
    });
    var target = targetRow();
    // The page arrives with every row shown and counted; walking 285 rows is needed only when the
    // address asks for a filtered view or one claim (it cost the phone a long task at load).
    if (asked || target) { apply(false); }
    if (target) { target.scrollIntoView(); }
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
