"""Customer importance from a survey: a file of ratings read into means, counts and spreads, written
onto the canvas as each factor's ``importance``.

A survey file has a header row and one row per respondent: a column per factor (matched to the
canvas's factor names exactly, else ignoring case and surrounding spaces), and optionally a
``respondent`` column (an id: one given twice is refused) and a ``segment`` column (matched ignoring
case). A blank row is no respondent; a value past the header's last column refuses its row. Each
rating is a number on a 1-5 or a 1-7 scale; a blank cell is no answer (skipped, not zero). The scale
is the one given, else inferred from the ratings: 1-5 when none is above 5, else 1-7.

Importance lives on the canvas's score scale (the bars are read against it, and over- and
under-delivery cut it in thirds), so each mean is mapped linearly onto that scale: on the default
1-5 score scale a 1-5 survey's mean is kept as it is, a 1-7 survey's 1 is 1, 4 is 3 and 7 is 5. The
standard deviation is mapped with it, and :func:`importance_interval` gives the 95% t-interval of the
mean from the stored mean, count and deviation.

Everything here is pure: the caller reads the file's bytes (at most :data:`MAX_SURVEY_BYTES`), and
every problem comes back as data (a :class:`SurveyError` listing :class:`SurveyProblem` s: the row or
cell, the column, the message) for the caller to word in its language.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from positioning.core.archive import ArchiveRefused, ZipLimits, check_zip
from positioning.core.messages import Message, counted, names, say, verbatim
from positioning.core.model import MAX_FACTORS, MAX_SEGMENTS, Canvas, Factor, frozen, near_miss
from positioning.core.names import MAX_NAME, has_name_characters, refused_character
from positioning.core.sizes import ByteSize

#: Largest survey file read (a canvas file's limit, which the app's requests are sized for): 20,000
#: respondents rating 30 factors are well under it.
MAX_SURVEY_BYTES = 2 * 1024 * 1024
#: Most respondents (answered rows) in a survey.
MAX_RESPONDENTS = 20_000
#: Most rows read at all, blank ones included (a column formatted to the bottom of a sheet leaves
#: thousands of empty rows below the answers): past it reading stops, however few are answered.
MAX_ROWS_READ = 5 * MAX_RESPONDENTS
#: Most columns: a column per factor, a respondent and a segment column.
MAX_COLUMNS = MAX_FACTORS + 2
#: The rating scales a survey may use: 1 to 5, or 1 to 7.
SCALES = (5, 7)
#: The optional columns (besides a column per factor).
RESPONDENT, SEGMENT = "respondent", "segment"
#: The share of the t distribution an interval holds.
CONFIDENCE = 0.95
#: Problems reported at most, then the rest counted.
MOST_PROBLEMS = 50
#: The sheet of a workbook read when there is one of this name (any case), else the first.
SHEET = "responses"
#: File name endings taken: text (comma, semicolon or tab separated) and Excel workbooks.
TEXT_SUFFIXES, WORKBOOK_SUFFIXES = (".csv", ".txt", ".tsv"), (".xlsx", ".xlsm")

#: What a survey workbook's parts may unpack to (a scoring workbook's limits): checked before openpyxl
#: inflates anything, so a zip bomb is refused.
WORKBOOK_LIMITS = ZipLimits(entries=2000, unpacked_bytes=100 * 1024 * 1024, ratio=100)
#: What a damaged workbook makes openpyxl, its XML parser or zipfile raise while its rows are read.
_DAMAGED = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, OverflowError, SyntaxError)

Where = int | str | None


@dataclass(frozen=True)
class SurveyProblem:
    """One thing wrong with a survey file: where (a row number of a text file, a cell such as
    "Responses!C5" of a workbook, or None for the whole file), the column as headed, and the message."""

    line: Where
    column: str
    words: Message


class SurveyError(ValueError):
    """A survey that cannot be used: every problem found, in file order."""

    def __init__(self, problems: Sequence[SurveyProblem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.words.key for p in self.problems))


@dataclass(frozen=True)
class FactorAnswers:
    """One factor's answers: how many, their mean and sample standard deviation (None for one answer),
    on the survey's own scale."""

    name: str
    n: int
    mean: float
    sd: float | None


