"""The scoring workshop over HTTP: the participants' page and its JSON, and the owner's routes.

Participants need only the link: ``/w/<token>`` is a small page of its own
(plain HTML, one script, phone first) that talks to ``/api/workshop/<token>``.
The token (192 random bits) is the key, as for share links. The owner's
routes (start, status, close) sit with the canvas routes in :mod:`.api` and
check who is asking like every other. ``/w/<token>/qr.svg`` is the link as a QR
code, for the facilitator's panel and the projector (:mod:`.qr`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from importlib import resources
from typing import Any, Literal

import flask
from pydantic import BaseModel

from positioning.core.model import CRITERIA
from positioning.http.openapi import Route
from positioning.http.qr import TooLong, qr_svg
from positioning.http.services import services
from positioning.http.trouble import asked_language, in_words
from positioning.i18n.wording import LANGUAGES, criterion_label, t
from positioning.store.db import Database
from positioning.store.repository import NotFound
from positioning.store.workshops import Participant, Refused, Status, finish, join, participant, put_score, sheet

# --- what the JSON routes take and answer (the OpenAPI schemas; the handlers build the same shapes) ---


class WorkshopSheet(BaseModel):
    """What the participants score."""

    title: str
    closed: bool
    scale: list[float]
    criteria: list[dict[str, str]]  # key, and its label in every language
    factors: list[dict[str, str]]  # name, note


class JoinRequest(BaseModel):
    name: str


class ParticipantView(BaseModel):
    """A participant and the scores given so far."""

    id: str
    name: str
    finished: bool
    scores: dict[str, dict[str, float]]  # factor -> criterion -> value


class ScoreRequest(BaseModel):
    factor: str
    criterion: Literal[CRITERIA]  # type: ignore[valid-type]
    value: float


class ParticipantProgress(BaseModel):
    name: str
    given: int
    finished: bool


class WorkshopStatus(BaseModel):
    """The owner's view of a workshop."""

    token: str
    version: int
    closed: bool
    cells: int
    participants: list[ParticipantProgress]
    panel: list[dict[str, Any]]  # the complete raters: rater, scores


class WorkshopError(BaseModel):
    error: str
    closed: bool | None = None


#: The page's wording keys, sent to the page in every language.
PAGE_KEYS = (
    "ws_title",
    "ws_intro",
    "ws_name",
    "ws_join",
    "ws_factor_of",
    "ws_previous",
    "ws_next",
    "ws_finish",
    "ws_saved",
    "ws_saving",
    "ws_not_saved",
    "ws_missing",
    "ws_done",
    "ws_review",
    "ws_closed",
    "ws_gone",
    *(f"ws_hint_{c}" for c in CRITERIA),
)
_STATIC = {"workshop.js": "text/javascript", "workshop.css": "text/css"}


def _database() -> Database:
    return services().database


def _json(payload: Any, status: int = 200) -> flask.Response:
    return flask.Response(json.dumps(payload, ensure_ascii=False), status, mimetype="application/json")


def _answering(handler: Callable[..., flask.Response]) -> Callable[..., flask.Response]:
    def answer(**kwargs: Any) -> flask.Response:
        try:
            return handler(**kwargs)
        except NotFound as missing:
            return _json({"error": str(missing)}, 404)
        except Refused as refused:
            return _json({"error": str(refused), "closed": refused.closed}, 409 if refused.closed else 400)

    answer.__name__ = handler.__name__
    return answer


