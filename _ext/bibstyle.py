"""The bibliography's style: pybtex's numbered ``unsrt`` with the book's own closing words.

A reference stays in its original language (its title as the page gives it), but the words the
style adds around it belong to the edition: "Seen 2026-11-24" / «اطُّلع عليه في 2026-11-24» instead
of pybtex's English "URL: … (visited on …)", and no note (the data package has each source's note).
Registered as the pybtex styles ``bookstyle_en`` and ``bookstyle_ar``; each edition's configuration
names its own (``bibtex_default_style``).
"""

from __future__ import annotations

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import date, toplevel
from pybtex.style.template import field, href, join, optional, sentence, words


class BookStyleEn(UnsrtStyle):
    seen = "Seen"

    def format_url(self, e):
        url = field("url", raw=True)
        return href(url)[url]

    def format_web_refs(self, e):
        return join(sep=". ")[
            optional[self.format_url(e)],
            optional[words[self.seen, field("urldate")]],
        ]

    def get_misc_template(self, e):
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[optional[field("howpublished")], optional[date]],
            sentence[self.format_web_refs(e)],
        ]


class BookStyleAr(BookStyleEn):
    seen = "اطُّلع عليه في"


def setup(app) -> None:
    register_plugin("pybtex.style.formatting", "bookstyle_en", BookStyleEn)
    register_plugin("pybtex.style.formatting", "bookstyle_ar", BookStyleAr)
