/* Small page behaviours of both editions (every page; no inline code, nothing fetched):
   - the header's sidebar buttons open the contents and "on this page" on a phone (the theme binds
     its handlers to the first, hidden copy of each button; the visible copy forwards to it);
   - the language switch keeps the reader's section and search query;
   - "Copy" buttons for citations (BibTeX, RIS, CSL-JSON, the formatted reference). */
(function () {
  "use strict";

  function forwardSidebarButtons() {
    [".primary-toggle", ".secondary-toggle"].forEach(function (selector) {
      var all = document.querySelectorAll(selector);
      var first = all[0];
      Array.prototype.slice.call(all, 1).forEach(function (button) {
        button.addEventListener("click", function (event) {
          event.preventDefault();
          event.stopPropagation();
          first.click();
        });
      });
    });
  }

  function keepPlaceOnSwitch() {
    document.querySelectorAll("a.bm-lang-link").forEach(function (link) {
      var base = link.getAttribute("href").split("#")[0].split("?")[0];
      function update() {
        link.setAttribute("href", base + window.location.search + window.location.hash);
      }
      update();
      window.addEventListener("hashchange", update);
      // The section in view when the reader switches, if the address names none.
      link.addEventListener("click", function () {
        if (window.location.hash) { return; }
        var headings = document.querySelectorAll("main section[id]");
        var current = null;
        headings.forEach(function (section) {
          if (section.getBoundingClientRect().top < 80) { current = section; }
        });
        if (current) { link.setAttribute("href", base + window.location.search + "#" + current.id); }
      });
    });
  }

  function copyButtons() {
    document.querySelectorAll("[data-bm-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-bm-copy"));
        if (!source || !navigator.clipboard) { return; }
        navigator.clipboard.writeText(source.textContent.trim()).then(function () {
          var label = button.textContent;
          button.textContent = button.getAttribute("data-bm-copied") || label;
          window.setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
    });
  }

  function start() {
    forwardSidebarButtons();
    keepPlaceOnSwitch();
    copyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
