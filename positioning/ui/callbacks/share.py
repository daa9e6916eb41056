"""The Share control: the canvas's read-only links, made and revoked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash
import flask
from dash import Input, Output

from positioning.http.auth import current_user
from positioning.store.db import Database
from positioning.store.repository import NotFound, Repository
from positioning.ui import ids, inputs, pages
from positioning.ui.callbacks.wiring import typed_callback


@dataclass(frozen=True)
class ShareLinks:
    links: Any


def shared_links(
    repository: Repository, trigger: Any, canvas_id: str, create: Any, revoke: Any, base: str, language: str
) -> ShareLinks:
    """The Share control's links, after creating or revoking one."""
    try:
        if trigger == ids.SHARE_CREATE and inputs.clicks(create):
            repository.share(canvas_id)
        if trigger == ids.SHARE_REVOKE and isinstance(revoke, dict) and isinstance(revoke.get("value"), str):
            repository.revoke(canvas_id, revoke["value"])
        return ShareLinks(pages.share_links(repository.shares(canvas_id), base, language))
    except NotFound:  # a link revoked meanwhile, or the canvas gone
        return ShareLinks(pages.share_links(_shares(repository, canvas_id), base, language))


def _shares(repository: Repository, canvas_id: str) -> list[Any]:
    try:
        return list(repository.shares(canvas_id))
    except NotFound:
        return []


def register(app: dash.Dash, *, database: Database) -> None:
    @typed_callback(
        app,
        ShareLinks,
        {"links": Output(ids.SHARE_LIST, "children")},
        inputs={
            "create": Input(ids.SHARE_CREATE, "n_clicks"),
            "revoke": Input(ids.SHARE_REVOKE, "data"),
            "canvas_id": Input(ids.CANVAS_ID, "data"),
            "language": Input(ids.LANGUAGE, "value"),
        },
    )
    def share(create: Any, revoke: Any, canvas_id: Any, language: Any) -> ShareLinks:
        words, page_id = inputs.language(language), inputs.text(canvas_id)
        if words is None or page_id is None:
            return ShareLinks(None)
        repository = Repository(database, current_user())
        base = flask.request.host_url.rstrip("/")
        return shared_links(repository, dash.ctx.triggered_id, page_id, create, revoke, base, words)
