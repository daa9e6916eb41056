"""The Ranking tab's charts: each factor's composite as stacked contributions, and one factor's tornado."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from positioning.chart.style import _TEMPLATE, CRITERION_COLORS, FONT, INK
from positioning.chart.text import _bold, wrap_label
from positioning.core.model import CRITERIA
from positioning.core.robustness import TornadoBar
from positioning.core.scoring import Ranking
from positioning.i18n.formatting import FIGURE_DIGITS, figure
from positioning.i18n.wording import check_language, criterion_label, t


def contribution_figure(ranking: Ranking, *, language: str = "en") -> go.Figure:
    """Composite score per factor as stacked bars of each criterion's weighted
    contribution, best factor on top; shortlisted factors in bold."""
    language = check_language(language)
    factors = list(reversed(ranking.factors))  # plotly draws the first category at the bottom
    labels = [_bold(wrap_label(f.name, 22, max_lines=3), f.shortlisted) for f in factors]  # narrow on a phone
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": criterion_label(language, criterion),
            "y": list(range(len(factors))),  # by place: two factors whose labels read alike stay two bars
            "x": [f.contributions[criterion] for f in factors],
            "marker": {"color": CRITERION_COLORS[k]},
            "hovertemplate": f"{criterion_label(language, criterion)}: %{{x:.2f}}<extra></extra>",
        }
        for k, criterion in enumerate(CRITERIA)
    ]
    layout = {
        "template": _TEMPLATE,
        "barmode": "stack",
        "font": {"family": FONT, "size": 14, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": max(260, 36 * len(factors) + 110),
        "margin": {"l": 10, "r": 20, "t": 40, "b": 40},
        "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
        "xaxis": {
            "title": {"text": t(language, "chart_composite")},
            "range": [0, ranking.score_scale[1]],
            "gridcolor": "#e6e6e6",
            "zeroline": False,
        },
        "yaxis": {
            "automargin": True,
            "ticks": "",
            "tickmode": "array",
            "tickvals": list(range(len(factors))),
            "ticktext": labels,
            "range": [-0.5, len(factors) - 0.5],
            "showgrid": False,
            "zeroline": False,
        },
    }
    return go.Figure({"data": traces, "layout": layout})


#: Below this, a move of a weight leaves a composite as it is (float sums of equal scores differ in the last bits).
_FLAT = 1e-9
#: The smallest step a composite is shown in (two decimals, as every figure reads).
_SHOWN = 10.0**-FIGURE_DIGITS
#: Below this (half the last shown decimal) the bars could not be seen and their ends would read as the
#: score itself: the factor is said to be as good as flat.
_NEARLY_FLAT = _SHOWN / 2
#: The narrowest stretch of the composite the tornado's axis shows, so its ticks never read float noise.
_NARROWEST = 0.1
#: About this many ticks on the tornado's axis.
_TICKS = 5


def tornado_figure(
    bars: Sequence[TornadoBar], *, factor: str, score: float, step: float, language: str = "en"
) -> go.Figure:
    """One factor's tornado: its composite with each criterion's weight moved down and up by ``step``.

    Bars start at the composite at the current weights (the vertical line);
    the criterion whose weight moves the score most is on top. A factor whose four scores are
    equal (or that the moves change by less than :data:`_NEARLY_FLAT`) gets a sentence instead of
    bars. The axis has an explicit range, tick step and format: 3.95, 4, 4.05, never 3.999999999999999112.
    """
    language = check_language(language)
    mine = sorted((b for b in bars if b.factor == factor), key=lambda b: abs(b.high - b.low))
    layout: dict[str, Any] = {
        "template": _TEMPLATE,
        "barmode": "overlay",
        "font": {"family": FONT, "size": 14, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": 300,
        "margin": {"l": 10, "r": 20, "t": 40, "b": 40},
    }
    values = [score, *(b.low for b in mine), *(b.high for b in mine)]
    if (moved := max(values) - min(values)) < _NEARLY_FLAT:
        return go.Figure({"data": [], "layout": layout | _flat(score, language, nearly=moved > _FLAT, step=step)})
    low, high = min(values), max(values)
    pad = max(high - low, _NARROWEST) * 0.1
    labels = [criterion_label(language, b.criterion) for b in mine]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": t(language, key, points=round(step * 100, 1)),
            "y": labels,
            "x": [getattr(b, side) - score for b in mine],
            "base": score,
            "marker": {"color": color},
            "customdata": [getattr(b, side) for b in mine],
            "hovertemplate": "%{y}: %{customdata:.2f}<extra>"
            + t(language, key, points=round(step * 100, 1))
            + "</extra>",
        }
        for key, side, color in (("tornado_low", "low", "#D55E00"), ("tornado_high", "high", "#0072B2"))
    ]
    layout |= {
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "xaxis": {
            "title": {"text": t(language, "chart_composite")},
            "gridcolor": "#e6e6e6",
            "zeroline": False,
            "range": [low - pad, high + pad],
            "tickformat": ".2~f",
            "tick0": 0,
            "dtick": _tick_step(high - low + 2 * pad),  # a multiple of 0.01: no two ticks read alike
        },
        "yaxis": {"automargin": True, "ticks": ""},
        "shapes": [
            {"type": "line", "x0": score, "x1": score, "y0": 0, "y1": 1, "yref": "paper", "line": {"color": INK}}
        ],
    }
    return go.Figure({"data": traces, "layout": layout})


def _tick_step(span: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about :data:`_TICKS` ticks over ``span``,
    never finer than the shown decimals (:data:`_SHOWN`).

    >>> _tick_step(0.12), _tick_step(0.9), _tick_step(4), _tick_step(0.0001)
    (0.02, 0.2, 1.0, 0.01)
    """
    rough = max(span / _TICKS, _SHOWN)
    power = 10.0 ** math.floor(math.log10(rough))
    step = min((m * power for m in (1, 2, 5, 10)), key=lambda x: abs(math.log(x / rough)))
    return round(max(step, _SHOWN), FIGURE_DIGITS + 1)


def _flat(score: float, language: str, *, nearly: bool = False, step: float = 0.1) -> dict[str, Any]:
    """No bars and no axes: a sentence saying that no weight moves this factor's score (``nearly``: not
    by as much as the last shown decimal)."""
    hidden = {"visible": False, "range": [0, 1], "fixedrange": True}
    says = (
        t(language, "tornado_nearly_flat", score=figure(score, language), points=round(step * 100, 1))
        if nearly
        else t(language, "tornado_flat", score=figure(score, language))
    )
    note = {
        "text": wrap_label(says, 38),  # a phone's width
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": 15, "color": INK},
    }
    # no automargin: the margin the previous factor's labels pushed out must not push the sentence off a phone
    margin = {"l": 10, "r": 10, "t": 20, "b": 20, "autoexpand": False}
    return {
        "height": 120,
        "margin": margin,
        "showlegend": False,
        "xaxis": hidden,
        "yaxis": hidden,
        "annotations": [note],
    }
