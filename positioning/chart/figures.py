"""The strategy canvas as a plotly figure: pure, no I/O.

Design choices for a chart that goes into a client deck:

* the subject is a thick solid line with large round markers in the darkest
  colour, drawn last so it sits on top of every competitor, in colour and in
  greyscale print;
* competitors use colour-blind-safe Okabe-Ito colours *and* a distinct dash
  pattern and marker shape each, so they stay apart in greyscale too;
* the competitors' min-max range is shaded as the industry band;
* shortlisted factors get a tinted, dotted-outline column, a rank badge
  ("=1" for a shared rank) and a bold label;
* the legend sits at the right, so any number of players fits without
  touching the title; long titles, names and factor labels are wrapped
  (Chinese by character, other text by word, hyphen or slash).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import plotly.graph_objects as go
import pyphen

from positioning.core.model import CATEGORIES, CRITERIA, Canvas, Factor
from positioning.core.robustness import TornadoBar
from positioning.core.scoring import Ranking, rank
from positioning.i18n.wording import category_label, check_language, criterion_label, join_names, language_of, t

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

#: Title and legend names wrap at about this many Latin characters.
TITLE_WIDTH = 58
LEGEND_WIDTH = 22
#: Pixels the plot area loses to the margins and the legend at the right.
_LEGEND_PIXELS = 270
_SIDE_PIXELS = 90 + 30 + _LEGEND_PIXELS
#: A Latin character is about this share of the font size wide.
_CHAR_EM = 0.56


@dataclass(frozen=True)
class Heading:
    """The title block's text sizes and gaps, which set the top margin (see _top_margin)."""

    title: int
    subtitle: int
    baseline: int  # the title's first baseline, from the top edge
    gap: int  # from the title's last baseline to the plot area, holding the subtitle
    gap_auto: int  # the same, when plotly places the title (automargin)


#: Exports: a slide's or a report's title block.
PRINT_HEADING = Heading(title=32, subtitle=19, baseline=83, gap=61, gap_auto=46)
#: On screen the page's own header names the canvas: a compact block leaves the plot the height.
SCREEN_HEADING = Heading(title=22, subtitle=15, baseline=34, gap=44, gap_auto=36)
#: Beyond this share of the chart's height the fixed margins give way to plotly's.
_MAX_MARGIN_SHARE = 0.55
_FOOTNOTE_SIZE = 15
_FOOTNOTE_STANDOFF = 16
_LABEL_GAP = 18  # between the axis line and the factor labels
#: plotly sets the lines of a text 1.3 em apart and an axis title 0.7 em deep.
_LINE_SPACING = 1.3
_CAP_SHIFT = 0.7
#: Below this many pixels per factor the turned 13 px labels (and the 15 px
#: subject markers) crowd each other: at 1600 px, past 50 factors. The chart
#: then says so in its subtitle.
MIN_COLUMN = 24
#: Label fonts by column width (pixels per factor), narrowest first: (size, from this width).
_LABEL_SIZES = ((13, 0), (15, 100), (18, 120))


def readable_width(factors: Sequence[Factor], *, legend_below: bool = False) -> int:
    """The narrowest chart whose factor labels are all whole (wrapped, not cut or turned): on screen, a
    chart narrower than this is drawn this wide and scrolls sideways. With the legend under the plot
    (``legend_below``), the legend's column at the right is not needed.

    >>> from positioning import load_canvas
    >>> readable_width(load_canvas("configs/southwest_airlines.yaml").factors)
    939
    """
    chars = max(_label_chars(f.name) for f in factors) + 1  # any label may be bold (_chars)
    columns = [chars / 0.85 * size * _CHAR_EM for size, _ in _LABEL_SIZES]  # as tick_labels fits them
    fitting = [c for c, (size, low) in zip(columns, _LABEL_SIZES, strict=True) if c >= low]
    side = _SIDE_PIXELS - (_LEGEND_PIXELS if legend_below else 0)
    return side + math.ceil(len(factors) * min(fitting, default=columns[-1]))


def _label_chars(name: str) -> int:
    """The fewest characters a line of ``name``'s label can hold with the label whole (at most five lines)."""
    return next((c for c in range(7, 25) if "…" not in _tick_label(name, c, vertical=False)), 24)


