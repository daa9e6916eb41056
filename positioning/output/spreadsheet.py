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
line: ``scores.xlsx:Factors!D5: factor 'Meals', scores.attractiveness: 7 is outside
the score scale 1-5``.

Import runs in stages, each plain data in and out: the file's bytes, the rows
of the two sheets (one pass over one parsed workbook), the header's columns,
one factor per row, the settings. A workbook is untrusted input, so every
stage is bounded: only a regular file of at most ``MAX_WORKBOOK_BYTES`` is
read (a pipe or a device is refused before reading, and never more than the
limit is read); the archive reader (:mod:`positioning.core.archive`) checks it
before openpyxl opens it: at most ``MAX_WORKBOOK_PARTS`` members, unpacking to
at most ``UNPACK_RATIO`` times its size and ``MAX_UNPACKED_BYTES`` in all
(zipfile never inflates a member past its declared size, so the declared sizes
are a real bound), plain names, none locked or damaged; a sheet's
declared size (``<dimension ref="A1:XFD1048576"/>``) is ignored, and only its
first rows (``SHEET_ROWS``) and ``MAX_COLUMNS`` columns are kept; data beyond
them is an error naming the sheet and the limit, never silently dropped.
"""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from positioning.core.archive import ArchiveRefused, ZipLimits, check_zip
from positioning.core.loader import MAX_BYTES, CanvasError, Problem, Words, canvas_from_data, os_words, problem_order
from positioning.core.messages import in_english, names, say
from positioning.core.model import CRITERIA, Canvas, FieldPath
from positioning.core.scoring import Ranking
from positioning.core.sizes import ByteSize
from positioning.i18n.formatting import figure_format
from positioning.i18n.wording import DEFAULT_LANGUAGE, LANGUAGES, field_labels, problem_at, t
from positioning.output.sheet_cells import Budget, OutOfTime, present_rows

FACTORS_SHEET = "Factors"
#: The Settings key naming who filled in a workbook (a panel's rater); not a canvas field.
RATER_KEY = "rater"
SETTINGS_SHEET = "Settings"
RANKING_SHEET = "Ranking"
SEGMENTS_SHEET = "Segments"
CRITERION_HEADERS = {
    "attractiveness": "Attractiveness",
    "unmet_need": "Unmet need",
    "capability": "Capability",
    "barriers": "Barriers",
}
_FIXED = {
    "factor": "name",
    "name": "name",
    "category": "category",
    "source": "source",
    "note": "note",
    "importance": "importance",
    "target": "target",
    "better": "better",
}
#: Optional factor columns, as written to and read from the Factors sheet.
_OPTIONAL = ("category", "source", "note", "importance", "target", "better")
_SETTINGS = {
    "title": ("title",),
    "subject": ("subject",),
    "top": ("top",),
    "score low": ("scales", "score", 0),
    "score high": ("scales", "score", 1),
    "level low": ("scales", "level", 0),
    "level high": ("scales", "level", 1),
    **{f"weight {CRITERION_HEADERS[c].lower()}": ("weights", c) for c in CRITERIA},
    "rater": (RATER_KEY,),
}


#: Largest workbook read, in bytes (a scoring workbook of 1,000 factors and 50 players is ~150 KB).
MAX_WORKBOOK_BYTES = MAX_BYTES * 5
#: A workbook's zip members may unpack to this many times its size (Excel's XML compresses ~4-15 times) ...
UNPACK_RATIO = 100
#: ... and never to more than this in all.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Most parts (zip members) a workbook may hold; one with three sheets has about 15.
MAX_WORKBOOK_PARTS = 2000
#: Factor rows read below the header (a canvas holds at most 1,000 factors).
MAX_FACTOR_ROWS = 1000
#: Rows read per sheet, and the wording of what they are for (named in the message when a sheet goes beyond).
SHEET_ROWS = {
    FACTORS_SHEET: (1 + MAX_FACTOR_ROWS, "book_rows_factors"),
    SETTINGS_SHEET: (100, "book_rows_settings"),
    SEGMENTS_SHEET: (2 + MAX_FACTOR_ROWS, "book_rows_segments"),
}
#: Columns read per sheet: Factor, Category, Source, four criteria, Note, and up to 50 players, with room to spare.
MAX_COLUMNS = 60
#: Excel's last row; row numbers beyond it in a sheet's XML are not scanned.
_EXCEL_ROWS = 1_048_576
#: What a damaged workbook makes zipfile, zlib or openpyxl raise while reading it.
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    OverflowError,
    EOFError,
    OSError,
    SyntaxError,  # xml.etree.ElementTree.ParseError
    NotImplementedError,  # an unsupported zip compression method
)
_NOT_A_WORKBOOK = say("book_not_a_workbook")

Row = tuple[Any, ...]
Cells = dict[FieldPath, str]


def _key(text: Any) -> str:
    """Header text normalised: case, spaces and underscores do not matter."""
    return re.sub(r"[\s_]+", " ", str(text or "")).strip().lower()


def load_workbook_canvas(path: str | Path, *, name: str | None = None, budget: Budget | None = None) -> Canvas:
    """Read a scoring workbook into a validated canvas (raises CanvasError listing every problem), within
    the CPU ``budget`` (:data:`~positioning.output.sheet_cells.READ_SECONDS` by default)."""
    path = Path(path)
    label = name or str(path)
    book = workbook_data(path, label, budget)
    book.data.pop(RATER_KEY, None)
    return book.canvas(label)


@dataclass(frozen=True)
class WorkbookData:
    """What a workbook holds: the canvas data, the cell behind each field, and the problems found while
    reading it (a header lacking a column, an unknown setting), reported with the canvas's own."""

    data: dict[str, Any]
    cells: Cells
    problems: tuple[Problem, ...] = ()
    #: Required columns the header lacks: the loader's "missing" for each factor would only echo them.
    missing: tuple[str, ...] = ()

    def canvas(self, label: str) -> Canvas:
        """The validated canvas; else a :class:`CanvasError` with every problem of the file, in file order.
        Without a Factor column the rows are not checked: its names would be read as a player's levels."""
        if "name" in self.missing:
            raise CanvasError(list(self.problems))
        try:
            canvas = canvas_from_data(self.data, name=label, lines=self.cells)
        except CanvasError as error:
            echoes = re.compile(rf"factors\[\d+\]\.(scores\.)?({'|'.join(self.missing) or '(?!)'})")
            found = [p for p in error.problems if not echoes.fullmatch(p.path)]
            raise CanvasError(sorted([*self.problems, *found], key=_file_order)) from None
        if self.problems:
            raise CanvasError(list(self.problems))
        return canvas


