"""What the app shows for a canvas: one pure function from the stored canvas
and the view options to every rendered output. Every word comes from
:mod:`positioning.i18n.wording`."""

from __future__ import annotations

import functools
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import plotly.graph_objects as go
from dash import dcc, html

from positioning.chart.figures import (
    FigureSpec,
    factor_order,
    figure_spec,
    filtered,
    legend_below_frees_room,
    readable_width,
)
from positioning.chart.plain import as_figure
from positioning.chart.ranking_figures import contribution_figure, tornado_figure
from positioning.chart.text import badge
from positioning.chart.view import LAYERS, Screen, View
from positioning.core.analysis import Analysis, analyse
from positioning.core.diagnostics import Diagnosis, Lead
from positioning.core.model import CRITERIA, Canvas, Factor
from positioning.core.panel import Panel
from positioning.core.robustness import Robustness, TornadoBar
from positioning.core.robustness import tornado as tornado_scores
from positioning.core.scoring import Ranking
from positioning.i18n.formatting import chance
from positioning.i18n.wording import (
    alignment_hint,
    category_label,
    criterion_label,
    diagnosis_summary,
    errc_entries,
    errc_within,
    figure,
    fixed,
    join_names,
    judged_names,
    lead_text,
    move_rows,
    panel_spread,
    panel_summary,
    robustness_lines,
    source_label,
    strategy_reason,
    t,
    target_measures,
    threshold_lines,
    weights_text,
)
from positioning.ui import ids
from positioning.ui.edits import factor_rows, segment_rows
from positioning.ui.grid_columns import drawn_player_rows, factor_columns, grid_options, segment_columns
from positioning.ui.help_links import caveats, heading, help_link, labelled, odds_heads, robustness_line, with_help

#: About the chart's width in the page at 1366-1920 pixel screens, for fitting labels.
SCREEN_WIDTH = 1000
#: A chart box narrower than this is on a phone: its legend goes under the plot.
PHONE_WIDTH = 600


@dataclass(frozen=True)
class Rendered:
    figure: go.Figure
    banner: Any
    diagnosis: Any
    factor_rows: list[dict[str, Any]]
    factor_columns: list[dict[str, Any]]
    player_rows: list[dict[str, Any]]
    segment_rows: list[dict[str, Any]]
    segment_columns: list[dict[str, Any]]
    segment_options: list[dict[str, str]]
    #: The chart's own width when the page is too narrow for its labels (it then scrolls sideways).
    graph_style: dict[str, str]
    #: The chart's text alternative: its curves' levels as a table.
    chart_table: Any = None
    #: Under the chart: that it scrolls sideways, when it is wider than its box.
    graph_note: str = ""
    #: Each data grid's options (by grid id): its height and its words.
    grid_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The chart's layers as checkboxes, those without data disabled with the reason.
    layer_options: list[dict[str, Any]] = field(default_factory=list)


def rendered(data: Mapping[str, Any], analysis: Analysis, view: View, width: int = SCREEN_WIDTH) -> Rendered:
    """Every view of the stored canvas ``data``, drawn from its ``analysis`` as ``view`` shows it.
    A filter (``view.only``) that keeps no factor draws them all and says so. ``width`` is the
    chart's width on the page, which its labels are fitted to; a chart too narrow for whole labels
    is drawn wider and scrolls. The app draws each tab's part only while the tab is shown
    (:func:`chart_tab`, :func:`data_tab`, :func:`side_panel`); this is all of them at once."""
    canvas, language = analysis.canvas, view.wording(analysis.canvas)
    chart, grids = chart_tab(analysis, view, width), data_tab(data, canvas, language)
    side = side_panel(canvas, language)
    return Rendered(
        figure=as_figure(chart.figure),  # a go.Figure for the Python API and the tests
        banner=chart.banner,
        diagnosis=diagnosis_view(analysis.diagnosis, language, view.hidden),
        factor_rows=grids.factor_rows,
        factor_columns=grids.factor_columns,
        player_rows=grids.player_rows,
        segment_rows=grids.segment_rows,
        segment_columns=grids.segment_columns,
        graph_style=chart.graph_style,
        chart_table=chart_table_of(analysis, view),
        graph_note=chart.graph_note,
        grid_options=grids.grid_options,
        segment_options=side.segment_options,
        layer_options=side.layer_options,
    )