def chart_language(canvas: Canvas) -> str:
    """ "zh" for a canvas whose title is written in Chinese, else "en"."""
    return language_of(canvas.title)


def canvas_figure(
    canvas: Canvas,
    *,
    order: str = "file",
    ranking: Ranking | None = None,
    hidden: Collection[str] = (),
    language: str | None = None,
    width: int = 1600,
    height: int | None = None,
    show: Collection[str] = ("target",),
    segment: str | None = None,
    only: Collection[str] | None = None,
    screen: Screen | None = None,
) -> go.Figure:
    """The strategy canvas of ``canvas``.

    ``order`` is ``"file"`` (factors as written) or ``"rank"`` (best first).
    ``hidden`` names competitors to leave out (the subject is always drawn).
    ``language`` (``"en"`` or ``"zh"``) sets the chart's own wording; by
    default Chinese when the title is written in Chinese. ``width`` is the
    width in pixels the chart will be drawn at; factor labels are fitted to it
    (the figure itself stays responsive). ``height``, when known, lets a chart
    too short for the usual title and label margins leave them to plotly.
    ``show`` adds layers the canvas has data for: ``"target"`` (the to-be
    curve, dashed, with an arrow per move; on by default) and
    ``"importance"`` (customer importance as light bars behind the curves,
    on a right-hand axis; of ``segment`` when one is named). ``only``, when
    given, names the factors to draw (a filter; the subtitle says how many are
    left out); the ranking stays that of every factor. ``screen`` draws it for
    the app: a compact title block, and the legend where :class:`Screen` puts it.
    """
    ranking = ranking or rank(canvas)
    factors = filtered(factor_order(canvas, ranking, order), only)
    language = check_language(language or chart_language(canvas))
    shown = tuple(name for name in canvas.competitors if name not in hidden)
    legend = screen.legend if screen else "right"
    ticks = tick_labels(factors, _shortlisted(ranking), width, legend_below=legend != "right")
    marks = shortlist_marks(factors, ranking, language)
    headings = titles(canvas, shown, language, ticks, drawn=len(factors))
    # Traces and layout are built as plain dicts and validated once by
    # go.Figure: several times faster than add_trace/add_vrect/update_layout.
    looks = player_looks(canvas, hidden)
    voice = voice_layers(canvas, factors, looks[-1], show=show, segment=segment, language=language)
    traces = [*voice.bars, *band_traces(factors, shown, t(language, "chart_band"))]
    traces += player_traces(looks, factors) + list(voice.curves)
    if marks.key:
        traces.append(marks.key)
    heading = SCREEN_HEADING if screen else PRINT_HEADING
    layout = chart_layout(canvas, language, ticks, headings, margins(headings.title, ticks, height, heading), marks)
    layout["annotations"] += list(voice.arrows)
    if order == "category":
        groups = category_groups(factors, language)
        layout["shapes"] += [g for g in groups if g.get("type") == "line"]
        layout["annotations"] += [g for g in groups if "text" in g]
    if voice.axis:
        layout["yaxis2"] = voice.axis
        layout["legend"]["x"] = 1.07  # clear of the right-hand axis
    if legend != "right":
        layout["legend"] = _legend_below(stacked=legend == "stacked")
    return go.Figure({"data": traces, "layout": layout})


@dataclass(frozen=True)
class Screen:
    """The chart drawn in the app rather than exported."""

    #: Where the legend goes: "right" of the plot; "below" it, in rows, when the window is too narrow
    #: for both the legend's column and whole labels; "stacked" below it, an entry a line, on a phone.
    legend: Literal["right", "below", "stacked"] = "right"


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
    show: Collection[str],
    segment: str | None,
    language: str,
) -> Voice:
    """The layers ``show`` asks for that the canvas has data for."""
    bars, axis = _importance_layer(canvas, factors, segment, language) if "importance" in show else ((), None)
    curves, arrows = _target_layer(canvas, factors, subject, language) if "target" in show else ((), ())
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
        "customdata": [[_html(f.name), v] for f, v in zip(factors, values, strict=True)],
        "hovertemplate": "<b>%{customdata[0]}</b><br>"
        + _html(name).replace("%", "&#37;")  # a segment named "50%{y}" is no template
        + ": %{customdata[1]:.2f}<extra></extra>",
        "legendrank": 60,
    }
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


