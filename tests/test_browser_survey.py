"""A survey imported in a real browser (issue 26 §3): a refused file names its row and column and
leaves the canvas as it was; the bundled survey becomes the canvas's importance as a new version
whose History summary names the file and its respondents, the chart draws the intervals as whiskers,
and undo takes it back. In English and in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from positioning.ui import ids

from .conftest import ROOT
from .test_browser import TIMEOUT, new_canvas, open_page, start_server, stop_server, stored, tab, wait_idle

SURVEY = ROOT / "configs" / "coffee_chain-survey.csv"
SHOTS = Path("/tmp/i26-survey")
#: The words of each language the test looks for.
WORDS = {
    "en": {
        "data": "Data",
        "history": "History",
        "refused": "The survey bad.csv was not imported; the canvas is unchanged:",
        "off": "scale.csv:3: Speed of service: 9 is off the 1-5 scale",
        "unknown": "the column 'Sped' is not a factor",
        "summary": "Importance from the survey coffee_chain-survey.csv (30 respondents)",
        "saved": "Saved · version 2",
    },
    "zh": {
        "data": "数据",
        "history": "历史",
        "refused": "调查 bad.csv 未导入，画布保持不变：",
        "off": "scale.csv 第 3 行：Speed of service：9 超出 1-5 分的量表",
        "unknown": "“Sped”列不是画布中的要素",
        "summary": "重视度来自调查 coffee_chain-survey.csv（30 位受访者）",
        "saved": "第 2 版",
    },
}


@pytest.fixture
def workspace(tmp_path, chromium):
    server = start_server(tmp_path)
    yield f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


#: Whether the chart has drawn an importance bar with whiskers.
WHISKERS_DRAWN = """() => (document.querySelector('#canvas-graph .js-plotly-plot')?.data || [])
    .some(t => t.type === 'bar' && t.error_y)"""


def _whiskers(page) -> list[dict | None]:
    """The error bars of the chart's importance bars, as plotly drew them."""
    return page.evaluate(
        """() => document.querySelector('#canvas-graph .js-plotly-plot').data
            .filter(t => t.type === 'bar').map(t => t.error_y || null)"""
    )


def _upload(page, path: Path) -> None:
    page.set_input_files(f"#{ids.SURVEY_UPLOAD} input[type=file]", str(path))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_survey_becomes_the_importance_as_a_version_with_whiskers_and_undo_takes_it_back(
    workspace, browser, tmp_path, language
):
    words = WORDS[language]
    SHOTS.mkdir(exist_ok=True)
    for width in (1366, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:
            errors: list[str] = []
            page = open_page(context, new_canvas(workspace, ROOT / "configs" / "coffee_chain.yaml"), errors)
            if language == "zh":
                page.locator("#language").get_by_text("简体中文").click()
                page.wait_for_function("() => document.documentElement.lang === 'zh-CN'")
                wait_idle(page)
            tab(page, words["data"])
            box = page.locator(".survey-import")
            box.scroll_into_view_if_needed()
            box.screenshot(path=str(SHOTS / f"box-{language}-{width}.png"))
            _refused(page, tmp_path, words)
            assert "importance" not in stored(page)["factors"][0]  # nothing changed
            _upload(page, SURVEY)
            page.locator(f"#{ids.SURVEY_MESSAGE} .alert-ok").wait_for(timeout=TIMEOUT)
            page.wait_for_function(
                f"() => document.querySelector('#{ids.SAVE_STATUS}').innerText.includes('{words['saved']}')"
            )
            wait_idle(page)
            factors = stored(page)["factors"]
            assert [f["importance_n"] for f in factors] == [30, 29, 29, 26, 30, 27, 26, 29, 29]
            page.locator(f"#{ids.SURVEY_MESSAGE}").screenshot(path=str(SHOTS / f"import-{language}-{width}.png"))
            tab(page, "战略布局图" if language == "zh" else "Strategy canvas")
            _show_importance(page)
            page.wait_for_function(WHISKERS_DRAWN)  # the chart tab draws once shown
            bars = [w for w in _whiskers(page) if w]
            assert len(bars) == 1 and len(bars[0]["array"]) == 9 and all(v > 0 for v in bars[0]["array"])
            page.locator(f"#{ids.GRAPH}").scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"chart-{language}-{width}.png"), full_page=width == 390)
            tab(page, words["history"])
            page.locator(f"#{ids.HISTORY_LIST}", has_text=words["summary"]).wait_for(timeout=TIMEOUT)
            page.locator(f"#{ids.HISTORY_LIST}").screenshot(path=str(SHOTS / f"history-{language}-{width}.png"))
            page.click(f"#{ids.UNDO}")
            page.wait_for_function(f"() => document.querySelector('#{ids.SAVE_STATUS}').innerText.includes('3')")
            wait_idle(page)
            assert "importance" not in stored(page)["factors"][0]  # undone: a new version without it
            assert errors == []
        finally:
            context.close()


def _refused(page, tmp_path: Path, words: dict[str, str]) -> None:
    """A survey with an unknown column is refused by its column, one with a rating off the scale by row
    and column; the canvas stays as it was."""
    header = SURVEY.read_text(encoding="utf-8").splitlines()[0]
    bad = tmp_path / "bad.csv"
    bad.write_text(header.replace("Speed of service", "Sped") + "\n", encoding="utf-8")
    _upload(page, bad)
    page.locator(f"#{ids.SURVEY_MESSAGE} .alert-error", has_text=words["unknown"]).wait_for(timeout=TIMEOUT)
    assert words["refused"] in page.inner_text(f"#{ids.SURVEY_MESSAGE}")
    names = header.split(",")
    rows = [
        ",".join(["R1", "A", *["3"] * (len(names) - 2)]),
        ",".join(["R2", "B", *["9" if n == "Speed of service" else "4" for n in names[2:]]]),
    ]
    off = tmp_path / "scale.csv"
    off.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    _upload(page, off)
    page.locator(f"#{ids.SURVEY_MESSAGE} .alert-error", has_text=words["off"]).wait_for(timeout=TIMEOUT)
    page.locator(f"#{ids.SURVEY_MESSAGE}").screenshot(path=str(SHOTS / "refused.png"))


def _show_importance(page) -> None:
    """Tick the chart's importance layer, unless it is shown already."""
    box = page.locator(f"#{ids.LAYERS} input[value=importance]")
    if not box.is_checked():
        box.check()
        wait_idle(page)
