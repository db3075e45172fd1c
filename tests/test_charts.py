"""How a chart speaks to assistive technology (bakumoscow.charts.described), without a browser."""

from __future__ import annotations

import altair as alt
import pandas as pd

from bakumoscow import charts


def spec(lang: str) -> dict:
    frame = pd.DataFrame({"year": [2024], "value": [4799.0], "note": ["a"], "bm_order": [1]})
    bars = alt.Chart(frame).mark_bar().encode(
        x="year:O", y="value:Q", order="bm_order:Q",
        tooltip=[alt.Tooltip("year:O", title="Year"), alt.Tooltip("value:Q", title="US$ million", format=",.0f"),
                 alt.Tooltip("note:N", title=" ")])
    labels = alt.Chart(frame).mark_text().encode(x="year:O", y="value:Q", text="note:N")
    return charts.described(alt.layer(bars, labels).to_dict(), lang)


def test_a_mark_with_a_tooltip_is_named_by_its_titles_and_values():
    bars, labels = spec("en")["layer"]
    assert bars["encoding"]["description"] == {"field": charts.DESCRIPTION, "type": "nominal"}
    (words,) = [t["calculate"] for t in bars["transform"] if t.get("as") == charts.DESCRIPTION]
    assert '"Year: "' in words and 'format(datum["value"], ",.0f")' in words and '"; "' in words
    assert "bm_order" not in words and '" : "' not in words  # only the tooltip's lines; a blank title names nothing
    assert labels["mark"] == {"type": "text", "aria": False}  # a label repeats what the marks say


def test_axes_and_legends_are_left_to_the_figure_s_own_words_and_arabic_joins_with_its_semicolon():
    out = spec("ar")
    assert out["config"]["axis"]["aria"] is False and out["config"]["legend"]["aria"] is False
    assert '"؛ "' in out["layer"][0]["transform"][0]["calculate"]


def test_a_nested_field_is_read_key_by_key_and_an_escaped_dot_is_kept():
    assert charts._field_path("properties.label") == ["properties", "label"]
    assert charts._field_path("a\\.b") == ["a.b"]
