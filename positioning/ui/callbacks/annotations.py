"""The chart's annotation form: filled in by a click on the chart (the point's factor and player, and the
annotation already there), kept in step with the canvas (a new version, undo) and the language. Saving
and deleting are edits of the canvas (positioning/ui/callbacks/canvas.py)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import dash
from dash import Input, Output, State

from positioning.chart.annotations import clicked_point
from positioning.ui import ids, inputs
from positioning.ui.annotations import form as annotation_form_of
from positioning.ui.callbacks.views import CHART_INPUTS
from positioning.ui.callbacks.wiring import typed_callback
from positioning.ui.controller import view_request


@dataclass(frozen=True)
class AnnotationForm:
    factor_options: Any
    factor: Any
    player_options: Any
    player: Any
    text: Any


def picked(values: Mapping[str, Any]) -> tuple[str, str | None] | None:
    """The factor and player of the point clicked on the chart the page draws; None without a click
    on a point that names one."""
    click = values.get("click")
    points = click.get("points") if isinstance(click, Mapping) else None
    if not isinstance(points, list) or not points or not isinstance(points[0], Mapping):
        return None
    request = view_request(
        values.get("data"), values.get("shown"), values.get("order"), values.get("language"), values.get("chart")
    )
    return clicked_point(request.canvas, request.view, points[0]) if request is not None else None


#: What picks another annotation: the form then shows its text (else the text typed is kept unless the
#: canvas has an annotation on the point picked: after a save, an undo or a redo).
_PICKS = (ids.GRAPH, ids.ANNOTATION_FACTOR, ids.ANNOTATION_PLAYER, None)


def annotation_form(values: Mapping[str, Any], triggered: object) -> AnnotationForm:
    """The form for the page's canvas, the point clicked or the pickers' choice."""
    language = inputs.language(values.get("language")) or "en"
    click = picked(values) if triggered == ids.GRAPH else None
    chosen = (values.get("factor"), values.get("player"))
    shown = annotation_form_of(values.get("data"), language, chosen, click)
    typed = inputs.text(values.get("typed")) or ""
    text = shown.text if triggered in _PICKS or shown.text else typed
    return AnnotationForm(shown.factor_options, shown.factor, shown.player_options, shown.player, text)


def register(app: dash.Dash) -> None:
    @typed_callback(
        app,
        AnnotationForm,
        {
            "factor_options": Output(ids.ANNOTATION_FACTOR, "options"),
            "factor": Output(ids.ANNOTATION_FACTOR, "value"),
            "player_options": Output(ids.ANNOTATION_PLAYER, "options"),
            "player": Output(ids.ANNOTATION_PLAYER, "value"),
            "text": Output(ids.ANNOTATION_TEXT, "value"),
        },
        inputs={
            "click": Input(ids.GRAPH, "clickData"),
            "data": Input(ids.STORE, "data"),
            "language": Input(ids.LANGUAGE, "value"),
            "factor": Input(ids.ANNOTATION_FACTOR, "value"),
            "player": Input(ids.ANNOTATION_PLAYER, "value"),
            "shown": Input(ids.SHOWN, "value"),
            "order": Input(ids.ORDER, "value"),
            "chart": {**CHART_INPUTS, "width": Input(ids.GRAPH_WIDTH, "data")},
        },
        state={"typed": State(ids.ANNOTATION_TEXT, "value")},
    )
    def form(**values: Any) -> AnnotationForm:
        return annotation_form(values, dash.ctx.triggered_id)
