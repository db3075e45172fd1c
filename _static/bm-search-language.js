/* The search's word splitter, for both editions (_ext/search.py puts this file into the search
   page's language_data.js, where Sphinx's searchtools.js finds splitQuery; it is not loaded on
   its own). It folds the spellings an Arabic reader may type into one, exactly as the index
   was built (search.normalise in _ext/search.py; the tests compare the two):
   - hamza forms of alef (أ إ آ ٱ) -> ا, alef maqsura ى -> ي, ta marbuta ة -> ه,
     Persian yeh and kaf (ی ک) -> ي ك;
   - diacritics (harakat, tanwin, shadda, sukun, superscript alef, Quranic marks), tatweel (ـ)
     and zero-width joiners are dropped;
   - Arabic-Indic digits -> 0-9.
   So «اذربيجان» finds what «أذربيجان» finds. Latin text is unchanged. */
var BookSearchLanguage = (function () {
  "use strict";
  var FOLD = {
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",
    "\u0649": "\u064A", "\u0629": "\u0647", "\u06CC": "\u064A", "\u06A9": "\u0643"
  };
  var DROP = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640\u200C\u200D]/;
  var i;
  for (i = 0; i < 10; i++) {
    FOLD[String.fromCharCode(0x0660 + i)] = String(i);
    FOLD[String.fromCharCode(0x06F0 + i)] = String(i);
  }

  /* One character, folded: "" when dropped. */
  function fold(ch) {
    if (DROP.test(ch)) { return ""; }
    return Object.prototype.hasOwnProperty.call(FOLD, ch) ? FOLD[ch] : ch;
  }

  function normalise(text) {
    var out = "";
    for (var k = 0; k < text.length; k++) { out += fold(text.charAt(k)); }
    return out;
  }

  return { fold: fold, normalise: normalise };
})();

/* Sphinx's own splitter (searchtools.js), applied to the folded query. */
function splitQuery(query) {
  return BookSearchLanguage.normalise(query)
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter(function (term) { return term; });
}