@dataclass(frozen=True)
class ChartTab:
    """What the Chart tab draws (its table apart: :func:`chart_table_of`)."""

    figure: FigureSpec  # plain dicts: Dash sends them as they are (a go.Figure would be copied twice more)
    banner: Any
    graph_style: dict[str, str]
    graph_note: str


def chart_tab(analysis: Analysis, view: View, width: int = SCREEN_WIDTH) -> ChartTab:
    """The chart, the verdict above it and the chart's size on the page (see :func:`rendered`)."""
    canvas, ranking, language = analysis.canvas, analysis.ranking, view.wording(analysis.canvas)
    empty = view.only == ()
    drawn = canvas.factors if empty or view.only is None else [f for f in canvas.factors if f.name in view.only]
    chart = replace(view, only=None) if empty else view
    shown_factors = filtered(factor_order(canvas, ranking, view.order), chart.only)
    plain = _readable_width(drawn, legend_below=False)
    legend, needed = _legend_place(drawn, width, plain)
    figure = figure_spec(canvas, ranking, chart, width=max(width, needed), screen=Screen(legend=legend))
    return ChartTab(
        figure=figure,
        banner=_banner(analysis, view, language),
        graph_style=_graph_style(legend, needed, width, crowded=plain > width),
        graph_note=t(language, "chart_scrolls", n=len(shown_factors)) if needed > width else "",
    )


def chart_table_of(analysis: Analysis, view: View) -> list[Any]:
    """The chart's text alternative (:func:`chart_table`) for the factors ``view`` draws."""
    canvas, ranking, language = analysis.canvas, analysis.ranking, view.wording(analysis.canvas)
    only = None if view.only == () else view.only
    shown_factors = filtered(factor_order(canvas, ranking, view.order), only)
    return chart_table(canvas, shown_factors, ranking, language, view.hidden, "target" in view.layers)


def chart_table_summary(language: str) -> list[Any]:
    """The chart's table folded: its summary alone (the table is drawn when it is opened)."""
    return [html.Summary(t(language, "chart_table_summary"))]


@dataclass(frozen=True)
class DataTab:
    """What the Data tab's grids show: their rows, columns and options (the players' columns are the
    language's alone: :func:`~positioning.ui.grid_columns.player_columns`)."""

    factor_rows: list[dict[str, Any]]
    factor_columns: list[dict[str, Any]]
    player_rows: list[dict[str, Any]]
    segment_rows: list[dict[str, Any]]
    segment_columns: list[dict[str, Any]]
    grid_options: dict[str, dict[str, Any]]


def data_tab(data: Mapping[str, Any], canvas: Canvas, language: str) -> DataTab:
    """The Data tab's grids for the stored canvas ``data`` (``canvas`` is ``data`` validated)."""
    return DataTab(
        factor_rows=factor_rows(dict(data)),
        factor_columns=factor_columns(canvas, language),
        player_rows=drawn_player_rows(dict(data), canvas),
        segment_rows=segment_rows(dict(data)),
        segment_columns=segment_columns(canvas, language),
        grid_options={
            ids.FACTOR_GRID: grid_options(language, len(canvas.factors)),
            ids.PLAYER_GRID: grid_options(language, len(canvas.players)),
            ids.SEGMENT_GRID: grid_options(language, len(canvas.segments)),
        },
    )


@dataclass(frozen=True)
class SidePanel:
    """The chart's controls beside every tab: the segments to pick from, and the layers."""

    segment_options: list[dict[str, str]]
    layer_options: list[dict[str, Any]]


