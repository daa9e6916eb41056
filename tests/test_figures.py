"""The strategy canvas figure, asserted as data (no browser)."""

from __future__ import annotations

import dataclasses

import pytest

from positioning import canvas_figure, canvas_from_data, load_canvas, rank
from positioning.chart.figures import (
    BAND_COLOR,
    COMPETITOR_COLORS,
    DASHES,
    SUBJECT_COLOR,
    SYMBOLS,
    Screen,
    Ticks,
    band_traces,
    competitor_palette,
    contribution_figure,
    factor_order,
    margins,
    player_looks,
    player_traces,
    shortlist_marks,
    tick_labels,
    titles,
    wrap_label,
)

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
    assert lower.fill == "tonexty" and lower.name == "Competitor range (min–max)"


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
    assert any(t.name == "Shortlist (top 3)<br>numbered by rank;<br>= marks a tie" for t in fig.data)


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
    assert wrap_label("Affordability and customisation", 8) == "Affordability<br>and<br>customisation"  # no hyphen
    assert wrap_label("Short", 12) == "Short"
    assert wrap_label("one two three four five six seven eight", 4, max_lines=2).endswith("…")


EXAMPLES = ["coffee_chain", "southwest_airlines", "b2b_maintenance_services", "ride_hailing_zh"]
#: The example's Chinese factor names as a reader cuts them into words.
RIDE_HAILING_WORDS = {
    "价格": ["价格"],
    "叫车等待时间短": ["叫车", "等待", "时间", "短"],
    "随时随地可得": ["随时", "随地", "可得"],
    "行程透明与安全保障": ["行程", "透明", "与", "安全", "保障"],
    "无现金支付": ["无现金", "支付"],
    "车内舒适度": ["车内", "舒适度"],
    "司机服务态度": ["司机", "服务", "态度"],
    "线路覆盖与站点": ["线路", "覆盖", "与", "站点"],
    "品牌信任度": ["品牌", "信任度"],
}


def _breaks_inside_a_word(name: str, label: str, words: dict[str, list[str]]) -> list[str]:
    """The line breaks of ``label`` (the tick text of factor ``name``) that cut a word: in Chinese one of
    ``words[name]``; otherwise anywhere but at a space or after a hyphen, dash or slash of the name's own."""
    lines = label.replace("<b>", "").replace("</b>", "").split("<br>")
    cuts = []
    done = lines[0]
    for line in lines[1:]:
        if name in words:
            ends = {len("".join(words[name][: i + 1])) for i in range(len(words[name]))}
            if len(done) not in ends:
                cuts.append(f"{done}/{line}")
            done += line
        elif name.startswith(done + " " + line):
            done += " " + line
        elif done[-1] in "-–/" and name.startswith(done + line):
            done += line
        else:
            cuts.append(f"{done}/{line}")
            done += line
    return cuts


@pytest.mark.parametrize("example", EXAMPLES)
def test_labels_break_between_words_never_inside_one_at_any_width(example):
    canvas = load_canvas(ROOT / "configs" / f"{example}.yaml")
    assert all(f.name in RIDE_HAILING_WORDS for f in canvas.factors) or example != "ride_hailing_zh"
    for width in range(900, 2000, 60):
        for screen in (Screen(), Screen(legend="below")):
            labels = canvas_figure(canvas, width=width, screen=screen).layout.xaxis.ticktext
            for factor, label in zip(canvas.factors, labels, strict=True):
                assert _breaks_inside_a_word(factor.name, label, RIDE_HAILING_WORDS) == [], (width, label)


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


# --- the stages of canvas_figure, as data ----------------------------------------


@pytest.fixture
def ranked_canvas():
    """Four factors whose rank order differs from the file order, two sharing rank 2."""
    return make_canvas(
        {"Us": [1, 2, 3, 4], "A": [2, 9, 4, 5], "B": [6, 3, 4, 0], "C": [0, 5, 8, 1]},
        scores=[[1, 1, 1, 1], [4, 4, 4, 4], [5, 5, 5, 5], [4, 4, 4, 4]],
        names=["Wd", "Xb", "Yc", "Zb"],
    )


