"""Edits to the canvas held in the browser, as plain functions.

The app keeps the user's canvas as plain data (the file's own shape, see
:func:`positioning.output.writer.canvas_data`) in a ``dcc.Store``. Every edit here
takes that data and returns an :class:`Outcome`: the new data when the edited
canvas is valid, or the loader's messages and no data when it is not, so an
invalid edit never replaces a valid canvas. Nothing here imports Dash.

The stored canvas comes back from the browser with every request, so it is
checked like an upload before any edit trusts it (:func:`read`,
:func:`stored`): the same size limit as a canvas file
(:data:`~positioning.core.loader.MAX_BYTES`, measured as compact JSON) and the
loader's validation, which also caps factors and players.
"""

from __future__ import annotations

import base64
import binascii
import copy
import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from positioning.core.annotations import removed as notes_removed
from positioning.core.annotations import renamed as notes_renamed
from positioning.core.loader import MAX_BYTES, CanvasError, Problem, canvas_from_data, load_canvas, parse_canvas, say
from positioning.core.model import CRITERIA, DEFAULT_LEVEL_SCALE, DEFAULT_SCORE_SCALE, Canvas, Weights
from positioning.core.sizes import ByteSize
from positioning.i18n import wording
from positioning.i18n.wording import DEFAULT_LANGUAGE, every, problem_at, problem_text, t
from positioning.i18n.wording import weight_shares as shown_shares
from positioning.output.writer import canvas_data
from positioning.ui.checked import canvas_of, remember

Data = dict[str, Any]

SCORE_PREFIX = "score_"
LEVEL_PREFIX = "level_"


#: A line of a refusal in every language (code -> text): the page shows its own language's, and a
#: language switch the other's (positioning/ui/said.py).
Line = Mapping[str, str]


def _say(key: str, **values: object) -> Line:
    """A refusal, worded in :mod:`positioning.i18n.wording` in every language."""
    return every(say(key, **values))


@dataclass(frozen=True)
class Outcome:
    """The result of an edit: new data, or ``None`` and the reasons why not."""

    data: Data | None
    problems: tuple[Line, ...] = field(default=())
    #: When the loader refused the edited canvas: its problems, and the canvas
    #: that was tried (to name the factor and field of each in words).
    found: tuple[Problem, ...] = field(default=())
    tried: Data | None = None
    #: The wording key of what is said beside an accepted edit that did more than the one cell
    #: (filled or cleared the others).
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.data is not None


def read(data: object) -> Canvas:
    """The canvas in store ``data``, checked like a file: a mapping, at most
    MAX_BYTES as compact JSON, and valid. Raises :class:`CanvasError`."""
    if not isinstance(data, Mapping):
        raise CanvasError([problem_at("canvas", None, "", say("edit_not_a_canvas"))])
    size = _json_size(data)
    if size is None or size > MAX_BYTES:
        what = say("edit_size_unknown") if size is None else say("edit_size", size=ByteSize(size))
        message = say("edit_canvas_size", what=what, limit=ByteSize(MAX_BYTES))
        raise CanvasError([problem_at("canvas", None, "", message)])
    return canvas_of(data)


def validated(data: object) -> Outcome:
    """Validate edited data; on success normalise it to the file's shape. The
    problems' lines (``path: message``) are in every language; ``found`` holds the
    problems themselves, to be worded otherwise."""
    try:
        canvas = read(data)
    except CanvasError as error:
        lines = tuple(every(partial(_line, p)) for p in error.problems)
        return Outcome(None, lines, tuple(error.problems), data if isinstance(data, dict) else None)
    return Outcome(_stored(canvas))


def _line(problem: Problem, language: str) -> str:
    message = problem_text(problem, language)
    return t(language, "load_at", where=problem.path, message=message) if problem.path else message


def example_data(path: str | Path) -> Data:
    """A bundled example as store data (the examples are known to be valid)."""
    return canvas_data(load_canvas(Path(path)))


def too_large(name: str, size: int, limit: int = MAX_BYTES, language: str = DEFAULT_LANGUAGE) -> str:
    """The message for a file of ``size`` bytes over ``limit``: a canvas file's, else a deck template's."""
    key = "edit_file_too_large" if limit == MAX_BYTES else "edit_template_too_large"
    return t(language, key, name=name, size=ByteSize(size), limit=ByteSize(limit))


