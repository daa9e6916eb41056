"""The page: a header to open canvases, a side panel to tune and export, and
tabs for the canvas, the ranking, the diagnosis and the data.

The page's root carries, as ``data-*`` attributes, what the scripts in
``assets/guards.js`` need: the upload's id and size limit, and the stores
they set when a file is too large or the server cannot be reached."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dash_ag_grid as dag
from dash import dcc, html

from positioning.core.loader import MAX_BYTES
from positioning.core.model import CATEGORIES, CRITERIA, SOURCES
from positioning.i18n.wording import LANGUAGES, category_label, plotly_locale, source_label, t
from positioning.output.export import PRESETS
from positioning.store.deck_templates import APP_TEMPLATE_BYTES
from positioning.ui import ids, pages, panel_books_view, survey_panel, uploads
from positioning.ui.annotations import panel as annotation_panel
from positioning.ui.grid_columns import grid_options
from positioning.ui.help_links import help_links
from positioning.ui.jobs_panel import jobs_panel
from positioning.ui.views import layer_options

#: Texts that follow the language switch: each is a span with id label-<key>.
LABEL_KEYS = (
    "app_title",
    "tagline",
    "template",
    "undo",
    "saving",
    "save_mine",
    "tune",
    "weights",
    *CRITERIA,
    "top",
    "competitors",
    "order",
    "export",
    "preset",
    "scale",
    "download_pptx",
    "download_xlsx",
    "download_yaml",
    "export_hint",
    "factors",
    "players",
    "add_factor",
    "add_player",
    "subject",
    "data_hint",
    "canvas_settings",
    "setting_title",
    "setting_subtitle",
    "setting_footnote",
    "setting_font",
    "setting_background",
    "setting_score",
    "setting_level",
    "setting_to",
    "setting_to_level",
    "settings_hint",
    "tornado_heading",
    "tornado_hint",
    "tornado_factor",
    "layers",
    "segment_pick",
    "filter_factors",
    "segments",
    "add_segment",
    "segments_hint",
    "deck_template",
    "deck_template_choose",
    "deck_template_use_default",
    "language_label",
    *panel_books_view.LABELS,
)
#: Buttons that appear twice (factor and player grids) carry their own ids.
BUTTON_LABELS = {
    ids.REMOVE_FACTOR: "remove",
    ids.FACTOR_UP: "up",
    ids.FACTOR_DOWN: "down",
    ids.REMOVE_PLAYER: "remove",
    ids.PLAYER_UP: "up",
    ids.PLAYER_DOWN: "down",
    ids.REMOVE_SEGMENT: "remove",
}


#: The chart's toolbar: download and zoom, nothing that sends the chart to an outside service
#: (plotly.js offers "Share chart" to its cloud unless told not to) and no selection tools.
CANVAS_GRAPH_CONFIG: Any = {
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud", "editInChartStudio", "select2d", "lasso2d"],
    "toImageButtonOptions": {"width": 1600, "height": 900},
}


def canvas_graph_config(language: str) -> dict[str, Any]:
    """The chart's config, its toolbar in ``language``."""
    return {**CANVAS_GRAPH_CONFIG, **plotly_locale(language)}


#: Messages the browser shows without asking the server, by language.
#: (To move into positioning.i18n.wording as the key "not_saved".)
BROWSER_WORDING = {code: {key: t(code, key) for key in ("not_saved", "app_title")} for code in LANGUAGES}


def _tornado() -> html.Div:
    """The tornado chart of one factor, with its picker (kept across edits)."""
    return html.Div(
        className="tornado",
        children=[
            html.H3([label("tornado_heading"), *help_links("tornado")]),
            html.P(label("tornado_hint"), className="muted"),
            html.Label(
                className="field",
                children=[
                    label("tornado_factor"),
                    dcc.Dropdown(id=ids.TORNADO_FACTOR, clearable=False, searchable=True),
                ],
            ),
            html.P(id=ids.TORNADO_CAPTION, className="tornado-caption"),
            dcc.Graph(id=ids.TORNADO_GRAPH, config={"displaylogo": False, "displayModeBar": False}),
        ],
    )


