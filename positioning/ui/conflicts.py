"""An edit that found its canvas changed elsewhere: what the other change was, what mine is, what "Save
mine" would set back, and mine on top of theirs when the two touch different fields. Plain functions the
workspace calls (nothing here imports Dash); the changes are worded as the History tab words them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from positioning.core.changes import Change, diff
from positioning.core.loader import CanvasError, parse_canvas
from positioning.core.merge import merged
from positioning.core.messages import say
from positioning.i18n.catalogue import tn
from positioning.i18n.wording import change_text, every, t
from positioning.output.writer import canvas_data
from positioning.store.repository import NotFound, Repository
from positioning.ui import edits
from positioning.ui.said import Message, Shown

#: Changes listed at most for each side (the rest are counted).
MAX_LISTED = 6


def latest_data(repository: Repository, canvas_id: str) -> dict[str, Any] | None:
    """The canvas's latest version as plain data (None when it cannot be read)."""
    try:
        return canvas_data(parse_canvas(repository.get(canvas_id).yaml))
    except (NotFound, CanvasError, SQLAlchemyError):
        return None


def together(base: Mapping[str, Any], theirs: Mapping[str, Any], mine: Mapping[str, Any]) -> dict[str, Any] | None:
    """Mine applied on top of theirs, checked as any canvas; None when they clash or the result is no canvas."""
    both = merged(base, theirs, mine)
    return edits.validated(both).data if both is not None else None


def told(repository: Repository, canvas_id: str, base: object, mine: Mapping[str, Any], current: int) -> dict[str, Any]:
    """The outputs after an edit based on ``base`` (the page's canvas before it) found the canvas at version
    ``current``: the status, "Save mine" and "Load the latest" shown, in the message area the two changes
    and what "Save mine" would set back; "Apply mine on top of theirs" shown when they can be put together."""
    out: dict[str, Any] = {"status": every(say("save_conflict", current=current)), "conflict": True}
    theirs = latest_data(repository, canvas_id)
    if theirs is None or not isinstance(base, Mapping):
        return out
    mergeable = together(base, theirs, mine) is not None
    lines = [
        *_listed("conflict_theirs", diff(base, theirs)),
        *_listed("conflict_mine", diff(base, mine)),
        *_listed("conflict_set_back", _set_back(base, theirs, mine)),
        every(say("conflict_mergeable" if mergeable else "conflict_clash")),
    ]
    message: Message = ("error", every(say("conflict_heading", current=current)), lines)
    return {**out, "mergeable": mergeable, "message": message}


def _set_back(base: Mapping[str, Any], theirs: Mapping[str, Any], mine: Mapping[str, Any]) -> list[Change]:
    """What saving mine over theirs changes besides my own changes: their changes, undone."""
    own = {change_text(c) for c in diff(base, mine)}
    return [c for c in diff(theirs, mine) if change_text(c) not in own]


def _listed(key: str, changes: Sequence[Change]) -> list[Shown]:
    """A line per change (at most :data:`MAX_LISTED`, then how many more), ``key`` wording each."""
    lines: list[Shown] = [_line(key, change) for change in changes[:MAX_LISTED]]
    if len(changes) > MAX_LISTED:
        more = len(changes) - MAX_LISTED
        lines.append(every(_more(key, more)))
    return lines


def _line(key: str, change: Change) -> Shown:
    return every(lambda code: t(code, key, change=change_text(change, code)))


def _more(key: str, n: int) -> Callable[[str], str]:
    return lambda code: t(code, key, change=tn(code, "change_more", n).strip())