def test_factor_order_is_the_files_or_best_first(ranked_canvas):
    ranking = rank(ranked_canvas)
    assert [f.name for f in factor_order(ranked_canvas, ranking, "file")] == ["Wd", "Xb", "Yc", "Zb"]
    assert [f.name for f in factor_order(ranked_canvas, ranking, "rank")] == ["Yc", "Xb", "Zb", "Wd"]
    with pytest.raises(ValueError, match="order must be one of file, rank, category, not 'score'"):
        factor_order(ranked_canvas, ranking, "score")


def test_tick_labels_turn_vertical_below_seven_characters_a_line():
    names = [f"Factor with a rather long name number {i}" for i in range(10)]
    factors = make_canvas({"Us": [1] * 10, "Them": [2] * 10}, names=names).factors
    # 990 px: (990 - 390) / 10 = 60 px a factor, at 13 px 60 / (13 x 0.56) x 0.85 = 7.005 characters
    wide = tick_labels(factors, {names[1]}, 990)
    assert (wide.column, wide.size, wide.chars, wide.vertical) == (60, 13, 7, False)
    assert all("<br>" in label for label in wide.labels)
    assert wide.labels[1].startswith("<b>") and not wide.labels[0].startswith("<b>")
    # 980 px: 59 px a factor, 6.89 characters: turned, on one line, shortened
    narrow = tick_labels(factors, {names[1]}, 980)
    assert (narrow.column, narrow.chars, narrow.vertical) == (59, 6, True)
    assert narrow.labels[0] == "Factor with a rather long nam…"
    assert narrow.labels[1] == "<b>Factor with a rather long nam…</b>"


def test_tick_size_steps_down_with_the_column_width():
    factors = make_canvas({"Us": [1] * 10, "Them": [2] * 10}).factors
    # 120 px a factor and more: 18 px; 100 px and more: 15 px; else 13 px
    assert [tick_labels(factors, (), w).size for w in (1590, 1589, 1390, 1389)] == [18, 15, 15, 13]
    assert tick_labels(factors, (), 100).column == 20  # never fewer than 200 px for the plot


def test_band_is_the_min_and_max_of_the_shown_competitors_only(ranked_canvas):
    factors = ranked_canvas.factors
    upper, lower = band_traces(factors, ("A", "C"), "Range")
    assert upper["y"] == [2, 9, 8, 5] and lower["y"] == [0, 5, 4, 1]  # B's 6 and 0 left out
    assert upper["x"] == lower["x"] == [0, 1, 2, 3]
    assert upper["showlegend"] is False and "name" not in upper
    assert (lower["name"], lower["fill"], lower["fillcolor"]) == ("Range", "tonexty", BAND_COLOR)
    assert band_traces(factors, ("A",), "Range") == []  # one competitor has no range
    assert band_traces(factors, (), "Range") == []


def test_player_looks_put_the_subject_last_and_keep_styles_when_others_hide(ranked_canvas):
    looks = player_looks(ranked_canvas)
    assert [look.name for look in looks] == ["A", "B", "C", "Us"]
    assert [look.dash for look in looks] == [*DASHES[:3], "solid"]
    assert [look.symbol for look in looks] == [*SYMBOLS[:3], "circle"]
    assert looks[-1].color == SUBJECT_COLOR and looks[-1].width > max(look.width for look in looks[:-1])
    assert [look.rank for look in looks] == [10, 11, 12, 1]  # the subject heads the legend
    some = player_looks(ranked_canvas, {"A"})
    assert some == looks[1:]  # B and C keep their colour, dash and symbol
    assert [look.name for look in player_looks(ranked_canvas, {"A", "B", "C"})] == ["Us"]


def test_player_traces_follow_the_looks_over_the_factors(ranked_canvas):
    factors = factor_order(ranked_canvas, rank(ranked_canvas), "rank")
    traces = player_traces(player_looks(ranked_canvas, {"B"}), factors, 100)
    assert [(t["name"], t["y"]) for t in traces] == [("A", [4, 9, 5, 2]), ("C", [8, 5, 1, 0]), ("Us", [3, 2, 4, 1])]
    assert traces[-1]["line"] == {"color": SUBJECT_COLOR, "width": 5, "dash": "solid"}
    assert traces[0]["customdata"] == ["Yc", "Xb", "Zb", "Wd"]