def side_panel(canvas: Canvas, language: str) -> SidePanel:
    return SidePanel(
        segment_options=[
            {"label": t(language, "segment_overall"), "value": ""},
            *({"label": g.name, "value": g.name} for g in canvas.segments),
        ],
        layer_options=layer_options(language, canvas),
    )


def layer_options(language: str, canvas: Canvas | None = None) -> list[dict[str, Any]]:
    """The chart's layers as checkboxes; with a ``canvas``, one it has no data for is disabled and says
    why, beside its name and in its tooltip (a phone has no hover)."""
    lacking = {"target": canvas.factors[0].target is None, "importance": canvas.importance() is None} if canvas else {}
    options: list[dict[str, Any]] = []
    for key in LAYERS:
        name = t(language, f"layer_{key}")
        if not lacking.get(key):
            options.append({"label": name, "value": key})
            continue
        reason = t(language, f"layer_{key}_lacking")
        label = html.Span([name, html.Span(reason, className="option-reason")], title=reason)
        options.append({"label": label, "value": key, "disabled": True})
    return options


def _banner(analysis: Analysis, view: View, language: str) -> Any:
    """The verdict, after what the chart could not draw as asked: a filter that keeps no factor,
    customer importance on a canvas without any."""
    empty = view.only == ()
    lacking = _no_importance(analysis.canvas, view.layers)
    notes = [key for key, on in (("filter_empty", empty), ("layer_no_importance", lacking)) if on]
    banner = verdict_banner(analysis.diagnosis, language, view.hidden, folded=True)
    if not notes:
        return banner
    return html.Div([*(html.P(t(language, k), className="alert alert-error") for k in notes), banner])


def _graph_style(legend: str, needed: int, width: int, *, crowded: bool) -> dict[str, str]:
    """The chart's own size on the page: as wide as whole labels need (it then scrolls sideways), and
    taller by the legend's rows when the legend is under the plot of a window too ``crowded`` for it beside
    (a laptop: the plot keeps its height); in a wide window, where the legend went under the plot to give
    the labels room, the chart keeps its height and the legend stays in view."""
    style = {"minWidth": f"{needed}px"} if needed > width else {}
    return {**style, "height": "calc(100vh - 215px)"} if legend == "below" and crowded else style


def _legend_place(
    factors: Sequence[Factor], width: int, plain: int
) -> tuple[Literal["right", "below", "stacked"], int]:
    """Where the chart's legend goes in a box ``width`` wide, and the width the chart needs for whole
    labels (``plain``: with the legend at the right): at the right when both fit and the labels would not
    gain from its room; below the plot when that saves scrolling sideways (a laptop) or gives the labels a
    larger font or fewer lines; stacked below on a phone."""
    if width < PHONE_WIDTH:
        return "stacked", _readable_width(factors, legend_below=True)
    if plain <= width and not _frees_room(factors, width):
        return "right", plain
    return "below", _readable_width(factors, legend_below=True)


#: Label widths kept by the factors' names (a weight change keeps them): a few canvases' worth.
_WIDTHS_KEPT = 64
_widths_lock = threading.Lock()
_widths: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def _by_names(factors: Sequence[Factor], how: tuple[Any, ...], measure: Callable[[], Any]) -> Any:
    """``measure()``, which depends on the factors' names and ``how`` alone, kept by both (bounded, thread-safe;
    names are the canvas's own content, so no request sees another's data through it)."""
    key = (tuple(f.name for f in factors), *how)
    with _widths_lock:
        if key in _widths:
            _widths.move_to_end(key)
            return _widths[key]
    value = measure()
    with _widths_lock:
        _widths[key] = value
        while len(_widths) > _WIDTHS_KEPT:
            _widths.popitem(last=False)
    return value


def _readable_width(factors: Sequence[Factor], *, legend_below: bool) -> int:
    """:func:`~positioning.chart.figures.readable_width`, kept by the factors' names."""
    width: int = _by_names(factors, ("width", legend_below), lambda: readable_width(factors, legend_below=legend_below))
    return width


