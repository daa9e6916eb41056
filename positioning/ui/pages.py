"""The parts of the page besides the editor's panels: the "My canvases" list,
the "not found" page, the editor's title bar (saved status, undo and redo,
share), the History tab, and the rows the callbacks draw into them.

Buttons inside drawn rows carry what they do as ``data-*`` attributes
(``data-store``, ``data-action``, ``data-value``); assets/workspace.js turns a
click on one into a change of the named dcc.Store, which a callback handles.
So every callback input has a fixed id, present from the start.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dash import dcc, html

from positioning.core.loader import MAX_BYTES
from positioning.http.workshop import workshop_link
from positioning.i18n.wording import t
from positioning.store.repository import ShareInfo
from positioning.store.workshops import Status
from positioning.ui import ids, projector, uploads
from positioning.ui.history import HistoryRow
from positioning.ui.workspace import ListRow

#: Texts of these parts that follow the language switch: spans with id label-<key>.
LABEL_KEYS = (
    "my_canvases",
    "list_new",
    "list_import",
    "back_to_list",
    "redo",
    "load_latest",
    "share",
    "share_hint",
    "share_create",
    "workshop",
    "workshop_hint",
    "workshop_start",
    "workshop_close",
    "workshop_discard",
    "projector_close",
    "merge_mine",
    "history_compare",
    "history_with",
    "missing_title",
    "canvas_missing",
    "missing_back",
)


def label(key: str) -> html.Span:
    return html.Span(t("en", key), id=ids.label(key))


#: Decoration a screen reader skips.
HIDDEN: dict[str, Any] = {"aria-hidden": "true"}


def _link_field(link: str, name: str) -> html.Label:
    """A link to copy, in a read-only field whose label only a screen reader reads."""
    return html.Label(
        className="share-url",
        children=[html.Span(name, className="visually-hidden"), dcc.Input(value=link, readOnly=True)],
    )


def labelled_by(label_id: str) -> dict[str, Any]:
    """The attribute by which assets/a11y.js names a box's controls (sliders, inputs, dropdowns,
    grids) after the visible element ``label_id``: their accessible name, in the page's language."""
    return {"data-labelledby": label_id}


def example_picker(
    component_id: str, examples: Sequence[tuple[str, str]], placeholder: str, class_name: str
) -> dcc.Dropdown:
    """A picker of the bundled canvases, by (title, key); choosing one makes a new canvas."""
    return dcc.Dropdown(
        id=component_id,
        options=[{"label": name, "value": key} for name, key in examples],
        placeholder=placeholder,
        clearable=False,
        searchable=False,
        className=class_name,
    )


def _data(**values: str) -> dict[str, Any]:
    """``data-*`` attributes, as keyword arguments of a component."""
    return {f"data-{key}": value for key, value in values.items()}


def row_button(
    store: str,
    action: str,
    value: object,
    text: str,
    kind: str = "secondary",
    *,
    submit: bool = False,
    of: str | None = None,
) -> html.Button:
    """A button in drawn rows: assets/workspace.js sets ``store`` to {action, value}
    (a ``submit`` button sends its form, with the form's text as ``title``); ``of`` names
    what it acts on for a screen reader ("Cancel: 12 canvases as ...")."""
    named: dict[str, Any] = {"aria-label": f"{text}: {of}"} if of else {}
    return html.Button(
        text,
        type="submit" if submit else "button",
        className=f"button small {kind}",
        **_data(store=store, action=action, value=str(value)),
        **named,
    )


# --- the list page --------------------------------------------------------------------