def page(token: str) -> flask.Response:
    """The participants' page: a shell the script fills in (every name goes in as text, never as HTML),
    answered 404 when the link opens no workshop."""
    words = {code: {key: t(code, key) for key in PAGE_KEYS} for code in LANGUAGES}
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{escape(t("en", "ws_title"))}</title>
<link rel="stylesheet" href="/w/static/workshop.css">
</head><body>
<main id="workshop" data-token="{escape(token)}" data-words="{escape(json.dumps(words, ensure_ascii=False))}"></main>
<script src="/w/static/workshop.js"></script>
</body></html>"""
    response = flask.Response(html, _page_status(token), mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _page_status(token: str) -> int:
    """200 for a workshop link that opens a workshop (closed or not: the page says which), else 404
    (the page then says the link opens nothing; the 404 counts as a guess: :mod:`.ratelimit`)."""
    try:
        sheet(_database(), token)
    except NotFound:
        return 404
    return 200


def workshop_link(root: str, token: str) -> str:
    """The link a workshop's participants open: the app's root as the request reached it
    (``flask.request.url_root``), then ``/w/<token>``. The API's answer to a start, the facilitator's
    panel and the QR code all say this one."""
    return f"{root.rstrip('/')}/w/{token}"


def qr_code(token: str) -> flask.Response:
    """The workshop link as a QR code (SVG), answered as the page is: 404 when the link opens no workshop
    (counted as a guess, :mod:`.ratelimit`), the code of the link when it opens one, closed or not (the
    page it leads to then says so). Anyone holding the token already holds the link the code shows. A
    link too long for any QR code (a host or a proxy's prefix of thousands of characters) is 414: the
    address the server was reached by is too long to give as a code."""
    language = asked_language()
    if _page_status(token) != 200:
        return in_words(404, t(language, "ws_gone"), t(language, "ws_title"), ())
    try:
        code = qr_svg(workshop_link(flask.request.url_root, token))
    except TooLong:
        return in_words(414, t(language, "ws_qr_too_long"), t(language, "ws_title"), ())
    response = flask.Response(code, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response


def static(name: str) -> flask.Response:
    if name not in _STATIC:
        flask.abort(404)
    content = resources.files("positioning.http.static").joinpath(name).read_bytes()
    return flask.Response(content, mimetype=_STATIC[name])


def workshop_sheet(token: str) -> flask.Response:
    found = sheet(_database(), token)
    canvas = found.canvas
    return _json(
        {
            "title": canvas.title,
            "closed": found.closed,
            "scale": list(canvas.scales.score),
            "criteria": [{"key": c, **{code: criterion_label(code, c) for code in LANGUAGES}} for c in CRITERIA],
            "factors": [{"name": f.name, "note": f.note or ""} for f in canvas.factors],
        }
    )


def _body() -> dict[str, Any]:
    """The request's JSON object; anything else (not JSON, nested too deep, not an object) is refused."""
    try:
        body = json.loads(flask.request.get_data(cache=False) or b"null")
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise Refused("send a JSON object")
    return body


def join_workshop(token: str) -> flask.Response:
    person = join(_database(), token, _body().get("name"))
    return _json(_person(person), 201)


def get_participant(token: str, participant_id: str) -> flask.Response:
    return _json(_person(participant(_database(), token, participant_id)))


def score(token: str, participant_id: str) -> flask.Response:
    body = _body()
    put_score(_database(), token, participant_id, body.get("factor"), body.get("criterion"), body.get("value"))
    return flask.Response(status=204)


def finished(token: str, participant_id: str) -> flask.Response:
    finish(_database(), token, participant_id)
    return flask.Response(status=204)


def _person(person: Participant) -> dict[str, Any]:
    return {"id": person.id, "name": person.name, "finished": person.finished, "scores": person.scores}


def status_json(status: Status) -> dict[str, Any]:
    """The owner's view of a workshop, as the API answers it."""
    return {
        "token": status.workshop.token,
        "version": status.workshop.version,
        "closed": status.workshop.closed is not None,
        "cells": status.cells,
        "participants": [{"name": p.name, "given": p.count(), "finished": p.finished} for p in status.participants],
        "panel": list(status.raters),
    }


_PERSON = "/workshop/<token>/participants/<participant_id>"
#: The participants' JSON routes, under /api (described in /api/openapi.json with the owner's).
ROUTES: tuple[Route, ...] = (
    Route(
        "GET",
        "/workshop/<token>",
        workshop_sheet,
        "What the workshop's participants score: the factors, the criteria and the scale",
        answers=((200, WorkshopSheet), (404, WorkshopError)),
    ),
    Route(
        "POST",
        "/workshop/<token>/participants",
        join_workshop,
        "Join the workshop under a name",
        JoinRequest,
        (
            (201, ParticipantView),
            (400, WorkshopError),
            (404, WorkshopError),
            (409, WorkshopError),
            (413, WorkshopError),
        ),
    ),
    Route(
        "GET",
        _PERSON,
        get_participant,
        "A participant's scores so far",
        answers=((200, ParticipantView), (404, WorkshopError)),
    ),
    Route(
        "PUT",
        _PERSON + "/scores",
        score,
        "Give one score",
        ScoreRequest,
        ((204, None), (400, WorkshopError), (404, WorkshopError), (409, WorkshopError), (413, WorkshopError)),
    ),
    Route(
        "POST",
        _PERSON + "/finish",
        finished,
        "Say the scores are done",
        answers=((204, None), (400, WorkshopError), (404, WorkshopError), (409, WorkshopError)),
    ),
)


def workshop_blueprint() -> flask.Blueprint:
    blueprint = flask.Blueprint("workshop", __name__)
    routes: list[tuple[str, str, Callable[..., flask.Response]]] = [
        ("GET", "/w/<token>", page),
        ("GET", "/w/static/<name>", static),
        ("GET", "/w/<token>/qr.svg", qr_code),
        *((route.method, "/api" + route.path, route.handler) for route in ROUTES),
    ]
    for method, path, handler in routes:
        blueprint.add_url_rule(path, f"{method.lower()}_{handler.__name__}", _answering(handler), methods=[method])
    return blueprint
