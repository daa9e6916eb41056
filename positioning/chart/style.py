"""The chart's colours and fonts: the subject's deep red, the competitors' colour-blind-safe
Okabe-Ito colours, dashes and symbols, the band's and the shortlist's tints."""

from __future__ import annotations

from typing import Any

# A deep red: darker than every competitor colour, so the subject also leads in greyscale.
SUBJECT_COLOR = "#B2182B"


# Okabe-Ito colours, most distinct first (no black: it would outshout the subject).
COMPETITOR_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#7F7F7F", "#D55E00")


DASHES = ("dash", "dot", "dashdot", "longdashdot", "2px,5px", "12px,4px,2px,4px,2px,4px", "longdash")


SYMBOLS = ("square", "diamond", "triangle-up", "x", "triangle-down", "star", "cross", "pentagon", "hexagon")


BAND_COLOR = "rgba(110, 110, 110, 0.16)"


IMPORTANCE_COLOR = "rgba(11, 92, 173, 0.13)"


SHORTLIST_TINT = "rgba(240, 180, 0, 0.13)"


SHORTLIST_EDGE = "rgba(160, 110, 0, 0.55)"


SHORTLIST_KEY = "rgba(240, 180, 0, 0.45)"


SHORTLIST_BADGE = "#5c4300"


FONT = "'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', Arial, sans-serif"


INK = "#222222"


MUTED = "#666666"


# An empty template: every style is set explicitly, so the chart does not
# change with plotly's default template.
_TEMPLATE: dict[str, Any] = {"data": {}, "layout": {}}


LEGEND_WIDTH = 22


CRITERION_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