def list_page(examples: Sequence[tuple[str, str]], *, below: Any = None) -> html.Section:
    """ "My canvases": search, new, new from an example, import, the list and the trash (and ``below`` it)."""
    return html.Section(
        id=ids.LIST_PAGE,
        className="list-page",
        children=[
            html.Div(
                className="list-head",
                children=[
                    html.H2(label("my_canvases")),
                    html.Div(
                        dcc.RadioItems(
                            id=ids.LIST_TRASH,
                            options=trash_options("en"),
                            value="canvases",
                            inline=True,
                            className="radio list-trash",
                        ),
                        **labelled_by(ids.label("my_canvases")),
                    ),
                ],
            ),
            html.Div(
                className="list-tools",
                children=[
                    dcc.Input(
                        id=ids.LIST_SEARCH,
                        type="search",
                        placeholder=t("en", "list_search"),
                        debounce=0.3,
                        className="list-search",
                        maxLength=200,
                    ),
                    html.Button(label("list_new"), id=ids.LIST_NEW, className="button"),
                    example_picker(ids.LIST_EXAMPLE, examples, t("en", "list_example"), "list-example"),
                    html.Div(
                        dcc.Upload(
                            id=ids.LIST_UPLOAD,
                            children=html.Div([html.Span("⇪ ", className="icon", **HIDDEN), label("list_import")]),
                            className="upload list-upload",
                            max_size=MAX_BYTES,
                            accept=uploads.accept(ids.LIST_UPLOAD),
                        ),
                        className="upload-box list-upload",
                        **labelled_by(ids.label("list_import")),
                    ),
                ],
            ),
            html.Div(id=ids.LIST_ROWS, className="list-rows"),
            below,
        ],
    )


def trash_options(language: str) -> list[dict[str, str]]:
    return [
        {"label": t(language, "list_active"), "value": "canvases"},
        {"label": t(language, "list_trash"), "value": "trash"},
    ]


def list_table(rows: Sequence[ListRow], *, trash: bool, renaming: object, empty: str, language: str) -> Any:
    """The list's rows: title (a link to the editor; an input while renamed), subject,
    last change (exact time on hover), verdict badge, and the row's buttons."""
    if not rows:
        return html.P(empty, className="muted list-empty")
    head = ["col_title", "col_subject", "col_changed", "col_verdict"]
    return html.Table(
        className="list-table",
        children=[
            html.Thead(html.Tr([*(html.Th(t(language, key)) for key in head), html.Th("")])),
            html.Tbody([_list_row(row, trash=trash, renaming=row.id == renaming, language=language) for row in rows]),
        ],
    )


def _list_row(row: ListRow, *, trash: bool, renaming: bool, language: str) -> html.Tr:
    badge = html.Span(row.verdict_label, className=f"badge badge-{row.verdict}") if row.verdict else None
    return html.Tr(
        className="list-row",
        **_data(canvas=row.id),
        children=[
            html.Td(_title_cell(row, trash=trash, renaming=renaming, language=language), className="list-title"),
            html.Td(row.subject, className="list-subject"),
            html.Td(html.Span(row.changed, title=row.exact), className="list-changed"),
            html.Td(badge, className="list-verdict"),
            html.Td(_row_buttons(row, trash=trash, language=language), className="list-buttons"),
        ],
    )


def _title_cell(row: ListRow, *, trash: bool, renaming: bool, language: str) -> Any:
    if renaming:
        return html.Form(
            className="rename",
            **_data(store=ids.LIST_ACTION, action="rename-save", value=row.id),
            children=[
                dcc.Input(value=row.title, className="rename-input", maxLength=200, autoFocus=True),
                row_button(ids.LIST_ACTION, "rename-save", row.id, t(language, "rename_save"), "primary", submit=True),
                row_button(ids.LIST_ACTION, "rename-cancel", row.id, t(language, "cancel")),
            ],
        )
    if trash:
        return html.Span(row.title)
    return dcc.Link(row.title, href=f"/c/{row.id}", className="list-link")


def _row_buttons(row: ListRow, *, trash: bool, language: str) -> html.Div:
    if trash:
        buttons = [row_button(ids.LIST_ACTION, "restore", row.id, t(language, "restore"))]
    else:
        buttons = [
            row_button(ids.LIST_ACTION, "duplicate", row.id, t(language, "duplicate")),
            row_button(ids.LIST_ACTION, "rename", row.id, t(language, "rename")),
            row_button(ids.LIST_ACTION, "delete", row.id, t(language, "delete"), "danger"),
        ]
    return html.Div(className="row-buttons", children=buttons)


# --- "not found" ----------------------------------------------------------------------


def missing_page() -> html.Section:
    """The page of a canvas that does not exist, is someone else's or is in
    the trash, and of a revoked share link: the same for all."""
    return html.Section(
        id=ids.MISSING_PAGE,
        className="missing-page",
        children=[
            html.H2(label("missing_title")),
            html.P(label("canvas_missing")),
            dcc.Link(label("missing_back"), href="/", className="button"),
        ],
    )


