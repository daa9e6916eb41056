"""A scoring panel from several workbooks: the files chosen are previewed (who rated what, every problem
by file and cell), and "Apply as one panel" saves the raters into the page's canvas as a new version,
which History names by its count of raters and files and Undo takes back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import dash
from dash import Input, Output, State, html

from positioning.core.messages import say
from positioning.http.auth import current_user
from positioning.i18n.summaries import sentence
from positioning.i18n.wording import every
from positioning.store.db import Database
from positioning.store.repository import Repository
from positioning.ui import ids, inputs, panel_books, workspace
from positioning.ui.callbacks.canvas import CANVAS_OUTPUTS, CONTROL_OUTPUTS, CanvasChange, change_of, read_only_refusal
from positioning.ui.callbacks.wiring import KEEP, typed_callback
from positioning.ui.controller import Sources, on_edit
from positioning.ui.panel_books_view import preview_view
from positioning.ui.said import shown


@dataclass(frozen=True)
class PanelBooksPreview:
    """The preview shown, the raters kept for "Apply" (None until every file is fine), whether "Apply"
    is hidden, and the upload emptied (so that choosing the same files again reads them again)."""

    preview: Any
    kept: Any
    apply_hidden: bool
    upload: None = None


def previewed(values: Mapping[str, Any]) -> PanelBooksPreview:
    """The preview of the files the upload sent, for the page's canvas."""
    found = panel_books.preview(values.get("contents"), values.get("filenames"), values.get("data"))
    kept = panel_books.preview_data(found)
    return PanelBooksPreview(preview_view(found), kept, apply_hidden=kept is None)


@dataclass(frozen=True)
class PanelBooksApplied(CanvasChange):
    """The canvas with the panel saved, and the preview cleared once it is."""

    preview: Any = KEEP
    kept: Any = KEEP
    apply_hidden: Any = KEEP


def applied(repository: Repository, values: Mapping[str, Any], sources: Sources) -> PanelBooksApplied:
    """The kept raters put into the page's canvas (:func:`~positioning.ui.edits.set_panel`) and saved as
    its next version, summarised as a panel from so many workbooks."""
    data = values.get("data")
    refused = read_only_refusal(PanelBooksApplied, values.get("pathname"), data)
    kept = panel_books.kept_raters(values.get("kept"))
    if refused is not None or kept is None or not inputs.clicks(values.get("apply")):
        return refused or PanelBooksApplied()
    raters, files = kept
    language = inputs.language(values.get("language")) or "en"
    out = on_edit(ids.PANEL_BOOKS_APPLY, {**values, "panel_books": raters}, data, language=language, **vars(sources))
    saved = workspace.persisted(
        repository,
        out,
        canvas_id=values.get("canvas_id"),
        version=values.get("version"),
        before=data,
        language=language,
        stacks=values.get("undo_stacks"),
        summary=sentence("summary_panel_books", language, files=files, raters=len(raters)),
    )
    if isinstance(saved.get("data"), dict) and saved.get("version") != values.get("version"):
        said = every(say("panel_books_applied", raters=len(raters), files=files))
        done = html.Div(className="alert alert-ok", role="status", children=html.Strong(shown(said)))
        saved = {**saved, "message": ("ok", said, []), "preview": done, "kept": None, "apply_hidden": True}
    # the controls: the editor sets them once the canvas is on the page
    return change_of(PanelBooksApplied, saved, dropped=CONTROL_OUTPUTS)


def register(app: dash.Dash, *, database: Database, sources: Sources) -> None:
    """The preview of the chosen workbooks, and applying them as one panel."""

    @typed_callback(
        app,
        PanelBooksPreview,
        {
            "preview": Output(ids.PANEL_BOOKS_PREVIEW, "children"),
            "kept": Output(ids.PANEL_BOOKS_STORE, "data"),
            "apply_hidden": Output(ids.PANEL_BOOKS_APPLY, "hidden"),
            "upload": Output(ids.PANEL_BOOKS_UPLOAD, "contents"),
        },
        inputs={"contents": Input(ids.PANEL_BOOKS_UPLOAD, "contents"), "canvas_id": Input(ids.CANVAS_ID, "data")},
        state={"filenames": State(ids.PANEL_BOOKS_UPLOAD, "filename"), "data": State(ids.STORE, "data")},
        prevent_initial_call=True,
    )
    def preview(**values: Any) -> PanelBooksPreview:
        if dash.ctx.triggered_id == ids.CANVAS_ID:  # another canvas: the raters read for this one go
            return PanelBooksPreview(None, None, apply_hidden=True)
        if values.get("contents") is None:  # the upload emptied after a preview
            raise dash.exceptions.PreventUpdate
        return previewed(values)

    @typed_callback(
        app,
        PanelBooksApplied,
        {
            **CANVAS_OUTPUTS,
            "preview": Output(ids.PANEL_BOOKS_PREVIEW, "children", allow_duplicate=True),
            "kept": Output(ids.PANEL_BOOKS_STORE, "data", allow_duplicate=True),
            "apply_hidden": Output(ids.PANEL_BOOKS_APPLY, "hidden", allow_duplicate=True),
        },
        inputs={"apply": Input(ids.PANEL_BOOKS_APPLY, "n_clicks")},
        state={
            "kept": State(ids.PANEL_BOOKS_STORE, "data"),
            "data": State(ids.STORE, "data"),
            "shown": State(ids.SHOWN, "value"),
            "hidden": State(ids.HIDDEN_STORE, "data"),
            "canvas_id": State(ids.CANVAS_ID, "data"),
            "version": State(ids.VERSION, "data"),
            "undo_stacks": State(ids.UNDO_STACKS, "data"),
            "language": State(ids.LANGUAGE, "value"),
            "pathname": State(ids.URL, "pathname"),
        },
        prevent_initial_call=True,
    )
    def apply(**values: Any) -> PanelBooksApplied:
        return applied(Repository(database, current_user()), values, sources)