def label(key: str) -> html.Span:
    return html.Span(t("en", key), id=ids.label(key))


#: The upload's words, which name its file input (assets/a11y.js).
UPLOAD_PROMPT = "upload-prompt"


def upload_prompt(language: str) -> html.Div:
    return html.Div(
        [html.Span("⇪ ", className="icon", **pages.HIDDEN), html.Span(t(language, "upload"), id=UPLOAD_PROMPT)]
    )


def named(key: str, *children: Any, **attributes: Any) -> html.Div:
    """``children`` in a box whose controls (sliders, inputs, dropdowns, grids) assets/a11y.js names
    after the visible label ``key`` (its span from :func:`label`): their accessible name, in the page's
    language."""
    return html.Div(list(children), **pages.labelled_by(ids.label(key)), **attributes)


#: Every dropdown of the pages: its built-in words (search, select all, ...) follow the language.
DROPDOWNS = (
    ids.CANVAS_PICKER,
    ids.EXAMPLE,
    ids.TORNADO_FACTOR,
    ids.PRESET,
    ids.SEGMENT,
    ids.CATEGORY_FILTER,
    ids.SOURCE_FILTER,
    ids.LIST_EXAMPLE,
    ids.HISTORY_FROM,
    ids.HISTORY_TO,
)
_DROPDOWN_WORDS = (
    "select_all",
    "deselect_all",
    "selected_count",
    "search",
    "clear_search",
    "clear_selection",
    "no_options_found",
)


def dropdown_labels(language: str) -> dict[str, str]:
    """A dropdown's ``labels`` in ``language`` ("{num_selected}" is the dropdown's own placeholder)."""
    return {
        key: t(language, f"dropdown_{key}", **({"num_selected": "{num_selected}"} if key == "selected_count" else {}))
        for key in _DROPDOWN_WORDS
    }


def preset_options(language: str = "en") -> list[dict[str, str]]:
    return [{"label": f"{t(language, k)} · {w}×{h}", "value": k} for k, (w, h) in PRESETS.items()]


def order_options(language: str) -> list[dict[str, str]]:
    return [
        {"label": t(language, "order_file"), "value": "file"},
        {"label": t(language, "order_rank"), "value": "rank"},
        {"label": t(language, "order_category"), "value": "category"},
    ]


def category_options(language: str) -> list[dict[str, str]]:
    return [*({"label": category_label(language, c), "value": c} for c in CATEGORIES), _no_value(language)]


def source_options(language: str) -> list[dict[str, str]]:
    return [*({"label": source_label(language, s), "value": s} for s in SOURCES), _no_value(language)]


def _no_value(language: str) -> dict[str, str]:
    return {"label": t(language, "filter_unset"), "value": ""}


def background_options(language: str) -> list[dict[str, str]]:
    return [{"label": t(language, f"background_{b}"), "value": b} for b in ("white", "transparent")]