@dataclass(frozen=True)
class SegmentAnswers:
    """One segment's respondents and the mean rating of every factor by them, on the survey's scale."""

    name: str
    respondents: int
    means: Mapping[str, float]


@dataclass(frozen=True)
class Survey:
    """A survey read and summed up: its scale (1 to ``scale``; ``inferred`` when not given), the count of
    respondents, every factor's answers in canvas order, and each segment's (in order of first mention)."""

    scale: int
    inferred: bool
    respondents: int
    factors: tuple[FactorAnswers, ...]
    segments: tuple[SegmentAnswers, ...] = ()


@dataclass(frozen=True)
class UncertainCall:
    """An over- or under-delivery call whose importance interval reaches into another third of the
    score scale: the factor, the call, and the interval (on the score scale)."""

    factor: str
    call: Literal["over", "under"]
    low: float
    high: float


# --- reading the file ------------------------------------------------------------------


@dataclass(frozen=True)
class _Cell:
    where: Where
    value: Any


def read_survey(
    data: bytes, source: str, factor_names: Sequence[str], *, scale: int | None = None, workbook: bool = False
) -> Survey:
    """The survey in ``data`` (a text file, or an Excel workbook when ``workbook``) of the factors
    ``factor_names``; ``scale`` 5 or 7, or None to infer it. Raises :class:`SurveyError`."""
    if len(data) > MAX_SURVEY_BYTES:
        size = say("survey_too_large", size=ByteSize(len(data)), limit=ByteSize(MAX_SURVEY_BYTES))
        raise SurveyError([SurveyProblem(None, "", size)])
    rows = _workbook_rows(data) if workbook else _text_rows(data)
    return _survey(rows, factor_names, scale)


def _fail(words: Message, line: Where = None, column: str = "") -> SurveyError:
    return SurveyError([SurveyProblem(line, column, words)])


def _text_rows(data: bytes) -> list[list[_Cell]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _fail(say("load_not_utf8", byte=f"0x{data[error.start]:02x}")) from None
    if "\x00" in text:
        raise _fail(say("load_nul_bytes"))
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[_Cell]] = []
    try:
        for read, row in enumerate(reader, start=1):
            if _answered(row):
                rows.append([_Cell(reader.line_num, v) for v in row])
            _check_counts(rows, read, len(row), reader.line_num)
    except csv.Error as error:
        raise _fail(say("survey_bad_csv", why=str(error)), reader.line_num) from None
    return rows


def _workbook_rows(data: bytes) -> list[list[_Cell]]:
    import openpyxl  # the core reads a workbook only when given one
    from openpyxl.utils import get_column_letter

    try:
        check_zip(data, WORKBOOK_LIMITS)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ArchiveRefused as refused:
        if refused.reason not in ("unpacks", "ratio"):
            raise _fail(say("survey_not_workbook")) from None
        most, ratio = ByteSize(WORKBOOK_LIMITS.unpacked_bytes), WORKBOOK_LIMITS.ratio
        unpacks = say("book_unpacks", unpacked=refused.values["size"], size=ByteSize(len(data)), ratio=ratio, most=most)
        raise _fail(unpacks) from None
    except _DAMAGED:
        raise _fail(say("survey_not_workbook")) from None
    rows: list[list[_Cell]] = []
    sheet = None
    try:
        sheet = next((s for s in book.worksheets if s.title.strip().lower() == SHEET), book.worksheets[0])
        for r, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(values) <= MAX_COLUMNS and _answered(values):
                rows.append(
                    [_Cell(f"{sheet.title}!{get_column_letter(c)}{r}", v) for c, v in enumerate(values, start=1)]
                )
            _check_counts(rows, r, len(values), f"{sheet.title}!A{r}")
    except SurveyError:
        raise
    except _DAMAGED:
        damaged = say("book_damaged_sheet", sheet=sheet.title) if sheet is not None else say("survey_not_workbook")
        raise _fail(damaged) from None
    finally:
        book.close()
    return rows


