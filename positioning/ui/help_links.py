"""The small "?" beside each measure the app shows: a link to that measure's section of the reading
guide (``/help#focus``, :mod:`positioning.i18n.guide`), opened in a new tab in the page's language.

Its accessible name says what it opens ("How to read: Focus"); the visible "?" is drawn by the style
sheet (``.help-link::after``), so it is neither read out nor part of the view's text. Views drawn in one
language take :func:`help_link`; the layout's fixed texts, which follow the language switch, take
:func:`help_links` (one link per language; the page's language shows, as in said.py).
"""

from __future__ import annotations

from typing import Any

from dash import html

from positioning.core.diagnostics import Diagnosis
from positioning.i18n.guide import help_url
from positioning.i18n.wording import HTML_LANG, LANGUAGES, t, uncertain_calls_text


def help_link(key: str, language: str, class_name: str = "help-link", **more: Any) -> html.A:
    """The "?" link to the guide's section of the measure ``key``, in ``language``."""
    name = t(language, "guide_link", name=t(language, f"guide_{key}_name"))
    attributes: dict[str, Any] = {"aria-label": name, "data-measure": key, **more}
    return html.A(
        href=help_url(key, language), target="_blank", rel="noopener", title=name, className=class_name, **attributes
    )


def help_links(key: str) -> list[html.A]:
    """:func:`help_link` in every language, each marked with its ``lang``: the page's language shows."""
    return [help_link(key, code, f"help-link said said-{code}", lang=HTML_LANG[code]) for code in LANGUAGES]


def with_help(text: Any, key: str, language: str) -> list[Any]:
    """A heading's or a label's ``text`` followed by its "?" link."""
    return [text, help_link(key, language)]


def caveats(diagnosis: Diagnosis, language: str) -> list[html.P]:
    """The diagnosis's sentences of the over- and under-delivery calls a survey's importance interval makes
    uncertain, with the interval's link (nothing without such a call)."""
    text = uncertain_calls_text(diagnosis, language).strip()
    return [html.P(with_help(text, "importance_interval", language), className="uncertain-calls")] if text else []


def robustness_line(k: int, line: str, count: int, language: str) -> Any:
    """One line of the Ranking tab's robustness words: the nearest one-weight threshold (the middle one of
    three) carries the thresholds' link (not the summary of their list: a link inside a <summary> is a
    control inside a control), the last (the change of all weights at once, or that none changes the
    shortlist) the smallest change's."""
    if k == count - 1 and count > 1:
        return with_help(line, "smallest_change", language)
    return with_help(line, "thresholds", language) if k == 1 and count == 3 else line


def labelled(key: str, measure: str, language: str) -> list[Any]:
    """The words of ``key`` followed by the "?" link of ``measure``."""
    return with_help(t(language, key), measure, language)


def heading(key: str, measure: str, language: str) -> html.H3:
    """A section's heading (the words of ``key``) with the "?" link of ``measure``."""
    return html.H3(labelled(key, measure, language))


def odds_heads(language: str) -> list[list[Any]]:
    """The Ranking table's heads of the shortlist chance and the likely rank, with their links."""
    return [
        labelled("shortlist_chance", "shortlist_probability", language),
        labelled("likely_rank", "rank_range", language),
    ]