def _file_order(problem: Problem) -> tuple[bool, tuple[int, str, int, int, str]]:
    """Cell by cell, sheet by sheet; a problem of no cell (how many more there are) last."""
    return problem.line is None, problem_order(problem)


def workbook_data(path: Path, label: str, budget: Budget | None = None) -> WorkbookData:
    """The canvas data in a workbook, the cell behind each field and the problems of its header and settings.

    ``label`` is what messages call the file. Raises :class:`CanvasError` for a file that cannot be read
    as a workbook at all, or not within the CPU ``budget`` (:class:`Budget`, started here by default).
    """
    budget = budget or Budget.start()
    raw = _read_file(path, label)
    _check_unpacked_size(raw, label)
    sheets = _read_sheets(raw, label, budget)
    title, rows = sheets[FACTORS_SHEET]
    columns, players, problems = _header_columns(rows, title, label)
    missing = tuple(field for field in ("name", *CRITERIA) if field not in columns)
    factors, cells = _factor_rows(rows[1:], title, columns, players)
    data: dict[str, Any] = {
        "title": path.stem,
        "subject": players[0][1] if players else None,
        "players": [{"name": name} for _, name in players],
        "factors": factors,
    }
    cells[("players",)] = f"{title}!1"
    for k, (column, _) in enumerate(players):
        cells[("players", k, "name")] = f"{title}!{_column_letter(column)}1"
    if SETTINGS_SHEET in sheets:
        settings, setting_cells, unknown = _settings_data(*sheets[SETTINGS_SHEET], label)
        data.update(settings)
        cells.update(setting_cells)
        problems += unknown
    if SEGMENTS_SHEET in sheets:
        segments, segment_cells = _segments_data(*sheets[SEGMENTS_SHEET])
        if segments:
            data["segments"] = segments
        cells.update(segment_cells)
    return WorkbookData(data, cells, tuple(problems), missing)