def build_layout(examples: Sequence[tuple[str, str]]) -> html.Div:
    """The editor page; ``examples`` lists (title, key) of the bundled canvases.
    The canvas comes from the workspace once the page knows its address."""
    guards: dict[str, Any] = {
        # the uploads guards.js checks
        "data-upload": " ".join(
            (ids.UPLOAD, ids.LIST_UPLOAD, ids.DECK_TEMPLATE, ids.JOBS_UPLOAD, ids.PANEL_BOOKS_UPLOAD, ids.SURVEY_UPLOAD)
        ),
        "data-upload-limit": str(MAX_BYTES),
        "data-upload-refused": ids.UPLOAD_REFUSED,
        "data-save-failed": ids.SAVE_FAILED,
        "data-criteria": " ".join(CRITERIA),  # the order of the weight sliders the browser puts back
        "data-undo": ids.UNDO,  # Ctrl+Z and Ctrl+Shift+Z click these (assets/workspace.js)
        "data-redo": ids.REDO,
        "data-browser-import": ids.BROWSER_IMPORT,  # assets/import_local.js reports the one-time import here
        "data-graph-width": ids.GRAPH_WIDTH,  # assets/graph_size.js measures the chart's width into it
    }
    return html.Div(
        id=ids.ROOT,
        className="app page-loading",
        **guards,
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.STORE),
            dcc.Store(id=ids.CANVAS_ID),
            dcc.Store(id=ids.VERSION),
            dcc.Store(id=ids.HIDDEN_STORE, storage_type="local", data=[]),
            dcc.Store(id=ids.UPLOAD_REFUSED),
            dcc.Store(id=ids.SAVE_FAILED),
            dcc.Store(id=ids.BROWSER_TEXT, data=BROWSER_WORDING),
            dcc.Store(id=ids.PAGE_LANGUAGE),
            # The workspace: per-tab undo/redo stacks, and what drawn rows' buttons ask for.
            dcc.Store(id=ids.UNDO_STACKS, storage_type="session", data={}),
            dcc.Store(id=ids.LIST_ACTION),
            dcc.Store(id=ids.LIST_REFRESH, data=0),
            dcc.Store(id=ids.LIST_RENAMING),
            dcc.Store(id=ids.RESTORE_REQUEST),
            dcc.Store(id=ids.SHARE_REVOKE),
            dcc.Store(id=ids.BROWSER_IMPORT),
            _header(examples),
            html.Div(id=ids.MESSAGE, className="message", role="status"),
            pages.list_page(examples, below=jobs_panel()),
            html.Div(
                id=ids.EDITOR_PAGE,
                className="editor",
                children=[pages.title_bar(), html.Div(className="body", children=[_side_panel(), _main()])],
            ),
            pages.missing_page(),
        ],
    )


def _header(examples: Sequence[tuple[str, str]]) -> html.Header:
    return html.Header(
        className="header",
        children=[
            dcc.Link(
                className="brand",
                href="/",
                children=[html.H1(label("app_title")), html.P(label("tagline"))],
            ),
            html.Div(
                className="open",
                children=[
                    dcc.Dropdown(
                        id=ids.CANVAS_PICKER,
                        options=[],
                        placeholder=t("en", "my_canvases"),
                        clearable=False,
                        className="canvas-picker",
                    ),
                    pages.example_picker(ids.EXAMPLE, examples, t("en", "example"), "example-picker"),
                    html.Div(
                        dcc.Upload(
                            id=ids.UPLOAD,
                            children=upload_prompt("en"),
                            className="upload",
                            max_size=MAX_BYTES,  # assets/guards.js says so before dcc.Upload drops a larger file
                            accept=uploads.accept(ids.UPLOAD),  # ... or one of another kind
                        ),
                        className="upload-box",
                        **pages.labelled_by(UPLOAD_PROMPT),
                    ),
                    html.Button(label("template"), id=ids.BLANK, className="button secondary"),
                ],
            ),
            named(
                "language_label",
                html.Span(label("language_label"), className="visually-hidden"),
                dcc.RadioItems(
                    id=ids.LANGUAGE,
                    options=[{"label": name, "value": code} for code, name in LANGUAGES.items()],
                    value="en",
                    persistence=True,
                    persistence_type="local",
                    className="language",
                    inline=True,
                ),
                className="language-box",
            ),
        ],
    )


def _slider(component_id: str, low: float, high: float, step: float, value: float) -> dcc.Slider:
    return dcc.Slider(
        id=component_id,
        min=low,
        max=high,
        step=step,
        value=value,
        marks=None,
        tooltip={"placement": "right", "always_visible": False},
        updatemode="mouseup",
    )


def _weight_field(criterion: str) -> html.Div:
    """A criterion's weight: its slider, the number (typed or slid) and its
    share of all the weights in percent."""
    return html.Div(
        className="field weight",
        children=[
            html.Div(
                className="weight-head",
                children=[label(criterion), html.Span(id=ids.WEIGHT_SHARES[criterion], className="weight-share")],
            ),
            html.Div(
                className="weight-row",
                **pages.labelled_by(ids.label(criterion)),
                children=[
                    _slider(ids.WEIGHTS[criterion], 0, 1, 0.05, 0.25),
                    dcc.Input(
                        id=ids.WEIGHT_NUMBERS[criterion],
                        type="number",
                        step="any",
                        debounce=True,
                        className="weight-number",
                    ),
                ],
            ),
        ],
    )