def target_look(canvas: Canvas, subject: Look, language: str) -> Look:
    """How the to-be curve is drawn: in the subject's colour, dashed, with open circles."""
    name = t(language, "chart_target", subject=canvas.subject)
    return Look(name=name, color=subject.color, dash="dash", symbol="circle-open", width=3, size=13, rank=2)


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


# The stages of canvas_figure, in the order it calls them: each a pure
# function of plain data, tested as data in tests/test_figures.py.


@dataclass(frozen=True)
class Ticks:
    """The factor labels, fitted to the width of their columns."""

    column: float  # pixels per factor
    size: int  # font size
    chars: int  # Latin characters per line, with room between neighbours
    vertical: bool  # too narrow for words: the labels are turned
    labels: tuple[str, ...]  # markup, bold for a shortlisted factor


@dataclass(frozen=True)
class Look:
    """How one player's curve is drawn."""

    name: str
    color: str
    dash: str
    symbol: str
    width: float
    size: float
    rank: int  # place in the legend


@dataclass(frozen=True)
class Marks:
    """The shortlist's tinted columns, rank badges and legend key."""

    shapes: tuple[dict[str, Any], ...]
    badges: tuple[dict[str, Any], ...]
    key: dict[str, Any] | None  # a legend entry for the columns; None without a shortlist


@dataclass(frozen=True)
class Titles:
    """The title and subtitle as markup."""

    title: str  # wrapped onto at most two lines
    subtitle: str  # led by a note when there are too many factors to read


@dataclass(frozen=True)
class Margins:
    """The top and bottom margins, and the gap under the title."""

    top: int
    bottom: int
    title_pad: int
    fixed: bool  # False: plotly's automargin sizes them (a chart too short for these)
    heading: Heading = PRINT_HEADING


ORDERS = ("file", "rank", "category")
#: How far apart, in columns, the markers of players at the same level on a factor are set.
COINCIDING_STEP = 0.16
#: The chart's optional layers (``show``): the to-be curve and customer importance.
LAYERS = ("target", "importance")


