"""The data grids' columns and options: what each column shows, how a number is shown (the one figure
format) and which choices a cell offers, in the page's language."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from positioning.chart.players import player_looks
from positioning.core.model import CATEGORIES, CRITERIA, SOURCES, Canvas
from positioning.i18n.catalogue import language as catalogue_language
from positioning.i18n.formatting import FIGURE_DIGITS
from positioning.i18n.wording import (
    category_label,
    criterion_label,
    source_label,
    t,
)
from positioning.ui.edits import IMPORTANCE_PREFIX, LEVEL_PREFIX, SCORE_PREFIX, player_rows


def factor_columns(canvas: Canvas, language: str) -> list[dict[str, Any]]:
    """Grid columns. Number cells are not limited in the browser: the server
    checks every edit and refuses a bad one with the loader's own message."""
    score_low, score_high = canvas.scales.score
    level_low, level_high = canvas.scales.level

    def number(field: str, header: str, low: float, high: float, group: str) -> dict[str, Any]:
        return {
            "field": field,
            "headerName": header,
            "headerTooltip": t(language, "with_range", name=header, low=f"{low:g}", high=f"{high:g}"),
            "cellEditor": "agNumberCellEditor",
            "type": "numericColumn",  # right-aligned header; the cell's class below aligns the number under it
            "width": 132,
            "cellClass": [group, "ag-right-aligned-cell"],
            "valueFormatter": figure_formatter(language),
        }

    name = {"field": "name", "headerName": t(language, "factor"), "pinned": "left", "width": 220}
    return [
        {**name, "wrapText": True, "autoHeight": True, "cellClass": "name-cell"},
        _choice("category", t(language, "category"), {c: category_label(language, c) for c in CATEGORIES}, 130),
        _choice("source", t(language, "source"), {s: source_label(language, s) for s in SOURCES}, 120),
        {
            "headerName": t(
                language, "with_range", name=t(language, "scores"), low=f"{score_low:g}", high=f"{score_high:g}"
            ),
            "children": [
                number(SCORE_PREFIX + c, criterion_label(language, c), score_low, score_high, "score-cell")
                for c in CRITERIA
            ],
        },
        {
            "headerName": t(
                language, "with_range", name=t(language, "levels"), low=f"{level_low:g}", high=f"{level_high:g}"
            ),
            "children": [
                number(f"{LEVEL_PREFIX}{i}", name, level_low, level_high, "level-cell")
                for i, name in enumerate(canvas.player_names)
            ],
        },
        {
            "headerName": t(language, "voice_heading"),
            "children": [
                number("importance", t(language, "importance"), score_low, score_high, "voice-cell"),
                _choice("better", t(language, "better"), _better_labels(language), 120),
                number("target", f"{t(language, 'target')}: {canvas.subject}", level_low, level_high, "voice-cell"),
            ],
        },
        _note_column(language),
    ]


def figure_formatter(language: str) -> dict[str, str]:
    """A number column's ``valueFormatter``: the cell written as :func:`~positioning.i18n.formatting.figure`
    writes it (assets/dashAgGridFunctions.js's ``Figure``), its value kept at full precision."""
    return {"function": f"Figure(params.value, {FIGURE_DIGITS}, {json.dumps(catalogue_language(language).tag)})"}


def _better_labels(language: str) -> dict[str, str]:
    return {b: t(language, f"better_{b}") for b in ("higher", "lower")}


def _note_column(language: str) -> dict[str, Any]:
    return {
        "field": "note",
        "headerName": t(language, "note"),
        "width": 260,
        "cellEditor": "agLargeTextCellEditor",
        "cellEditorPopup": True,
    }


def segment_columns(canvas: Canvas, language: str) -> list[dict[str, Any]]:
    """The segments grid: a segment's name, share (0-1) and the importance of every factor to it."""
    low, high = canvas.scales.score
    return [
        {"field": "name", "headerName": t(language, "name"), "pinned": "left", "width": 200},
        {
            "field": "share",
            "headerName": t(language, "with_range", name=t(language, "segment_share"), low="0", high="1"),
            "cellEditor": "agNumberCellEditor",
            "type": "numericColumn",
            "width": 110,
        },
        {
            "headerName": t(language, "with_range", name=t(language, "importance"), low=f"{low:g}", high=f"{high:g}"),
            "children": [
                {
                    "field": f"{IMPORTANCE_PREFIX}{i}",
                    "headerName": name,
                    "headerTooltip": name,
                    "cellEditor": "agNumberCellEditor",
                    "type": "numericColumn",
                    "width": 132,
                    "valueFormatter": figure_formatter(language),
                }
                for i, name in enumerate(canvas.factor_names)
            ],
        },
    ]


#: A grid of at most this many rows is as tall as its rows; a longer one scrolls within its own height.
AUTO_HEIGHT_ROWS = 40


def grid_options(language: str, rows: int) -> dict[str, Any]:
    """A data grid's options: every row shown when there are few (the grid as tall as its rows), and an
    empty grid saying how to fill it, in ``language``."""
    return {
        "rowSelection": {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True},
        "stopEditingWhenCellsLoseFocus": True,
        "suppressColumnVirtualisation": True,  # a few dozen columns at most
        "singleClickEdit": False,
        "domLayout": "autoHeight" if rows <= AUTO_HEIGHT_ROWS else "normal",
        # the competitors' columns are past the right edge: the scrollbar shows they are there
        "alwaysShowHorizontalScroll": True,
        "overlayComponentParams": {"noRows": {"overlayText": t(language, "grid_no_rows")}},
    }


def drawn_player_rows(data: Mapping[str, Any], canvas: Canvas) -> list[dict[str, Any]]:
    """The players' grid rows with the colour each is drawn in (``drawn``), a palette's for an automatic
    one (``canvas`` is ``data`` validated)."""
    drawn = {look.name: look.color.lower() for look in player_looks(canvas)}
    return [{**row, "drawn": drawn.get(row["name"], "")} for row in player_rows(dict(data))]


def player_columns(language: str) -> list[dict[str, Any]]:
    """The players grid: the name, and the colour with a picker
    (assets/dashAgGridFunctions.js) and a swatch of the colour drawn; empty is automatic
    (the palette's colour, named as such)."""
    automatic = json.dumps(t(language, "color_automatic"))
    return [
        {"field": "name", "headerName": t(language, "name"), "width": 260},
        {
            "field": "color",
            "headerName": t(language, "color"),
            "width": 220,
            "cellEditor": {"function": "ColorEditor"},
            "cellEditorParams": {
                "picker": t(language, "color_picker"),
                "text": t(language, "color_text"),
                "automatic": t(language, "change_automatic"),
            },
            "cellEditorPopup": True,
            "valueFormatter": {
                "function": f"params.value || ({automatic}).replace('{{color}}', params.data.drawn || '')"
            },
            "cellStyle": {
                "function": (
                    "(params.value || params.data.drawn) ? {boxShadow: 'inset 18px 0 0 ' + "
                    "(params.value || params.data.drawn) + ', inset 19px 0 0 #fff', paddingLeft: '28px'} : {}"
                )
            },
        },
    ]


def _choice(field: str, header: str, labels: dict[str, str], width: int) -> dict[str, Any]:
    """A select column: the cell keeps the file's code, ``refData`` shows its label."""
    return {
        "field": field,
        "headerName": header,
        "cellEditor": "agSelectCellEditor",
        "cellEditorParams": {"values": ["", *labels]},
        "refData": {"": "", **labels},
        "width": width,
    }
