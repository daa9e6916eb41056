"""What each user action does, as plain functions the callbacks call.

:func:`on_edit` takes the id of the component that fired, the values of the
edit callback's inputs by name and the stored canvas, and returns the outputs
to change as a dict (a key left out means "leave as it is"). Each action is a
small handler in :data:`_HANDLERS`, keyed by the id of the component that
fires it. Every value from the browser is checked first (:mod:`.inputs`,
:func:`.edits.read`): a value the page could not have sent gets a message
or changes nothing. Nothing here imports Dash, so every action is
unit-tested without a browser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from positioning.chart.view import View
from positioning.core.analysis import Analysis, analyse
from positioning.core.loader import MAX_BYTES, CanvasError
from positioning.core.messages import say
from positioning.core.model import CRITERIA, Canvas
from positioning.core.sizes import ByteSize
from positioning.i18n.wording import LANGUAGES, every, t
from positioning.jobs.imports import MAX_IMPORT_BYTES
from positioning.store.deck_templates import APP_TEMPLATE_BYTES
from positioning.ui import edits, ids, inputs, problems, uploads
from positioning.ui.annotations import deleted as deleted_annotation
from positioning.ui.annotations import saved as saved_annotation
from positioning.ui.edits import Data, Outcome
from positioning.ui.grid_columns import drawn_player_rows
from positioning.ui.said import Message, Shown

#: Actions whose own control already shows the new value: the side panel is
#: not re-synced after them (a weight slider must not jump to its normalised value).
_NO_RESYNC = {*ids.WEIGHTS.values(), ids.TOP}
#: Actions that replace the whole canvas, and say so.
OPENS = {ids.EXAMPLE, ids.BLANK, ids.UPLOAD}
#: What the side panel shows after a slider moved, though the slider itself is left alone.
_ALWAYS_SYNCED = ("weight_numbers", "weight_shares", "top_text")
#: Where a refused edit is explained, when not in the page's message area: next to what was edited.
_MESSAGE_AT: Mapping[str, str] = {
    **{sid: "settings_message" for sid in ids.SETTINGS.values()},
    **dict.fromkeys(
        (ids.FACTOR_GRID, ids.ADD_FACTOR, ids.REMOVE_FACTOR, ids.FACTOR_UP, ids.FACTOR_DOWN), "factor_message"
    ),
    **dict.fromkeys(
        (ids.PLAYER_GRID, ids.ADD_PLAYER, ids.REMOVE_PLAYER, ids.PLAYER_UP, ids.PLAYER_DOWN), "player_message"
    ),
    **dict.fromkeys((ids.SEGMENT_GRID, ids.ADD_SEGMENT, ids.REMOVE_SEGMENT), "segment_message"),
    **dict.fromkeys((ids.ANNOTATION_SAVE, ids.ANNOTATION_DELETE), "annotation_message"),
}
MESSAGE_AREAS = (
    "message",
    "settings_message",
    "factor_message",
    "player_message",
    "segment_message",
    "annotation_message",
)
#: Pickers that go back to empty once they have done their work.
_RESETS: Mapping[str, Mapping[str, None]] = {ids.EXAMPLE: {"example": None}, ids.UPLOAD: {"upload": None}}


@dataclass(frozen=True)
class Sources:
    """Where whole canvases come from: the bundled examples by the picker's
    values (only those open by name), the blank canvas, and the canvas
    shown when the one saved in the browser can no longer be read."""

    examples: Mapping[str, Path]
    blank: Path
    fallback: Path


@dataclass(frozen=True)
class EditEvent:
    """One edit request, checked: what fired, the inputs by name, the stored
    canvas (valid), the language of the messages and the canvases on offer."""

    trigger: str
    values: Mapping[str, Any]
    data: Data
    language: str
    sources: Sources

    @property
    def hidden(self) -> list[str]:
        """The competitors unticked in the checklist."""
        return hidden_of(self.data, self.values.get("shown"))


Handler = Callable[[EditEvent], Outcome | None]


def synced(data: Mapping[str, Any], hidden: Sequence[str] = ()) -> dict[str, Any]:
    """Controls that mirror the stored canvas: weights, shortlist size and its
    maximum, the subject picker and the competitor checklist (every competitor
    but the ``hidden`` ones). Options and values go together, so a picker
    never holds a value it has no option for.

    Weights show as stored when they lie within the sliders' 0-1 range, else
    scaled so the largest is 1 (ratios, and so the ranking, are the same).
    """
    weights = stored_weights(data)
    subject = data["subject"]
    names = [p["name"] for p in data["players"]]
    competitors = [n for n in names if n != subject]
    top = min(int(data.get("top", 3)), len(data["factors"]))
    return {
        "weights": slider_weights(weights),
        "weight_numbers": weights,
        "weight_shares": {c: f"{share}%" for c, share in edits.weight_shares(weights).items()},
        "top": top,
        "top_text": str(top),
        "settings": settings_of(data),
        "top_max": len(data["factors"]),
        "subject": subject,
        "subject_options": [{"label": n, "value": n} for n in names],
        "shown": [n for n in competitors if n not in hidden],
        "shown_options": [{"label": n, "value": n} for n in competitors],
    }


def stored_weights(data: Mapping[str, Any]) -> dict[str, float]:
    """The canvas's weights by criterion, as written."""
    return {c: float((data.get("weights") or {}).get(c, 1)) for c in CRITERIA}


