"""Every callback of the app, registered in one place. Each unpacks its
inputs, calls one plain function and returns."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import dash
import flask
from dash import ClientsideFunction, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from positioning.core.analysis import analyse
from positioning.core.loader import CanvasError
from positioning.core.messages import say
from positioning.core.model import CRITERIA
from positioning.http.auth import current_user
from positioning.i18n.wording import every, panel_summary, t
from positioning.output.downloads import download
from positioning.output.export import PRESETS, ExportError, ExportRequestError
from positioning.rendering.renderer import Renderer
from positioning.store.db import Database
from positioning.store.repository import NotFound, Repository
from positioning.store.templates import DeckTemplates
from positioning.store.workshops import Workshops
from positioning.ui import edits, history, ids, inputs, jobs_panel, layout, pages, workspace
from positioning.ui.controller import (
    MESSAGE_AREAS,
    OPENS,
    ViewRequest,
    hidden_of,
    on_edit,
    remembered_hidden,
    synced,
    upload_refused,
    view_request,
)
from positioning.ui.said import Message, Shown, shown
from positioning.ui.templates import template_outputs
from positioning.ui.views import SCREEN_WIDTH, player_columns, ranking_tab, rendered, tornado_view

T = TypeVar("T")

#: The edit callback's outputs by the names :func:`controller.on_edit` returns.
_EDIT_OUTPUTS = {
    "data": Output(ids.STORE, "data"),
    "undo_stacks": Output(ids.UNDO_STACKS, "data"),
    "undo_disabled": Output(ids.UNDO, "disabled"),
    "redo_disabled": Output(ids.REDO, "disabled"),
    "message": Output(ids.MESSAGE, "children"),
    "settings_message": Output(ids.SETTINGS_MESSAGE, "children"),
    "factor_message": Output(ids.FACTOR_MESSAGE, "children"),
    "player_message": Output(ids.PLAYER_MESSAGE, "children"),
    "segment_message": Output(ids.SEGMENT_MESSAGE, "children"),
    "weights": {c: Output(ids.WEIGHTS[c], "value") for c in CRITERIA},
    "weight_numbers": {c: Output(ids.WEIGHT_NUMBERS[c], "value") for c in CRITERIA},
    "weight_shares": {c: Output(ids.WEIGHT_SHARES[c], "children") for c in CRITERIA},
    "settings": {f: Output(ids.SETTINGS[f], "value") for f in ids.SETTING_FIELDS},
    "top": Output(ids.TOP, "value"),
    "top_text": Output(ids.TOP_TEXT, "children"),
    "top_max": Output(ids.TOP, "max"),
    "subject": Output(ids.SUBJECT, "value"),
    "subject_options": Output(ids.SUBJECT, "options"),
    "shown": Output(ids.SHOWN, "value"),
    "shown_options": Output(ids.SHOWN, "options"),
    "example": Output(ids.EXAMPLE, "value"),
    "upload": Output(ids.UPLOAD, "contents"),
    "factor_revert": Output(ids.FACTOR_GRID, "rowTransaction"),
    "player_revert": Output(ids.PLAYER_GRID, "rowTransaction"),
    "segment_revert": Output(ids.SEGMENT_GRID, "rowTransaction"),
    "canvas_id": Output(ids.CANVAS_ID, "data"),
    "version": Output(ids.VERSION, "data"),
    "status": Output(ids.SAVE_STATUS, "children"),
    "save_mine_hidden": Output(ids.SAVE_MINE, "hidden"),
    "load_latest_hidden": Output(ids.LOAD_LATEST, "hidden"),
    "pathname": Output(ids.URL, "pathname"),
    "canvases": Output(ids.CANVAS_PICKER, "options"),
    "canvas_pick": Output(ids.CANVAS_PICKER, "value"),
}
#: Everything that fires an edit, by the names the controller's handlers read.
_EDIT_INPUTS = {
    "pathname": Input(ids.URL, "pathname"),
    "canvas_pick": Input(ids.CANVAS_PICKER, "value"),
    "save_mine": Input(ids.SAVE_MINE, "n_clicks"),
    "example": Input(ids.EXAMPLE, "value"),
    "upload": Input(ids.UPLOAD, "contents"),
    "template": Input(ids.TEMPLATE, "n_clicks"),
    "undo_button": Input(ids.UNDO, "n_clicks"),
    "redo_button": Input(ids.REDO, "n_clicks"),
    "workshop_close": Input(ids.WORKSHOP_CLOSE, "n_clicks"),
    "load_latest": Input(ids.LOAD_LATEST_CONFIRM, "submit_n_clicks"),
    "restore": Input(ids.RESTORE_REQUEST, "data"),
    "weights": {c: Input(ids.WEIGHTS[c], "value") for c in CRITERIA},
    "weight_numbers": {c: Input(ids.WEIGHT_NUMBERS[c], "value") for c in CRITERIA},
    "settings": {f: Input(ids.SETTINGS[f], "value") for f in ids.SETTING_FIELDS},
    "top": Input(ids.TOP, "value"),
    "subject": Input(ids.SUBJECT, "value"),
    "factor_cells": Input(ids.FACTOR_GRID, "cellValueChanged"),
    "add_factor": Input(ids.ADD_FACTOR, "n_clicks"),
    "remove_factor": Input(ids.REMOVE_FACTOR, "n_clicks"),
    "factor_up": Input(ids.FACTOR_UP, "n_clicks"),
    "factor_down": Input(ids.FACTOR_DOWN, "n_clicks"),
    "player_cells": Input(ids.PLAYER_GRID, "cellValueChanged"),
    "add_player": Input(ids.ADD_PLAYER, "n_clicks"),
    "remove_player": Input(ids.REMOVE_PLAYER, "n_clicks"),
    "player_up": Input(ids.PLAYER_UP, "n_clicks"),
    "player_down": Input(ids.PLAYER_DOWN, "n_clicks"),
    "segment_cells": Input(ids.SEGMENT_GRID, "cellValueChanged"),
    "add_segment": Input(ids.ADD_SEGMENT, "n_clicks"),
    "remove_segment": Input(ids.REMOVE_SEGMENT, "n_clicks"),
}
_EDIT_STATE = {
    "upload_name": State(ids.UPLOAD, "filename"),
    "selected_factor": State(ids.FACTOR_GRID, "selectedRows"),
    "selected_player": State(ids.PLAYER_GRID, "selectedRows"),
    "selected_segment": State(ids.SEGMENT_GRID, "selectedRows"),
    "shown": State(ids.SHOWN, "value"),
    "hidden": State(ids.HIDDEN_STORE, "data"),
    "undo_stacks": State(ids.UNDO_STACKS, "data"),
    "data": State(ids.STORE, "data"),
    "language": State(ids.LANGUAGE, "value"),
    "canvas_id": State(ids.CANVAS_ID, "data"),
    "version": State(ids.VERSION, "data"),
    "workshop_token": State(ids.WORKSHOP_TOKEN, "data"),
}
_VIEW_OUTPUTS = {
    "figure": Output(ids.GRAPH, "figure"),
    "banner": Output(ids.BANNER, "children"),
    "diagnosis": Output(ids.DIAGNOSIS, "children"),
    "factor_rows": Output(ids.FACTOR_GRID, "rowData"),
    "factor_columns": Output(ids.FACTOR_GRID, "columnDefs"),
    "player_rows": Output(ids.PLAYER_GRID, "rowData"),
    "player_columns": Output(ids.PLAYER_GRID, "columnDefs"),
    "segment_rows": Output(ids.SEGMENT_GRID, "rowData"),
    "segment_columns": Output(ids.SEGMENT_GRID, "columnDefs"),
    "segment_options": Output(ids.SEGMENT, "options"),
    "segment": Output(ids.SEGMENT, "value"),
    "graph_style": Output(ids.GRAPH, "style"),
    "chart_table": Output(ids.CHART_TABLE, "children"),
    "grid_options": {
        grid: Output(grid, "dashGridOptions") for grid in (ids.FACTOR_GRID, ids.PLAYER_GRID, ids.SEGMENT_GRID)
    },
    "graph_note": Output(ids.GRAPH_NOTE, "children"),
    "title": Output(ids.EDITOR_TITLE, "children"),
}
#: The chart's own controls, as :func:`controller.view_request` reads them.
_CHART_INPUTS = {
    "layers": Input(ids.LAYERS, "value"),
    "segment": Input(ids.SEGMENT, "value"),
    "categories": Input(ids.CATEGORY_FILTER, "value"),
    "sources": Input(ids.SOURCE_FILTER, "value"),
}
_TRANSLATED = {
    "labels": {
        key: Output(ids.label(key), "children")
        for key in (*layout.LABEL_KEYS, *pages.LABEL_KEYS, *jobs_panel.LABEL_KEYS)
    },
    "buttons": {bid: Output(bid, "children") for bid in layout.BUTTON_LABELS},
    "tabs": {key: Output(tab_id, "label") for key, tab_id in ids.TAB_IDS.items()},
    "example": Output(ids.EXAMPLE, "placeholder"),
    "upload": Output(ids.UPLOAD, "children"),
    "order": Output(ids.ORDER, "options"),
    "background": Output(ids.SETTINGS["background"], "options"),
    "preset": Output(ids.PRESET, "options"),
    "search": Output(ids.LIST_SEARCH, "placeholder"),
    "list_example": Output(ids.LIST_EXAMPLE, "placeholder"),
    "trash": Output(ids.LIST_TRASH, "options"),
    "load_latest_confirm": Output(ids.LOAD_LATEST_CONFIRM, "message"),
    "layers": Output(ids.LAYERS, "options"),
    "categories": Output(ids.CATEGORY_FILTER, "options"),
    "sources": Output(ids.SOURCE_FILTER, "options"),
    "category_placeholder": Output(ids.CATEGORY_FILTER, "placeholder"),
    "source_placeholder": Output(ids.SOURCE_FILTER, "placeholder"),
    "graph_config": Output(ids.GRAPH, "config"),
    "dropdowns": {dropdown: Output(dropdown, "labels") for dropdown in layout.DROPDOWNS},
}
#: Put back by the browser to the stored canvas when a change could not reach the server.
_SAVED_CONTROLS = [*(ids.WEIGHTS[c] for c in CRITERIA), ids.TOP]


def register(
    app: dash.Dash,
    *,
    examples: dict[str, Path],
    template: Path,
    fallback: Path,
    renderer: Renderer,
    database: Database,
) -> None:
    """Attach the callbacks to ``app``. ``examples`` maps the example
    picker's values to bundled files; ``template`` is the blank canvas;
    ``fallback`` is the canvas a first start creates; ``renderer`` draws every
    user's downloads (the app owns and closes it); ``database`` holds the workspace."""
    sources = {"examples": examples, "template": template, "fallback": fallback}

    @app.callback(output=_EDIT_OUTPUTS, inputs=_EDIT_INPUTS, state=_EDIT_STATE)
    def edit(data: Any, language: Any, **values: Any) -> dict[str, Any]:
        repository = Repository(database, current_user())
        return edit_outputs(
            edited(repository, dash.ctx.triggered_id, data, language, {**values, "data": data}, sources)
        )

    @app.callback(
        output=_VIEW_OUTPUTS,
        inputs={
            "data": Input(ids.STORE, "data"),
            "shown": Input(ids.SHOWN, "value"),
            "order": Input(ids.ORDER, "value"),
            "language": Input(ids.LANGUAGE, "value"),
            "chart": {**_CHART_INPUTS, "width": Input(ids.GRAPH_WIDTH, "data")},
        },
    )
    def show(data: Any, shown: Any, order: Any, language: Any, chart: Any) -> dict[str, Any]:
        # An unreadable saved canvas is left to the edit callback, which replaces it.
        return views_outputs(_given(view_request(data, shown, order, language, chart)))

    _register_ranking(app)

    @app.callback(
        Output(ids.HIDDEN_STORE, "data"),
        Input(ids.SHOWN, "value"),
        State(ids.STORE, "data"),
        prevent_initial_call=True,
    )
    def remember_hidden(shown: Any, data: Any) -> list[str]:
        return _given(remembered_hidden(data, shown))

    @app.callback(output=_TRANSLATED, inputs={"language": Input(ids.LANGUAGE, "value")})
    def translate(language: Any) -> dict[str, Any]:
        return translated(_given(inputs.language(language)))

    @app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Input(ids.UPLOAD_REFUSED, "data"),
        State(ids.LANGUAGE, "value"),
        prevent_initial_call=True,
    )
    def refuse_upload(refused: Any, language: Any) -> Any:
        return message_view(_given(upload_refused(refused, language)))

    register_workspace(app, database=database, examples=examples, template=template, fallback=fallback)
    jobs_panel.register_jobs(app, database=database)
    _register_deck_template(app, database)

    # In the browser: the page's lang attribute and title follow the language (assets/guards.js).
    app.clientside_callback(
        ClientsideFunction(namespace="positioning", function_name="pageLanguage"),
        Output(ids.PAGE_LANGUAGE, "data"),
        Input(ids.LANGUAGE, "value"),
        State(ids.BROWSER_TEXT, "data"),
    )

    # In the browser, for a change the server never got (assets/guards.js).
    app.clientside_callback(
        ClientsideFunction(namespace="positioning", function_name="notSaved"),
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.SAVE_STATUS, "children", allow_duplicate=True),
        *[Output(control, "value", allow_duplicate=True) for control in _SAVED_CONTROLS],
        Input(ids.SAVE_FAILED, "data"),
        State(ids.STORE, "data"),
        *[State(control, "value") for control in _SAVED_CONTROLS],
        State(ids.BROWSER_TEXT, "data"),
        State(ids.LANGUAGE, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        output={"file": Output(ids.DOWNLOAD, "data"), "message": Output(ids.MESSAGE, "children", allow_duplicate=True)},
        inputs={"clicks": {kind: Input(bid, "n_clicks") for kind, bid in ids.DOWNLOAD_BUTTONS.items()}},
        state={
            "data": State(ids.STORE, "data"),
            "preset": State(ids.PRESET, "value"),
            "scale": State(ids.SCALE, "value"),
            "shown": State(ids.SHOWN, "value"),
            "order": State(ids.ORDER, "value"),
            "language": State(ids.LANGUAGE, "value"),
            "chart": {name: State(i.component_id, i.component_property) for name, i in _CHART_INPUTS.items()},
        },
        prevent_initial_call=True,
    )
    def download(clicks: Any, data: Any, language: Any, **view: Any) -> dict[str, Any]:
        kind = _given(next((k for k, bid in ids.DOWNLOAD_BUTTONS.items() if bid == dash.ctx.triggered_id), None))
        chart = view.pop("chart")
        template = DeckTemplates(database, current_user()).get() if kind == "pptx" else None
        try:
            name, content = download_file(
                data,
                kind,
                **view,
                language=language or "en",
                renderer=renderer,
                chart=chart,
                template=template.data if template else None,
            )
        except (ExportError, CanvasError) as error:
            # The renderer replaces a browser that died by itself; closing it here
            # would break the downloads other users are drawing with it.
            return {"file": dash.no_update, "message": message_view(("error", str(error), []))}
        return {"file": dcc.send_bytes(content, name), "message": dash.no_update}


