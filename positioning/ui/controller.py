"""What each user action does, as one plain function the callback calls.

:func:`on_edit` takes the id of the component that fired, the current values
of the inputs and the stored canvas, and returns the outputs to change as a
dict (a key left out means "leave as it is"). It never imports Dash, so every
action is unit-tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..model import CRITERIA
from ..wording import t
from . import ids, state

#: Actions whose own control already shows the new value: the side panel is
#: not re-synced after them (a weight slider must not jump to its normalised value).
_NO_RESYNC = {*ids.WEIGHTS.values(), ids.TOP}


def synced(data: Mapping[str, Any], hidden: Sequence[str] = ()) -> dict[str, Any]:
    """Controls that mirror the stored canvas: weights, shortlist size and its
    maximum, the subject picker and the competitor checklist (every competitor
    but the ``hidden`` ones). Options and values go together, so a picker
    never holds a value it has no option for.

    Weights show as stored when they lie within the sliders' 0-1 range, else
    scaled so the largest is 1 (ratios, and so the ranking, are the same).
    """
    weights = {c: float((data.get("weights") or {}).get(c, 1)) for c in CRITERIA}
    largest = max(weights.values())
    scale = 1.0 if largest <= 1 else 1 / largest
    subject = data["subject"]
    names = [p["name"] for p in data["players"]]
    competitors = [n for n in names if n != subject]
    return {
        "weights": {c: round(w * scale, 2) for c, w in weights.items()},
        "top": min(int(data.get("top", 3)), len(data["factors"])),
        "top_max": len(data["factors"]),
        "subject": subject,
        "subject_options": [{"label": n, "value": n} for n in names],
        "shown": [n for n in competitors if n not in hidden],
        "shown_options": [{"label": n, "value": n} for n in competitors],
    }


def hidden_of(data: Mapping[str, Any], shown: Sequence[str] | None) -> list[str]:
    """Competitors of ``data`` not in the checklist's ``shown`` value."""
    if shown is None:
        return []
    return [p["name"] for p in data["players"] if p["name"] != data["subject"] and p["name"] not in shown]


def on_edit(
    trigger: str | None,
    values: Mapping[str, Any],
    data: dict[str, Any],
    *,
    language: str,
    examples: Mapping[str, Path],
    template: Path,
    fallback: Path | None = None,
) -> dict[str, Any]:
    """Apply the action of ``trigger`` to the stored canvas ``data``.

    ``examples`` maps the example picker's values to the bundled files (only
    those can be opened by name); ``fallback`` is shown when the canvas saved
    in the browser can no longer be read. ``values`` holds the inputs by id (weights under ``ids.WEIGHTS[c]``), plus
    ``upload_name`` and the grids' ``selected_factor`` / ``selected_player``.
    Returned keys: ``data``, ``undo`` (what the Undo button brings back),
    ``message`` (kind, heading, lines), the keys of :func:`synced`,
    ``reset_example``, ``reset_upload`` and, when a cell edit is refused,
    ``factor_revert`` / ``player_revert`` (grid transactions).
    """
    hidden = values.get("hidden") or []
    if trigger is None:  # page load: show the stored canvas in the side panel
        saved = state.validated(data) if isinstance(data, dict) else state.Outcome(None, ("not a canvas",))
        if saved.ok or fallback is None:
            return {**synced(data, hidden), "undo_disabled": not values.get("undo")}
        fresh = state.example_data(fallback)
        return {
            **synced(fresh),
            "data": fresh,
            "message": ("error", t(language, "saved_unreadable"), list(saved.problems)),
        }
    hidden = hidden_of(data, values.get(ids.SHOWN))
    if trigger == ids.UNDO:
        previous = values.get("undo")
        if not values.get(ids.UNDO) or not previous:
            return {}
        return {
            **synced(previous, hidden),
            "data": previous,
            "undo": data,  # pressing Undo again redoes
            "undo_disabled": False,
            "message": ("ok", t(language, "undone"), []),
        }

    outcome, loaded = _apply(trigger, values, data, language, examples, template)
    if outcome is None:
        return {}
    out: dict[str, Any] = {}
    if trigger == ids.EXAMPLE:
        out["reset_example"] = True
    if trigger == ids.UPLOAD:
        out["reset_upload"] = True
    if not outcome.ok:
        heading = (
            t(language, "upload_failed", name=values.get("upload_name") or "?")
            if trigger == ids.UPLOAD
            else (t(language, "refused"))
        )
        out["message"] = ("error", heading, list(outcome.problems))
        # Put the controls back where the stored canvas has them, and the
        # edited grid rows back to their stored values.
        out.update(synced(data, hidden))
        if trigger == ids.FACTOR_GRID:
            out["factor_revert"] = _rows_back(state.factor_rows(data), values.get(ids.FACTOR_GRID))
        if trigger == ids.PLAYER_GRID:
            out["player_revert"] = _rows_back(state.player_rows(data), values.get(ids.PLAYER_GRID))
        return out
    out["data"] = outcome.data
    out["undo"] = data
    out["undo_disabled"] = False
    if loaded:
        out["message"] = ("ok", t(language, "loaded", name=outcome.data["title"]), [])
    else:
        out["message"] = None
    if trigger not in _NO_RESYNC:
        out.update(synced(outcome.data, hidden))
    return out