def _frees_room(factors: Sequence[Factor], width: int) -> bool:
    """:func:`~positioning.chart.figures.legend_below_frees_room`, kept by the factors' names and ``width``."""
    frees: bool = _by_names(factors, ("room", width), lambda: legend_below_frees_room(factors, width))
    return frees


def chart_table(
    canvas: Canvas,
    factors: Sequence[Factor],
    ranking: Ranking,
    language: str,
    hidden: Collection[str],
    target: bool,
) -> list[Any]:
    """The chart as a table, for a screen reader and for anyone who wants the numbers: a row per factor
    drawn, in the chart's order, with its shortlist place and each drawn player's level (and the target)."""
    players = [p for p in canvas.player_names if p == canvas.subject or p not in hidden]
    targets = target and any(f.target is not None for f in factors)
    shared = Counter(f.rank for f in ranking.factors)
    places = {f.name: badge(f.rank, shared[f.rank]) for f in ranking.factors if f.shortlisted}  # as on the chart
    said: dict[float, str] = {}  # each level written once (a scale has few)

    def level(value: float) -> str:
        if value not in said:
            said[value] = figure(value, language)
        return said[value]

    head = [t(language, "factor"), t(language, "chart_table_place"), *players]
    head += [t(language, "chart_target", subject=canvas.subject)] if targets else []
    rows = [
        html.Tr(
            [
                html.Th(f.name, scope="row"),
                html.Td(places.get(f.name, ""), className="num"),
                *(html.Td(level(f.levels[p]), className="num") for p in players),
                *([html.Td(level(f.target) if f.target is not None else "", className="num")] if targets else []),
            ]
        )
        for f in factors
    ]
    return [
        html.Summary(t(language, "chart_table_summary")),
        html.Table(
            className="table",
            children=[
                html.Caption(t(language, "chart_table_caption", title=canvas.title)),
                html.Thead(
                    html.Tr([html.Th(h, scope="col", className="num" if i else None) for i, h in enumerate(head)])
                ),
                html.Tbody(rows),
            ],
        ),
    ]


def table_head(header: Sequence[Any], numeric: Collection[int] = ()) -> html.Thead:
    """A table's head row; the columns ``numeric`` (by position) right-aligned over their numbers."""
    return html.Thead(html.Tr([html.Th(h, className="num" if i in numeric else None) for i, h in enumerate(header)]))


def scrolling(name: str, table: html.Table) -> html.Section:
    """A table in a box that scrolls sideways on a narrow screen: a named region the keyboard can reach
    (and scroll with the arrow keys)."""
    named: dict[str, Any] = {"aria-label": name}
    return html.Section(className="table-scroll", tabIndex=0, role="region", children=table, **named)


def _no_importance(canvas: Canvas, layers: Collection[str]) -> bool:
    """Customer importance is asked for, and the canvas has none to draw."""
    return "importance" in layers and canvas.importance() is None


def verdict_banner(
    diagnosis: Diagnosis, language: str, hidden: Collection[str] = (), *, folded: bool = False
) -> html.Div:
    """The verdict and its summary; a closest rival hidden on the chart is said to be. ``folded`` (above
    the chart): the summary shows two lines and opens whole at a click or a tap (a phone has no hover)."""
    summary = diagnosis_summary(diagnosis, language, hidden)
    text: Any = (
        html.Details(className="verdict-fold", children=html.Summary(summary, className="verdict-text"))
        if folded
        else html.Span(summary, className="verdict-text")
    )
    return html.Div(
        className=f"banner verdict-{diagnosis.verdict}",
        children=[
            html.Span(t(language, diagnosis.verdict), className="verdict-badge"),
            help_link("verdict", language),
            text,
        ],
    )


def ranking_tab(analysis: Analysis | Canvas, language: str) -> html.Div:
    """The Ranking tab of a canvas's analysis (or of a canvas, analysed): drawn only while it is shown,
    since the robustness samples take a while."""
    analysis = analysis if isinstance(analysis, Analysis) else analyse(analysis)
    return ranking_view(analysis.canvas, analysis.ranking, language, analysis.robustness, analysis.panel)