def _settings() -> html.Section:
    """The canvas's own settings: title, the chart's style and the scales."""

    def text(field: str, max_length: int) -> html.Label:
        control = dcc.Input(id=ids.SETTINGS[field], type="text", debounce=True, maxLength=max_length)
        return html.Label(className="setting", children=[label(f"setting_{field}"), control])

    def scale(name: str, to_key: str) -> html.Div:
        ends = [
            dcc.Input(id=ids.SETTINGS[f"{name}_{end}"], type="number", step="any", debounce=True, className="scale-end")
            for end in ("low", "high")
        ]
        return html.Div(
            className="setting",
            children=[
                label(f"setting_{name}"),
                html.Div(
                    className="scale-ends",
                    children=[
                        html.Div(ends[0], **pages.labelled_by(ids.label(f"setting_{name}"))),
                        label(to_key),
                        html.Div(ends[1], **pages.labelled_by(f"{ids.label(f'setting_{name}')} {ids.label(to_key)}")),
                    ],
                ),
            ],
        )

    background = dcc.RadioItems(
        id=ids.SETTINGS["background"], options=background_options("en"), inline=True, className="radio"
    )
    return html.Section(
        className="settings",
        children=[
            html.H3(label("canvas_settings")),
            html.Div(
                className="settings-grid",
                children=[
                    text("title", 200),
                    text("subtitle", 300),
                    text("footnote", 300),
                    text("font", 300),
                    named("setting_background", label("setting_background"), background, className="setting"),
                    scale("score", "setting_to"),
                    scale("level", "setting_to_level"),
                ],
            ),
            html.P(label("settings_hint"), className="muted small"),
            html.Div(id=ids.SETTINGS_MESSAGE, className="message inline", role="status"),
        ],
    )


def _side_panel() -> html.Aside:
    return html.Aside(className="side", children=[_tune_panel(), _export_panel()])


def _tune_panel() -> html.Section:
    """The weights, the shortlist size, the subject, the competitors shown, the order and the chart's layers."""
    return html.Section(
        className="panel",
        children=[
            html.H2(label("tune")),
            html.H4(label("weights")),
            *[_weight_field(c) for c in CRITERIA],
            named(
                "top",
                html.H4([label("top"), html.Span(id=ids.TOP_TEXT, className="top-number")]),
                _slider(ids.TOP, 1, 10, 1, 3),
                className="field",
            ),
            html.H4(label("subject")),
            named("subject", dcc.RadioItems(id=ids.SUBJECT, options=[], className="radio stacked")),
            html.H4(label("competitors")),
            named("competitors", dcc.Checklist(id=ids.SHOWN, options=[], value=[], className="checklist")),
            html.H4(label("order")),
            named(
                "order",
                dcc.RadioItems(
                    id=ids.ORDER,
                    options=order_options("en"),
                    value="file",
                    persistence=True,
                    persistence_type="local",
                    inline=True,
                    className="radio",
                ),
            ),
            *_chart_controls(),
        ],
    )


def _export_panel() -> html.Section:
    """The export preset and scale, the downloads and the deck template."""
    return html.Section(
        className="panel",
        children=[
            html.H2(label("export")),
            html.H4(label("preset")),
            named(
                "preset",
                dcc.Dropdown(
                    id=ids.PRESET,
                    options=preset_options(),
                    value="slide-16x9",
                    clearable=False,
                    searchable=False,
                    persistence=True,
                    persistence_type="local",
                ),
            ),
            html.H4(label("scale")),
            named(
                "scale",
                dcc.Slider(
                    id=ids.SCALE,
                    min=1,
                    max=4,
                    step=1,
                    value=2,
                    marks={i: f"{i}×" for i in range(1, 5)},
                    persistence=True,
                    persistence_type="local",
                ),
            ),
            _downloads(),
            _deck_template(),
            dcc.Loading(dcc.Download(id=ids.DOWNLOAD), type="dot", color="#0b5cad"),
            html.P(label("export_hint"), className="muted small"),
        ],
    )


