"""The Export panel's deck template (the PowerPoint master decks are built on): keep one, go back to
the default, say which is in use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash
from dash import Input, Output, State

from positioning.http.auth import current_user
from positioning.store.db import Database
from positioning.store.deck_templates import DeckTemplates
from positioning.ui import ids, inputs
from positioning.ui.callbacks.wiring import KEEP, message_view, typed_callback
from positioning.ui.deck_templates import DeckTemplateState, deck_template_outputs


@dataclass(frozen=True)
class DeckTemplateView:
    name: str
    message: Any
    upload: None


def deck_template_view(state: DeckTemplateState) -> DeckTemplateView:
    """What the page shows of the control (a message stays until there is another)."""
    return DeckTemplateView(state.name, message_view(state.message) if state.message else KEEP, state.upload)


def register(app: dash.Dash, *, database: Database) -> None:
    @typed_callback(
        app,
        DeckTemplateView,
        {
            "name": Output(ids.DECK_TEMPLATE_NAME, "children"),
            "message": Output(ids.DECK_TEMPLATE_MESSAGE, "children"),
            "upload": Output(ids.DECK_TEMPLATE, "contents"),
        },
        inputs={
            "contents": Input(ids.DECK_TEMPLATE, "contents"),
            "clear": Input(ids.DECK_TEMPLATE_CLEAR, "n_clicks"),
            "language": Input(ids.LANGUAGE, "value"),
        },
        state={"filename": State(ids.DECK_TEMPLATE, "filename")},
    )
    def deck_template(language: Any, **values: Any) -> DeckTemplateView:
        store = DeckTemplates(database, current_user())
        words = inputs.language(language) or "en"
        return deck_template_view(deck_template_outputs(store, dash.ctx.triggered_id, values, words))