def factor_order(canvas: Canvas, ranking: Ranking, order: str) -> tuple[Factor, ...]:
    """The factors as written (``"file"``), best first (``"rank"``) or grouped by category
    (``"category"``: product, relationship, brand, then those without one; file order within)."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}, not {order!r}")
    if order == "file":
        return tuple(canvas.factors)
    if order == "category":
        group = {c: k for k, c in enumerate(CATEGORIES)}
        return tuple(
            sorted(canvas.factors, key=lambda f: group.get(f.category, len(group)) if f.category else len(group))
        )
    position = {f.name: i for i, f in enumerate(ranking.factors)}
    return tuple(sorted(canvas.factors, key=lambda f: position[f.name]))


def filtered(factors: tuple[Factor, ...], only: Collection[str] | None) -> tuple[Factor, ...]:
    """The factors named in ``only`` (all of them when it is None); never none at all."""
    if only is None:
        return factors
    kept = tuple(f for f in factors if f.name in only)
    if not kept:
        raise ValueError("the filter leaves no factor to draw")
    return kept


def category_groups(factors: Sequence[Factor], language: str) -> tuple[dict[str, Any], ...]:
    """For factors grouped by category: a dotted line between groups and each group's name under the plot's top."""
    marks: list[dict[str, Any]] = []
    start = 0
    for k in range(1, len(factors) + 1):
        if k < len(factors) and factors[k].category == factors[start].category:
            continue
        if start > 0:
            marks.append(
                {
                    "type": "line",
                    "x0": start - 0.5,
                    "x1": start - 0.5,
                    "y0": 0,
                    "y1": 1,
                    "xref": "x",
                    "yref": "paper",
                    "line": {"color": "#999999", "width": 1, "dash": "dot"},
                    "layer": "below",
                }
            )
        name = category_label(language, factors[start].category) if factors[start].category else t(language, "none")
        marks.append(
            {
                "text": f"<i>{_html(name)}</i>",
                "x": (start + k - 1) / 2,
                "y": 0,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 14, "color": MUTED},
            }
        )
        start = k
    return tuple(marks)


def tick_labels(
    factors: Sequence[Factor], shortlisted: Collection[str], width: int, *, legend_below: bool = False
) -> Ticks:
    """The factor labels fitted to a chart ``width`` pixels wide (its legend at the right, or below):
    wrapped words in wide columns, turned and shortened ones in narrow columns."""
    side = _SIDE_PIXELS - (_LEGEND_PIXELS if legend_below else 0)
    column = max(width - side, 200) / len(factors)
    size = 18 if column >= 120 else 15 if column >= 100 else 13
    chars = int(column / (size * _CHAR_EM) * 0.85)  # with room between neighbours
    vertical = chars < 7  # too narrow for words: turn the labels
    labels = tuple(
        _bold(_tick_label(f.name, _chars(chars, f.name in shortlisted), vertical), f.name in shortlisted)
        for f in factors
    )
    return Ticks(column=column, size=size, chars=chars, vertical=vertical, labels=labels)


def _chars(chars: int, bold: bool) -> int:
    """Characters a line of a label holds: a bold one (shortlisted) is about a character wider in
    eight, so it holds one fewer, down to the seven a line needs."""
    return max(7, chars - 1) if bold else chars


def _tick_label(name: str, chars: int, vertical: bool) -> str:
    return _html(_shorten(name, 30)) if vertical else wrap_label(name, min(chars, 24), max_lines=5)


def band_traces(factors: Sequence[Factor], shown: Sequence[str], name: str) -> list[dict[str, Any]]:
    """The industry band: the min-max range of the ``shown`` competitors as
    an upper edge and a lower edge filled up to it; none for fewer than two."""
    if len(shown) < 2:
        return []
    columns = [[float(f.levels[p]) for p in shown] for f in factors]
    x = list(range(len(factors)))
    edge = {"type": "scatter", "x": x, "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip"}
    upper = {**edge, "y": [max(c) for c in columns], "showlegend": False}
    lower = {**edge, "y": [min(c) for c in columns], "fill": "tonexty", "fillcolor": BAND_COLOR}
    return [upper, {**lower, "name": name, "legendrank": 900}]


def player_looks(canvas: Canvas, hidden: Collection[str] = ()) -> tuple[Look, ...]:
    """How each player is drawn: the competitors not ``hidden``, in file
    order, then the subject, last so it is drawn on top.

    A competitor keeps its colour, dash and symbol when others are hidden."""
    style = canvas.style
    subject = next(p for p in canvas.players if p.name == canvas.subject)
    subject_color = subject.color or style.subject_color or SUBJECT_COLOR
    palette = list(style.competitor_colors) or competitor_palette(
        [p.color for p in canvas.players if p.color] + [subject_color]
    )
    competitors = [p for p in canvas.players if p.name != canvas.subject]
    looks = [
        Look(
            name=p.name,
            color=p.color or palette[i % len(palette)],
            dash=DASHES[i % len(DASHES)],
            symbol=SYMBOLS[i % len(SYMBOLS)],
            width=2.5,
            size=10,
            rank=10 + i,
        )
        for i, p in enumerate(competitors)
        if p.name not in hidden
    ]
    subject_look = Look(subject.name, subject_color, dash="solid", symbol="circle", width=5, size=15, rank=1)
    return (*looks, subject_look)


def player_traces(looks: Sequence[Look], factors: Sequence[Factor]) -> list[dict[str, Any]]:
    """One curve per look, in the looks' order, over the ``factors``; players at the same level on a
    factor are set side by side there (:func:`side_by_side`), so every marker stays visible."""
    names = [_html(f.name) for f in factors]  # hover text
    levels = [[float(f.levels[look.name]) for f in factors] for look in looks]
    xs = side_by_side(levels)
    return [_curve(look, x, y, names) for look, x, y in zip(looks, xs, levels, strict=True)]


def side_by_side(levels: Sequence[Sequence[float]]) -> list[list[float]]:
    """Each curve's x positions (factor k at k) with the markers of curves at the same level on a factor
    spread around it, ``COINCIDING_STEP`` apart, in the curves' order.

    >>> side_by_side([[0, 5], [0, 6], [0, 5]])
    [[-0.16, 0.92], [0.0, 1.0], [0.16, 1.08]]
    """
    xs = [[float(k) for k in range(len(curve))] for curve in levels]
    for k in range(len(levels[0]) if levels else 0):
        groups: dict[float, list[int]] = {}
        for c, curve in enumerate(levels):
            groups.setdefault(round(curve[k], 9), []).append(c)
        for members in groups.values():
            for place, c in enumerate(members):
                xs[c][k] = round(k + (place - (len(members) - 1) / 2) * COINCIDING_STEP, 6)
    return xs


def shortlist_marks(factors: Sequence[Factor], ranking: Ranking, language: str) -> Marks:
    """A tinted column and a rank badge per shortlisted factor, and a legend
    key for the columns."""
    ranked = ranking.by_name()
    shared = Counter(f.rank for f in ranking.factors)
    shortlisted = [(i, ranked[f.name].rank) for i, f in enumerate(factors) if ranked[f.name].shortlisted]
    if not shortlisted:
        return Marks(shapes=(), badges=(), key=None)
    return Marks(
        shapes=tuple(_shortlist_column(i) for i, _ in shortlisted),
        badges=tuple(_rank_badge(i, badge(r, shared[r])) for i, r in shortlisted),
        key=_shortlist_key(t(language, "chart_shortlist", n=len(shortlisted))),
    )


def _shortlist_column(i: int) -> dict[str, Any]:
    return {
        "type": "rect",
        "xref": "x",
        "yref": "paper",
        "x0": i - 0.42,
        "x1": i + 0.42,
        "y0": 0,
        "y1": 1,
        "fillcolor": SHORTLIST_TINT,
        "line": {"width": 1.2, "color": SHORTLIST_EDGE, "dash": "dot"},
        "layer": "below",
    }


def _rank_badge(i: int, text: str) -> dict[str, Any]:
    return {
        "x": i,
        "y": 1.0,
        "yref": "paper",
        "yanchor": "top",
        "yshift": -3,
        "showarrow": False,
        "text": f"<b>{text}</b>",
        "font": {"size": 17, "color": SHORTLIST_BADGE},
    }


def _shortlist_key(name: str) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": name,
        "marker": {"symbol": "square", "size": 18, "color": SHORTLIST_KEY},
        "legendrank": 950,
    }


def titles(canvas: Canvas, shown: Sequence[str], language: str, ticks: Ticks, drawn: int | None = None) -> Titles:
    """The wrapped title, and the subtitle (the style's, else who is compared
    with whom), led by a note when the factors are too many to read and
    ended by one when a filter leaves some out (``drawn`` of them are)."""
    subject = canvas.subject
    subtitle = canvas.style.subtitle or t(
        language, "chart_subtitle", subject=subject, competitors=_competitor_names(shown, language)
    )
    if drawn is not None and drawn < len(canvas.factors):
        subtitle += t(language, "chart_filtered", shown=drawn, total=len(canvas.factors))
    return Titles(
        title=wrap_label(canvas.title, TITLE_WIDTH, max_lines=2),
        subtitle=_subtitle(subtitle, len(ticks.labels), ticks.column, language),
    )


def _competitor_names(shown: Sequence[str], language: str) -> str:
    """The competitors by name, or by number when the names would be too long."""
    names = join_names(shown, language) or t(language, "chart_no_competitor")
    if len(shown) > 3 or _text_width(names) > 60:
        return t(language, "chart_competitors", n=len(shown))
    return names


def margins(title: str, ticks: Ticks, height: int | None, heading: Heading = PRINT_HEADING) -> Margins:
    """Fixed margins (see _top_margin) unless they would squeeze the plot
    area; then plotly's automargin, which keeps a minimum plot height, sizes
    them (and draws twice)."""
    top = _top_margin(title, heading)
    bottom = 40 if ticks.vertical else _bottom_margin(ticks.labels, ticks.size)
    if height is None or top + bottom <= _MAX_MARGIN_SHARE * height:
        pad = math.ceil(heading.gap + _title_extra_depth(title, heading))
        return Margins(top=top, bottom=bottom, title_pad=pad, fixed=True, heading=heading)
    return Margins(top=24, bottom=40, title_pad=heading.gap_auto, fixed=False, heading=heading)


def chart_layout(
    canvas: Canvas, language: str, ticks: Ticks, headings: Titles, margin: Margins, marks: Marks
) -> dict[str, Any]:
    """The figure's layout: fonts, title, legend, margins, marks and axes."""
    style = canvas.style
    font = f"'{style.font}', {FONT}" if style.font else FONT
    background = "white" if style.background == "white" else "rgba(0, 0, 0, 0)"
    return {
        "template": _TEMPLATE,
        "font": {"family": font, "size": 18, "color": INK},
        "paper_bgcolor": background,
        "plot_bgcolor": background,
        "title": _title(headings, margin),
        "legend": _legend(),
        # The legend and the y axis may still push their margins; so may the x axis.
        "margin": {"l": 90, "r": 50, "t": margin.top, "b": margin.bottom, "autoexpand": True},
        "hovermode": "closest",
        "shapes": list(marks.shapes),
        "annotations": list(marks.badges),
        "xaxis": _x_axis(ticks, style.footnote or ""),
        "yaxis": _y_axis(canvas.scales.level, language),
    }


