"""The editor on top of the workspace: which canvas a page shows, and every
accepted edit saved as a new version, as plain functions the edit callback
calls (nothing here imports Dash).

A page at ``/c/<id>`` holds one canvas, the version it is based on and its
data. :func:`opened` loads it (``/`` opens the most recently changed canvas,
creating one from the bundled example on a first start). :func:`persisted`
stores what :func:`.controller.on_edit` accepted: a new version when the
page's version is still the latest, else the edit stays on the page and the
user is told (optimistic concurrency); opening an example, the blank canvas
or a file makes a new canvas instead of replacing the one on the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from ..loader import CanvasError, canvas_from_data, load_canvas, parse_canvas
from ..model import CRITERIA
from ..store.db import Database
from ..store.repository import Conflict, NotFound, Repository, shared
from ..wording import t
from ..writer import canvas_data
from . import inputs
from .controller import synced

_CANVAS_PATH = re.compile(r"^/c/([A-Za-z0-9_-]{1,32})/?$")
_SHARE_PATH = re.compile(r"^/s/([A-Za-z0-9_-]{1,64})/?$")


def share_token_of(pathname: object) -> str | None:
    """The token in a read-only page path ``/s/<token>``; None for any other path.

    >>> share_token_of("/s/abc-DEF_1"), share_token_of("/c/abc")
    ('abc-DEF_1', None)
    """
    match = _SHARE_PATH.match(pathname) if isinstance(pathname, str) else None
    return match.group(1) if match else None


def canvas_id_of(pathname: object) -> str | None:
    """The canvas id in a page path ``/c/<id>``; None for any other path.

    >>> canvas_id_of("/c/Ab3_x-9"), canvas_id_of("/"), canvas_id_of("/c/../etc")
    ('Ab3_x-9', None, None)
    """
    match = _CANVAS_PATH.match(pathname) if isinstance(pathname, str) else None
    return match.group(1) if match else None


def picker_options(repository: Repository) -> list[dict[str, str]]:
    """The "My canvases" picker: every canvas by title, latest change first."""
    return [{"label": f"{info.title} · {info.subject}", "value": info.id} for info in repository.list()]


def opened(
    repository: Repository, pathname: object, *, language: str, first: Path, hidden: object = None
) -> dict[str, Any]:
    """The edit callback's outputs for a page opening ``pathname``."""
    canvas_id = canvas_id_of(pathname)
    if canvas_id is None:
        listed = repository.list()
        canvas_id = listed[0].id if listed else _create_first(repository, first, language)
    try:
        stored = repository.get(canvas_id)
    except NotFound:
        return _nothing(repository, language, ("error", t(language, "canvas_missing"), []))
    try:
        data = canvas_data(parse_canvas(stored.yaml, name=stored.info.title))
    except CanvasError as error:
        message = ("error", t(language, "canvas_unusable"), [str(p) for p in error.problems])
        return _nothing(repository, language, message)
    return {
        **synced(data, inputs.names(hidden) or []),
        **_page(repository, canvas_id, stored.info.version, language),
        "data": data,
        "undo": None,
        "undo_disabled": True,
        "message": None,
    }


def opened_shared(database: Database, token: str, *, language: str, hidden: object = None) -> dict[str, Any]:
    """The outputs for a read-only page of the canvas a share link opens."""
    try:
        stored = shared(database, token)
        data = canvas_data(parse_canvas(stored.yaml, name=stored.info.title))
    except (NotFound, CanvasError):
        return {"data": None, "canvas_id": None, "version": None, "status": "", "message": _missing(language)}
    return {
        **synced(data, inputs.names(hidden) or []),
        "data": data,
        "canvas_id": None,
        "version": None,
        "status": t(language, "read_only"),
        "read_only": True,
        "undo_disabled": True,
        "message": None,
    }


def refused_read_only(data: object, language: str) -> dict[str, Any]:
    """An edit on a read-only page: refused, and the page shows the canvas as it is."""
    message: tuple[str, str, list[str]] = ("error", t(language, "read_only_refused"), [])
    return {"data": data, "message": message} if isinstance(data, dict) else {"message": message}


def _missing(language: str) -> tuple[str, str, list[str]]:
    return ("error", t(language, "canvas_missing"), [])


def _create_first(repository: Repository, first: Path, language: str) -> str:
    canvas = load_canvas(first)
    return repository.create(canvas, summary=t("en", "created_from", name=canvas.title)).id


def _nothing(repository: Repository, language: str, message: tuple[str, str, list[str]]) -> dict[str, Any]:
    return {
        "data": None,
        "canvas_id": None,
        "version": None,
        "status": "",
        "canvases": picker_options(repository),
        "message": message,
    }


