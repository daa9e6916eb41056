"""Database trouble as an answer: 503 with ``Retry-After`` and a sentence, never a 500.

A full disk (SQLite's ``SQLITE_FULL``, PostgreSQL's ``disk_full``, the operating system's
``ENOSPC``), a database that cannot be reached (stopped, restarting, connection cut) and a
SQLite database still locked after the busy timeout and its retries are what
:func:`positioning.store.db.trouble` reads from the driver's codes. One error handler on the
server answers them for every route: the API's JSON (``{"error", "retry_after"}``), the
app's callbacks (JSON too: the page says "Not saved" on a 503, assets/guards.js) and its
pages (a short page), in the language the browser asks for. Nothing was acknowledged, so
nothing is lost: the transaction was rolled back. Any other error goes on to be a 500.
"""

from __future__ import annotations

import errno
import json
import logging
from html import escape

import flask
from sqlalchemy.exc import SQLAlchemyError

from positioning.i18n.wording import DEFAULT_LANGUAGE, HTML_LANG, LANGUAGES, t
from positioning.store.db import Trouble, reason, trouble

_log = logging.getLogger(__name__)

#: Seconds to wait before trying again, by kind of trouble: a full disk needs someone to make room.
RETRY_AFTER: dict[Trouble, int] = {"full": 300, "unreachable": 30, "busy": 5}


def storage_trouble(error: BaseException) -> Trouble | None:
    """The kind of trouble behind ``error`` that a request can be answered 503 for (None: a 500)."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return "full"
    if isinstance(error, SQLAlchemyError | OSError):
        return trouble(error)
    return None


def install_trouble(server: flask.Flask) -> None:
    """Answer database trouble on ``server`` with 503 and ``Retry-After`` (see the module)."""
    server.register_error_handler(SQLAlchemyError, _answer)
    server.register_error_handler(OSError, _answer)


def _answer(error: Exception) -> flask.Response:
    kind = storage_trouble(error)
    if kind is None:
        raise error  # not trouble a user can be told of: a 500, its own words in the log
    _log.warning("answered 503 (%s): %s", kind, reason(error)[:300])
    return retry_later(503, RETRY_AFTER[kind], f"db_trouble_{kind}", "db_trouble_title")


def retry_later(status: int, wait: int, key: str, title_key: str, **values: object) -> flask.Response:
    """``status`` with ``Retry-After: wait`` (seconds) and the message ``key`` (with ``values``) in the language
    the browser asks for: JSON (``{"error", "retry_after"}``) under /api and for the app's callbacks,
    else a short page titled ``title_key``; never stored by a cache."""
    language = asked_language()
    message = t(language, key, **values)
    response = in_words(status, message, t(language, title_key), ("/api/", "/_dash-"), retry_after=wait)
    response.headers["Retry-After"] = str(wait)
    return response


def asked_language() -> str:
    """The language the request's browser asks for (Accept-Language), of those the product speaks."""
    return flask.request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LANGUAGE


def in_words(status: int, message: str, title: str, json_paths: tuple[str, ...], **extra: object) -> flask.Response:
    """``status`` saying ``message``: JSON (``{"error", **extra}``) on paths starting with ``json_paths``, else
    a short page titled ``title`` in the request's language; never stored by a cache."""
    if flask.request.path.startswith(json_paths):
        body, mimetype = json.dumps({"error": message, **extra}, ensure_ascii=False), "application/json"
    else:
        body = (
            f'<!DOCTYPE html>\n<html lang="{HTML_LANG[asked_language()]}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title>'
            f"</head><body><h1>{escape(title)}</h1><p>{escape(message)}</p></body></html>\n"
        )
        mimetype = "text/html"
    response = flask.Response(body, status, mimetype=mimetype)
    response.headers["Cache-Control"] = "no-store"
    return response