def register_workspace(
    app: dash.Dash, *, database: Database, examples: dict[str, Path], template: Path, fallback: Path
) -> None:
    """The router, the list page, the History tab and the Share control."""

    @app.callback(Output(ids.ROOT, "className"), Input(ids.URL, "pathname"))
    def route(pathname: Any) -> str:
        return page_class(workspace.route(Repository(database, current_user()), pathname))

    @app.callback(
        Output(ids.LIST_ROWS, "children"),
        Input(ids.URL, "pathname"),
        Input(ids.LIST_SEARCH, "value"),
        Input(ids.LIST_TRASH, "value"),
        Input(ids.LIST_REFRESH, "data"),
        Input(ids.LIST_RENAMING, "data"),
        Input(ids.LANGUAGE, "value"),
    )
    def list_rows(pathname: Any, search: Any, trash: Any, _: Any, renaming: Any, language: Any) -> Any:
        words = inputs.language(language)
        if pathname != "/" or words is None:
            raise PreventUpdate
        repository = Repository(database, current_user())
        workspace.first_start(repository, fallback)
        return list_view(repository, search, trash == "trash", renaming, words)

    @app.callback(
        output={
            "refresh": Output(ids.LIST_REFRESH, "data"),
            "renaming": Output(ids.LIST_RENAMING, "data"),
            "message": Output(ids.MESSAGE, "children", allow_duplicate=True),
            "go_to": Output(ids.URL, "pathname", allow_duplicate=True),
            "example": Output(ids.LIST_EXAMPLE, "value"),
            "upload": Output(ids.LIST_UPLOAD, "contents"),
        },
        inputs={
            "action": Input(ids.LIST_ACTION, "data"),
            "new": Input(ids.LIST_NEW, "n_clicks"),
            "example": Input(ids.LIST_EXAMPLE, "value"),
            "upload": Input(ids.LIST_UPLOAD, "contents"),
        },
        state={
            "filename": State(ids.LIST_UPLOAD, "filename"),
            "refresh": State(ids.LIST_REFRESH, "data"),
            "language": State(ids.LANGUAGE, "value"),
        },
        prevent_initial_call=True,
    )
    def list_act(**values: Any) -> dict[str, Any]:
        repository = Repository(database, current_user())
        sources = {"examples": examples, "template": template}
        return list_outputs(_given(listed_action(repository, dash.ctx.triggered_id, values, sources)), values)

    _register_history_and_share(app, database)


