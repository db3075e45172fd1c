"""How a chapter is cited: the metadata reference managers read, and the citation formats readers copy.

Everything is made from ``metadata.yml`` (the book's title in both languages, its authors,
publisher, version, release date, licence, base address and, once minted, its DOI) and the page
itself (title, address, language, the counterpart in the other edition). One :class:`Record` per
page feeds every format, so they cannot disagree:

- in the page's ``<head>``: Highwire Press tags (``citation_title``, ``citation_author``,
  ``citation_publication_date``, ``citation_inbook_title``, ``citation_publisher``,
  ``citation_language``, ``citation_pdf_url``, ``citation_doi``), which Zotero, Google Scholar
  and Mendeley read; Dublin Core (``DC.*``); and schema.org JSON-LD (a ``Chapter`` that is
  ``isPartOf`` the ``Book``, linked to its counterpart as a translation);
- in the page: "Cite this chapter", with the reference formatted, BibTeX, RIS and CSL-JSON, each
  with a copy button, and "Cite this figure" for each of the chapter's figures.

Addresses are absolute, from ``url`` in ``metadata.yml``. A placeholder address (``example.org``)
is allowed for a draft build, which says so on every page; a published build refuses it
(:func:`check_base`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bakumoscow import i18n

PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")
LANGUAGE_NAMES = {"en": "english", "ar": "arabic"}


def is_placeholder(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS)


def check_base(meta: dict, publish: bool) -> None:
    """A published build needs the book's real address; a draft may use the placeholder."""
    if publish and is_placeholder(meta["url"]):
        raise ValueError(f"metadata.yml: url is the placeholder {meta['url']!r}; a published build needs the book's "
                         "real address (set url there, or build a draft without --publish)")


@dataclass
class Record:
    """One page as a citable item, in one edition."""

    meta: dict
    lang: str
    address: str                  # 'rupture.html'
    title: str
    counterpart_address: str = ""  # the same page in the other edition ('rupture.html')
    figures: list = field(default_factory=list)  # [(anchor, title)]

    @property
    def released(self) -> dt.date:
        return dt.date.fromisoformat(str(self.meta["date_released"]))

    @property
    def url(self) -> str:
        return f"{self.meta['url']}{self.lang}/{self.address}"

    @property
    def counterpart_url(self) -> str:
        return f"{self.meta['url']}{i18n.other(self.lang)}/{self.counterpart_address or self.address}"

    @property
    def book_title(self) -> str:
        return self.meta["title"][self.lang]

    @property
    def authors(self) -> list[str]:
        return [a["name" if self.lang == "en" else "name_ar"] for a in self.meta["authors"]]

    @property
    def publisher(self) -> str:
        return self.meta["publisher"][self.lang]

    @property
    def pdf_url(self) -> str:
        return f"{self.meta['url']}{self.lang}/baku-moscow-{self.lang}-{self.meta['version']}.pdf"

    @property
    def key(self) -> str:
        return f"bakumoscow{self.released.year}-{self.address.removesuffix('.html').replace('/', '-')}-{self.lang}"

    @property
    def doi(self) -> str:
        return str(self.meta.get("doi") or "")


# -- in the <head> ---------------------------------------------------------------------------------

def _meta(name: str, content: str, attr: str = "name") -> str:
    return f'\n<meta {attr}="{html.escape(name)}" content="{html.escape(content)}" />'


