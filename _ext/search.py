"""Search for both editions' readers, and the theme's interface words in the edition's language.

Loaded by ``bilingual.py`` (``search.setup(app)``).

**Search.** Sphinx's search, with three changes:

- *Arabic spellings fold into one* (:func:`normalise`): the hamza forms of alef (أ إ آ ٱ) become
  ا, ى becomes ي, ة becomes ه; diacritics, tatweel and zero-width joiners are dropped; Arabic-Indic
  digits become 0–9. The index is built from folded words (:class:`SearchArabic` and
  :class:`SearchEnglishBook`, registered for the two editions) and the reader's query is folded
  the same way in the browser (``_static/bm-search-language.js``, which Sphinx puts into
  ``language_data.js`` as the language's splitter), so «اذربيجان» finds what «أذربيجان» finds.
  A word with a proclitic («وأذربيجان», «بالحرب», «للحرب») is also indexed without it
  (:func:`variants`), so a search for «أذربيجان» or «الحرب» finds those pages too; the query is
  never cut, so a reader searching «بوتين» still finds «بوتين».
- *Chapters before notebooks*: ``html_search_scorer`` is ``_static/bm-search-scorer.js``.
- *The search page speaks the edition's language*: ``_static/bm-search.js`` (on the search page
  only) writes the count of pages found with Arabic number–noun agreement (the forms of «صفحة»
  come from ``bakumoscow/nouns.yml``), says so when nothing was found, marks notebook results and
  centres each excerpt on the word found.

The index itself is written by ``addresses.py`` (``dump_search_index``), with the pages' short
addresses; nothing here touches that.

**Interface words.** The Arabic edition's catalogue is ``locale/ar/LC_MESSAGES/sphinx.po``
(``_config.ar.yml`` sets ``locale_dirs``); Sphinx compiles it and the templates use it. What the
catalogue cannot reach is done here, each time from that catalogue:

- the search box's placeholder and the page header's download menu (the book theme builds them
  in Python from its own catalogue), set in the page context;
- myst-nb's hidden-code prompts (configuration values) and its summary's ``aria-label``
  (hard-coded in its HTML writer; the node's writer is replaced by one that translates it);
- the script catalogue, ``_static/translations.js``: Sphinx copies its own Arabic one, where most
  of the search page's messages are empty (so the page showed no count); it is rewritten after
  the build with this catalogue's words;
- sphinx-copybutton's button words, which its script keeps for a few languages (Arabic not
  among them): the edition's are added to its script after the build.

The English edition has no catalogue and keeps every English word as it was.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.search.en import SearchEnglish
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "_static"
LANGUAGE_JS = STATIC / "bm-search-language.js"  # the query's splitter (into language_data.js)
SCORER_JS = STATIC / "bm-search-scorer.js"  # html_search_scorer (into language_data.js)
PAGE_JS = "bm-search.js"  # the search page's messages (its own script, on the search page only)
LOCALE = ROOT / "locale"
COUNTED = "page"  # the noun the search page counts (bakumoscow/nouns.yml)

# --- Folding Arabic spellings (the same rules as _static/bm-search-language.js) --------------

_FOLD = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"}
_FOLD.update({chr(0x0660 + i): str(i) for i in range(10)})  # Arabic-Indic digits
_FOLD.update({chr(0x06F0 + i): str(i) for i in range(10)})  # Eastern Arabic-Indic digits
_FOLD_TABLE = str.maketrans(_FOLD)
# harakat, tanwin, shadda, sukun, hamza and madda marks, superscript alef, Quranic marks,
# tatweel, zero-width non-joiner and joiner
_DROP = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640\u200c\u200d]")


def normalise(text: str) -> str:
    """``text`` with Arabic spellings folded: «أذربيجانُ» -> «اذربيجان», «القاهرة» -> «القاهره»."""
    return _DROP.sub("", text).translate(_FOLD_TABLE)


# Proclitics a word may carry: a conjunction (و ف), then a preposition (ب ل ك), then the article
# (ال), where ل + ال is written «لل». Every one a word starts with gives a variant.
_CONJ, _PREP = ("", "و", "ف"), ("", "ب", "ل", "ك")
PROCLITICS = tuple(sorted(
    {c + p + a for c in _CONJ for p in _PREP for a in ("", "ال") if not (p == "ل" and a)} - {""}
    | {c + "لل" for c in _CONJ}, key=lambda s: (-len(s), s)))
MIN_STEM = 3  # letters a word keeps once a proclitic is taken off


def _arabic(word: str) -> bool:
    return "\u0600" <= word[:1] <= "\u06ff"


def variants(word: str) -> list[str]:
    """A folded word and the same word without each proclitic it may carry, for the index:
    «بالحرب» -> ['بالحرب', 'حرب', 'الحرب'], «للحرب» -> ['للحرب', 'حرب', 'الحرب', 'لحرب'];
    only forms of at least three letters (after the article, which «لل» holds, is taken off)."""
    out = [word]
    if _arabic(word):
        for prefix in PROCLITICS:
            if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
                rest = word[len(prefix):]
                for form in (rest, "ال" + rest) if prefix.endswith("لل") else (rest,):
                    if form not in out:
                        out.append(form)
    return out


class _FoldingSearch:
    """A search language whose index holds folded words (and their variants) and whose page
    folds the reader's query the same way (Sphinx's splitter, js_splitter_code)."""

    def init(self, options: dict) -> None:
        super().init(options)
        self.js_splitter_code = LANGUAGE_JS.read_text(encoding="utf-8")

    def split(self, input: str) -> list[str]:
        words = []
        for word in super().split(normalise(input)):
            words.extend(variants(word))
        return words


class SearchEnglishBook(_FoldingSearch, SearchEnglish):
    """The English edition: Sphinx's English (stemming, stop words), with Arabic names folded."""


