/* Draw the book's charts with the Vega library the book serves itself.
   Each figure carries its Vega specification (compiled from Vega-Lite at build time) in a
   <script type="application/json" class="bm-spec"> data block: no inline code runs and
   nothing is fetched from another host. The libraries (_static/vega-bundle.js, built by
   tools/vendor.py: Vega, its expression interpreter and its tooltip handler) are loaded
   only on pages that have a chart. Vega's expression interpreter is used, so pages work
   under a Content-Security-Policy without 'unsafe-eval'; the tooltip adds no style element
   (the book's CSS styles it), so none is needed for styles either. */
(function () {
  "use strict";
  function draw(block) {
    var payload = JSON.parse(block.textContent);
    var options = payload.options;
    var target = document.getElementById(payload.target);
    if (!target || target.dataset.bmDrawn) { return; }
    target.dataset.bmDrawn = "pending";
    try {
      // Number and date formats of the page's edition (the page has one language).
      if (options.formatLocale) { window.vega.formatLocale(options.formatLocale); }
      if (options.timeFormatLocale) { window.vega.timeFormatLocale(options.timeFormatLocale); }
      var runtime = window.vega.parse(payload.spec, undefined, { ast: true });
      var view = new window.vega.View(runtime, {
        renderer: options.renderer, expr: window.vega.expressionInterpreter
      });
      view.tooltip(new window.vegaTooltip.Handler(options.tooltip).call);
      view.hover();
      view.initialize(target).runAsync().then(function () {
        target.dataset.bmDrawn = "yes";
      }).catch(function (error) { fail(target, payload, error); });
    } catch (error) {
      fail(target, payload, error);
    }
  }
  function fail(target, payload, error) {
    target.dataset.bmDrawn = "failed";
    console.error("chart " + payload.target + ": " + error);
  }
  function ready() {
    return window.vega && window.vega.View && window.vega.expressionInterpreter && window.vegaTooltip;
  }
  function drawAll(blocks) {
    if (!ready()) {
      console.error("the chart libraries did not load");
      return;
    }
    blocks.forEach(draw);
  }
  function start() {
    var blocks = document.querySelectorAll("script.bm-spec");
    if (!blocks.length) { return; }
    if (ready()) { drawAll(blocks); return; }
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
