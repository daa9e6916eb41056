"""What changed between two versions of a canvas, as data.

:func:`diff` compares two canvases in their plain-data form (what
:func:`positioning.output.writer.canvas_data` gives) and returns one
:class:`Change` per difference a person would name: a title, a weight, a
player renamed or recoloured, a factor added, renamed or moved, one level or
score. A player or factor whose name changed in the same place while its
neighbours kept theirs is a rename, not a removal and an addition, and its
levels are followed under the new name. The sentences are built by
:func:`positioning.i18n.wording.change_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal, cast

from positioning.core.model import CRITERIA

Kind = Literal[
    "title",
    "subject",
    "top",
    "weight",
    "scale",
    "style",
    "player_added",
    "player_removed",
    "player_renamed",
    "player_color",
    "players_reordered",
    "factor_added",
    "factor_removed",
    "factor_renamed",
    "factors_reordered",
    "level",
    "score",
    "category",
    "source",
    "note",
    "importance",
    "target",
    "better",
    "segments_reordered",
    "segment_added",
    "segment_removed",
    "segment_renamed",
    "segment_share",
    "segment_importance",
    "panel",
    "panel_scores",
    "own_scores",
    "panel_composite",
    "own_composite",
    "robustness",
    "annotation_added",
    "annotation_removed",
    "annotation_changed",
]

STYLE_FIELDS = ("subtitle", "footnote", "font", "background", "subject_color", "competitor_colors")


@dataclass(frozen=True)
class Change:
    """One difference. ``owner`` is the factor or player it belongs to (its
    new name), ``field`` the criterion, player, scale or style field."""

    kind: Kind
    owner: str = ""
    field: str = ""
    old: Any = None
    new: Any = None


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[Change, ...]:
    """Every difference between two canvases, settings first, then players,
    then factors in the new canvas's order."""
    renamed = _renames(_names(old.get("players")), _names(new.get("players")))
    return (
        *_settings(old, new),
        *_panel(old, new),
        *_players(old, new, renamed),
        *_factors(old, new, renamed),
        *_annotations(old, new, renamed),
    )


def _annotations(old: Mapping[str, Any], new: Mapping[str, Any], players: Mapping[str, str]) -> list[Change]:
    """Annotations added, removed or reworded, each known by its factor and player (followed through a
    rename of either); ``owner`` is the factor, ``field`` the player (empty: the note is on the factor)."""
    factors = {o: n for n, o in _renames(_names(old.get("factors")), _names(new.get("factors"))).items()}
    moved = {o: n for n, o in players.items()}

    def notes(data: Mapping[str, Any], factor: Mapping[Any, Any], player: Mapping[Any, Any]) -> dict[Any, str]:
        items = data.get("annotations")
        found: dict[Any, str] = {}
        for note in items if isinstance(items, Sequence) else ():
            if isinstance(note, Mapping):
                key = (
                    factor.get(note.get("factor"), note.get("factor")),
                    player.get(note.get("player"), note.get("player")),
                )
                found.setdefault(key, str(note.get("text")))
        return found

    before, after = notes(old, factors, moved), notes(new, {}, {})
    changes = [Change("annotation_removed", owner=str(f), field=p or "") for (f, p) in before if (f, p) not in after]
    for (f, p), text in after.items():
        if (f, p) not in before:
            changes.append(Change("annotation_added", owner=str(f), field=p or "", new=text))
        elif before[(f, p)] != text:
            changes.append(Change("annotation_changed", owner=str(f), field=p or "", old=before[(f, p)], new=text))
    return changes


