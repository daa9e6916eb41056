"""The OpenAPI 3.1 description of the HTTP API, generated from its route
tables (:data:`positioning.http.api.ROUTES`, :data:`positioning.http.workshop.ROUTES`)
and the pydantic models declared on each route: what it takes (a model is a
JSON body; a media type, a file sent as it is) and what it answers (a model,
a list of one, a media type, or nothing). Nothing is guessed from a path."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import flask
from pydantic import BaseModel, TypeAdapter

#: What a route answers with a status: a model, a list of one (``list[Model]``), a media type, or None.
Answer = Any


@dataclass(frozen=True)
class Route:
    """One API route: where, what it does, and what it answers."""

    method: str
    path: str
    handler: Callable[..., flask.Response]
    summary: str
    #: What it takes: a model (a JSON body of that shape), a media type (a file sent as it is), or nothing.
    body: str | type[BaseModel] | None = None
    #: Each status and what comes with it: a model, ``list[Model]``, a media type, or None (no content).
    answers: tuple[tuple[int, Answer], ...] = ()
    query: tuple[str, ...] = ()
    #: Request headers it requires.
    headers: tuple[str, ...] = ()
    #: The most its body may hold, in bytes, when it takes a file (None: a small body, :mod:`.bodies`).
    most: int | None = None


_PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def describe(routes: Sequence[Route]) -> dict[str, Any]:
    """The OpenAPI document for ``routes`` (paths relative to /api)."""
    paths: dict[str, dict[str, Any]] = {}
    schemas: dict[str, Any] = {}
    for route in routes:
        paths.setdefault("/api" + _PARAMETER.sub(r"{\2}", route.path), {})[route.method.lower()] = _operation(
            route, schemas
        )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "positioning",
            "version": metadata.version("positioning"),
            "description": "Canvases, versions and share links.",
        },
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _operation(route: Route, schemas: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": route.handler.__name__,
        "summary": route.summary,
        "parameters": _parameters(route),
        "responses": {str(status): _response(what, schemas) for status, what in route.answers},
    }
    if isinstance(route.body, str):
        content = {route.body: {"schema": {"type": "string", "contentMediaType": route.body}}}
        operation["requestBody"] = {"required": True, "content": content}
    elif route.body is not None:
        content = {"application/json": {"schema": _schema(route.body, schemas)}}
        operation["requestBody"] = {"required": True, "content": content}
    return operation


def _parameters(route: Route) -> list[dict[str, Any]]:
    in_path = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "integer" if kind == "int" else "string"}}
        for kind, name in _PARAMETER.findall(route.path)
    ]
    in_query = [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}} for name in route.query]
    headers = [{"name": name, "in": "header", "required": True, "schema": {"type": "string"}} for name in route.headers]
    return in_path + in_query + headers


def _response(what: Answer, schemas: dict[str, Any]) -> dict[str, Any]:
    if what is None:
        return {"description": "No content"}
    if isinstance(what, str):
        return {"description": "OK", "content": {what: {"schema": {"type": "string", "contentMediaType": what}}}}
    model = _model(what)
    description = (model.__doc__ or model.__name__).strip().splitlines()[0]
    return {"description": description, "content": {"application/json": {"schema": _schema(what, schemas)}}}


def _schema(what: Any, schemas: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema of a model or a list of one, its models put in ``schemas`` and referred to."""
    schema = TypeAdapter(what).json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(schema.pop("$defs", {}))
    if isinstance(what, type) and issubclass(what, BaseModel):
        schemas[what.__name__] = schema
        return {"$ref": f"#/components/schemas/{what.__name__}"}
    return schema


def _model(what: Any) -> type[BaseModel]:
    """The model of ``Model`` or ``list[Model]``."""
    inner = getattr(what, "__args__", (what,))[0]
    assert isinstance(inner, type) and issubclass(inner, BaseModel), what
    return inner
