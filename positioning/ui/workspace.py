"""The editor on top of the workspace: which canvas a page shows, and every
accepted edit saved as a new version, as plain functions the edit callback
calls (nothing here imports Dash).

A page at ``/c/<id>`` holds one canvas, the version it is based on and its
data. :func:`route` tells which page an address shows (the list at ``/``,
the editor, a shared read-only view, or "not found"); :func:`opened` loads
the canvas. :func:`persisted`
stores what :func:`.controller.on_edit` accepted: a new version when the
page's version is still the latest, else the edit stays on the page and the
user is told (optimistic concurrency); opening an example, the blank canvas
or a file makes a new canvas instead of replacing the one on the page.

The list page ("My canvases") is drawn from :func:`list_rows`; its buttons
call :func:`list_action`, :func:`created` and :func:`imported`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from positioning.core.changes import diff
from positioning.core.loader import CanvasError, canvas_from_data, load_canvas, parse_canvas
from positioning.core.messages import say
from positioning.core.model import with_title
from positioning.core.names import without_refused
from positioning.http.ratelimit import TooManyGuesses, guarded
from positioning.i18n.summaries import Summary, changes_said, sentence, summary_text
from positioning.i18n.wording import every, t
from positioning.output.writer import canvas_data
from positioning.store.db import Database
from positioning.store.repository import Conflict, NotFound, Repository, Stored, TooLarge, shared
from positioning.ui import conflicts, edits, history, ids, inputs, uploads
from positioning.ui.controller import MESSAGE_AREAS, synced
from positioning.ui.said import Message, Shown

log = logging.getLogger(__name__)

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
    # a title stored before names refused some characters reads as the canvas opens: without them
    return [
        {"label": without_refused(f"{info.title} · {info.subject}"), "value": info.id} for info in repository.list()
    ]


def opened(repository: Repository, pathname: object, *, hidden: object = None) -> dict[str, Any]:
    """The edit callback's outputs for a page opening ``pathname``."""
    canvas_id = canvas_id_of(pathname)
    if canvas_id is None:  # the list page, or no page: no canvas in the editor
        return {"data": None, "canvas_id": None, "version": None, "status": "", "message": None}
    try:
        stored = repository.get(canvas_id)
    except NotFound:
        return _nothing(repository, ("error", every(say("canvas_missing")), []))
    try:
        data, note = readable(stored)
    except CanvasError as error:
        message = ("error", every(say("canvas_unusable")), list(edits.located(error)))
        return _nothing(repository, message)
    return {
        **synced(data, inputs.names(hidden) or []),
        **_page(repository, canvas_id, stored.info.version),
        "data": data,
        "message": note,
    }


def readable(stored: Stored) -> tuple[dict[str, Any], Message | None]:
    """A stored canvas as the page holds it, and what to say of it. One saved before names refused some
    characters (U+202E, U+200B...) opens without them, said so (its versions keep them until the next
    edit saves it); CanvasError when it is not a valid canvas even so."""
    try:
        return canvas_data(parse_canvas(stored.yaml, name=stored.info.title)), None
    except CanvasError as error:
        try:  # the writer's own YAML (it was valid when stored): plain data, read without the loader
            plain = yaml.safe_load(stored.yaml)
            cleaned = canvas_from_data(without_refused(plain), name=stored.info.title)
        except (yaml.YAMLError, CanvasError, TypeError, AttributeError):
            raise error from None
    return canvas_data(cleaned), ("ok", every(say("opened_without_refused")), [])


def opened_shared(database: Database, token: str, *, hidden: object = None) -> dict[str, Any]:
    """The outputs for a read-only page of the canvas a share link opens (while the address is refused
    for trying too many links that open nothing, the page says so: :mod:`positioning.http.ratelimit`)."""
    nothing: dict[str, Any] = {"data": None, "canvas_id": None, "version": None, "status": ""}
    try:
        stored = guarded(lambda key: shared(database, key), token)
        data, _ = readable(stored)
    except TooManyGuesses as refused:
        return {**nothing, "message": ("error", every(say("guesses_refused", seconds=refused.seconds)), [])}
    except (NotFound, CanvasError):
        return {**nothing, "message": _missing()}
    return {
        **synced(data, inputs.names(hidden) or []),
        "data": data,
        "canvas_id": None,
        "version": None,
        "status": every(say("read_only")),
        "read_only": True,
        "undo_disabled": True,
        "redo_disabled": True,
        "message": None,
    }


def refused_read_only(data: object) -> dict[str, Any]:
    """An edit on a read-only page: refused, and the page shows the canvas as it is."""
    message: Message = ("error", every(say("read_only_refused")), [])
    return {"data": data, "message": message} if isinstance(data, dict) else {"message": message}


