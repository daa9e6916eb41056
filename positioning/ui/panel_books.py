"""A scoring panel from several people's workbooks, in the editor: the files chosen at once, read and
shown as a preview (who rated what, and every problem, file by file and cell by cell), then applied
to the open canvas as one panel (a new version, which Undo takes back).

The files are read as the CLI reads them (:mod:`positioning.output.panel_books`), each within the
upload's limits (:data:`MAX_WORKBOOK_BYTES` a file, :data:`MAX_PANEL_FILES` files and
:data:`MAX_PANEL_BYTES` in all). Nothing is applied while any file has a problem: the preview holds
the raters' scores only when every file is fine. Nothing here imports Dash.
"""

from __future__ import annotations

import functools
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from positioning.core.loader import Problem
from positioning.core.messages import say
from positioning.core.model import Canvas
from positioning.core.sizes import ByteSize
from positioning.i18n import wording
from positioning.i18n.wording import every, problem_at
from positioning.output.panel_books import RaterBook, coverage, rater_scores, read_books, scale_problem
from positioning.output.sheet_cells import READ_SECONDS, Budget
from positioning.output.spreadsheet import MAX_WORKBOOK_BYTES
from positioning.ui import edits, ids, uploads

#: Most workbooks read into one panel at once.
MAX_PANEL_FILES = 30
#: Most bytes of all the workbooks chosen at once (they travel in one request of the page).
MAX_PANEL_BYTES = 4 * 1024 * 1024

Line = Mapping[str, str]


@dataclass(frozen=True)
class BookRow:
    """One file of the preview: its rater, how many of the canvas's factors it scores, which it does not
    score and which it has that the canvas does not, and its problems (each in every language)."""

    file: str
    rater: str
    scored: int | None = None
    total: int = 0
    missing: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    problems: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Preview:
    """What the chosen files would make: a row per file, or why the choice as a whole is refused; the
    raters (as a panel holds them) when every file is fine, else None."""

    rows: tuple[BookRow, ...] = ()
    refusal: Line | None = None
    raters: tuple[dict[str, Any], ...] | None = field(default=None)

    @property
    def ready(self) -> bool:
        return self.raters is not None


def preview(contents: object, filenames: object, data: object, *, seconds: float = READ_SECONDS) -> Preview:
    """The preview of the workbooks an upload of several files sent (``data:`` URLs and their names) for
    the canvas ``data`` on the page, all read within ``seconds`` of CPU (as much as one workbook may take)."""
    files = _chosen(contents, filenames)
    if files is None:
        return Preview()
    if len(files) > MAX_PANEL_FILES:
        return Preview(refusal=every(say("panel_books_too_many", count=len(files), most=MAX_PANEL_FILES)))
    if len(files) < 2:
        return Preview(refusal=every(say("panel_books_too_few")))
    checked = edits.validated(data) if isinstance(data, dict) else None
    if checked is None or checked.data is None:
        return Preview(refusal=every(say("panel_books_no_canvas")))
    total = sum(edits.uploaded_size(text) for text, _ in files)
    if total > MAX_PANEL_BYTES:
        too_large = say("panel_books_too_large", size=ByteSize(total), limit=ByteSize(MAX_PANEL_BYTES))
        return Preview(refusal=every(too_large))
    return _previewed(files, edits.read(checked.data), Budget.start(seconds))


def _chosen(contents: object, filenames: object) -> list[tuple[str, str]] | None:
    """The (data URL, file name) pairs an upload of several files sent; None when it sent none."""
    if isinstance(contents, str) and isinstance(filenames, str):
        contents, filenames = [contents], [filenames]
    if not isinstance(contents, list) or not isinstance(filenames, list) or len(contents) != len(filenames):
        return None
    chosen = [(c, n) for c, n in zip(contents, filenames, strict=True) if isinstance(c, str) and isinstance(n, str)]
    # by name: the browser hands the files over in the order it finished reading them
    return sorted(chosen, key=lambda file: file[1]) if len(chosen) == len(contents) and chosen else None


def _previewed(files: Sequence[tuple[str, str]], canvas: Canvas, budget: Budget) -> Preview:
    """Each file read (through a private temporary folder) and compared with ``canvas``."""
    refused: dict[int, Line] = {}
    with tempfile.TemporaryDirectory(prefix="positioning-panel-") as folder:
        readable = []
        for k, (text, name) in enumerate(files):
            raw, why = _file(text, name)
            if raw is None:
                refused[k] = why or every(say("edit_unreadable_upload", name=name))
                continue
            path = Path(folder) / f"{k}.xlsx"
            path.write_bytes(raw)
            readable.append((k, path, name))
        books = dict(
            zip((k for k, _, _ in readable), read_books([(p, n) for _, p, n in readable], budget), strict=True)
        )
    rows = tuple(
        _refused_row(files[k][1], refused[k]) if k in refused else _row(books[k], canvas) for k in range(len(files))
    )
    ready = all(not row.problems for row in rows)
    return Preview(rows, raters=tuple(rater_scores(books[k]) for k in sorted(books)) if ready else None)


def _file(text: str, name: str) -> tuple[bytes | None, Line | None]:
    """The file's bytes; else None and why (a kind the upload does not take, too large, not a file)."""
    if not uploads.takes(ids.PANEL_BOOKS_UPLOAD, name):
        return None, every(uploads.wrong_kind(ids.PANEL_BOOKS_UPLOAD, name))
    size = edits.uploaded_size(text)
    if size > MAX_WORKBOOK_BYTES:
        too_large = say("book_too_large", size=ByteSize(size), limit=ByteSize(MAX_WORKBOOK_BYTES))
        return None, _line(problem_at(name, None, "", too_large))
    raw = edits.uploaded_bytes(text)
    if raw is None:
        return None, every(say("edit_unreadable_upload", name=name))
    return raw, None


def _refused_row(name: str, why: Line) -> BookRow:
    return BookRow(name, Path(name).stem, problems=(why,))


def _row(book: RaterBook, canvas: Canvas) -> BookRow:
    """The preview's row of a workbook read: who rated what of ``canvas``, and its problems."""
    problems = list(book.problems)
    if book.data is None:
        return BookRow(book.label, book.rater, total=len(canvas.factors), problems=tuple(map(_line, problems)))
    covered = coverage(book, canvas)
    scale = scale_problem(book, canvas)
    if scale is not None:
        problems.append(scale)
    if covered.scored == 0:
        problems.append(problem_at(book.label, None, "", say("panel_books_no_factor")))
    return BookRow(
        book.label,
        book.rater,
        covered.scored,
        len(canvas.factors),
        covered.missing,
        covered.extra,
        tuple(map(_line, problems)),
    )


def _line(problem: Problem) -> Line:
    """A problem on one line (``file:cell: message``) in every language."""
    return every(functools.partial(wording.located, problem))


def preview_data(found: Preview) -> dict[str, Any] | None:
    """What the page keeps to apply the panel: the raters and the count of files (None when not ready)."""
    if found.raters is None:
        return None
    return {"files": len(found.rows), "raters": list(found.raters)}


def kept_raters(kept: object) -> tuple[list[dict[str, Any]], int] | None:
    """The raters and file count the page kept (:func:`preview_data`); None when it holds none."""
    if not isinstance(kept, dict) or not isinstance(kept.get("raters"), list) or not isinstance(kept.get("files"), int):
        return None
    raters = [r for r in kept["raters"] if isinstance(r, dict)]
    return (raters, kept["files"]) if len(raters) >= 2 and len(raters) == len(kept["raters"]) else None