def _segments_data(title: str, rows: Sequence[Row]) -> tuple[list[dict[str, Any]], Cells]:
    """The Segments sheet: a header ``Factor | <segment> ...``, an optional ``share`` row, one row per factor."""
    if not rows:
        return [], {}
    header = [(k, str(v).strip()) for k, v in enumerate(rows[0]) if k > 0 and v not in (None, "")]
    segments: list[dict[str, Any]] = [{"name": name, "importance": {}} for _, name in header]
    cells: Cells = {("segments",): f"{title}!1"}
    for j, (column, _) in enumerate(header):
        cells[("segments", j, "name")] = cells[("segments", j)] = f"{title}!{_column_letter(column)}1"
    for number, row in enumerate(rows[1:], start=2):
        first = _value(row[0]) if row else None
        if first in (None, ""):
            continue
        for j, (column, _) in enumerate(header):
            value = _value(row[column]) if column < len(row) else None
            cell = f"{title}!{_column_letter(column)}{number}"
            if _key(first) == "share":
                if value not in (None, ""):
                    segments[j]["share"] = value
                    cells[("segments", j, "share")] = cell
            elif value not in (None, ""):
                segments[j]["importance"][str(first)] = value
                cells[("segments", j, "importance", str(first))] = cell
        cells.setdefault(("segments", 0, "importance"), f"{title}!A{number}")
    return segments, cells


def _fail(label: str, words: Words, cell: str | None = None) -> CanvasError:
    return CanvasError([problem_at(label, cell, "", words)])


def _system(error: OSError) -> Words:
    """Why the system refused the file: in English its own words, as the workbook's messages have always
    said; in another language the wording's, where it has words for the error."""
    return in_english(str(error.strerror or error), os_words(error))


# --- stage 1: the file's bytes ----------------------------------------------------


def _read_file(path: Path, label: str) -> bytes:
    """The bytes of a regular file of at most MAX_WORKBOOK_BYTES; never more is read."""
    # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise _fail(label, say("load_no_such_file")) from None
    except OSError as error:
        raise _fail(label, say("load_cannot_read", why=_system(error))) from None
    try:
        _check_regular_file(os.fstat(descriptor), label)
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            raw = stream.read(MAX_WORKBOOK_BYTES + 1)  # whatever fstat said: the file may be growing
    except OSError as error:
        raise _fail(label, say("load_cannot_read", why=_system(error))) from None
    finally:
        os.close(descriptor)
    if len(raw) > MAX_WORKBOOK_BYTES:
        raise _fail(label, _too_large(len(raw), more=True))
    return raw


def _check_regular_file(status: os.stat_result, label: str) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise _fail(label, say("book_folder"))
    if not stat.S_ISREG(status.st_mode):
        raise _fail(label, say("book_not_regular"))
    if status.st_size > MAX_WORKBOOK_BYTES:
        raise _fail(label, _too_large(status.st_size))


def _too_large(size: int, *, more: bool = False) -> Words:
    limit = ByteSize(MAX_WORKBOOK_BYTES)
    return say("book_too_large", size=say("book_more_than", size=limit) if more else ByteSize(size), limit=limit)


def _check_unpacked_size(raw: bytes, label: str) -> None:
    """Refuse a zip bomb (members declaring far more content than a workbook of this size needs) and a zip
    that is not one a workbook can be (a locked or damaged member, a strange name) before openpyxl opens it."""
    limits = ZipLimits(entries=MAX_WORKBOOK_PARTS, unpacked_bytes=MAX_UNPACKED_BYTES, ratio=UNPACK_RATIO)
    try:
        check_zip(raw, limits)
    except ArchiveRefused as refused:
        raise _fail(label, _refusal(refused, raw)) from None


def _refusal(refused: ArchiveRefused, raw: bytes) -> Words:
    """Why the archive reader refused the workbook, in the workbook's words."""
    if refused.reason in ("unpacks", "ratio"):
        return say(
            "book_unpacks",
            unpacked=refused.values["size"],
            size=ByteSize(len(raw)),
            ratio=UNPACK_RATIO,
            most=ByteSize(MAX_UNPACKED_BYTES),
        )
    if refused.reason == "too_many_entries":
        return say("book_too_many_parts", count=refused.values["count"], most=MAX_WORKBOOK_PARTS)
    return _NOT_A_WORKBOOK  # not a zip, or one no spreadsheet program writes: locked, damaged, odd names


