"""The loader's problems with an edited canvas, placed in words.

The loader names where a problem is as a path into the file
(``factors[1].levels.Southwest``), which is right for a file and wrong for
a grid. Here the path becomes the factor's and the field's names in the
user's language ("Meals, Southwest's level"), read from the canvas the user
tried to make; the loader's own explanation follows, in the same language
(:meth:`~positioning.core.loader.Problem.text`). Nothing here imports Dash.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from positioning.core.changes import STYLE_FIELDS
from positioning.core.loader import Problem
from positioning.core.model import CRITERIA
from positioning.i18n.wording import criterion_label, problem_text, t

#: ``factors[1].levels.Southwest`` -> ("factors", 1, "levels.Southwest").
_ITEM = re.compile(r"^(factors|players|segments)\[(\d+)\](?:\.(.+))?$")
_FACTOR_FIELDS = ("name", "category", "source", "note", "importance", "target", "better")


def worded(problems: Sequence[Problem], tried: Mapping[str, Any] | None, language: str) -> list[str]:
    """One line per problem: where it is in words, then what is wrong."""
    return [_line(p, tried or {}, language) for p in problems]


def _line(problem: Problem, tried: Mapping[str, Any], language: str) -> str:
    place = where(problem.path, tried, language) if problem.path else ""
    message = problem_text(problem, language)
    return t(language, "problem_at", where=place, message=message) if place else message


def where(path: str, tried: Mapping[str, Any], language: str) -> str:
    """The place of ``path`` in words; the path itself when it has no words."""
    item = _ITEM.match(path)
    if item:
        kind, index, rest = item.group(1), int(item.group(2)), item.group(3) or ""
        owner = _owner(tried, kind, index, language)
        places = {"factors": _factor_place, "players": _player_place, "segments": _segment_place}
        return places[kind](owner, rest, language)
    return _setting_place(path, language) or path


def _owner(tried: Mapping[str, Any], kind: str, index: int, language: str) -> str:
    """The name of the factor or player at ``index``, or "Factor 2" when it has none."""
    items = tried.get(kind)
    item = items[index] if isinstance(items, Sequence) and 0 <= index < len(items) else None
    name = item.get("name") if isinstance(item, Mapping) else None
    if isinstance(name, str) and name.strip():
        return name.strip()
    unnamed = {"factors": "problem_factor_n", "players": "problem_player_n", "segments": "problem_segment_n"}
    return t(language, unnamed[kind], n=index + 1)


def _factor_place(factor: str, rest: str, language: str) -> str:
    group, _, key = rest.partition(".")
    if group == "levels" and key:
        return t(language, "problem_level", factor=factor, player=key)
    if group == "scores" and key in CRITERIA:
        return t(language, "problem_score", factor=factor, criterion=criterion_label(language, key))
    if rest in _FACTOR_FIELDS:
        return t(language, "problem_field", owner=factor, field=t(language, rest).lower())
    return factor


def _player_place(player: str, rest: str, language: str) -> str:
    if rest in ("name", "color"):
        return t(language, "problem_field", owner=player, field=t(language, rest).lower())
    return player


def _segment_place(segment: str, rest: str, language: str) -> str:
    group, _, factor = rest.partition(".")
    if group == "importance" and factor:
        return t(language, "problem_segment_importance", segment=segment, factor=factor)
    fields = {"name": "name", "share": "segment_share", "importance": "importance"}
    return (
        t(language, "problem_field", owner=segment, field=t(language, fields[rest]).lower())
        if rest in fields
        else segment
    )


def _setting_place(path: str, language: str) -> str | None:
    head, _, key = path.partition(".")
    if head == "weights" and key in CRITERIA:
        return t(language, "problem_weight", criterion=criterion_label(language, key))
    scale = key.partition("[")[0]
    if head == "scales" and scale in ("score", "level"):
        return t(language, "problem_scale", scale=t(language, f"scale_{scale}"))
    if head == "style" and key in STYLE_FIELDS:
        return t(language, f"style_{key}")
    return t(language, _SETTINGS[path]) if path in _SETTINGS else None


#: Paths of the canvas's own settings -> the wording of their label.
_SETTINGS = {"title": "col_title", "subject": "subject", "top": "top", "weights": "weights", "segments": "segments"}
