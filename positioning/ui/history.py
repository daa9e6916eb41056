"""Undo, redo and the History tab, as plain functions the callbacks call
(nothing here imports Dash).

Every undo and redo is itself stored as a new version: nothing is
overwritten. Each browser tab keeps its own stacks, by canvas id, in session
storage (so a reload keeps them and two tabs keep their own): the undo stack
holds ``[version, summary]`` pairs, the version to bring back and the change
that undoing it reverts (its summary as data,
:func:`~positioning.i18n.summaries.summary_data`); the redo stack the same
for changes undone. A saved edit pushes the version it was based on and empties the redo stack.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from positioning.core.changes import diff
from positioning.core.config import LOCAL_USER
from positioning.core.loader import CanvasError, parse_canvas
from positioning.core.messages import say
from positioning.i18n.formatting import ago
from positioning.i18n.summaries import Summary, from_data, sentence, summary_data, verbatim
from positioning.i18n.wording import DEFAULT_LANGUAGE, change_text, every, located, t
from positioning.output.writer import canvas_data
from positioning.store.repository import Conflict, NotFound, Repository, VersionInfo
from positioning.ui import inputs

#: Steps each stack keeps per canvas (older ones are forgotten, never the versions).
MAX_STEPS = 100
#: Canvases whose stacks a tab keeps (the least recently used go first).
MAX_CANVASES = 50
#: Lines of a text diff shown at most.
MAX_DIFF_LINES = 400

Step = tuple[int, Summary]


@dataclass(frozen=True)
class Stacks:
    """One canvas's undo and redo stacks, newest last."""

    undo: tuple[Step, ...] = ()
    redo: tuple[Step, ...] = ()


def stacks_of(store: object, canvas_id: object) -> Stacks:
    """The stacks of ``canvas_id`` in the session store (empty when absent or malformed)."""
    entry = store.get(canvas_id) if isinstance(store, dict) and isinstance(canvas_id, str) else None
    if not isinstance(entry, dict):
        return Stacks()
    return Stacks(_steps(entry.get("undo")), _steps(entry.get("redo")))


def _steps(value: object) -> tuple[Step, ...]:
    if not isinstance(value, list):
        return ()
    steps = []
    for item in value[-MAX_STEPS:]:
        if isinstance(item, list) and len(item) == 2:
            number, summary = inputs.version(item[0]), _summary(item[1])
            if number is not None and summary is not None:
                steps.append((number, summary))
    return tuple(steps)


def _summary(value: object) -> Summary | None:
    """A step's summary as the tab keeps it: data, or the text a page of an earlier release kept."""
    text = inputs.text(value)
    return verbatim(text[:300]) if text is not None else from_data(value)


def with_stacks(store: object, canvas_id: str, stacks: Stacks) -> dict[str, Any]:
    """The session store with ``canvas_id``'s stacks replaced (others kept, at most
    :data:`MAX_CANVASES`)."""
    others = {k: v for k, v in store.items() if k != canvas_id} if isinstance(store, dict) else {}
    kept = dict(list(others.items())[-(MAX_CANVASES - 1) :])
    kept[canvas_id] = {
        "undo": [[number, summary_data(summary)] for number, summary in stacks.undo[-MAX_STEPS:]],
        "redo": [[number, summary_data(summary)] for number, summary in stacks.redo[-MAX_STEPS:]],
    }
    return kept


def pushed(store: object, canvas_id: str, base: int, summary: Summary) -> dict[str, Any]:
    """The store after an edit based on version ``base`` was saved: undo can
    bring ``base`` back; what was undone can no longer be redone."""
    stacks = stacks_of(store, canvas_id)
    return with_stacks(store, canvas_id, Stacks((*stacks.undo, (base, summary)), ()))


def buttons(store: object, canvas_id: object) -> dict[str, bool]:
    """Whether the Undo and Redo buttons are disabled."""
    stacks = stacks_of(store, canvas_id)
    return {"undo_disabled": not stacks.undo, "redo_disabled": not stacks.redo}


def step(
    repository: Repository, store: object, *, canvas_id: object, version: object, redo: bool, language: str
) -> dict[str, Any]:
    """Undo (or redo) one step: the text of the version on top of the stack
    becomes the latest version, saved on top of the page's version. Returns
    the edit callback's outputs: ``data``, ``version``, ``status``, ``undo_stacks``."""
    page_id, base = inputs.text(canvas_id), inputs.version(version)
    stacks = stacks_of(store, page_id)
    source = stacks.redo if redo else stacks.undo
    if page_id is None or base is None or not source:
        return {}
    number, summary = source[-1]
    key = "redo_summary" if redo else "undo_summary"
    back = (base, summary)
    moved = Stacks((*stacks.undo, back), source[:-1]) if redo else Stacks(source[:-1], (*stacks.redo, back))
    wording = sentence(key, language, summary=summary)
    return _brought_back(repository, page_id, number, base, wording, lambda _: with_stacks(store, page_id, moved))


def _bring_back(repository: Repository, canvas_id: str, number: int, base: int, summary: Summary) -> tuple[dict, int]:
    canvas = parse_canvas(repository.version(canvas_id, number), name=f"version {number}")
    info = repository.save(canvas_id, canvas, expected=base, summary=summary)
    return canvas_data(canvas), info.version