def slider_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Where the 0-1 sliders stand: the weights as they are, or scaled so the
    largest is 1 when one is over 1 (same ratios, same ranking)."""
    largest = max(weights.values())
    scale = 1.0 if largest <= 1 else 1 / largest
    return {c: round(w * scale, 2) for c, w in weights.items()}


def settings_of(data: Mapping[str, Any]) -> dict[str, Any]:
    """The values of the Data tab's settings fields for a stored canvas."""
    style, scales = data.get("style") or {}, data.get("scales") or {}
    score, level = scales.get("score") or (None, None), scales.get("level") or (None, None)
    return {
        "title": data.get("title"),
        **{f: style.get(f) or "" for f in ("subtitle", "footnote", "font")},
        "background": style.get("background") or "white",
        "score_low": score[0],
        "score_high": score[1],
        "level_low": level[0],
        "level_high": level[1],
    }


def hidden_of(data: Mapping[str, Any], shown: object) -> list[str]:
    """Competitors of ``data`` (a valid canvas) not in the checklist's ``shown``
    value; none when the checklist has no list of names yet."""
    names = inputs.names(shown)
    if names is None:
        return []
    return [p["name"] for p in data["players"] if p["name"] != data["subject"] and p["name"] not in names]


def remembered_hidden(data: object, shown: object) -> list[str] | None:
    """What the hidden-competitors store keeps; None when ``data`` is no canvas."""
    checked = _checked(data)
    return None if checked is None else hidden_of(checked[0], shown)


def _checked(data: object) -> tuple[Data, Canvas] | None:
    """``data`` and its canvas, when it is a readable stored canvas."""
    if not isinstance(data, dict):
        return None
    try:
        return data, edits.read(data)
    except CanvasError:
        return None


@dataclass(frozen=True)
class ViewRequest:
    """What the views are drawn from, checked: the stored canvas, as data and as a canvas, the
    :class:`View` the page's controls ask for, and the chart's width on the page (None: not measured
    yet). A filter that keeps no factor is ``view.only == ()``: the chart draws all and says so."""

    data: Data
    canvas: Canvas
    view: View
    width: int | None = None

    @property
    def analysis(self) -> Analysis:
        return analyse(self.canvas)  # kept by canvas (positioning.core.analysis)

    @property
    def hidden(self) -> list[str]:
        """The competitors unticked, in the canvas's order."""
        return [name for name in self.canvas.competitors if name in self.view.hidden]

    @property
    def order(self) -> str:
        return self.view.order

    @property
    def language(self) -> str:
        return self.view.wording(self.canvas)

    @property
    def layers(self) -> tuple[str, ...]:
        return self.view.layers

    @property
    def segment(self) -> str | None:
        return self.view.segment

    @property
    def only(self) -> tuple[str, ...] | None:
        return self.view.only


