"""Numbers and words a review found wrong (issue 23, §3-§5): one rounding for every measure (the
summary, the to-be table, the Diagnosis tab, the deck and the CLI agree on an alignment of exactly
0.695), a lead that reads 0.0 is level, Chinese asides in full-width brackets, a factor the panel
did not score has no spread, and the data grid rounds as the tables do (a real Chromium)."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from positioning import parse_canvas
from positioning.core.analysis import analyse
from positioning.core.diagnostics import Lead
from positioning.i18n.formatting import figure
from positioning.i18n.wording import diagnosis_summary, lead_text, strategy_reason, t, target_measures
from positioning.output.deck import DeckPart, build_deck
from positioning.output.report import text_report
from positioning.ui.views import diagnosis_view, panel_view
from tests.components import component_text as _text

from .conftest import ROOT

#: A reviewer's canvas (a community grocer, in Chinese) whose alignment is exactly 0.695: the summary
#: said 0.69 and the to-be table 0.70. Its panel scores one factor of six.
GROCER = """\
title: 社区生鲜零售定位图
subject: 我们的门店
players: [{name: 我们的门店}, {name: 大型超市}, {name: 社区团购}]
weights: {attractiveness: 3, unmet_need: 3, capability: 2, barriers: 1}
top: 2
panel:
  - rater: 店长
    scores:
      蔬菜新鲜度: {attractiveness: 5, unmet_need: 4, capability: 4, barriers: 3}
  - rater: 采购经理
    scores:
      蔬菜新鲜度: {attractiveness: 4, unmet_need: 4, capability: 3, barriers: 3}
  - rater: 区域总监
    scores:
      蔬菜新鲜度: {attractiveness: 4, unmet_need: 5, capability: 4, barriers: 2}
factors:
  - name: 价格
    better: lower
    target: 4
    importance: 4.8
    scores: {attractiveness: 5, unmet_need: 3, capability: 3, barriers: 2}
    levels: {我们的门店: 6, 大型超市: 5, 社区团购: 3}
  - name: 蔬菜新鲜度
    target: 9
    importance: 4.5
    levels: {我们的门店: 8, 大型超市: 6, 社区团购: 4}
  - name: 配送到家时效
    target: 8
    importance: 4.0
    scores: {attractiveness: 4, unmet_need: 4, capability: 3, barriers: 3}
    levels: {我们的门店: 3, 大型超市: 5, 社区团购: 7}
  - name: 店员服务态度
    target: 8
    importance: 3.3
    scores: {attractiveness: 4, unmet_need: 4, capability: 3, barriers: 3}
    levels: {我们的门店: 7, 大型超市: 4, 社区团购: 1}
  - name: 营业时间
    target: 7
    importance: 3.3
    scores: {attractiveness: 3, unmet_need: 3, capability: 3, barriers: 3}
    levels: {我们的门店: 7, 大型超市: 7, 社区团购: 7}
  - name: 会员积分
    target: 0
    importance: 1.9
    scores: {attractiveness: 2, unmet_need: 2, capability: 4, barriers: 2}
    levels: {我们的门店: 2, 大型超市: 8, 社区团购: 5}