def _register_deck_template(app: dash.Dash, database: Database) -> None:
    """The Export panel's deck template: keep one, go back to the default, say which is in use."""

    @app.callback(
        output={
            "name": Output(ids.DECK_TEMPLATE_NAME, "children"),
            "message": Output(ids.DECK_TEMPLATE_MESSAGE, "children"),
            "upload": Output(ids.DECK_TEMPLATE, "contents"),
        },
        inputs={
            "contents": Input(ids.DECK_TEMPLATE, "contents"),
            "clear": Input(ids.DECK_TEMPLATE_CLEAR, "n_clicks"),
            "language": Input(ids.LANGUAGE, "value"),
        },
        state={"filename": State(ids.DECK_TEMPLATE, "filename")},
    )
    def deck_template(language: Any, **values: Any) -> dict[str, Any]:
        store = DeckTemplates(database, current_user())
        out = template_outputs(store, dash.ctx.triggered_id, values, inputs.language(language) or "en")
        return {**out, "message": message_view(out["message"]) if out["message"] else dash.no_update}


def _register_ranking(app: dash.Dash) -> None:
    """The Ranking tab and its tornado chart, drawn only while the tab is shown."""

    @app.callback(
        Output(ids.RANKING, "children"),
        Input(ids.STORE, "data"),
        Input(ids.TABS, "value"),
        Input(ids.LANGUAGE, "value"),
    )
    def ranking(data: Any, tab: Any, language: Any) -> Any:
        if tab != "ranking":  # drawn when shown: a weight change elsewhere does not wait for the samples
            raise PreventUpdate
        request = _given(view_request(data, [], "file", language))
        return ranking_tab(request.analysis, request.language)

    @app.callback(
        output={
            "options": Output(ids.TORNADO_FACTOR, "options"),
            "value": Output(ids.TORNADO_FACTOR, "value"),
            "figure": Output(ids.TORNADO_GRAPH, "figure"),
            "caption": Output(ids.TORNADO_CAPTION, "children"),
        },
        inputs={
            "data": Input(ids.STORE, "data"),
            "factor": Input(ids.TORNADO_FACTOR, "value"),
            "language": Input(ids.LANGUAGE, "value"),
            "tab": Input(ids.TABS, "value"),
        },
    )
    def tornado(data: Any, factor: Any, language: Any, tab: Any) -> dict[str, Any]:
        if tab != "ranking":
            raise PreventUpdate
        request = _given(view_request(data, [], "file", language))
        return tornado_view(request.analysis, factor, request.language)