def test_shortlist_marks_one_column_and_badge_per_shortlisted_factor(ranked_canvas):
    ranking = rank(ranked_canvas)  # Yc #1, Xb and Zb share rank 2, Wd 4th; the top 3 are shortlisted
    marks = shortlist_marks(ranked_canvas.factors, ranking, "en")
    assert [(s["x0"] + s["x1"]) / 2 for s in marks.shapes] == [1, 2, 3]
    assert [(b["x"], b["text"]) for b in marks.badges] == [(1, "<b>=2</b>"), (2, "<b>#1</b>"), (3, "<b>=2</b>")]
    # the key says in words what the badges mean, not "#rank, =tied"
    assert marks.key is not None and marks.key["name"] == "Shortlist (top 3)<br>numbered by rank;<br>= marks a tie"
    by_rank = shortlist_marks(factor_order(ranked_canvas, ranking, "rank"), ranking, "zh")
    assert [(b["x"], b["text"]) for b in by_rank.badges] == [(0, "<b>#1</b>"), (1, "<b>=2</b>"), (2, "<b>=2</b>")]
    assert by_rank.key is not None and by_rank.key["name"] == "入围要素（前 3 名）<br>标注名次，“=”表示并列"


def test_no_shortlist_no_marks(ranked_canvas):
    ranking = rank(ranked_canvas)
    none = dataclasses.replace(
        ranking, factors=[dataclasses.replace(f, shortlisted=False) for f in ranking.factors], shortlist=()
    )
    marks = shortlist_marks(ranked_canvas.factors, none, "en")
    assert (marks.shapes, marks.badges, marks.key) == ((), (), None)
    assert not any(t.name and t.name.startswith("Shortlist") for t in canvas_figure(ranked_canvas, ranking=none).data)


def ticks(n, column=150.0, *, vertical=False, size=18, labels=None):
    return Ticks(column=column, size=size, chars=20, vertical=vertical, labels=labels or ("F",) * n)


def test_titles_name_the_competitors_and_lead_with_a_note_when_crowded(ranked_canvas):
    plain = titles(ranked_canvas, ("A", "B"), "en", ticks(4))
    assert (plain.title, plain.subtitle) == ("Test canvas", "Strategy canvas: Us vs A, B")
    assert (
        titles(ranked_canvas, ("A", "B", "C", "D"), "en", ticks(4)).subtitle == "Strategy canvas: Us vs 4 competitors"
    )
    assert titles(ranked_canvas, (), "en", ticks(4)).subtitle == "Strategy canvas: Us vs no competitor shown"
    crowded = titles(ranked_canvas, ("A",), "en", ticks(60, column=23.9))
    assert crowded.subtitle == (
        "<b>60 factors: too many to read on one chart; shortlist or split the canvas</b> · Strategy canvas: Us vs A"
    )
    assert titles(ranked_canvas, ("A",), "en", ticks(60, column=24)).subtitle == "Strategy canvas: Us vs A"


def test_titles_use_the_styles_subtitle():
    canvas = make_canvas({"Us": [1, 2], "A": [2, 3]}, style={"subtitle": "Where we win"}, title="Coffee & tea")
    headings = titles(canvas, ("A",), "en", ticks(2))
    assert (headings.title, headings.subtitle) == ("Coffee &amp; tea", "Where we win")


