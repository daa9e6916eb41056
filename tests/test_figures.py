"""The strategy canvas figure, asserted as data (no browser)."""

from __future__ import annotations

import pytest

from positioning import canvas_figure, load_canvas, rank
from positioning.figures import COMPETITOR_COLORS, SUBJECT_COLOR, competitor_palette, wrap_label

from .conftest import ROOT
from .factory import make_canvas


@pytest.fixture
def southwest():
    return load_canvas(ROOT / "configs" / "southwest_airlines.yaml")


def curves(fig):
    return [t for t in fig.data if t.mode == "lines+markers"]


def test_one_curve_per_player_with_the_subject_drawn_last(southwest):
    fig = canvas_figure(southwest)
    lines = curves(fig)
    assert [t.name for t in lines] == ["Average airline", "Car", "Southwest"]
    subject = lines[-1]
    assert subject.line.width > max(t.line.width for t in lines[:-1])
    assert subject.marker.size > max(t.marker.size for t in lines[:-1])
    assert subject.line.color == "#c0392b"  # the colour from the file
    assert list(subject.y) == [2, 1, 0, 1, 1, 9, 9, 9]
    assert list(fig.layout.xaxis.tickvals) == list(range(8))


def test_competitors_differ_in_colour_dash_and_marker():
    canvas = make_canvas({"Us": [1, 2], "A": [2, 3], "B": [3, 4], "C": [4, 5], "D": [5, 6]})
    lines = curves(canvas_figure(canvas))
    rivals = lines[:-1]
    for attribute in (lambda t: t.line.color, lambda t: t.line.dash, lambda t: t.marker.symbol):
        values = [attribute(t) for t in rivals]
        assert len(set(values)) == len(values)
    assert [t.line.color for t in rivals] == competitor_palette([SUBJECT_COLOR])[:4]
    assert set(competitor_palette([SUBJECT_COLOR])) < set(COMPETITOR_COLORS)
    assert lines[-1].line.color == SUBJECT_COLOR and lines[-1].line.dash == "solid"


def test_industry_band_spans_the_competitors_min_to_max():
    canvas = make_canvas({"Us": [1, 2, 3], "A": [2, 9, 4], "B": [6, 3, 4]})
    fig = canvas_figure(canvas)
    upper, lower = fig.data[0], fig.data[1]
    assert list(upper.y) == [6, 9, 4] and list(lower.y) == [2, 3, 4]
    assert lower.fill == "tonexty" and lower.name == "Competitor range"


def test_hidden_competitors_leave_the_chart_and_the_band():
    canvas = make_canvas({"Us": [1, 2, 3], "A": [2, 9, 4], "B": [6, 3, 4]})
    fig = canvas_figure(canvas, hidden={"A"})
    assert [t.name for t in curves(fig)] == ["B", "Us"]
    assert list(fig.data[0].y) == [6, 3, 4]
    only_subject = canvas_figure(canvas, hidden={"A", "B"})
    assert [t.name for t in only_subject.data if t.mode == "lines+markers"] == ["Us"]


def test_shortlisted_factors_are_marked(southwest):
    fig = canvas_figure(southwest)
    shortlist = rank(southwest).shortlist
    positions = [southwest.factor_names.index(n) for n in shortlist]
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert sorted(round((r.x0 + r.x1) / 2) for r in rects) == sorted(positions)
    badges = [a.text for a in fig.layout.annotations]
    assert badges.count("<b>=1</b>") == 3  # three factors share the first rank
    for i, label in enumerate(fig.layout.xaxis.ticktext):
        assert label.startswith("<b>") == (i in positions)
    assert any(t.name == "Shortlist (top 3)" for t in fig.data)


def test_rank_order_puts_the_best_factor_first(southwest):
    fig = canvas_figure(southwest, order="rank")
    first_labels = [
        t.replace("<b>", "").replace("</b>", "").replace("-<br>", "-").replace("<br>", " ")
        for t in fig.layout.xaxis.ticktext
    ]
    assert first_labels[:3] == ["Price", "Friendly service", "Frequent point-to-point departures"]
    assert list(curves(fig)[-1].y)[:4] == [2, 9, 9, 9]
    with pytest.raises(ValueError, match="order must be"):
        canvas_figure(southwest, order="alphabetical")


def test_y_axis_covers_the_level_scale():
    fig = canvas_figure(make_canvas({"Us": [1, 7], "Them": [3, 4]}, scales={"level": [1, 7]}))
    low, high = fig.layout.yaxis.range
    assert low < 1 and high > 7


