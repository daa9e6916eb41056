"""Component ids, shared by the layout, the callbacks and the browser tests."""

from ..model import CRITERIA

STORE = "canvas-store"
UNDO_STORE = "undo-store"
HIDDEN_STORE = "hidden-store"
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