def test_margins_fit_the_title_and_labels_unless_the_chart_is_too_short():
    two_line_labels = ticks(2, labels=("One<br>two", "Three"))
    # top: title baseline 83 + gap 61; bottom: 18 x (1.4 + 1.3) + 18 for the labels, 16 + 15 x 0.7 for the footnote
    fixed = margins("Title", two_line_labels, None)
    assert (fixed.top, fixed.bottom, fixed.title_pad, fixed.fixed) == (144, 94, 61, True)
    # a second title line (32 x 1.3 = 41.6 px) lifts the title by as much
    lifted = margins("Long<br>title", two_line_labels, None)
    assert (lifted.top, lifted.title_pad) == (186, 103)
    # 144 + 94 = 238 px may take up to 55% of the height: 433 px, not 432
    assert margins("Title", two_line_labels, 433).fixed
    short = margins("Title", two_line_labels, 432)
    assert (short.top, short.bottom, short.title_pad, short.fixed) == (24, 40, 46, False)
    assert margins("Title", ticks(2, vertical=True), None).bottom == 40  # turned labels push it themselves


def test_on_screen_the_title_block_is_compact_and_the_legend_can_go_under_the_plot():
    canvas = make_canvas({"Us": [1, 2], "A": [2, 3]})
    screens = (None, Screen(), Screen(legend="stacked"), Screen(legend="below"))
    printed, wide, phone, laptop = (canvas_figure(canvas, screen=s) for s in screens)
    # the page's header names the canvas: on screen a 22 px title, baseline 34 + gap 44 above the plot
    assert (printed.layout.title.font.size, printed.layout.margin.t) == (32, 144)
    assert (wide.layout.title.font.size, wide.layout.margin.t) == (22, 78)
    assert wide.layout.legend.x == printed.layout.legend.x == 1.01  # at the right, beside the plot
    # on a phone: one entry a line at the figure's foot, clear of the factor labels
    assert (phone.layout.legend.orientation, phone.layout.legend.yref, phone.layout.legend.y) == ("v", "container", 0)
    assert phone.layout.margin.t == 78
    # on a laptop too narrow for the legend's column and whole labels: the legend in rows under the plot
    assert (laptop.layout.legend.orientation, laptop.layout.legend.yref) == ("h", "container")


def test_players_at_the_same_level_are_set_side_by_side_so_every_marker_shows():
    canvas = make_canvas({"Us": [5, 8, 2], "A": [5, 0, 7], "B": [3, 0, 7]})
    fig = canvas_figure(canvas)
    xs = {t.name: list(t.x) for t in fig.data if t.mode == "lines+markers"}
    assert xs["A"][0] < 0 == xs["Us"][0] == xs["B"][0]  # A at Us's level on F1, left of it; Us and B in place
    assert xs["A"][1] < 1 < xs["B"][1] and xs["Us"][1] == 1  # A and B both at 0 on F2
    assert xs["A"][2] < 2 < xs["B"][2]  # and both at 7 on F3, around it
    assert [list(t.y) for t in fig.data if t.name == "A"] == [[5, 0, 7]]  # levels as written


def _marker_overlaps(fig, width: int, legend_right: bool) -> list[tuple[str, str, float]]:
    """Markers at one level on one factor whose centres are closer, in pixels, than half their sizes
    added: the plot is the chart's width less its 90 + 50 px margins (and the legend's 250 px column at
    the right), and its x axis spans the factors plus 0.2 of a column."""
    plot = width - 140 - (250 if legend_right else 0)
    unit = plot / (len(fig.layout.xaxis.tickvals) + 0.2)
    players = [t for t in fig.data if t.mode == "lines+markers" and t.marker.symbol != "circle-open"]  # no target
    found = []
    for k in range(len(fig.layout.xaxis.tickvals)):
        for i, a in enumerate(players):
            for b in players[i + 1 :]:
                if a.y[k] == b.y[k] and abs(a.x[k] - b.x[k]) * unit < (a.marker.size + b.marker.size) / 2:
                    found.append((a.name, b.name, abs(a.x[k] - b.x[k]) * unit))
    return found


