"""Where a problem with a canvas is, as data: the named item a field path points into.

A path such as ``factors[1].scores.capability`` is exact but says little to the person who wrote
the file; the item it points into has a name ("Personal advisor"), which the wording shows
instead of the index (:func:`positioning.i18n.wording.located`): "factor 'Personal advisor',
scores.capability". The path itself stays as it is where a program reads it (the HTTP API's
``field``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from positioning.core.model import FieldPath, format_path


@dataclass(frozen=True)
class Owner:
    """The named item a problem's path points into, as data: ``kind`` the list ("factors", "players",
    "segments", "panel"), ``name`` the item's name as the file gives it (shortened, control characters
    escaped), ``rest`` the path inside the item ("scores.attractiveness"; "" for the item itself)."""

    kind: str
    name: str
    rest: str


#: The lists whose items have a name, and the key holding it.
NAMED_ITEMS = {"factors": "name", "players": "name", "segments": "name", "panel": "rater"}


def owner_of(data: Mapping[str, Any], loc: FieldPath) -> Owner | None:
    """The named item that ``loc`` points into in ``data``, if it has a name (None: the path says it).

    >>> owner_of({"factors": [{"name": "Price"}, {"name": "Personal advisor"}]}, ("factors", 1, "scores", "capability"))
    Owner(kind='factors', name='Personal advisor', rest='scores.capability')
    """
    if len(loc) < 2 or loc[0] not in NAMED_ITEMS or not isinstance(loc[1], int):
        return None
    items = data.get(str(loc[0]))
    item = items[loc[1]] if isinstance(items, list) and 0 <= loc[1] < len(items) else None
    name = item.get(NAMED_ITEMS[str(loc[0])]) if isinstance(item, Mapping) else None
    if not isinstance(name, str) or not name.strip():
        return None
    shown = format_path((name.strip(),))  # at most 40 characters, none that would drive a terminal
    return Owner(str(loc[0]), shown, format_path(loc[2:]))