def view_request(
    data: object, shown: object, order: object, language: object, chart: Mapping[str, object] | None = None
) -> ViewRequest | None:
    """The checked inputs of the views; None when one cannot be drawn from
    (an unreadable stored canvas is replaced by the edit callback). ``chart``
    holds the chart's ``layers``, ``segment``, ``categories``, ``sources`` and ``width`` as sent."""
    how, words, checked = inputs.order(order), inputs.language(language), _checked(data)
    chart = chart or {}
    layers = inputs.layers(chart.get("layers"))
    if how is None or words is None or checked is None or layers is None:
        return None
    valid, canvas = checked
    segment = inputs.text(chart.get("segment"))
    view = View(
        order=how,
        hidden=frozenset(hidden_of(valid, shown)),
        language=words,
        layers=layers,
        segment=segment if segment in {g.name for g in canvas.segments} else None,
        only=factor_filter(canvas, chart.get("categories"), chart.get("sources")),
    )
    return ViewRequest(valid, canvas, view, width=_width(chart.get("width")))


def _width(value: object) -> int | None:
    """A measured width in pixels, within what a screen has; anything else is not one."""
    width = inputs.whole(value)
    return width if width is not None and 200 <= width <= 10_000 else None


def factor_filter(canvas: Canvas, categories: object, sources: object) -> tuple[str, ...] | None:
    """The factors whose category is one of ``categories`` and source one of ``sources`` (an empty or
    unset filter keeps every factor; ``""`` stands for a factor without one); None when both keep all."""
    wanted = [inputs.names(categories) or [], inputs.names(sources) or []]
    if not any(wanted):
        return None
    return tuple(
        f.name
        for f in canvas.factors
        if all(not w or (value or "") in w for w, value in zip(wanted, (f.category, f.source), strict=True))
    )


#: The heading of a file an upload refused, by upload (else the editor's "was not opened").
_REFUSED_HEADINGS = {
    ids.DECK_TEMPLATE: "deck_template_refused",
    ids.LIST_UPLOAD: "import_failed",
    ids.JOBS_UPLOAD: "import_failed",
}


def upload_refused(refused: object, language: object) -> Message | None:
    """The message for a file the browser refused (from assets/guards.js: ``{"name": ..., "size":
    bytes, "upload": id}``, and ``"kind": true`` for a file of a kind the upload does not take):
    too large for a canvas file or the deck template, or not of a kind the upload takes (which
    kinds is the upload's own :data:`~positioning.ui.uploads.ACCEPTS`, not the browser's word)."""
    words = inputs.language(language)
    if not isinstance(refused, dict) or words is None:
        return None
    name, size, upload = inputs.text(refused.get("name")), inputs.whole(refused.get("size")), refused.get("upload")
    if name is None or size is None:
        return None
    heading = every(say(_REFUSED_HEADINGS.get(str(upload), "upload_failed"), name=name))
    if refused.get("kind") is True and upload in uploads.ACCEPTS:
        return ("error", heading, [every(uploads.wrong_kind(str(upload), name))])
    if upload == ids.JOBS_UPLOAD:  # a zip of canvas files has a limit of its own
        zipped = say("import_too_big", name=name, size=ByteSize(size), limit=ByteSize(MAX_IMPORT_BYTES))
        return ("error", heading, [every(zipped)])
    limit = APP_TEMPLATE_BYTES if upload == ids.DECK_TEMPLATE else MAX_BYTES
    return ("error", heading, [every(lambda code: edits.too_large(name, size, limit, language=code))])