def uploaded_size(contents: str) -> int:
    """The size in bytes of a file given as a ``data:...;base64,...`` URL, without decoding it (decoding
    first would hold a too-large file in memory twice)."""
    return len(contents.partition(",")[2]) * 3 // 4


def uploaded_bytes(contents: str) -> bytes | None:
    """The file given as a ``data:...;base64,...`` URL; None when it is not one."""
    _, comma, encoded = contents.partition(",")
    try:
        return base64.b64decode(encoded, validate=True) if comma else None
    except (binascii.Error, ValueError):
        return None


def upload(contents: str, filename: str) -> Outcome:
    """Parse an uploaded file given as a ``data:...;base64,...`` URL; its problems
    are told in every language (``file:line: field: message``)."""
    size = uploaded_size(contents)
    if size > MAX_BYTES:
        return Outcome(None, (every(lambda code: too_large(filename, size, language=code)),))
    raw = uploaded_bytes(contents)
    if raw is None:
        return Outcome(None, (_say("edit_unreadable_upload", name=filename),))
    try:
        return Outcome(canvas_data(parse_canvas(raw, name=filename)))
    except CanvasError as error:
        return Outcome(None, located(error))


def located(error: CanvasError) -> tuple[Line, ...]:
    """The error's problems, a line each (``file:line: field: message``) in every language."""
    return tuple(every(functools.partial(wording.located, p)) for p in error.problems)


def set_weights(data: Data, weights: Mapping[str, float | None]) -> Outcome:
    """The canvas with new criterion weights: the weights are checked and put in the checked canvas
    (``model_copy``); weights that are refused go through the whole check, for its words."""
    chosen = {c: _as_number(weights.get(c)) for c in CRITERIA}
    try:
        canvas, checked_weights = read(data), Weights.model_validate(chosen)
    except (CanvasError, ValidationError):
        return validated(_with_weights(data, chosen))
    edited = _kept(canvas.model_copy(update={"weights": checked_weights}))
    # longer weights may pass the size limit
    return edited if edited is not None else validated(_with_weights(data, chosen))


def _with_weights(data: Data, weights: dict[str, Any]) -> Data:
    """A copy of ``data`` with ``weights``, for the whole check (copied only when it is needed)."""
    new = copy.deepcopy(data)
    new["weights"] = weights
    return new


def _kept(canvas: Canvas) -> Outcome | None:
    """The edited ``canvas`` (already checked) as the page stores it; None when it is over the size limit."""
    data = _stored(canvas)
    size = _json_size(data)
    return None if size is None or size > MAX_BYTES else Outcome(data)


def _stored(canvas: Canvas) -> Data:
    """``canvas`` (checked) as the page stores it, kept as checked: the page sends it back with the next
    requests."""
    data = canvas_data(canvas)
    remember(data, canvas)
    return data


def set_top(data: Data, top: int | None) -> Outcome:
    new = copy.deepcopy(data)
    new["top"] = top
    return validated(new)


def set_subject(data: Data, subject: str) -> Outcome:
    """Another subject; the targets, which are the old subject's to-be levels, go (and the note says so)."""
    new = copy.deepcopy(data)
    new["subject"] = subject
    had_targets = bool(new["factors"]) and new["factors"][0].get("target") is not None
    return _noted(validated(_without(new, "target")), "edit_subject_targets" if had_targets else None)


#: Style fields set from a text box; an empty box means "automatic".
_STYLE_TEXT = ("subtitle", "footnote", "font")


def set_setting(data: Data, name: str, value: Any) -> Outcome:
    """One canvas setting of the Data tab: the title, a style field, or one
    end of a scale (``score_low``, ``level_high``...)."""
    new = copy.deepcopy(data)
    scale, _, end = name.partition("_")
    if name == "title":
        new["title"] = _as_text(value)
    elif name in (*_STYLE_TEXT, "background"):
        new = _with_style(new, name, _as_text(value))
    elif scale in ("score", "level") and end in ("low", "high"):
        default = DEFAULT_SCORE_SCALE if scale == "score" else DEFAULT_LEVEL_SCALE
        ends = list((new.get("scales") or {}).get(scale) or default)
        ends[0 if end == "low" else 1] = _as_number(value)
        new["scales"] = {**(new.get("scales") or {}), scale: ends}
    else:
        return Outcome(None, (_say("edit_bad_column", column=name),))
    return validated(new)