def ranking_view(
    canvas: Canvas, ranking: Ranking, language: str, robustness: Robustness, panel: Panel | None = None
) -> html.Div:
    header: list[Any] = [t(language, k) for k in ("rank", "factor", "score")]
    header += odds_heads(language)
    header += [criterion_label(language, c) for c in CRITERIA] + [t(language, "category"), t(language, "source")]
    rows = _ranking_rows(ranking, language, robustness)
    numeric = {0, 2, 3, 4, *range(5, 5 + len(CRITERIA))}
    return html.Div(
        className="ranking",
        children=[
            html.Div(
                className=f"callout strategy-{ranking.strategy}",
                children=[
                    html.Div(t(language, "recommended"), className="callout-label"),
                    html.Div(t(language, ranking.strategy), className="callout-title", id=ids.STRATEGY_TITLE),
                    html.P(strategy_reason(ranking, language)),
                    html.P(weights_text(ranking.weights, language), className="muted"),
                ],
            ),
            scrolling(
                t(language, "tab_ranking"),
                html.Table(
                    className="table",
                    id=ids.RANKING_TABLE,
                    children=[table_head(header, numeric), html.Tbody(rows)],
                ),
            ),
            html.Div(
                className=f"robustness {'stable' if robustness.stable else 'unstable'}",
                id=ids.ROBUSTNESS,
                children=[heading("robust_heading", "samples", language), *_robustness_words(robustness, language)],
            ),
            *([panel_view(panel, language)] if panel else []),
            html.H3(t(language, "contributions")),
            dcc.Graph(
                id=ids.CONTRIBUTION_GRAPH,
                figure=contribution_figure(ranking, language=language),
                config={"displaylogo": False, "displayModeBar": False},
            ),
        ],
    )


def _ranking_rows(ranking: Ranking, language: str, robustness: Robustness) -> list[html.Tr]:
    """The ranking table's rows, best first."""
    odds = robustness.by_name()
    count, hint = len(ranking.factors), t(language, "likely_rank_hint")
    # each score, category and source written once (a scale has few scores)
    score, category, source = (
        functools.cache(lambda v: figure(v, language)),
        functools.cache(lambda c: category_label(language, c)),
        functools.cache(lambda s: source_label(language, s)),
    )
    return [
        html.Tr(
            className="shortlisted" if f.shortlisted else "",
            children=[
                html.Td(f"{f.rank}" + (" ★" if f.shortlisted else ""), className="num"),
                html.Td(f.name),
                html.Td(fixed(f.score, language), className="num strong"),
                _chance_cell(odds[f.name].shortlist_probability),
                _range_cell(*odds[f.name].rank_range, count, hint),
                *[html.Td(score(f.scores[c]), className="num") for c in CRITERIA],
                html.Td(category(f.category), className="nowrap"),
                html.Td(source(f.source), className="nowrap"),
            ],
        )
        for f in ranking.factors
    ]


def _robustness_words(robustness: Robustness, language: str) -> list[Any]:
    """The sampling's verdict, the nearest single-weight threshold, the change of all weights at once
    (muted), and every criterion's thresholds behind a disclosure."""
    lines = robustness_lines(robustness, language)
    words: list[Any] = [
        html.P(robustness_line(k, line, len(lines), language), className="muted" if k == 2 else "")
        for k, line in enumerate(lines)
    ]
    if robustness.smallest_change is not None:
        items = [html.Li(line) for line in threshold_lines(robustness, language)]
        summary = html.Summary(t(language, "robust_thresholds_heading"))
        words.append(html.Details(className="thresholds", children=[summary, html.Ul(items)]))
    return words


def _chance_cell(share: float) -> html.Td:
    return html.Td(
        className="chance",
        children=[
            html.Span(className="bar", children=html.Span(className="bar-fill", style={"width": chance(share)})),
            html.Span(chance(share), className="bar-value num"),
        ],
    )


