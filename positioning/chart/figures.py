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
  touching the title (in the app, under the plot when the labels gain from
  its room); long titles, names and factor labels are wrapped between words,
  never inside one (Chinese between the words :mod:`positioning.chart.text`
  finds);
* players at one level on a factor are set side by side, so every marker shows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from positioning.chart.annotations import callouts
from positioning.chart.plain import FigureSpec, as_figure, plotly_json
from positioning.chart.players import (
    MARKER_GAP,
    Look,
    band_traces,
    competitor_palette,
    player_looks,
    player_traces,
    rgb_of,
    side_by_side,
    target_look,
)
from positioning.chart.ranking_figures import contribution_figure, tornado_figure
from positioning.chart.style import (
    _TEMPLATE,
    BAND_COLOR,
    COMPETITOR_COLORS,
    DASHES,
    FONT,
    INK,
    LEGEND_WIDTH,
    MUTED,
    SHORTLIST_BADGE,
    SHORTLIST_EDGE,
    SHORTLIST_KEY,
    SHORTLIST_TINT,
    SUBJECT_COLOR,
    SYMBOLS,
)
from positioning.chart.text import _bold, _html, _shorten, _text_width, badge, longest_piece, wrap_label
from positioning.chart.view import LAYERS, ORDERS, Screen, View, chart_language
from positioning.chart.voice import Voice, voice_layers
from positioning.core.analysis import analyse
from positioning.core.model import CATEGORIES, Canvas, Factor
from positioning.core.scoring import Ranking
from positioning.i18n.wording import category_label, join_names, t

#: With the parts of the strategy canvas that live in the modules beside this one, split by role.
__all__ = [
    "BAND_COLOR",
    "COMPETITOR_COLORS",
    "DASHES",
    "LAYERS",
    "MARKER_GAP",
    "ORDERS",
    "SUBJECT_COLOR",
    "SYMBOLS",
    "Look",
    "Screen",
    "View",
    "Voice",
    "band_traces",
    "canvas_figure",
    "chart_language",
    "competitor_palette",
    "contribution_figure",
    "draw_canvas",
    "factor_order",
    "figure_spec",
    "filtered",
    "legend_below_frees_room",
    "margins",
    "player_looks",
    "player_traces",
    "readable_width",
    "rgb_of",
    "shortlist_marks",
    "side_by_side",
    "target_look",
    "tick_labels",
    "titles",
    "tornado_figure",
    "wrap_label",
]

#: Title and legend names wrap at about this many Latin characters.
TITLE_WIDTH = 58
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
#: A word too long for a label's line may take this share of its column by the 0.56 em estimate (a line, 0.85
#: of it): Latin letters average nearer 0.5 em, so the word still keeps clear of its neighbours.
_WORD_ROOM = 1.1


def readable_width(factors: Sequence[Factor], *, legend_below: bool = False) -> int:
    """The narrowest chart whose factor labels are all whole (wrapped, not cut or turned): on screen, a
    chart narrower than this is drawn this wide and scrolls sideways. With the legend under the plot
    (``legend_below``), the legend's column at the right is not needed.

    >>> from positioning import load_canvas
    >>> readable_width(load_canvas("configs/southwest_airlines.yaml").factors)
    1079
    """
    chars = max(_label_chars(f.name) for f in factors) + 1  # any label may be bold (_chars)
    word = max(longest_piece(f.name) for f in factors) + 1  # on one line, however long (tick_labels)
    columns = [max(chars / 0.85, word / _WORD_ROOM) * size * _CHAR_EM for size, _ in _LABEL_SIZES]
    fitting = [c for c, (size, low) in zip(columns, _LABEL_SIZES, strict=True) if c >= low]
    side = _SIDE_PIXELS - (_LEGEND_PIXELS if legend_below else 0)
    return side + math.ceil(len(factors) * min(fitting, default=columns[-1]))


def legend_below_frees_room(factors: Sequence[Factor], width: int) -> bool:
    """Whether the factor labels of a chart ``width`` pixels wide get a larger font or fewer lines with the
    legend under the plot than in its column at the right (which takes a fifth of a 1,400 px chart)."""
    beside, below = (tick_labels(factors, (), width, legend_below=b) for b in (False, True))
    return below.size > beside.size or _lines(below.labels) < _lines(beside.labels)


def _lines(labels: Sequence[str]) -> int:
    return max(label.count("<br>") for label in labels) + 1


