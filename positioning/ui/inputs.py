"""What the browser sends, checked before anything uses it.

Dash hands a callback the values of its inputs straight from the request's
JSON, so any JSON value can arrive where a component would only ever send
one kind (a crafted request, an old page, a stale tab). Each function here
returns the value in the type the app works with, or ``None`` (``0`` for
clicks) when it is not one: callbacks then answer with a message or leave
the page as it is, never with a server error. The stored canvas is checked
separately, like a file (:func:`positioning.ui.edits.read`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from positioning.chart.view import LAYERS, ORDERS
from positioning.i18n.wording import DEFAULT_LANGUAGE, LANGUAGES
from positioning.store.repository import is_version


@dataclass(frozen=True)
class CellChange:
    """One edited grid cell: its row (from 0), column id and new value."""

    row: int
    column: str
    value: Any


def language(value: object) -> str | None:
    """A language code of the wording; unset means the default."""
    if value is None:
        return DEFAULT_LANGUAGE
    return value if isinstance(value, str) and value in LANGUAGES else None


def order(value: object) -> str | None:
    """``"file"``, ``"rank"`` or ``"category"``; unset means the file's order."""
    if value is None:
        return ORDERS[0]
    return value if isinstance(value, str) and value in ORDERS else None


def layers(value: object) -> tuple[str, ...] | None:
    """The chart's layers ticked: ``"target"``, ``"importance"``; unset means the to-be curve only."""
    if value is None:
        return ("target",)
    chosen = names(value)
    return tuple(chosen) if chosen is not None and set(chosen) <= set(LAYERS) else None


def text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def whole(value: object) -> int | None:
    """An integer (``True`` is not one)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def version(value: object) -> int | None:
    """A version number: a whole number from 1 to the largest the database holds (a crafted
    10**30 is no version, and never reaches the database, which would fail on it)."""
    return value if is_version(value) else None


def clicks(value: object) -> int:
    """A button's click count; anything else counts as not clicked."""
    return max(whole(value) or 0, 0)


def number(value: object) -> float | None:
    """A number (``True`` is not one); NaN and infinities are left for the
    loader to refuse with its own message."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def names(value: object) -> list[str] | None:
    """A list of names, as a checklist's value."""
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return value
    return None


def selected_name(rows: object) -> str | None:
    """The name in the first selected grid row."""
    if isinstance(rows, list) and rows and isinstance(rows[0], dict):
        return text(rows[0].get("name"))
    return None


def cell_changes(value: object) -> list[CellChange] | None:
    """The cells of a grid's ``cellValueChanged`` event; None when the event
    is missing or any change lacks a whole row index or a column id."""
    if not isinstance(value, list) or not value:
        return None
    changes = [_cell_change(change) for change in value]
    return None if None in changes else [c for c in changes if c is not None]


def _cell_change(change: object) -> CellChange | None:
    if not isinstance(change, dict):
        return None
    row, column = whole(change.get("rowIndex")), text(change.get("colId"))
    if row is None or column is None:
        return None
    # dash-ag-grid sends the new value as "value" (its docs say "newValue")
    return CellChange(row, column, change["value"] if "value" in change else change.get("newValue"))
