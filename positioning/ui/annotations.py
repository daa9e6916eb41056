"""Annotating the chart in the app: the form under the chart (a factor, a player or the factor itself, the
text; Save and Delete), filled by a click on a point of the chart, and the edits it makes, as plain
functions over the stored canvas data.

A save or a delete is an edit like any other (:mod:`positioning.ui.controller` applies it, the workspace
saves it as a version, undo takes it back); one annotation per factor and player: saving on a point
that has one rewords it. The text is checked by the loader as a file's is (one line, at most
:data:`~positioning.core.annotations.MAX_TEXT` characters); the field itself holds no more.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash import dcc, html

from positioning.core.annotations import MAX_ANNOTATIONS, MAX_TEXT
from positioning.core.loader import say
from positioning.i18n.wording import every, t
from positioning.ui import edits, ids
from positioning.ui.edits import Data, Outcome

#: The form's words that follow the language switch (spans of :func:`panel`).
LABEL_KEYS = (
    "annotations_heading",
    "annotations_hint",
    "annotation_factor",
    "annotation_player",
    "annotation_text",
    "annotation_save",
    "annotation_delete",
)
#: The player picker's value for a note on the factor itself.
ON_FACTOR = ""


def _label(key: str) -> html.Span:
    return html.Span(t("en", key), id=ids.label(key))


def _pick(cid: str) -> dcc.Dropdown:
    return dcc.Dropdown(id=cid, clearable=False, searchable=True, className="annotation-pick")


def panel() -> html.Section:
    """The form under the chart (filled in by :func:`form`)."""
    return html.Section(
        className="annotations",
        children=[
            html.H3(_label("annotations_heading")),
            html.P(_label("annotations_hint"), className="muted small"),
            html.Div(
                className="annotation-form",
                children=[
                    html.Label([_label("annotation_factor"), _pick(ids.ANNOTATION_FACTOR)], className="field"),
                    html.Label([_label("annotation_player"), _pick(ids.ANNOTATION_PLAYER)], className="field"),
                    html.Label(
                        [
                            _label("annotation_text"),
                            dcc.Input(
                                id=ids.ANNOTATION_TEXT, type="text", maxLength=MAX_TEXT, debounce=False, value=""
                            ),
                        ],
                        className="field annotation-text",
                    ),
                    html.Div(
                        className="toolbar",
                        children=[
                            html.Button(_label("annotation_save"), id=ids.ANNOTATION_SAVE, className="button"),
                            html.Button(
                                _label("annotation_delete"), id=ids.ANNOTATION_DELETE, className="button secondary"
                            ),
                        ],
                    ),
                ],
            ),
            html.Div(id=ids.ANNOTATION_MESSAGE, className="message inline", role="status"),
        ],
    )


@dataclass(frozen=True)
class Form:
    """The form's pickers and text for the stored canvas: what was clicked, else what was chosen."""

    factor_options: list[dict[str, str]]
    factor: str | None
    player_options: list[dict[str, str]]
    player: str
    text: str


def form(data: object, language: str, chosen: tuple[object, object], picked: tuple[str, str | None] | None) -> Form:
    """The form for the canvas ``data``: the factor and player of the point clicked (``picked``,
    :func:`positioning.chart.annotations.clicked_point`), else ``chosen`` (the pickers' values) when they
    still name the canvas's, else the first factor; and the text of the annotation already there."""
    checked = edits.validated(data)
    if checked.data is None:
        return Form([], None, [], ON_FACTOR, "")
    canvas = edits.read(checked.data)
    factor, player = chosen
    if picked is not None:
        factor, player = picked
    if factor not in canvas.factor_names:
        factor = canvas.factor_names[0]
    if player not in canvas.player_names:
        player = ON_FACTOR
    factor_options = [{"label": name, "value": name} for name in canvas.factor_names]
    player_options = [{"label": t(language, "annotation_on_factor"), "value": ON_FACTOR}]
    player_options += [{"label": name, "value": name} for name in canvas.player_names]
    return Form(factor_options, str(factor), player_options, str(player), _text_of(checked.data, factor, player))


def _text_of(data: Mapping[str, Any], factor: object, player: object) -> str:
    index = _index(data, factor, player)
    return str(data["annotations"][index]["text"]) if index is not None else ""


def _index(data: Mapping[str, Any], factor: object, player: object) -> int | None:
    """The place of the annotation on ``factor`` and ``player`` (``ON_FACTOR``: the factor itself)."""
    wanted = (factor, player or None)
    for i, note in enumerate(data.get("annotations") or ()):
        if (note.get("factor"), note.get("player")) == wanted:
            return i
    return None


def saved(data: Data, factor: object, player: object, text: object) -> Outcome:
    """The canvas with the annotation on ``factor`` and ``player`` worded ``text`` (a new one, or the one
    there reworded); refused when there is no text, or one more would pass the limit."""
    words = text.strip() if isinstance(text, str) else ""
    if not words:
        return Outcome(None, (every(say("annotation_no_text")),))
    new = copy.deepcopy(data)
    notes = new.setdefault("annotations", [])
    index = _index(new, factor, player)
    if index is not None:
        notes[index]["text"] = words
    elif len(notes) >= MAX_ANNOTATIONS:
        return Outcome(None, (every(say("annotation_too_many", most=MAX_ANNOTATIONS)),))
    else:
        notes.append({"factor": factor, **({"player": player} if player else {}), "text": words})
    return edits.validated(new)


def deleted(data: Data, factor: object, player: object) -> Outcome:
    """The canvas without the annotation on ``factor`` and ``player``; refused when there is none."""
    index = _index(data, factor, player)
    if index is None:
        return Outcome(None, (every(say("annotation_none")),))
    new = copy.deepcopy(data)
    del new["annotations"][index]
    if not new["annotations"]:
        del new["annotations"]
    return edits.validated(new)