def _label_chars(name: str) -> int:
    """The fewest characters a line of ``name``'s label can hold with the label whole (at most five lines)."""
    return next((c for c in range(7, 25) if "…" not in _tick_label(name, c, vertical=False)), 24)


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
    These options are a :class:`View`'s (:meth:`View.of`); :func:`draw_canvas` takes the view itself.
    """
    view = View.of(order=order, hidden=hidden, language=language, show=show, segment=segment, only=only)
    ranked = ranking or analyse(canvas).ranking
    return draw_canvas(canvas, ranked, view, width=width, height=height, screen=screen)


def draw_canvas(
    canvas: Canvas,
    ranking: Ranking,
    view: View,
    *,
    width: int = 1600,
    height: int | None = None,
    screen: Screen | None = None,
) -> go.Figure:
    """The strategy canvas of ``canvas`` ranked as ``ranking`` (its :class:`~positioning.core.analysis.Analysis`'s),
    as ``view`` shows it, fitted to ``width`` by ``height`` pixels (see :func:`canvas_figure`), as a
    ``go.Figure`` (:func:`figure_spec` is the same figure as plain dicts)."""
    return as_figure(figure_spec(canvas, ranking, view, width=width, height=height, screen=screen))


def figure_spec(
    canvas: Canvas,
    ranking: Ranking,
    view: View,
    *,
    width: int = 1600,
    height: int | None = None,
    screen: Screen | None = None,
) -> FigureSpec:
    """The figure :func:`draw_canvas` draws, as the plain dicts plotly sends to the browser and the
    renderer (``go.Figure(...).to_plotly_json()``, byte for byte once turned into JSON), built without
    plotly's validating constructors."""
    factors = filtered(factor_order(canvas, ranking, view.order), view.only)
    language = view.wording(canvas)
    shown = tuple(name for name in canvas.competitors if name not in view.hidden)
    legend = screen.legend if screen else "right"
    ticks = tick_labels(factors, _shortlisted(ranking), width, legend_below=legend != "right")
    marks = shortlist_marks(factors, ranking, language)
    headings = titles(canvas, shown, language, ticks, drawn=len(factors))
    looks = player_looks(canvas, view.hidden)
    voice = voice_layers(canvas, factors, looks[-1], layers=view.layers, segment=view.segment, language=language)
    traces = [*voice.bars, *band_traces(factors, shown, t(language, "chart_band"))]
    players = player_traces(looks, factors, plot_unit(ticks))
    traces += players + list(voice.curves)
    if marks.key:
        traces.append(marks.key)
    heading = SCREEN_HEADING if screen else PRINT_HEADING
    layout = chart_layout(canvas, language, ticks, headings, margins(headings.title, ticks, height, heading), marks)
    layout["annotations"] += list(voice.arrows)
    if canvas.annotations:
        notes = callouts(canvas.annotations, factors, looks, players, chars=ticks.chars, level=canvas.scales.level)
        layout["annotations"] += notes
    if view.order == "category":
        groups = category_groups(factors, language)
        layout["shapes"] += [g for g in groups if g.get("type") == "line"]
        layout["annotations"] += [g for g in groups if "text" in g]
    if voice.axis:
        layout["yaxis2"] = voice.axis
        layout["legend"]["x"] = 1.07  # clear of the right-hand axis
    if legend != "right":
        layout["legend"] = _legend_below(stacked=legend == "stacked")
    return plotly_json(traces, layout)


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
    # Words are never broken: a longer line than the others (into the room kept between neighbours), in a
    # smaller font if need be, holds the longest word.
    word = max(longest_piece(f.name) + (f.name in shortlisted) for f in factors)
    while size > _LABEL_SIZES[0][0] and word * size * _CHAR_EM > column * _WORD_ROOM:
        size -= 1
    chars = _line_chars(column, size)
    vertical = chars < 7  # too narrow for words: turn the labels
    labels = tuple(
        _bold(_tick_label(f.name, _chars(chars, f.name in shortlisted), vertical), f.name in shortlisted)
        for f in factors
    )
    return Ticks(column=column, size=size, chars=chars, vertical=vertical, labels=labels)


def _line_chars(column: float, size: int) -> int:
    """Latin characters a label's line holds in a ``column`` pixels wide at ``size``, with room between neighbours."""
    return int(column / (size * _CHAR_EM) * 0.85)


def plot_unit(ticks: Ticks) -> float:
    """Pixels to one factor's column on the x axis, whose range runs 0.6 column before the first factor
    and 0.4 after the last (:func:`_x_axis`)."""
    n = len(ticks.labels)
    return ticks.column * n / (n + 0.2)


def _chars(chars: int, bold: bool) -> int:
    """Characters a line of a label holds: a bold one (shortlisted) is about a character wider in
    eight, so it holds one fewer, down to the seven a line needs."""
    return max(7, chars - 1) if bold else chars


def _tick_label(name: str, chars: int, vertical: bool) -> str:
    return _html(_shorten(name, 30)) if vertical else wrap_label(name, min(chars, 24), max_lines=5)


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
        key=_shortlist_key(t(language, "chart_shortlist", n=len(shortlisted)), t(language, "chart_shortlist_badges")),
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


def _shortlist_key(name: str, badges: str) -> dict[str, Any]:
    """The legend entry for the shortlist's columns: its name, and under it what the badges say."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": f"{_html(name)}<br>{wrap_label(badges, LEGEND_WIDTH, max_lines=2)}",
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
    lines = _lines(labels)
    label_depth = tick_size * (1.4 + _LINE_SPACING * (lines - 1)) + _LABEL_GAP
    footnote_depth = _FOOTNOTE_STANDOFF + _FOOTNOTE_SIZE * _CAP_SHIFT  # reserved by plotly even when empty
    return math.ceil(label_depth + footnote_depth)
