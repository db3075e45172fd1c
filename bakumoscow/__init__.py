"""Shared code for the notebooks of *Baku and Moscow: from rapprochement to rupture*.

- :mod:`bakumoscow.data`: the one loader; validates the data package on every load.
- :mod:`bakumoscow.i18n`: labels, number and date formats for the two editions.
- :mod:`bakumoscow.charts`: the chart theme and the :class:`~bakumoscow.charts.Figure` wrapper.
- :mod:`bakumoscow.glue`: glue helpers that store every value once per edition.
"""

__version__ = "0.1.0"