def head_tags(rec: Record) -> str:
    """Highwire Press, Dublin Core and schema.org JSON-LD for the page."""
    out = _meta("citation_title", rec.title)
    for author in rec.authors:
        out += _meta("citation_author", author)
    out += _meta("citation_publication_date", rec.released.strftime("%Y/%m/%d"))
    out += _meta("citation_inbook_title", rec.book_title)
    out += _meta("citation_publisher", rec.publisher)
    out += _meta("citation_language", rec.lang)
    out += _meta("citation_pdf_url", rec.pdf_url)
    out += _meta("citation_public_url", rec.url)
    if rec.doi:
        out += _meta("citation_doi", rec.doi)
    for name, content in (("DC.title", rec.title), *(("DC.creator", a) for a in rec.authors),
                          ("DC.date", rec.released.isoformat()), ("DC.publisher", rec.publisher),
                          ("DC.language", rec.lang), ("DC.type", "Text"), ("DC.format", "text/html"),
                          ("DC.identifier", rec.url), ("DC.relation.ispartof", rec.book_title),
                          ("DC.rights", rec.meta["license"])):
        out += _meta(name, content)
    jsonld = json.dumps(schema_org(rec), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return out + f'\n<script type="application/ld+json">{jsonld}</script>'


def schema_org(rec: Record) -> dict:
    other = i18n.other(rec.lang)
    book = {"@type": "Book", "name": rec.book_title, "inLanguage": rec.lang, "url": f"{rec.meta['url']}{rec.lang}/",
            "bookEdition": rec.meta["version"], "datePublished": rec.released.isoformat(),
            "publisher": {"@type": "Organization", "name": rec.publisher},
            "license": "https://creativecommons.org/licenses/by/4.0/"}
    if rec.doi:
        book["identifier"] = f"https://doi.org/{rec.doi}"
    counterpart = {"@type": "Chapter", "url": rec.counterpart_url, "inLanguage": other}
    return {"@context": "https://schema.org", "@type": "Chapter", "name": rec.title, "url": rec.url,
            "inLanguage": rec.lang, "datePublished": rec.released.isoformat(), "version": rec.meta["version"],
            "author": [{"@type": "Organization", "name": a} for a in rec.authors], "isPartOf": book,
            ("workTranslation" if rec.lang == "en" else "translationOfWork"): counterpart}


# -- the citation formats ----------------------------------------------------------------------------

def _bib(text: str) -> str:
    return text.replace("\\", "").replace("{", "").replace("}", "").replace("&", "\\&").replace("%", "\\%")


def bibtex(rec: Record, anchor: str = "", title: str = "") -> str:
    url = rec.url + (f"#{anchor}" if anchor else "")
    fields = [("author", "{" + _bib(" and ".join(rec.authors)) + "}"), ("title", _bib(title or rec.title)),
              ("booktitle", _bib(rec.book_title)), ("publisher", _bib(rec.publisher)), ("year", str(rec.released.year)),
              ("edition", rec.meta["version"]), ("language", LANGUAGE_NAMES[rec.lang]), ("url", url),
              ("urldate", rec.released.isoformat())]
    if rec.doi:
        fields.append(("doi", rec.doi))
    key = rec.key + (f"-{anchor}" if anchor else "")
    body = ",\n".join(f"  {name:<9} = {{{value}}}" for name, value in fields)
    return f"@incollection{{{key},\n{body}\n}}"


def ris(rec: Record, anchor: str = "", title: str = "") -> str:
    lines = [("TY", "CHAP"), *(("AU", a) for a in rec.authors), ("TI", title or rec.title), ("T2", rec.book_title),
             ("PB", rec.publisher), ("PY", str(rec.released.year)), ("DA", rec.released.strftime("%Y/%m/%d")),
             ("ET", rec.meta["version"]), ("LA", rec.lang), ("UR", rec.url + (f"#{anchor}" if anchor else ""))]
    if rec.doi:
        lines.append(("DO", rec.doi))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {value}".rstrip() for tag, value in lines)


def csl_json(rec: Record, anchor: str = "", title: str = "") -> str:
    item = {"id": rec.key + (f"-{anchor}" if anchor else ""), "type": "chapter", "title": title or rec.title,
            "container-title": rec.book_title, "publisher": rec.publisher, "version": rec.meta["version"],
            "language": rec.lang, "URL": rec.url + (f"#{anchor}" if anchor else ""),
            "author": [{"literal": a} for a in rec.authors],
            "issued": {"date-parts": [[rec.released.year, rec.released.month, rec.released.day]]}}
    if rec.doi:
        item["DOI"] = rec.doi
    return json.dumps([item], ensure_ascii=False, indent=2)


def reference(rec: Record, anchor: str = "", title: str = "") -> str:
    """The formatted reference, as HTML (the address left to right in the Arabic edition)."""
    t = lambda key: i18n.t(key, rec.lang)  # noqa: E731
    url = rec.url + (f"#{anchor}" if anchor else "")
    comma = t("comma").strip()
    link_dir = ' dir="ltr"' if rec.lang == "ar" else ""
    doi = (f" doi:{html.escape(rec.doi)}." if rec.doi else "")
    return (f"{html.escape(i18n.join(rec.authors, rec.lang))} ({rec.released.year}). {t('quote.open')}"
            f"{html.escape(title or rec.title)}{t('quote.close')}. {t('cite.in')} <em>{html.escape(rec.book_title)}</em>"
            f"{comma} {t('cite.version_word')} {rec.meta['version']}{comma} {html.escape(rec.publisher)}{comma} "
            f"{i18n.date(rec.released, rec.lang)}. <a href=\"{html.escape(url)}\"{link_dir}>{html.escape(url)}</a>.{doi}")


def _code(text: str, lang: str) -> str:
    """A citation as a code block that reads in logical order in both editions: Arabic runs are
    isolated (``<bdi>``) so a right-to-left title is not scrambled inside the left-to-right block;
    the copied text is unchanged."""
    escaped = html.escape(text)
    if lang == "ar":
        import re

        escaped = re.sub(r"([\u0600-\u06FF][\u0600-\u06FF\u0020-\u0040«»،؛\u2013\u2014]*[\u0600-\u06FF»])",
                         r'<bdi dir="rtl">\1</bdi>', escaped)
    return escaped


def cite_block(rec: Record) -> str:
    """The body of "Cite this chapter" (and of each of its figures): the reference, BibTeX, RIS and
    CSL-JSON, with copy buttons. The section and its heading are the page's own (bilingual.CiteSection)."""
    t = lambda key: i18n.t(key, rec.lang)  # noqa: E731

    def formats(prefix: str, anchor: str = "", title: str = "") -> str:
        out = f'<p class="bm-cite-reference" id="{prefix}-ref">{reference(rec, anchor, title)}</p>'
        for name, label, text in (("bib", "BibTeX", bibtex(rec, anchor, title)), ("ris", "RIS", ris(rec, anchor, title)),
                                  ("csl", "CSL-JSON", csl_json(rec, anchor, title))):
            box = f"{prefix}-{name}"
            copied, copy_as = html.escape(t("cite.copied")), html.escape(t("cite.copy_as").format(fmt=label))
            out += (f'<div class="bm-cite-format"><p class="bm-cite-format-name">{label} '
                    f'<button type="button" class="bm-copy" data-bm-copy="{box}" data-bm-copied="{copied}" '
                    f'hidden aria-label="{copy_as}">{html.escape(t("cite.copy"))}</button></p>'
                    f'<pre class="bm-cite-code" id="{box}" dir="ltr" lang="{rec.lang}" tabindex="0">'
                    f'<code>{_code(text, rec.lang)}</code></pre></div>')
        return out

    figures = ""
    if rec.figures:
        items = "".join(f'<details class="bm-cite-figure"><summary>{html.escape(title)}</summary>'
                        f"{formats('bm-cite-' + anchor, anchor, title)}</details>" for anchor, title in rec.figures)
        figures = f'<h3 class="bm-cite-figures">{html.escape(t("cite.figures"))}</h3>{items}'
    return f'<div class="bm-cite-body" lang="{rec.lang}">{formats("bm-cite-chapter")}{figures}</div>'