def _range_cell(low: int, high: int, count: int, hint: str) -> html.Td:
    """The likely ranks as an interval on a track of every rank, and in figures."""
    interval = {"left": f"{(low - 1) / count:.1%}", "width": f"{(high - low + 1) / count:.1%}"}
    return html.Td(
        className="rank-range",
        title=hint,
        children=[
            html.Span(className="range-track", children=html.Span(className="range-fill", style=interval)),
            html.Span(f"{low}" if low == high else f"{low}–{high}", className="num"),
        ],
    )


def panel_view(panel: Panel, language: str) -> html.Div:
    """Each rater's composite per factor, the spread, the contested factors flagged."""
    header: list[Any] = [t(language, "factor"), *panel.raters, labelled("panel_spread", "spread", language)]
    rows = [
        html.Tr(
            className="contested" if f.contested else "",
            children=[
                html.Td(
                    [
                        f.name,
                        *([html.Span(t(language, "panel_contested_flag"), className="flag")] if f.contested else []),
                    ]
                ),
                *[
                    html.Td(fixed(f.composites[r], language) if r in f.composites else "—", className="num")
                    for r in panel.raters
                ],
                html.Td(panel_spread(f, language), className="num strong" if f.contested else "num"),
            ],
        )
        for f in panel.factors
    ]
    return html.Div(
        className="panel-view",
        id=ids.PANEL_VIEW,
        children=[
            heading("panel_heading", "kendall_w", language),
            html.P(panel_summary(panel, language)),
            scrolling(
                t(language, "panel_heading"),
                html.Table(className="table", children=[table_head(header, range(1, len(header))), html.Tbody(rows)]),
            ),
        ],
    )


def tornado_view(analysis: Analysis | Canvas, factor: object, language: str) -> dict[str, Any]:
    """The tornado picker's options and value (kept while the factor exists) and its chart, for a
    canvas's analysis (or a canvas, analysed)."""
    analysis = analysis if isinstance(analysis, Analysis) else analyse(analysis)
    canvas, ranking = analysis.canvas, analysis.ranking
    names = canvas.factor_names
    chosen = factor if factor in names else ranking.shortlist[-1]
    w = np.array([ranking.weights[c] for c in CRITERIA])
    matrix = np.array([[s.as_dict()[c] for c in CRITERIA] for s in canvas.factor_scores()])
    k = names.index(chosen)
    step = canvas.robustness.step
    low, high = tornado_scores(matrix[k : k + 1], w, step)
    bars = [
        TornadoBar(factor=chosen, criterion=c, low=float(low[0, m]), high=float(high[0, m]))
        for m, c in enumerate(CRITERIA)
    ]
    score = float(matrix[k] @ w)
    figure = tornado_figure(bars, factor=chosen, score=score, step=step, language=language)
    caption = t(language, "tornado_title", factor=chosen, score=fixed(score, language))
    return {"options": [{"label": n, "value": n} for n in names], "value": chosen, "figure": figure, "caption": caption}


def _divergence_rows(diagnosis: Diagnosis, language: str, hidden: Collection[str]) -> list[html.Div]:
    """How far each rival's curve is from the subject's, the closest marked."""
    return [
        html.Div(
            className="bar-row" + (" closest" if name == diagnosis.closest_rival else ""),
            children=[
                html.Span(t(language, "rival_hidden", name=name) if name in hidden else name, className="bar-name"),
                html.Span(className="bar", children=html.Span(className="bar-fill", style={"width": f"{v:.0%}"})),
                html.Span(fixed(v, language), className="bar-value"),
            ],
        )
        for name, v in diagnosis.divergence.items()
    ]


