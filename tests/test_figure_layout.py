"""The chart's layout as plotly.js really draws it, in headless Chromium.

canvas_figure sizes the top and bottom margins itself so that plotly draws a
chart once instead of two or three times (see figures._top_margin). These
tests draw every bundled example in every preset, and canvases built to be
awkward, and check that:

- one draw is final: drawing again changes nothing (a stale first draw is how
  plotly fails when a margin moves late);
- plotly did not have to grow the bottom margin, and little is wasted;
- the title and subtitle keep their distances from the top edge and the plot
  area, however many lines the title has.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import plotly
import pytest
from playwright import sync_api as playwright_api
from plotly.utils import PlotlyJSONEncoder

from positioning import canvas_figure, load_canvas
from positioning.output.export import PRESETS
from positioning.ui.views import SCREEN_WIDTH

from .conftest import CONFIGS
from .factory import make_canvas

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

# Draws the figure once, records what a second full draw would change, and
# measures the title and the margins plotly settled on.
DRAW = """
async ([figure, width, height]) => {
  const gd = document.createElement("div");
  document.body.appendChild(gd);
  const layout = Object.assign({}, figure.layout, {width, height});
  await Plotly.newPlot(gd, figure.data, layout, {staticPlot: true});
  const svg = () => Array.from(gd.querySelectorAll("svg"), (s) => s.outerHTML).join("");
  const first = svg();
  const redrew = "_redrawFromAutoMarginCount" in gd._fullLayout;  // set by an automargin redraw
  const size = Object.assign({}, gd._fullLayout._size);
  const push = gd._fullLayout._pushmargin["x.automargin"];
  const top = gd.getBoundingClientRect().top;
  const title = gd.querySelector(".gtitle").getBoundingClientRect();
  const subtitle = gd.querySelector(".gtitle-subtitle");
  const titleBottom = subtitle ? subtitle.getBoundingClientRect().bottom : title.bottom;
  await Plotly.redraw(gd);
  const result = {
    final: svg() === first,
    redrew,
    margin: figure.layout.margin,
    size,
    labelsNeed: push ? push.b.size : null,
    titleTop: title.top - top,
    titleBottom: titleBottom - top,
  };
  Plotly.purge(gd);
  gd.remove();
  return result;
}
"""


@pytest.fixture(scope="module")
def page(browser) -> Iterator[playwright_api.Page]:
    page = browser.new_page()
    page.add_script_tag(path=str(PLOTLY_JS))
    yield page
    page.close()


def draw(page, figure, width: int, height: int) -> dict:
    spec = json.loads(json.dumps(figure.to_plotly_json(), cls=PlotlyJSONEncoder))
    return page.evaluate(DRAW, [spec, width, height])


def check(result: dict, *, horizontal_labels: bool = True) -> None:
    assert result["final"], "a second draw changed the chart: the first one was stale"
    margin, size = result["margin"], result["size"]
    assert size["t"] == margin["t"], "the top margin is fixed"
    assert 30 <= result["titleTop"] <= 60, "the title keeps its distance from the top edge"
    assert 10 <= size["t"] - result["titleBottom"] <= 25, "the subtitle keeps its distance from the plot area"
    if horizontal_labels:
        assert not result["redrew"], "plotly drew the chart a second time"
        assert size["b"] == margin["b"], f"plotly grew the bottom margin to {size['b']} (reserved {margin['b']})"
        assert margin["b"] - result["labelsNeed"] <= 6, "room wasted under the labels"


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_bundled_examples_are_drawn_once_in_every_preset(page, config: Path):
    canvas = load_canvas(config)
    for width, height in [*PRESETS.values(), (SCREEN_WIDTH, 600)]:  # and the app's graph
        for order in ("file", "rank"):
            figure = canvas_figure(canvas, width=width, order=order)
            check(draw(page, figure, width, height), horizontal_labels=figure.layout.xaxis.tickangle == 0)


def awkward_canvases():
    long_names = [
        "Guaranteed next-day on-site response anywhere in the region",
        "Interoperability",
        "Price",
        "Remote diagnostics and predictive maintenance",
        "Reporting",
    ]
    players = {f"Competitor with a long name {i}": [i % 5 + 1] * 5 for i in range(6)}
    yield (
        "long names, two-line title, six competitors",
        make_canvas(
            {"Us": [5, 4, 3, 2, 1], **players},
            names=long_names,
            title="A deliberately long title for a strategy canvas that has to wrap onto two lines",
        ),
    )
    yield (
        "Chinese with a footnote and a serif font",
        make_canvas(
            {"我们": [5, 4, 3, 2, 1], "对手甲": [1, 2, 3, 4, 5]},
            names=["价格", "服务响应速度与质量保证", "品牌", "数字化运营能力", "渠道"],
            title="中国市场的差异化定位",
            style={"footnote": "来源：客户访谈，2026", "font": "Noto Serif CJK SC"},
        ),
    )
    yield "one factor", make_canvas({"Us": [3], "Them": [4]}, names=["Only one factor"])
    yield (
        "many factors (vertical labels)",
        make_canvas(
            {"Us": [i % 5 + 1 for i in range(30)], "Them": [3] * 30},
            names=[f"Factor number {i}" for i in range(30)],
        ),
    )


@pytest.mark.parametrize("case", list(awkward_canvases()), ids=lambda c: c[0])
def test_awkward_canvases_are_drawn_once(page, case):
    _, canvas = case
    for width, height in ((1600, 900), (1403, 992), (1200, 1200)):
        figure = canvas_figure(canvas, width=width)
        check(draw(page, figure, width, height), horizontal_labels=figure.layout.xaxis.tickangle == 0)


def test_vertical_labels_still_redraw_but_end_up_final(page):
    """The one case left to automargin: the test above is not vacuous."""
    canvas = make_canvas({"Us": [3] * 30, "Them": [4] * 30}, names=[f"Factor number {i}" for i in range(30)])
    figure = canvas_figure(canvas, width=1600)
    assert figure.layout.xaxis.tickangle == -90
    result = draw(page, figure, 1600, 900)
    assert result["final"] and result["redrew"]


@pytest.mark.parametrize("size", [(1200, 300), (300, 200)])
def test_a_short_chart_leaves_the_margins_to_plotly_and_keeps_a_plot_area(page, size):
    width, height = size
    figure = canvas_figure(load_canvas(CONFIGS[0]), width=width, height=height)
    assert figure.layout.title.automargin is True
    result = draw(page, figure, width, height)
    assert result["final"]
    assert result["size"]["h"] >= 0.2 * height, "the plot area was squeezed away"
    taller = canvas_figure(load_canvas(CONFIGS[0]), width=width, height=900)
    assert taller.layout.title.automargin is False
