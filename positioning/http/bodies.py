"""The one check of a request body's size, made before any handler reads it.

Every route of the server has a cap on its body. The routes that take a file
declare theirs (:func:`allow_bodies`: a canvas, an import's zip, what the
app's page sends to a callback); every other route takes at most
:data:`SMALL_BODY`: a few ids, a name, a score, or nothing. A body over its
route's cap is answered 413 with a sentence in the language the client asks
for (Accept-Language), JSON under ``/api``: it names the body's size when
the request declares a length (the body is then not read at all), or says
"over" the cap when the length is unknown (a chunked body: at most cap + 1
bytes are read, and a body within the cap is what the handler then reads).
Flask's ``MAX_CONTENT_LENGTH`` stays set to the largest cap, as a second
guard for anything that reads the stream itself.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import IO

import flask
from werkzeug.wsgi import get_content_length

from positioning.http.trouble import asked_language, in_words
from positioning.i18n.catalogue import format_size
from positioning.i18n.wording import t

#: The most a route that takes no file may be sent.
SMALL_BODY = 64 * 1024
_CAPS = "positioning.body_caps"
_BLOCK = 64 * 1024


def allow_bodies(server: flask.Flask, caps: Mapping[str, int]) -> None:
    """Let the routes of ``caps`` (endpoint name -> bytes) take bodies up to their cap on ``server``;
    every other route takes :data:`SMALL_BODY`. The first call puts the check before every other."""
    known: dict[str, int] | None = server.extensions.get(_CAPS)
    if known is None:
        known = server.extensions[_CAPS] = {}
        server.before_request_funcs.setdefault(None, []).insert(0, _refuse_a_body_too_large)
    known.update(caps)
    server.config["MAX_CONTENT_LENGTH"] = max(SMALL_BODY, *known.values())


def body_cap(server: flask.Flask, endpoint: str | None) -> int:
    """The most the route ``endpoint`` of ``server`` may be sent (None: no route matched)."""
    caps: Mapping[str, int] = server.extensions.get(_CAPS, {})
    return caps.get(endpoint or "", SMALL_BODY)


def _refuse_a_body_too_large() -> flask.Response | None:
    request = flask.request
    wsgi = request.environ  # the WSGI request's own keys, not settings
    cap = body_cap(flask.current_app, request.endpoint)
    length = get_content_length(wsgi)
    if length is not None:
        return too_large(cap, length) if length > cap else None
    if not wsgi.get("wsgi.input_terminated"):
        return None  # a body of unknown length the server does not end is read as empty (werkzeug's rule)
    body = _read_at_most(wsgi["wsgi.input"], cap + 1)
    if len(body) > cap:
        return too_large(cap, None)
    # The handler reads the same bytes, now with their length known.
    wsgi["wsgi.input"] = io.BytesIO(body)
    wsgi["CONTENT_LENGTH"] = str(len(body))
    wsgi.pop("HTTP_TRANSFER_ENCODING", None)
    return None


def _read_at_most(stream: IO[bytes], count: int) -> bytes:
    """Up to ``count`` bytes of ``stream``: fewer only when it ends first (a read may answer less than asked)."""
    parts, left = [], count
    while left > 0:
        part = stream.read(min(left, _BLOCK))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def too_large(cap: int, size: int | None) -> flask.Response:
    """413 for a body of ``size`` bytes (None: more than ``cap``, its length unknown) where ``cap`` is the most."""
    language = asked_language()
    most = format_size(cap, language)
    if size is None:
        message = t(language, "body_over_cap", most=most)
    else:
        message = t(language, "body_too_large", size=format_size(size, language), most=most)
    return in_words(413, message, t(language, "body_too_large_title"), ("/api/",))
