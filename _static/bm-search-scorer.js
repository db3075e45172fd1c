/* The search's ranking, for both editions (Sphinx's html_search_scorer: _ext/search.py sets it to
   this file, which Sphinx puts into the search page's language_data.js; it is not loaded on its
   own). Sphinx's own weights, plus one rule: a reader searching the book looks for its argument
   first, so every chapter (and appendix) comes before every notebook page, whose text repeats
   the chapter's words around the code that computes them. Within each kind, Sphinx's order
   (title matches, then text matches; then by title). */
var Scorer = {
  // Sphinx's defaults (searchtools.js)
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  // Added to a result's score by the kind of page: larger than any score Sphinx gives.
  kindOffset: { chapter: 0, notebook: -1000 },

  // A page's kind, from its address: notebook pages live under notebooks/.
  kind: function (docname) {
    return docname.indexOf("notebooks/") === 0 ? "notebook" : "chapter";
  },

  // result: [docname, title, anchor, description, score, filename]
  score: function (result) {
    return result[4] + Scorer.kindOffset[Scorer.kind(result[0])];
  }
};
