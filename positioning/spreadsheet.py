"""Spreadsheets: import a scoring workbook as a canvas, export the ranking.

The workbook layout (documented in ``docs/excel.md``, template in
``docs/scores_template.xlsx``):

* sheet **Factors**, header in row 1: ``Factor``, optional ``Category`` and
  ``Source``, the four criteria (``Attractiveness``, ``Unmet need``,
  ``Capability``, ``Barriers``), then one column per player with its offering
  level, and an optional ``Note`` column; one factor per row below;
* optional sheet **Settings**, a key in column A and its value in column B:
  ``title``, ``subject`` (default: the first player column), ``top``,
  ``score low`` / ``score high``, ``level low`` / ``level high`` and the four
  weights (``weight attractiveness`` ...).

The workbook becomes the same plain data a YAML file gives, and goes through
the same validation, so errors read the same, with the cell instead of the
line: ``scores.xlsx:Factors!D5: factors[3].scores.attractiveness: 7 is outside
the score scale 1-5``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .loader import MAX_BYTES, CanvasError, Problem, canvas_from_data
from .model import CRITERIA, Canvas
from .model import Path as FieldPath
from .scoring import Ranking

FACTORS_SHEET = "Factors"
SETTINGS_SHEET = "Settings"
CRITERION_HEADERS = {
    "attractiveness": "Attractiveness",
    "unmet_need": "Unmet need",
    "capability": "Capability",
    "barriers": "Barriers",
}
_FIXED = {"factor": "name", "name": "name", "category": "category", "source": "source", "note": "note"}
_SETTINGS = {
    "title": ("title",),
    "subject": ("subject",),
    "top": ("top",),
    "score low": ("scales", "score", 0),
    "score high": ("scales", "score", 1),
    "level low": ("scales", "level", 0),
    "level high": ("scales", "level", 1),
    **{f"weight {CRITERION_HEADERS[c].lower()}": ("weights", c) for c in CRITERIA},
}


def _key(text: Any) -> str:
    """Header text normalised: case, spaces and underscores do not matter."""
    return re.sub(r"[\s_]+", " ", str(text or "")).strip().lower()


def load_workbook_canvas(path: str | Path, *, name: str | None = None) -> Canvas:
    """Read a scoring workbook into a validated canvas (raises CanvasError)."""
    path = Path(path)
    label = name or str(path)
    data, cells = workbook_data(path, label)
    return canvas_from_data(data, name=label, lines=cells)


def workbook_data(path: Path, label: str) -> tuple[dict[str, Any], dict[FieldPath, str]]:
    """The canvas data in a workbook, and the cell behind each field."""
    import openpyxl

    def fail(message: str, cell: str | None = None) -> CanvasError:
        return CanvasError([Problem(label, cell, "", message)])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("no such file; check the path") from None
    except OSError as error:
        raise fail(f"cannot be read: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES * 5:
        raise fail(f"the workbook is {len(raw) / 1024 / 1024:.1f} MB; scoring workbooks are limited to 10 MB")
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise fail("is not an Excel workbook (.xlsx); save it as 'Excel Workbook (.xlsx)'") from None

    sheets = {_key(s): s for s in book.sheetnames}
    if _key(FACTORS_SHEET) not in sheets:
        raise fail(f"has no sheet named '{FACTORS_SHEET}' (sheets: {', '.join(book.sheetnames)}); see docs/excel.md")
    sheet = book[sheets[_key(FACTORS_SHEET)]]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    if not rows:
        raise fail(f"the '{sheet.title}' sheet is empty; its first row must hold the headers")

    header = [_key(h) for h in rows[0]]
    columns: dict[str, int] = {}
    players: list[tuple[int, str]] = []
    criteria = {_key(v): k for k, v in CRITERION_HEADERS.items()} | {_key(k): k for k in CRITERIA}
    for index, (text, original) in enumerate(zip(header, rows[0], strict=True)):
        if not text:
            continue
        if text in _FIXED:
            columns[_FIXED[text]] = index
        elif text in criteria:
            columns[criteria[text]] = index
        else:
            players.append((index, str(original).strip()))
    missing = [h for h, k in (("Factor", "name"), *((CRITERION_HEADERS[c], c) for c in CRITERIA)) if k not in columns]
    if missing:
        raise fail(
            f"the header row lacks {', '.join(repr(m) for m in missing)}; expected Factor, "
            "Category, Source, the four criteria, one column per player, Note",
            f"{sheet.title}!1",
        )

    cells: dict[FieldPath, str] = {}
    factors = []
    for row_number, row in enumerate(rows[1:], start=2):
        if all(v in (None, "") for v in row):
            continue
        i = len(factors)

        def at(column: int, field: FieldPath, row_number: int = row_number, row: tuple = row) -> Any:
            cells[field] = f"{sheet.title}!{_column_letter(column)}{row_number}"
            return _value(row[column] if column < len(row) else None)

        factor: dict[str, Any] = {"name": at(columns["name"], ("factors", i, "name"))}
        cells[("factors", i)] = f"{sheet.title}!A{row_number}"
        for optional in ("category", "source", "note"):
            if optional in columns:
                value = at(columns[optional], ("factors", i, optional))
                if value not in (None, ""):
                    factor[optional] = value.lower() if optional != "note" and isinstance(value, str) else value
        factor["scores"] = {c: at(columns[c], ("factors", i, "scores", c)) for c in CRITERIA}
        factor["levels"] = {name: at(col, ("factors", i, "levels", name)) for col, name in players}
        cells[("factors", i, "scores")] = cells[("factors", i)]
        cells[("factors", i, "levels")] = cells[("factors", i)]
        factors.append(factor)

    data: dict[str, Any] = {
        "title": path.stem,
        "subject": players[0][1] if players else None,
        "players": [{"name": name} for _, name in players],
        "factors": factors,
    }
    cells[("players",)] = f"{sheet.title}!1"
    for k, (col, _) in enumerate(players):
        cells[("players", k, "name")] = f"{sheet.title}!{_column_letter(col)}1"
    if _key(SETTINGS_SHEET) in sheets:
        _apply_settings(openpyxl, raw, sheets[_key(SETTINGS_SHEET)], data, cells, fail)
    return data, cells


def _apply_settings(openpyxl: Any, raw: bytes, title: str, data: dict, cells: dict, fail: Any) -> None:
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    rows = list(book[title].iter_rows(values_only=True))
    book.close()
    for row_number, row in enumerate(rows, start=1):
        if not row or row[0] in (None, ""):
            continue
        key = _key(row[0])
        if key in ("key", "setting"):  # a header row
            continue
        if key not in _SETTINGS:
            allowed = ", ".join(_SETTINGS)
            raise fail(f"unknown setting '{row[0]}'; allowed: {allowed}", f"{title}!A{row_number}")
        target = _SETTINGS[key]
        value = _value(row[1] if len(row) > 1 else None)
        node = data
        for part in target[:-1]:
            node = node.setdefault(part, [None, None] if part in ("score", "level") else {})
        node[target[-1]] = value
        cells[target[:2] if target[0] == "scales" else target] = f"{title}!B{row_number}"
    for scale, default in (("score", [1, 5]), ("level", [0, 10])):
        pair = data.get("scales", {}).get(scale)
        if pair is not None:
            data["scales"][scale] = [default[k] if v is None else v for k, v in enumerate(pair)]


def _value(value: Any) -> Any:
    """Cell values as the loader expects: whole floats as ints, text trimmed."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# --- export ------------------------------------------------------------------------