def _panel(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """The scoring panel's size and the robustness settings. A rater's edited score, or another way
    of aggregating, shows as the composites it changes (:func:`_panel_scored`), not as a panel of
    "3 -> 3 raters", which reads as nothing changed."""
    changes = []
    raters = len(old.get("panel") or []), len(new.get("panel") or [])
    if raters[0] != raters[1]:
        changes.append(Change("panel", old=raters[0], new=raters[1]))
    if (old.get("robustness") or {}) != (new.get("robustness") or {}):
        changes.append(Change("robustness"))
    return changes + _segments(old, new)


def _segments(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Customer segments added, removed or renamed, a share or one importance changed, or reordered."""
    return _listed(old.get("segments"), new.get("segments"), "segment", _segment_cells)


Cells = Callable[[str, Mapping[str, Any], Mapping[str, Any]], list[Change]]


def _listed(
    old: object, new: object, item: str, cells: Cells, renamed: Mapping[str, str] | None = None
) -> list[Change]:
    """The changes of a list of named items (players, factors, segments): renamed in place (``renamed``, new
    name -> old, else found here), added, removed, each kept item's ``cells``, and the order."""
    before_list = [x for x in old if isinstance(x, Mapping)] if isinstance(old, Sequence) else []
    after_list = [x for x in new if isinstance(x, Mapping)] if isinstance(new, Sequence) else []
    if renamed is None:
        renamed = _renames(_names(before_list), _names(after_list))
    before = {x["name"]: x for x in before_list}
    changes = [Change(_kind(item, "_renamed"), owner=n, old=o, new=n) for n, o in renamed.items()]
    changes += [
        Change(_kind(item, "_added"), owner=x["name"]) for x in after_list if _was(x["name"], renamed) not in before
    ]
    gone = set(before) - {_was(x["name"], renamed) for x in after_list}
    changes += [Change(_kind(item, "_removed"), owner=name) for name in before if name in gone]
    for x in after_list:
        earlier = before.get(_was(x["name"], renamed))
        if earlier is not None:
            changes += cells(x["name"], earlier, x)
    kept = [_was(x["name"], renamed) for x in after_list if _was(x["name"], renamed) in before]
    if kept != [name for name in before if name not in gone]:
        changes.append(Change(_kind(item, "s_reordered")))
    return changes


def _kind(item: str, what: str) -> Kind:
    """``player_added``, ``factors_reordered``... (every one is in :data:`Kind`)."""
    return cast(Kind, item + what)


def _segment_cells(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    changes = [Change("segment_share", owner=name, old=old.get("share"), new=new.get("share"))]
    changes = changes if old.get("share") != new.get("share") else []
    valued, valued_new = old.get("importance") or {}, new.get("importance") or {}
    return changes + [
        Change("segment_importance", owner=name, field=factor, old=valued[factor], new=value)
        for factor, value in valued_new.items()
        if factor in valued and valued[factor] != value
    ]


def _names(items: object) -> list[str]:
    if not isinstance(items, Sequence):
        return []
    return [str(item.get("name")) for item in items if isinstance(item, Mapping)]


def _renames(old: list[str], new: list[str]) -> dict[str, str]:
    """New name -> old name for the items renamed in place: same count, same
    position, a name that is neither kept elsewhere nor taken from elsewhere."""
    if len(old) != len(new):
        return {}
    kept = set(old) & set(new)
    return {n: o for o, n in zip(old, new, strict=True) if o != n and o not in kept and n not in kept}


def _settings(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    changes = [
        Change(key, old=old.get(key), new=new.get(key))
        for key in ("title", "subject", "top")
        if old.get(key) != new.get(key)
    ]
    weights_old, weights_new = old.get("weights") or {}, new.get("weights") or {}
    changes += [
        Change("weight", field=c, old=weights_old.get(c), new=weights_new.get(c))
        for c in CRITERIA
        if weights_old.get(c) != weights_new.get(c)
    ]
    scales_old, scales_new = old.get("scales") or {}, new.get("scales") or {}
    changes += [
        Change("scale", field=s, old=_pair(scales_old.get(s)), new=_pair(scales_new.get(s)))
        for s in ("score", "level")
        if _pair(scales_old.get(s)) != _pair(scales_new.get(s))
    ]
    style_old, style_new = old.get("style") or {}, new.get("style") or {}
    changes += [
        Change("style", field=f, old=style_old.get(f), new=style_new.get(f))
        for f in STYLE_FIELDS
        if _plain(style_old.get(f)) != _plain(style_new.get(f))
    ]
    return changes


def _panel_scored(name: str, before: Scored, after: Scored) -> list[Change]:
    """A factor a panel scored, before or after: what the panel gives it now ("panel of 4, composite 3 -> 3.5"),
    or that it has scores of its own instead of the panel's; nothing when its scores are the same. The
    composites are kept to two decimals, as a person reads them."""
    if before[:2] == after[:2]:
        return []
    composites = {"old": round(before[2], 2), "new": round(after[2], 2)}
    if after[1]:
        return [Change("panel_composite", owner=name, field=str(after[1]), **composites)]
    return [Change("own_composite", owner=name, field=str(before[1]), **composites)]


def _pair(value: object) -> tuple[Any, ...] | None:
    return tuple(value) if isinstance(value, Sequence) and not isinstance(value, str) else None


def _plain(value: object) -> object:
    return _pair(value) if isinstance(value, list | tuple) else value


def _players(old: Mapping[str, Any], new: Mapping[str, Any], renamed: Mapping[str, str]) -> list[Change]:
    return _listed(old.get("players"), new.get("players"), "player", _player_cells, renamed)


def _player_cells(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    if old.get("color") == new.get("color"):
        return []
    return [Change("player_color", owner=name, old=old.get("color"), new=new.get("color"))]


def _was(name: str, renamed: Mapping[str, str]) -> str:
    return renamed.get(name, name)


def _factors(old: Mapping[str, Any], new: Mapping[str, Any], players: Mapping[str, str]) -> list[Change]:
    scored = (_scored(old), _scored(new)) if old.get("panel") or new.get("panel") else ({}, {})
    cells = partial(_cells, players=players, scored=scored)
    return _listed(old.get("factors"), new.get("factors"), "factor", cells)


#: A factor as ranked: its scores (its own, else the panel's aggregate), how many raters gave them
#: (0: its own) and its composite.
Scored = tuple[tuple[float, ...], int, float]


def _scored(data: Mapping[str, Any]) -> dict[str, Scored]:
    """Each factor of ``data`` as ranked (empty when ``data`` is no canvas): the composite is the ranking's."""
    from positioning.core.analysis import analyse
    from positioning.core.loader import CanvasError, canvas_from_data

    try:
        canvas = canvas_from_data(data)
    except CanvasError:
        return {}
    ranked = analyse(canvas).ranking.by_name()
    return {
        f.name: (
            tuple(float(s) for s in scores.as_dict().values()),
            0 if f.scores else sum(f.name in r.scores for r in canvas.panel),
            ranked[f.name].score,
        )
        for f, scores in zip(canvas.factors, canvas.factor_scores(), strict=True)
    }


def _cells(
    name: str,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    *,
    players: Mapping[str, str],
    scored: tuple[Mapping[str, Scored], Mapping[str, Scored]] = ({}, {}),
) -> list[Change]:
    levels_old, levels_new = old.get("levels") or {}, new.get("levels") or {}
    changes = [
        Change("level", owner=name, field=player, old=levels_old.get(_was(player, players)), new=level)
        for player, level in levels_new.items()
        if _was(player, players) in levels_old and levels_old.get(_was(player, players)) != level
    ]
    before, after = scored[0].get(old["name"]), scored[1].get(name)
    scores_old, scores_new = old.get("scores") or {}, new.get("scores") or {}
    if before and after and (before[1] or after[1]):  # scored by a panel, before or after
        changes += _panel_scored(name, before, after)
    elif bool(scores_old) != bool(scores_new):  # from its own scores to the panel's, or back
        changes.append(Change("own_scores" if scores_new else "panel_scores", owner=name))
    else:
        changes += [
            Change("score", owner=name, field=c, old=scores_old.get(c), new=scores_new.get(c))
            for c in CRITERIA
            if scores_old.get(c) != scores_new.get(c)
        ]
    changes += [
        Change(key, owner=name, old=old.get(key), new=new.get(key))
        for key in ("category", "source", "note", "importance", "target")
        if old.get(key) != new.get(key)
    ]
    better = (old.get("better") or "higher", new.get("better") or "higher")
    return changes + ([Change("better", owner=name, old=better[0], new=better[1])] if better[0] != better[1] else [])
