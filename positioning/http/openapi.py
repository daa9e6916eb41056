"""The OpenAPI 3.1 description of the HTTP API, generated from its route
table and the pydantic models of its bodies (:mod:`positioning.http.api`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any

import flask
from pydantic import BaseModel


@dataclass(frozen=True)
class Route:
    """One API route: where, what it does, and what it answers."""

    method: str
    path: str
    handler: Callable[..., flask.Response]
    summary: str
    body: str | None = None  # the media type it takes
    answers: tuple[tuple[int, str | type[BaseModel] | None], ...] = ()
    query: tuple[str, ...] = ()


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
        "responses": {str(status): _response(what, route, schemas) for status, what in route.answers},
    }
    if route.body:
        operation["requestBody"] = {"required": True, "content": {route.body: {"schema": {"type": "string"}}}}
    return operation


def _parameters(route: Route) -> list[dict[str, Any]]:
    in_path = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "integer" if kind == "int" else "string"}}
        for kind, name in _PARAMETER.findall(route.path)
    ]
    in_query = [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}} for name in route.query]
    headers = (
        [{"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"}}]
        if route.method == "PUT"
        else []
    )
    return in_path + in_query + headers


def _response(what: str | type[BaseModel] | None, route: Route, schemas: dict[str, Any]) -> dict[str, Any]:
    if what is None:
        return {"description": "No content"}
    if isinstance(what, str):
        return {"description": "OK", "content": {what: {"schema": {"type": "string"}}}}
    schema = what.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in schema.pop("$defs", {}).items():
        schemas[name] = definition
    schemas[what.__name__] = schema
    reference: dict[str, Any] = {"$ref": f"#/components/schemas/{what.__name__}"}
    listed = route.method == "GET" and route.path.endswith(("/canvases", "/versions"))
    body = {"type": "array", "items": reference} if listed else reference
    return {"description": what.__doc__ or what.__name__, "content": {"application/json": {"schema": body}}}