# --- stage 2: the rows of the two sheets ------------------------------------------


def _read_sheets(raw: bytes, label: str, budget: Budget) -> dict[str, tuple[str, list[Row]]]:
    """The Factors and (if present) Settings sheets as (title, rows), from one parse of the workbook,
    within the CPU ``budget`` (:class:`CanvasError` naming the file once it is spent)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (*_BROKEN, AttributeError):  # AttributeError: openpyxl trips on some parts (a chart sheet with no chart)
        raise _fail(label, _NOT_A_WORKBOOK) from None
    try:
        titles = {_key(title): title for title in book.sheetnames}
        if _key(FACTORS_SHEET) not in titles:
            found = names(book.sheetnames)
            raise _fail(label, say("book_no_sheet", sheet=FACTORS_SHEET, found=found))
        return {
            name: (titles[_key(name)], _read_sheet(book[titles[_key(name)]], label, name, budget))
            for name in SHEET_ROWS
            if _key(name) in titles
        }
    except OutOfTime as spent:
        raise _fail(label, say("book_too_slow", seconds=spent.seconds)) from None
    finally:
        book.close()


def _read_sheet(sheet: Any, label: str, name: str, budget: Budget) -> list[Row]:
    if not hasattr(sheet, "reset_dimensions"):  # a chart sheet
        raise _fail(label, say("book_chart_sheet", sheet=sheet.title))
    try:
        return _sheet_rows(sheet, label, name, budget)
    except CanvasError:
        raise
    except _BROKEN:
        raise _fail(label, say("book_damaged_sheet", sheet=sheet.title)) from None


def _sheet_rows(sheet: Any, label: str, name: str, budget: Budget) -> list[Row]:
    """The sheet's first rows (``SHEET_ROWS[name]``) of ``MAX_COLUMNS`` values; a value beyond is an error.

    The sheet's declared size is ignored, and so are the cells it does not hold: openpyxl's iterator pads
    every row to its last cell (an empty styled cell at column XFD makes 16,384) and every missing row up
    to the last one. Only the rows the XML holds are read (:func:`present_rows`), their cells as they
    come, so the work is bounded by the file's content; rows past the limit are still read, so that data
    there is reported, not dropped, within the CPU ``budget``.
    """
    max_rows = SHEET_ROWS[name][0]
    rows: list[Row] = []
    for row in present_rows(sheet, MAX_COLUMNS, budget, last_row=_EXCEL_ROWS):
        inside = row.number <= max_rows
        beyond = row.beyond if inside else _first_value(row.values, 0)
        if beyond is None and not inside:
            beyond = row.beyond
        if beyond is not None:
            raise _beyond_limits(label, sheet.title, name, row.number, beyond)
        if inside:
            rows.extend([()] * (row.number - 1 - len(rows)))  # the rows the file leaves out, empty
            rows.append(row.values)
    return rows


def _first_value(row: Sequence[Any], start: int) -> int | None:
    """Index of the first non-empty cell from ``start`` on."""
    return next((i for i in range(start, len(row)) if row[i] not in (None, "")), None)


def _beyond_limits(label: str, title: str, name: str, number: int, column: int) -> CanvasError:
    max_rows, content = SHEET_ROWS[name]
    cell = f"{title}!{_column_letter(column)}{number}"
    if number > max_rows:
        message = say("book_below", row=max_rows, sheet=title, content=say(content, most=MAX_FACTOR_ROWS))
    else:
        message = say("book_right", column=_column_letter(MAX_COLUMNS - 1), sheet=title, count=MAX_COLUMNS)
    return _fail(label, message, cell)


# --- stage 3: the header's columns ------------------------------------------------


def header_names() -> dict[str, str]:
    """Every header the product writes for a factor's field or criterion, normalised (:func:`_key`), and the
    field it names: the template's (``Attractiveness``), the file's keys (``unmet_need``) and the app's
    labels in every language (``Market attractiveness``, ``市场吸引力``), which the ranking table carries too."""
    labels = {_key(label): field for field, found in field_labels().items() for label in found}
    return {**labels, **_FIXED, **{_key(v): k for k, v in CRITERION_HEADERS.items()}, **{_key(k): k for k in CRITERIA}}


def _header_columns(
    rows: list[Row], title: str, label: str
) -> tuple[dict[str, int], list[tuple[int, str]], list[Problem]]:
    """Which column holds each fixed field and criterion, the player columns (index, name) in order, and
    what is wrong with the header (every required column it lacks, a field given two columns)."""
    if not rows:
        raise _fail(label, say("book_empty_sheet", sheet=title))
    known = header_names()
    columns: dict[str, int] = {}
    players: list[tuple[int, str]] = []
    problems: list[Problem] = []
    for index, original in enumerate(rows[0]):
        field = known.get(_key(original))
        if field is not None and field in columns:
            first, again = _column_letter(columns[field]), _column_letter(index)
            message = say("book_header_twice", first=first, second=again, header=str(original).strip())
            problems.append(problem_at(label, f"{title}!{again}1", "", message))
        elif field is not None:
            columns[field] = index
        elif _key(original):
            players.append((index, str(original).strip()))
    missing = [h for h, k in (("Factor", "name"), *((CRITERION_HEADERS[c], c) for c in CRITERIA)) if k not in columns]
    if missing:
        listed = names(map(repr, missing))
        problems.insert(0, problem_at(label, f"{title}!1", "", say("book_header", missing=listed)))
    return columns, players, problems


# --- stage 4: one factor per row --------------------------------------------------


def _factor_rows(
    rows: Sequence[Row], title: str, columns: Mapping[str, int], players: Sequence[tuple[int, str]]
) -> tuple[list[dict[str, Any]], Cells]:
    """The factors in the rows below the header (empty rows skipped), and the cell behind each field."""
    factors: list[dict[str, Any]] = []
    cells: Cells = {}
    for number, row in enumerate(rows, start=2):
        if _first_value(row, 0) is not None:
            factor, factor_cells = _factor(row, f"{title}!", number, ("factors", len(factors)), columns, players)
            factors.append(factor)
            cells.update(factor_cells)
    return factors, cells


def _factor(
    row: Row,
    sheet: str,
    number: int,
    path: FieldPath,
    columns: Mapping[str, int],
    players: Sequence[tuple[int, str]],
) -> tuple[dict[str, Any], Cells]:
    """One factor row as canvas data (``path`` is its place in the canvas), and its cells."""
    start = f"{sheet}A{number}"
    cells: Cells = {path: start, (*path, "scores"): start, (*path, "levels"): start}

    def at(column: int, *field: str) -> Any:
        cells[(*path, *field)] = f"{sheet}{_column_letter(column)}{number}"
        return _value(row[column] if column < len(row) else None)

    factor: dict[str, Any] = {"name": at(columns["name"], "name")} if "name" in columns else {}
    for optional in _OPTIONAL:
        if optional in columns:
            value = at(columns[optional], optional)
            if value not in (None, ""):
                factor[optional] = value.lower() if optional != "note" and isinstance(value, str) else value
    factor["scores"] = {c: at(columns[c], "scores", c) for c in CRITERIA if c in columns}
    factor["levels"] = {name: at(column, "levels", name) for column, name in players}
    return factor, cells


# --- stage 5: the settings --------------------------------------------------------


def _settings_data(title: str, rows: Sequence[Row], label: str) -> tuple[dict[str, Any], Cells, list[Problem]]:
    """The canvas fields set in the Settings sheet, the cell behind each, and a problem per unknown setting."""
    data: dict[str, Any] = {}
    cells: Cells = {}
    problems = []
    for number, row in enumerate(rows, start=1):
        if not row or row[0] in (None, "") or _key(row[0]) in _setting_headers():  # blank, or a header row
            continue
        target = _SETTINGS.get(_key(row[0]))
        if target is None:
            message = say("book_unknown_setting", name=row[0], allowed=names(_SETTINGS))
            problems.append(problem_at(label, f"{title}!A{number}", "", message))
            continue
        _put(data, target, _value(row[1] if len(row) > 1 else None))
        cells[target[:2] if target[0] == "scales" else target] = f"{title}!B{number}"
    for scale, default in (("score", [1, 5]), ("level", [0, 10])):
        pair = data.get("scales", {}).get(scale)
        if pair is not None:  # one end given: the other keeps its default
            data["scales"][scale] = [default[k] if v is None else v for k, v in enumerate(pair)]
    return data, cells, problems


def _setting_headers() -> set[str]:
    return {"key", "setting", *(_key(t(code, "book_setting")) for code in LANGUAGES)}


def _put(data: dict[str, Any], target: FieldPath, value: Any) -> None:
    """Set ``value`` at ``target`` in nested data; a scale is a [low, high] pair."""
    node: Any = data
    for part in target[:-1]:
        node = node.setdefault(part, [None, None] if part in ("score", "level") else {})
    node[target[-1]] = value


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


def ranking_frame(ranking: Ranking, language: str = "en"):
    """The ranking as a pandas DataFrame, in rank order, headed in ``language``
    (the criterion labels of the app and the chart); category and source stay
    the file's codes. Every number at full precision, as the ranking holds it."""
    import pandas as pd

    from positioning.i18n.wording import criterion_label

    labels = {c: criterion_label(language, c) for c in CRITERIA}
    return pd.DataFrame(
        [
            {
                t(language, "rank"): f.rank,
                t(language, "factor"): f.name,
                t(language, "score"): f.score,
                **{labels[c]: f.scores[c] for c in CRITERIA},
                **{t(language, "weighted", criterion=labels[c]): f.contributions[c] for c in CRITERIA},
                t(language, "shortlisted"): f.shortlisted,
                t(language, "category"): f.category or "",
                t(language, "source"): f.source or "",
            }
            for f in ranking.factors
        ]
    )


