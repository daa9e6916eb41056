"""One language at a time (issue 12 §3), in the real app: after a switch, no
tab, panel, message or tooltip shows the other language's words.

Every tab is opened, the Share and workshop panels, a dropdown and the
chart-as-table are unfolded, then the list of canvases; a refused edit puts a
message up before the switch. The page's visible text, its placeholders,
titles and accessible names and the chart toolbar's tips are read. What may
stay is short: the user's own words (every name, note and title in the
canvas), the product's format and file names (YAML, PNG, ...) and the other
language's name in the language switch.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from positioning import load_canvas
from positioning.ui import ids

from .conftest import ROOT
from .test_browser import edit_cell, new_canvas, open_page, start_server, stop_server, tab, wait_idle

EXAMPLE = ROOT / "configs" / "b2b_maintenance_services.yaml"
TABS = {
    "en": ("Strategy canvas", "Ranking", "Diagnosis", "Data", "History"),
    "zh": ("战略布局图", "排序", "诊断", "数据", "历史"),
}
#: Names of formats, products and keys, the same in every language.
FORMAT_WORDS = {
    "YAML",
    "PNG",
    "SVG",
    "PDF",
    "PowerPoint",
    "API",
    "Excel",
    "UTC",
    "ERRC",
    "rrggbb",
    "Ctrl",
    "Shift",
    "zip",
    "yaml",  # the file name extensions the jobs panel's import takes
    "yml",
    "xlsx",
    "xlsm",
    "csv",  # the survey import takes .csv, and its two optional column headers are keys
    "respondent",
    "segment",
}
#: What the page says, read from the DOM: visible text and the words it gives tools.
_PAGE_WORDS = """() => {
  const words = [document.body.innerText, document.title];
  for (const e of document.querySelectorAll('[placeholder], [title], [aria-label], [data-title]')) {
    if (e.offsetParent === null && !e.closest('.modebar')) continue;  // hidden
    for (const a of ['placeholder', 'title', 'aria-label', 'data-title']) words.push(e.getAttribute(a) || '');
  }
  return words.join('\\n');
}"""
_LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
_HAN = re.compile(r"[\u3400-\u9fff]+")


@pytest.fixture(scope="module")
def server_url(chromium) -> Iterator[str]:
    server = start_server()
    yield f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


def _own_words() -> str:
    """Every text the user wrote in the example: names, notes, title, footnote."""
    canvas = load_canvas(EXAMPLE)
    texts = [canvas.title, canvas.subject, canvas.style.footnote or "", canvas.style.subtitle or ""]
    texts += list(canvas.player_names) + [s.name for s in canvas.segments]
    texts += [f"{f.name} {f.note or ''}" for f in canvas.factors]
    return " ".join(texts)


def _seen(page) -> str:
    """Everything the page says on every tab, with its panels open."""
    said = []
    for label in TABS[page.evaluate("() => document.documentElement.lang === 'zh-CN' ? 'zh' : 'en'")]:
        tab(page, label)
        if label in ("Strategy canvas", "战略布局图"):
            page.locator(f"#{ids.CHART_TABLE} summary").click()
            page.wait_for_selector(f"#{ids.CHART_TABLE} table")  # drawn once open
            page.hover("#canvas-graph .nsewdrag")  # the toolbar shows
        said.append(page.evaluate(_PAGE_WORDS))
    page.click(f"#{ids.CATEGORY_FILTER}")  # a dropdown's own words: search, select all
    page.wait_for_selector(".dash-dropdown-content")
    said.append(page.evaluate(_PAGE_WORDS))
    page.keyboard.press("Escape")
    for panel in ("share", "workshop"):
        page.locator(f"details.{panel} > summary").click()  # open
        wait_idle(page)
        said.append(page.evaluate(_PAGE_WORDS))
        page.locator(f"details.{panel} > summary").click()  # and closed again
    return "\n".join(said)


def _foreign(text: str, language: str, own: str) -> list[str]:
    """The other language's words in ``text``, less the user's own and the format names."""
    if language == "zh":
        # the chart's labels break names over lines, which the page's text joins: compare without spaces
        squashed = re.sub(r"[\s-]", "", own).lower()
        latin = set(_LATIN.findall(text)) - FORMAT_WORDS
        words = {part for w in latin for part in re.split(r"(?<=[a-z])(?=[A-Z])", w)}  # "teamMulti": two labels
        found = {w for w in words if w not in FORMAT_WORDS and w.replace("-", "").lower() not in squashed}
        return sorted(found - {"English"})
    return sorted({w for w in _HAN.findall(text) if w not in own} - {"简体中文"})


@pytest.mark.parametrize("language", ["zh", "en"])
def test_after_a_switch_every_tab_panel_and_message_speaks_one_language(browser, server_url, language):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    errors: list[str] = []
    page = open_page(context, new_canvas(server_url, EXAMPLE), errors)
    other = "en" if language == "zh" else "zh"
    if other == "zh":
        page.locator("#language").get_by_text("简体中文").click()
        page.wait_for_function("() => document.documentElement.lang === 'zh-CN'")
        wait_idle(page)
    tab(page, TABS[other][3])  # a refused edit: its message is up before the switch
    edit_cell(page, 0, "level_0", "99")
    page.wait_for_selector(f"#{ids.FACTOR_MESSAGE} .alert-error")
    page.locator("#language").get_by_text("简体中文" if language == "zh" else "English").click()
    page.wait_for_function(f"() => document.documentElement.lang === '{'zh-CN' if language == 'zh' else 'en'}'")
    wait_idle(page)
    text = _seen(page)
    page.locator(".back-link").click()  # and the list of canvases
    page.wait_for_selector(f"#{ids.LIST_ROWS} .list-table")
    wait_idle(page)
    text += "\n" + page.evaluate(_PAGE_WORDS)
    listed = page.evaluate(  # the other canvases of the workspace, by their own titles and subjects
        "async () => (await (await fetch('/api/canvases')).json())"
        ".map(c => c.title + ' ' + (c.subject || '')).join(' ')"
    )
    files = " ".join(re.findall(r"[\w.-]+\.(?:zip|yaml|yml|xlsx|csv)\b", text))  # an import job's file: the user's
    foreign = _foreign(text, language, _own_words() + " " + listed + " " + files)
    assert not foreign, f"{foreign}\n\n{text}"
    context.close()
    assert errors == [], errors
