"""Every measure the app shows links to its section of the reading guide (issue 26 §1), in the page's
language, and every link's section exists on /help."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from dash import html

from positioning.core.analysis import Analysis, analyse
from positioning.core.loader import load_canvas
from positioning.core.survey import with_survey
from positioning.http.help import guide_html
from positioning.i18n.guide import MAIN_EXAMPLE, MEASURES, PANEL_EXAMPLE, SURVEY_EXAMPLE
from positioning.i18n.surveys import survey_of
from positioning.i18n.wording import uncertain_calls_text
from positioning.ui.layout import build_layout
from positioning.ui.views import diagnosis_view, ranking_tab


def _links(component: Any) -> Iterator[html.A]:
    if isinstance(component, html.A) and getattr(component, "className", "").startswith("help-link"):
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _links(child)


def _surveyed(copies: int = 1) -> Analysis:
    """The coffee chain with its bundled survey's importance; ``copies`` times every respondent, each copy
    under its own id (the same means, intervals narrower by about the square root of ``copies``)."""
    canvas = load_canvas(PANEL_EXAMPLE)
    header, *rows = SURVEY_EXAMPLE.read_text(encoding="utf-8").splitlines()
    text = (
        "\n".join(
            [header, *(f"{row.split(',', 1)[0]}-{k},{row.split(',', 1)[1]}" for k in range(copies) for row in rows)]
        )
        + "\n"
    )
    return analyse(with_survey(canvas, survey_of(text.encode("utf-8"), SURVEY_EXAMPLE.name, canvas)))


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
        diagnosis_view(main.diagnosis, language),
        diagnosis_view(_surveyed().diagnosis, language),
        ranking_tab(main, language),
        ranking_tab(panel, language),
    )
    # the layout's fixed texts (the tornado's heading, the survey import's hint): one link per language,
    # the page's language shows (said.py)
    fixed = [(getattr(a, "data-measure"), a.href, a.lang) for a in _links(build_layout([("Southwest", "x")]))]
    assert sorted(fixed) == [
        ("importance_interval", "/help#importance-interval", "en"),
        ("importance_interval", "/help?lang=zh#importance-interval", "zh-CN"),
        ("tornado", "/help#tornado", "en"),
        ("tornado", "/help?lang=zh#tornado", "zh-CN"),
    ]
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


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_uncertain_call_says_so_beside_the_interval_s_link_and_only_then(language):
    """The customer-value section of the Diagnosis tab: the diagnosis's sentence of each uncertain call,
    with the importance interval's link; none without a survey, none once enough customers answered."""
    uncertain = _surveyed().diagnosis
    assert uncertain.uncertain
    view = diagnosis_view(uncertain, language)
    (link,) = [a for a in _links(view) if getattr(a, "data-measure") == "importance_interval"]
    assert link.href == ("/help" if language == "en" else "/help?lang=zh") + "#importance-interval"
    (caveat,) = [p for p in _paragraphs(view) if any(child is link for child in p.children)]
    assert caveat.children == [uncertain_calls_text(uncertain, language).strip(), link]
    # ten times the customers, the same means: the calls stand, and neither the sentence nor the link shows
    steady = _surveyed(copies=10).diagnosis
    assert steady.over_delivery == uncertain.over_delivery and not steady.uncertain
    canvas = _surveyed().canvas  # the same importance typed by hand: no interval
    typed = [f.model_copy(update={"importance_n": None, "importance_sd": None}) for f in canvas.factors]
    by_hand = analyse(canvas.model_copy(update={"factors": tuple(typed)})).diagnosis
    for diagnosis in (steady, by_hand):
        assert diagnosis.over_delivery or diagnosis.under_delivery
        assert "importance_interval" not in _measures(diagnosis_view(diagnosis, language))


def _paragraphs(component: Any) -> Iterator[html.P]:
    if isinstance(component, html.P):
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from _paragraphs(child)