def write_ranking(ranking: Ranking, path: str | Path, *, language: str = "en") -> Path:
    """Write the ranking table to .csv (UTF-8 with BOM, so Excel reads Chinese) or .xlsx (headed and laid
    out as the app's workbook, :func:`format_sheet`; fractions shown to two decimals). Either way every
    number is stored at full precision (the 15 significant digits a spreadsheet keeps), a whole one as an
    integer (4, not 4.0, in a CSV file), and a name
    a spreadsheet would run as a formula (``=HYPERLINK(...)``) stays text (:func:`is_formula`)."""
    path = Path(path)
    frame = ranking_frame(ranking, language)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        import pandas as pd

        # Object columns: pandas would turn the integers of a column of floats back into 4.0.
        cells = {name: pd.Series([_csv_cell(v) for v in column], dtype=object) for name, column in frame.items()}
        pd.DataFrame(cells).to_csv(path, index=False, encoding="utf-8-sig")
    elif suffix == ".xlsx":
        import pandas as pd

        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            frame.to_excel(writer, index=False, sheet_name=RANKING_SHEET)
            sheet = writer.book[RANKING_SHEET]
            format_sheet(sheet, {1: 8, 2: 34}, default=16)
            as_text(writer.book)
            as_figures(writer.book)
    else:
        raise ValueError(f"{path}: the ranking exports to .csv or .xlsx, not '{suffix}'")
    return path