def on_edit(
    trigger: str | None,
    values: Mapping[str, Any],
    data: object,
    *,
    language: object,
    examples: Mapping[str, Path],
    blank: Path,
    fallback: Path,
) -> dict[str, Any]:
    """Apply the action of ``trigger`` to the stored canvas ``data``.

    ``values`` holds the edit callback's inputs and states by name (see
    :mod:`positioning.ui.callbacks.canvas`): ``weights`` by criterion, the grids'
    ``factor_cells`` / ``player_cells`` and ``selected_factor`` /
    ``selected_player``, ``upload_name``, ``shown``, ``hidden``...
    Returned keys are the callback's outputs: ``data``, ``message`` (kind,
    heading, lines), the keys of :func:`synced`, ``example`` / ``upload`` (set back to
    empty) and, when a cell edit is refused, ``factor_revert`` /
    ``player_revert`` (grid transactions).
    """
    words = inputs.language(language)
    if words is None:
        return {}
    saved = edits.validated(data)
    sources = Sources(examples, blank, fallback)
    if saved.data is None:
        return _replace_unreadable(saved, sources)
    if trigger is None:  # page load: show the stored canvas in the side panel
        hidden = inputs.names(values.get("hidden")) or []
        return synced(saved.data, hidden)
    handler = _HANDLERS.get(trigger)
    action = EditEvent(trigger, values, saved.data, words, sources)
    outcome = handler(action) if handler else None
    if outcome is None:
        return {}
    return {**_RESETS.get(trigger, {}), **(_accepted(action, outcome) if outcome.ok else _refused(action, outcome))}


def _replace_unreadable(saved: Outcome, sources: Sources) -> dict[str, Any]:
    """The fallback canvas in place of a stored one that cannot be read."""
    fresh = edits.example_data(sources.fallback)
    return {**synced(fresh), "data": fresh, "message": ("error", every(say("saved_unreadable")), _lines(saved))}


def _accepted(action: EditEvent, outcome: Outcome) -> dict[str, Any]:
    assert outcome.data is not None
    out: dict[str, Any] = {"data": outcome.data, **dict.fromkeys(MESSAGE_AREAS)}
    if action.trigger in OPENS:
        # a new canvas, saved beside the one the page had (which stays in "My canvases"): no undo brings it back
        out["message"] = ("ok", every(say("opened_new", name=outcome.data["title"])), [])
    if outcome.note:  # a wording key
        out[_MESSAGE_AT.get(action.trigger, "message")] = ("ok", every(say(outcome.note)), [])
    now = synced(outcome.data, action.hidden)
    out.update({k: now[k] for k in _ALWAYS_SYNCED} if action.trigger in _NO_RESYNC else now)
    return out


def _refused(action: EditEvent, outcome: Outcome) -> dict[str, Any]:
    """The message, and the controls and edited grid rows put back to the stored canvas."""
    if action.trigger == ids.UPLOAD:
        heading = every(say("upload_failed", name=inputs.text(action.values.get("upload_name")) or "?"))
    else:
        heading = every(say("refused"))
    out = {
        **synced(action.data, action.hidden),
        _MESSAGE_AT.get(action.trigger, "message"): ("error", heading, _lines(outcome)),
    }
    if action.trigger in ids.SETTINGS.values():
        del out["settings"]  # the field keeps what the user typed, beside the reason it was refused
    if action.trigger == ids.FACTOR_GRID:
        out["factor_revert"] = _rows_back(edits.factor_rows(action.data), action.values.get("factor_cells"))
    if action.trigger == ids.PLAYER_GRID:
        rows = drawn_player_rows(action.data, edits.read(action.data))  # with their swatches
        out["player_revert"] = _rows_back(rows, action.values.get("player_cells"))
    if action.trigger == ids.SEGMENT_GRID:
        out["segment_revert"] = _rows_back(edits.segment_rows(action.data), action.values.get("segment_cells"))
    return out


