"""The strategy canvas as a plotly figure: pure, no I/O.

Design choices for a chart that goes into a client deck:

* the subject is a thick solid line with large round markers, drawn last so
  it sits on top of every competitor;
* competitors use the Okabe-Ito colour-blind-safe palette *and* a distinct
  dash pattern and marker shape each, so they stay apart in greyscale print;
* the competitors' min-max range is shaded as the industry band;
* shortlisted factors get a tinted column, a rank badge and a bold label;
* long factor names are wrapped (Chinese by character, other text by word).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Sequence

import plotly.graph_objects as go

from .model import CRITERIA, Canvas
from .scoring import Ranking, rank

SUBJECT_COLOR = "#D55E00"  # Okabe-Ito vermillion
COMPETITOR_COLORS = ("#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#7F7F7F")
DASHES = ("dash", "dot", "dashdot", "longdash", "longdashdot", "8px,3px,2px,3px", "2px,6px")
SYMBOLS = ("square", "diamond", "triangle-up", "x", "triangle-down", "star", "cross", "pentagon", "hexagon")
BAND_COLOR = "rgba(110, 110, 110, 0.13)"
SHORTLIST_TINT = "rgba(240, 180, 0, 0.14)"
SHORTLIST_KEY = "rgba(240, 180, 0, 0.45)"
SHORTLIST_BADGE = "#8a6400"
FONT = "'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', Arial, sans-serif"
INK = "#222222"
MUTED = "#666666"

#: Chart wording per language; names inside canvases are shown as written.
LABELS = {
    "en": {
        "subtitle": "Strategy canvas: {subject} vs {competitors}",
        "joiner": ", ",
        "none": "no competitor shown",
        "y": "Offering level",
        "band": "Competitor range",
        "shortlist": "Shortlist (top {n})",
        "criteria": ("Market attractiveness", "Unmet need", "Capability", "Entry barriers"),
        "composite": "Composite score",
    },
    "zh": {
        "subtitle": "战略布局图:{subject} 对比 {competitors}",
        "joiner": "、",
        "none": "未显示竞争对手",
        "y": "供给水平",
        "band": "竞争对手区间",
        "shortlist": "入围要素(前 {n} 名)",
        "criteria": ("市场吸引力", "需求未满足程度", "自身能力", "进入壁垒"),
        "composite": "综合得分",
    },
}

# An empty template: every style is set explicitly, so the chart does not
# change with plotly's default template.
_TEMPLATE: dict = {"data": {}, "layout": {}}

#: Above this many factors the labels are angled instead of wrapped.
ANGLE_LABELS_ABOVE = 14


def canvas_figure(
    canvas: Canvas,
    *,
    order: str = "file",
    ranking: Ranking | None = None,
    hidden: Collection[str] = (),
    language: str | None = None,
) -> go.Figure:
    """The strategy canvas of ``canvas``.

    ``order`` is ``"file"`` (factors as written) or ``"rank"`` (best first).
    ``hidden`` names competitors to leave out (the subject is always drawn).
    ``language`` (``"en"`` or ``"zh"``) sets the chart's own wording; by
    default Chinese when the title is written in Chinese.
    """
    if order not in ("file", "rank"):
        raise ValueError(f"order must be 'file' or 'rank', not {order!r}")
    language = language or ("zh" if any(_cell_width(c) == 2 for c in canvas.title) else "en")
    if language not in LABELS:
        raise ValueError(f"language must be one of {', '.join(LABELS)}, not {language!r}")
    words = LABELS[language]
    ranking = ranking or rank(canvas)
    ranked = ranking.by_name()
    factors = list(canvas.factors)
    if order == "rank":
        position = {f.name: i for i, f in enumerate(ranking.factors)}
        factors.sort(key=lambda f: position[f.name])
    n = len(factors)
    x = list(range(n))
    low, high = canvas.scales.level
    span = high - low
    angled = n > ANGLE_LABELS_ABOVE
    width = max(8, min(24, 110 // n))
    labels = [
        _bold(_html(f.name) if angled else wrap_label(f.name, width), ranked[f.name].shortlisted) for f in factors
    ]
    names = [_html(f.name) for f in factors]  # hover text

    competitors = [p for p in canvas.players if p.name != canvas.subject]
    shown = [p for p in competitors if p.name not in hidden]
    subject = next(p for p in canvas.players if p.name == canvas.subject)
    # Traces and layout are built as plain dicts and validated once by
    # go.Figure: several times faster than add_trace/add_vrect/update_layout.
    traces: list[dict] = []

    if shown:  # industry band: min-max of the competitors shown
        columns = [[float(f.levels[p.name]) for p in shown] for f in factors]
        band = {"type": "scatter", "x": x, "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip"}
        traces.append({**band, "y": [max(c) for c in columns], "showlegend": False})
        traces.append(
            {
                **band,
                "y": [min(c) for c in columns],
                "fill": "tonexty",
                "fillcolor": BAND_COLOR,
                "name": words["band"],
                "legendrank": 900,
            }
        )

    palette = competitor_palette([p.color for p in canvas.players if p.color] + [subject.color or SUBJECT_COLOR])
    for i, player in enumerate(competitors):
        if player.name in hidden:
            continue
        traces.append(
            _curve(
                player.name,
                x,
                [float(f.levels[player.name]) for f in factors],
                names,
                color=player.color or palette[i % len(palette)],
                dash=DASHES[i % len(DASHES)],
                symbol=SYMBOLS[i % len(SYMBOLS)],
                width=2.5,
                size=10,
                rank=10 + i,
            )
        )
    traces.append(  # the subject last, so it is drawn on top
        _curve(
            subject.name,
            x,
            [float(f.levels[subject.name]) for f in factors],
            names,
            color=subject.color or SUBJECT_COLOR,
            dash="solid",
            symbol="circle",
            width=5,
            size=15,
            rank=1,
        )
    )

    shortlisted = [i for i, f in enumerate(factors) if ranked[f.name].shortlisted]
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": i - 0.42,
            "x1": i + 0.42,
            "y0": 0,
            "y1": 1,
            "fillcolor": SHORTLIST_TINT,
            "line": {"width": 0},
            "layer": "below",
        }
        for i in shortlisted
    ]
    badges = [
        {
            "x": i,
            "y": 1.0,
            "yref": "paper",
            "yanchor": "top",
            "yshift": -3,
            "showarrow": False,
            "text": f"<b>#{ranked[factors[i].name].rank}</b>",
            "font": {"size": 15, "color": SHORTLIST_BADGE},
        }
        for i in shortlisted
    ]
    if shortlisted:  # a legend key for the tinted columns
        traces.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "markers",
                "name": words["shortlist"].format(n=len(shortlisted)),
                "marker": {"symbol": "square", "size": 18, "color": SHORTLIST_KEY},
                "legendrank": 950,
            }
        )

    competitor_names = words["joiner"].join(p.name for p in shown) or words["none"]
    layout = {
        "template": _TEMPLATE,
        "font": {"family": FONT, "size": 17, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "title": {
            "text": f"<b>{_html(canvas.title)}</b>",
            "x": 0.0,
            "xref": "paper",
            "xanchor": "left",
            "y": 1.0,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 22},
            "font": {"size": 30},
            "subtitle": {
                "text": _html(words["subtitle"].format(subject=subject.name, competitors=competitor_names)),
                "font": {"size": 18, "color": MUTED},
            },
        },
        "legend": {
            "orientation": "h",
            "x": 0.0,
            "xanchor": "left",
            "y": 1.0,
            "yanchor": "bottom",
            "font": {"size": 16},
            "itemwidth": 40,
            "traceorder": "normal",
        },
        "margin": {"l": 90, "r": 40, "t": 150, "b": 40, "autoexpand": True},
        "hovermode": "closest",
        "shapes": shapes,
        "annotations": badges,
        "xaxis": {
            "tickmode": "array",
            "tickvals": x,
            "ticktext": labels,
            "range": [-0.6, n - 0.4],
            "tickangle": -35 if angled else 0,
            "automargin": True,
            "showgrid": False,
            "showline": True,
            "linecolor": "#999999",
            "ticks": "",
            "tickfont": {"size": 16 if n <= 10 else 14},
            "zeroline": False,
        },
        "yaxis": {
            "title": {"text": words["y"], "font": {"size": 17, "color": MUTED}},
            # headroom above the scale for the shortlist badges
            "range": [low - 0.06 * span, high + 0.13 * span],
            "showgrid": True,
            "gridcolor": "#e6e6e6",
            "zeroline": False,
            "automargin": True,
            "showline": False,
            "ticks": "",
            "tickfont": {"color": MUTED},
        },
    }
    return go.Figure({"data": traces, "layout": layout})


CRITERION_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")


def contribution_figure(ranking: Ranking, *, language: str = "en") -> go.Figure:
    """Composite score per factor as stacked bars of each criterion's weighted
    contribution, best factor on top; shortlisted factors in bold."""
    words = LABELS[language]
    factors = list(reversed(ranking.factors))  # plotly draws the first category at the bottom
    labels = [_bold(_html(f.name), f.shortlisted) for f in factors]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": words["criteria"][k],
            "y": labels,
            "x": [f.contributions[criterion] for f in factors],
            "marker": {"color": CRITERION_COLORS[k]},
            "hovertemplate": f"{words['criteria'][k]}: %{{x:.2f}}<extra></extra>",
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
            "title": {"text": words["composite"]},
            "range": [0, ranking.score_scale[1]],
            "gridcolor": "#e6e6e6",
            "zeroline": False,
        },
        "yaxis": {"automargin": True, "ticks": "", "categoryorder": "array", "categoryarray": labels},
    }
    return go.Figure({"data": traces, "layout": layout})


def competitor_palette(taken: Sequence[str]) -> list[str]:
    """The default competitor colours, minus those too close to a colour in use.

    A brand-green subject must not share its hue with a green competitor.
    """
    used = [rgb for rgb in map(_rgb, taken) if rgb]
    free = [c for c in COMPETITOR_COLORS if all(_distance(_rgb(c), u) > 90 for u in used)]
    return free or list(COMPETITOR_COLORS)


def _rgb(color: str) -> tuple[int, int, int] | None:
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


def _curve(
    name: str,
    x: Sequence[int],
    y: Sequence[float],
    factors: Sequence[str],
    *,
    color: str,
    dash: str,
    symbol: str,
    width: float,
    size: float,
    rank: int,
) -> dict:
    return {
        "type": "scatter",
        "x": list(x),
        "y": list(y),
        "name": _html(name),
        "mode": "lines+markers",
        "customdata": list(factors),
        "line": {"color": color, "width": width, "dash": dash},
        "marker": {"symbol": symbol, "size": size, "color": color, "line": {"color": "white", "width": 1.5}},
        "hovertemplate": f"<b>{_html(name).replace('%', '&#37;')}</b><br>%{{customdata}}: %{{y}}<extra></extra>",
        "legendrank": rank,
    }


def _bold(text: str, on: bool) -> str:
    return f"<b>{text}</b>" if on else text


def _cell_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def wrap_label(text: str, width: int, max_lines: int = 4) -> str:
    """Wrap ``text`` for a tick label, ``width`` in Latin characters per line.

    Wide (Chinese, Japanese, Korean) characters count double and may break
    anywhere; other text breaks between words. Lines are joined with ``<br>``.

    >>> wrap_label("Frequent point-to-point departures", 12)
    'Frequent<br>point-to-point<br>departures'
    >>> wrap_label("第三空间体验与社交氛围", 8)
    '第三空间<br>体验与社<br>交氛围'
    >>> wrap_label("叫车等待时间短", 12)
    '叫车等待<br>时间短'
    """
    tokens: list[str] = []
    for word in text.split():
        chunk = ""
        for char in word:
            if _cell_width(char) == 2:
                if chunk:
                    tokens.append(chunk)
                    chunk = ""
                tokens.append(char)
            else:
                chunk += char
        if chunk:
            tokens.append(chunk)
        tokens.append(" ")
    tokens = tokens[:-1]
    lines = _fill(tokens, width)
    # Balance the lines: the narrowest width that needs no more lines, so a
    # name does not end with one orphaned character.
    for narrower in range(width - 1, 0, -1):
        candidate = _fill(tokens, narrower)
        if len(candidate) > len(lines):
            break
        lines = candidate
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += "…"
    return "<br>".join(_html(line) for line in lines)


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