def _csv_cell(value: Any) -> Any:
    """A cell as a CSV file writes it: a formula-like text after an apostrophe, a whole float as an integer,
    any other to the 15 significant digits a spreadsheet keeps (3.1, not the binary 3.1000000000000005)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else format(value, ".15g")
    return f"'{value}" if is_formula(value) else value


#: What makes a spreadsheet read a text cell as a formula (OWASP's "CSV injection" list): "=", and in
#: CSV files "+", "-", "@", a tab or a carriage return too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula(value: Any) -> bool:
    """Whether a spreadsheet would run ``value`` as a formula: a text that starts like one. The workbooks
    keep such a cell typed as text (:func:`as_text`); a CSV file, which has no types, writes it after an
    apostrophe, which spreadsheets read as "text as written".

    >>> is_formula('=HYPERLINK("http://x", "Price")'), is_formula("+1"), is_formula("Price"), is_formula(-1.5)
    (True, True, False, False)
    """
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(book: Any) -> None:
    """Every text cell of the openpyxl ``book`` kept as text: a name such as ``=1+2`` or
    ``=HYPERLINK(...)`` shows as written, where openpyxl would store it as a formula for Excel to run."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_formula(cell.value):
                    cell.data_type = "s"


def format_sheet(
    sheet: Any, widths: Mapping[int, float], *, default: float | None = None, freeze: str | None = "B2"
) -> None:
    """A sheet laid out as the app's workbooks are: its header row bold on the app's header blue, the
    columns ``widths`` characters wide (1 is column A; ``default`` for the rest), the panes frozen at
    ``freeze`` (the header row and the first column)."""
    from openpyxl.styles import Font, PatternFill

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8F1FB")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for index in range(1, sheet.max_column + 1):
        width = widths.get(index, default)
        if width is not None:
            sheet.column_dimensions[_column_letter(index - 1)].width = width
    sheet.freeze_panes = freeze