class SearchArabic(_FoldingSearch, SearchEnglish):
    """The Arabic edition: folded Arabic words; Latin words (names, code) as Sphinx's English does."""

    lang = "ar"
    language_name = "Arabic"


# --- Interface words the catalogue cannot reach by itself ------------------------------------

# Messages the page scripts look up (besides the ones in Sphinx's own script catalogue).
SCRIPT_MESSAGES = (
    "Search finished: found ${count}.",
    "No page matches the search. Check the spelling, or try another word.",
    "notebook",
)
# The book theme's download menu: its buttons' labels -> the message each one shows.
DOWNLOAD_TOOLTIPS = {
    "download-buttons": "Download this page",
    "download-source-button": "Download source file",
    "download-notebook-button": "Download notebook file",
    "download-pdf-button": "Print to PDF",
}
COPYBUTTON = {"copy": "Copy", "copy_to_clipboard": "Copy to clipboard", "copy_success": "Copied!",
              "copy_failure": "Failed to copy"}


def _edition(app: Sphinx) -> str:
    return app.config.language or "en"


def on_config(app: Sphinx, config) -> None:
    """The scorer, the search page's own script kept off every other page, and myst-nb's prompts."""
    if not config.html_search_scorer:
        config.html_search_scorer = str(SCORER_JS)
    # Jupyter Book adds every script in _static/ to every page; these are the search page's.
    config.html_js_files = [f for f in config.html_js_files
                            if not str(f[0] if isinstance(f, (tuple, list)) else f).startswith("bm-search")]
    if _edition(app) != "en":
        config.nb_code_prompt_show = _("Show code cell {type}")
        config.nb_code_prompt_hide = _("Hide code cell {type}")


def _noun_forms() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "bakumoscow" / "nouns.yml").read_text(encoding="utf-8"))[COUNTED]


def _translate_buttons(buttons: list) -> None:
    for button in buttons:
        message = DOWNLOAD_TOOLTIPS.get(button.get("label", ""))
        if message:
            button["tooltip"] = _(message)
        _translate_buttons(button.get("buttons", []))


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The search box's words, the download menu's, and the search page's script."""
    context["theme_search_bar_text"] = _("Search...")
    _translate_buttons(context.get("header_buttons", []))
    if pagename == "search":
        forms = json.dumps(_noun_forms(), ensure_ascii=False, separators=(",", ":"))
        app.add_js_file(PAGE_JS, defer="defer", **{"data-count-noun": forms})


