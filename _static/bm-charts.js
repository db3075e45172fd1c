/* Draw the book's charts with the Vega libraries the book serves itself.
   Each figure carries its Vega-Lite specification in a
   <script type="application/json" class="bm-spec"> data block: no inline code runs and
   nothing is fetched from another host. The libraries (_static/vega-bundle.js, built by
   tools/vendor.py) are loaded only on pages that have a chart. Vega's expression
   interpreter is used, so pages work under a Content-Security-Policy without 'unsafe-eval'. */
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
  function drawAll(blocks) {
    if (!window.vegaEmbed || !window.vega || !window.vega.expressionInterpreter) {
      console.error("the chart libraries did not load");
      return;
    }
    blocks.forEach(draw);
  }
  function start() {
    var blocks = document.querySelectorAll("script.bm-spec");
    if (!blocks.length) { return; }
    if (window.vegaEmbed) { drawAll(blocks); return; }
    var root = document.documentElement.dataset.content_root || "";
    var script = document.createElement("script");
    script.src = root + "_static/vega-bundle.js";
    script.onload = function () { drawAll(blocks); };
    script.onerror = function () { console.error("could not load " + script.src); };
    document.head.appendChild(script);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