def _downloads() -> html.Div:
    """The download buttons: the chart as an image, the deck and the canvas file."""
    return html.Div(
        className="downloads",
        children=[
            html.Button("PNG", id=ids.DOWNLOAD_BUTTONS["png"], className="button"),
            html.Button("SVG", id=ids.DOWNLOAD_BUTTONS["svg"], className="button"),
            html.Button("PDF", id=ids.DOWNLOAD_BUTTONS["pdf"], className="button"),
            html.Button(label("download_pptx"), id=ids.DOWNLOAD_BUTTONS["pptx"], className="button secondary"),
            html.Button(label("download_xlsx"), id=ids.DOWNLOAD_BUTTONS["xlsx"], className="button secondary"),
            html.Button(label("download_yaml"), id=ids.DOWNLOAD_BUTTONS["yaml"], className="button secondary"),
        ],
    )


def _deck_template() -> html.Div:
    """The PowerPoint template decks are built on: the user's own (kept on the server) or the default.
    Its own size limit (``data-upload-limit``) is the one guards.js checks it against."""
    limit: dict[str, Any] = {"data-upload-limit": str(APP_TEMPLATE_BYTES)}
    return html.Div(
        className="deck-template",
        **limit,
        children=[
            html.H4(label("deck_template")),
            html.Div(id=ids.DECK_TEMPLATE_NAME, className="muted small"),
            html.Div(
                className="deck-template-row",
                children=[
                    named(
                        "deck_template_choose",
                        dcc.Upload(
                            id=ids.DECK_TEMPLATE,
                            children=html.Span(label("deck_template_choose"), className="button secondary"),
                            accept=uploads.accept(ids.DECK_TEMPLATE),
                        ),
                    ),
                    html.Button(
                        label("deck_template_use_default"), id=ids.DECK_TEMPLATE_CLEAR, className="button secondary"
                    ),
                ],
            ),
            html.Div(id=ids.DECK_TEMPLATE_MESSAGE, className="message inline", role="status"),
        ],
    )


def _chart_controls() -> list[Any]:
    """The chart's layers (the to-be curve, customer importance), whose importance, and the factor filters."""
    return [
        html.H4(label("layers")),
        named(
            "layers",
            dcc.Checklist(
                id=ids.LAYERS,
                options=layer_options("en"),
                value=["target"],
                persistence=True,
                persistence_type="local",
                className="checklist",
            ),
        ),
        html.H4(label("segment_pick")),
        named("segment_pick", dcc.Dropdown(id=ids.SEGMENT, options=[], value="", clearable=False, searchable=False)),
        html.H4(label("filter_factors")),
        named(
            "filter_factors",
            dcc.Dropdown(
                id=ids.CATEGORY_FILTER,
                options=category_options("en"),
                multi=True,
                placeholder=t("en", "filter_category"),
            ),
            dcc.Dropdown(
                id=ids.SOURCE_FILTER, options=source_options("en"), multi=True, placeholder=t("en", "filter_source")
            ),
        ),
    ]


def _grid(component_id: str) -> dag.AgGrid:
    return dag.AgGrid(
        id=component_id,
        rowData=[],
        columnDefs=[],
        defaultColDef={
            "editable": True,
            "sortable": False,
            "resizable": True,
            "suppressMovable": True,
            "wrapHeaderText": True,  # headers whole, on as many lines as they need
            "autoHeaderHeight": True,
        },
        dashGridOptions=grid_options("en", 0),
        getRowId="params.data.name",
        className="grid",
    )


def _buttons(*buttons: tuple[str, Any, str]) -> html.Div:
    return html.Div(
        className="toolbar",
        children=[html.Button(text, id=bid, className=f"button {kind}") for bid, text, kind in buttons],
    )


#: A <details> whose opening assets/views.js tells the server (its content is drawn once it is open).
_TELL_OPEN: dict[str, Any] = {"data-tell-open": "true"}


