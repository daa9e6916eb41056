"""The cells a sheet of a read-only openpyxl workbook holds, row by row, at a cost bounded by the cells
actually in the file, and the budget a workbook is read within.

openpyxl's own row iterator pads every row to its last cell and yields every
missing row: one empty styled cell at column XFD makes a row of 16,384 values
to scan (about a millisecond each in Python), so a 38 KB workbook of such rows
took 83 s; and its parser builds a row whole before yielding it, so one row
of millions of cells takes gigabytes. :func:`present_rows` parses each cell as
openpyxl does (its own cell parser), one at a time, dropping it once read, and
yields only the rows the XML holds, each cut to the columns the caller reads,
with the first value found beyond them. openpyxl's parser is internal to it:
the version is bounded in ``pyproject.toml`` and the tests read real files.

A workbook is untrusted input, so reading it has a :class:`Budget`: CPU
seconds of the reading thread (load on the machine does not count against a
file), and a ``check`` called every few thousand XML events, which a job uses
to stop a file as soon as its owner cancels.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

#: CPU seconds a workbook may take to read: 1,000 factors of 50 players take under a second.
READ_SECONDS = 10.0
#: How many XML events (a cell's start and end are two) are read between two looks at the budget.
EVENTS_PER_CHECK = 4096


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

    @property
    def spent(self) -> bool:
        """Whether the budget is spent (this thread's CPU clock is past its end)."""
        return time.thread_time() > self.ends

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
    from openpyxl.worksheet._reader import WorkSheetParser  # what openpyxl's read-only sheets parse cells with

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
        budget.spend()  # what opening the workbook took counts too
        previous = 0
        for row in _parsed_rows(parser, width, budget):
            if row.number > last_row:
                return
            if row.number > previous:
                previous = row.number
                yield row


def _parsed_rows(parser: Any, width: int, budget: Budget) -> Iterator[PresentRow]:
    """The sheet's rows, read cell by cell (openpyxl's parser would build a whole row first: one row of
    millions of cells took gigabytes and seconds no budget could stop), each cell parsed as openpyxl does
    and dropped once read: only the columns read and the first value beyond them are kept."""
    from openpyxl.xml.functions import iterparse

    rows = _Rows(parser, width)
    for count, (event, element) in enumerate(iterparse(parser.source, events=("start", "end")), start=1):
        if count % EVENTS_PER_CHECK == 0:
            budget.spend()
            rows.drop_read()
        if event == "start":
            rows.start(element)
        elif (row := rows.end(element)) is not None:
            yield row


class _Rows:
    """The row being read, from the XML events of a sheet: its values in the columns read, the first value
    beyond, and the elements to drop once read."""

    def __init__(self, parser: Any, width: int) -> None:
        from openpyxl.worksheet._reader import CELL_TAG, DATA_TAG, ROW_TAG

        self.tags = CELL_TAG, DATA_TAG, ROW_TAG
        self.parser, self.width = parser, width
        self.table: Any = None
        self.row: Any = None
        self.values: dict[int, Any] = {}
        self.beyond: int | None = None

    def start(self, element: Any) -> None:
        _, data_tag, row_tag = self.tags
        if element.tag == row_tag:
            self.row, self.values, self.beyond = element, {}, None
            self.parser.row_counter = _row_number(element, self.parser.row_counter)
            self.parser.col_counter = 0
        elif element.tag == data_tag:
            self.table = element

    def end(self, element: Any) -> PresentRow | None:
        """The row, once its end is read; each cell on its way."""
        cell_tag, _, row_tag = self.tags
        if self.row is None:
            return None
        if element.tag == cell_tag:
            cell = self.parser.parse_cell(element)
            if cell["column"] <= self.width:
                self.values[cell["column"]] = cell["value"]
            elif _filled(cell["value"]) and (self.beyond is None or cell["column"] - 1 < self.beyond):
                self.beyond = cell["column"] - 1
        elif element.tag == row_tag:
            self.row = None
            if self.table is not None:
                self.table.clear()  # the rows read so far
            return PresentRow(self.parser.row_counter, _in_order(self.values), self.beyond)
        return None

    def drop_read(self) -> None:
        """Drop the cells read so far (the one being read is still the XML parser's)."""
        if self.row is not None:
            self.row.clear()


def _row_number(element: Any, previous: int) -> int:
    """A row's number as openpyxl reads it: its ``r`` (a whole number, maybe written as ``2.0``), else the
    one after the previous row (ValueError for any other ``r``: a damaged sheet)."""
    given = element.get("r")
    if given is None:
        return previous + 1
    number = float(given)
    if not number.is_integer():
        raise ValueError(f"{given} is not a valid row number")
    return int(number)


def _in_order(values: dict[int, Any]) -> tuple[Any, ...]:
    """The values by column (from 1), as a row as long as its last column given."""
    row: list[Any] = [None] * max(values, default=0)
    for column, value in values.items():
        row[column - 1] = value
    return tuple(row)


def _filled(value: Any) -> bool:
    return value not in (None, "")
