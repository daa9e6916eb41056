"""The Data tab's survey import: an upload for a survey's ratings (.csv, .xlsx), the scale they are on,
what the file must hold, and where the result is said. :mod:`positioning.ui.survey_import` reads it."""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from positioning.core.survey import MAX_SURVEY_BYTES, SCALES
from positioning.i18n.wording import t
from positioning.ui import ids, uploads
from positioning.ui.help_links import help_links
from positioning.ui.pages import HIDDEN, labelled_by
from positioning.ui.survey_import import DEFAULT_SCALE

#: The spans whose text follows the language.
LABEL_KEYS = ("survey_upload", "survey_upload_hint", "survey_scale")


def _label(key: str) -> html.Span:
    return html.Span(t("en", key), id=ids.label(key))


def survey_box() -> html.Div:
    """The upload, the scale (1-5 or 1-7) and the hint, then the message area of the import."""
    limit: dict[str, Any] = {"data-upload-limit": str(MAX_SURVEY_BYTES)}  # the one assets/guards.js checks
    upload = html.Div(
        dcc.Upload(
            id=ids.SURVEY_UPLOAD,
            children=html.Div([html.Span("⇪ ", className="icon", **HIDDEN), _label("survey_upload")]),
            className="upload survey-upload",
            max_size=MAX_SURVEY_BYTES,
            accept=uploads.accept(ids.SURVEY_UPLOAD),
        ),
        className="upload-box survey-upload",
        **labelled_by(ids.label("survey_upload")),
        **limit,
    )
    scale = html.Div(
        [
            _label("survey_scale"),
            dcc.RadioItems(
                id=ids.SURVEY_SCALE,
                options=[{"label": f"1–{n}", "value": n} for n in SCALES],
                value=DEFAULT_SCALE,
                inline=True,
                className="survey-scale",
            ),
        ],
        className="survey-scale-box",
        **labelled_by(ids.label("survey_scale")),
    )
    return html.Div(
        className="survey-import",
        children=[
            html.Div([upload, scale], className="toolbar"),
            html.P([_label("survey_upload_hint"), *help_links("importance_interval")], className="muted"),
            html.Div(id=ids.SURVEY_MESSAGE, className="message inline", role="status"),
        ],
    )
