"""What the app shows for a canvas (positioning.ui.views): components as data."""

from __future__ import annotations

from positioning import canvas_figure, load_canvas
from positioning.chart.view import Screen
from positioning.ui.edits import example_data
from tests.components import component_text as _text
from tests.components import find_component as _find
from tests.factory import render

from .conftest import ROOT


def test_render_hides_competitors_orders_and_translates():
    data = example_data(ROOT / "configs" / "southwest_airlines.yaml")
    r = render(data, ["Car"], "rank", "zh")
    names = [t.name for t in r.figure.data if t.mode == "lines+markers"]
    assert names == ["Average airline", "Southwest"]
    assert r.figure.layout.yaxis.title.text == "供给水平"
    columns = r.factor_columns
    levels = next(c for c in columns if c.get("headerName", "").startswith("供给水平"))["children"]
    assert [c["headerName"] for c in levels] == ["Southwest", "Average airline", "Car"]
    assert levels[0]["headerTooltip"] == "Southwest（0-10）"  # Chinese brackets in Chinese


def test_render_draws_the_chosen_layers_segment_and_filter():
    data = example_data(ROOT / "configs" / "southwest_airlines.yaml")
    r = render(data, [], "file", "en", layers=("importance",), segment="Leisure travellers", only=("Price", "Meals"))
    bars = [t for t in r.figure.data if t.type == "bar"]
    assert [b.name for b in bars] == ["Importance to Leisure travellers"]
    assert list(r.figure.layout.xaxis.ticktext) == ["<b>Price</b>", "Meals"]
    assert "2 of 8 factors shown (filtered)" in r.figure.layout.title.subtitle.text
    assert [o["value"] for o in r.segment_options] == ["", "Business travellers", "Leisure travellers"]
    assert [c["headerName"] for c in r.segment_columns[2]["children"]][:2] == ["Price", "Meals"]
    empty = render(data, [], "file", "en", only=())
    assert "No factor matches the filters" in _text(empty.banner)
    assert len(empty.figure.layout.xaxis.ticktext) == 8
    coffee = render(example_data(ROOT / "configs" / "coffee_chain.yaml"), [], "file", "en", layers=("importance",))
    assert "no customer importance to draw" in _text(coffee.banner)
    assert "no customer importance" not in _text(r.banner)


def test_the_diagnosis_tab_shows_the_customers_voice_the_moves_and_the_errc_basis():
    data = example_data(ROOT / "configs" / "b2b_maintenance_services.yaml")
    view = render(data, [], "file", "en").diagnosis
    basis = "Where the target curve (to-be) stands against the industry, the competitors' average"
    assert _text(_find(view, "errc-basis")).startswith(basis)
    voice = _text(_find(view, "customer-voice"))
    assert "Alignment weighs LineCare's lead by the customers' importance." in voice
    assert "Over-delivers" in voice and "Under-delivers" in voice
    moves = _text(_find(view, "target-moves"))
    assert "Energy and sustainability reporting 6 9 ▲" in moves and "Moderate Strong" in moves
    southwest = render(example_data(ROOT / "configs" / "southwest_airlines.yaml"), [], "file", "zh").diagnosis
    assert "Leisure travellers 最契合 0.82" in _text(_find(southwest, "customer-voice"))
    assert _find(southwest, "target-moves") is None
    assert _text(_find(southwest, "errc-basis")) == "现状曲线相对于行业（竞争对手平均水平）所处的位置。"


def test_a_closest_rival_hidden_on_the_chart_is_said_to_be():
    data = example_data(ROOT / "configs" / "southwest_airlines.yaml")
    hidden = render(data, ["Car"], "file", "en")
    assert "(closest: Car (hidden on the chart), divergence 0.30)" in _text(hidden.banner)
    assert "Car (hidden on the chart)" in _text(_find(hidden.diagnosis, "divergence-bars"))
    shown = render(data, ["Average airline"], "file", "zh")  # the closest rival is shown: named as it is
    assert "最接近的对手：Car，" in _text(shown.banner) and "隐藏" not in _text(shown.banner)
    assert "Car（图中已隐藏）" in _text(render(data, ["Car"], "file", "zh").banner)


def test_the_peaks_card_says_why_each_factor_is_a_peak_or_not():
    data = example_data(ROOT / "configs" / "southwest_airlines.yaml")
    reasons = _find(render(data, ["Car"], "file", "en").diagnosis, "peak-reasons")
    lines = [_text(li) for li in reasons.children[1].children]
    assert lines[:3] == [
        "Friendly service: leads Average airline by 5.0, a peak (a lead of 2 or more)",
        "Frequent point-to-point departures: leads Car (hidden on the chart) by 2.0, a peak (a lead of 2 or more)",
        "Speed: leads Average airline by 1.0, under the 2 a peak needs",
    ]
    # a lead of 0 reads "level with", not "leads ... by 0.0"
    assert "Price (lower is better): level with Car (hidden on the chart); a peak needs a lead of 2" in lines
    assert lines[-1] == "Hub connectivity: 6.0 behind Average airline"