# --- the editor's title bar -----------------------------------------------------------


def title_bar() -> html.Div:
    """Back to the list, the canvas's title with its saved status, undo and
    redo, and the Share control."""
    return html.Div(
        className="title-bar",
        children=[
            dcc.Link(label("back_to_list"), href="/", className="back-link"),
            html.H2(id=ids.EDITOR_TITLE, className="editor-title"),
            _save_state(),
            _undo_redo(),
            _workshop(),
            _share(),
            projector.shell(),
        ],
    )


def _save_state() -> html.Div:
    """Whether the canvas is saved; after a conflict, "Save mine" and "Load latest"."""
    return html.Div(
        className="save-state",
        children=[
            html.Span(t("en", "saving"), id=ids.label("saving")),
            html.Span(id=ids.SAVE_STATUS, className="save-status", role="status"),
            html.Button(
                html.Span(t("en", "save_mine"), id=ids.label("save_mine")),
                id=ids.SAVE_MINE,
                className="button small save-mine",
                hidden=True,
            ),
            html.Button(
                html.Span(t("en", "merge_mine"), id=ids.label("merge_mine")),
                id=ids.MERGE_MINE,
                className="button small save-mine",
                hidden=True,
            ),
            dcc.ConfirmDialogProvider(
                id=ids.LOAD_LATEST_CONFIRM,
                message=t("en", "load_latest_confirm"),
                children=html.Button(
                    label("load_latest"), id=ids.LOAD_LATEST, className="button small secondary", hidden=True
                ),
            ),
        ],
    )


def _undo_redo() -> html.Div:
    return html.Div(
        className="undo-redo",
        children=[
            html.Button(
                html.Span(t("en", "undo"), id=ids.label("undo")),
                id=ids.UNDO,
                className="button small secondary",
                disabled=True,
                title="Ctrl+Z",
            ),
            html.Button(
                label("redo"), id=ids.REDO, className="button small secondary", disabled=True, title="Ctrl+Shift+Z"
            ),
        ],
    )


def _workshop() -> html.Details:
    """The workshop: start one, follow it, close it."""
    return html.Details(
        className="workshop",
        children=[
            html.Summary(label("workshop"), className="button small secondary"),
            html.Div(
                className="share-panel",
                children=[
                    html.P(label("workshop_hint"), className="muted small"),
                    html.Button(label("workshop_start"), id=ids.WORKSHOP_START, className="button small"),
                    html.Div(id=ids.WORKSHOP_STATUS, className="workshop-status"),
                    html.Button(label("workshop_close"), id=ids.WORKSHOP_CLOSE, className="button small", hidden=True),
                    html.Button(
                        label("workshop_discard"),
                        id=ids.WORKSHOP_DISCARD,
                        className="button small secondary",
                        hidden=True,
                    ),
                    dcc.Store(id=ids.WORKSHOP_TOKEN),
                    dcc.Interval(id=ids.WORKSHOP_TICK, interval=4000, disabled=True),
                ],
            ),
        ],
    )


def _share() -> html.Details:
    """The Share control: make a read-only link, copy or revoke the links made."""
    return html.Details(
        className="share",
        children=[
            html.Summary(label("share"), className="button small"),
            html.Div(
                className="share-panel",
                children=[
                    html.P(label("share_hint"), className="muted small"),
                    html.Button(label("share_create"), id=ids.SHARE_CREATE, className="button small"),
                    html.Div(id=ids.SHARE_LIST, className="share-list"),
                ],
            ),
        ],
    )


def share_links(shares: Sequence[ShareInfo], base_url: str, language: str) -> Any:
    """The canvas's live share links: the full address, Copy and Revoke."""
    if not shares:
        return html.P(t(language, "share_none"), className="muted small")
    return html.Ul(
        className="share-links",
        children=[
            html.Li(
                [
                    _link_field(f"{base_url}/s/{share.token}", t(language, "share_link_label")),
                    html.Button(
                        t(language, "share_copy"),
                        className="button small secondary",
                        **_data(copy=f"{base_url}/s/{share.token}", copied=t(language, "share_copied")),
                    ),
                    row_button(ids.SHARE_REVOKE, "revoke", share.token, t(language, "share_revoke"), "danger"),
                ]
            )
            for share in shares
        ],
    )