def _with_style(data: Data, name: str, value: Any) -> Data:
    """``data`` with one style field set; empty (or a white background) is the
    default, left out of the file."""
    style = {k: v for k, v in (data.get("style") or {}).items() if k != name}
    if value not in (None, "") and not (name == "background" and value == "white"):
        style[name] = value
    rest = {k: v for k, v in data.items() if k != "style"}
    return {**rest, "style": style} if style else rest


def weight_shares(weights: Mapping[str, float]) -> dict[str, int]:
    """Each weight's share of the total in whole percent, adding up to exactly 100, as every sentence
    shows the weights (:func:`positioning.i18n.wording.weight_shares`); all zero when the weights are."""
    return shown_shares(weights)


# --- factors ---------------------------------------------------------------------


def factor_rows(data: Data) -> list[dict[str, Any]]:
    """One grid row per factor: name, category, source, scores and levels.

    Player levels use column ids by position (``level_0``...), since player
    names may contain characters the grid reads as paths (dots).
    """
    players = [p["name"] for p in data["players"]]
    rows = []
    for factor in data["factors"]:
        row: dict[str, Any] = {
            "name": factor["name"],
            "category": factor.get("category"),
            "source": factor.get("source"),
        }
        scores = factor.get("scores") or panel_scores(data, factor["name"])
        row.update({SCORE_PREFIX + c: scores.get(c) for c in CRITERIA})
        row.update({f"{LEVEL_PREFIX}{i}": factor["levels"][p] for i, p in enumerate(players)})
        row.update({k: factor.get(k) for k in ("importance", "target")})
        row["better"] = factor.get("better") or "higher"
        row["note"] = factor.get("note") or ""
        rows.append(row)
    return rows


def set_panel(data: Data, raters: Sequence[Mapping[str, Any]]) -> Outcome:
    """The canvas with ``raters`` as its panel: a factor every rater scored takes the panel's
    aggregate (its own scores go); the others keep theirs, or get the old panel's aggregate as
    their own. Raters' scores of factors the canvas no longer has are left out."""
    if not all(_rater_shaped(r) for r in raters):  # the page's store, sent back changed
        return Outcome(None, (_say("panel_kept_damaged"),))
    new = copy.deepcopy(data)
    names = [f["name"] for f in new["factors"]]
    panel = [
        {"rater": r["rater"], "scores": {f: dict(s) for f, s in r["scores"].items() if f in names}} for r in raters
    ]
    panel = [r for r in panel if r["scores"]]
    if not panel:
        return Outcome(None, (_say("workshop_no_scores"),))
    for factor in new["factors"]:
        if all(factor["name"] in r["scores"] for r in panel):
            factor.pop("scores", None)
        elif "scores" not in factor:  # scored by the old panel, not by every new rater: keep the old aggregate
            factor["scores"] = panel_scores(data, factor["name"])
    new["panel"] = panel
    return validated(new)


def _rater_shaped(rater: object) -> bool:
    """Whether ``rater`` is shaped as a panel's rater: a name, and scores of factors as mappings."""
    if not isinstance(rater, Mapping) or not isinstance(rater.get("rater"), str) or not rater["rater"].strip():
        return False
    scores = rater.get("scores")
    return isinstance(scores, Mapping) and all(isinstance(s, Mapping) for s in scores.values())


def panel_scores(data: Data, name: str) -> dict[str, float]:
    """The panel's aggregate scores of a factor without its own (as the ranking reads them)."""
    import statistics

    given = [r["scores"][name] for r in data.get("panel") or () if name in r.get("scores", {})]
    aggregate = statistics.median if data.get("panel_aggregate") == "median" else statistics.fmean
    return {c: float(aggregate(s[c] for s in given)) for c in CRITERIA} if given else {}


def _rename_in_panel(data: Data, old: str, new: Any) -> None:
    for rater in data.get("panel") or ():
        scores = rater.get("scores", {})
        if old in scores:
            rater["scores"] = {new if k == old else k: v for k, v in scores.items()}


