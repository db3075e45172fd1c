"""The sources behind every quoted figure, and the "(single source)" mark (bakumoscow/evidence.py).

A notebook names the data rows a glued value was read from (``glue.money(..., src=row)``); the
{fact} role marks a quoted value "(single source)" when those rows rest on one publisher's report
and not on the producer's own page. These tests read the sources behind every glued fact the
chapters quote and check the pages say what the rule says."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, parsed

from bakumoscow import data, evidence, glue  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
FACT = re.compile(r"\{fact\}`([\w-]+)/(\w+)`")


def sources() -> pd.DataFrame:
    return data.load("sources")


# ---- the rule ---------------------------------------------------------------------------------

def _sources_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "source_id": ["a1", "a2", "b1", "stat"],
        "publisher_id": ["outlet-a", "outlet-a", "outlet-b", "statistics-office"],
        "kind": ["secondary", "secondary", "secondary", "primary"],
    })


def test_two_articles_of_one_outlet_are_one_source():
    assert evidence.assess(["a1", "a2"], _sources_frame()).single


def test_two_independent_publishers_or_the_producers_own_page_are_enough():
    frame = _sources_frame()
    assert not evidence.assess(["a1", "b1"], frame).single
    assert not evidence.assess(["stat"], frame).single
    assert evidence.assess(["b1"], frame).single


def test_a_rows_also_column_counts_and_unknown_sources_are_named():
    row = pd.Series({"source_id": "a1", "also": "b1; a2", "value": 3})
    assert evidence.source_ids(row) == ["a1", "a2", "b1"]
    assert evidence.source_ids(pd.DataFrame([row.to_dict(), {"source_id": "stat", "also": None}])) == ["a1", "a2", "b1", "stat"]
    with pytest.raises(KeyError, match="no source nowhere"):
        evidence.assess(["nowhere"], _sources_frame())
    with pytest.raises(ValueError, match="no source_id"):
        evidence.source_ids(pd.Series({"value": 3}))
    with pytest.raises(ValueError, match="names none"):
        evidence.source_ids([])


# ---- the notebooks name their sources ---------------------------------------------------------

VALUE_GLUES = {"text", "year", "span", "money", "money_range", "count", "quantity", "number", "percent", "date"}


def _reads_a_row(node: ast.AST, helpers: set[str]) -> bool:
    """Whether an expression calls data.fact/one/event, or a notebook function that does."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            if (isinstance(sub.func, ast.Attribute) and getattr(sub.func.value, "id", None) == "data"
                    and sub.func.attr in {"fact", "one", "event"}):
                return True
            if isinstance(sub.func, ast.Name) and sub.func.id in helpers:
                return True
    return False


def _row_values_called_the_books_own(notebook: Path):
    """The first line of every glue call whose value reads a data row (directly or through one of the
    notebook's own helpers, such as ``value(fact_id)``) but says it is the book's own (``src=glue.BOOK``)."""
    cells = ["".join(c["source"]) for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]
    trees = [(source, ast.parse(source)) for source in cells]
    helpers = {node.name for _, tree in trees for node in ast.walk(tree)
               if isinstance(node, ast.FunctionDef) and _reads_a_row(node, set())
               and not any(isinstance(sub, ast.Attribute) and getattr(sub.value, "id", None) == "glue"
                           for sub in ast.walk(node))}
    for source, tree in trees:
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and getattr(node.func.value, "id", None) == "glue" and node.func.attr in VALUE_GLUES
                    and any(_reads_a_row(arg, helpers) for arg in node.args)
                    and any(k.arg == "src" and ast.unparse(k.value) == "glue.BOOK" for k in node.keywords)):
                yield ast.get_source_segment(source, node).splitlines()[0]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_value_read_from_a_data_row_is_called_the_books_own(notebook):
    wrong = list(_row_values_called_the_books_own(notebook))
    assert not wrong, f"{notebook.name}: a value read from a data row glued as the book's own:\n" + "\n".join(wrong)