def ranking_frame(ranking: Ranking):  # type: ignore[no-untyped-def]
    """The ranking as a pandas DataFrame, in rank order."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "Rank": f.rank,
                "Factor": f.name,
                "Score": round(f.score, 4),
                **{CRITERION_HEADERS[c]: f.scores[c] for c in CRITERIA},
                **{f"Weighted {CRITERION_HEADERS[c].lower()}": round(f.contributions[c], 4) for c in CRITERIA},
                "Shortlisted": f.shortlisted,
                "Category": f.category or "",
                "Source": f.source or "",
            }
            for f in ranking.factors
        ]
    )


def write_ranking(ranking: Ranking, path: str | Path) -> Path:
    """Write the ranking table to .csv (UTF-8 with BOM, so Excel reads Chinese) or .xlsx."""
    path = Path(path)
    frame = ranking_frame(ranking)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False, sheet_name="Ranking", engine="openpyxl")
    else:
        raise ValueError(f"{path}: the ranking exports to .csv or .xlsx, not '{suffix}'")
    return path


def write_template(path: str | Path, canvas: Canvas | None = None) -> Path:
    """A scoring workbook in the documented layout, filled from ``canvas`` if given."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = FACTORS_SHEET
    players = list(canvas.player_names) if canvas else ["Our company", "Competitor A", "Competitor B"]
    header = ["Factor", "Category", "Source", *CRITERION_HEADERS.values(), *players, "Note"]
    sheet.append(header)
    factors = list(canvas.factors) if canvas else []
    for f in factors:
        sheet.append(
            [f.name, f.category, f.source, *(f.scores.as_dict()[c] for c in CRITERIA)]
            + [f.levels[p] for p in players]
            + [f.note]
        )
    if not factors:
        sheet.append(["Factor 1", "product", "current", 3, 3, 3, 3, 5, 5, 5, "why these scores"])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8F1FB")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    sheet.column_dimensions["A"].width = 34
    sheet.freeze_panes = "B2"

    settings = book.create_sheet(SETTINGS_SHEET)
    settings.append(["Setting", "Value"])
    values: Mapping[str, Any] = {
        "title": canvas.title if canvas else "My market",
        "subject": canvas.subject if canvas else players[0],
        "top": canvas.top if canvas else 3,
        "score low": canvas.scales.score[0] if canvas else 1,
        "score high": canvas.scales.score[1] if canvas else 5,
        "level low": canvas.scales.level[0] if canvas else 0,
        "level high": canvas.scales.level[1] if canvas else 10,
        **{f"weight {CRITERION_HEADERS[c].lower()}": (canvas.weights.as_dict()[c] if canvas else 1) for c in CRITERIA},
    }
    for key, value in values.items():
        settings.append([key, value])
    for cell in settings[1]:
        cell.font, cell.fill = bold, fill
    settings.column_dimensions["A"].width = 26
    settings.column_dimensions["B"].width = 40
    path = Path(path)
    book.save(path)
    return path
