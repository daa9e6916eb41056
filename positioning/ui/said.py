"""Words the page shows in every language at once; the page's language picks the one seen.

A message or a status is made once, when something happens (an edit refused,
a version saved), and the user may switch language afterwards. The event
cannot be decided again (the edit is done), so its words are made in every
language and put on the page side by side, each marked with its ``lang``:
assets/style.css shows the one of the page's language (the ``lang`` of the
html element, which the language switch sets). Nothing here decides
anything; it only words and shows (the words in every language are made with
:func:`positioning.i18n.wording.every`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dash import html

from positioning.i18n.wording import HTML_LANG

#: One text per language code.
Said = Mapping[str, str]
#: What a message area or a status shows: words in every language, or one text as it is (a user's own words).
Shown = Said | str
#: A message area's content: its kind ("ok", "error"), heading and lines.
Message = tuple[str, Shown, Sequence[Shown]]


def shown(words: Shown | None) -> Any:
    """The page's content for ``words``: a span per language (one shows), or the text itself."""
    if words is None or isinstance(words, str):
        return words
    return [html.Span(text, lang=HTML_LANG[code], className=f"said said-{code}") for code, text in words.items()]


def text_in(words: Shown | None, language: str) -> str:
    """What ``words`` read in ``language`` (for tests and logs)."""
    if words is None or isinstance(words, str):
        return words or ""
    return words.get(language) or next(iter(words.values()), "")
