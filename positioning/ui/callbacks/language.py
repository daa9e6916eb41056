"""The language switch (every text of the pages follows it; the page's lang attribute and title, in
the browser), and what the browser noticed by itself: a file too large, an edit the server never got."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash
from dash import ClientsideFunction, Input, Output, State

from positioning.core.model import CRITERIA
from positioning.i18n.wording import t
from positioning.ui import ids, inputs, jobs_panel, layout, pages, survey_panel
from positioning.ui.annotations import LABEL_KEYS as ANNOTATION_LABELS
from positioning.ui.callbacks.wiring import again, given, message_view, typed_callback
from positioning.ui.controller import upload_refused

#: The spans whose text follows the language.
LABEL_KEYS = (
    *layout.LABEL_KEYS,
    *pages.LABEL_KEYS,
    *jobs_panel.LABEL_KEYS,
    *ANNOTATION_LABELS,
    *survey_panel.LABEL_KEYS,
)


@dataclass(frozen=True)
class Translation:
    """Every text that follows the language switch."""

    labels: dict[str, str]
    buttons: dict[str, str]
    tabs: dict[str, str]
    example: str
    upload: Any
    background: Any
    order: Any
    preset: Any
    search: str
    list_example: str
    trash: Any
    load_latest_confirm: str
    categories: Any
    sources: Any
    category_placeholder: str
    source_placeholder: str
    graph_config: Any
    dropdowns: dict[str, Any]


def translated(language: str) -> Translation:
    """Every text of the pages in ``language``."""
    return Translation(
        labels={key: t(language, key) for key in LABEL_KEYS},
        buttons={bid: t(language, key) for bid, key in layout.BUTTON_LABELS.items()},
        tabs={key: t(language, key) for key in ids.TAB_IDS},
        example=t(language, "example"),
        upload=layout.upload_prompt(language),
        background=layout.background_options(language),
        order=layout.order_options(language),
        preset=layout.preset_options(language),
        search=t(language, "list_search"),
        list_example=t(language, "list_example"),
        trash=pages.trash_options(language),
        load_latest_confirm=t(language, "load_latest_confirm"),
        categories=layout.category_options(language),
        sources=layout.source_options(language),
        category_placeholder=t(language, "filter_category"),
        source_placeholder=t(language, "filter_source"),
        graph_config=layout.canvas_graph_config(language),
        dropdowns=dict.fromkeys(layout.DROPDOWNS, layout.dropdown_labels(language)),
    )


_TRANSLATED = {
    "labels": {key: Output(ids.label(key), "children") for key in LABEL_KEYS},
    "buttons": {bid: Output(bid, "children") for bid in layout.BUTTON_LABELS},
    "tabs": {key: Output(tab_id, "label") for key, tab_id in ids.TAB_IDS.items()},
    "example": Output(ids.EXAMPLE, "placeholder"),
    "upload": Output(ids.UPLOAD, "children"),
    "background": Output(ids.SETTINGS["background"], "options"),
    "order": Output(ids.ORDER, "options"),
    "preset": Output(ids.PRESET, "options"),
    "search": Output(ids.LIST_SEARCH, "placeholder"),
    "list_example": Output(ids.LIST_EXAMPLE, "placeholder"),
    "trash": Output(ids.LIST_TRASH, "options"),
    "load_latest_confirm": Output(ids.LOAD_LATEST_CONFIRM, "message"),
    "categories": Output(ids.CATEGORY_FILTER, "options"),
    "sources": Output(ids.SOURCE_FILTER, "options"),
    "category_placeholder": Output(ids.CATEGORY_FILTER, "placeholder"),
    "source_placeholder": Output(ids.SOURCE_FILTER, "placeholder"),
    "graph_config": Output(ids.GRAPH, "config"),
    "dropdowns": {dropdown: Output(dropdown, "labels") for dropdown in layout.DROPDOWNS},
}


@dataclass(frozen=True)
class UploadRefused:
    message: Any


#: Put back by the browser to the stored canvas when a change could not reach the server.
_SAVED_CONTROLS = [*(ids.WEIGHTS[c] for c in CRITERIA), ids.TOP]


def register(app: dash.Dash) -> None:
    """The language switch, and the messages for what the browser noticed."""

    @typed_callback(app, Translation, _TRANSLATED, inputs={"language": Input(ids.LANGUAGE, "value")})
    def translate(language: Any) -> Translation:
        return translated(given(inputs.language(language)))

    @typed_callback(
        app,
        UploadRefused,
        {"message": Output(ids.MESSAGE, "children", allow_duplicate=True)},
        inputs={"refused": Input(ids.UPLOAD_REFUSED, "data")},
        state={"language": State(ids.LANGUAGE, "value")},
        prevent_initial_call=True,
    )
    def refuse_upload(refused: Any, language: Any) -> UploadRefused:
        return UploadRefused(message_view(given(upload_refused(refused, language))))

    # In the browser: the page's lang attribute and title follow the language (assets/guards.js).
    app.clientside_callback(
        ClientsideFunction(namespace="positioning", function_name="pageLanguage"),
        Output(ids.PAGE_LANGUAGE, "data"),
        Input(ids.LANGUAGE, "value"),
        State(ids.BROWSER_TEXT, "data"),
    )
    # In the browser, for a change the server never got (assets/guards.js).
    app.clientside_callback(
        ClientsideFunction(namespace="positioning", function_name="notSaved"),
        again(Output(ids.MESSAGE, "children")),
        again(Output(ids.SAVE_STATUS, "children")),
        *[again(Output(control, "value")) for control in _SAVED_CONTROLS],
        Input(ids.SAVE_FAILED, "data"),
        State(ids.STORE, "data"),
        *[State(control, "value") for control in _SAVED_CONTROLS],
        State(ids.BROWSER_TEXT, "data"),
        State(ids.LANGUAGE, "value"),
        prevent_initial_call=True,
    )
