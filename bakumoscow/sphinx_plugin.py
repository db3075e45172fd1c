"""The book's figures inside the documentation build (imported by Sphinx and myst-nb only).

myst-nb finds :class:`FigureMimeRenderer` through the ``myst_nb.mime_renderers`` entry point
(``pyproject.toml``): when a notebook output carries a figure (media type
:data:`bakumoscow.charts.MIME`), it becomes a :class:`figure_node` holding the figure's data,
in place of any other representation of the same output. ``_ext/book_figures.py`` writes the
node's markup, so changing the page markup never changes this package, and so never makes
the notebooks run again (tools/stamp.py leaves this module out of their digest).
"""

from __future__ import annotations

from docutils import nodes

MIME = "application/vnd.bakumoscow.figure+json"  # = bakumoscow.charts.MIME (kept free of that import)
VEGALITE = "application/vnd.vegalite."  # the same figure for JupyterLab (charts.VEGALITE_MIME)


class figure_node(nodes.General, nodes.Element):
    """A figure of the book: ``node["bundle"]`` is the glued data of both editions."""


class FigureMimeRenderer:
    """Renders the figure media type to a :class:`figure_node` (block outputs only)."""

    # Before text/html, whatever the builder: the page shows the book's figure, not Altair's output.
    mime_priority_overrides = [("*", MIME, 1)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type.startswith(VEGALITE):
            return []  # the chart for JupyterLab; the page shows the book's figure instead
        if data.mime_type != MIME or inline:
            return None
        bundle = data.content
        if not isinstance(bundle, dict) or "editions" not in bundle:
            raise ValueError(f"{data.source or 'a notebook'}: a figure output without its editions")
        return [figure_node(bundle=bundle, fig_id=bundle["id"])]
