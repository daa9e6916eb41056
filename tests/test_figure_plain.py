"""The figure built as plain dicts is, byte for byte, the figure plotly's validating constructors built:
the JSON the app sends (Dash's ``to_json_plotly``) and the JSON the renderer sends (``json.dumps`` with
plotly's encoder), on every bundled example in both languages and on random canvases."""

from __future__ import annotations

import json
import random
from typing import Any

import plotly.graph_objects as go
import pytest
from _plotly_utils.utils import PlotlyJSONEncoder
from plotly.io.json import to_json_plotly

from positioning import load_canvas
from positioning.chart.figures import draw_canvas, figure_spec
from positioning.chart.players import MAX_SPREAD, _offsets, side_by_side
from positioning.chart.view import Screen, View
from positioning.core.analysis import analyse
from positioning.core.loader import canvas_from_data
from positioning.output.writer import canvas_data

from .conftest import ROOT
from .factory import make_canvas

EXAMPLES = [
    *sorted((ROOT / "configs").glob("*.yaml")),
    ROOT / "tests" / "data" / "customer_voice.yaml",
    ROOT / "tests" / "data" / "coffee_chain_surveyed.yaml",  # importance from a survey: whiskers
]
#: Where the chart is drawn: an export, an export too short for fixed margins, the app's three legends.
PLACES = [
    (None, 1600, 900),
    (None, 1600, 260),
    (Screen("right"), 1000, None),
    (Screen("below"), 700, None),
    (Screen("stacked"), 380, None),
]


def _validated(spec: dict[str, Any]) -> go.Figure:
    """The reference: plotly's validating constructor given the same traces and layout (without the
    template, which plotly adds itself), as the chart was built before it was built as plain dicts."""
    layout = {k: v for k, v in spec["layout"].items() if k != "template"}
    return go.Figure({"data": spec["data"], "layout": layout})


def _assert_same_bytes(spec: dict[str, Any], figure: go.Figure) -> None:
    assert to_json_plotly(spec) == to_json_plotly(figure)  # what the app sends
    assert json.dumps(spec, cls=PlotlyJSONEncoder) == json.dumps(figure.to_plotly_json(), cls=PlotlyJSONEncoder)