def _missing() -> Message:
    return ("error", every(say("canvas_missing")), [])


def first_start(repository: Repository, first: Path) -> None:
    """On a user's first visit (no canvas at all, not even in the trash), the
    bundled example as their first canvas."""
    if repository.is_empty():
        canvas = load_canvas(first)
        repository.create(canvas, summary=sentence("created_from", "en", name=canvas.title))


def _nothing(repository: Repository, message: Message) -> dict[str, Any]:
    return {
        "data": None,
        "canvas_id": None,
        "version": None,
        "status": "",
        "canvases": picker_options(repository),
        "message": message,
    }


def _page(repository: Repository, canvas_id: str, version: int) -> dict[str, Any]:
    return {
        "canvas_id": canvas_id,
        "version": version,
        "pathname": f"/c/{canvas_id}",
        "status": every(say("saved", version=version)),
        "canvases": picker_options(repository),
        "canvas_pick": canvas_id,
        "read_only": False,
        "conflict": False,
    }


def refused_status(area: str) -> str:
    """The wording key of the saved status after a refused edit, pointing to where its message is: the
    page's message area sits above the title bar (and its status), the Data tab's and the side panel's
    below it (positioning/ui/layout.py)."""
    return "edit_refused_status_above" if area == "message" else "edit_refused_status"


def persisted(
    repository: Repository,
    out: dict[str, Any],
    *,
    canvas_id: object,
    version: object,
    before: object,
    language: str,
    new_canvas: bool = False,
    stacks: object = None,
    said: Summary | None = None,
) -> dict[str, Any]:
    """``out`` (what on_edit decided) with its new canvas stored: as the next
    version of the page's canvas, or as a new canvas (``new_canvas``).
    ``stacks`` is the tab's undo store: a saved edit can be undone. ``said``: the version's summary, when
    the edit is better told as what it was (a survey imported) than by its first change."""
    data = out.get("data")
    if not isinstance(data, dict):
        refused = [area for area in MESSAGE_AREAS if isinstance(out.get(area), tuple) and out[area][0] == "error"]
        return {**out, "status": every(say(refused_status(refused[0])))} if refused else out
    canvas = edits.read(data)  # accepted by on_edit: checked then, not again
    try:
        if new_canvas:
            info = repository.create(canvas, summary=sentence("created_from", language, name=canvas.title))
            return {**out, **_page(repository, info.id, info.version), **history.buttons(stacks, info.id)}
        page_id, base = inputs.text(canvas_id), inputs.version(version)
        if page_id is None or base is None:
            return {**out, "status": every(say("save_failed", why=say("canvas_missing")))}
        change = said or change_message(before, data, language)
        info = repository.save(page_id, canvas, expected=base, summary=change)
    except Conflict as stale:  # said with both changes (page_id is set: a new canvas has no conflict)
        return {**out, **conflicts.told(repository, str(page_id), before, data, stale.current)}
    except NotFound:
        return {**out, "status": every(say("save_failed", why=say("canvas_missing")))}
    except TooLarge as big:  # valid, but over the limit as the YAML it would be stored as
        return refused_as_stored(out, before, big)
    except (SQLAlchemyError, ValueError) as error:
        return {**out, "status": _not_saved(error)}
    saved = {"version": info.version, "status": every(say("saved", version=info.version)), "conflict": False}
    if info.version != base:
        after = history.pushed(stacks, page_id, base, change)
        saved.update(undo_stacks=after, **history.buttons(after, page_id))
    return {**out, **saved}


def refused_as_stored(out: dict[str, Any], before: object, big: TooLarge) -> dict[str, Any]:
    """An edit refused because its canvas would be too large as stored (nothing is stored): the page's
    canvas ``before`` back in the page and its controls (the grids follow it), and why, as a refused
    edit says it."""
    kept = edits.validated(before).data if isinstance(before, dict) else None
    edited = {k: v for k, v in out.items() if k != "data" and k not in synced(out["data"])}
    back = {**synced(kept), "data": kept} if kept is not None else {}
    return {
        **edited,
        **back,
        **dict.fromkeys(MESSAGE_AREAS),
        "message": ("error", every(say("refused")), list(edits.located(big))),
        "status": every(say(refused_status("message"))),
    }


def save_mine(
    repository: Repository, data: object, *, canvas_id: object, language: str, stacks: object = None
) -> dict[str, Any]:
    """The page's canvas stored as the latest version, on top of whatever is latest now."""
    page_id = inputs.text(canvas_id)
    if not isinstance(data, dict) or page_id is None:
        return {}
    try:
        latest = repository.get(page_id)
    except NotFound:
        return {"status": every(say("save_failed", why=say("canvas_missing")))}
    except SQLAlchemyError as error:
        return {"status": _not_saved(error)}
    before = canvas_data(parse_canvas(latest.yaml))
    return persisted(
        repository,
        {"data": data},
        canvas_id=page_id,
        version=latest.info.version,
        before=before,
        language=language,
        stacks=stacks,
    )