def _lines(outcome: Outcome) -> list[Shown]:
    """Why an outcome was refused, a line per problem: the loader's problems worded in every language
    (where they are, in words of the canvas tried), else the edit's own lines."""
    if not outcome.found:
        return list(outcome.problems)
    worded = {code: problems.worded(outcome.found, outcome.tried, code) for code in LANGUAGES}
    return [{code: worded[code][i] for code in LANGUAGES} for i in range(len(outcome.found))]


# --- the actions -------------------------------------------------------------------


def _open_example(action: EditEvent) -> Outcome | None:
    path = action.sources.examples.get(inputs.text(action.values.get("example")) or "")
    return Outcome(edits.example_data(path)) if path else None


def _open_blank(action: EditEvent) -> Outcome:
    return Outcome(edits.example_data(action.sources.blank))


def _upload(action: EditEvent) -> Outcome | None:
    contents = inputs.text(action.values.get("upload"))
    if not contents:
        return None
    return uploads.canvas_upload(ids.UPLOAD, contents, inputs.text(action.values.get("upload_name")) or "upload.yaml")


def _set_weights(action: EditEvent) -> Outcome | None:
    weights = action.values.get("weights")
    if not isinstance(weights, dict):
        return None
    chosen = {c: weights.get(c) for c in CRITERIA}
    unchanged = chosen == slider_weights(stored_weights(action.data))
    return None if unchanged else edits.set_weights(action.data, chosen)


def _type_weight(action: EditEvent) -> Outcome | None:
    """A weight typed beside its slider (the others stay as stored)."""
    criterion = next(c for c, cid in ids.WEIGHT_NUMBERS.items() if cid == action.trigger)
    typed = action.values.get("weight_numbers")
    value = typed.get(criterion) if isinstance(typed, dict) else None
    stored = stored_weights(action.data)
    if value is None or value == stored[criterion]:
        return None
    return edits.set_weights(action.data, {**stored, criterion: value})


def _set_setting(action: EditEvent) -> Outcome | None:
    """A canvas setting of the Data tab, when it differs from the stored one."""
    name = next(f for f, cid in ids.SETTINGS.items() if cid == action.trigger)
    given = action.values.get("settings")
    value = given.get(name) if isinstance(given, dict) else None
    if value == settings_of(action.data)[name]:
        return None
    return edits.set_setting(action.data, name, value)


def _set_top(action: EditEvent) -> Outcome | None:
    top = action.values.get("top")
    return None if top == action.data.get("top") else edits.set_top(action.data, top)


def _set_subject(action: EditEvent) -> Outcome | None:
    subject = inputs.text(action.values.get("subject"))
    return None if not subject or subject == action.data["subject"] else edits.set_subject(action.data, subject)


def _cells(key: str, edit: Callable[[Data, int, str, Any], Outcome]) -> Handler:
    """Apply every changed cell of the grid ``key`` in turn; one bad cell refuses them all."""

    def handler(action: EditEvent) -> Outcome | None:
        changes = inputs.cell_changes(action.values.get(key))
        if changes is None:
            return None
        outcome, note = Outcome(action.data), None
        for change in changes:
            assert outcome.data is not None
            outcome = edit(outcome.data, change.row, change.column, change.value)
            if not outcome.ok:
                return outcome
            note = note or outcome.note  # a pasted range: the first cell's note (the fill) says what happened
        return Outcome(outcome.data, note=note)

    return handler


def _clicked(key: str, act: Handler) -> Handler:
    """A button's action, done only when it was clicked: components mounted
    later (in a tab) fire once with no click."""
    return lambda action: act(action) if inputs.clicks(action.values.get(key)) else None


def _on_selected(key: str, selection: str, edit: Callable[[Data, str], Outcome]) -> Handler:
    """A button acting on the row selected in a grid."""

    def act(action: EditEvent) -> Outcome:
        name = inputs.selected_name(action.values.get(selection))
        if name is None:
            return Outcome(None, (every(say("select_first")),))
        return edit(action.data, name)

    return _clicked(key, act)


