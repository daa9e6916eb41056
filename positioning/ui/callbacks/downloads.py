"""The Export panel's downloads: the chart as png/svg/pdf, the deck (on the user's deck template) and
the canvas as YAML."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import dash
from dash import Input, Output, State, dcc

from positioning.core.loader import CanvasError
from positioning.http.auth import current_user
from positioning.i18n.wording import every
from positioning.output.deck_template import TemplateError
from positioning.output.downloads import download
from positioning.output.export import PRESETS, ExportError, ExportRequestError
from positioning.rendering.renderer import Renderer
from positioning.store.db import Database
from positioning.store.deck_templates import DeckTemplates
from positioning.ui import edits, ids, inputs
from positioning.ui.callbacks.views import CHART_INPUTS
from positioning.ui.callbacks.wiring import KEEP, given, message_view, typed_callback
from positioning.ui.controller import view_request


@dataclass(frozen=True)
class Downloaded:
    """The file sent, or why not (a message)."""

    file: Any = KEEP
    message: Any = KEEP


def download_file(
    data: object,
    kind: str,
    preset: object,
    scale: object,
    shown: object,
    order: object,
    language: object,
    renderer: Renderer | None = None,
    *,
    chart: Mapping[str, object] | None = None,
    deck_template: bytes | None = None,
) -> tuple[str, bytes]:
    """File name and bytes of a download: the chart as png/svg/pdf (with the
    layers, segment and filters of ``chart``, as on screen), the deck (on ``deck_template``, else the
    default one), or the canvas as YAML. The arguments are the page's values as sent: raises
    :class:`CanvasError` for an unreadable canvas and
    :class:`ExportRequestError` for a value the page could not have sent."""
    request = view_request(data, shown, order, language, chart)
    if request is None:
        edits.read(data)  # an unreadable canvas says why
        if inputs.order(order) is None or inputs.language(language) is None:
            raise ExportRequestError(f"cannot export in the order {order!r} and the language {language!r}")
        raise ExportRequestError(f"cannot export with the layers {(chart or {}).get('layers')!r}")
    chosen = inputs.text(preset)
    # a filter that keeps no factor draws them all, as on screen
    view = replace(request.view, preset=chosen if chosen in PRESETS else None, only=request.view.only or None)
    name, content, _ = download(
        request.canvas, kind, view, scale=_scale(scale), renderer=renderer, template=deck_template
    )
    return name, content


def _scale(value: object) -> float:
    """The export slider's scale (1 when unset); the export checks its range."""
    scale = 1.0 if value is None else inputs.number(value)
    if scale is None:
        raise ExportRequestError(f"the scale must be a number, not {value!r}")
    return scale


def downloaded(kind: str, values: Mapping[str, Any], renderer: Renderer, deck_template: bytes | None) -> Downloaded:
    """The download of ``kind`` the page asked for, or the message why not."""
    view = {name: values.get(name) for name in ("preset", "scale", "shown", "order")}
    try:
        name, content = download_file(
            values.get("data"),
            kind,
            **view,
            language=values.get("language") or "en",
            renderer=renderer,
            chart=values.get("chart"),
            deck_template=deck_template,
        )
    except TemplateError as error:  # the user's template, kept before a check it now fails: why, in each language
        return Downloaded(message=message_view(("error", every(error.message), [])))
    except (ExportError, CanvasError) as error:
        # The renderer replaces a browser that died by itself; closing it here
        # would break the downloads other users are drawing with it.
        return Downloaded(message=message_view(("error", str(error), [])))
    return Downloaded(file=dcc.send_bytes(content, name))


def register(app: dash.Dash, *, database: Database, renderer: Renderer) -> None:
    @typed_callback(
        app,
        Downloaded,
        {"file": Output(ids.DOWNLOAD, "data"), "message": Output(ids.MESSAGE, "children", allow_duplicate=True)},
        inputs={"clicks": {kind: Input(bid, "n_clicks") for kind, bid in ids.DOWNLOAD_BUTTONS.items()}},
        state={
            "data": State(ids.STORE, "data"),
            "preset": State(ids.PRESET, "value"),
            "scale": State(ids.SCALE, "value"),
            "shown": State(ids.SHOWN, "value"),
            "order": State(ids.ORDER, "value"),
            "language": State(ids.LANGUAGE, "value"),
            "chart": {name: State(i.component_id, i.component_property) for name, i in CHART_INPUTS.items()},
        },
        prevent_initial_call=True,
    )
    def download_clicked(clicks: Any, **values: Any) -> Downloaded:
        trigger = dash.ctx.triggered_id
        kind = given(next((k for k, bid in ids.DOWNLOAD_BUTTONS.items() if bid == trigger), None))
        deck_template = DeckTemplates(database, current_user()).get() if kind == "pptx" else None
        return downloaded(kind, values, renderer, deck_template.data if deck_template else None)