def merge_mine(
    repository: Repository, data: object, *, canvas_id: object, version: object, language: str, stacks: object = None
) -> dict[str, Any]:
    """The page's edit (based on ``version``) applied on top of the latest version, saved as the next one:
    when the two touch different fields (else said, and nothing saved)."""
    page_id, base = inputs.text(canvas_id), inputs.version(version)
    if not isinstance(data, dict) or page_id is None or base is None:
        return {}
    try:
        base_data = canvas_data(parse_canvas(repository.version(page_id, base)))
        latest = repository.get(page_id)
    except (NotFound, CanvasError):
        return {"status": every(say("save_failed", why=say("canvas_missing")))}
    except SQLAlchemyError as error:
        return {"status": _not_saved(error)}
    theirs = canvas_data(parse_canvas(latest.yaml))
    both = conflicts.together(base_data, theirs, data)
    if both is None:
        return {"message": ("error", every(say("conflict_clash")), [])}
    out: dict[str, Any] = {"data": both, "message": ("ok", every(say("merged_mine", version=latest.info.version)), [])}
    return persisted(
        repository, out, canvas_id=page_id, version=latest.info.version, before=theirs, language=language, stacks=stacks
    )


def _reason(error: Exception) -> str:
    from positioning.store.db import reason

    return reason(error)[:300]


def _not_saved(error: Exception) -> Shown:
    """The save status for an edit the database did not take: a full disk and an unreachable database in
    plain words (the edit stays on the page, and goes with the next one); anything else in the driver's."""
    from positioning.store.db import trouble

    log.warning("an edit was not saved: %s", _reason(error))
    kind = trouble(error) if isinstance(error, SQLAlchemyError) else None
    return every(say(f"save_failed_{kind}")) if kind else every(say("save_failed", why=_reason(error)))


# --- the router ---------------------------------------------------------------------

#: What an address shows: the list, the editor, a shared canvas read-only, or "not found" (also
#: "refused", with the message why, while the address may not try share links: positioning.http.ratelimit).
Route = Literal["list", "editor", "shared", "missing", "refused"]


def route(repository: Repository, pathname: object) -> Route:
    """The page an address shows. Someone else's canvas, one in the trash and
    one that never existed all show the same "not found" page."""
    if pathname in ("/", "", None):
        return "list"
    canvas_id, token = canvas_id_of(pathname), share_token_of(pathname)
    try:
        if canvas_id is not None:
            repository.get(canvas_id)
            return "editor"
        if token is not None:
            guarded(lambda key: shared(repository.database, key), token)
            return "shared"
    except TooManyGuesses:
        return "refused"
    except NotFound:
        pass
    return "missing"


# --- the list page ("My canvases") ----------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    """One canvas in the list."""

    id: str
    title: str
    subject: str
    changed: str
    exact: str
    verdict: str | None
    verdict_label: str


def list_rows(repository: Repository, *, search: object, trash: bool, now: datetime, language: str) -> list[ListRow]:
    """The canvases the list shows, most recently changed first."""
    words = (inputs.text(search) or "")[:200]
    return [
        ListRow(
            info.id,
            without_refused(info.title),  # as the canvas opens (see readable())
            without_refused(info.subject),
            history.relative_time(info.updated, now, language),
            history.exact_time(info.updated),
            info.verdict,
            t(language, info.verdict) if info.verdict in ("strong", "moderate", "weak") else "",
        )
        for info in repository.list(search=words, trash=trash)
    ]


def empty_text(search: object, trash: bool, language: str) -> str:
    """What an empty list says."""
    words = (inputs.text(search) or "").strip()
    if words:
        return t(language, "list_no_match", search=words[:200])
    return t(language, "trash_empty" if trash else "list_empty")


@dataclass(frozen=True)
class ListOutcome:
    """What a list action did: a message (kind, heading, lines), the page to
    go to, and the canvas being renamed (None: none)."""

    message: Message | None = None
    go_to: str | None = None
    renaming: str | None = None


@dataclass(frozen=True)
class ListRequest:
    """A row's button pressed: on which canvas, in which language, and the title typed (rename)."""

    repository: Repository
    canvas_id: str
    language: str
    title: object = None


