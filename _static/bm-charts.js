/* Draw the book's charts with the Vega libraries the book serves itself
   (_static/vendor/vega-bundle.js). Each figure carries its Vega-Lite specification in a
   <script type="application/json" class="bm-spec"> data block: no inline code runs,
   and nothing is fetched from another host. Vega's expression interpreter is used so
   that pages work under a Content-Security-Policy without 'unsafe-eval'. */
(function () {
  "use strict";
  function draw(block) {
    var payload = JSON.parse(block.textContent);
    var target = document.getElementById(payload.target);
    if (!target || target.dataset.bmDrawn) { return; }
    target.dataset.bmDrawn = "pending";
    var options = Object.assign({}, payload.options, { ast: true, expr: window.vega.expressionInterpreter });
    window.vegaEmbed(target, payload.spec, options).then(function () {
      target.dataset.bmDrawn = "yes";
    }).catch(function (error) {
      target.dataset.bmDrawn = "failed";
      console.error("chart " + payload.target + ": " + error);
    });
  }
  function drawAll() {
    if (!window.vegaEmbed || !window.vega) {
      console.error("the chart libraries did not load");
      return;
    }
    document.querySelectorAll("script.bm-spec").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
}());