def _answered(values: Sequence[Any]) -> bool:
    """Whether a row holds anything: a blank row (every cell empty or spaces) is no respondent."""
    return any(_key(v) for v in values)


def _check_counts(rows: list[list[_Cell]], read: int, columns: int, where: Where) -> None:
    """Refuse the file at its ``read``-th row (blank ones counted) when the answered ``rows`` kept (the
    header and the respondents) are more than a survey holds, too many rows were read, or the row is too
    wide."""
    if len(rows) > MAX_RESPONDENTS + 1:
        raise _fail(say("survey_too_many_rows", most=MAX_RESPONDENTS), where)
    if read > MAX_ROWS_READ:
        raise _fail(say("survey_too_many_blank_rows", most=MAX_ROWS_READ), where)
    if columns > MAX_COLUMNS:
        raise _fail(say("survey_too_many_columns", most=MAX_COLUMNS), where)


# --- the columns ------------------------------------------------------------------------


def _key(text: Any) -> str:
    return str(text).strip().casefold() if text is not None else ""


@dataclass(frozen=True)
class _Columns:
    factors: Mapping[int, str]  # column index -> canvas factor name
    headers: Sequence[str]
    segment: int | None
    respondent: int | None = None


def _factor_of(text: str, factor_names: Sequence[str], headers: Sequence[str], taken: Mapping[str, int]) -> str | None:
    """The canvas factor a column headed ``text`` is: the one named exactly so, else the first (in canvas
    order) named so but for case and spaces that is neither taken nor headed exactly by another column;
    None when there is none."""
    if text in factor_names:
        return text if text not in taken else None
    exact = set(headers)
    return next((n for n in factor_names if _key(n) == _key(text) and n not in taken and n not in exact), None)


def _columns(header: Sequence[_Cell], factor_names: Sequence[str]) -> tuple[_Columns, list[SurveyProblem]]:
    keys = {_key(n) for n in factor_names}
    problems: list[SurveyProblem] = []
    factors: dict[int, str] = {}
    taken: dict[str, int] = {}  # canvas factor name -> column index
    special: dict[str, int] = {}
    headers = [str(c.value).strip() if c.value is not None else "" for c in header]
    for i, (cell, text) in enumerate(zip(header, headers, strict=True)):
        key = _key(text)
        if not key:
            continue
        factor = _factor_of(text, factor_names, headers, taken)
        if factor is not None:
            factors[i] = factor
            taken[factor] = i
        elif key in (RESPONDENT, SEGMENT) and key not in keys and key not in special:
            special[key] = i
        elif key in keys or key in special:
            problems.append(SurveyProblem(cell.where, text, say("survey_duplicate_column", name=text)))
        else:
            near = near_miss(text, list(factor_names))
            hint = say("did_you_mean", name=near) if near else verbatim("")
            listed = names(factor_names, quoted=True, most=8)
            unknown = say("survey_unknown_column", name=text, names=listed, hint=hint)
            problems.append(SurveyProblem(cell.where, text, unknown))
    where = header[0].where if header else None
    missing = [n for n in factor_names if n not in taken]
    if missing:
        listed = names(missing, quoted=True, most=8)
        problems.append(SurveyProblem(where, "", say("survey_missing_factors", names=listed)))
    return _Columns(factors, headers, special.get(SEGMENT), special.get(RESPONDENT)), problems