def _register_history_and_share(app: dash.Dash, database: Database) -> None:
    """The History tab, the Share control, and the message after the one-time
    import of this browser's old canvas."""

    @app.callback(
        output={
            "rows": Output(ids.HISTORY_LIST, "children"),
            "from_options": Output(ids.HISTORY_FROM, "options"),
            "from_value": Output(ids.HISTORY_FROM, "value"),
            "to_options": Output(ids.HISTORY_TO, "options"),
            "to_value": Output(ids.HISTORY_TO, "value"),
        },
        inputs={
            "version": Input(ids.VERSION, "data"),
            "tab": Input(ids.TABS, "value"),
            "language": Input(ids.LANGUAGE, "value"),
        },
        state={"canvas_id": State(ids.CANVAS_ID, "data")},
    )
    def history_list(version: Any, tab: Any, language: Any, canvas_id: Any) -> dict[str, Any]:
        words, page_id = inputs.language(language), inputs.text(canvas_id)
        if tab != ids.TAB_HISTORY or words is None or page_id is None:
            raise PreventUpdate
        return _given(history_view(Repository(database, current_user()), page_id, words))

    @app.callback(
        Output(ids.HISTORY_DIFF, "children"),
        Input(ids.HISTORY_FROM, "value"),
        Input(ids.HISTORY_TO, "value"),
        State(ids.CANVAS_ID, "data"),
        State(ids.LANGUAGE, "value"),
        prevent_initial_call=True,
    )
    def history_diff(old: Any, new: Any, canvas_id: Any, language: Any) -> Any:
        words = _given(inputs.language(language))
        repository = Repository(database, current_user())
        return pages.diff_view(history.compared(repository, canvas_id, old, new, words))

    @app.callback(
        Output(ids.MESSAGE, "children", allow_duplicate=True),
        Output(ids.LIST_REFRESH, "data", allow_duplicate=True),
        Input(ids.BROWSER_IMPORT, "data"),
        State(ids.LANGUAGE, "value"),
        prevent_initial_call=True,
    )
    def browser_import(result: Any, language: Any) -> tuple[Any, Any]:
        message = _given(browser_import_message(result, inputs.language(language) or "en"))
        return message_view(message), time.time()

    @app.callback(
        Output(ids.WORKSHOP_STATUS, "children"),
        Output(ids.WORKSHOP_TOKEN, "data"),
        Output(ids.WORKSHOP_CLOSE, "hidden"),
        Output(ids.WORKSHOP_TICK, "disabled"),
        Output(ids.WORKSHOP_START, "hidden"),
        Input(ids.WORKSHOP_START, "n_clicks"),
        Input(ids.WORKSHOP_TICK, "n_intervals"),
        Input(ids.CANVAS_ID, "data"),
        Input(ids.VERSION, "data"),
        Input(ids.LANGUAGE, "value"),
        State(ids.STORE, "data"),
    )
    def workshop(start: Any, _tick: Any, canvas_id: Any, _version: Any, language: Any, data: Any) -> tuple:
        words = inputs.language(language) or "en"
        repository = Repository(database, current_user())
        base = flask.request.host_url.rstrip("/")
        content, token, hide = workshop_panel(repository, dash.ctx.triggered_id, start, canvas_id, data, base, words)
        return content, token, hide, hide, not hide

    @app.callback(
        Output(ids.SHARE_LIST, "children"),
        Input(ids.SHARE_CREATE, "n_clicks"),
        Input(ids.SHARE_REVOKE, "data"),
        Input(ids.CANVAS_ID, "data"),
        Input(ids.LANGUAGE, "value"),
    )
    def share(create: Any, revoke: Any, canvas_id: Any, language: Any) -> Any:
        words, page_id = inputs.language(language), inputs.text(canvas_id)
        if words is None or page_id is None:
            return None
        repository = Repository(database, current_user())
        base = flask.request.host_url.rstrip("/")
        return _given(shared_links(repository, dash.ctx.triggered_id, page_id, create, revoke, base, words))


