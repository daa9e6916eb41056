"""Answers sent compressed when the browser accepts it (issue 25: opening a canvas), and the app's
public files kept by browsers until they change.

**Compression.** Every answer of a type that compresses (JavaScript, CSS, JSON, HTML, SVG, text) and of
at least :data:`MIN_BYTES` (a user's own answers: :data:`DYNAMIC_MIN_BYTES`) is sent gzipped to a client
that says ``Accept-Encoding: gzip``, with ``Vary: Accept-Encoding`` so that no cache hands it to one that
does not. The scripts a page loads weigh about
8 MB (plotly.js alone 4.8 MB, the grid 1.3 MB) and a third of that gzipped; Dash's layout and a chart's
figure are tens of kilobytes of JSON, a fifth gzipped.

- The public files (:data:`~positioning.http.security.PUBLIC_STATIC`) and Dash's layout and callbacks
  (:data:`~positioning.http.fixed.DASH_FIXED`), the same for everyone, are compressed once per process,
  at :data:`STATIC_LEVEL`, and kept in a bounded cache keyed by their content's hash
  (:class:`Compressed`): a file compresses in 10-150 ms, far more than sending it.
- Every other answer (a user's callbacks, canvases, the API) is compressed as it goes, at the fast
  :data:`LEVEL` (under a millisecond for a figure), and never kept.
- An answer already encoded, partial (206), not modified (304), streamed, or to a HEAD request is sent
  as it is. A compressed answer's ETag becomes weak (``W/"..."``): the same content, another encoding;
  the browser's ``If-None-Match`` still matches (weak comparison).

**Caching.** Dash links the app's own files (``/assets/...``) with their modification time as ``?m=``;
the URL changes when the file does, so those answers may be kept for a year (``immutable``: not even
asked again on a reload), like the fingerprinted component scripts Dash serves with a one-year
``max-age``. An asset asked without ``?m=`` keeps Flask's ``no-cache`` with its ETag.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict

import flask

from positioning.http.fixed import DASH_FIXED
from positioning.http.security import PUBLIC_STATIC

#: Smaller public files are sent as they are: gzip's header and trailer would eat the gain.
MIN_BYTES = 1024
#: Smaller answers of a user are sent as they are: most callbacks answer a few hundred bytes to a few
#: kilobytes, where compressing each time costs the server more than it saves the network; a chart's figure
#: (40 kB and more) or the page's labels are worth it.
DYNAMIC_MIN_BYTES = 8 * 1024
#: The level of a user's answers, compressed each time: fast, most of the gain.
LEVEL = 1
#: The level of public files, compressed once per process.
STATIC_LEVEL = 6
#: The most bytes of compressed public files kept (the app's own scripts and styles are about 3 MB gzipped).
CACHE_BYTES = 32 * 1024 * 1024
#: A year, in seconds: how long a browser may keep a file whose URL changes with it.
YEAR = 365 * 24 * 3600
#: The types worth compressing (images, fonts, zips, workbooks and decks are compressed already).
COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/javascript",
    "application/x-javascript",
    "application/problem+json",
    "application/yaml",
    "image/svg+xml",
)
#: Dash's own script and style folders; its fingerprinted files are answered with a one-year max-age.
COMPONENT_SUITES = "/_dash-component-suites/"


class Compressed:
    """Gzipped bodies of public files by their content's SHA-256, at most ``limit`` bytes of them (the
    least recently used dropped first). Shared by the threads of a worker: one lock around the map; a file
    compressed twice at once by two threads gives the same bytes."""

    def __init__(self, limit: int = CACHE_BYTES, level: int = STATIC_LEVEL) -> None:
        self.limit, self.level = limit, level
        self._bodies: OrderedDict[bytes, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def __call__(self, body: bytes) -> bytes:
        key = hashlib.sha256(body).digest()
        with self._lock:
            kept = self._bodies.get(key)
            if kept is not None:
                self._bodies.move_to_end(key)
                return kept
        packed = gzip.compress(body, self.level, mtime=0)
        with self._lock:
            if key not in self._bodies and len(packed) <= self.limit:
                self._bodies[key] = packed
                self._size += len(packed)
                while self._size > self.limit:
                    _, dropped = self._bodies.popitem(last=False)
                    self._size -= len(dropped)
        return packed

    def __len__(self) -> int:
        return len(self._bodies)


def install_compression(server: flask.Flask, cache: Compressed | None = None) -> Compressed:
    """Compress ``server``'s answers and let browsers keep its fingerprinted files (see the module's
    docstring). Install it before the other ``after_request`` hooks: Flask runs them last installed first,
    so this one sees each answer as it leaves. Returns the cache of public files."""
    public = cache or Compressed()

    @server.after_request
    def compress(response: flask.Response) -> flask.Response:
        request = flask.request
        if request.path.startswith(PUBLIC_STATIC):
            _cache_fingerprinted(request, response)
        if not _compressible(response):
            return response
        response.vary.add("Accept-Encoding")
        if request.method == "HEAD" or "gzip" not in request.accept_encodings:
            return response
        response.direct_passthrough = False  # a static file is read into memory (they are small)
        body = response.get_data()
        same_for_all = request.path.startswith(PUBLIC_STATIC) or request.path in DASH_FIXED
        if len(body) < (MIN_BYTES if same_for_all else DYNAMIC_MIN_BYTES):
            return response
        packed = public(body) if same_for_all else gzip.compress(body, LEVEL, mtime=0)
        response.set_data(packed)
        response.headers["Content-Encoding"] = "gzip"
        tag, weak = response.get_etag()
        if tag and not weak:
            response.set_etag(tag, weak=True)
        return response

    return public


def _compressible(response: flask.Response) -> bool:
    return (
        response.status_code == 200
        and (response.direct_passthrough or not response.is_streamed)  # a file is read whole; a stream is not
        and "Content-Encoding" not in response.headers
        and (response.mimetype or "").startswith(COMPRESSIBLE)
    )


def _cache_fingerprinted(request: flask.Request, response: flask.Response) -> None:
    """A year, immutable, for a file whose URL changes with it: an asset linked with ``?m=`` (Dash's
    fingerprint), a component script Dash already answers with a one-year max-age."""
    fingerprinted = (request.path.startswith("/assets/") and "m" in request.args) or (
        request.path.startswith(COMPONENT_SUITES) and response.cache_control.max_age == YEAR
    )
    if response.status_code not in (200, 304) or not fingerprinted:
        return
    response.cache_control.no_cache = None
    response.cache_control.public = True
    response.cache_control.max_age = YEAR
    response.cache_control.immutable = True