def visit_hidden_code(self, node) -> None:
    """myst-nb's hidden code cell, with its prompts in the page's language (myst-nb writes them in English)."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    # No aria-label: the summary is named by the prompt it shows (WCAG 2.5.3, label in name);
    # <details> itself tells assistive technology whether it is open.
    self.body.append("<summary>\n")
    self.body.append(f'<p class="collapsed admonition-title">{html.escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{html.escape(node["prompt_hide"])}</p>\n')
    self.body.append("</summary>\n")


def depart_hidden_code(self, node) -> None:
    self.body.append("</details>\n")


_CATALOGUE_JS = re.compile(r"\s*Documentation\.addTranslations\((\{.*\})\);\s*", re.S)


def script_catalogue(app: Sphinx, lang: str) -> str:
    """The edition's script catalogue (translations.js): the messages of Sphinx's own one, and the
    book's scripts', each in this build's catalogue; untranslated ones are left out (the scripts
    then show the English), never written as empty strings."""
    from sphinx import package_dir

    own = Path(package_dir) / "locale" / lang / "LC_MESSAGES" / "sphinx.js"
    base = {"messages": {}, "plural_expr": "(n != 1)"}
    if own.is_file():
        match = _CATALOGUE_JS.fullmatch(own.read_text(encoding="utf-8"))
        if match:
            base = json.loads(match.group(1))
    messages = {}
    for msgid in sorted(set(base["messages"]) | set(SCRIPT_MESSAGES) | set(COPYBUTTON.values())):
        text = app.translator.gettext(msgid)
        if text and text != msgid:
            messages[msgid] = text
    catalogue = {"locale": lang, "messages": messages, "plural_expr": base.get("plural_expr", "(n != 1)")}
    return f"Documentation.addTranslations({json.dumps(catalogue, ensure_ascii=False, indent=1, sort_keys=True)});\n"


def copybutton_with_edition(app: Sphinx, script: str, lang: str) -> str | None:
    """sphinx-copybutton's script with the edition's words added to its ``messages``."""
    marker = "const messages = {"
    if marker not in script or f"'{lang}'" in script.split(marker, 1)[1].split("\n}\n", 1)[0]:
        return None
    words = {key: app.translator.gettext(msgid) for key, msgid in COPYBUTTON.items()}
    entry = f"\n  '{lang}': {json.dumps(words, ensure_ascii=False)},"
    return script.replace(marker, marker + entry, 1)


def on_build_finished(app: Sphinx, exception) -> None:
    """After an edition other than English is written: its script catalogue and copy buttons."""
    lang = _edition(app)
    if exception is not None or lang == "en" or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    (static / "translations.js").write_text(script_catalogue(app, lang), encoding="utf-8")
    copybutton = static / "copybutton.js"
    if copybutton.is_file():
        script = copybutton.read_text(encoding="utf-8")
        patched = copybutton_with_edition(app, script, lang)
        if patched is not None:
            copybutton.write_text(patched, encoding="utf-8")
        elif f"'{lang}':" not in script:
            LOGGER.warning(f"copybutton.js: no messages table found; its buttons stay in English in the {lang!r} edition")


def on_env_get_outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Rewrite every page when the edition's catalogue changes (its words are in every page)."""
    digest = hashlib.sha256()
    for path in sorted(LOCALE.rglob("*.po")) if LOCALE.is_dir() else []:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    value = digest.hexdigest()
    if getattr(env, "bm_locale_digest", None) == value:
        return []
    env.bm_locale_digest = value
    return sorted(env.found_docs - set(added) - set(removed))


def setup(app: Sphinx) -> None:
    app.add_search_language(SearchArabic)
    app.add_search_language(SearchEnglishBook)
    app.connect("config-inited", on_config)
    app.connect("html-page-context", on_page_context, priority=600)  # after the book theme's buttons
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("build-finished", on_build_finished)
    from myst_nb.sphinx_ import HideCodeCellNode

    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_code, depart_hidden_code))
