"""Chart theme, chart builders, and the figure every chart of the book travels as.

A :class:`Figure` bundles an Altair chart with what a reader needs around it (a title, a
caption, a text alternative, the sources, the data drawn as a table) in one edition's
language; a :class:`FigureSet` holds one figure in both editions and is what a notebook
glues. It travels to the page as plain data (media type :data:`MIME`), never as HTML:
``_ext/book_figures.py`` renders the markup, the static images and the downloads from it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from . import i18n, maps

# Okabe–Ito colours: distinguishable with the common forms of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3]]
FONTS = {
    "en": "'Source Sans 3', 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif",
    "ar": "'Noto Naskh Arabic', 'Noto Sans Arabic', 'DejaVu Sans', sans-serif",
}


def config(lang: str) -> dict:
    """The Vega-Lite ``config`` block for an edition."""
    i18n.check_lang(lang)
    font = FONTS[lang]
    rtl = lang == "ar"
    return {
        "font": font,
        "background": "transparent",
        "view": {"stroke": None},
        "range": {"category": PALETTE},
        "title": {"anchor": "end" if rtl else "start", "fontSize": 15, "font": font, "subtitleFontSize": 12},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelFont": font, "titleFont": font,
                 "gridColor": "#e3e3e3", "domainColor": "#888", "tickColor": "#888"},
        # Arabic charts put the value axis on the reading side, its title written
        # horizontally above it (rotated Arabic is hard to read); time still runs left to right.
        "axisY": {"orient": "right", "titleAngle": 0, "titleAlign": "right", "titleBaseline": "bottom",
                  "titleX": 30, "titleY": -12} if rtl else {"titleAngle": 0, "titleAlign": "left",
                  "titleBaseline": "bottom", "titleX": -30, "titleY": -12},
        # One row under the chart; on a phone _ext/book_figures.py:responsive puts one entry a line.
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "labelFont": font, "titleFont": font,
                   "orient": "bottom", "direction": "horizontal"},
        "text": {"font": font},
    }


VEGALITE_MIME = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.split('.')[0].lstrip('v')}+json"
MIME = "application/vnd.bakumoscow.figure+json"
"""The media type of a figure in a notebook's outputs: the structured object that travels
from the notebook to the page (see :meth:`FigureSet.bundle`). ``_ext/book_figures.py`` renders it."""


@dataclass
class Figure:
    """A chart with what a reader needs around it, in one edition's language.

    ``data`` is the table the text alternative shows and the CSV download holds, one row per
    value drawn; ``columns`` maps its columns to their headers (in the edition's language);
    a ``source_id`` column, if present, names each row's source (the CSV then carries it).
    ``source_ids`` are every source behind the figure, for its source line.
    """

    id: str
    lang: str
    chart: alt.TopLevelMixin
    title: str
    caption: str
    alt_text: str
    source_ids: list[str]
    data: pd.DataFrame
    columns: dict[str, str] = field(default_factory=dict)  # data column -> header in the table
    digits: dict[str, int] = field(default_factory=dict)   # data column -> decimals shown (default 2 at most)

    def __post_init__(self):
        i18n.check_lang(self.lang)
        if not self.source_ids:
            raise ValueError(f"figure {self.id!r} names no source")
        for text, what in ((self.title, "title"), (self.caption, "caption"), (self.alt_text, "text alternative")):
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"figure {self.id!r} ({self.lang}): no {what}")

    @property
    def anchor(self) -> str:
        return f"fig-{self.id}"

    def vegalite(self) -> dict:
        """The Vega-Lite specification (what Altair writes), with the edition's theme, every mark
        named in words for assistive technology (:func:`described`)."""
        chart = self.chart.properties(description=self.alt_text).configure(**config(self.lang))
        return described(chart.to_dict(), self.lang)

    def table(self) -> dict:
        """The data drawn as columns (header, kind, decimals) and rows of plain values:
        numbers rounded to their decimals, dates as ISO strings, gaps as ``None``."""
        columns = self.columns or {c: c for c in self.data.columns if c != "source_id"}
        out_columns, rows = [], []
        for name, header in columns.items():
            series = self.data[name]
            if pd.api.types.is_datetime64_any_dtype(series):
                kind, digits = "date", 0
            elif pd.api.types.is_bool_dtype(series):
                kind, digits = "text", 0
            elif pd.api.types.is_integer_dtype(series) or (
                    pd.api.types.is_numeric_dtype(series) and (series.dropna() % 1 == 0).all() and name not in self.digits):
                values = series.dropna()
                kind = "year" if len(values) and values.between(1800, 2100).all() else "integer"
                digits = 0
            elif pd.api.types.is_numeric_dtype(series):
                kind, digits = "number", self.digits.get(name, 2)
            else:
                kind, digits = "text", 0
            out_columns.append({"name": name, "header": header, "kind": kind, "digits": digits})
        for _, row in self.data.iterrows():
            rows.append([_plain(row[c["name"]], c["kind"], c["digits"]) for c in out_columns])
        for c in out_columns:
            del c["name"]
        row_sources = None
        if "source_id" in self.data.columns:
            row_sources = [[s for s in str(v).split(";") if s] if isinstance(v, str) else [] for v in self.data["source_id"]]
        return {"columns": out_columns, "rows": rows, "row_sources": row_sources}

    def payload(self) -> dict:
        """Everything the page needs, as plain data: the renderer (``_ext/book_figures.py``) turns it
        into the figure's markup, its static images and its downloads; sources are named by id
        and resolved at build time from the data package."""
        # A cell may name several sources ("a;b", as the data's `also` column does): each counts.
        ids = [part for sid in self.source_ids for part in str(sid).split(";") if part]
        return {"id": self.id, "lang": self.lang, "title": self.title, "caption": self.caption,
                "alt": self.alt_text, "source_ids": list(dict.fromkeys(ids)),
                "vegalite": self.vegalite(), "table": self.table()}


@dataclass
class FigureSet:
    """One figure in both editions: what a notebook glues (``glue.figure``).

    Its display carries the structured object under :data:`MIME`, which the book renders,
    and the English chart under Altair's own HTML renderer, which JupyterLab and Jupyter
    Notebook draw when a reader reruns the notebook.
    """

    editions: dict[str, Figure]

    def __post_init__(self):
        if set(self.editions) != set(i18n.LANGS) or len({f.id for f in self.editions.values()}) != 1:
            raise ValueError("a figure needs one Figure per edition, with the same id")
        for lang, fig in self.editions.items():
            if fig.lang != lang:
                raise ValueError(f"figure {fig.id!r}: the {lang} slot holds a {fig.lang} figure")

    @property
    def id(self) -> str:
        return self.editions["en"].id

    def bundle(self) -> dict:
        return {"id": self.id, "editions": {lang: self.editions[lang].payload() for lang in i18n.LANGS}}

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """The figure for the book (:data:`MIME`) and, for JupyterLab and Jupyter Notebook, the
        English chart as a Vega-Lite specification, which both draw with their built-in renderer
        (no script from another host, unlike Altair's HTML output)."""
        english = self.editions["en"]
        spec = english.chart.properties(title=english.title, description=english.alt_text).configure(**config("en"))
        return {MIME: self.bundle(), VEGALITE_MIME: spec.to_dict(),
                "text/plain": f"Figure {self.id!r}: {english.title}"}


LINK = "bm_url"
"""The data field holding a mark's source link, which its pinned tooltip offers (``_static/bm-charts.js``);
no mark carries Vega's ``href``, which would leave the book on a tap."""

DESCRIPTION = "bm_description"
"""The field a mark's words for assistive technology are computed into (:func:`described`)."""


def _field_path(name: str) -> list[str]:
    """A Vega-Lite field name as the keys it reads (``a.b`` is nested; ``a\\.b`` is one key)."""
    parts, current, i = [], "", 0
    while i < len(name):
        if name[i] == "\\" and i + 1 < len(name):
            current, i = current + name[i + 1], i + 2
            continue
        if name[i] == ".":
            parts.append(current)
            current = ""
        else:
            current += name[i]
        i += 1
    return parts + [current]


def _spoken(tip: dict) -> str:
    """A Vega expression for one tooltip line as words: its title and its value, formatted as the
    tooltip formats it (empty when the value is missing)."""
    ref = "datum" + "".join(f"[{json.dumps(key, ensure_ascii=False)}]" for key in _field_path(tip["field"]))
    kind = tip.get("type", "nominal")
    if kind == "quantitative":
        value = f"format({ref}, {json.dumps(tip.get('format', ','))})"
    elif kind == "temporal":
        value = f"timeFormat({ref}, {json.dumps(tip.get('format', '%Y-%m-%d'))})"
    else:
        value = f"('' + {ref})"
    title = str(tip.get("title") or "").strip()
    label = json.dumps(f"{title}: ", ensure_ascii=False) + " + " if title else ""
    return f"(isValid({ref}) ? {label}{value} : '')"


def described(spec: dict, lang: str) -> dict:
    """The specification with every mark named in words, in the edition's language.

    Left to itself, Vega names each mark for screen readers after its encoding channels and their
    raw field names ("y: 2; lane: Rupture; url: https://…") and describes axes and legends in
    English. Here a mark that carries a tooltip is named by what its tooltip says (title and value
    of each line, joined), computed into :data:`DESCRIPTION`; a mark without one (a label, a rule, a
    shape behind the data) is left out of the accessibility tree, as are axes and legends: the
    figure itself is named by its title and described by its text alternative, and its data table
    follows it. Changes ``spec`` in place and returns it."""
    separator = json.dumps("؛ " if lang == "ar" else "; ", ensure_ascii=False)
    config = spec.setdefault("config", {})
    for part in ("axis", "legend"):
        config.setdefault(part, {})["aria"] = False

    def visit(node: dict) -> None:
        for key in ("layer", "hconcat", "vconcat", "concat"):
            for child in node.get(key, []):
                visit(child)
        if isinstance(node.get("spec"), dict):
            visit(node["spec"])
        if "mark" not in node:
            return
        encoding = node.setdefault("encoding", {})
        tips = encoding.get("tooltip")
        tips = [tips] if isinstance(tips, dict) else tips
        if "description" in encoding:
            return
        if isinstance(tips, list) and tips and all("field" in t and "aggregate" not in t for t in tips):
            words = f" + {separator} + ".join(_spoken(t) for t in tips)
            node["transform"] = [*node.get("transform", []), {"calculate": words, "as": DESCRIPTION}]
            encoding["description"] = {"field": DESCRIPTION, "type": "nominal"}
        else:
            mark = node["mark"]
            node["mark"] = {**(mark if isinstance(mark, dict) else {"type": mark}), "aria": False}

    visit(spec)
    return spec


def _plain(value, kind: str, digits: int):
    """A table cell as plain JSON data."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if kind in ("year", "integer"):
        return int(value)
    if kind == "number":
        return round(float(value), digits)
    return str(value)


def trimmed(fmt: str) -> str:
    """A d3 number format that drops insignificant trailing zeros (",.2f" -> ",.2~f"): axes read
    0 · 0.5 · 1 rather than 0.00 · 0.50 · 1.00, and no value ends in ".0", as the Arab press and
    the house style write numbers."""
    return re.sub(r"\.(\d+)([efgr%])$", r".\1~\2", fmt) if "~" not in fmt else fmt


def lines(frame: pd.DataFrame, *, lang: str, x: str, y: str, series: str, series_title: str, y_title: str,
          y_format: str = ",.1f", order: list[str] | None = None, height: int = 320) -> alt.Chart:
    """One line per series over years; colour, dash and point shape all mark the series.

    ``frame`` is long: one row per (x, series) with the value in ``y``. Series names are
    already in the edition's language; ``order`` fixes their order in legend and colours.
    """
    i18n.check_lang(lang)
    order = order or list(dict.fromkeys(frame[series]))
    legend = alt.Legend(title=None, symbolStrokeWidth=2, symbolSize=120, labelLimit=320)
    encoding = dict(
        x=alt.X(f"{x}:Q", title=None, axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0, labelOverlap=True),
                scale=alt.Scale(zero=False, nice=False)),
        y=alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=trimmed(y_format), tickCount=6)),
        color=alt.Color(f"{series}:N", sort=order, scale=alt.Scale(domain=order, range=PALETTE[:len(order)]),
                        legend=legend),
        strokeDash=alt.StrokeDash(f"{series}:N", sort=order, scale=alt.Scale(domain=order, range=DASHES[:len(order)]),
                                  legend=legend),
        shape=alt.Shape(f"{series}:N", sort=order, scale=alt.Scale(domain=order), legend=legend),
        tooltip=[
            alt.Tooltip(f"{series}:N", title=series_title),
            alt.Tooltip(f"{x}:Q", title=i18n.t("year", lang), format="d"),
            alt.Tooltip(f"{y}:Q", title=y_title, format=trimmed(y_format)),
        ],
    )
    line = alt.Chart(frame).mark_line(strokeWidth=2.2).encode(
        **{k: v for k, v in encoding.items() if k != "shape"})
    points = alt.Chart(frame).mark_point(filled=True, size=55).encode(**encoding)
    return (line + points).properties(width="container", height=height)


def markers(frame: pd.DataFrame, *, x: str, y: str, label: str, tooltip: list[tuple[str, str]],
            color: str = "#000000", y_max: float | None = None, shape: str = "diamond",
            label_side: str = "above") -> alt.LayerChart:
    """Hollow marks with a text label: values stated by others, set against the data.

    ``tooltip`` lists (column, title) pairs; numeric columns are formatted like the axes.
    ``label_side`` puts the label "above" the mark or to its "right" (time runs left to
    right in both editions, so the right is after the point in either).
    """
    tips = []
    for column, title in tooltip:
        if pd.api.types.is_integer_dtype(frame[column]):
            tips.append(alt.Tooltip(f"{column}:Q", title=title, format="d"))
        elif pd.api.types.is_numeric_dtype(frame[column]):
            tips.append(alt.Tooltip(f"{column}:Q", title=title, format=",.2f"))
        else:
            tips.append(alt.Tooltip(f"{column}:N", title=title))
    y_enc = alt.Y(f"{y}:Q", scale=alt.Scale(domain=[0, y_max]) if y_max else alt.Undefined)
    marks = alt.Chart(frame).mark_point(shape=shape, size=170, strokeWidth=2, filled=False, color=color).encode(
        x=f"{x}:Q", y=y_enc, tooltip=tips)
    placement = dict(dy=-14) if label_side == "above" else dict(dx=11, align="left", dir="ltr")
    text = alt.Chart(frame).mark_text(fontSize=11, color=color, **placement).encode(
        x=f"{x}:Q", y=f"{y}:Q", text=f"{label}:N")
    return marks + text


def with_markers(chart: alt.LayerChart, frame: pd.DataFrame, more: list[tuple[pd.DataFrame, dict]] = (),
                 **kwargs) -> alt.LayerChart:
    """``chart`` (from :func:`lines`) with :func:`markers` drawn over it, keeping its size.

    ``more`` adds further marker sets as (frame, keyword arguments) pairs, each drawn with
    its own colour and shape. The value axis gets 15% headroom over the highest value of
    any of them, so labels stay inside.
    """
    y = kwargs["y"]
    sets = [(frame, kwargs)] + [(f, {**kwargs, **kw}) for f, kw in more]
    top = max([float(pd.to_numeric(chart.data[y]).max())] + [float(pd.to_numeric(f[y]).max()) for f, _ in sets])
    parents = [chart] + [markers(f, y_max=round(top * 1.15, 1), **kw) for f, kw in sets]
    layers = []
    for parent in parents:
        for layer in parent.layer:  # Altair hoists shared data to the parent: give it back to each layer
            layer = layer.copy()
            if layer.data is alt.Undefined:
                layer.data = parent.data
            layers.append(layer)
    return alt.layer(*layers).properties(width=chart.width, height=chart.height)


def bars(frame: pd.DataFrame, *, lang: str, category: str, value: str, value_title: str,
         value_format: str = ",.1f", series: str | None = None, series_title: str | None = None,
         series_order: list[str] | None = None,
         category_order: list[str] | None = None, height: int | None = None,
         tooltip: list[tuple[str, str]] | None = None, label_limit: int = 260,
         colors: list[str] | None = None) -> alt.Chart:
    """Horizontal bars, one row per ``category``; with ``series``, segments stacked in a row.

    In the Arabic edition the bars grow from right to left and the category labels sit on
    the right, the reading side. Colour marks the series (``colors`` overrides the palette,
    one per series) and every segment carries a tooltip, so no value is carried by colour
    alone; the figure's data table lists them too.
    """
    i18n.check_lang(lang)
    rtl = lang == "ar"
    category_order = category_order or list(dict.fromkeys(frame[category]))
    rows = len(category_order)
    tips = [alt.Tooltip(f"{category}:N", title=" ")]
    if series:
        if not series_title:
            raise ValueError("bars: a chart with series names what they are (series_title), in the edition's language")
        tips.append(alt.Tooltip(f"{series}:N", title=series_title))
    tips.append(alt.Tooltip(f"{value}:Q", title=value_title, format=trimmed(value_format)))
    for column, title in tooltip or []:
        tips.append(alt.Tooltip(f"{column}:N", title=title))
    encoding = dict(
        y=alt.Y(f"{category}:N", sort=category_order, title=None,
                axis=alt.Axis(labelLimit=label_limit, orient="right" if rtl else "left")),
        x=alt.X(f"{value}:Q", title=value_title, stack="zero" if series else None,
                axis=alt.Axis(format=trimmed(value_format), tickCount=6, orient="bottom", titleAngle=0,
                              titleX=alt.Undefined, titleY=alt.Undefined, titleAlign="center",
                              titleBaseline="top"),
                scale=alt.Scale(reverse=rtl)),
        tooltip=tips,
    )
    if series:
        series_order = series_order or list(dict.fromkeys(frame[series]))
        frame, encoding["color"], encoding["order"] = _stacked(frame, series, series_order, colors, columns=2)
    else:
        encoding["color"] = alt.value(PALETTE[0])
    chart = alt.Chart(frame).mark_bar(height={"band": 0.7}).encode(**encoding)
    return chart.properties(width="container", height=height or max(120, 34 * rows))


def _stacked(frame: pd.DataFrame, series: str, series_order: list[str], colors: list[str] | None,
             **legend) -> tuple[pd.DataFrame, alt.Color, alt.Order]:
    """Colour and stacking order for segments stacked by ``series`` (in :func:`bars` and
    :func:`periods`): colours, legend and the order of segments in each stack all follow
    ``series_order``; ``colors`` overrides the palette; ``legend`` adds legend options."""
    color = alt.Color(f"{series}:N", sort=series_order, title=None,
                      scale=alt.Scale(domain=series_order, range=colors or PALETTE[:len(series_order)]),
                      legend=alt.Legend(title=None, labelLimit=320, **legend))
    frame = frame.assign(bm_order=frame[series].map({s: i for i, s in enumerate(series_order)}))
    return frame, color, alt.Order("bm_order:Q")


def timeline(frame: pd.DataFrame, *, lang: str, date: str, lane: str, text: str, lane_order: list[str],
             date_label: str = "date_label", height: int | None = None, href: str | None = None,
             tooltip: list[tuple[str, str]] | None = None, by_month: bool = False) -> alt.Chart:
    """Events as points on a time axis, one lane per kind; each point's tooltip gives date and event.

    Lanes are told apart by colour and by shape, and named on the axis, so colour never
    carries the meaning alone. Time runs left to right in both editions (as on the line charts).
    ``href`` names a column of links: a tap or click on a point pins its tooltip with a link to
    its source, opened in a new tab (``_static/bm-charts.js`` reads it from :data:`LINK`); the
    point itself never navigates. ``tooltip`` adds (column, title) pairs; ``by_month`` labels the
    axis by month, for spans of a year or two.
    """
    i18n.check_lang(lang)
    shapes = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
    lanes = alt.Scale(domain=lane_order, range=PALETTE[:len(lane_order)])
    axis = (alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 3}, labelAngle=0, labelOverlap=True)
            if by_month else alt.Axis(format="%Y", tickCount="year", labelAngle=0))
    tips = [alt.Tooltip(f"{date_label}:N", title=i18n.t("date", lang)),
            alt.Tooltip(f"{text}:N", title=i18n.t("event", lang))]
    tips += [alt.Tooltip(f"{column}:N", title=title) for column, title in tooltip or []]
    encoding = dict(
        x=alt.X(f"{date}:T", title=None, axis=axis),
        y=alt.Y(f"{lane}:N", sort=lane_order, title=None,
                axis=alt.Axis(orient="right" if lang == "ar" else "left", labelLimit=200)),
        color=alt.Color(f"{lane}:N", scale=lanes, legend=None),
        shape=alt.Shape(f"{lane}:N", scale=alt.Scale(domain=lane_order, range=shapes[:len(lane_order)]), legend=None),
        tooltip=tips,
    )
    if href:
        frame = frame.assign(**{LINK: frame[href]})
    chart = alt.Chart(frame).mark_point(filled=True, size=110, opacity=0.85, cursor="pointer" if href else "default"
                                        ).encode(**encoding)
    return chart.properties(width="container", height=height or 60 * len(lane_order) + 40)


def country_labels(features: list[dict], names: dict[str, str]) -> pd.DataFrame:
    """Label positions for countries on a map: the middle of the bounding box of each
    named country's largest piece inside the map. ``names`` maps Natural Earth's English
    name to the label to write."""
    rows = []
    for feature in features:
        name = feature["properties"]["name"]
        if name not in names:
            continue
        ring = max((p[0] for p in maps.polygons(feature["geometry"])), key=lambda r: (max(x for x, _ in r) - min(x for x, _ in r))
                   * (max(y for _, y in r) - min(y for _, y in r)))
        xs, ys = [x for x, _ in ring], [y for _, y in ring]
        rows.append({"lon": (min(xs) + max(xs)) / 2, "lat": (min(ys) + max(ys)) / 2, "name": names[name]})
    return pd.DataFrame(rows, columns=["lon", "lat", "name"])


def map_places(places: pd.DataFrame, ids: list[str], sides: list[str], lang: str) -> pd.DataFrame:
    """The rows of ``places`` (the places table indexed by place_id) named in ``ids``, ready for
    :func:`route_map`: coordinates, the name in the edition's language and the label side."""
    i18n.check_lang(lang)
    name = "name_en" if lang == "en" else "name_ar"
    return pd.DataFrame({"lon": places.loc[ids, "lon"].values, "lat": places.loc[ids, "lat"].values,
                         "name": places.loc[ids, name].values, "label_side": sides})


def map_legs(places: pd.DataFrame, pairs: list[tuple[str, str, str]], lang: str, label_prefix: str) -> pd.DataFrame:
    """Legs between places for :func:`route_map`: one row per (from, to, kind); the kind is named by
    the label ``<label_prefix>.<kind>`` in the edition's language."""
    return pd.DataFrame([{"lon": places.loc[a, "lon"], "lat": places.loc[a, "lat"], "lon2": places.loc[b, "lon"],
                          "lat2": places.loc[b, "lat"], "leg": i18n.t(f"{label_prefix}.{kind}", lang)}
                         for a, b, kind in pairs])


def country_names(features: list[dict], names: list[str], lang: str) -> pd.DataFrame:
    """:func:`country_labels` for Natural Earth country ``names``, written with the ``country.*`` labels."""
    return country_labels(features, {n: i18n.t(f"country.{n}", lang) for n in names})


def route_map(features: list[dict], places: pd.DataFrame, legs: pd.DataFrame, *, lang: str,
              leg_order: list[str], height: int = 420, highlight: list[str] = (),
              areas: list[dict] = (), countries: pd.DataFrame | None = None,
              leg_colors: list[str] | None = None) -> alt.LayerChart:
    """A map: country shapes (from :func:`bakumoscow.maps.basemap`), legs drawn as straight
    segments, and labelled places.

    ``places`` has ``lon``, ``lat``, ``name`` (in the edition's language) and ``label_side``
    ("right" or "left" of its point, as seen on the map);
    ``legs`` has ``lon``, ``lat``, ``lon2``, ``lat2`` and ``leg`` (its kind, named in the
    edition's language; ``leg_order`` fixes colours and dashes). Legs are told apart by
    colour and by dash, and named in the legend; ``highlight`` lists country names
    (Natural Earth's English names) drawn in a darker grey; ``areas`` are further shapes
    (provinces) drawn over the countries with a dashed outline; ``countries`` (from
    :func:`country_labels`) writes country names in grey italics. Mercator, so north is up.
    """
    i18n.check_lang(lang)
    # The shapes are background (aria=False keeps them out of the accessibility tree); the
    # figure's text alternative says what the map shows.
    base = alt.Chart(alt.Data(values=features)).mark_geoshape(stroke="#8a8a8a", strokeWidth=0.6, aria=False).encode(
        fill=alt.condition(alt.FieldOneOfPredicate(field="properties.name", oneOf=list(highlight)),
                           alt.value("#d9d4c7"), alt.value("#eeece6")),
        tooltip=alt.value(None),
    )
    kinds = alt.Scale(domain=leg_order, range=(leg_colors or [PALETTE[5], PALETTE[0], PALETTE[2], PALETTE[3]])[:len(leg_order)])
    legend = alt.Legend(title=None, orient="bottom", direction="vertical", symbolType="stroke",
                        symbolStrokeWidth=3, labelLimit=420)
    route = alt.Chart(legs).mark_rule(strokeWidth=3).encode(
        longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q",
        color=alt.Color("leg:N", scale=kinds, legend=legend),
        strokeDash=alt.StrokeDash("leg:N", scale=alt.Scale(domain=leg_order, range=(DASHES[1:] + DASHES[:1])[:len(leg_order)]),
                                  legend=legend),
        tooltip=[alt.Tooltip("leg:N", title=i18n.t("map.leg", lang))],
    )
    dots = alt.Chart(places).mark_circle(size=70, color="#000000", opacity=1).encode(
        longitude="lon:Q", latitude="lat:Q",
        tooltip=[alt.Tooltip("name:N", title=i18n.t("map.place", lang))],
    )
    layers = [base]
    if areas:
        layers.append(alt.Chart(alt.Data(values=list(areas))).mark_geoshape(
            fill="#f3d3bd", fillOpacity=0.85, stroke="#b3541e", strokeWidth=1.2, strokeDash=[4, 2], aria=False).encode(
            tooltip=alt.Tooltip("properties.label:N", title=i18n.t("map.place", lang))))
    if countries is not None and len(countries):
        layers.append(alt.Chart(countries).mark_text(fontSize=12, fontStyle="italic", color="#6b6b6b", dir="ltr").encode(
            longitude="lon:Q", latitude="lat:Q", text="name:N"))
    layers += [route, dots]
    unknown = set(places["label_side"]) - {"left", "right"}
    if unknown:
        raise ValueError(f"route_map: label_side must be 'left' or 'right', not {sorted(unknown)}")
    for side, align, dx in (("right", "left", 8), ("left", "right", -8)):
        subset = places[places["label_side"] == side]
        if len(subset):
            # dir="ltr" pins the anchor: inside an RTL page, "left" would otherwise mean the text's start, its right end.
            layers.append(alt.Chart(subset).mark_text(align=align, dx=dx, dy=-2, fontSize=13, fontWeight="bold", dir="ltr")
                          .encode(longitude="lon:Q", latitude="lat:Q", text="name:N"))
    return alt.layer(*layers).project(type="mercator").properties(width="container", height=height)


def periods(frame: pd.DataFrame, *, lang: str, period: str, value: str, series: str, series_title: str,
            series_order: list[str], value_title: str, height: int = 300, colors: list[str] | None = None) -> alt.Chart:
    """Stacked columns over time, one per period (already labelled, in order), one segment per series.

    Time runs left to right in both editions; colour marks the series, which the legend
    names and every segment's tooltip repeats, with the count.
    """
    i18n.check_lang(lang)
    order = list(dict.fromkeys(frame[period]))
    frame, color, stacking = _stacked(frame, series, series_order, colors)
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X(f"{period}:N", sort=order, title=None, axis=alt.Axis(labelAngle=-45, labelLimit=120)),
        y=alt.Y(f"{value}:Q", title=value_title, stack="zero", axis=alt.Axis(format="d", tickMinStep=1)),
        color=color,
        order=stacking,
        tooltip=[alt.Tooltip(f"{period}:N", title=" "), alt.Tooltip(f"{series}:N", title=series_title),
                 alt.Tooltip(f"{value}:Q", title=value_title, format="d")],
    ).properties(width="container", height=height)