def _title(headings: Titles, margin: Margins) -> dict[str, Any]:
    return {
        "text": f"<b>{headings.title}</b>",
        "x": 0.0,
        "xref": "paper",
        "xanchor": "left",
        # Above the plot area, in a top margin sized for its lines (_top_margin).
        "y": 1.0,
        "yref": "paper",
        "yanchor": "bottom",
        "automargin": not margin.fixed,
        "pad": {"b": margin.title_pad},
        "font": {"size": margin.heading.title},
        "subtitle": {"text": headings.subtitle, "font": {"size": margin.heading.subtitle, "color": MUTED}},
    }


def _legend() -> dict[str, Any]:
    return {
        "orientation": "v",
        "x": 1.01,
        "xanchor": "left",
        "y": 1.0,
        "yanchor": "top",
        "font": {"size": 17},
        "itemwidth": 60,
        "tracegroupgap": 4,
        "traceorder": "normal",
    }


def _legend_below(*, stacked: bool) -> dict[str, Any]:
    """The legend under the factor labels, at the foot of the figure (whose bottom margin grows to hold
    it): in rows, or ``stacked`` an entry a line at the left, where a phone shows it without scrolling."""
    return {
        "orientation": "v" if stacked else "h",
        "x": 0,
        "xanchor": "left",
        "yref": "container",
        "y": 0,
        "yanchor": "bottom",
        "font": {"size": 14 if stacked else 13},
        "itemwidth": 40,
        "entrywidth": 0,  # each entry as wide as its words: fewer rows
        "entrywidthmode": "pixels",
        "tracegroupgap": 2,
        "traceorder": "normal",
    }


