"""The workshop on the projector: the link as a QR code in the facilitator's panel, and a full-screen
view for the room (the QR big, the canvas's title, the link in large type, and how many have joined
and how many scores they have given, live, from the status the panel polls). The view has no
controls but its Close button; assets/projector.js opens it (the browser's full screen where it can,
else a fixed overlay) and closes it (Close, Esc, or leaving full screen).

The view is the owner's: it is part of the editor page and its content comes from the workshop
panel's callback, which asks for the workshop as the signed-in owner. The QR image
(``/w/<token>/qr.svg``) needs only the token, and shows only the link the token already is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from dash import html

from positioning.core.messages import counted
from positioning.i18n.wording import t, words
from positioning.store.workshops import Status
from positioning.ui import ids

#: Decoration a screen reader skips.
HIDDEN: dict[str, Any] = {"aria-hidden": "true"}
#: The projector view's title element (its dialog is named after it).
TITLE_ID = "workshop-projector-title"


@dataclass(frozen=True)
class Turnout:
    """How far a workshop is: who has joined and how many scores they have given in all."""

    participants: int
    scores: int


def _attributes(named: dict[str, str]) -> dict[str, Any]:
    """``aria-*`` and ``data-*`` attributes, as keyword arguments of a component."""
    return named


def turnout(status: Status) -> Turnout:
    return Turnout(len(status.participants), sum(p.count() for p in status.participants))


def qr_source(link: str) -> str:
    """The QR image's address: the link's own path (same origin as the page, whatever the host
    the server was reached by) with ``/qr.svg``."""
    return urlsplit(link).path + "/qr.svg"


def qr_image(link: str, language: str, class_name: str) -> html.Img:
    """The workshop link as a QR code, named for a screen reader by the link it holds."""
    return html.Img(src=qr_source(link), alt=t(language, "workshop_qr_alt", link=link), className=class_name)


def panel_code(link: str, language: str) -> html.Div:
    """The QR code beside the link in the facilitator's panel, and the button to the projector view."""
    return html.Div(
        className="workshop-code",
        children=[
            qr_image(link, language, "workshop-qr"),
            html.Div(
                className="workshop-code-side",
                children=[
                    html.P(t(language, "projector_scan"), className="small muted"),
                    html.Button(
                        t(language, "workshop_projector"),
                        type="button",
                        className="button small",
                        **_attributes({"data-projector-open": ids.WORKSHOP_PROJECTOR, "aria-haspopup": "dialog"}),
                    ),
                ],
            ),
        ],
    )


def shell() -> html.Div:
    """The projector view, closed: its Close button and the place its content goes (always on the
    editor page, so the view stays open while its content is redrawn)."""
    return html.Div(
        id=ids.WORKSHOP_PROJECTOR,
        className="projector",
        role="dialog",
        **_attributes({"aria-modal": "true", "aria-labelledby": TITLE_ID, "data-projector-view": "true"}),
        children=[
            html.Button(
                [html.Span("×", className="projector-x", **HIDDEN), _close_label()],
                type="button",
                className="projector-close",
                **_attributes({"data-projector-close": "true"}),
            ),
            html.Div(id=ids.WORKSHOP_PROJECTOR_BODY, className="projector-body"),
        ],
    )


def _close_label() -> html.Span:
    return html.Span(t("en", "projector_close"), id=ids.label("projector_close"))


def content(status: Status | None, link: str, title: str, language: str) -> Any:
    """What the projector shows: the title (text), the QR code, the link, and the turnout; with no
    workshop open, that none is."""
    if status is None:
        return html.P(t(language, "workshop_none"), id=TITLE_ID, className="projector-none")
    now = turnout(status)
    return html.Div(
        className="projector-content",
        lang=language,
        children=[
            html.H2(title or t(language, "ws_title"), id=TITLE_ID, className="projector-title"),
            html.Div(
                className="projector-main",
                children=[
                    qr_image(link, language, "projector-qr"),
                    html.Div(
                        className="projector-side",
                        children=[
                            html.P(t(language, "projector_scan"), className="projector-scan"),
                            html.P(t(language, "projector_or_open"), className="projector-or"),
                            html.P(link, className="projector-link"),
                            html.Div(
                                className="projector-counts",
                                role="status",
                                children=[
                                    _count(now.participants, "projector_participants", "participants", language),
                                    _count(now.scores, "projector_scores", "scores", language),
                                ],
                            ),
                        ],
                    ),
                ],
            ),
        ],
    )


def _count(n: int, key: str, name: str, language: str) -> html.Div:
    return html.Div(
        className=f"projector-count projector-{name}",
        children=[
            html.Span(str(n), className="projector-number"),
            html.Span(words(counted(key, n), language), className="projector-what"),
        ],
    )
