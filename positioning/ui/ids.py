"""Component ids: the one place they are spelled. The layout, the views, the
callbacks, the assets' scripts (through the page's ``data-*`` attributes)
and the browser tests all take them from here."""

from __future__ import annotations

from ..model import CRITERIA

STORE = "canvas-store"
UNDO_STORE = "undo-store"
HIDDEN_STORE = "hidden-store"
#: Set by assets/guards.js when a chosen file is over the size limit: {name, size}.
UPLOAD_REFUSED = "upload-refused"
#: Set by assets/guards.js when a callback request could not reach the server.
SAVE_FAILED = "save-failed"
#: Messages the browser shows by itself (no server to ask): language -> key -> text.
BROWSER_TEXT = "browser-text"
UNDO = "undo-button"
EXAMPLE = "example-picker"
UPLOAD = "upload"
TEMPLATE = "template-button"
LANGUAGE = "language"
MESSAGE = "message"

WEIGHTS = {c: f"weight-{c}" for c in CRITERIA}
TOP = "top-slider"
SHOWN = "competitors-shown"
ORDER = "factor-order"

TABS = "tabs"
TAB_IDS = {
    "tab_canvas": "tab-canvas",
    "tab_ranking": "tab-ranking",
    "tab_diagnosis": "tab-diagnosis",
    "tab_data": "tab-data",
}
GRAPH = "canvas-graph"
BANNER = "verdict-banner"
RANKING = "ranking-panel"
DIAGNOSIS = "diagnosis-panel"

# Inside the ranking and diagnosis panels (built by views.py).
STRATEGY_TITLE = "strategy-title"
RANKING_TABLE = "ranking-table"
CONTRIBUTION_GRAPH = "contribution-graph"
DIVERGENCE_BARS = "divergence-bars"
ERRC_GRID = "errc-grid"

FACTOR_GRID = "factor-grid"
ADD_FACTOR = "add-factor"
REMOVE_FACTOR = "remove-factor"
FACTOR_UP = "factor-up"
FACTOR_DOWN = "factor-down"
PLAYER_GRID = "player-grid"
ADD_PLAYER = "add-player"
REMOVE_PLAYER = "remove-player"
PLAYER_UP = "player-up"
PLAYER_DOWN = "player-down"
SUBJECT = "subject-picker"

PRESET = "export-preset"
SCALE = "export-scale"
DOWNLOAD_BUTTONS = {
    "png": "download-png",
    "svg": "download-svg",
    "pdf": "download-pdf",
    "pptx": "download-pptx",
    "yaml": "download-yaml",
}
DOWNLOAD = "download"


def label(key: str) -> str:
    """The span holding the translated text ``key`` (e.g. ``label-tune``)."""
    return f"label-{key}"


def metric(key: str) -> str:
    """A diagnosis metric's value (e.g. ``metric-focus``)."""
    return f"metric-{key}"


# The workspace: which canvas the page shows, and whether it is saved.
ROOT = "app-root"
URL = "url"
CANVAS_ID = "canvas-id"
VERSION = "canvas-version"
CANVAS_PICKER = "canvas-picker"
SAVE_STATUS = "save-status"
SAVE_MINE = "save-mine"