def closed_workshop(repository: Repository, values: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """The page's open workshop closed, and its scores as panel raters (None when nothing was clicked or found)."""
    page_id, token = inputs.text(values.get("canvas_id")), inputs.text(values.get("workshop_token"))
    if not inputs.clicks(values.get("workshop_close")) or page_id is None or token is None:
        return None
    try:
        return list(Workshops(repository).close(page_id, token).raters)
    except NotFound:
        return None


def workshop_panel(
    repository: Repository, trigger: object, start: object, canvas_id: object, data: object, base: str, language: str
) -> tuple[Any, str | None, bool]:
    """The workshop panel: (its content, the open workshop's token, whether the close button hides)."""
    page_id = inputs.text(canvas_id)
    if page_id is None:
        return None, None, True
    workshops = Workshops(repository)
    try:
        if trigger == ids.WORKSHOP_START and inputs.clicks(start) and not workshops.open(page_id):
            workshops.start(page_id)
        opened = workshops.open(page_id)
        status = workshops.status(page_id, opened[-1].token) if opened else None
    except NotFound:
        return None, None, True
    summary = _panel_so_far(data, status.raters, language) if status else ""
    token = status.workshop.token if status else None
    return pages.workshop_status(status, base, language, summary), token, status is None


def _panel_so_far(data: object, raters: Sequence[Mapping[str, Any]], language: str) -> str:
    """The agreement of the scores so far, in words (empty until two raters agree on something to compare)."""
    if len(raters) < 2 or not isinstance(data, dict):
        return ""
    outcome = edits.set_panel(data, raters)
    panel = analyse(edits.read(outcome.data)).panel if outcome.ok else None
    return panel_summary(panel, language) if panel else ""


def browser_import_message(result: object, language: str) -> Message | None:
    """The message after assets/import_local.js sent this browser's old canvas (its problems as the API
    said them)."""
    if not isinstance(result, dict):
        return None
    if result.get("status") == "imported":
        return ("ok", every(say("browser_imported")), [])
    problems = result.get("problems")
    lines: list[Shown] = [p[:300] for p in problems[:10] if isinstance(p, str)] if isinstance(problems, list) else []
    return ("error", every(say("browser_import_refused")), lines) if result.get("status") == "refused" else None


def page_class(route: str) -> str:
    """The page root's class for a route: CSS shows that page's section only (a refused share link:
    the "not found" page and the message that says why)."""
    if route == "refused":
        return "app page-missing page-refused"
    return f"app page-{route}" + (" read-only" if route == "shared" else "")


def list_view(repository: Repository, search: Any, trash: bool, renaming: Any, language: str) -> Any:
    """The list page's rows."""
    rows = workspace.list_rows(
        repository, search=search, trash=trash, now=datetime.now(timezone.utc), language=language
    )
    empty = workspace.empty_text(search, trash, language)
    return pages.list_table(rows, trash=trash, renaming=renaming, empty=empty, language=language)


def listed_action(
    repository: Repository, trigger: Any, values: dict[str, Any], sources: dict[str, Any]
) -> workspace.ListOutcome | None:
    """What a list page control did (None: nothing to do)."""
    language = inputs.language(values.get("language")) or "en"
    if trigger == ids.LIST_NEW:
        return workspace.created(repository, sources["template"], language) if inputs.clicks(values["new"]) else None
    if trigger == ids.LIST_EXAMPLE:
        path = sources["examples"].get(inputs.text(values.get("example")) or "")
        return workspace.created(repository, path, language)
    if trigger == ids.LIST_UPLOAD:
        return workspace.imported(repository, values.get("upload"), values.get("filename"), language)
    request = values.get("action")
    if trigger != ids.LIST_ACTION or not isinstance(request, dict):
        return None
    return workspace.list_action(
        repository, request.get("action"), request.get("value"), language=language, title=request.get("title")
    )


def list_outputs(outcome: workspace.ListOutcome, values: dict[str, Any]) -> dict[str, Any]:
    """The list callback's outputs: the rows drawn again, the message, and the page to go to."""
    refresh = inputs.whole(values.get("refresh")) or 0
    return {
        "refresh": refresh + 1,
        "renaming": outcome.renaming,
        "message": message_view(outcome.message),
        "go_to": outcome.go_to or dash.no_update,
        "example": None,
        "upload": None,
    }


def history_view(repository: Repository, canvas_id: str, language: str) -> dict[str, Any] | None:
    """The History tab: the versions, and the two version pickers."""
    try:
        versions = repository.versions(canvas_id)
    except NotFound:
        return None
    rows = history.version_rows(versions, now=datetime.now(timezone.utc), language=language)
    options, old, new = history.diff_choices(versions, language)
    return {
        "rows": pages.version_table(rows, language),
        "from_options": options,
        "from_value": old,
        "to_options": options,
        "to_value": new,
    }


def shared_links(
    repository: Repository, trigger: Any, canvas_id: str, create: Any, revoke: Any, base: str, language: str
) -> Any:
    """The Share control's links, after creating or revoking one."""
    try:
        if trigger == ids.SHARE_CREATE and inputs.clicks(create):
            repository.share(canvas_id)
        if trigger == ids.SHARE_REVOKE and isinstance(revoke, dict) and isinstance(revoke.get("value"), str):
            repository.revoke(canvas_id, revoke["value"])
        return pages.share_links(repository.shares(canvas_id), base, language)
    except NotFound:  # a link revoked meanwhile, or the canvas gone
        return pages.share_links(_shares(repository, canvas_id), base, language)


def _shares(repository: Repository, canvas_id: str) -> list[Any]:
    try:
        return list(repository.shares(canvas_id))
    except NotFound:
        return []


def edited(
    repository: Repository,
    trigger: str | None,
    data: Any,
    language: Any,
    values: dict[str, Any],
    sources: dict[str, Any],
) -> dict[str, Any]:
    """What the edit callback changes: the page opening a canvas, undo, redo,
    a restored version, or an edit applied by :func:`on_edit` and saved to the
    workspace. A shared (read-only) page refuses every change: the address is
    never an authority to write."""
    words = inputs.language(language) or "en"
    token = workspace.share_token_of(values.get("pathname"))
    if token is not None:
        if trigger is None or trigger == ids.URL:
            return workspace.opened_shared(repository.database, token, hidden=values.get("hidden"))
        return workspace.refused_read_only(data)
    action = _open_page if trigger is None else _WORKSPACE_ACTIONS.get(trigger)
    if action is not None:
        return action(repository, words, values)
    if trigger == ids.WORKSHOP_CLOSE:
        values = {**values, "workshop_panel": closed_workshop(repository, values)}
    out = on_edit(trigger, values, data, language=language, **sources)
    return workspace.persisted(
        repository,
        out,
        canvas_id=values.get("canvas_id"),
        version=values.get("version"),
        before=data,
        language=words,
        new_canvas=trigger in OPENS,
        stacks=values.get("undo_stacks"),
    )


ListAction = Callable[[Repository, str, dict[str, Any]], dict[str, Any]]


def _open_page(repository: Repository, language: str, values: dict[str, Any], path: object = None) -> dict[str, Any]:
    """The canvas of the page's address (or of ``path``), with this tab's undo and redo."""
    address = values.get("pathname") if path is None else path
    out = workspace.opened(repository, address, hidden=values.get("hidden"))
    if out.get("canvas_id"):
        out.update(history.buttons(values.get("undo_stacks"), out["canvas_id"]))
    return out


def _picked(repository: Repository, language: str, values: dict[str, Any]) -> dict[str, Any]:
    pick = inputs.text(values.get("canvas_pick"))
    return _open_page(repository, language, values, f"/c/{pick}") if pick else {}


def _load_latest(repository: Repository, language: str, values: dict[str, Any]) -> dict[str, Any]:
    """The latest saved version in place of the page's edit (after the user confirmed)."""
    page_id = inputs.text(values.get("canvas_id"))
    if not inputs.clicks(values.get("load_latest")) or page_id is None:
        return {}
    return _open_page(repository, language, values, f"/c/{page_id}")


def _save_mine(repository: Repository, language: str, values: dict[str, Any]) -> dict[str, Any]:
    if not inputs.clicks(values.get("save_mine")):
        return {}
    return workspace.save_mine(
        repository,
        values.get("data"),
        canvas_id=values.get("canvas_id"),
        language=language,
        stacks=values.get("undo_stacks"),
    )


def _stepped(redo: bool) -> ListAction:
    """Undo (or redo) one step, when its button was clicked."""

    def act(repository: Repository, language: str, values: dict[str, Any]) -> dict[str, Any]:
        if not inputs.clicks(values.get("redo_button" if redo else "undo_button")):
            return {}
        out = history.step(
            repository,
            values.get("undo_stacks"),
            canvas_id=values.get("canvas_id"),
            version=values.get("version"),
            redo=redo,
            language=language,
        )
        return _with_controls(out, values)

    return act


def _restore(repository: Repository, language: str, values: dict[str, Any]) -> dict[str, Any]:
    request = values.get("restore")
    if not isinstance(request, dict) or request.get("action") != "restore":
        return {}
    out = history.restored(
        repository,
        values.get("undo_stacks"),
        canvas_id=values.get("canvas_id"),
        version=values.get("version"),
        number=request.get("value"),
        language=language,
    )
    return _with_controls(out, values)


def _with_controls(out: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """``out`` with the side panel set to its new canvas, and the message cleared."""
    data = out.get("data")
    if not isinstance(data, dict):
        return out
    return {**synced(data, hidden_of(data, values.get("shown"))), "message": None, **out}


_WORKSPACE_ACTIONS: Mapping[str, ListAction] = {
    ids.URL: _open_page,
    ids.CANVAS_PICKER: _picked,
    ids.SAVE_MINE: _save_mine,
    ids.LOAD_LATEST_CONFIRM: _load_latest,
    ids.UNDO: _stepped(redo=False),
    ids.REDO: _stepped(redo=True),
    ids.RESTORE_REQUEST: _restore,
}


def download_file(
    data: object,
    kind: str,
    preset: object,
    scale: object,
    shown: object,
    order: object,
    language: object,
    renderer: Renderer | None = None,
    *,
    chart: Mapping[str, object] | None = None,
    template: bytes | None = None,
) -> tuple[str, bytes]:
    """File name and bytes of a download: the chart as png/svg/pdf (with the
    layers, segment and filters of ``chart``, as on screen), or the canvas as
    YAML. The arguments are the page's values as sent: raises
    :class:`CanvasError` for an unreadable canvas and
    :class:`ExportRequestError` for a value the page could not have sent."""
    request = view_request(data, shown, order, language, chart)
    if request is None:
        edits.read(data)  # an unreadable canvas says why
        if inputs.order(order) is None or inputs.language(language) is None:
            raise ExportRequestError(f"cannot export in the order {order!r} and the language {language!r}")
        raise ExportRequestError(f"cannot export with the layers {(chart or {}).get('layers')!r}")
    chosen = inputs.text(preset)
    # a filter that keeps no factor draws them all, as on screen
    view = replace(request.view, preset=chosen if chosen in PRESETS else None, only=request.view.only or None)
    name, content, _ = download(request.canvas, kind, view, scale=_scale(scale), renderer=renderer, template=template)
    return name, content


def _scale(value: object) -> float:
    """The export slider's scale (1 when unset); the export checks its range."""
    scale = 1.0 if value is None else inputs.number(value)
    if scale is None:
        raise ExportRequestError(f"the scale must be a number, not {value!r}")
    return scale


def _given(value: T | None) -> T:
    """``value``; no update at all when there is none (a request the page
    could not have sent, or a canvas that cannot be drawn)."""
    if value is None:
        raise PreventUpdate
    return value


#: Outputs of the edit callback given one per criterion or setting.
_GROUPS = {"weights": CRITERIA, "weight_numbers": CRITERIA, "weight_shares": CRITERIA, "settings": ids.SETTING_FIELDS}


def edit_outputs(out: Mapping[str, Any]) -> dict[str, Any]:
    """Every output of the edit callback from what :func:`on_edit` changed
    (the rest stays as it is)."""
    keep = dash.no_update
    outputs = {name: out.get(name, keep) for name in _EDIT_OUTPUTS}
    if "conflict" in out:
        outputs["save_mine_hidden"] = outputs["load_latest_hidden"] = not out["conflict"]
    groups = {
        "weights": CRITERIA,
        "weight_numbers": CRITERIA,
        "weight_shares": CRITERIA,
        "settings": ids.SETTING_FIELDS,
    }
    for group, keys in groups.items():
        given = out.get(group, {})
        outputs[group] = {key: given.get(key, keep) for key in keys}
    for area in MESSAGE_AREAS:
        if area in out:
            outputs[area] = message_view(out[area])
    if "status" in out:
        outputs["status"] = shown(out["status"])
    return outputs


def views_outputs(request: ViewRequest) -> dict[str, Any]:
    """Every output of the views callback."""
    r = rendered(request.data, request.analysis, request.view, request.width or SCREEN_WIDTH)
    return {
        "figure": r.figure,
        "banner": r.banner,
        "diagnosis": r.diagnosis,
        "factor_rows": r.factor_rows,
        "factor_columns": r.factor_columns,
        "player_rows": r.player_rows,
        "player_columns": player_columns(request.language),
        "segment_rows": r.segment_rows,
        "segment_columns": r.segment_columns,
        "segment_options": r.segment_options,
        "segment": request.segment or "",  # a segment renamed or removed: every customer's importance
        "graph_style": r.graph_style,
        "chart_table": r.chart_table,
        "grid_options": r.grid_options,
        "graph_note": r.graph_note,
        "title": request.canvas.title,
    }


def translated(language: str) -> dict[str, Any]:
    """Every text that follows the language switch."""
    return {
        "labels": {key: t(language, key) for key in (*layout.LABEL_KEYS, *pages.LABEL_KEYS, *jobs_panel.LABEL_KEYS)},
        "buttons": {bid: t(language, key) for bid, key in layout.BUTTON_LABELS.items()},
        "tabs": {key: t(language, key) for key in ids.TAB_IDS},
        "example": t(language, "example"),
        "upload": layout.upload_prompt(language),
        "background": layout.background_options(language),
        "order": layout.order_options(language),
        "preset": layout.preset_options(language),
        "search": t(language, "list_search"),
        "list_example": t(language, "list_example"),
        "trash": pages.trash_options(language),
        "load_latest_confirm": t(language, "load_latest_confirm"),
        "layers": layout.layer_options(language),
        "categories": layout.category_options(language),
        "sources": layout.source_options(language),
        "category_placeholder": t(language, "filter_category"),
        "source_placeholder": t(language, "filter_source"),
        "graph_config": layout.canvas_graph_config(language),
        "dropdowns": dict.fromkeys(layout.DROPDOWNS, layout.dropdown_labels(language)),
    }


def message_view(message: Message | None) -> Any:
    """The message area's content: a heading and its lines (each in every language, or as it is), or nothing."""
    if not message:
        return None
    kind, heading, lines = message
    return html.Div(
        className=f"alert alert-{kind}",
        children=[html.Strong(shown(heading)), html.Ul([html.Li(shown(line)) for line in lines]) if lines else None],
    )
