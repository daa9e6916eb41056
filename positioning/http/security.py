"""Security headers on every response of the app's server (issue 13 §4).

* A Content-Security-Policy Dash works under: scripts only from the app
  itself plus Dash's own inline start-up script (by its hash, from
  ``dash.Dash.csp_hashes``), no plugins, no other site's frames around the
  app (``frame-ancestors 'none'``: clickjacking), data sent only back to the
  app. Styles may be inline: plotly.js and the grids set them on elements.
* ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (a
  share or workshop link is never passed on to another site),
  ``X-Frame-Options: DENY`` for browsers that predate ``frame-ancestors``, and
  ``Cross-Origin-Opener-Policy: same-origin``.
* ``Cache-Control: no-store`` on everything but the public static files
  (:data:`PUBLIC_STATIC`): pages, Dash's callbacks (the app's downloads come
  through them), canvas files, versions, exports, jobs, errors. Canvases are
  private; no browser cache or shared proxy may keep a copy. A handler's own
  value is kept; the static files keep their caching.

The app sets no cookies of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import flask

#: Path prefixes of the files that are the same for everyone (the app's code and styles): cached as served.
PUBLIC_STATIC = ("/assets/", "/_dash-component-suites/", "/w/static/", "/_favicon.ico")


def content_security_policy(script_hashes: Sequence[str]) -> str:
    """The policy, with the inline scripts allowed by their hashes (``'sha256-…'``)."""
    directives = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def install_security_headers(server: flask.Flask, script_hashes: Sequence[str]) -> None:
    """Put the headers on every response of ``server`` (a handler's own values are kept)."""
    headers = {
        "Content-Security-Policy": content_security_policy(script_hashes),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
    }

    @server.after_request
    def secure(response: flask.Response) -> flask.Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        if not flask.request.path.startswith(PUBLIC_STATIC):
            response.headers.setdefault("Cache-Control", "no-store")
        return response
