"""The reading guide in a real browser (issue 26 §1): the Diagnosis tab's "?" beside a measure opens
/help in a new tab on that measure's section, in the page's language; the page passes axe and does not
scroll sideways on a phone. Screenshots go to $I26_SHOTS when it is set (to look at, not compared)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from positioning.i18n.guide import MEASURES
from positioning.i18n.wording import t
from positioning.ui import ids

from .test_browser import TIMEOUT, new_canvas, open_page, start_server, stop_server, wait_idle
from .test_browser_a11y import DESKTOP, PHONE, _context, axe_findings, axe_report, overflow, overflow_report, speak

SHOTS = os.environ.get("I26_SHOTS")


@pytest.fixture(scope="module")
def app_url(chromium) -> Iterator[str]:
    server = start_server()
    yield f"http://127.0.0.1:{server.server_port}/"
    stop_server(server)


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_measure_s_link_opens_its_section_of_the_guide_in_the_page_s_language(browser, app_url, language):
    errors: list[str] = []
    with _context(browser, DESKTOP) as context:
        page = open_page(context, new_canvas(app_url), errors)
        speak(page, language)
        page.click(f"#{ids.TAB_IDS['tab_diagnosis']}")
        page.wait_for_selector(f"#{ids.DIAGNOSIS} .banner")
        wait_idle(page)
        _shot(page, f"diagnosis-{language}-1366")
        name = t(language, "guide_link", name=t(language, "guide_focus_name"))
        link = page.get_by_role("link", name=name)
        assert link.count() == 1
        with context.expect_page() as opened:
            link.click()
        guide = opened.value
        guide.set_default_timeout(TIMEOUT)
        guide.wait_for_load_state()
        query = "" if language == "en" else f"?lang={language}"
        assert guide.url == f"{app_url}help{query}#focus"
        assert guide.evaluate("() => document.documentElement.lang") == ("en" if language == "en" else "zh-CN")
        heading = guide.locator("#focus h2")
        assert heading.inner_text() == t(language, "guide_focus_name")
        assert guide.evaluate("() => document.querySelector(':target').id") == "focus"
        top = guide.evaluate("() => document.getElementById('focus').getBoundingClientRect().top")
        assert 0 <= top < 100  # scrolled to the section
        _shot(guide, f"help-{language}-1366-focus")
    assert errors == [], errors


@pytest.mark.parametrize("device", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_guide_passes_axe_and_fits_a_phone(browser, app_url, language, device):
    with _context(browser, device) as context:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(f"{app_url}help?lang={language}")
        assert page.locator("nav a").count() == len(MEASURES)
        found = axe_findings(page)
        assert not found, axe_report({f"/help ({language})": found})
        wide = overflow(page)
        assert wide is None, overflow_report({f"/help ({language})": wide})
        width = device["viewport"]["width"]
        _shot(page, f"help-{language}-{width}")
        page.goto(f"{app_url}help?lang={language}#kendall-w")
        _shot(page, f"help-{language}-{width}-kendall")
