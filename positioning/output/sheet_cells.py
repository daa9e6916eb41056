"""The cells a sheet of a read-only openpyxl workbook holds, row by row, at a cost bounded by the cells
actually in the file, and the budget a workbook is read within.

openpyxl's own row iterator pads every row to its last cell and yields every
missing row: one empty styled cell at column XFD makes a row of 16,384 values
to scan (about a millisecond each in Python), so a 38 KB workbook of such rows
took 83 s. :func:`present_rows` reads the same XML with the same parser that
openpyxl's read-only sheets use, and yields only the rows the XML holds, each
cut to the columns the caller reads, with the first value found beyond them.

A workbook is untrusted input, so reading it has a :class:`Budget`: CPU
seconds of the reading thread (load on the machine does not count against a
file), and a ``check`` called between rows, which a job uses to stop a file
as soon as its owner cancels.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

#: CPU seconds a workbook may take to read: 1,000 factors of 50 players read in about half a second.
READ_SECONDS = 10.0
#: How many rows are read between two looks at the budget.
ROWS_PER_CHECK = 16


class OutOfTime(Exception):
    """Reading a workbook took more CPU time than its budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"more than {seconds:g} s")
        self.seconds = seconds


@dataclass(frozen=True)
class Budget:
    """Until when (this thread's CPU clock, :func:`time.thread_time`) a workbook may be read, and what to call
    between rows (it may raise, to stop reading: a cancelled job)."""

    seconds: float
    ends: float
    check: Callable[[], None] | None = None

    @classmethod
    def start(cls, seconds: float = READ_SECONDS, check: Callable[[], None] | None = None) -> Budget:
        return cls(seconds, time.thread_time() + seconds, check)

    def spend(self) -> None:
        """Raise :class:`OutOfTime` once the budget is spent; else ask ``check``."""
        if time.thread_time() > self.ends:
            raise OutOfTime(self.seconds)
        if self.check is not None:
            self.check()


@dataclass(frozen=True)
class PresentRow:
    """A row as the sheet's XML holds it: its number, its values in the columns read (as many as up to its
    last cell there), and the first value beyond them as (column index from 0, value), if any."""

    number: int
    values: tuple[Any, ...]
    beyond: int | None


def present_rows(sheet: Any, width: int, budget: Budget, *, last_row: int) -> Iterator[PresentRow]:
    """The rows of the read-only ``sheet`` its XML holds, up to row ``last_row``, each cut to ``width`` columns.

    Like openpyxl's own iterator, a row numbered at or before one already read is skipped.
    """
    from openpyxl.worksheet._reader import WorkSheetParser  # the parser openpyxl's read-only sheets use

    book = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=book.data_only,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        previous = 0
        budget.spend()  # what opening the workbook took counts too
        for count, (number, cells) in enumerate(parser.parse(), start=1):
            if count % ROWS_PER_CHECK == 0:
                budget.spend()
            if number > last_row:
                return
            if number > previous:
                previous = number
                yield _row(number, cells, width)


def _row(number: int, cells: list[dict[str, Any]], width: int) -> PresentRow:
    """One row's cells (openpyxl's parsed cell dicts, columns counted from 1) as a :class:`PresentRow`."""
    inside = [cell for cell in cells if cell["column"] <= width]
    values: list[Any] = [None] * (max((cell["column"] for cell in inside), default=0))
    for cell in inside:
        values[cell["column"] - 1] = cell["value"]
    beyond = min(
        (cell["column"] - 1 for cell in cells if cell["column"] > width and _filled(cell["value"])),
        default=None,
    )
    return PresentRow(number, tuple(values), beyond)


def _filled(value: Any) -> bool:
    return value not in (None, "")