def edit_factor(data: Data, row: int, column: str, value: Any) -> Outcome:
    """Change one cell of the factor grid (``row`` counts from 0)."""
    new = copy.deepcopy(data)
    if not 0 <= row < len(new["factors"]):
        return Outcome(None, (_say("edit_no_factor"),))
    factor = new["factors"][row]
    player = _level_player(new, column)
    if column in VOICE_COLUMNS:
        return _edit_voice(new, row, column, _as_number(value))
    if column == "name":
        _rename_factor(new, factor, value)
    elif column in ("category", "source", "note", "better"):
        factor.pop(column, None)
        if value not in (None, "") and (column, value) != ("better", "higher"):  # empty, or the default
            factor[column] = value
    elif column.startswith(SCORE_PREFIX):  # a panel-scored factor gets scores of its own, which win
        factor.setdefault("scores", panel_scores(new, factor["name"]))
        factor["scores"][column.removeprefix(SCORE_PREFIX)] = _as_number(value)
    elif player is not None:
        factor["levels"][player] = _as_number(value)
    else:
        return Outcome(None, (_say("edit_bad_column", column=column),))
    return validated(new)


def _rename_factor(data: Data, factor: dict[str, Any], value: Any) -> None:
    """The factor renamed, and its scores in the panel and importance in the segments with it."""
    if isinstance(value, str):  # anything else is not a name: the loader refuses it
        _rename_in_panel(data, factor["name"], value.strip())
        _rename_in_segments(data, factor["name"], value.strip())
        notes_renamed(data, "factor", factor["name"], value.strip())
    factor["name"] = _as_text(value)


def add_factor(data: Data, name: str) -> Outcome:
    """Append a factor with mid-scale scores and levels, named uniquely; with importance, targets or
    segments, a mid-scale importance and a target at its level (no move)."""
    new = copy.deepcopy(data)
    score, level = _score_middle(new), _middle(new.get("scales", {}).get("level", (0, 10)))
    factor: dict[str, Any] = {
        "name": _unique(name, [f["name"] for f in new["factors"]]),
        "scores": {c: score for c in CRITERIA},
        "levels": {p["name"]: level for p in new["players"]},
    }
    if new["factors"] and new["factors"][0].get("importance") is not None:
        factor["importance"] = score
    if new["factors"] and new["factors"][0].get("target") is not None:
        factor["target"] = level
    for segment in new.get("segments") or ():
        segment["importance"][factor["name"]] = score
    new["factors"].append(factor)
    return validated(new)


def remove_factor(data: Data, name: str) -> Outcome:
    new = copy.deepcopy(data)
    new["factors"] = [f for f in new["factors"] if f["name"] != name]
    for rater in new.get("panel") or ():
        rater.get("scores", {}).pop(name, None)
    for segment in new.get("segments") or ():
        segment.get("importance", {}).pop(name, None)
    notes_removed(new, "factor", name)
    return validated(new)


# --- the customer's voice: importance and target (each for every factor or none), segments ---------

#: The factor grid's columns given for every factor or none.
VOICE_COLUMNS = ("importance", "target")
#: A segment grid's importance columns, by factor position (names may hold dots).
IMPORTANCE_PREFIX = "importance_"


def _edit_voice(data: Data, row: int, column: str, value: Any) -> Outcome:
    """Importance or a target of one factor. The first value typed fills the other factors (importance as
    the segments give it, else at the middle of the score scale; a target at today's level: no move);
    clearing an importance clears every factor's, clearing a target puts it back at today's level, and with
    no move left the targets go. The note (a wording key) says what happened to the other factors."""
    factors = data["factors"]
    given = factors[0].get(column) is not None
    if value in (None, ""):
        if not given:
            return Outcome(data)
        if column == "importance":
            return _noted(validated(_without(data, "importance")), "edit_importance_cleared")
        factors[row]["target"] = factors[row]["levels"][data["subject"]]
        return _still_moving(data)
    note = None
    if not given and len(factors) > 1:
        note = _fill(data, column)
    factors[row][column] = value
    if column == "importance":  # typed by hand: no longer a survey's mean, so no interval
        factors[row].pop("importance_n", None), factors[row].pop("importance_sd", None)
    return _still_moving(data, note) if column == "target" else _noted(validated(data), note)


def _fill(data: Data, column: str) -> str:
    """Give every factor a value of ``column``: today's level as the target, the segments' importance or
    the middle of the score scale; the key of the note that says so."""
    subject, factors = data["subject"], data["factors"]
    if column == "target":
        for factor in factors:
            factor["target"] = factor["levels"][subject]
        return "edit_target_filled"
    overall = canvas_from_data(data).importance()
    for k, factor in enumerate(factors):
        factor["importance"] = round(overall[k], 2) if overall else _score_middle(data)
    return "edit_importance_filled_segments" if overall else "edit_importance_filled"


