/* The search page of both editions (_ext/search.py loads it there only, deferred, so that it runs
   after Sphinx's searchtools.js and language_data.js). On top of Sphinx's search it:
   - says how many pages were found in the edition's language, with the Arabic number–noun
     agreement («صفحة واحدة», «صفحتين», «3 صفحات», «11 صفحةً», «100 صفحة»: countArabic below
     follows bakumoscow/arabic.py's count(), and the tests compare the two), and says so when
     nothing was found;
   - marks notebook pages among the results (the scorer puts them after the chapters);
   - centres each result's excerpt on the word found, whatever its spelling (أ/ا, ة/ه …), and
     highlights it there and on the page the reader opens.
   The words are the edition's message catalogue (locale/ar/LC_MESSAGES/sphinx.po, through
   translations.js); the counted noun's forms come from bakumoscow/nouns.yml ("page"), in this
   script tag's data-count-noun. If Sphinx's search changes shape, this does nothing and Sphinx's
   own messages show. */
(function () {
  "use strict";

  var script = document.currentScript;
  var noun = JSON.parse((script && script.getAttribute("data-count-noun")) || "{}");
  var lang = document.documentElement.lang || "en";

  function digits(n) {
    return n.toLocaleString("en-US");  // 1,234: Western digits, comma thousands (as arabic.py)
  }

  /* n of a noun in Arabic, agreeing in number (bakumoscow/arabic.py, count()): 1 takes «واحد/واحدة»
     after the noun; 2 the dual (nominative or, after a preposition, oblique); 3–10 the plural;
     11–99 the accusative singular; from 100 by the last two digits, and a round hundred or
     1–2 after hundreds the singular. */
  function countArabic(n, forms, grammaticalCase) {
    var tail = n % 100;
    if (n === 0) { return "0 " + forms.one; }
    if (n === 1) { return forms.one + " " + (forms.gender === "m" ? "واحد" : "واحدة"); }
    if (n === 2) { return grammaticalCase === "nom" ? forms.dual : forms.dual_obl; }
    if ((n < 100 && n >= 3 && n <= 10) || (n >= 100 && tail >= 3 && tail <= 10)) {
      return digits(n) + " " + forms.plural;
    }
    if (tail >= 11 && tail <= 99) { return digits(n) + " " + forms.acc; }
    return digits(n) + " " + forms.one;
  }

  function countEnglish(n, forms) {
    return digits(n) + " " + (n === 1 ? forms.en : forms.en_plural);
  }

  /* The count as the closing message writes it (after «عُثر على»: the oblique case). */
  function countPhrase(n) {
    if (!noun.one) { return digits(n); }
    return lang === "ar" ? countArabic(n, noun, "obl") : countEnglish(n, noun);
  }

  // For the tests (they compare countArabic with arabic.py); nothing else uses it.
  window.BookSearch = { countArabic: countArabic, countPhrase: countPhrase };

  if (typeof Search === "undefined" || typeof _displayItem !== "function" ||
      typeof Search._parseQuery !== "function" || typeof Search._performSearch !== "function") {
    return;
  }

  var highlighted = null;  // the current query's highlight terms (a Set, shared with Sphinx)

  function finish(count) {
    Search.stopPulse();
    Search.title.innerText = _("Search Results");
    Search.status.innerText = count
      ? _("Search finished: found ${count}.").replace("${count}", countPhrase(count))
      : _("No page matches the search. Check the spelling, or try another word.");
  }

  function markKind(result) {
    var item = Search.output.lastElementChild;
    if (!item || typeof Scorer.kind !== "function" || Scorer.kind(result[0]) !== "notebook") { return; }
    var tag = document.createElement("span");
    tag.className = "bm-search-kind";
    tag.textContent = " (" + _("notebook") + ")";
    item.insertBefore(tag, item.firstChild ? item.firstChild.nextSibling : null);
  }

  function show(results, count, searchTerms, highlightTerms) {
    if (!results.length) { finish(count); return; }
    var result = results.pop();
    _displayItem(result, searchTerms, highlightTerms);
    markKind(result);
    window.setTimeout(function () { show(results, count, searchTerms, highlightTerms); }, 5);
  }

  Search.query = function (query) {
    Search.status.setAttribute("role", "status");  // the closing message is announced when it is written
    var parsed = Search._parseQuery(query);  // [query, searchTerms, excludedTerms, highlightTerms, objectTerms]
    var results = Search._performSearch.apply(Search, parsed);
    highlighted = parsed[3];
    show(results, results.length, parsed[1], parsed[3]);
  };

  /* Sphinx's excerpt starts where a search word occurs in the page's text; its words are folded
     (splitQuery), the text is not, so «اذربيجان» would not be found in «أذربيجان». Fold the
     text too, remembering where each folded character came from. */
  if (typeof BookSearchLanguage !== "undefined") {
    Search.makeSearchSummary = function (htmlText, keywords, anchor) {
      var text = Search.htmlToText(htmlText, anchor);
      if (text === "") { return null; }
      var folded = "";
      var origin = [];
      for (var i = 0; i < text.length; i++) {
        var piece = BookSearchLanguage.fold(text.charAt(i)).toLowerCase();
        for (var j = 0; j < piece.length; j++) { folded += piece.charAt(j); origin.push(i); }
      }
      var best = -1;
      var length = 0;
      keywords.forEach(function (word) {
        var key = String(word).toLowerCase();
        var at = key ? folded.indexOf(key) : -1;
        if (at > -1 && (best < 0 || at < best)) { best = at; length = key.length; }
      });
      var from = best < 0 ? -1 : origin[best];
      var to = best < 0 ? -1 : origin[best + length - 1] + 1;
      if (from > -1 && highlighted) {
        highlighted.add(text.slice(from, to).toLowerCase());  // the word as the page spells it
        if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED) {
          localStorage.setItem("sphinx_highlight_terms", Array.from(highlighted).join(" "));
        }
      }
      var start = Math.max((from < 0 ? 0 : from) - 120, 0);
      var summary = document.createElement("p");
      summary.classList.add("context");
      summary.textContent = (start === 0 ? "" : "...") + text.substr(start, 240).trim() +
        (start + 240 < text.length ? "..." : "");
      return summary;
    };
  }
})();
