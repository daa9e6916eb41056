"""Two edits of one canvas put together: mine applied on top of theirs, when they touch different fields.

A canvas is edited from a version (the base) in two places; one is saved first (theirs). :func:`merged`
applies my changes to theirs when no field was changed by both in different ways, in the canvas's plain
data (:func:`positioning.output.writer.canvas_data`): mappings field by field, the lists of named items
(players, factors, segments, the panel's raters) item by item by name, with their order taken from
whichever side reordered them. A field changed by both, an item one side removed or renamed while the
other changed it, or both sides reordering one list, is a clash: None. The caller checks the result as
any canvas (a merge of valid canvases may still break a rule that relates two fields).

>>> base = {"title": "A", "weights": {"capability": 1, "barriers": 1}}
>>> merged(base, {**base, "title": "B"}, {**base, "weights": {"capability": 2, "barriers": 1}})
{'title': 'B', 'weights': {'capability': 2, 'barriers': 1}}
>>> merged(base, {**base, "title": "B"}, {**base, "title": "C"}) is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: A field one side does not have.
_MISSING: Any = object()


class _Clash(Exception):
    """Both sides changed one field, differently."""


def merged(base: Mapping[str, Any], theirs: Mapping[str, Any], mine: Mapping[str, Any]) -> dict[str, Any] | None:
    """``mine``'s changes from ``base`` applied on top of ``theirs``; None when the two clash."""
    try:
        result = _merge(base, theirs, mine)
    except _Clash:
        return None
    return dict(result)


def _merge(base: Any, theirs: Any, mine: Any) -> Any:
    if mine == base:
        return theirs
    if theirs in (base, mine):
        return mine
    if all(isinstance(x, Mapping) for x in (base, theirs, mine)):
        return _mappings(base, theirs, mine)
    if all(_named(x) for x in (base, theirs, mine)):
        return _named_lists(base, theirs, mine)
    raise _Clash


def _mappings(base: Mapping[str, Any], theirs: Mapping[str, Any], mine: Mapping[str, Any]) -> dict[str, Any]:
    keys = [*theirs, *(k for k in mine if k not in theirs), *(k for k in base if k not in theirs and k not in mine)]
    out = {}
    for key in keys:
        value = _merge(base.get(key, _MISSING), theirs.get(key, _MISSING), mine.get(key, _MISSING))
        if value is not _MISSING:
            out[key] = value
    return out


def _named(value: object) -> bool:
    """A list of mappings each with a name of its own."""
    if not isinstance(value, list) or not all(isinstance(x, Mapping) and "name" in x for x in value):
        return False
    names = [x["name"] for x in value]
    return len(set(map(repr, names))) == len(names)


def _named_lists(base: list[Any], theirs: list[Any], mine: list[Any]) -> list[Any]:
    by = [{repr(x["name"]): x for x in side} for side in (base, theirs, mine)]
    kept = {}
    for key in [
        *by[1],
        *(k for k in by[2] if k not in by[1]),
        *(k for k in by[0] if k not in by[1] and k not in by[2]),
    ]:
        value = _merge(by[0].get(key, _MISSING), by[1].get(key, _MISSING), by[2].get(key, _MISSING))
        if value is not _MISSING:
            kept[key] = value
    return [kept[key] for key in _order(list(by[0]), list(by[1]), list(by[2]), kept)]


def _order(base: list[str], theirs: list[str], mine: list[str], kept: Mapping[str, Any]) -> list[str]:
    """The items' order: the side that reordered the items both kept decides (both: a clash), the
    items only one side added where that side put them, at the end otherwise."""
    common = [k for k in base if k in kept and k in theirs and k in mine]

    def among(side: list[str]) -> list[str]:
        return [k for k in side if k in common]

    moved_theirs, moved_mine = among(theirs) != common, among(mine) != common
    if moved_theirs and moved_mine and among(theirs) != among(mine):
        raise _Clash
    leading = mine if moved_mine else theirs
    other = theirs if moved_mine else mine
    order = [k for k in leading if k in kept]
    return order + [k for k in other if k in kept and k not in order]
