"""The customer's voice and the target on the strategy canvas: importance bars on a right-hand axis, and
the to-be curve with an arrow per move."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from positioning.chart.players import Look, _curve, target_look
from positioning.chart.style import IMPORTANCE_COLOR, MUTED
from positioning.chart.text import _html
from positioning.core.model import Canvas, Factor
from positioning.core.survey import importance_interval
from positioning.i18n.wording import figure, t


@dataclass(frozen=True)
class Voice:
    """The customer's voice and the target on the chart: importance bars and their axis, the to-be curve."""

    bars: tuple[dict[str, Any], ...] = ()
    axis: dict[str, Any] | None = None
    curves: tuple[dict[str, Any], ...] = ()
    arrows: tuple[dict[str, Any], ...] = ()


def voice_layers(
    canvas: Canvas,
    factors: Sequence[Factor],
    subject: Look,
    *,
    layers: Collection[str],
    segment: str | None,
    language: str,
) -> Voice:
    """The ``layers`` (of :data:`~positioning.chart.view.LAYERS`) that the canvas has data for."""
    bars, axis = _importance_layer(canvas, factors, segment, language) if "importance" in layers else ((), None)
    curves, arrows = _target_layer(canvas, factors, subject, language) if "target" in layers else ((), ())
    return Voice(bars=bars, axis=axis, curves=curves, arrows=arrows)


def _importance_layer(
    canvas: Canvas, factors: Sequence[Factor], segment: str | None, language: str
) -> tuple[tuple[dict[str, Any], ...], dict[str, Any] | None]:
    """Light bars behind the curves, drawn on the level axis and read on a right-hand importance axis."""
    chosen = next((g for g in canvas.segments if g.name == segment), None)
    overall = canvas.importance()
    if chosen is None and overall is None:
        return (), None
    by_name = dict(zip(canvas.factor_names, overall or (), strict=False))
    values = [float(chosen.importance[f.name]) if chosen else by_name[f.name] for f in factors]
    (s_low, s_high), (low, high) = canvas.scales.score, canvas.scales.level

    def on_levels(v: float) -> float:
        return low + (v - s_low) / (s_high - s_low) * (high - low)

    name = t(language, "chart_importance_segment", segment=chosen.name) if chosen else t(language, "chart_importance")
    bar = {
        "type": "bar",
        "x": list(range(len(factors))),
        "y": [on_levels(v) - low for v in values],
        "base": low,
        "width": 0.55,
        "name": _html(name),
        "marker": {"color": IMPORTANCE_COLOR, "line": {"width": 0}},
        # the value, and as the tables and the deck write it (figure: 4.35, 3, never 3.00)
        "customdata": [[_html(f.name), v, figure(v, language)] for f, v in zip(factors, values, strict=True)],
        "hovertemplate": "<b>%{customdata[0]}</b><br>"
        + _html(name).replace("%", "&#37;")  # a segment named "50%{y}" is no template
        + ": %{customdata[2]}<extra></extra>",
        "legendrank": 60,
    }
    if chosen is None:
        _whiskers(bar, name, canvas, factors, (high - low) / (s_high - s_low), language)
    span = high - low
    ends = (low - 0.06 * span, high + 0.13 * span)  # the level axis's range (_y_axis), read as importance
    axis = {
        "overlaying": "y",
        "side": "right",
        "range": [s_low + (e - low) / span * (s_high - s_low) for e in ends],
        # whole steps on a short scale (1-5), plotly's own on a long one
        **({"tick0": s_low, "dtick": 1} if s_high - s_low <= 10 else {}),
        "showgrid": False,
        "zeroline": False,
        "ticks": "",
        "tickfont": {"color": MUTED},
        "title": {"text": _html(name), "font": {"size": 16, "color": MUTED}},
        "automargin": True,
    }
    anchor = {"type": "scatter", "x": [], "y": [], "yaxis": "y2", "showlegend": False, "hoverinfo": "skip"}
    return (bar, anchor), axis


def _whiskers(
    bar: dict[str, Any], name: str, canvas: Canvas, factors: Sequence[Factor], stretch: float, language: str
) -> None:
    """The 95% interval of each surveyed importance as error bars on ``bar`` (in level points: ``stretch``
    per score point), and in its hover; nothing when no factor's importance came from a survey."""
    score = canvas.scales.score
    intervals = [importance_interval(f, score) for f in factors]
    if all(i is None for i in intervals):
        return
    up, down, said = [], [], []
    for f, interval in zip(factors, intervals, strict=True):
        value = float(f.importance or 0.0)
        low, high = interval or (value, value)
        up.append((high - value) * stretch)
        down.append((value - low) * stretch)
        words = {"low": figure(low, language), "high": figure(high, language), "n": f.importance_n}
        said.append(t(language, "chart_importance_interval", **words) if interval else "")
    bar["error_y"] = {
        "type": "data",
        "symmetric": False,
        "array": up,
        "arrayminus": down,
        "color": MUTED,
        "thickness": 1.5,
        "width": 4,
    }
    bar["name"] = _html(t(language, "chart_importance_with_interval", name=name))
    bar["customdata"] = [[*row, text] for row, text in zip(bar["customdata"], said, strict=True)]
    bar["hovertemplate"] = bar["hovertemplate"].replace("<extra>", "<br>%{customdata[3]}<extra>")


def _target_layer(
    canvas: Canvas, factors: Sequence[Factor], subject: Look, language: str
) -> tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]]:
    """The to-be curve in the subject's colour, dashed, and an arrow from each level to its target."""
    if factors[0].target is None:
        return (), ()
    look = target_look(canvas, subject, language)
    curve = _curve(
        look, range(len(factors)), [float(f.target or 0.0) for f in factors], [_html(f.name) for f in factors]
    )
    arrows = tuple(
        {
            "x": i,
            "y": float(f.target or 0.0),
            "ax": i,
            "ay": float(f.levels[canvas.subject]),
            "xref": "x",
            "yref": "y",
            "axref": "x",
            "ayref": "y",
            "text": "",
            "showarrow": True,
            "arrowhead": 2,
            "arrowsize": 1.2,
            "arrowwidth": 2,
            "arrowcolor": subject.color,
            "standoff": 8,
            "startstandoff": 8,
        }
        for i, f in enumerate(factors)
        if f.target is not None and abs(f.target - f.levels[canvas.subject]) > 1e-9
    )
    return (curve,), arrows