def _beyond(body: list[list[_Cell]], columns: _Columns) -> list[SurveyProblem]:
    """A value in a cell past the header's last column (a decimal comma in a comma-separated file splits
    a rating in two): the row is refused, not the value dropped. Empty cells there are no values."""
    problems: list[SurveyProblem] = []
    width = len(columns.headers)
    for row in body:
        extra = [c for c in row[width:] if _key(c.value)]
        if extra:
            shown = ", ".join(str(c.value).strip()[:20] for c in extra[:3])
            words = say("survey_values_beyond_header", columns=width, values=shown)
            problems.append(SurveyProblem(extra[0].where, "", words))
    return problems


def _respondents(body: list[list[_Cell]], columns: _Columns) -> list[SurveyProblem]:
    """A respondent id given a second time (a double submission would count twice): refused by its row.
    A row without an id is no problem."""
    if columns.respondent is None:
        return []
    problems: list[SurveyProblem] = []
    seen: set[str] = set()
    header = columns.headers[columns.respondent]
    for row in body:
        cell = row[columns.respondent] if columns.respondent < len(row) else None
        if cell is None or not _key(cell.value):
            continue
        given = str(cell.value).strip()
        if given in seen:
            words = say("survey_duplicate_respondent", respondent=given[:40])
            problems.append(SurveyProblem(cell.where, header, words))
        seen.add(given)
    return problems


# --- the ratings -----------------------------------------------------------------------


def _survey(rows: list[list[_Cell]], factor_names: Sequence[str], scale: int | None) -> Survey:
    rows = [r for r in rows if any(_key(c.value) for c in r)]  # a blank row is no respondent
    if not rows:
        raise _fail(say("survey_empty"))
    columns, problems = _columns(rows[0], factor_names)
    if problems:
        raise SurveyError(problems)
    body = rows[1:]
    if not body:
        raise _fail(say("survey_no_respondents"), rows[0][0].where)
    problems = _beyond(body, columns) + _respondents(body, columns)
    ratings, rating_problems = _ratings(body, columns)
    problems += rating_problems
    top = scale or (5 if all(v <= 5 for _, v in _every(ratings)) else 7)
    problems += [_off_scale(where, columns, i, v, top, scale is None) for where, i, v in _off(body, ratings, top)]
    segments, segment_problems = _segments(body, columns)
    problems += segment_problems
    if problems:
        raise SurveyError(_first(problems))
    factors = tuple(_answers(name, [r[i] for r in ratings if i in r], columns) for i, name in columns.factors.items())
    unanswered = [f.name for f in factors if f.n == 0]
    if unanswered:
        raise SurveyError([SurveyProblem(None, n, say("survey_no_answers", name=n)) for n in unanswered])
    order = {n: k for k, n in enumerate(factor_names)}
    return Survey(
        scale=top,
        inferred=scale is None,
        respondents=len(body),
        factors=tuple(sorted(factors, key=lambda f: order[f.name])),
        segments=_segment_answers(segments, ratings, columns, factor_names),
    )


def _first(problems: list[SurveyProblem]) -> list[SurveyProblem]:
    if len(problems) <= MOST_PROBLEMS:
        return problems
    rest = counted("load_more_problems", len(problems) - MOST_PROBLEMS)
    return [*problems[:MOST_PROBLEMS], SurveyProblem(None, "", rest)]


def _every(ratings: list[dict[int, float]]) -> Iterator[tuple[int, float]]:
    for row in ratings:
        yield from row.items()