def _main() -> html.Main:
    return html.Main(
        className="main",
        children=[
            *(dcc.Store(id=source) for source in ids.TAB_SOURCES.values()),
            _tabs(),
        ],
    )


def _tabs() -> dcc.Tabs:
    return dcc.Tabs(
        id=ids.TABS,
        value="canvas",
        className="tabs",
        persistence=True,  # the tab shown is kept across a reload, per browser tab
        persistence_type="session",
        mobile_breakpoint=0,  # a row of tabs on a phone too (it scrolls sideways), not a column
        children=[
            dcc.Tab(
                id=ids.TAB_IDS["tab_canvas"],
                label=t("en", "tab_canvas"),
                value="canvas",
                children=[
                    html.Div(id=ids.BANNER),
                    dcc.Store(id=ids.GRAPH_WIDTH),
                    html.Div(
                        className="graph-scroll",
                        children=dcc.Graph(id=ids.GRAPH, className="canvas-graph", config=CANVAS_GRAPH_CONFIG),
                    ),
                    html.P(id=ids.GRAPH_NOTE, className="muted small graph-note"),
                    # assets/views.js tells the server when it is opened: its table is drawn then
                    html.Details(id=ids.CHART_TABLE, className="chart-table", **_TELL_OPEN),
                    annotation_panel(),
                ],
            ),
            dcc.Tab(
                id=ids.TAB_IDS["tab_ranking"],
                label=t("en", "tab_ranking"),
                value="ranking",
                children=[html.Div(id=ids.RANKING), _tornado()],
            ),
            dcc.Tab(
                id=ids.TAB_IDS["tab_diagnosis"],
                label=t("en", "tab_diagnosis"),
                value="diagnosis",
                children=html.Div(id=ids.DIAGNOSIS),
            ),
            _data_tab(),
            dcc.Tab(
                id=ids.TAB_IDS["tab_history"],
                label=t("en", "tab_history"),
                value=ids.TAB_HISTORY,
                children=pages.history_tab(),
            ),
        ],
    )


def _data_tab() -> dcc.Tab:
    """The Data tab: the canvas's settings, and its factors, players and segments in grids."""
    return dcc.Tab(
        id=ids.TAB_IDS["tab_data"],
        label=t("en", "tab_data"),
        value="data",
        children=html.Div(
            className="data",
            children=[
                _settings(),
                html.P(label("data_hint"), className="muted"),
                html.H3(label("factors")),
                _buttons(
                    (ids.ADD_FACTOR, label("add_factor"), "secondary"),
                    (ids.REMOVE_FACTOR, t("en", "remove"), "secondary"),
                    (ids.FACTOR_UP, t("en", "up"), "secondary"),
                    (ids.FACTOR_DOWN, t("en", "down"), "secondary"),
                ),
                html.Div(id=ids.FACTOR_MESSAGE, className="message inline", role="status"),
                named("factors", _grid(ids.FACTOR_GRID)),
                dcc.ConfirmDialog(id=ids.PANEL_SCORE_CONFIRM),
                dcc.Store(id=ids.PANEL_SCORE_PENDING),
                html.H3(label("players")),
                _buttons(
                    (ids.ADD_PLAYER, label("add_player"), "secondary"),
                    (ids.REMOVE_PLAYER, t("en", "remove"), "secondary"),
                    (ids.PLAYER_UP, t("en", "up"), "secondary"),
                    (ids.PLAYER_DOWN, t("en", "down"), "secondary"),
                ),
                html.Div(id=ids.PLAYER_MESSAGE, className="message inline", role="status"),
                named("players", _grid(ids.PLAYER_GRID)),
                html.H3(label("segments")),
                html.P(label("segments_hint"), className="muted"),
                _buttons(
                    (ids.ADD_SEGMENT, label("add_segment"), "secondary"),
                    (ids.REMOVE_SEGMENT, t("en", "remove"), "secondary"),
                ),
                html.Div(id=ids.SEGMENT_MESSAGE, className="message inline", role="status"),
                named("segments", _grid(ids.SEGMENT_GRID)),
                survey_panel.survey_box(),
                panel_books_view.section(),
            ],
        ),
    )