def _glued_sources(notebook: Path) -> dict[str, evidence.Trace]:
    import bilingual

    return bilingual.glued_sources(notebook)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_every_value_a_chapter_quotes_carries_its_sources(lang):
    """Each {fact} on a page of either edition has a trace in its notebook (the sources of each
    quantity behind it, or the book's own value), and every source named exists. Most are sourced."""
    known = set(sources()["source_id"])
    quoted, own, untraced = 0, 0, []
    for page in sorted((ROOT / "book" / lang).glob("*.md")):
        for nb, key in FACT.findall(page.read_text(encoding="utf-8")):
            trace = _glued_sources(ROOT / "notebooks" / f"{nb}.ipynb").get(key)
            quoted += 1
            if trace is None:
                untraced.append(f"{page.name}: {nb}/{key}")
                continue
            own += trace.own
            ids = {i for group in trace.groups for i in group}
            assert ids <= known, f"{nb}/{key} names unknown sources {ids - known}"
    assert not untraced, f"{lang}: values quoted with no trace of their sources:\n" + "\n".join(untraced)
    assert quoted > 1000 and own < quoted / 3, (quoted, own)


# ---- the pages say it -------------------------------------------------------------------------

def _expected_marks(lang: str, page: str) -> tuple[int, int]:
    """(single-source values quoted on the page, all values quoted with sources)."""
    table = sources()
    single = total = 0
    for nb, key in FACT.findall((ROOT / "book" / lang / f"{page}.md").read_text(encoding="utf-8")):
        trace = _glued_sources(ROOT / "notebooks" / f"{nb}.ipynb").get(key)
        if trace and trace.marked:
            total += 1
            single += evidence.single_source(trace.groups, table)
    return single, total


CHAPTERS = sorted(p.stem for p in (ROOT / "book" / "en").glob("*.md"))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_single_source_value_a_chapter_quotes_is_marked_and_no_other(site, lang):
    """Every page that quotes a single-source value carries marks, never more than such values (two values
    of one clause share a mark), and none on a page that quotes none; each mark says so and links to the rule."""
    word = {"en": "single source", "ar": "مصدر وحيد"}[lang]
    marked_pages = 0
    for page in CHAPTERS:
        expected, _ = _expected_marks(lang, page)
        html = site / lang / f"{page}.html"
        marks = parsed(html).select("article sup.bm-single a")
        assert (len(marks) > 0) == (expected > 0) and len(marks) <= expected, \
            f"{lang}/{page}.html: {len(marks)} 'single source' marks for {expected} single-source values quoted"
        for mark in marks:
            assert mark.get_text() == word and mark["href"].endswith("data.html#data-single-source"), mark
            after = mark.parent.find_next_sibling()
            assert after is None or "bm-single" not in after.get("class", []), f"{lang}/{page}: marks side by side"
        marked_pages += expected > 0
    assert marked_pages >= 3


def test_the_data_appendix_explains_the_mark(site):
    for lang in ("en", "ar"):
        section = parsed(site / lang / "data.html").find(id="data-single-source").find_parent("section")
        assert section is not None and len(section.get_text()) > 400, f"{lang}/data.html: no account of the rule"


def test_glue_records_every_values_trace(monkeypatch):
    recorded = {}
    monkeypatch.setattr(glue, "_glue", lambda name, value, display: recorded.__setitem__(name, value))
    glue.money("x", 12.5, src=pd.Series({"source_id": "s1", "also": "s2"}))
    glue.number("ratio", 2.0, src=[pd.Series({"source_id": "s1"}), "b1"])
    glue.count("events", 3, "event", src=glue.BOOK)
    glue.date("day", pd.Timestamp("2025-01-02"), src="s3")
    glue.span("window", 2016, 2020, src="s3")
    glue.year("peak", 2024.0, src="s3")
    glue.text("title", "A title", "عنوان", src="s3", marked=False)
    glue.dated("month", pd.Series({"date": "2022-10", "precision": "month", "source_id": "s4"}))
    assert recorded["x_src"] == "s1 s2" and recorded["x_en"] == "$12.5 million"
    assert recorded["month_en"] == "October 2022" and evidence.decode(recorded["month_src"]) == ([["s4"]], False)
    assert recorded["ratio_src"] == "s1 | b1" and evidence.decode(recorded["ratio_src"]) == ([["s1"], ["b1"]], True)
    assert evidence.decode(recorded["events_src"]).own and not evidence.decode(recorded["events_src"]).marked
    for name in ("day", "window", "peak", "title"):  # recorded, never marked
        assert evidence.decode(recorded[f"{name}_src"]) == ([["s3"]], False), name
    assert recorded["window_en"] == "2016–2020" and recorded["peak_en"] == recorded["peak_ar"] == "2024"
    with pytest.raises(TypeError, match="src"):
        glue.money("y", 3.0)
    with pytest.raises(ValueError, match="names none"):
        glue.percent("z", 3.0, src=[])
    assert "y_en" not in recorded and "z_en" not in recorded