def _views(canvas, language: str) -> list[View]:
    segment = canvas.segments[0].name if canvas.segments else None
    return [
        View(order="file", language=language),
        View(order="rank", language=language, hidden=frozenset(canvas.competitors[:1])),
        View(order="category", language=language, layers=("target", "importance")),
        View(order="file", language=language, layers=("importance",), segment=segment),
        View(order="rank", language=language, layers=(), only=tuple(canvas.factor_names[:2])),
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_plain_figure_of_every_example_is_the_validated_one_byte_for_byte(path, language):
    canvas = load_canvas(path)
    ranking = analyse(canvas).ranking
    views = _views(canvas, language)
    # every view where an export draws it, and the first view in every place
    for view, (screen, width, height) in [*((v, PLACES[0]) for v in views), *((views[0], p) for p in PLACES[1:])]:
        spec = figure_spec(canvas, ranking, view, width=width, height=height, screen=screen)
        _assert_same_bytes(spec, _validated(spec))
        # the go.Figure the exports and the app get, built without validating again, is the same figure
        _assert_same_bytes(spec, draw_canvas(canvas, ranking, view, width=width, height=height, screen=screen))


def _random_canvas(rng: random.Random):
    n, p = rng.randint(1, 40), rng.randint(2, 9)
    players = [rng.choice(["Us", "我们", "A & B", "<b>C</b>", "50%{y}"]) + f" {i}" for i in range(p)]
    levels = {name: [rng.choice([0, 2.5, 5, 10 / 3, 7, 10]) for _ in range(n)] for name in players}
    names = [rng.choice(["Price", "价格", "Very long factor name for wrapping", "x"]) + f" {i}" for i in range(n)]
    scores = [[rng.randint(1, 5) for _ in range(4)] for _ in range(n)]
    canvas = make_canvas(levels, scores, names=names, title=rng.choice(["Market", "市场定位图"]))
    return canvas


@pytest.mark.parametrize("seed", range(12))
def test_the_plain_figure_of_a_random_canvas_is_the_validated_one_byte_for_byte(seed):
    rng = random.Random(seed)
    canvas = _random_canvas(rng)
    ranking = analyse(canvas).ranking
    view = View(order=rng.choice(["file", "rank", "category"]), language=rng.choice([None, "en", "zh"]))
    screen, width, height = rng.choice(PLACES)
    spec = figure_spec(canvas, ranking, view, width=width, height=height, screen=screen)
    _assert_same_bytes(spec, _validated(spec))
    _assert_same_bytes(spec, draw_canvas(canvas, ranking, view, width=width, height=height, screen=screen))


def test_the_figure_built_without_validation_still_checks_later_changes():
    canvas = load_canvas(ROOT / "configs" / "southwest_airlines.yaml")
    figure = draw_canvas(canvas, analyse(canvas).ranking, View())
    assert (
        figure.layout.xaxis.ticktext[0]
        == figure_spec(canvas, analyse(canvas).ranking, View())["layout"]["xaxis"]["ticktext"][0]
    )
    with pytest.raises(ValueError, match="titel"):
        figure.update_layout(titel="a typo")


def _side_by_side_as_before(levels, sizes, unit, anchor=None):
    """side_by_side as it was before it worked out each row of markers once (the reference)."""
    xs = [[float(k) for k in range(len(curve))] for curve in levels]
    for k in range(len(levels[0]) if levels else 0):
        groups: dict[float, list[int]] = {}
        for c, curve in enumerate(levels):
            groups.setdefault(round(curve[k], 9), []).append(c)
        for members in (m for m in groups.values() if len(m) > 1):
            offsets = _offsets([sizes[c] for c in members], members.index(anchor) if anchor in members else None)
            shrink = min(1.0, MAX_SPREAD * unit / max(abs(o) for o in offsets))
            for c, offset in zip(members, offsets, strict=True):
                xs[c][k] = round(k + offset * shrink / unit, 6)
    return xs


@pytest.mark.parametrize("seed", range(8))
def test_markers_set_side_by_side_land_where_they_did(seed):
    rng = random.Random(seed)
    curves, factors = rng.randint(2, 25), rng.randint(1, 300)
    levels = [[rng.choice([0, 2.5, 5, 10 / 3, 7, 10]) for _ in range(factors)] for _ in range(curves)]
    sizes = [rng.choice([10, 13, 15]) for _ in range(curves)]
    unit, anchor = rng.uniform(2, 150), rng.choice([None, curves - 1, 0])
    assert side_by_side(levels, sizes, unit, anchor) == _side_by_side_as_before(levels, sizes, unit, anchor)


def annotated(canvas):
    """``canvas`` with a note on the subject's point on its first factor, one on a competitor's on its
    last, and one on the last factor itself, each holding text plotly would read as markup."""
    data = canvas_data(canvas)
    first, last = canvas.factor_names[0], canvas.factor_names[-1]
    data["annotations"] = [
        {"factor": first, "player": canvas.subject, "text": "<b>bold</b> & 50%{y}"},
        {"factor": last, "player": canvas.competitors[0], "text": "A competitor's note that is long enough to wrap"},
        {"factor": last, "text": "On the factor itself"},
    ]
    return canvas_from_data(data)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_plain_figure_of_an_annotated_canvas_is_the_validated_one_byte_for_byte(path):
    canvas = annotated(load_canvas(path))
    ranking = analyse(canvas).ranking
    views = _views(canvas, "en")
    for view, (screen, width, height) in [*((v, PLACES[0]) for v in views), *((views[0], p) for p in PLACES[1:])]:
        spec = figure_spec(canvas, ranking, view, width=width, height=height, screen=screen)
        assert any("bold" in a.get("text", "") for a in spec["layout"]["annotations"])
        _assert_same_bytes(spec, _validated(spec))
        _assert_same_bytes(spec, draw_canvas(canvas, ranking, view, width=width, height=height, screen=screen))