def restored(
    repository: Repository, store: object, *, canvas_id: object, version: object, number: object, language: str
) -> dict[str, Any]:
    """Version ``number`` made the latest (a new version, "Restored version N"),
    saved on top of the page's version; undo can bring the page's version back."""
    page_id, base, wanted = inputs.text(canvas_id), inputs.version(version), version_number(number)
    if page_id is None or base is None or wanted is None:
        return {}
    summary = sentence("history_restored", language, version=wanted)

    def stacks_after(saved: int) -> object:
        return pushed(store, page_id, base, summary) if saved != base else store

    return _brought_back(repository, page_id, wanted, base, summary, stacks_after)


def _brought_back(
    repository: Repository,
    canvas_id: str,
    number: int,
    base: int,
    summary: Summary,
    stacks_after: Callable[[int], object],
) -> dict[str, Any]:
    """Version ``number`` saved as the latest on top of ``base``: the edit
    callback's outputs, with the undo stacks ``stacks_after`` gives for the
    new version number; or why it was not saved."""
    try:
        data, info_version = _bring_back(repository, canvas_id, number, base, summary)
    except Conflict as stale:
        return {"status": every(say("save_conflict", current=stale.current)), "conflict": True}
    except (NotFound, CanvasError, SQLAlchemyError) as error:
        return {"status": every(partial(_not_saved, error))}
    store_after = stacks_after(info_version)
    return {
        "data": data,
        "version": info_version,
        "status": every(say("saved", version=info_version)),
        "conflict": False,
        "undo_stacks": store_after,
        **buttons(store_after, canvas_id),
    }


def version_number(value: object) -> int | None:
    """A version number as a page sends it: a whole number, or its digits as
    text (from a button's data-value attribute)."""
    if isinstance(value, str) and value.isdecimal() and len(value) <= 9:
        return inputs.version(int(value))
    return inputs.version(value)


def _not_saved(error: Exception, language: str) -> str:
    return t(language, "save_failed", why=_why(error, language))


def _why(error: Exception, language: str) -> str:
    if isinstance(error, NotFound):
        return t(language, "history_missing")
    if isinstance(error, CanvasError):
        return "; ".join(located(p, language) for p in error.problems)[:300]
    from positioning.store.db import reason

    return reason(error)[:300]


# --- the History tab ------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """One line of the History tab."""

    version: int
    when: str
    exact: str
    author: str
    summary: str
    latest: bool


def version_rows(versions: Sequence[VersionInfo], *, now: datetime, language: str) -> list[HistoryRow]:
    """The History tab's lines, newest first (as the repository lists them)."""
    return [
        HistoryRow(
            v.version,
            relative_time(v.created, now, language),
            exact_time(v.created),
            t(language, "author_local") if v.author == LOCAL_USER else v.author,
            v.summary_in(language),
            i == 0,
        )
        for i, v in enumerate(versions)
    ]


def relative_time(when: datetime, now: datetime, language: str) -> str:
    """``when`` from ``now``: "just now", "5 minutes ago", "3 hours ago", "2 days ago" (in the language's
    words, Babel's), else the date."""
    elapsed = _utc(now) - _utc(when)
    if elapsed < timedelta(days=7):
        return ago(elapsed, language)
    return _utc(when).strftime("%Y-%m-%d")


def exact_time(when: datetime) -> str:
    """The exact time, in UTC: "2026-11-24 09:30:05 UTC"."""
    return _utc(when).strftime("%Y-%m-%d %H:%M:%S UTC")


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def compared(repository: Repository, canvas_id: object, old: object, new: object, language: str) -> list[str]:
    """A readable difference between two versions of a canvas: one line per
    change, or the lines of YAML that differ when the change has no words
    (a comment or the layout of the file)."""
    page_id, first, second = inputs.text(canvas_id), inputs.version(old), inputs.version(new)
    if page_id is None or first is None or second is None:
        return []
    try:
        before, after = repository.version(page_id, first), repository.version(page_id, second)
    except NotFound:
        return [t(language, "history_missing")]
    if before == after:
        return [t(language, "history_same")]
    return _change_lines(before, after, language) or _text_diff(before, after)


def _change_lines(before: str, after: str, language: str) -> list[str]:
    """The changes in words (:mod:`positioning.core.changes`); none when a version
    no longer reads as a canvas (the YAML lines stand in)."""
    try:
        old, new = canvas_data(parse_canvas(before)), canvas_data(parse_canvas(after))
    except CanvasError:
        return []
    return changes_between(old, new, language)


def changes_between(old: Mapping[str, Any], new: Mapping[str, Any], language: str) -> list[str]:
    """What changed from canvas ``old`` to ``new`` (plain data, both valid), a line each, as the History tab
    says it: also what closing a workshop would change, and what "Save mine" would overwrite."""
    return [change_text(change, language) for change in diff(old, new)][:MAX_DIFF_LINES]


def _text_diff(before: str, after: str) -> list[str]:
    lines = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=1)
        if not line.startswith(("---", "+++"))
    ]
    return lines[:MAX_DIFF_LINES]


def diff_choices(
    versions: Sequence[VersionInfo], language: str = DEFAULT_LANGUAGE
) -> tuple[list[dict[str, Any]], int | None, int | None]:
    """The options of the two version pickers and their defaults: the
    version before the latest, and the latest."""
    options = [{"label": f"{v.version} · {v.summary_in(language)[:60]}", "value": v.version} for v in versions]
    if not versions:
        return options, None, None
    latest = versions[0].version
    return options, (versions[1].version if len(versions) > 1 else latest), latest


def summaries(versions: Sequence[VersionInfo], language: str = DEFAULT_LANGUAGE) -> Mapping[int, str]:
    """The summary of each version by number, in ``language``."""
    return {v.version: v.summary_in(language) for v in versions}