def test_ranking_view_shows_chances_ranges_and_the_panel():
    from positioning import load_canvas
    from positioning.ui.views import ranking_tab

    ranking = ranking_tab(load_canvas(ROOT / "configs" / "coffee_chain.yaml"), "en")
    text = _text(ranking)
    assert "How sure is this ranking?" in text and "The shortlist is the same in 56% of 10,000" in text
    assert "Scoring panel" in text and "Kendall's W 0.83" in text
    assert text.count("contested") >= 2  # the two flags, besides the sentence
    table = _find(ranking, "ranking-table")
    first = table.children[1].children[0]
    assert _text(first.children[3]).strip() == "100%" and _text(first.children[4]).strip() == "1–2"


def test_ranking_view_leads_with_the_nearest_single_weight_and_lists_each_criterion():
    from positioning import load_canvas
    from positioning.ui.views import ranking_tab

    block = _find(ranking_tab(load_canvas(ROOT / "configs" / "coffee_chain.yaml"), "zh"), "robustness-summary")
    _heading, sampled, lead, everything, details = block.children
    assert _text(sampled).startswith("在当前权重附近抽样 10,000 组权重")
    assert _text(lead) == (
        "若需求未满足程度的权重升到 40% 以上（现为 25%，其余权重按比例调整），"
        "“Barista–customer conversation” 将取代 “Bean quality and roasting”。"
    )
    assert everything.className == "muted" and _text(everything).startswith("若四项权重同时调整")
    summary, listed = details.children
    assert _text(summary) == "单独调整每项权重" and len(listed.children) == 4
    assert _text(listed.children[0]) == _text(lead)


def test_tornado_view_keeps_a_chosen_factor_and_falls_back_to_the_last_shortlisted():
    from positioning import load_canvas
    from positioning.ui.views import tornado_view

    canvas = load_canvas(ROOT / "configs" / "southwest_airlines.yaml")
    chosen = tornado_view(canvas, "Hub connectivity", "zh")
    assert chosen["value"] == "Hub connectivity" and chosen["caption"].startswith("Hub connectivity：")
    assert [t.name for t in chosen["figure"].data] == ["权重降低 10 个百分点", "权重提高 10 个百分点"]
    gone = tornado_view(canvas, "No such factor", "en")
    assert gone["value"] == "Frequent point-to-point departures"
    assert len(gone["options"]) == len(canvas.factors)


def test_the_chart_has_a_text_alternative_a_table_of_what_it_draws():
    data = example_data(ROOT / "configs" / "b2b_maintenance_services.yaml")
    r = render(data, ["Local contractor"], "rank", "en")
    summary, table = r.chart_table
    assert _text(summary) == "The chart as a table"
    caption, head, body = table.children
    assert _text(caption).startswith("Maintenance of food-packaging lines (B2B): offering level")
    columns = [_text(th) for th in head.children.children]
    # the players drawn (not the hidden one), then the target curve
    assert columns == ["Factor", "Shortlist", "LineCare", "OEM service", "In-house team", "LineCare (target)"]
    rows = [[_text(cell) for cell in row.children] for row in body.children]
    assert [row[1] for row in rows[:5]] == ["#1", "#2", "=3", "=3", ""]  # best first, as the chart's badges
    assert rows[0] == ["Remote condition monitoring", "#1", "9", "5", "1", "9"]
    # without the target layer, no target column; in Chinese, Chinese headings
    plain = render(data, [], "file", "zh", layers=())
    columns = [_text(th) for th in plain.chart_table[1].children[1].children.children]
    assert columns == ["要素", "入围", "LineCare", "OEM service", "Local contractor", "In-house team"]


def test_the_legend_goes_under_the_plot_when_that_gives_the_labels_room_and_stays_beside_it_otherwise():
    coffee = example_data(ROOT / "configs" / "coffee_chain.yaml")
    wide = render(coffee, [], "file", "en", width=1540)  # the chart's box at 1920 px: 9 factors
    assert wide.figure.layout.legend.orientation == "h"  # in rows under the plot
    beside = render(coffee, [], "file", "en", width=1540, only=("Affordability", "Speed of service"))
    assert beside.figure.layout.legend.orientation == "v"  # two columns need no more room
    crowded = canvas_figure(load_canvas(ROOT / "configs" / "coffee_chain.yaml"), width=1540, screen=Screen())
    lines = [max(t.count("<br>") + 1 for t in f.layout.xaxis.ticktext) for f in (wide.figure, crowded)]
    assert lines == [3, 4]  # beside the legend the labels would take a line more


def test_a_layer_the_canvas_has_no_data_for_is_disabled_and_says_why_in_both_languages():
    coffee = example_data(ROOT / "configs" / "coffee_chain.yaml")  # no targets, no importance
    for language, words in (("en", "fill in the Target column"), ("zh", "请在“数据”页填写“目标”列")):
        target, importance = render(coffee, [], "file", language).layer_options
        assert target["disabled"] and importance["disabled"]
        assert words in _text(target["label"]) and target["label"].title in _text(target["label"])  # seen and hovered
        assert "Importance" in _text(importance["label"]) or "重视度" in _text(importance["label"])
    ride = example_data(ROOT / "configs" / "ride_hailing_zh.yaml")  # both
    assert [o.get("disabled", False) for o in render(ride, [], "file", "zh").layer_options] == [False, False]