def _ratings(body: list[list[_Cell]], columns: _Columns) -> tuple[list[dict[int, float]], list[SurveyProblem]]:
    """Every respondent's ratings by column; a value that is no number is a problem."""
    ratings: list[dict[int, float]] = []
    problems: list[SurveyProblem] = []
    for row in body:
        given: dict[int, float] = {}
        for i in columns.factors:
            cell = row[i] if i < len(row) else None
            if cell is None or not _key(cell.value):
                continue
            value = _number(cell.value)
            if value is None:
                shown = str(cell.value).strip()[:40]
                problems.append(SurveyProblem(cell.where, columns.headers[i], say("survey_not_a_number", value=shown)))
            else:
                given[i] = value
        ratings.append(given)
    return ratings, problems


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def _off(body: list[list[_Cell]], ratings: list[dict[int, float]], top: int) -> Iterator[tuple[Where, int, float]]:
    for row, given in zip(body, ratings, strict=True):
        for i, value in given.items():
            if not 1 <= value <= top:
                yield row[i].where, i, value


def _off_scale(where: Where, columns: _Columns, i: int, value: float, top: int, inferred: bool) -> SurveyProblem:
    words = say("survey_off_scales" if inferred else "survey_off_scale", value=f"{value:g}", top=top)
    return SurveyProblem(where, columns.headers[i], words)


def _segments(body: list[list[_Cell]], columns: _Columns) -> tuple[list[str], list[SurveyProblem]]:
    """Each respondent's segment (none without a segment column); a blank or unusable one is a problem."""
    if columns.segment is None:
        return [], []
    found: list[str] = []
    problems: list[SurveyProblem] = []
    header = columns.headers[columns.segment]
    for row in body:
        cell = row[columns.segment] if columns.segment < len(row) else row[0]
        text = str(cell.value).strip() if columns.segment < len(row) and cell.value is not None else ""
        if not text:
            problems.append(SurveyProblem(cell.where, header, say("survey_no_segment")))
        elif not has_name_characters(text) or len(text) > MAX_NAME or refused_character(text):
            problems.append(SurveyProblem(cell.where, header, say("survey_bad_segment", most=MAX_NAME)))
        found.append(text)
    if len(set(found)) > MAX_SEGMENTS:
        problems.append(SurveyProblem(None, header, say("survey_too_many_segments", most=MAX_SEGMENTS)))
    return found, problems


def _answers(name: str, given: list[float], columns: _Columns) -> FactorAnswers:
    mean = statistics.fmean(given) if given else 0.0
    sd = statistics.stdev(given) if len(given) > 1 else None
    return FactorAnswers(name=name, n=len(given), mean=mean, sd=sd)


def _segment_answers(
    segments: list[str], ratings: list[dict[int, float]], columns: _Columns, factor_names: Sequence[str]
) -> tuple[SegmentAnswers, ...]:
    out: list[SegmentAnswers] = []
    problems: list[SurveyProblem] = []
    by_name = {n: i for i, n in columns.factors.items()}
    for segment in dict.fromkeys(segments):
        mine = [r for r, s in zip(ratings, segments, strict=True) if s == segment]
        means: dict[str, float] = {}
        for name in factor_names:
            given = [r[by_name[name]] for r in mine if by_name[name] in r]
            if not given:
                problems.append(SurveyProblem(None, name, say("survey_segment_no_answers", segment=segment, name=name)))
            else:
                means[name] = statistics.fmean(given)
        out.append(SegmentAnswers(segment, len(mine), frozen(means)))
    if problems:
        raise SurveyError(_first(problems))
    return tuple(out)


# --- onto the canvas -------------------------------------------------------------------

#: Decimals of the importance, deviation and shares written to the canvas.
DECIMALS = 4


def on_score_scale(value: float, survey_scale: int, score: tuple[float, float]) -> float:
    """A rating of a 1-``survey_scale`` survey on the score scale ``score``, linearly.

    >>> on_score_scale(4, 7, (1.0, 5.0))
    3.0
    >>> on_score_scale(4.2, 5, (1.0, 5.0))
    4.2
    """
    low, high = score
    return low + (value - 1) / (survey_scale - 1) * (high - low)


