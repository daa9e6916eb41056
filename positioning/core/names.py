"""The one rule for every name and title: a canvas's title, subject, players, factors, segments and
raters, and a workshop participant's name (which becomes a rater's).

A name is one line of visible text of 1 to :data:`MAX_NAME` characters: no control character (C1
ones too), no format character (the direction overrides such as U+202E, which make a name read
otherwise than it is stored; U+200B, U+FEFF and the other invisible ones), no surrogate, no line or
paragraph separator, and not only spaces. The zero-width (non-)joiners, which join the letters of
Persian or Indic scripts and the parts of an emoji, and the tags of subdivision flags, are kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any, TypeGuard

#: Longest name or title.
MAX_NAME = 200
# One line of visible text: no C0 control characters (a `|` block would bring a newline), not only
# spaces; the JSON Schema says this much, :func:`refused_character` the rest.
NAME_PATTERN = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
#: The categories of the characters no name holds (controls, format characters, surrogates, separators).
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
#: Format characters a name may hold, as they join what is around them.
JOINERS = frozenset({"\u200c", "\u200d", *map(chr, range(0xE0020, 0xE0080))})

_NAME = re.compile(NAME_PATTERN)


def refused_character(text: str) -> str | None:
    """The first character of ``text`` no name may hold, or the first of a name with nothing visible
    (only spaces and joiners); None when ``text`` holds none.

    >>> [refused_character(t) for t in ("Café 李", "Ab\u202ec", "\u200b", "a\u200db", "\u200d")]
    [None, '\u202e', '\u200b', None, '\u200d']
    """
    if text.isprintable() and not text.isspace():  # the usual name: no control, format or separator
        return None
    refused = next((c for c in text if _refused(c)), None)
    if refused is not None or not text:
        return refused
    visible = any(not c.isspace() and c not in JOINERS for c in text)
    return None if visible else text[0]


def _refused(char: str) -> bool:
    return unicodedata.category(char) in REFUSED_CATEGORIES and char not in JOINERS


def is_name(value: object) -> TypeGuard[str]:
    """Whether ``value`` is a name: text of 1 to :data:`MAX_NAME` characters by the rule above."""
    return has_name_characters(value) and len(value) <= MAX_NAME


def has_name_characters(value: object) -> TypeGuard[str]:
    """Whether ``value`` is text a name may be, whatever its length."""
    return isinstance(value, str) and _NAME.fullmatch(value) is not None and refused_character(value) is None


def character_name(char: str) -> str:
    """A character as a message names it: "U+202E RIGHT-TO-LEFT OVERRIDE" (its code alone without a name)."""
    return f"U+{ord(char):04X} {unicodedata.name(char, '')}".strip()


def shown(text: str) -> str:
    """``text`` with each character no name may hold written as its code ("Air<U+202E>travel"): a message
    quoting it reads as it is stored (an override would turn the message itself around); every one,
    in a name with nothing visible.

    >>> shown("Air\\u202etravel 李"), shown("\\u200d")
    ('Air<U+202E>travel 李', '<U+200D>')
    """
    blank = all(c.isspace() or c in JOINERS or _refused(c) for c in text)
    return "".join(f"<U+{ord(c):04X}>" if blank or _refused(c) else c for c in text)


def without_refused(data: Any) -> Any:
    """Plain canvas data with every character no name may hold taken out of its text (keys and values
    alike, so a player's name and the keys of its levels stay the same): how a canvas stored before the
    rule opens.

    >>> without_refused({"title": "Air\u202etravel", "levels": {"Us\u200b": 8}, "n": [1.5]})
    {'title': 'Airtravel', 'levels': {'Us': 8}, 'n': [1.5]}
    """
    if isinstance(data, str):
        return "".join(c for c in data if not _refused(c))
    if isinstance(data, Mapping):
        return {without_refused(k): without_refused(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [without_refused(item) for item in data]
    return data