def _x_axis(ticks: Ticks, footnote: str) -> dict[str, Any]:
    n = len(ticks.labels)
    return {
        "tickmode": "array",
        "tickvals": list(range(n)),
        "ticktext": list(ticks.labels),
        "range": [-0.6, n - 0.4],
        "tickangle": -90 if ticks.vertical else 0,
        "automargin": True,
        # Labels fit their columns; "hide past div" would measure every label on every draw.
        "ticklabeloverflow": "allow",
        "showgrid": False,
        "showline": True,
        "linecolor": "#999999",
        "ticks": "",
        "tickfont": {"size": ticks.size},
        # The footnote (e.g. the source) sits under the factor labels as the axis title,
        # so it moves with them whatever their height.
        "title": {
            "text": _html(footnote),
            "font": {"size": _FOOTNOTE_SIZE, "color": MUTED},
            "standoff": _FOOTNOTE_STANDOFF,
        },
        "zeroline": False,
    }


def _y_axis(level: tuple[float, float], language: str) -> dict[str, Any]:
    low, high = level
    span = high - low
    return {
        "title": {"text": t(language, "chart_y"), "font": {"size": 18, "color": MUTED}},
        # headroom above the scale for the shortlist badges
        "range": [low - 0.06 * span, high + 0.13 * span],
        "showgrid": True,
        "gridcolor": "#e6e6e6",
        "zeroline": False,
        "automargin": True,
        "ticklabeloverflow": "allow",
        "showline": False,
        "ticks": "",
        "tickfont": {"color": MUTED},
    }


def _shortlisted(ranking: Ranking) -> frozenset[str]:
    return frozenset(f.name for f in ranking.factors if f.shortlisted)


# Why the top and bottom margins are computed here rather than left to
# plotly's automargin: when the factor labels or the title push a margin,
# plotly draws the whole chart a second (or third) time, which doubles the
# time to draw it, in the app and in every export. And a title that pushes
# the top margin late in the first draw, with nothing else pushing, leaves
# the curves and legend where the first draw put them (plotly.js 4.1), so the
# title keeps a fixed margin. Both need only line counts and font sizes; the
# label heights are those of Noto Sans CJK, the tallest of the fonts measured
# (tests/test_figure_layout.py checks the layout in Chromium). Vertical
# labels (many factors) depend on the text's width, so they still push the
# bottom margin and cost the second draw; so does a chart too short for the
# fixed margins, where plotly's automargin keeps a minimum plot height.