def with_survey(canvas: Canvas, survey: Survey) -> Canvas:
    """``canvas`` with every factor's ``importance`` (and its count and deviation) from ``survey``, and,
    when the survey has segments, its segments replaced by the survey's with their shares of respondents."""
    score = canvas.scales.score
    stretch = (score[1] - score[0]) / (survey.scale - 1)
    answers = {a.name: a for a in survey.factors}

    def surveyed(f: Factor) -> Factor:
        a = answers[f.name]
        update = {
            "importance": round(on_score_scale(a.mean, survey.scale, score), DECIMALS),
            "importance_n": a.n,
            "importance_sd": round(a.sd * stretch, DECIMALS) if a.sd is not None else None,
        }
        return f.model_copy(update=update)

    data = canvas.model_dump()
    data["factors"] = [surveyed(f).model_dump() for f in canvas.factors]
    if survey.segments:
        data["segments"] = [
            {
                "name": g.name,
                "share": round(g.respondents / survey.respondents, DECIMALS),
                "importance": {n: round(on_score_scale(v, survey.scale, score), DECIMALS) for n, v in g.means.items()},
            }
            for g in survey.segments
        ]
    return Canvas.model_validate(data)


# --- the interval ----------------------------------------------------------------------


def importance_interval(factor: Factor, score: tuple[float, float]) -> tuple[float, float] | None:
    """The 95% t-interval of the factor's mean importance, within the score scale ``score``; None
    unless the importance came from a survey of two or more answers."""
    n, sd, mean = factor.importance_n, factor.importance_sd, factor.importance
    if n is None or sd is None or mean is None or n < 2:
        return None
    half = t_quantile((1 + CONFIDENCE) / 2, n - 1) * sd / math.sqrt(n)
    return (max(score[0], mean - half), min(score[1], mean + half))


@lru_cache(maxsize=256)
def t_quantile(p: float, df: int) -> float:
    """The ``p`` quantile (p > 0.5) of Student's t with ``df`` degrees of freedom, by bisection on its
    distribution function (exact sums for whole ``df``), or a Cornish-Fisher expansion past 1,000.

    >>> round(t_quantile(0.975, 1), 4), round(t_quantile(0.975, 10), 4)
    (12.7062, 2.2281)
    """
    if df > 1000:
        z = statistics.NormalDist().inv_cdf(p)
        return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
    low, high = 0.0, 1e4
    for _ in range(100):
        mid = (low + high) / 2
        if _t_within(mid, df) < 2 * p - 1:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def _t_within(t: float, df: int) -> float:
    """P(|T| < t) for Student's t with a whole ``df`` (Abramowitz and Stegun 26.7.3 and 26.7.4)."""
    theta = math.atan(t / math.sqrt(df))
    c2, s = math.cos(theta) ** 2, math.sin(theta)
    if df % 2 == 0:
        term, total = 1.0, 1.0
        for k in range(2, df - 1, 2):
            term *= c2 * (k - 1) / k
            total += term
        return s * total
    if df == 1:
        return 2 * theta / math.pi
    term, total = 1.0, 1.0
    for k in range(3, df - 1, 2):
        term *= c2 * (k - 1) / k
        total += term
    return 2 / math.pi * (theta + s * math.cos(theta) * total)


def uncertain_calls(canvas: Canvas, over: Sequence[str], under: Sequence[str]) -> tuple[UncertainCall, ...]:
    """The over- and under-delivery calls (of the factors ``over`` and ``under``) whose importance interval
    reaches past the third of the score scale the call rests on: the over-delivered first, each in
    the order given."""
    low, high = canvas.scales.score
    third = (high - low) / 3
    intervals = {f.name: importance_interval(f, (low, high)) for f in canvas.factors}
    overs = [
        UncertainCall(n, "over", *i) for n in over if (i := intervals[n]) is not None and i[1] > low + third + 1e-9
    ]
    unders = [
        UncertainCall(n, "under", *i) for n in under if (i := intervals[n]) is not None and i[0] < high - third - 1e-9
    ]
    return (*overs, *unders)
