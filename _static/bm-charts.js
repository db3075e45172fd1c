/* The book's interactive charts.

   Every figure arrives drawn: a static SVG made at build time (_ext/book_figures.py) shows at
   first paint, with no script. This file replaces it, in place, with the interactive view
   (Vega, served by the book itself: _assets/vega-bundle.js, loaded only when first needed)
   when the reader reaches for the figure: by pointing at it, tapping it or moving the keyboard
   focus into it, or by scrolling it into view once they have started reading. The specification
   (compiled from Vega-Lite at build time) is in the figure's <script type="application/json"
   class="bm-spec"> data block; no inline code runs and nothing is fetched from another host.

   Tooltips are the book's own: pointing at a mark shows its values; tapping or clicking a mark
   pins them, with the mark's source link (opened in a new tab) when it has one; Escape or a tap
   elsewhere closes them. Vega's expression interpreter is used, so pages work under a
   Content-Security-Policy without 'unsafe-eval', and no style element is added at run time. */
(function () {
  "use strict";
  var loading = null;
  var tip = null;
  var pinned = false;

  function libraries() {
    if (window.vega && window.vega.View && window.vega.expressionInterpreter) { return Promise.resolve(); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var root = document.documentElement.dataset.content_root || "";
        var script = document.createElement("script");
        script.src = root + "_static/vega-bundle.js";
        script.onload = resolve;
        script.onerror = function () { reject(new Error("could not load " + script.src)); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function tooltipElement() {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "bm-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function showTip(event, item, value, sticky) {
    var el = tooltipElement();
    if (value === null || value === undefined || value === "") { if (!pinned) { el.hidden = true; } return; }
    if (pinned && !sticky) { return; }
    el.replaceChildren();
    var figure = event && event.target && event.target.closest ? event.target.closest(".bm-figure") : null;
    el.lang = figure ? figure.lang : document.documentElement.lang;
    el.dir = figure ? figure.dir : document.documentElement.dir || "ltr";
    var list = document.createElement("dl");
    if (typeof value === "object") {
      Object.keys(value).forEach(function (key) {
        var term = document.createElement("dt");
        term.textContent = key.trim();
        var detail = document.createElement("dd");
        detail.textContent = String(value[key]);
        if (term.textContent) { list.appendChild(term); }
        list.appendChild(detail);
      });
    } else {
      var only = document.createElement("dd");
      only.textContent = String(value);
      list.appendChild(only);
    }
    el.appendChild(list);
    var url = item && item.datum && item.datum.bm_url;
    if (sticky && url && /^https?:\/\//.test(url)) {
      var link = document.createElement("a");
      link.href = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.textContent = (figure && figure.dataset.openSource) || "Open the source";
      el.appendChild(link);
    }
    el.classList.toggle("bm-pinned", !!sticky);
    el.hidden = false;
    var x = event.clientX, y = event.clientY;
    var box = el.getBoundingClientRect();
    var left = Math.min(Math.max(8, x + 12), window.innerWidth - box.width - 8);
    var top = y + 16 + box.height > window.innerHeight ? y - box.height - 12 : y + 16;
    el.style.left = left + "px";
    el.style.top = Math.max(8, top) + "px";
  }

  function closeTip() {
    pinned = false;
    if (tip) { tip.hidden = true; tip.classList.remove("bm-pinned"); }
  }

  function draw(figure) {
    var block = figure.querySelector("script.bm-spec");
    var target = figure.querySelector(".bm-chart");
    if (!block || !target || target.dataset.bmDrawn) { return Promise.resolve(); }
    target.dataset.bmDrawn = "pending";
    return libraries().then(function () {
      var payload = JSON.parse(block.dataset.options);
      var options = payload.options;
      if (options.formatLocale) { window.vega.formatLocale(options.formatLocale); }
      if (options.timeFormatLocale) { window.vega.timeFormatLocale(options.timeFormatLocale); }
      var runtime = window.vega.parse(JSON.parse(block.textContent), undefined, { ast: true });
      var holder = document.createElement("div");
      // Drawn off to one side of the static view (same width, invisible), then swapped in at once:
      // the page does not jump while the chart draws, and the static image stays for printing.
      holder.className = "bm-live bm-pending";
      target.classList.add("bm-drawing");
      var view = new window.vega.View(runtime, { renderer: "svg", expr: window.vega.expressionInterpreter });
      view.tooltip(function (handler, event, item, value) { showTip(event, item, value, false); });
      view.addEventListener("click", function (event, item) {
        if (!item || item.tooltip === undefined) { return; }
        event.stopPropagation();
        pinned = false;
        showTip(event, item, item.tooltip, true);
        pinned = true;
      });
      view.hover();
      target.appendChild(holder);
      return view.initialize(holder).runAsync().then(function () {
        var svg = holder.querySelector("svg");
        if (svg) {  // named by the figure's title, described by its text alternative
          svg.setAttribute("aria-labelledby", figure.id + "-title");
          svg.setAttribute("aria-describedby", figure.id + "-desc");
          svg.removeAttribute("aria-label");
          // a group of marks Vega leaves unnamed is named after the figure's title too
          svg.querySelectorAll("[aria-roledescription]:not([aria-label]):not([aria-labelledby])").forEach(function (g) {
            g.setAttribute("aria-labelledby", figure.id + "-title");
          });
        }
        var still = target.querySelector("picture");
        if (still) { still.classList.add("bm-replaced"); }
        holder.classList.remove("bm-pending");
        target.classList.remove("bm-drawing");
        target.dataset.bmDrawn = "yes";
      });
    }).catch(function (error) {
      target.dataset.bmDrawn = "failed";
      console.error("chart " + figure.id + ": " + error);
    });
  }

  function start() {
    var figures = Array.prototype.slice.call(document.querySelectorAll(".bm-figure"));
    if (!figures.length) { return; }
    figures.forEach(function (figure) {
      var go = function () { draw(figure); };
      ["pointerenter", "touchstart", "focusin"].forEach(function (name) {
        figure.addEventListener(name, go, { once: true, passive: true });
      });
    });
    // Once the reader scrolls, figures are drawn as they come into view.
    var watch = function () {
      window.removeEventListener("scroll", watch);
      if (!("IntersectionObserver" in window)) { figures.forEach(draw); return; }
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
        });
      }, { rootMargin: "200px 0px" });
      figures.forEach(function (figure) { observer.observe(figure); });
    };
    window.addEventListener("scroll", watch, { passive: true });
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") { closeTip(); } });
    document.addEventListener("click", function (event) {
      if (tip && !tip.contains(event.target)) { closeTip(); }
    });
  }

  // For readers' tools and the book's tests: draw every figure of the page now.
  window.bmCharts = { drawAll: function () {
    return Promise.all(Array.prototype.map.call(document.querySelectorAll(".bm-figure"), draw));
  } };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