def _subtitle(text: str, n: int, column: float, language: str) -> str:
    """The subtitle line, led by a plain note when there are too many factors to read."""
    if column >= MIN_COLUMN:
        return _html(_shorten(text, 110))
    note = t(language, "chart_crowded", n=n)
    return f"<b>{_html(note)}</b> · {_html(_shorten(text, 110 - _text_width(note) - 3))}"


def _title_extra_depth(title: str, heading: Heading) -> float:
    """How much lower the last line of a wrapped title sits than the first."""
    return heading.title * _LINE_SPACING * title.count("<br>")


def _top_margin(title: str, heading: Heading) -> int:
    """Room for the (one or two line) title, the subtitle and the gap under them.

    Without automargin plotly hangs the title's lines down from its first
    baseline, so the title is lifted by its extra lines (its pad) and the
    margin grows by as much: the subtitle keeps its place over the plot area
    and the title its distance from the top edge."""
    return math.ceil(heading.baseline + _title_extra_depth(title, heading) + heading.gap)


def _bottom_margin(labels: Sequence[str], tick_size: int) -> int:
    """Room for the horizontal factor labels and the footnote under them.

    The x axis keeps automargin: a font taller than Noto's only costs the
    second draw."""
    lines = max(label.count("<br>") for label in labels) + 1
    label_depth = tick_size * (1.4 + _LINE_SPACING * (lines - 1)) + _LABEL_GAP
    footnote_depth = _FOOTNOTE_STANDOFF + _FOOTNOTE_SIZE * _CAP_SHIFT  # reserved by plotly even when empty
    return math.ceil(label_depth + footnote_depth)


CRITERION_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")


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


