"""The bibliography's style: pybtex's numbered ``unsrt`` with the book's own closing words.

A reference stays in its original language, its title as the page gives it: capitals kept
(pybtex's ``unsrt`` would lower-case every title into sentence case, "nagorno-karabakh", "баку и
ереван"). The words the style adds around it belong to the edition, and so does the date each page
was read: "Seen 1 December 2026" / «اطُّلع عليه في 1 ديسمبر 2026» instead of pybtex's English
"URL: … (visited on …)"; no note (the data package has each source's note). What
tools/bibliography.py writes in the edition's words is printed as it is: ``titleaddon`` after the
title (a title read from the page's address) and ``addendum`` after the address (a copy read on
another site).

The five articles are labelled by their own number, [A000]…[A004], and listed in that order, so a
chapter's «المقال 004 [A004]» cannot point at another article; the other groups are numbered in
the order the chapters first cite them.

Registered as the pybtex styles ``bookstyle_en`` and ``bookstyle_ar``; each edition's configuration
names its own (``bibtex_default_style``).
"""

from __future__ import annotations

import datetime as dt

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, toplevel
from pybtex.style.template import field, href, join, node, optional, words

from bakumoscow import i18n  # _ext/bilingual.py puts the book's root on the path before importing this

ARTICLE = "article-"
TERMINATORS = (".", "?", "!", "؟", "…")  # pybtex knows only the first three: no «؟.» after an Arabic title


@node
def clause(children, data, sep=", "):
    """Parts joined and closed with a full stop, unless the last already ends a sentence."""
    text = join(sep=sep)[children].format_data(data)
    return text if not text or str(text).rstrip().endswith(TERMINATORS) else text.append(".")


def article_number(entry) -> str | None:
    return entry.key[len(ARTICLE):] if entry.key.startswith(ARTICLE) else None


class BookStyleEn(UnsrtStyle):
    lang = "en"
    seen = "Seen"
    comma = ", "

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sort = self.sort_entries
        self.format_labels = self.labels

    @staticmethod
    def sort_entries(entries):
        """The order the chapters first cite them (sphinxcontrib-bibtex's), the articles by number."""
        entries = list(entries)
        articles = sorted((e for e in entries if article_number(e)), key=lambda e: e.key)
        rest = iter(e for e in entries if not article_number(e))
        return [articles.pop(0) if article_number(e) else next(rest) for e in entries]

    @staticmethod
    def labels(sorted_entries):
        number = 0
        for entry in sorted_entries:
            if article_number(entry):
                yield article_number(entry)
            else:
                number += 1
                yield str(number)

    def format_title(self, e, which_field, as_sentence=True):
        """The title as published, capitals and all (unsrt would make it sentence case)."""
        title = join(sep=" ")[field(which_field), optional[join["(", field("titleaddon"), ")"]]]
        return clause[title] if as_sentence else title

    def date_seen(self, text: str) -> Text:
        try:
            return Text(i18n.date(dt.date.fromisoformat(text.strip()), self.lang))
        except ValueError:
            return Text(text)

    def format_url(self, e):
        url = field("url", raw=True)
        return href(url)[url]

    def format_web_refs(self, e):
        return join(sep=". ")[
            optional[self.format_url(e)],
            optional[words[self.seen, field("urldate", raw=True, apply_func=self.date_seen)]],
            optional[field("addendum")],
        ]

    def get_misc_template(self, e):
        return toplevel[
            optional[clause(sep=self.comma)[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            clause(sep=self.comma)[optional[field("howpublished")], optional[date]],
            clause[self.format_web_refs(e)],
        ]


class BookStyleAr(BookStyleEn):
    lang = "ar"
    seen = "اطُّلع عليه في"
    comma = "، "


def setup(app) -> None:
    register_plugin("pybtex.style.formatting", "bookstyle_en", BookStyleEn)
    register_plugin("pybtex.style.formatting", "bookstyle_ar", BookStyleAr)
