"""A share link's page answers with the link's state (issue 24 §15).

The read-only page of a share link (``/s/<token>``) is the app's own Dash page,
which looks the link up in its callbacks; a link that opens nothing used to
answer 200 and say so on the page. Now the page's answer carries the status
first: 404 for a link that never existed (or whose canvas is in the trash),
410 for one its owner revoked. The page itself is the same, so a browser
still shows its sentence. The look-up counts against the address's guesses
like every token look-up (:func:`~positioning.http.ratelimit.guarded`); the
workshop page (``/w/<token>``, :mod:`.workshop`) does the same on its own route.
"""

from __future__ import annotations

import re

import flask

from positioning.http.ratelimit import TooManyGuesses, guarded, too_many
from positioning.http.services import services
from positioning.store.repository import NotFound, Revoked, shared

_SHARE_PAGE = re.compile(r"/s/([^/]+)/?")


def install_link_status(server: flask.Flask) -> None:
    """Answer the share pages of ``server`` with 404 or 410 when their link opens nothing."""

    @server.after_request
    def link_status(response: flask.Response) -> flask.Response:
        match = _SHARE_PAGE.fullmatch(flask.request.path)
        if match is None or flask.request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        database = services().database
        try:
            guarded(lambda token: shared(database, token), match.group(1))
        except TooManyGuesses as refused:
            return too_many(refused.seconds)
        except Revoked:
            response.status_code = 410
        except NotFound:
            response.status_code = 404
        return response