def _still_moving(data: Data, note: str | None = None) -> Outcome:
    """``data`` validated; its targets cleared (and said so) when no factor moves any more."""
    pairs = [(f.get("target"), f["levels"][data["subject"]]) for f in data["factors"]]
    numbers = all(isinstance(t, int | float) and not isinstance(t, bool) for t, _ in pairs)
    if numbers and all(abs(float(t) - float(level)) <= 1e-9 for t, level in pairs):
        return _noted(validated(_without(data, "target")), "edit_targets_cleared")
    return _noted(validated(data), note)


def _without(data: Data, field: str) -> Data:
    for factor in data["factors"]:
        factor.pop(field, None)
        if field == "importance":  # a survey's count and deviation go with the importance
            factor.pop("importance_n", None), factor.pop("importance_sd", None)
    return data


def _noted(outcome: Outcome, note: str | None) -> Outcome:
    return Outcome(outcome.data, note=note) if outcome.ok and note else outcome


def segment_rows(data: Data) -> list[dict[str, Any]]:
    """One grid row per customer segment: its name, share and importance of every factor (by position)."""
    names = [f["name"] for f in data["factors"]]
    return [
        {
            "name": g["name"],
            "share": g.get("share"),
            **{f"{IMPORTANCE_PREFIX}{i}": g["importance"].get(n) for i, n in enumerate(names)},
        }
        for g in data.get("segments") or ()
    ]


def edit_segment(data: Data, row: int, column: str, value: Any) -> Outcome:
    """Change one cell of the segments grid: the name, the share (empty: none) or one importance."""
    new = copy.deepcopy(data)
    segments = new.get("segments") or []
    if not 0 <= row < len(segments):
        return Outcome(None, (_say("edit_no_segment"),))
    segment, names = segments[row], [f["name"] for f in new["factors"]]
    index = column.removeprefix(IMPORTANCE_PREFIX)
    if column == "name":
        segment["name"] = _as_text(value)
    elif column == "share":
        return _edit_share(new, row, _as_number(value))
    elif index != column and index.isdecimal() and int(index) < len(names):
        segment["importance"][names[int(index)]] = _as_number(value)
    else:
        return Outcome(None, (_say("edit_bad_column", column=column),))
    return validated(new)


def _edit_share(data: Data, row: int, value: Any) -> Outcome:
    """A segment's share. Shares are given for every segment or none: the first one typed gives the others
    an equal part of the rest; clearing one clears them all. The note says so."""
    segments = data["segments"]
    given = any(g.get("share") is not None for g in segments)
    if value in (None, ""):
        for segment in segments:
            segment.pop("share", None)
        return _noted(validated(data), "edit_shares_cleared" if given and len(segments) > 1 else None)
    note = None
    if not given and len(segments) > 1:
        rest = 1 - value if isinstance(value, int | float) and 0 <= value <= 1 else 0
        for segment in segments:
            segment["share"] = round(rest / (len(segments) - 1), 4)
        note = "edit_shares_filled"
    segments[row]["share"] = value
    return _noted(validated(data), note)


def add_segment(data: Data, name: str) -> Outcome:
    """Append a segment named uniquely that values each factor as customers overall do (else mid-scale);
    with shares, its share is 0 until given."""
    new = copy.deepcopy(data)
    segments = new.setdefault("segments", [])
    overall = canvas_from_data(data).importance()
    names = [f["name"] for f in new["factors"]]
    importance = dict(zip(names, overall, strict=True)) if overall else dict.fromkeys(names, _score_middle(new))
    segment: dict[str, Any] = {"name": _unique(name, [g["name"] for g in segments])}
    if any(g.get("share") is not None for g in segments):
        segment["share"] = 0
    segment["importance"] = {n: round(v, 2) for n, v in importance.items()}
    segments.append(segment)
    return validated(new)


def remove_segment(data: Data, name: str) -> Outcome:
    if name not in [g["name"] for g in data.get("segments") or ()]:  # a selection left from before
        return Outcome(None, (_say("edit_no_segment"),))
    new = copy.deepcopy(data)
    new["segments"] = [g for g in new.get("segments") or () if g["name"] != name]
    if not new["segments"]:
        del new["segments"]
    return validated(new)


