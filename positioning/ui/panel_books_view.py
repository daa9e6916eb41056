"""The Data tab's "scoring panel from several workbooks": the upload of several files, the preview of
who rated what (:func:`preview_view`) and the "Apply as one panel" button. Every word is shown in
every language (:func:`~positioning.ui.said.shown`), so the preview follows the language switch."""

from __future__ import annotations

import functools
from typing import Any

from dash import dcc, html

from positioning.core.messages import say
from positioning.i18n.formatting import join_names
from positioning.i18n.wording import every, t
from positioning.output.spreadsheet import MAX_WORKBOOK_BYTES
from positioning.ui import ids, pages, uploads
from positioning.ui.panel_books import BookRow, Preview
from positioning.ui.said import shown

#: The section's texts that follow the language switch (spans with id label-<key>).
LABELS = ("panel_books_heading", "panel_books_hint", "panel_books_choose", "panel_books_apply")
_COLUMNS = (
    "panel_books_file",
    "panel_books_rater",
    "panel_books_scored",
    "panel_books_missing",
    "panel_books_extra",
)


#: The preview's table is the region the section's heading names.
_LABELLED: dict[str, Any] = {"aria-labelledby": ids.label("panel_books_heading")}


def _label(key: str) -> html.Span:
    return html.Span(t("en", key), id=ids.label(key))


def section() -> html.Div:
    """The upload (several workbooks at once; each file's limit is the one assets/guards.js checks),
    the preview and the Apply button (shown once every file is fine)."""
    limit: dict[str, Any] = {"data-upload-limit": str(MAX_WORKBOOK_BYTES)}
    return html.Div(
        className="panel-books",
        **limit,
        children=[
            html.H3(_label("panel_books_heading")),
            html.P(_label("panel_books_hint"), className="muted"),
            html.Div(  # its file input is named after the button's words (assets/a11y.js)
                dcc.Upload(
                    id=ids.PANEL_BOOKS_UPLOAD,
                    multiple=True,
                    accept=uploads.accept(ids.PANEL_BOOKS_UPLOAD),
                    children=html.Span(_label("panel_books_choose"), className="button secondary"),
                ),
                **pages.labelled_by(ids.label("panel_books_choose")),
            ),
            dcc.Loading(html.Div(id=ids.PANEL_BOOKS_PREVIEW, className="panel-books-preview"), type="dot"),
            dcc.Store(id=ids.PANEL_BOOKS_STORE),
            html.Button(_label("panel_books_apply"), id=ids.PANEL_BOOKS_APPLY, className="button", hidden=True),
        ],
    )


def preview_view(found: Preview) -> Any:
    """The preview: why the choice is refused, or a row per file and what applying would do."""
    if found.refusal is not None:
        return html.Div(className="alert alert-error", children=html.Strong(shown(found.refusal)))
    if not found.rows:
        return None
    heading = every(say("panel_books_ready", count=len(found.rows))) if found.ready else every(say("panel_books_fix"))
    header = html.Tr([html.Th(shown(every(say(key))), scope="col") for key in _COLUMNS])
    return html.Div(
        [
            html.Div(  # every problem, a line each beginning with its file and cell: read first on a phone too
                className="alert alert-ok" if found.ready else "alert alert-error",
                role="status",
                children=[html.Strong(shown(heading)), _problems(found)],
            ),
            html.Section(
                className="table-scroll",
                tabIndex=0,  # a region the keyboard can reach and scroll sideways, as the tabs' tables
                role="region",
                **_LABELLED,
                children=html.Table(
                    className="table panel-books-table",
                    children=[html.Thead(header), html.Tbody([_row(row) for row in found.rows])],
                ),
            ),
        ]
    )


def _problems(found: Preview) -> html.Ul | None:
    lines = [line for row in found.rows for line in row.problems]
    return html.Ul([html.Li(shown(line)) for line in lines]) if lines else None


def _row(row: BookRow) -> html.Tr:
    scored = "—" if row.scored is None else every(say("panel_books_scored_of", scored=row.scored, total=row.total))
    return html.Tr(
        className="problem" if row.problems else None,
        children=[
            html.Td(row.file),
            html.Td(row.rater),
            html.Td(shown(scored), className="num"),
            html.Td(_names(row.missing)),
            html.Td(_names(row.extra)),
        ],
    )


def _names(found: tuple[str, ...]) -> Any:
    return shown(every(functools.partial(join_names, found, quoted=True, most=6))) if found else "—"