@pytest.mark.parametrize("example", EXAMPLES)
@pytest.mark.parametrize(("width", "legend"), [(1000, "right"), (1366, "right"), (1920, "right"), (1000, "below")])
def test_no_two_markers_at_one_level_overlap_at_the_widths_the_app_draws(example, width, legend):
    canvas = load_canvas(ROOT / "configs" / f"{example}.yaml")
    tied = make_canvas({"Us": [0, 5, 10] * 2, "A": [0, 5, 9] * 2, "B": [0, 6, 10] * 2, "C": [0, 5, 10] * 2})
    for drawn in (canvas, tied):
        fig = canvas_figure(drawn, width=width, screen=Screen(legend=legend))
        assert _marker_overlaps(fig, width, legend == "right") == [], (example, width)
        for trace in fig.data:
            if trace.mode == "lines+markers":  # every marker within its factor's column
                assert all(abs(x - k) <= 0.42 for k, x in enumerate(trace.x))


def test_the_contribution_bars_keep_two_factors_whose_labels_read_alike_apart():
    canvas = make_canvas({"Us": [1, 2, 3], "A": [2, 3, 4]})
    names = ["Low  fares", "Low fares", "Price"]
    data = canvas.model_dump()
    for factor, name in zip(data["factors"], names, strict=True):
        factor["name"] = name
    fig = contribution_figure(rank(canvas_from_data(data)))
    bars = fig.data[0]
    assert len(bars.y) == 3 and len(set(bars.y)) == 3  # a bar each, though two labels read the same
    assert len(fig.layout.yaxis.ticktext) == 3


# --- the tornado -------------------------------------------------------------------------------------


def _flat_southwest(score: float = 4.0):
    """The Southwest example (weights 0.4/0.2/0.2/0.2) with Meals scored the same on all four criteria."""
    data = load_canvas(ROOT / "configs" / "southwest_airlines.yaml").model_dump(exclude_none=True)
    meals = next(f for f in data["factors"] if f["name"] == "Meals")
    meals["scores"] = dict.fromkeys(("attractiveness", "unmet_need", "capability", "barriers"), score)
    return canvas_from_data(data)


@pytest.mark.parametrize(
    ("language", "says"),
    [("en", "No weight changes this factor's score"), ("zh", "任何权重变化都不会改变这个要素的得分")],
)
def test_the_tornado_of_a_factor_with_four_equal_scores_says_no_weight_moves_it(language, says):
    from positioning.ui.views import tornado_view

    shown = tornado_view(_flat_southwest(), "Meals", language)
    figure = shown["figure"].to_plotly_json()
    assert figure["data"] == []  # no bars: every one would start and end at 4 (give or take 1e-15)
    (note,) = figure["layout"]["annotations"]
    assert note["text"].replace("<br>", "" if language == "zh" else " ").startswith(says)
    assert "4" in note["text"] and "3.9999" not in note["text"]
    assert figure["layout"]["xaxis"]["visible"] is False and figure["layout"]["yaxis"]["visible"] is False


def test_the_tornados_axis_has_its_range_and_tick_format_set():
    from positioning.ui.views import tornado_view

    shown = tornado_view(_flat_southwest(), "Price", "en")
    figure = shown["figure"].to_plotly_json()
    axis = figure["layout"]["xaxis"]
    assert axis["tickformat"] == ".2~f"  # at most two decimals, never float noise
    ends = [bar["base"] + x for bar in figure["data"] for x in bar["x"]]
    low, high = axis["range"]
    assert low < min(ends) and max(ends) < high  # every bar within the axis, with room
    assert high - low >= 0.1  # a factor barely moved still gets a readable stretch of the axis


def test_a_players_hover_shows_a_level_as_every_figure_does():
    """A panel's or a typed level of 10/3 hovers as 3.33 (d3's ``.2~f``: two decimals at most, none when
    whole), as the grid, the tables and the deck write it; plotly's bare %{y} showed 3.333333."""
    canvas = load_canvas(ROOT / "configs" / "southwest_airlines.yaml")
    data = canvas.model_dump(mode="json")
    data["factors"][0]["levels"]["Southwest"] = 10 / 3
    fig = canvas_figure(canvas_from_data(data))
    players = [tr for tr in fig.data if tr.mode == "lines+markers" and tr.name]
    assert players and all(":.2~f}" in tr.hovertemplate for tr in players)
    assert all("%{y}" not in tr.hovertemplate for tr in fig.data if tr.hovertemplate)