def _add(key: str, add: Callable[[Data, str], Outcome], wording: str) -> Handler:
    return _clicked(key, lambda action: add(action.data, t(action.language, wording, n="{n}")))


def _use_workshop(action: EditEvent) -> Outcome | None:
    """The closed workshop's scores (fetched by the caller into ``workshop_panel``) as the canvas's panel."""
    raters = action.values.get("workshop_panel")
    return edits.set_panel(action.data, raters) if isinstance(raters, list) else None


def _save_annotation(action: EditEvent) -> Outcome:
    """The annotation form's Save: its text on the factor and player it names (``""``: the factor itself)."""
    values = action.values
    player = values.get("annotation_player") or ""
    return saved_annotation(action.data, values.get("annotation_factor"), player, values.get("annotation_text"))


def _delete_annotation(action: EditEvent) -> Outcome:
    values = action.values
    return deleted_annotation(action.data, values.get("annotation_factor"), values.get("annotation_player") or "")


def _use_panel_books(action: EditEvent) -> Outcome | None:
    """The raters of several scoring workbooks (read by :mod:`.panel_books` into ``panel_books``) as the panel."""
    raters = action.values.get("panel_books")
    return edits.set_panel(action.data, raters) if isinstance(raters, list) else None


#: Trigger id -> what it does.
_HANDLERS: Mapping[str, Handler] = {
    ids.WORKSHOP_CLOSE: _use_workshop,
    ids.PANEL_BOOKS_APPLY: _use_panel_books,
    ids.EXAMPLE: _open_example,
    ids.BLANK: _clicked("blank", _open_blank),
    ids.UPLOAD: _upload,
    **{weight: _set_weights for weight in ids.WEIGHTS.values()},
    **{number: _type_weight for number in ids.WEIGHT_NUMBERS.values()},
    **{setting: _set_setting for setting in ids.SETTINGS.values()},
    ids.TOP: _set_top,
    ids.SUBJECT: _set_subject,
    ids.FACTOR_GRID: _cells("factor_cells", edits.edit_factor),
    ids.ADD_FACTOR: _add("add_factor", edits.add_factor, "new_factor"),
    ids.REMOVE_FACTOR: _on_selected("remove_factor", "selected_factor", edits.remove_factor),
    ids.FACTOR_UP: _on_selected("factor_up", "selected_factor", partial(edits.move_factor, step=-1)),
    ids.FACTOR_DOWN: _on_selected("factor_down", "selected_factor", partial(edits.move_factor, step=1)),
    ids.PLAYER_GRID: _cells("player_cells", edits.edit_player),
    ids.ADD_PLAYER: _add("add_player", edits.add_player, "new_player"),
    ids.REMOVE_PLAYER: _on_selected("remove_player", "selected_player", edits.remove_player),
    ids.PLAYER_UP: _on_selected("player_up", "selected_player", partial(edits.move_player, step=-1)),
    ids.PLAYER_DOWN: _on_selected("player_down", "selected_player", partial(edits.move_player, step=1)),
    ids.SEGMENT_GRID: _cells("segment_cells", edits.edit_segment),
    ids.ADD_SEGMENT: _add("add_segment", edits.add_segment, "new_segment"),
    ids.REMOVE_SEGMENT: _on_selected("remove_segment", "selected_segment", edits.remove_segment),
    ids.ANNOTATION_SAVE: _clicked("annotation_save", _save_annotation),
    ids.ANNOTATION_DELETE: _clicked("annotation_delete", _delete_annotation),
}


def _rows_back(rows: list[dict[str, Any]], changes: object) -> dict[str, Any]:
    """A grid transaction restoring the stored rows that were edited."""
    indexes = sorted({c.row for c in inputs.cell_changes(changes) or ()})
    return {"update": [rows[i] for i in indexes if 0 <= i < len(rows)]}
