"""The HTTP API for scripts and integrations, under ``/api`` (a contract:
routes, status codes and JSON fields are documented in docs/api.md).

Each route is one short function: it parses the request, calls the
repository for the user asking (:func:`positioning.http.auth.current_user`) and
returns. Canvases travel as YAML text; every error is JSON (``{"error"}``,
or ``{"problems"}`` for a canvas that is not valid). The OpenAPI description
at ``/api/openapi.json`` is generated from :data:`ROUTES` (and the workshop's
participant routes, :data:`positioning.http.workshop.ROUTES`) and the pydantic
models declared on each route, the same ones the handlers fill.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

import flask
from pydantic import BaseModel
from werkzeug.exceptions import HTTPException

from positioning.chart.view import LAYERS, ORDERS, View, chart_language
from positioning.core.config import Settings
from positioning.core.loader import MAX_BYTES, CanvasError, parse_canvas
from positioning.core.model import Canvas
from positioning.http.auth import current_user, install_auth
from positioning.http.bodies import allow_bodies
from positioning.http.health import health_blueprint
from positioning.http.jobs_api import (
    ExportRequest,
    JobCreated,
    JobStatus,
    cancel_job,
    job_result,
    job_status,
    list_jobs,
    start_export,
    start_import,
)
from positioning.http.openapi import Route, describe
from positioning.http.services import Services, install_services, services
from positioning.http.trouble import install_trouble
from positioning.http.workshop import ROUTES as WORKSHOP_ROUTES
from positioning.http.workshop import WorkshopStatus, status_json, workshop_blueprint, workshop_link
from positioning.i18n.summaries import sentence
from positioning.i18n.wording import LANGUAGES
from positioning.jobs.imports import MAX_IMPORT_BYTES
from positioning.jobs.queue import open_queue
from positioning.output.downloads import KINDS, download
from positioning.output.export import ExportError, ExportRequestError
from positioning.rendering.renderer import Renderer
from positioning.store.db import Database
from positioning.store.repository import CanvasInfo, Conflict, NotFound, Repository, TooLarge
from positioning.store.workshops import Workshops

YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")
API_CREATED = sentence("summary_api_created")
API_SUMMARY = sentence("summary_api_updated")
IMPORTED = sentence("summary_browser_imported")


# --- bodies (also the OpenAPI schemas) ---------------------------------------------


class CanvasItem(BaseModel):
    id: str
    title: str
    subject: str
    version: int
    updated: datetime


class Created(BaseModel):
    id: str
    version: int
    url: str


class VersionNumber(BaseModel):
    version: int


class VersionItem(BaseModel):
    version: int
    created: datetime
    author: str
    summary: str


class ShareLink(BaseModel):
    token: str
    url: str


class ProblemItem(BaseModel):
    line: int | str | None
    field: str
    message: str


class Problems(BaseModel):
    problems: list[ProblemItem]


class Error(BaseModel):
    error: str
    version: int | None = None


# --- routes ------------------------------------------------------------------------


def _json(model: BaseModel | list[Any], status: int = 200) -> flask.Response:
    if isinstance(model, list):
        payload = "[" + ",".join(item.model_dump_json() for item in model) + "]"
    else:
        payload = model.model_dump_json(exclude_none=True)
    return flask.Response(payload, status, mimetype="application/json")


def error(status: int, message: str, **extra: Any) -> flask.Response:
    """An error answer: ``{"error": message, ...}``."""
    return _json(Error(error=message, **extra), status)


def _repository() -> Repository:
    return Repository(services().database, current_user())


def _url(path: str) -> str:
    return flask.request.url_root.rstrip("/") + path


def _item(info: CanvasInfo) -> CanvasItem:
    return CanvasItem(id=info.id, title=info.title, subject=info.subject, version=info.version, updated=info.updated)


def _yaml(text: str, status: int = 200, version: int | None = None) -> flask.Response:
    response = flask.Response(text, status, mimetype="application/yaml")
    if version is not None:
        response.set_etag(str(version))
    return response


class _Refused(Exception):
    """A request refused with ``response``."""

    def __init__(self, response: flask.Response) -> None:
        self.response = response


def _canvas_body() -> Canvas:
    """The request's YAML text as a valid canvas, or a refusal (415, 422; a body over
    :data:`MAX_BYTES` was refused 413 before, :mod:`.bodies`)."""
    request = flask.request
    if request.mimetype not in YAML_TYPES:
        raise _Refused(
            error(
                415,
                f"send the canvas as YAML text (Content-Type: application/yaml), not {request.mimetype or 'no type'}",
            )
        )
    try:
        return parse_canvas(request.get_data(cache=False), name="body")
    except CanvasError as invalid:
        raise _Refused(_problems(invalid)) from None


def _problems(invalid: CanvasError) -> flask.Response:
    """422 with the loader's problems (or the store's, for a canvas too large as stored)."""
    problems = [ProblemItem(line=p.line, field=p.path, message=p.message) for p in invalid.problems]
    return _json(Problems(problems=problems), 422)


def _expected_version() -> int:
    """The version named by If-Match (428 without one, 412 when it is not a version)."""
    header = flask.request.headers.get("If-Match")
    if not header:
        raise _Refused(error(428, "say which version you changed: send If-Match with the version from GET's ETag"))
    text = header.strip().removeprefix("W/").strip('"')
    if not text.isdecimal() or len(text) > 9:
        raise _Refused(error(412, f"If-Match {header!r} is not a version number"))
    return int(text)


def list_canvases() -> flask.Response:
    return _json([_item(info) for info in _repository().list(search=flask.request.args.get("search", "")[:200])])


def create_canvas() -> flask.Response:
    imported = flask.request.args.get("from") == "browser"  # assets/import_local.js
    info = _repository().create(_canvas_body(), summary=IMPORTED if imported else API_CREATED)
    return _json(Created(id=info.id, version=info.version, url=_url(f"/c/{info.id}")), 201)


def get_canvas(canvas_id: str) -> flask.Response:
    stored = _repository().get(canvas_id)
    return _yaml(stored.yaml, version=stored.info.version)


def put_canvas(canvas_id: str) -> flask.Response:
    repository = _repository()
    expected = _expected_version()
    canvas = _canvas_body()
    info = repository.save(canvas_id, canvas, expected=expected, summary=API_SUMMARY)
    return _json(VersionNumber(version=info.version))


def delete_canvas(canvas_id: str) -> flask.Response:
    _repository().delete(canvas_id)
    return flask.Response(status=204)


def restore_canvas(canvas_id: str) -> flask.Response:
    return _json(VersionNumber(version=_repository().restore(canvas_id).version))


def list_versions(canvas_id: str) -> flask.Response:
    """The versions; ``lang`` words every summary in that language, else each reads as it was written."""
    language = flask.request.args.get("lang")
    if language is not None and language not in LANGUAGES:
        return error(422, f"lang={language!r}: use one of {', '.join(LANGUAGES)}")
    return _json(
        [
            VersionItem(
                version=v.version,
                created=v.created,
                author=v.author,
                summary=v.summary if language is None else v.summary_in(language),
            )
            for v in _repository().versions(canvas_id)
        ]
    )


def get_version(canvas_id: str, number: int) -> flask.Response:
    return _yaml(_repository().version(canvas_id, number), version=number)


def restore_version(canvas_id: str, number: int) -> flask.Response:
    return _json(VersionNumber(version=_repository().restore_version(canvas_id, number).version))


def share_canvas(canvas_id: str) -> flask.Response:
    share = _repository().share(canvas_id)
    return _json(ShareLink(token=share.token, url=_url(f"/s/{share.token}")), 201)


def revoke_share(canvas_id: str, token: str) -> flask.Response:
    _repository().revoke(canvas_id, token)
    return flask.Response(status=204)


def start_workshop(canvas_id: str) -> flask.Response:
    workshop = Workshops(_repository()).start(canvas_id)
    return _json(ShareLink(token=workshop.token, url=workshop_link(flask.request.url_root, workshop.token)), 201)


def workshop_status(canvas_id: str, token: str) -> flask.Response:
    return flask.jsonify(status_json(Workshops(_repository()).status(canvas_id, token)))


def close_workshop(canvas_id: str, token: str) -> flask.Response:
    return flask.jsonify(status_json(Workshops(_repository()).close(canvas_id, token)))


def export_canvas(canvas_id: str, kind: str) -> flask.Response:
    if kind not in KINDS:
        return error(404, f"no export as .{kind}; choose one of {', '.join(KINDS)}")
    canvas = parse_canvas(_repository().get(canvas_id).yaml)
    scale = _scale(flask.request.args.get("scale"))
    renderer = services().renderer
    name, content, mimetype = download(canvas, kind, _view(canvas, flask.request.args), scale=scale, renderer=renderer)
    response = flask.Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    return response


def _view(canvas: Canvas, args: Mapping[str, str]) -> View:
    """The view the query asks for: ``order``, ``lang``, ``show`` (comma-separated layers, or ``none``),
    ``segment`` and ``preset``."""
    order, language = args.get("order") or "file", args.get("lang") or chart_language(canvas)
    segment = args.get("segment") or None
    if order not in ORDERS:
        raise ExportRequestError(f"order={order!r}: use one of {', '.join(ORDERS)}")
    if language not in LANGUAGES:
        raise ExportRequestError(f"lang={language!r}: use one of {', '.join(LANGUAGES)}")
    if segment is not None and segment not in {g.name for g in canvas.segments}:
        raise ExportRequestError(f"segment={segment!r} is not a segment of this canvas")
    layers = _layers(args.get("show"))
    return View(order=order, language=language, layers=layers, segment=segment, preset=args.get("preset"))


def _layers(text: str | None) -> tuple[str, ...]:
    """``show``: the to-be curve when not given, ``none`` for no layer."""
    if not text:
        return ("target",)
    chosen = tuple(s for s in text.split(",") if s)
    if chosen == ("none",):
        return ()
    if not chosen or not set(chosen) <= set(LAYERS):
        raise ExportRequestError(f"show={text!r}: use target, importance or both, comma-separated, or none")
    return chosen


def _scale(text: str | None) -> float:
    if text is None or text == "":
        return 1.0
    try:
        scale = float(text)
    except ValueError:
        raise ExportRequestError(f"scale={text!r} is not a number; use 1 to 4") from None
    if not math.isfinite(scale):
        raise ExportRequestError(f"scale={text!r} is not a number; use 1 to 4")
    return scale


def openapi() -> flask.Response:
    return flask.jsonify(describe((*ROUTES, *WORKSHOP_ROUTES)))


_CANVAS = "/canvases/<canvas_id>"
ROUTES: tuple[Route, ...] = (
    Route(
        "GET",
        "/canvases",
        list_canvases,
        "Your canvases, latest change first",
        answers=((200, list[CanvasItem]),),
        query=("search",),
    ),
    Route(
        "POST",
        "/canvases",
        create_canvas,
        "Store a new canvas",
        "application/yaml",
        ((201, Created), (422, Problems), (413, Error), (415, Error)),
        most=MAX_BYTES,
    ),
    Route(
        "GET",
        _CANVAS,
        get_canvas,
        "The canvas file (its ETag is the version)",
        answers=((200, "application/yaml"), (404, Error)),
    ),
    Route(
        "PUT",
        _CANVAS,
        put_canvas,
        "Replace the canvas (If-Match: the version you changed)",
        "application/yaml",
        ((200, VersionNumber), (409, Error), (422, Problems), (428, Error), (404, Error), (413, Error)),
        headers=("If-Match",),
        most=MAX_BYTES,
    ),
    Route("DELETE", _CANVAS, delete_canvas, "Move the canvas to the trash", answers=((204, None), (404, Error))),
    Route(
        "POST",
        _CANVAS + "/restore",
        restore_canvas,
        "Bring the canvas back from the trash",
        answers=((200, VersionNumber), (404, Error)),
    ),
    Route(
        "GET",
        _CANVAS + "/versions",
        list_versions,
        "Every version, newest first (lang: each summary in en or zh; without it, as it was written)",
        answers=((200, list[VersionItem]), (404, Error), (422, Error)),
        query=("lang",),
    ),
    Route(
        "GET",
        _CANVAS + "/versions/<int:number>",
        get_version,
        "One version's file",
        answers=((200, "application/yaml"), (404, Error)),
    ),
    Route(
        "POST",
        _CANVAS + "/versions/<int:number>/restore",
        restore_version,
        "Make an old version the latest (a new version)",
        answers=((200, VersionNumber), (404, Error)),
    ),
    Route("POST", _CANVAS + "/share", share_canvas, "A read-only share link", answers=((201, ShareLink), (404, Error))),
    Route(
        "DELETE", _CANVAS + "/share/<token>", revoke_share, "Revoke a share link", answers=((204, None), (404, Error))
    ),
    Route(
        "GET",
        _CANVAS + "/export.<kind>",
        export_canvas,
        "The canvas as png, svg, pdf, pptx, xlsx or yaml",
        answers=((200, "application/octet-stream"), (400, Error), (404, Error)),
        query=("preset", "scale"),
    ),
    Route(
        "POST",
        _CANVAS + "/workshops",
        start_workshop,
        "Start a scoring workshop on the latest version: a link for the participants",
        answers=((201, ShareLink), (404, Error)),
    ),
    Route(
        "GET",
        _CANVAS + "/workshops/<token>",
        workshop_status,
        "Who has joined the workshop, how far each is, and the scores as a panel",
        answers=((200, WorkshopStatus), (404, Error)),
    ),
    Route(
        "POST",
        _CANVAS + "/workshops/<token>/close",
        close_workshop,
        "Close the workshop (no more scores) and answer its status",
        answers=((200, WorkshopStatus), (404, Error)),
    ),
    Route(
        "POST",
        "/jobs/export",
        start_export,
        "Export canvases in the background: a zip of png, svg or pdf pictures, or one pptx deck",
        ExportRequest,
        ((202, JobCreated), (413, Error), (415, Error), (422, Error), (429, Error), (503, Error)),
    ),
    Route(
        "POST",
        "/jobs/import",
        start_import,
        "Import a zip of canvas files (.yaml, .yml, .xlsx, .xlsm) in the background; the result is a JSON report",
        "application/zip",
        ((202, JobCreated), (413, Error), (415, Error), (422, Error), (429, Error), (503, Error)),
        query=("name",),
        most=MAX_IMPORT_BYTES,
    ),
    Route("GET", "/jobs", list_jobs, "Your latest jobs, newest first", answers=((200, list[JobStatus]),)),
    Route(
        "GET",
        "/jobs/<job_id>",
        job_status,
        "A job's state, progress, result URL (once done) and error",
        answers=((200, JobStatus), (404, Error)),
    ),
    Route(
        "DELETE",
        "/jobs/<job_id>",
        cancel_job,
        "Cancel a waiting or running job (its state becomes cancelled), or forget a finished one",
        answers=((200, JobStatus), (204, None), (404, Error)),
    ),
    Route(
        "GET",
        "/jobs/<job_id>/result",
        job_result,
        "The file a done job made (kept 24 hours)",
        answers=((200, "application/octet-stream"), (404, Error), (410, Error)),
    ),
    Route("GET", "/openapi.json", openapi, "This description", answers=((200, "application/json"),)),
)


def api_blueprint() -> flask.Blueprint:
    """The routes of :data:`ROUTES` under /api, with JSON errors; any other path under /api
    is a JSON 404 (not the app's page, which answers every other path)."""
    blueprint = flask.Blueprint("api", __name__, url_prefix="/api")
    for route in ROUTES:
        blueprint.add_url_rule(
            route.path,
            _endpoint(route),
            _answering(route.handler),
            methods=[route.method],
        )
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    blueprint.add_url_rule("/", "no_route", _no_route, methods=methods)
    blueprint.add_url_rule("/<path:rest>", "no_route", _no_route, methods=methods)
    return blueprint


def _endpoint(route: Route) -> str:
    return f"{route.method.lower()}_{route.handler.__name__}"


def _no_route(rest: str = "") -> flask.Response:
    return error(404, "no such API route; the routes are listed at /api/openapi.json")


def _answering(handler: Callable[..., flask.Response]) -> Callable[..., flask.Response]:
    """``handler`` with the repository's and the parser's refusals as JSON answers."""

    def answer(**kwargs: Any) -> flask.Response:
        try:
            return handler(**kwargs)
        except _Refused as refused:
            return refused.response
        except NotFound:
            return error(404, "no such canvas (or it is not yours)")
        except Conflict as stale:
            return error(
                409,
                f"{stale}; fetch it again, apply your change and send it with the new version",
                version=stale.current,
            )
        except TooLarge as big:  # valid, but larger as the YAML it would be stored as
            return _problems(big)
        except ExportRequestError as bad:
            return error(400, str(bad))
        except ExportError as failed:
            return error(503, f"the export failed: {failed}; try again")
        except CanvasError as invalid:  # a stored version the current rules refuse
            return error(409, f"the stored canvas cannot be used as it is: {invalid.problems[0].message}")

    answer.__name__ = handler.__name__
    return answer


def _http_error(failure: HTTPException) -> flask.Response | HTTPException:
    if not flask.request.path.startswith("/api/") and flask.request.path != "/api":
        return failure
    return error(failure.code or 500, failure.description or failure.name)


def install_api(server: flask.Flask, database: Database, renderer: Renderer, settings: Settings) -> None:
    """Who is asking (:func:`install_auth`) and the API on ``server``, with its job queue
    (``services(server).queue``; the caller closes it); database trouble on any of the server's
    routes is answered 503 (:mod:`positioning.http.trouble`)."""
    allow_bodies(server, {f"api.{_endpoint(route)}": route.most for route in ROUTES if route.most})
    install_auth(server, settings)
    queue = open_queue(settings, database, renderer)
    install_services(server, Services(database, renderer, queue, settings))
    server.register_blueprint(api_blueprint())
    server.register_blueprint(workshop_blueprint())
    server.register_blueprint(health_blueprint(database, queue))
    server.register_error_handler(HTTPException, _http_error)
    install_trouble(server)  # database trouble: 503 with Retry-After, on every route
