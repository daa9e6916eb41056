"""Component ids: the one place they are spelled. The layout, the views, the
callbacks, the assets' scripts (through the page's ``data-*`` attributes)
and the browser tests all take them from here."""

from __future__ import annotations

from positioning.core.model import CRITERIA

STORE = "canvas-store"
HIDDEN_STORE = "hidden-store"
#: Set by assets/guards.js when a chosen file is over the size limit: {name, size}.
UPLOAD_REFUSED = "upload-refused"
#: Set by assets/guards.js when a callback request could not reach the server.
SAVE_FAILED = "save-failed"
#: Messages the browser shows by itself (no server to ask): language -> key -> text.
BROWSER_TEXT = "browser-text"
#: The language the page's lang attribute and title were last set to (assets/guards.js).
PAGE_LANGUAGE = "page-language"
UNDO = "undo-button"
EXAMPLE = "example-picker"
UPLOAD = "upload"
#: "New from template": a new canvas from the blank one (configs/template.yaml).
BLANK = "template-button"
LANGUAGE = "language"
MESSAGE = "message"

WEIGHTS = {c: f"weight-{c}" for c in CRITERIA}
#: The typed weight beside each slider, and its share of the total in percent.
WEIGHT_NUMBERS = {c: f"weight-number-{c}" for c in CRITERIA}
WEIGHT_SHARES = {c: f"weight-share-{c}" for c in CRITERIA}
TOP = "top-slider"
TOP_TEXT = "top-number"
SHOWN = "competitors-shown"
ORDER = "factor-order"
#: The chart's optional layers (the to-be curve, customer importance), whose importance, and the factor filters.
LAYERS = "chart-layers"
SEGMENT = "importance-segment"
CATEGORY_FILTER = "category-filter"
SOURCE_FILTER = "source-filter"

TABS = "tabs"
TAB_IDS = {
    "tab_canvas": "tab-canvas",
    "tab_ranking": "tab-ranking",
    "tab_diagnosis": "tab-diagnosis",
    "tab_data": "tab-data",
    "tab_history": "tab-history",
}
GRAPH = "canvas-graph"
#: The chart's width on the page in pixels, measured by assets/graph_size.js.
GRAPH_WIDTH = "graph-width"
#: The chart's text alternative (its levels as a table), under the chart.
CHART_TABLE = "chart-table"
#: Says so when the chart is wider than its box (and scrolls sideways).
GRAPH_NOTE = "graph-note"
BANNER = "verdict-banner"
RANKING = "ranking-panel"
DIAGNOSIS = "diagnosis-panel"
#: The stored canvas, passed on to a tab's own callbacks only while the tab is shown (assets/views.js):
#: a weight change with the chart shown sends the Ranking, Diagnosis and Data tabs nothing.
TAB_SOURCES = {"ranking": "ranking-source", "diagnosis": "diagnosis-source", "data": "data-source"}

# Inside the ranking and diagnosis panels (built by views.py).
STRATEGY_TITLE = "strategy-title"
RANKING_TABLE = "ranking-table"
CONTRIBUTION_GRAPH = "contribution-graph"
ROBUSTNESS = "robustness-summary"
PANEL_VIEW = "panel-view"
TORNADO_FACTOR = "tornado-factor"
TORNADO_GRAPH = "tornado-graph"
TORNADO_CAPTION = "tornado-caption"
DIVERGENCE_BARS = "divergence-bars"
ERRC_GRID = "errc-grid"
ERRC_BASIS = "errc-basis"
#: The moves the ERRC grid keeps at the industry level, named under it.
ERRC_WITHIN = "errc-within"
PEAK_REASONS = "peak-reasons"
VOICE = "customer-voice"
MOVES = "target-moves"

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
SEGMENT_GRID = "segment-grid"
ADD_SEGMENT = "add-segment"
REMOVE_SEGMENT = "remove-segment"
SEGMENT_MESSAGE = "segment-message"
#: The user's PowerPoint template for decks: its upload, its name, "use the default" and what was said.
DECK_TEMPLATE = "deck-template-upload"
DECK_TEMPLATE_NAME = "deck-template-name"
DECK_TEMPLATE_CLEAR = "deck-template-clear"
DECK_TEMPLATE_MESSAGE = "deck-template-message"
SUBJECT = "subject-picker"
#: The canvas settings in the Data tab: field -> input. Style fields are named
#: as in the file; scales as ``<scale>_low`` / ``<scale>_high``.
SETTING_FIELDS = (
    "title",
    "subtitle",
    "footnote",
    "font",
    "background",
    "score_low",
    "score_high",
    "level_low",
    "level_high",
)
SETTINGS = {f: f"setting-{f}" for f in SETTING_FIELDS}
#: Where a refused edit in the Data tab is explained, next to what was edited.
SETTINGS_MESSAGE = "settings-message"
FACTOR_MESSAGE = "factor-message"
PLAYER_MESSAGE = "player-message"

