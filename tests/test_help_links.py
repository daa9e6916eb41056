"""Every measure the app shows links to its section of the reading guide (issue 26 §1), in the page's
language, and every link's section exists on /help."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from dash import html

from positioning.core.analysis import analyse
from positioning.core.loader import load_canvas
from positioning.http.help import guide_html
from positioning.i18n.guide import MAIN_EXAMPLE, MEASURES, PANEL_EXAMPLE
from positioning.ui.layout import build_layout
from positioning.ui.views import diagnosis_view, ranking_tab


def _links(component: Any) -> Iterator[html.A]:
    if isinstance(component, html.A) and getattr(component, "className", "").startswith("help-link"):
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _links(child)


def _measures(*components: Any) -> dict[str, str]:
    """measure -> the href of its link (each measure's links all lead to the same section)."""
    found: dict[str, set[str]] = {}
    for component in components:
        for link in _links(component):
            found.setdefault(getattr(link, "data-measure"), set()).add(link.href)
    assert all(len(hrefs) == 1 for hrefs in found.values()), found
    return {measure: hrefs.pop() for measure, hrefs in found.items()}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_measure_shown_links_to_its_section_in_the_page_s_language(language):
    main, panel = analyse(load_canvas(MAIN_EXAMPLE)), analyse(load_canvas(PANEL_EXAMPLE))
    shown = _measures(
        diagnosis_view(main.diagnosis, language), ranking_tab(main, language), ranking_tab(panel, language)
    )
    # the layout's fixed heading: one link per language, the page's language shows (said.py)
    fixed = [(getattr(a, "data-measure"), a.href, a.lang) for a in _links(build_layout([("Southwest", "x")]))]
    assert sorted(fixed) == [("tornado", "/help#tornado", "en"), ("tornado", "/help?lang=zh#tornado", "zh-CN")]
    assert set(shown) | {"tornado"} == {key for key, _ in MEASURES}
    page = guide_html(language)
    for href in shown.values():
        path, anchor = href.split("#")
        assert path == ("/help" if language == "en" else f"/help?lang={language}")
        assert f'<section id="{anchor}"' in page


def test_a_link_says_what_it_opens_and_opens_a_new_tab():
    links = list(_links(diagnosis_view(analyse(load_canvas(MAIN_EXAMPLE)).diagnosis, "zh")))
    focus = next(a for a in links if getattr(a, "data-measure") == "focus")
    assert getattr(focus, "aria-label") == "解读：聚焦度" and focus.target == "_blank" and "noopener" in focus.rel