def _apply(
    trigger: str,
    values: Mapping[str, Any],
    data: dict[str, Any],
    language: str,
    examples: Mapping[str, Path],
    template: Path,
) -> tuple[state.Outcome | None, bool]:
    """The outcome of the action, and whether it opened a whole canvas."""
    if trigger == ids.EXAMPLE:
        path = examples.get(values.get(ids.EXAMPLE) or "")
        return (state.Outcome(state.example_data(path)), True) if path else (None, False)
    if trigger == ids.TEMPLATE:
        return (state.Outcome(state.example_data(template)), True) if values.get(ids.TEMPLATE) else (None, False)
    if trigger == ids.UPLOAD:
        contents = values.get(ids.UPLOAD)
        if not contents:
            return None, False
        return state.upload(contents, values.get("upload_name") or "upload.yaml"), True
    if trigger in ids.WEIGHTS.values():
        weights = {c: values.get(ids.WEIGHTS[c]) for c in CRITERIA}
        if weights == synced(data)["weights"]:
            return None, False
        return state.set_weights(data, weights), False
    if trigger == ids.TOP:
        top = values.get(ids.TOP)
        return (None, False) if top == data.get("top") else (state.set_top(data, top), False)
    if trigger == ids.SUBJECT:
        subject = values.get(ids.SUBJECT)
        return (None, False) if not subject or subject == data["subject"] else (state.set_subject(data, subject), False)
    if trigger == ids.FACTOR_GRID:
        return _cells(data, values.get(ids.FACTOR_GRID), state.edit_factor), False
    if trigger == ids.PLAYER_GRID:
        return _cells(data, values.get(ids.PLAYER_GRID), state.edit_player), False
    # Buttons: components mounted later (in a tab) fire once with no click.
    if not values.get(trigger):
        return None, False
    if trigger == ids.ADD_FACTOR:
        return state.add_factor(data, t(language, "new_factor", n="{n}")), False
    if trigger == ids.ADD_PLAYER:
        return state.add_player(data, t(language, "new_player", n="{n}")), False
    selected_factor = _selected(values.get("selected_factor"))
    selected_player = _selected(values.get("selected_player"))
    factor_actions = {
        ids.REMOVE_FACTOR: lambda name: state.remove_factor(data, name),
        ids.FACTOR_UP: lambda name: state.move_factor(data, name, -1),
        ids.FACTOR_DOWN: lambda name: state.move_factor(data, name, +1),
    }
    player_actions = {
        ids.REMOVE_PLAYER: lambda name: state.remove_player(data, name),
        ids.PLAYER_UP: lambda name: state.move_player(data, name, -1),
        ids.PLAYER_DOWN: lambda name: state.move_player(data, name, +1),
    }
    for actions, selected in ((factor_actions, selected_factor), (player_actions, selected_player)):
        if trigger in actions:
            if selected is None:
                return state.Outcome(None, (t(language, "select_first"),)), False
            return actions[trigger](selected), False
    return None, False


def _cells(data: dict[str, Any], changes: Sequence[Mapping[str, Any]] | None, edit: Any) -> state.Outcome | None:
    """Apply every changed cell in turn; one bad cell refuses them all."""
    if not changes:
        return None
    outcome = state.Outcome(data)
    for change in changes:
        # dash-ag-grid sends the new value as "value" (its docs say "newValue")
        value = change["value"] if "value" in change else change.get("newValue")
        outcome = edit(outcome.data, change.get("rowIndex"), change.get("colId"), value)
        if not outcome.ok:
            return outcome
    return outcome


def _rows_back(rows: list[dict[str, Any]], changes: Sequence[Mapping[str, Any]] | None) -> dict[str, Any]:
    """A grid transaction restoring the stored rows that were edited."""
    indexes = sorted({c.get("rowIndex") for c in changes or () if isinstance(c.get("rowIndex"), int)})
    return {"update": [rows[i] for i in indexes if 0 <= i < len(rows)]}


def _selected(rows: Sequence[Mapping[str, Any]] | None) -> str | None:
    return rows[0].get("name") if rows else None