def _errc_boxes(diagnosis: Diagnosis, language: str) -> list[html.Div]:
    """The ERRC grid's four boxes: eliminate, raise, reduce, create."""
    return [
        html.Div(
            className=f"errc-box errc-{action}",
            children=[
                html.Div(t(language, action), className="errc-title"),
                html.Div(t(language, f"{action}_hint"), className="errc-hint"),
                html.Ul([html.Li(entry) for entry in errc_entries(diagnosis, action, language)])
                if diagnosis.errc[action]
                else html.P("—", className="muted"),
            ],
        )
        for action in ("eliminate", "raise", "reduce", "create")
    ]


def _errc_view(diagnosis: Diagnosis, language: str) -> list[Any]:
    """The ERRC grid: what it reads, its four boxes, the factors kept at the industry level, and the
    moves whose target lies within the industry's range."""
    keep = errc_entries(diagnosis, "keep", language)
    within = errc_within(diagnosis, language)
    return [
        heading("errc", "errc", language),
        html.P(t(language, f"errc_basis_{diagnosis.errc_basis}"), className="muted", id=ids.ERRC_BASIS),
        html.Div(_errc_boxes(diagnosis, language), className=ids.ERRC_GRID, id=ids.ERRC_GRID),
        html.P([html.Strong(t(language, "keep_label")), join_names(keep, language) or "—"], className="errc-keep"),
        *([html.P(within, className="muted", id=ids.ERRC_WITHIN)] if within else []),
    ]


def diagnosis_view(diagnosis: Diagnosis, language: str, hidden: Collection[str] = ()) -> html.Div:
    def metric(key: str, value: str, hint: str, *more: Any) -> html.Div:
        return html.Div(
            className="metric",
            children=[
                html.Div(with_help(t(language, key), key, language), className="metric-label"),
                html.Div(value, className="metric-value", id=ids.metric(key)),
                html.Div(hint, className="metric-hint"),
                *more,
            ],
        )

    rival = diagnosis.closest_rival
    closest = t(language, "rival_hidden", name=rival) if rival in hidden else rival
    return html.Div(
        className="diagnosis",
        children=[
            verdict_banner(diagnosis, language, hidden),
            html.Div(
                className="metrics",
                children=[
                    metric("focus", fixed(diagnosis.focus, language), t(language, "focus_hint")),
                    metric(
                        "alignment",
                        fixed(diagnosis.alignment, language),
                        alignment_hint(diagnosis, language),
                    ),
                    metric(
                        "peaks",
                        str(len(diagnosis.peaks)),
                        join_names(diagnosis.peaks, language) or t(language, "none"),
                        _peak_reasons(diagnosis, language, hidden),
                    ),
                ],
            ),
            heading("divergence", "divergence", language),
            html.P(
                t(language, "divergence_note", hint=t(language, "divergence_hint"), rival=closest),
                className="muted",
            ),
            html.Div(_divergence_rows(diagnosis, language, hidden), className="bars", id=ids.DIVERGENCE_BARS),
            *_voice_view(diagnosis, language),
            *_moves_view(diagnosis, language),
            *_errc_view(diagnosis, language),
            *_mix_view(diagnosis, language),
        ],
    )


def _peak_reasons(diagnosis: Diagnosis, language: str, hidden: Collection[str]) -> html.Details:
    """Why each factor is a peak or not: its lead over the nearest rival against the margin a peak needs."""

    def reason(lead: Lead) -> str:
        rival = t(language, "rival_hidden", name=lead.rival) if lead.rival in hidden else lead.rival
        return lead_text(diagnosis, lead, rival, language)

    return html.Details(
        className="peak-reasons",
        id=ids.PEAK_REASONS,
        children=[
            html.Summary(t(language, "peak_why")),
            html.Ul([html.Li(reason(lead), className="peak" if lead.peak else "") for lead in diagnosis.leads]),
        ],
    )