def as_figures(book: Any) -> None:
    """Every fractional number of the openpyxl ``book`` shown as :func:`~positioning.i18n.formatting.figure`
    shows it (a panel's average 3.3333333333333335 reads 3.33), its value kept at full precision;
    whole numbers keep Excel's General format (:func:`~positioning.i18n.formatting.figure_format`)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if (shown := figure_format(cell.value)) != "General":
                    cell.number_format = shown


def _voice_columns(canvas: Canvas | None) -> list[str]:
    """The optional columns the canvas uses: importance, target, better."""
    if canvas is None:
        return []
    first = canvas.factors[0]
    used = {"importance": first.importance is not None, "target": first.target is not None}
    used["better"] = any(f.better != "higher" for f in canvas.factors)
    return [key for key, on in used.items() if on]


def _segments_sheet(book: Any, canvas: Canvas, headers: Mapping[str, str]) -> None:
    sheet = book.create_sheet(SEGMENTS_SHEET)
    sheet.append([headers["name"], *(g.name for g in canvas.segments)])
    if all(g.share is not None for g in canvas.segments):
        sheet.append(["share", *(g.share for g in canvas.segments)])
    for f in canvas.factors:
        sheet.append([f.name, *(g.importance[f.name] for g in canvas.segments)])


def book_headers(language: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    """The Factors sheet's header of each field and criterion as a workbook in ``language`` writes it: in
    English the documented template's (``Attractiveness``), else the app's labels (``市场吸引力``); the
    import reads either (:func:`header_names`)."""
    if language == DEFAULT_LANGUAGE:
        return {"name": "Factor", **{k: k.capitalize() for k in _OPTIONAL}, **CRITERION_HEADERS}
    return {"name": t(language, "factor"), **{k: t(language, k) for k in (*_OPTIONAL, *CRITERIA)}}


def write_template(path: str | Path, canvas: Canvas | None = None, *, language: str = DEFAULT_LANGUAGE) -> Path:
    """A scoring workbook in the documented layout, filled from ``canvas`` if given, headed in ``language``
    (the sheets' names and the settings' keys are the layout's own, in every language)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = FACTORS_SHEET
    players = list(canvas.player_names) if canvas else ["Our company", "Competitor A", "Competitor B"]
    voice = _voice_columns(canvas)
    headers = book_headers(language)
    fields = ("name", "category", "source", *CRITERIA)
    sheet.append([headers[f] for f in fields] + players + [headers["note"]] + [headers[key] for key in voice])
    factors = list(zip(canvas.factors, canvas.factor_scores(), strict=True)) if canvas else []
    for f, scores in factors:
        sheet.append(
            [f.name, f.category, f.source, *(scores.as_dict()[c] for c in CRITERIA)]
            + [f.levels[p] for p in players]
            + [f.note]
            + [getattr(f, key) for key in voice]
        )
    if not factors:
        sheet.append(["Factor 1", "product", "current", 3, 3, 3, 3, 5, 5, 5, "why these scores"])
    format_sheet(sheet, {1: 34})

    settings = book.create_sheet(SETTINGS_SHEET)
    settings.append([t(language, "book_setting"), t(language, "book_value")])
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
    if canvas and canvas.segments:
        _segments_sheet(book, canvas, headers)
    as_text(book)
    as_figures(book)
    format_sheet(settings, {1: 26, 2: 40}, freeze=None)
    path = Path(path)
    book.save(path)
    return path