PRESET = "export-preset"
SCALE = "export-scale"
DOWNLOAD_BUTTONS = {
    "png": "download-png",
    "svg": "download-svg",
    "pdf": "download-pdf",
    "pptx": "download-pptx",
    "xlsx": "download-xlsx",
    "yaml": "download-yaml",
}
DOWNLOAD = "download"
#: A scoring panel from several workbooks (Data tab): the upload, the preview, what it keeps, "Apply".
PANEL_BOOKS_UPLOAD = "panel-books-upload"
PANEL_BOOKS_PREVIEW = "panel-books-preview"
PANEL_BOOKS_STORE = "panel-books-store"
PANEL_BOOKS_APPLY = "panel-books-apply"


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
#: After a conflict whose two changes touch different fields: mine applied on top of theirs.
MERGE_MINE = "merge-mine"

# --- the workspace pages (workspace UI): list, editor title bar, history, share -------
#: The three sections of the page; the router shows one (positioning/ui/pages.py).
LIST_PAGE = "list-page"
EDITOR_PAGE = "editor-page"
MISSING_PAGE = "missing-page"
#: The list page ("My canvases").
LIST_SEARCH = "list-search"
LIST_TRASH = "list-trash"
LIST_NEW = "list-new"
LIST_EXAMPLE = "list-example"
LIST_UPLOAD = "list-upload"
LIST_ROWS = "list-rows"
LIST_MESSAGE = "list-message"
#: Bumped after a list action, so the rows are drawn again.
LIST_REFRESH = "list-refresh"
#: The canvas whose title is being renamed in the list.
LIST_RENAMING = "list-renaming"
#: Pattern-matching ids of the rows' buttons: {"type": LIST_ACTION, "action": ..., "id": canvas id}.
LIST_ACTION = "list-action"
LIST_RENAME_INPUT = "list-rename-input"
#: The list page's jobs panel: export many canvases in the background, and follow the jobs.
JOBS_CANVASES = "jobs-canvases"
JOBS_FORMAT = "jobs-format"
JOBS_START = "jobs-start"
JOBS_LIST = "jobs-list"
JOBS_MESSAGE = "jobs-message"
#: Polls the jobs while one is waiting or running (disabled otherwise).
JOBS_TICK = "jobs-tick"
#: What a job row's button asks for: {action: cancel|remove, value: job id}.
JOBS_ACTION = "jobs-action"
#: Upload a zip of canvas files to import; the imports already seen done (their canvases listed).
JOBS_UPLOAD = "jobs-upload"
JOBS_IMPORTED = "jobs-imported"
#: The editor's title bar.
EDITOR_TITLE = "editor-title"
REDO = "redo-button"
LOAD_LATEST = "load-latest"
LOAD_LATEST_CONFIRM = "load-latest-confirm"
#: Per-tab undo and redo stacks of version numbers, by canvas id (session storage).
UNDO_STACKS = "undo-stacks"
#: The History tab.
TAB_HISTORY = "history"
HISTORY_LIST = "history-list"
HISTORY_FROM = "history-from"
HISTORY_TO = "history-to"
HISTORY_DIFF = "history-diff"
#: Pattern-matching id of a version's Restore button: {"type": RESTORE_VERSION, "version": n}.
RESTORE_VERSION = "restore-version"
#: The version a Restore button asks for, passed to the edit callback.
RESTORE_REQUEST = "restore-request"
#: The Share control.
WORKSHOP_START = "workshop-start"
WORKSHOP_CLOSE = "workshop-close"
WORKSHOP_STATUS = "workshop-status"
WORKSHOP_TOKEN = "workshop-token"
WORKSHOP_TICK = "workshop-tick"
#: "Close without using the scores": the workshop closed, the canvas left as it is.
WORKSHOP_DISCARD = "workshop-discard"
#: The workshop's projector view (assets/projector.js opens and closes it) and its content.
WORKSHOP_PROJECTOR = "workshop-projector"
WORKSHOP_PROJECTOR_BODY = "workshop-projector-body"
#: Asked before a score typed takes a factor out of the panel (a confirm dialog), and the cells it holds.
PANEL_SCORE_CONFIRM = "panel-score-confirm"
PANEL_SCORE_PENDING = "panel-score-pending"
SHARE_CREATE = "share-create"
SHARE_LIST = "share-list"
#: Pattern-matching id of a link's Revoke button: {"type": SHARE_REVOKE, "token": token}.
SHARE_REVOKE = "share-revoke"
#: Set by assets/import_local.js once it has sent this browser's old canvas: {status, problems}.
BROWSER_IMPORT = "browser-import"

#: The chart's annotation form (positioning/ui/annotations.py).
ANNOTATION_FACTOR = "annotation-factor"
ANNOTATION_PLAYER = "annotation-player"
ANNOTATION_TEXT = "annotation-text"
ANNOTATION_SAVE = "annotation-save"
ANNOTATION_DELETE = "annotation-delete"
ANNOTATION_MESSAGE = "annotation-message"
# issue 26: a survey imported into the open canvas (the Data tab)
SURVEY_UPLOAD = "survey-upload"
SURVEY_SCALE = "survey-scale"
SURVEY_MESSAGE = "survey-message"