def list_action(
    repository: Repository, action: object, canvas_id: object, *, language: str, title: object = None
) -> ListOutcome | None:
    """A row's button: duplicate, rename (start, save, cancel), delete or
    restore. None for a request the page could not have sent."""
    act, target = inputs.text(action), inputs.text(canvas_id)
    handler = _LIST_ACTIONS.get(act or "")
    if handler is None or target is None:
        return None
    try:
        return handler(ListRequest(repository, target, language, title))
    except NotFound:
        return ListOutcome(("error", every(say("list_action_failed")), []))
    except CanvasError as error:
        return ListOutcome(("error", every(say("refused")), list(edits.located(error))), renaming=target)


def _duplicate(asked: ListRequest) -> ListOutcome:
    original = asked.repository.get(asked.canvas_id).info
    title = t(asked.language, "copy_of", title=original.title)[:200]
    copy = asked.repository.duplicate(asked.canvas_id, title=title)
    return ListOutcome(("ok", every(say("created_from", name=original.title)), []), renaming=copy.id)


def _delete(asked: ListRequest) -> ListOutcome:
    title = asked.repository.get(asked.canvas_id).info.title
    asked.repository.delete(asked.canvas_id)
    return ListOutcome(("ok", every(say("moved_to_trash", title=title)), []))


def _restore(asked: ListRequest) -> ListOutcome:
    info = asked.repository.restore(asked.canvas_id)
    return ListOutcome(("ok", every(say("restored_canvas", title=info.title)), []))


def _rename(asked: ListRequest) -> ListOutcome:
    asked.repository.get(asked.canvas_id)
    return ListOutcome(renaming=asked.canvas_id)


def _rename_save(asked: ListRequest) -> ListOutcome:
    new = " ".join((inputs.text(asked.title) or "").split())
    if not new:
        return ListOutcome(("error", every(say("rename_empty")), []), renaming=asked.canvas_id)
    stored = asked.repository.get(asked.canvas_id)
    canvas = parse_canvas(stored.yaml, name=stored.info.title)
    if canvas.title != new:
        try:  # the title typed is checked as a file's title is (length, one line)
            renamed_canvas = with_title(canvas, new)
        except ValidationError:  # refused in the loader's words
            renamed_canvas = canvas_from_data(
                {**canvas_data(canvas), "title": new}, name=t(asked.language, "col_title")
            )
        renamed = sentence("renamed_summary", asked.language, old=canvas.title, new=new)
        asked.repository.save(asked.canvas_id, renamed_canvas, expected=stored.info.version, summary=renamed)
    return ListOutcome()


def _cancel(asked: ListRequest) -> ListOutcome:
    return ListOutcome()


_LIST_ACTIONS: Mapping[str, Callable[[ListRequest], ListOutcome]] = {
    "duplicate": _duplicate,
    "delete": _delete,
    "restore": _restore,
    "rename": _rename,
    "rename-save": _rename_save,
    "rename-cancel": _cancel,
}


def created(repository: Repository, path: Path | None, language: str) -> ListOutcome | None:
    """A new canvas from a bundled file (the blank canvas or an example):
    the editor of the new canvas. None when there is no such file."""
    if path is None:
        return None
    canvas = load_canvas(path)
    info = repository.create(canvas, summary=sentence("created_from", language, name=canvas.title))
    return ListOutcome(go_to=f"/c/{info.id}")


def imported(repository: Repository, contents: object, filename: object, language: str) -> ListOutcome | None:
    """A new canvas from an uploaded YAML file or Excel workbook: its editor,
    or the loader's messages and nothing stored."""
    text, name = inputs.text(contents), inputs.text(filename) or "upload.yaml"
    if not text:
        return None
    read = uploads.canvas_upload(ids.LIST_UPLOAD, text, name)
    if read.data is None:
        return ListOutcome(("error", every(say("import_failed", name=name)), list(read.problems)))
    canvas = canvas_from_data(read.data)
    try:
        info = repository.create(canvas, summary=sentence("imported_from", language, name=name))
    except TooLarge as big:  # valid, but over the limit as the YAML it would be stored as
        return ListOutcome(("error", every(say("import_failed", name=name)), list(edits.located(big))))
    return ListOutcome(go_to=f"/c/{info.id}")


# --- one-line summaries of a change -------------------------------------------------


def change_message(before: object, after: Mapping[str, Any], language: str = "en") -> Summary:
    """What changed, as the version history keeps it: the first change and how many more (data, worded
    in whatever language the history is read in)."""
    return changes_said(diff(before, after) if isinstance(before, Mapping) else (), language)


def summary(before: object, after: Mapping[str, Any], language: str = "en") -> str:
    """A one-line summary of what changed, in ``language``
    ("Price: Southwest level 2 -> 3", "Title: A -> B and 1 more change")."""
    return summary_text(change_message(before, after, language))
