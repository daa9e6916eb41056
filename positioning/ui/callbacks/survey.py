"""The survey import's callback: a survey file dropped on the Data tab's upload becomes the open
canvas's importance (:func:`positioning.ui.survey_import.imported`), saved as its next version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash
from dash import Input, Output, State

from positioning.http.auth import current_user
from positioning.store.db import Database
from positioning.store.repository import Repository
from positioning.ui import ids, survey_import
from positioning.ui.callbacks.canvas import CANVAS_OUTPUTS, CONTROL_OUTPUTS, CanvasChange, change_of, read_only_refusal
from positioning.ui.callbacks.wiring import KEEP, message_view, typed_callback


@dataclass(frozen=True)
class SurveyChange(CanvasChange):
    """The canvas with the survey's importance, what the import says, and the upload emptied."""

    survey: Any = KEEP
    survey_message: Any = KEEP


OUTPUTS: dict[str, Any] = {
    **CANVAS_OUTPUTS,
    "survey": Output(ids.SURVEY_UPLOAD, "contents", allow_duplicate=True),
    "survey_message": Output(ids.SURVEY_MESSAGE, "children", allow_duplicate=True),
}


def survey_change(repository: Repository, values: dict[str, Any]) -> SurveyChange:
    """The import of the uploaded survey, or its refusal (a shared, read-only page refuses it)."""
    refused = read_only_refusal(SurveyChange, values.get("pathname"), values.get("data"))
    if refused is not None:
        return refused
    out = survey_import.imported(repository, values)
    if "survey_message" in out:
        out["survey_message"] = message_view(out["survey_message"])
    return change_of(SurveyChange, out, dropped=CONTROL_OUTPUTS)


def register(app: dash.Dash, *, database: Database) -> None:
    @typed_callback(
        app,
        SurveyChange,
        OUTPUTS,
        inputs={"survey": Input(ids.SURVEY_UPLOAD, "contents")},
        state={
            "survey_name": State(ids.SURVEY_UPLOAD, "filename"),
            "survey_scale": State(ids.SURVEY_SCALE, "value"),
            "data": State(ids.STORE, "data"),
            "language": State(ids.LANGUAGE, "value"),
            "canvas_id": State(ids.CANVAS_ID, "data"),
            "version": State(ids.VERSION, "data"),
            "undo_stacks": State(ids.UNDO_STACKS, "data"),
            "pathname": State(ids.URL, "pathname"),
        },
        prevent_initial_call=True,
    )
    def import_survey(**values: Any) -> SurveyChange:
        return survey_change(Repository(database, current_user()), values)