def _page(repository: Repository, canvas_id: str, version: int, language: str) -> dict[str, Any]:
    return {
        "canvas_id": canvas_id,
        "version": version,
        "pathname": f"/c/{canvas_id}",
        "status": t(language, "saved", version=version),
        "canvases": picker_options(repository),
        "canvas_pick": canvas_id,
        "read_only": False,
    }


def persisted(
    repository: Repository,
    out: dict[str, Any],
    *,
    canvas_id: object,
    version: object,
    before: object,
    language: str,
    new_canvas: bool = False,
) -> dict[str, Any]:
    """``out`` (what on_edit decided) with its new canvas stored: as the next
    version of the page's canvas, or as a new canvas (``new_canvas``)."""
    data = out.get("data")
    if not isinstance(data, dict):
        return out
    canvas = canvas_from_data(data)  # accepted by on_edit, so valid
    try:
        if new_canvas:
            info = repository.create(canvas, summary=t("en", "created_from", name=canvas.title))
            return {**out, **_page(repository, info.id, info.version, language), "undo": None, "undo_disabled": True}
        page_id, base = inputs.text(canvas_id), inputs.whole(version)
        if page_id is None or base is None:
            return {**out, "status": t(language, "save_failed", why=t(language, "canvas_missing"))}
        info = repository.save(page_id, canvas, expected=base, summary=summary(before, data))
    except Conflict as stale:
        return {**out, "status": t(language, "save_conflict", current=stale.current), "conflict": True}
    except NotFound:
        return {**out, "status": t(language, "save_failed", why=t(language, "canvas_missing"))}
    except (SQLAlchemyError, ValueError) as error:
        return {**out, "status": t(language, "save_failed", why=_reason(error))}
    return {**out, "version": info.version, "status": t(language, "saved", version=info.version), "conflict": False}


def save_mine(repository: Repository, data: object, *, canvas_id: object, language: str) -> dict[str, Any]:
    """The page's canvas stored as the latest version, on top of whatever is latest now."""
    page_id = inputs.text(canvas_id)
    if not isinstance(data, dict) or page_id is None:
        return {}
    try:
        latest = repository.get(page_id)
    except NotFound:
        return {"status": t(language, "save_failed", why=t(language, "canvas_missing"))}
    before = canvas_data(parse_canvas(latest.yaml))
    return persisted(
        repository, {"data": data}, canvas_id=page_id, version=latest.info.version, before=before, language=language
    )


def _reason(error: Exception) -> str:
    from ..store.db import reason

    return reason(error)[:300]


# --- one-line summaries of a change -------------------------------------------------


def summary(before: object, after: Mapping[str, Any]) -> str:
    """A one-line summary of what changed, for the version history
    ("Price: Southwest level 2 -> 3", "Weights changed", "Title: A -> B")."""
    if not isinstance(before, Mapping):
        return "Edited"
    lines = [*_settings_changes(before, after), *_factor_changes(before, after)]
    if not lines:
        return "Edited"
    more = f" and {len(lines) - 1} more change{'s' if len(lines) > 2 else ''}" if len(lines) > 1 else ""
    return (lines[0] + more)[:300]


def _settings_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    lines = [
        f"{key.capitalize()}: {before.get(key)} -> {after.get(key)}"
        for key in ("title", "subject", "top")
        if before.get(key) != after.get(key)
    ]
    if before.get("weights") != after.get("weights"):
        old, new = before.get("weights") or {}, after.get("weights") or {}
        lines += [f"Weight of {c}: {old.get(c)} -> {new.get(c)}" for c in CRITERIA if old.get(c) != new.get(c)]
    for key in ("players", "scales", "style"):
        if before.get(key) != after.get(key):
            lines.append(f"{key.capitalize()} changed")
    return lines


def _factor_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    old = {f["name"]: f for f in before.get("factors", [])}
    new = {f["name"]: f for f in after.get("factors", [])}
    lines = [f"Added factor {name}" for name in new if name not in old]
    lines += [f"Removed factor {name}" for name in old if name not in new]
    for name in (n for n in new if n in old and old[n] != new[n]):
        lines += _cells(name, old[name], new[name])
    if not lines and list(old) != list(new):
        lines.append("Factors reordered")
    return lines


def _cells(name: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    levels_old, levels_new = old.get("levels", {}), new.get("levels", {})
    lines = [
        f"{name}: {player} level {levels_old.get(player)} -> {level}"
        for player, level in levels_new.items()
        if levels_old.get(player) != level
    ]
    scores_old, scores_new = old.get("scores", {}), new.get("scores", {})
    lines += [
        f"{name}: {c} score {scores_old.get(c)} -> {scores_new.get(c)}"
        for c in CRITERIA
        if scores_old.get(c) != scores_new.get(c)
    ]
    lines += [f"{name}: {key} changed" for key in ("category", "source", "note") if old.get(key) != new.get(key)]
    return lines
