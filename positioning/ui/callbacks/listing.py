"""The list page ("My canvases"): its rows, what its buttons and pickers do, the message after the
one-time import of this browser's old canvas; and the router, which shows one page of the layout.

Why a router and not Dash Pages (``register_page``): the list, the editor and the shared view are
sections of one layout, so the page's stores (the canvas, the undo stacks, the language, what a
change the server has not confirmed yet holds) and every component id live through a navigation,
and a callback never fires on a component that is not there. Dash Pages swaps the page's content
on navigation, which would unmount the editor's components (every callback spanning pages would
need ``suppress_callback_exceptions``), reset ``document.title`` (which assets/guards.js sets in the
page's language), and keep its registry in process-wide globals (``dash.page_registry``,
``dash._pages.CONFIG``), set by whichever app was made last: with :func:`positioning.app.create_app`
called for each test or worker, one app served another's layouts when tried. The router is one small
callback returning :class:`PageRoute`."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import dash
from dash import Input, Output, State

from positioning.core.messages import say
from positioning.http.auth import current_user
from positioning.i18n.wording import every
from positioning.store.db import Database
from positioning.store.repository import Repository
from positioning.ui import ids, inputs, pages, workspace
from positioning.ui.callbacks.wiring import KEEP, again, given, message_view, typed_callback
from positioning.ui.controller import Sources
from positioning.ui.said import Message, Shown


@dataclass(frozen=True)
class PageRoute:
    """The page root's class: CSS shows the section of the page the address asks for."""

    root_class: str


def page_class(route: str) -> str:
    """The page root's class for a route: CSS shows that page's section only (a refused share link:
    the "not found" page and the message that says why)."""
    if route == "refused":
        return "app page-missing page-refused"
    return f"app page-{route}" + (" read-only" if route == "shared" else "")


@dataclass(frozen=True)
class ListRows:
    rows: Any


def list_view(repository: Repository, search: Any, trash: bool, renaming: Any, language: str) -> ListRows:
    """The list page's rows."""
    rows = workspace.list_rows(
        repository, search=search, trash=trash, now=datetime.now(timezone.utc), language=language
    )
    empty = workspace.empty_text(search, trash, language)
    return ListRows(pages.list_table(rows, trash=trash, renaming=renaming, empty=empty, language=language))


@dataclass(frozen=True)
class ListActed:
    """After a list action: the rows drawn again, the canvas being renamed, the message, the page to
    go to, and the pickers set back to empty."""

    refresh: int
    renaming: str | None
    message: Any
    go_to: Any = KEEP
    example: None = None
    upload: None = None


def listed_action(
    repository: Repository, trigger: Any, values: Mapping[str, Any], sources: Sources
) -> workspace.ListOutcome | None:
    """What a list page control did (None: nothing to do)."""
    language = inputs.language(values.get("language")) or "en"
    if trigger == ids.LIST_NEW:
        return workspace.created(repository, sources.blank, language) if inputs.clicks(values["new"]) else None
    if trigger == ids.LIST_EXAMPLE:
        path = sources.examples.get(inputs.text(values.get("example")) or "")
        return workspace.created(repository, path, language)
    if trigger == ids.LIST_UPLOAD:
        return workspace.imported(repository, values.get("upload"), values.get("filename"), language)
    request = values.get("action")
    if trigger != ids.LIST_ACTION or not isinstance(request, dict):
        return None
    return workspace.list_action(
        repository, request.get("action"), request.get("value"), language=language, title=request.get("title")
    )


def list_acted(outcome: workspace.ListOutcome, refreshed: object) -> ListActed:
    """The list callback's result for what an action did."""
    refresh = inputs.whole(refreshed) or 0
    return ListActed(refresh + 1, outcome.renaming, message_view(outcome.message), outcome.go_to or KEEP)


@dataclass(frozen=True)
class BrowserImported:
    message: Any
    refresh: float


def browser_import_message(result: object) -> Message | None:
    """The message after assets/import_local.js sent this browser's old canvas (its problems as the API
    said them)."""
    if not isinstance(result, dict):
        return None
    if result.get("status") == "imported":
        return ("ok", every(say("browser_imported")), [])
    problems = result.get("problems")
    lines: list[Shown] = [p[:300] for p in problems[:10] if isinstance(p, str)] if isinstance(problems, list) else []
    return ("error", every(say("browser_import_refused")), lines) if result.get("status") == "refused" else None


def register(app: dash.Dash, *, database: Database, sources: Sources) -> None:
    """The router, the list's rows, its actions and the browser import's message."""

    @typed_callback(
        app, PageRoute, {"root_class": Output(ids.ROOT, "className")}, inputs={"pathname": Input(ids.URL, "pathname")}
    )
    def route(pathname: Any) -> PageRoute:
        return PageRoute(page_class(workspace.route(Repository(database, current_user()), pathname)))

    @typed_callback(
        app,
        ListRows,
        {"rows": Output(ids.LIST_ROWS, "children")},
        inputs={
            "pathname": Input(ids.URL, "pathname"),
            "search": Input(ids.LIST_SEARCH, "value"),
            "trash": Input(ids.LIST_TRASH, "value"),
            "refresh": Input(ids.LIST_REFRESH, "data"),
            "renaming": Input(ids.LIST_RENAMING, "data"),
            "language": Input(ids.LANGUAGE, "value"),
        },
    )
    def list_rows(pathname: Any, search: Any, trash: Any, refresh: Any, renaming: Any, language: Any) -> ListRows:
        words = inputs.language(language)
        if pathname != "/" or words is None:
            return given(None)
        repository = Repository(database, current_user())
        workspace.first_start(repository, sources.fallback)
        return list_view(repository, search, trash == "trash", renaming, words)

    _register_actions(app, database, sources)


def _register_actions(app: dash.Dash, database: Database, sources: Sources) -> None:
    @typed_callback(
        app,
        ListActed,
        {
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
    def list_act(**values: Any) -> ListActed:
        repository = Repository(database, current_user())
        outcome = given(listed_action(repository, dash.ctx.triggered_id, values, sources))
        return list_acted(outcome, values.get("refresh"))

    @typed_callback(
        app,
        BrowserImported,
        {
            "message": Output(ids.MESSAGE, "children", allow_duplicate=True),
            "refresh": again(Output(ids.LIST_REFRESH, "data")),
        },
        inputs={"result": Input(ids.BROWSER_IMPORT, "data")},
        prevent_initial_call=True,
    )
    def browser_import(result: Any) -> BrowserImported:
        message = given(browser_import_message(result))
        return BrowserImported(message_view(message), time.time())