def _voice_view(diagnosis: Diagnosis, language: str) -> list[Any]:
    """What customers value: the basis of alignment, over- and under-delivery, and each segment's fit."""
    subject = diagnosis.subject
    rows = [
        (t(language, "over_delivery"), diagnosis.over_delivery, t(language, "over_delivery_hint", subject=subject)),
        (t(language, "under_delivery"), diagnosis.under_delivery, t(language, "under_delivery_hint", subject=subject)),
    ]
    parts: list[Any] = [
        heading("voice_heading", "delivery", language),
        html.P(t(language, f"basis_{diagnosis.alignment_basis}", subject=subject), className="muted"),
    ]
    if diagnosis.alignment_basis == "importance":
        parts.append(
            html.Div(
                className="delivery",
                children=[
                    html.Div(
                        className="delivery-row",
                        children=[
                            html.Strong(title),
                            html.Span(judged_names(diagnosis, names, language) or t(language, "none")),
                            html.Span(hint, className="muted small"),
                        ],
                    )
                    for title, names, hint in rows
                ],
            )
        )
        parts += caveats(diagnosis, language)
    if diagnosis.segments:
        parts.append(_segments_table(diagnosis, language))
    return [html.Div(parts, id=ids.VOICE, className="voice")]


def _segments_table(diagnosis: Diagnosis, language: str) -> html.Section:
    header = [t(language, k) for k in ("segments", "alignment", "over_delivery", "under_delivery")]
    rows = [
        html.Tr(
            className="best" if fit.name == diagnosis.best_segment else "",
            children=[
                html.Td(
                    [fit.name]
                    + (
                        [html.Span(t(language, "best_served"), className="flag"), help_link("best_segment", language)]
                        if fit.name == diagnosis.best_segment
                        else []
                    )
                ),
                html.Td(fixed(fit.alignment, language), className="num"),
                html.Td(judged_names(diagnosis, fit.over_delivery, language) or "—"),
                html.Td(judged_names(diagnosis, fit.under_delivery, language) or "—"),
            ],
        )
        for fit in diagnosis.segments
    ]
    table = html.Table(className="table", children=[table_head(header, {1}), html.Tbody(rows)])
    return scrolling(t(language, "voice_heading"), table)


def _moves_view(diagnosis: Diagnosis, language: str) -> list[Any]:
    """With targets: each move, and today's curve against the target one by the same measures."""
    if diagnosis.target is None:
        return []

    def table(header: Sequence[str], rows: Sequence[Sequence[str]], numbers: bool) -> html.Section:
        def cell(j: int, text: str) -> html.Td:
            return html.Td(text, className=("num strong" if j == 2 else "num") if numbers and j else "")

        body = [html.Tr([cell(j, text) for j, text in enumerate(row)]) for row in rows]
        head = table_head(header, range(1, len(header)) if numbers else ())
        return scrolling(t(language, "deck_moves"), html.Table(className="table", children=[head, html.Tbody(body)]))

    as_is, to_be = t(language, "as_is"), t(language, "to_be")
    moves = move_rows(diagnosis) or [("—", "", "")]
    return [
        html.Div(
            id=ids.MOVES,
            className="moves",
            children=[
                html.H3(t(language, "deck_moves")),
                html.Div(
                    className="moves-tables",
                    children=[
                        table([t(language, "factor"), as_is, to_be], moves, numbers=True),
                        table(
                            [t(language, "deck_measure"), as_is, to_be],
                            target_measures(diagnosis, language),
                            numbers=False,
                        ),
                    ],
                ),
            ],
        )
    ]


def _mix_view(diagnosis: Diagnosis, language: str) -> list[Any]:
    """Step 1: how many shortlisted factors come from each category and source."""
    mix = diagnosis.shortlist_mix
    if not mix:
        return []
    counts = [
        *(f"{category_label(language, c)} {n}" for c, n in mix["category"].items() if n),
        *(f"{source_label(language, s)} {n}" for s, n in mix["source"].items() if n),
    ]
    return [
        html.H3(t(language, "shortlist_mix")),
        html.P(" · ".join(counts) or "—", className="muted"),
        *(
            [html.P(t(language, "voice_copies").strip(), className="alert alert-error")]
            if diagnosis.copies_industry
            else []
        ),
    ]