def test_a_value_computed_from_two_single_source_figures_is_single_source():
    frame = _sources_frame()
    assert evidence.single_source([["a1"], ["b1"]], frame)  # two outlets, but each figure rests on one
    assert not evidence.single_source([["a1", "b1"], ["stat"]], frame)


def _place(*children):
    """Run the mark placement on one paragraph of text pieces and marks ('M'); return it as a string."""
    from docutils import nodes
    from docutils.utils import new_document
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    import bilingual

    document = new_document("test", get_default_settings(Parser))
    paragraph = nodes.paragraph()
    from sphinx import addnodes

    for child in children:  # 'M' a mark, '*x' a pasted value, '@x' a citation, else plain text
        paragraph += (nodes.superscript("", "M", classes=["bm-single"]) if child == "M"
                      else nodes.emphasis("", child[1:]) if child.startswith("*")
                      else addnodes.pending_xref("", nodes.Text(child[1:]), refdomain="cite") if child.startswith("@")
                      else nodes.Text(child))
    document += paragraph
    bilingual.SingleSourceMarkPlacement(document).apply()
    return "".join("[M]" if isinstance(n, nodes.superscript) else "@" + n.astext() if n.tagname == "pending_xref"
                   else n.astext() for n in paragraph.children)


def test_a_sentence_carries_one_mark_at_most_the_last():
    assert (_place("from 10.5% in 2020", "M", ", 8.8% in 2021", "M", " and 7% in 2022", "M", ". In 2023, 8.5%", "M", ".")
            == "from 10.5% in 2020, 8.8% in 2021 and 7% in 2022[M]. In 2023, 8.5%[M].")
    assert _place("3.5", "M", " times, or 7%", "M", " (U.S. figures)") == "3.5 times, or 7%[M] (U.S. figures)"
    assert (_place("بلغت 10.5%", "M", "، ثم 8.8%", "M", ". وفي 2023 بلغت 8.5%")
            == "بلغت 10.5%، ثم 8.8%[M]. وفي 2023 بلغت 8.5%")


def test_the_mark_goes_to_the_end_of_the_clause_never_between_a_number_and_its_noun():
    assert (_place("about 23", "M", " observation posts in Karabakh, of which")
            == "about 23 observation posts in Karabakh[M], of which")
    assert _place("نحو 23", "M", " نقطة مراقبة في قره باغ، منها") == "نحو 23 نقطة مراقبة في قره باغ[M]، منها"
    assert _place("$3.5", "M", " billion in 2024 (3.5 times") == "$3.5 billion in 2024[M] (3.5 times"
    assert _place("it was 7%", "M", ", and") == "it was 7%[M], and"  # already at a boundary: stays
    assert _place("from $1 billion", "M", " to ", "*$2 billion", ".") == "from $1 billion to $2 billion[M]."
    assert _place("46", "M", " of ", "*62", " passengers settled", "@D12", ", and") == "46 of 62 passengers settled[M]@D12, and"
    assert _place("the total, 96", "M", " km long") == "the total, 96 km long[M]"  # end of the paragraph
    # a line break in the source is a text of its own: the mark stays with the word, not after the break
    assert _place("about 4", "M", " times its share", "\n", "(claim") == "about 4 times its share[M]\n(claim"
    assert _place("نحو 4", "M", " أضعاف حصتها", "\n", "(الادعاء") == "نحو 4 أضعاف حصتها[M]\n(الادعاء"
    assert _place("$2 billion", "M", " and ", "*7.1%", "M", " ", "@D3") == "$2 billion and 7.1%[M] @D3"  # one mark
    # before a phrase that names the source, as before a citation
    assert (_place("more than 900", "M", " companies in November 2022 by Russia's prime minister ", "@D1")
            == "more than 900 companies in November 2022[M] by Russia's prime minister @D1")
    assert (_place("أكثر من 900", "M", " شركة في نوفمبر 2022 بحسب رئيس الوزراء")
            == "أكثر من 900 شركة في نوفمبر 2022[M] بحسب رئيس الوزراء")
