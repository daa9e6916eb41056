"""A scoring panel from several people's scoring workbooks: one implementation for the CLI
(``positioning import A.xlsx B.xlsx -o OUT.yaml``) and the app ("Apply as one panel").

Each workbook is read as :mod:`~positioning.output.spreadsheet` reads one (the same limits, the same
checks, the same messages naming the file and the cell) and must be valid on its own; its rater is
named by the Settings key ``rater``, else by the file's name. Every file is read even when one fails,
so all the problems are reported at once, file by file (:func:`read_books`).

The CLI then takes the first workbook as the canvas and every workbook's scores as its panel
(:func:`merge_workbooks`: all must list the same factors and players); the app puts the raters into
the open canvas (:func:`rater_scores` and :func:`coverage` say who rated what against it).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from positioning.core.loader import CanvasError, Problem, canvas_from_data
from positioning.core.messages import names, say
from positioning.core.model import MAX_RATERS, Canvas
from positioning.i18n.wording import problem_at
from positioning.output.sheet_cells import Budget
from positioning.output.spreadsheet import RATER_KEY, Cells, load_workbook_canvas, workbook_data


@dataclass(frozen=True)
class RaterBook:
    """One rater's workbook as read: its canvas data (None when it could not be read as a canvas), the cell
    behind each field, who filled it in, and every problem found in it."""

    label: str
    rater: str
    data: dict[str, Any] | None = None
    cells: Cells = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()

    @property
    def factor_names(self) -> list[str]:
        return [f["name"] for f in self.data["factors"]] if self.data else []


def read_book(path: Path, label: str | None = None, budget: Budget | None = None) -> RaterBook:
    """The workbook at ``path`` (``label``: what messages call it, its file name by default), within the CPU
    ``budget`` (a workbook's own by default)."""
    label = label or str(path)
    stem = PurePath(label).stem or path.stem
    try:
        book = workbook_data(path, label, budget)
    except CanvasError as error:
        return RaterBook(label, stem, problems=tuple(error.problems))
    rater = book.data.pop(RATER_KEY, None)
    name = str(rater).strip() if rater not in (None, "") else stem
    try:
        book.canvas(label)  # valid on its own, or its own messages
    except CanvasError as error:
        return RaterBook(label, name, book.data, book.cells, tuple(error.problems))
    return RaterBook(label, name, book.data, book.cells)


def read_books(files: Sequence[tuple[Path, str]], budget: Budget | None = None) -> list[RaterBook]:
    """Every workbook of ``files`` (path, label) read, each with its problems, and a rater named twice
    reported in the later file. With a ``budget``, all of them share it: once it is spent, the files
    left are not opened, each refused by name."""
    books = [_within(path, label, budget) for path, label in files]
    seen: dict[str, str] = {}
    for k, book in enumerate(books):
        if book.rater in seen:
            message = say("book_same_rater", rater=book.rater, other=seen[book.rater])
            twice = problem_at(book.label, book.cells.get((RATER_KEY,)), "", message)
            books[k] = RaterBook(book.label, book.rater, book.data, book.cells, (*book.problems, twice))
        seen.setdefault(book.rater, book.label)
    return books


def _within(path: Path, label: str, budget: Budget | None) -> RaterBook:
    """The workbook read within what is left of ``budget``; not opened once it is spent."""
    if budget is not None and budget.spent:
        late = problem_at(label, None, "", say("panel_books_out_of_time", seconds=budget.seconds))
        return RaterBook(label, PurePath(label).stem, problems=(late,))
    return read_book(path, label, budget)


def rater_scores(book: RaterBook) -> dict[str, Any]:
    """The book as a panel's rater: ``{"rater": name, "scores": {factor: {criterion: score}}}``."""
    assert book.data is not None
    return {"rater": book.rater, "scores": {f["name"]: f["scores"] for f in book.data["factors"]}}


@dataclass(frozen=True)
class Coverage:
    """What a rater's workbook scores of a canvas: how many of its factors, which it lacks, which it has extra."""

    scored: int
    missing: tuple[str, ...]
    extra: tuple[str, ...]


def coverage(book: RaterBook, canvas: Canvas) -> Coverage:
    """Which of ``canvas``'s factors ``book`` scores (its extra factors are left out of a panel)."""
    mine, theirs = list(canvas.factor_names), book.factor_names
    return Coverage(
        scored=sum(1 for name in theirs if name in mine),
        missing=tuple(n for n in mine if n not in theirs),
        extra=tuple(n for n in theirs if n not in mine),
    )


def scale_problem(book: RaterBook, canvas: Canvas) -> Problem | None:
    """A book that scores on another scale than ``canvas`` (its scores would mean something else), at the
    cell of its Settings that sets it."""
    if book.data is None:
        return None
    scale = list(book.data.get("scales", {}).get("score") or (1, 5))
    if scale == list(canvas.scales.score):
        return None
    cell = book.cells.get(("scales", "score"))
    shown, wanted = (f"{low:g}-{high:g}" for low, high in (scale, canvas.scales.score))
    return problem_at(book.label, cell, "", say("panel_books_scale", scale=shown, canvas=wanted))


def merge_workbooks(paths: Sequence[str | Path]) -> Canvas:
    """Several filled-in scoring workbooks as one canvas whose panel holds each workbook's scores.

    The first workbook gives everything but the scores (players, levels,
    categories, notes, settings); each workbook must be valid on its own and
    list the same factors and players, else a :class:`CanvasError` names the
    workbook and the cell. Each rater is named by the workbook's ``rater``
    setting, or its file name. One workbook is read as a canvas of its own.
    """
    if len(paths) == 1:
        return load_workbook_canvas(paths[0])
    if len(paths) > MAX_RATERS:
        message = say("book_too_many_raters", most=MAX_RATERS, count=len(paths))
        raise CanvasError([problem_at(str(paths[MAX_RATERS]), None, "", message)])
    books = read_books([(Path(p), str(p)) for p in paths])
    problems = [p for book in books for p in book.problems]
    first = books[0]
    if all(book.data is not None for book in books):  # read as canvases: do they list the same?
        problems = [p for book in books[1:] for p in _disagreements(first, book)] + problems
    if problems:
        raise CanvasError(problems)
    assert first.data is not None
    data = copy.deepcopy(first.data)
    for factor in data["factors"]:
        factor.pop("scores", None)
    data["panel"] = [rater_scores(book) for book in books]
    return canvas_from_data(data, name=first.label)


def _disagreements(first: RaterBook, other: RaterBook) -> list[Problem]:
    """Where ``other`` lists other factors or players than ``first``, cell by cell."""
    assert first.data is not None and other.data is not None
    problems = []
    mine, theirs = first.factor_names, other.factor_names
    for k, name in enumerate(theirs):
        if name not in mine:
            cell = other.cells.get(("factors", k, "name"))
            problems.append(problem_at(other.label, cell, "", say("book_factor_not_in", name=name, first=first.label)))
    missing = [n for n in mine if n not in theirs]
    if missing:
        listed = names(missing, quoted=True, most=6)
        cell = other.cells.get(("players",), "").split("!")[0] + "!A"
        problems.append(problem_at(other.label, cell, "", say("book_no_rows", names=listed, first=first.label)))
    players = [p["name"] for p in first.data["players"]]
    for k, player in enumerate(p["name"] for p in other.data["players"]):
        if player not in players:
            cell = other.cells.get(("players", k, "name"))
            message = say("book_player_not_in", name=player, first=first.label)
            problems.append(problem_at(other.label, cell, "", message))
    absent = [p for p in players if p not in {q["name"] for q in other.data["players"]}]
    if absent:
        cell = other.cells.get(("players",))
        listed = names(map(repr, absent))
        problems.append(problem_at(other.label, cell, "", say("book_no_columns", names=listed, first=first.label)))
    return problems