def _rename_in_segments(data: Data, old: str, new: Any) -> None:
    for segment in data.get("segments") or ():
        segment["importance"] = {new if k == old else k: v for k, v in segment.get("importance", {}).items()}


def _score_middle(data: Data) -> float:
    return _middle(data.get("scales", {}).get("score", (1, 5)))


def move_factor(data: Data, name: str, step: int) -> Outcome:
    new = copy.deepcopy(data)
    new["factors"] = _moved(new["factors"], name, step)
    return validated(new)


# --- players ---------------------------------------------------------------------


def player_rows(data: Data) -> list[dict[str, Any]]:
    return [{"name": p["name"], "color": p.get("color") or ""} for p in data["players"]]


def edit_player(data: Data, row: int, column: str, value: Any) -> Outcome:
    """Rename a player (its levels and the subject follow) or set its colour."""
    new = copy.deepcopy(data)
    if not 0 <= row < len(new["players"]):
        return Outcome(None, (_say("edit_no_player"),))
    player = new["players"][row]
    if column == "color":
        if value in (None, ""):
            player.pop("color", None)
        else:
            player["color"] = str(value).strip()
    elif column == "name":
        old, name = player["name"], _as_text(value)
        player["name"] = name
        if new["subject"] == old:
            new["subject"] = name
        notes_renamed(new, "player", old, name)
        for factor in new["factors"]:
            factor["levels"] = {(name if k == old else k): v for k, v in factor["levels"].items()}
    else:
        return Outcome(None, (_say("edit_bad_column", column=column),))
    return validated(new)


def add_player(data: Data, name: str) -> Outcome:
    new = copy.deepcopy(data)
    name = _unique(name, [p["name"] for p in new["players"]])
    level = _middle(new.get("scales", {}).get("level", (0, 10)))
    new["players"].append({"name": name})
    for factor in new["factors"]:
        factor["levels"][name] = level
    return validated(new)


def remove_player(data: Data, name: str) -> Outcome:
    if name == data["subject"]:
        return Outcome(None, (_say("edit_subject_removed", name=name),))
    new = copy.deepcopy(data)
    new["players"] = [p for p in new["players"] if p["name"] != name]
    for factor in new["factors"]:
        factor["levels"].pop(name, None)
    notes_removed(new, "player", name)
    return validated(new)


def move_player(data: Data, name: str, step: int) -> Outcome:
    new = copy.deepcopy(data)
    new["players"] = _moved(new["players"], name, step)
    return validated(new)


# --- helpers -----------------------------------------------------------------------


def _level_player(data: Data, column: str) -> str | None:
    """The player whose level column ``column`` is (``level_2``), if any."""
    index = column.removeprefix(LEVEL_PREFIX)
    if column == index or not index.isdecimal() or int(index) >= len(data["players"]):
        return None
    return str(data["players"][int(index)]["name"])


def _json_size(data: Mapping[str, Any]) -> int | None:
    """Bytes of ``data`` as compact UTF-8 JSON (as the browser stores it);
    None when it is not JSON data or nests deeper than Python can follow."""
    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None
    return len(text.encode("utf-8"))


def _moved(items: list[dict[str, Any]], name: str, step: int) -> list[dict[str, Any]]:
    index = next((i for i, item in enumerate(items) if item["name"] == name), None)
    if index is None:
        return items
    target = min(max(index + step, 0), len(items) - 1)
    item = items.pop(index)
    items.insert(target, item)
    return items


def _unique(name: str, taken: Sequence[str]) -> str:
    """``name`` with the first free number, e.g. "New factor 3"."""
    n = 1
    while name.format(n=n) in taken:
        n += 1
    return name.format(n=n)


def _middle(scale: Sequence[float]) -> float:
    value = (float(scale[0]) + float(scale[1])) / 2
    return int(value) if value.is_integer() else value


def _as_number(value: Any) -> Any:
    """Numbers typed into a grid may arrive as text; anything else is left for
    the loader to refuse with its usual message."""
    if isinstance(value, str):
        try:
            number = float(value.replace(",", ".").strip())
        except ValueError:
            return value
        return number if math.isfinite(number) else value
    return value


def _as_text(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value