def tornado_figure(
    bars: Sequence[TornadoBar], *, factor: str, score: float, step: float, language: str = "en"
) -> go.Figure:
    """One factor's tornado: its composite with each criterion's weight moved down and up by ``step``.

    Bars start at the composite at the current weights (the vertical line);
    the criterion whose weight moves the score most is on top.
    """
    language = check_language(language)
    mine = sorted((b for b in bars if b.factor == factor), key=lambda b: abs(b.high - b.low))
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
    layout = {
        "template": _TEMPLATE,
        "barmode": "overlay",
        "font": {"family": FONT, "size": 14, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": 300,
        "margin": {"l": 10, "r": 20, "t": 40, "b": 40},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "xaxis": {"title": {"text": t(language, "chart_composite")}, "gridcolor": "#e6e6e6", "zeroline": False},
        "yaxis": {"automargin": True, "ticks": ""},
        "shapes": [
            {"type": "line", "x0": score, "x1": score, "y0": 0, "y1": 1, "yref": "paper", "line": {"color": INK}}
        ],
    }
    return go.Figure({"data": traces, "layout": layout})


def competitor_palette(taken: Sequence[str]) -> list[str]:
    """The default competitor colours, minus those too close to a colour in use.

    A brand-green subject must not share its hue with a green competitor.
    """
    used = [rgb for rgb in map(rgb_of, taken) if rgb]
    free = [c for c in COMPETITOR_COLORS if all(_distance(rgb_of(c), u) > 90 for u in used)]
    return free or list(COMPETITOR_COLORS)


def rgb_of(color: str) -> tuple[int, int, int] | None:
    """The red, green and blue of a valid canvas colour (``#rgb``, ``#rrggbb`` or ``rgb(r, g, b)``)."""
    color = color.strip()
    if color.startswith("#"):
        digits = color[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    numbers = re.findall(r"[0-9.]+", color)
    return (int(float(numbers[0])), int(float(numbers[1])), int(float(numbers[2]))) if len(numbers) >= 3 else None


def _distance(a: tuple[int, int, int] | None, b: tuple[int, int, int]) -> float:
    return math.dist(a, b) if a else math.inf


def _curve(look: Look, x: Sequence[float], y: Sequence[float], factors: Sequence[str]) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": list(x),
        "y": list(y),
        "name": wrap_label(look.name, LEGEND_WIDTH, max_lines=3),
        "mode": "lines+markers",
        "customdata": list(factors),
        "line": {"color": look.color, "width": look.width, "dash": look.dash},
        "marker": {
            "symbol": look.symbol,
            "size": look.size,
            "color": look.color,
            "line": {"color": "white", "width": 1.5},
        },
        "hovertemplate": f"<b>{_html(look.name).replace('%', '&#37;')}</b><br>%{{customdata}}: %{{y}}<extra></extra>",
        "legendrank": look.rank,
    }


def badge(rank: int, count: int) -> str:
    """A rank badge: "#2", or "=2" when several factors share the rank."""
    return f"={rank}" if count > 1 else f"#{rank}"


def _shorten(text: str, width: int) -> str:
    """``text`` cut to about ``width`` Latin characters, with an ellipsis."""
    out = ""
    for char in text:
        if _text_width(out + char) > width - 1:
            return out.rstrip() + "…"
        out += char
    return out


def _bold(text: str, on: bool) -> str:
    return f"<b>{text}</b>" if on else text


def _cell_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def wrap_label(text: str, width: int, max_lines: int = 4) -> str:
    """Wrap ``text`` for a tick label, ``width`` in Latin characters per line.

    Wide (Chinese, Japanese, Korean) characters count double and may break
    anywhere; other text breaks between words. Lines are joined with ``<br>``.

    >>> wrap_label("Frequent point-to-point departures", 12)
    'Frequent<br>point-<br>to-point<br>departures'
    >>> wrap_label("第三空间体验与社交氛围", 8)
    '第三空间<br>体验与社<br>交氛围'
    >>> wrap_label("叫车等待时间短", 12)
    '叫车等待<br>时间短'
    >>> wrap_label("energy-efficiency audits", 8)
    'energy-<br>effi-<br>ciency<br>audits'
    >>> wrap_label("customisation", 9)
    'customi-<br>sation'
    """
    lines = _balance(_tokenise(text, width), width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += "…"
    return "<br>".join(_html(line) for line in lines)


def _tokenise(text: str, width: int) -> list[str]:
    """The pieces a line may break between: words (or parts of words too
    wide for a line), single wide characters, and " " between words."""
    tokens: list[str] = []
    for word in text.split():
        tokens += [*_word_tokens(word, width), " "]
    return tokens[:-1]


def _word_tokens(word: str, width: int) -> list[str]:
    """One word as tokens: each wide character alone; a word wider than a
    line broken after a hyphen, dash or slash, and failing that hyphenated."""
    tokens: list[str] = []
    chunk = ""
    for char in word:
        if _cell_width(char) == 2:
            tokens += [chunk, char] if chunk else [char]
            chunk = ""
            continue
        chunk += char
        if char in "-–/" and len(chunk) > 3 and len(word) > width:
            tokens.append(chunk)
            chunk = ""
    return [*tokens, *_hyphenate(chunk, width)] if chunk else tokens


def _hyphenate(chunk: str, width: int) -> list[str]:
    """``chunk`` in pieces of about ``width`` characters, hyphenated by
    pyphen's dictionaries (else where the line ends)."""
    pieces: list[str] = []
    while len(chunk) > width + 1 and width > 3:
        split = _hyphenator().wrap(chunk, width) or (chunk[: width - 1] + "-", chunk[width - 1 :])
        pieces.append(split[0])
        chunk = split[1]
    return [*pieces, chunk]


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def _balance(tokens: Sequence[str], width: int) -> list[str]:
    """The tokens filled into lines at the narrowest width that needs no more
    lines than ``width`` does, so a name does not end with one orphaned character."""
    lines = _fill(tokens, width)
    for narrower in range(width - 1, 0, -1):
        candidate = _fill(tokens, narrower)
        if len(candidate) > len(lines):
            break
        lines = candidate
    return lines


def _fill(tokens: Sequence[str], width: int) -> list[str]:
    """Greedy line filling of word / wide-character tokens."""
    lines: list[str] = []
    line = ""
    for token in tokens:
        candidate = line + token
        if line.strip() and token != " " and _text_width(candidate.rstrip()) > width:
            lines.append(line.strip())
            line = token
        else:
            line = candidate
    lines.append(line.strip())
    return lines


def _text_width(text: str) -> int:
    return sum(map(_cell_width, text))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