# --- the History tab ------------------------------------------------------------------


def history_tab() -> html.Div:
    """Versions newest first with Restore, and the difference between two chosen versions."""
    return html.Div(
        className="history",
        children=[
            html.Div(id=ids.HISTORY_LIST, className="history-list"),
            html.Div(
                className="history-compare",
                children=[
                    label("history_compare"),
                    dcc.Dropdown(id=ids.HISTORY_FROM, options=[], clearable=False, className="version-pick"),
                    label("history_with"),
                    dcc.Dropdown(id=ids.HISTORY_TO, options=[], clearable=False, className="version-pick"),
                ],
            ),
            html.Div(id=ids.HISTORY_DIFF, className="history-diff"),
        ],
    )


def version_table(rows: Sequence[HistoryRow], language: str) -> Any:
    """The versions, newest first: number, when (exact on hover), author, summary, Restore."""
    head = ["history_version", "history_when", "history_author", "history_summary"]
    return html.Table(
        className="list-table history-table",
        children=[
            html.Thead(html.Tr([*(html.Th(t(language, key)) for key in head), html.Th("")])),
            html.Tbody(
                [
                    html.Tr(
                        className="version-row",
                        **_data(version=str(row.version)),
                        children=[
                            html.Td(str(row.version)),
                            html.Td(html.Span(row.when, title=row.exact)),
                            html.Td(row.author),
                            html.Td(row.summary),
                            html.Td(
                                html.Span(t(language, "history_latest"), className="muted small")
                                if row.latest
                                else row_button(ids.RESTORE_REQUEST, "restore", row.version, t(language, "restore"))
                            ),
                        ],
                    )
                    for row in rows
                ]
            ),
        ],
    )


def diff_view(lines: Sequence[str]) -> Any:
    """The difference between two versions, one change a line (YAML diff lines coloured)."""
    if not lines:
        return None
    return html.Ul(
        className="diff",
        children=[html.Li(line, className=_diff_class(line)) for line in lines],
    )


def _diff_class(line: str) -> str:
    if line.startswith("+"):
        return "diff-add"
    if line.startswith("-"):
        return "diff-remove"
    if line.startswith("@@"):
        return "diff-hunk"
    return "diff-line"


def workshop_status(
    status: Status | None,
    base_url: str,
    language: str,
    summary: str = "",
    preview: Sequence[str] = (),
    *,
    discarded: bool = False,
) -> Any:
    """The open workshop: its link, who has joined and how far, the agreement so far, and what closing it
    and using the scores would change (``preview``, a line each); after a close without using them
    (``discarded``), that the canvas is unchanged."""
    if status is None:
        closed = [html.P(t(language, "workshop_discarded"), className="small", role="status")] if discarded else []
        return html.Div([*closed, html.P(t(language, "workshop_none"), className="muted small")])
    link = workshop_link(base_url, status.workshop.token)
    people = status.participants
    done = sum(p.finished for p in people)
    rows = [
        html.Li(
            [
                t(language, "workshop_person", name=p.name, given=p.count(), cells=status.cells),
                *([html.Span(t(language, "workshop_finished"), className="flag done")] if p.finished else []),
            ]
        )
        for p in people
    ]
    return html.Div(
        [
            html.Div(
                className="share-row",
                children=[
                    _link_field(link, t(language, "workshop_link_label")),
                    html.Button(
                        t(language, "share_copy"),
                        className="button small secondary",
                        **_data(copy=link, copied=t(language, "share_copied")),
                    ),
                ],
            ),
            projector.panel_code(link, language),
            html.P(
                t(language, "workshop_people", count=len(people), done=done)
                if people
                else t(language, "workshop_nobody")
            ),
            html.Ul(rows, className="workshop-people") if rows else None,
            html.P(summary, className="small") if summary else None,
            _workshop_preview(preview, language),
        ]
    )


def _workshop_preview(lines: Sequence[str], language: str) -> Any:
    """What "Close and use the scores" would change, factor by factor (as History will say it)."""
    if not lines:
        return None
    return html.Div(
        className="workshop-preview",
        children=[
            html.P(t(language, "workshop_preview"), className="small"),
            html.Ul([html.Li(line) for line in lines], className="diff small"),
        ],
    )