def test_title_and_chinese_wording():
    zh = load_canvas(ROOT / "configs" / "ride_hailing_zh.yaml")
    fig = canvas_figure(zh)
    assert fig.layout.title.text == "<b>城市中短途出行:网约车定位图</b>"
    assert fig.layout.yaxis.title.text == "供给水平"
    assert fig.layout.title.subtitle.text.startswith("战略布局图")
    assert canvas_figure(zh, language="en").layout.yaxis.title.text == "Offering level"


def test_names_are_escaped_not_interpreted_as_html():
    canvas = make_canvas({"<b>Us</b>": [1, 2], "A & B": [2, 3]}, names=["x<y", "z"])
    fig = canvas_figure(canvas)
    assert [t.name for t in curves(fig)] == ["A &amp; B", "&lt;b&gt;Us&lt;/b&gt;"]
    assert "x&lt;y" in fig.layout.xaxis.ticktext[0]


def test_labels_fit_the_width_they_are_drawn_at():
    n = 12
    names = [f"Factor with a rather long name {i}" for i in range(n)]
    canvas = make_canvas({"Us": list(range(n)), "Them": [5] * n}, names=names, scales={"level": [0, 12]})
    wide = canvas_figure(canvas, width=2400).layout.xaxis
    slide = canvas_figure(canvas, width=1600).layout.xaxis
    assert wide.tickangle == slide.tickangle == 0
    assert max(t.count("<br>") for t in wide.ticktext) < max(t.count("<br>") for t in slide.ticktext)
    narrow = canvas_figure(canvas, width=900).layout.xaxis  # too narrow for words: labels turn
    assert narrow.tickangle == -90 and narrow.ticktext[-1] == "Factor with a rather long nam…"


def test_long_titles_wrap_and_many_competitors_are_counted():
    players = {f"Competitor {i}": [1, 2] for i in range(6)}
    canvas = make_canvas({"Us": [1, 2], **players}, title="A rather long title for a strategy canvas about many things")
    layout = canvas_figure(canvas).layout
    assert layout.title.text == "<b>A rather long title for a<br>strategy canvas about many things</b>"  # balanced
    assert layout.title.subtitle.text == "Strategy canvas: Us vs 6 competitors"
    assert layout.legend.orientation == "v"  # at the right: any number of players fits


def test_long_names_are_wrapped():
    assert wrap_label("Frequent point-to-point departures", 12) == "Frequent<br>point-<br>to-point<br>departures"
    assert wrap_label("Frequent point-to-point departures", 16) == "Frequent<br>point-to-point<br>departures"
    assert wrap_label("叫车等待时间短", 12) == "叫车等待<br>时间短"
    assert wrap_label("Short", 12) == "Short"
    assert wrap_label("one two three four five six seven eight", 4, max_lines=2).endswith("…")


def test_figure_is_pure(southwest):
    assert canvas_figure(southwest).to_plotly_json() == canvas_figure(southwest).to_plotly_json()


def test_competitor_colours_keep_clear_of_a_brand_colour():
    canvas = make_canvas(
        {"Us": [1, 2], "A": [2, 3], "B": [3, 4]},
        players=[{"name": "Us", "color": "#00704a"}, {"name": "A"}, {"name": "B"}],
    )
    rivals = curves(canvas_figure(canvas))[:-1]
    assert "#009E73" not in [t.line.color for t in rivals]  # the palette's green is too close to the brand's
    assert [t.line.color for t in rivals] == ["#0072B2", "#E69F00"]


def test_style_block_sets_colours_font_background_subtitle_and_footnote():
    style = {
        "subject_color": "#00704a",
        "competitor_colors": ["#6b6b6b", "#b0a18a"],
        "font": "Georgia",
        "background": "transparent",
        "subtitle": "Where we win",
        "footnote": "Source: client interviews, 2026",
    }
    canvas = make_canvas({"Us": [1, 2], "A": [2, 3], "B": [3, 4]}, style=style)
    fig = canvas_figure(canvas)
    lines = curves(fig)
    assert [t.line.color for t in lines] == ["#6b6b6b", "#b0a18a", "#00704a"]
    assert fig.layout.font.family.startswith("'Georgia', ")
    assert fig.layout.paper_bgcolor == fig.layout.plot_bgcolor == "rgba(0, 0, 0, 0)"
    assert fig.layout.title.subtitle.text == "Where we win"
    assert fig.layout.xaxis.title.text == "Source: client interviews, 2026"
    plain = canvas_figure(make_canvas({"Us": [1, 2], "A": [2, 3]})).layout
    assert plain.paper_bgcolor == "white" and plain.xaxis.title.text == ""


def test_a_player_colour_wins_over_the_style():
    canvas = make_canvas(
        {"Us": [1, 2], "A": [2, 3]},
        players=[{"name": "Us", "color": "#123456"}, {"name": "A"}],
        style={"subject_color": "#00704a"},
    )
    assert curves(canvas_figure(canvas))[-1].line.color == "#123456"