"""


def _grocer():
    return analyse(parse_canvas(GROCER, name="zh.yaml"))


def _slides(language: str) -> dict[str, object]:
    deck = Presentation(io.BytesIO(build_deck([DeckPart(_grocer().canvas, "G")], language=language)))
    return {s.shapes.title.text_frame.text: s for s in deck.slides if s.shapes.title is not None}


def _table_rows(slide) -> list[list[str]]:
    table = next(s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TABLE).table
    return [[cell.text_frame.text for cell in row.cells] for row in table.rows]


# --- one rounding for every measure -----------------------------------------------------------


def test_an_alignment_of_0695_reads_070_in_the_summary_the_table_the_tab_and_the_cli():
    analysis = _grocer()
    diagnosis = analysis.diagnosis
    assert diagnosis.alignment == 0.695  # the float 0.69499999...: rounded on its binary value, 0.69
    for language, label in (("en", "alignment 0.70"), ("zh", "契合度 0.70")):
        assert label in diagnosis_summary(diagnosis, language)
        rows = {row[0]: row for row in target_measures(diagnosis, language)}
        assert rows[t(language, "alignment")][1] == "0.70"
        tab = _text(diagnosis_view(diagnosis, language))
        assert "0.70" in tab and "0.69" not in tab
    report = text_report(analysis.canvas, analysis.ranking, diagnosis, analysis.robustness)
    assert "alignment 0.70" in report and "0.69" not in report


def test_the_decks_diagnosis_slide_shows_the_alignment_as_the_summary_does(chromium):
    for language in ("en", "zh"):
        slides = _slides(language)
        title = t(language, "deck_diagnosis", verdict=t(language, _grocer().diagnosis.verdict))
        rows = {row[0]: row[1] for row in _table_rows(slides[title])}
        assert rows[t(language, "alignment")] == "0.70"


def test_figures_round_half_up_on_the_decimal_they_read_as():
    assert (figure(0.695), figure(2.675), figure(1.005), figure(-0.125), figure(-0.001)) == (
        "0.7",
        "2.68",
        "1.01",
        "-0.13",
        "0",
    )


def test_the_data_grid_rounds_as_the_app_s_tables_do(browser):
    """The grid's Figure (assets/dashAgGridFunctions.js) is Intl.NumberFormat: the same text as
    :func:`figure` on halves that a binary float holds just under (0.695, 2.675, 1.005) or exactly."""
    values = [0.695, 2.675, 1.005, 5.125, -0.125, 0.125, 7 / 3, 13 / 3, 4.0, 4.35, 1234.5]
    page = browser.new_page()
    try:
        page.set_content("<html><body></body></html>")
        page.add_script_tag(path=str(ROOT / "assets" / "dashAgGridFunctions.js"))
        for locale in ("en", "zh"):
            shown = page.evaluate(
                "([values, locale]) => values.map(v => window.dashAgGridFunctions.Figure(v, 2, locale))",
                [values, locale],
            )
            assert shown == [figure(v, locale) for v in values]
    finally:
        page.close()


# --- a lead that reads 0.0 is level ----------------------------------------------------------


def test_a_lead_that_reads_zero_is_level_not_a_lead():
    diagnosis = _grocer().diagnosis
    for points in (0.0, 0.04, -0.04):
        lead = Lead(factor="营业时间", rival="大型超市", points=points, margin=2.0)
        assert lead_text(diagnosis, lead, "大型超市", "en") == "营业时间: level with 大型超市; a peak needs a lead of 2"
        assert lead_text(diagnosis, lead, "大型超市", "zh") == "营业时间：与大型超市持平；高点需领先 2"
    lead = Lead(factor="营业时间", rival="大型超市", points=0.06, margin=2.0)
    assert lead_text(diagnosis, lead, "大型超市", "en") == "营业时间: leads 大型超市 by 0.1, under the 2 a peak needs"
    lead = Lead(factor="营业时间", rival="大型超市", points=-0.06, margin=2.0)
    assert lead_text(diagnosis, lead, "大型超市", "zh") == "营业时间：落后大型超市 0.1"


def test_a_top_factor_ahead_by_less_than_what_two_decimals_show_is_not_said_to_lead():
    text = """\
title: Close call
subject: Us
players: [{name: Us}, {name: Them}]
weights: {attractiveness: 4, unmet_need: 332, capability: 332, barriers: 332}
top: 1
factors:
  - name: A
    scores: {attractiveness: 4, unmet_need: 3, capability: 3, barriers: 3}
    levels: {Us: 5, Them: 4}
  - name: B
    scores: {attractiveness: 3, unmet_need: 3, capability: 3, barriers: 3}
    levels: {Us: 5, Them: 4}
"""
    ranking = analyse(parse_canvas(text, name="close.yaml")).ranking
    assert ranking.reason == "close" and 0 < ranking.lead < 0.005  # 3.004 against 3: ranked, yet both read 3.00
    assert strategy_reason(ranking, "en").startswith("'A' and 'B' score the same to two decimals (3.00): ")
    assert strategy_reason(ranking, "zh").startswith("“A”与“B”的得分保留两位小数后相同（3.00）")


# --- Chinese asides in full-width brackets ----------------------------------------------------


def test_the_to_be_table_names_the_closest_rival_in_the_language_s_brackets():
    rows = {row[0]: row for row in target_measures(_grocer().diagnosis, "zh")}
    divergence = rows[t("zh", "closest_divergence")]
    assert divergence[1] == "0.30（大型超市）" and divergence[2] == "0.39（社区团购）"
    rows = {row[0]: row for row in target_measures(_grocer().diagnosis, "en")}
    assert rows[t("en", "closest_divergence")][1] == "0.30 (大型超市)"


# --- a factor the panel did not score has no spread -------------------------------------------


def test_a_factor_the_panel_did_not_score_shows_no_spread_in_the_tab():
    panel = _grocer().panel
    assert panel is not None
    rows = panel_view(panel, "en").children[-1]  # the table
    text = _text(rows)
    assert "价格 — — — —" in text and "价格 — — — 0%" not in text


def test_a_factor_the_panel_did_not_score_shows_no_spread_on_the_deck(chromium):
    for language in ("en", "zh"):
        rows = _table_rows(_slides(language)[t(language, "panel_heading")])
        unscored = next(row for row in rows if row[0] == "价格")
        assert unscored[1:] == ["—", "—", "—", "—"]
        scored = next(row for row in rows if row[0] == "蔬菜新鲜度")
        assert scored[-1].endswith("%")
