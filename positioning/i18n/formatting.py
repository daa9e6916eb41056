"""Numbers, lists of names and times as a language writes them (Babel's CLDR data)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.dates import format_timedelta
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from positioning.i18n.catalogue import DEFAULT_LANGUAGE, language, t


def number(value: object, language_code: str = DEFAULT_LANGUAGE, digits: int | None = None) -> str:
    """A number as the language writes it: as many decimals as it has (``0.2``, ``3``), or
    ``digits`` of them; anything else as text.

    >>> number(0.2), number(3.0), number(0.7812, "zh", digits=2), number("x")
    ('0.2', '3', '0.78', 'x')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    pattern = "0.######" if digits is None else "0." + "0" * digits if digits else "0"
    return format_decimal(value, pattern, locale=language(language_code).locale)


#: Decimals a score, level or importance shows at most; stored values keep full precision.
FIGURE_DIGITS = 2
#: A spreadsheet's number format for a fractional figure (a panel's average 3.3333333333333335 reads 3.33).
FIGURE_FORMAT = "0." + "#" * FIGURE_DIGITS


def figure_format(value: object) -> str:
    """The spreadsheet number format that shows ``value`` as :func:`figure` does: General for a whole
    number (where :data:`FIGURE_FORMAT` would show 6 as "6."), :data:`FIGURE_FORMAT` for a fraction.
    The workbooks and the deck's chart data both take it.

    >>> figure_format(6.0), figure_format(7), figure_format(10 / 3), figure_format("x")
    ('General', 'General', '0.##', 'General')
    """
    fractional = isinstance(value, float) and math.isfinite(value) and not value.is_integer()
    return FIGURE_FORMAT if fractional else "General"


#: Decimals a measure (focus, divergence, alignment, a weighted score, Kendall's W...) always shows.
MEASURE_DIGITS = 2


def rounded(value: float, digits: int) -> Decimal:
    """``value`` rounded to ``digits`` decimals, the project's one rounding: half away from zero on
    the decimal the number reads as (its shortest form, ``repr``), as a person rounds by hand, as
    the data grid's ``Intl.NumberFormat`` rounds (assets/dashAgGridFunctions.js) and as a
    spreadsheet shows it; not on the binary float's exact value, where 0.695 is 0.69499999...

    >>> rounded(0.695, 2), rounded(2.675, 2), rounded(-0.125, 2), rounded(1 / 3, 2), rounded(0.05, 1)
    (Decimal('0.70'), Decimal('2.68'), Decimal('-0.13'), Decimal('0.33'), Decimal('0.1'))
    """
    with localcontext() as context:
        context.rounding = ROUND_HALF_UP
        return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-digits))


def figure(value: object, language_code: str = DEFAULT_LANGUAGE) -> str:
    """A score, level or importance as a person reads it: at most :data:`FIGURE_DIGITS` decimals,
    none when whole (a panel's average of 3, 3 and 4 reads 3.33, not 3.3333333333333335), rounded
    by :func:`rounded`.

    >>> figure(10 / 3), figure(13 / 3, "zh"), figure(4.0), figure(3.5), figure(7), figure(2.675)
    ('3.33', '4.33', '4', '3.5', '7', '2.68')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    pattern = "0." + "#" * FIGURE_DIGITS
    return _decimal(rounded(value, FIGURE_DIGITS), pattern, language_code)


def fixed(value: object, language_code: str = DEFAULT_LANGUAGE, digits: int = MEASURE_DIGITS) -> str:
    """A measure as every view shows it (the Diagnosis tab, the deck, the CLI's report, the
    summary's sentences): always ``digits`` decimals, rounded by :func:`rounded`, so the same
    alignment reads the same everywhere; anything else as text.

    >>> fixed(0.695), fixed(0.7, "zh"), fixed(1), fixed(-0.0001), fixed(0.05, digits=1)
    ('0.70', '0.70', '1.00', '0.00', '0.1')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    pattern = "0." + "0" * digits if digits else "0"
    return _decimal(rounded(value, digits), pattern, language_code)


def _decimal(value: Decimal, pattern: str, language_code: str) -> str:
    # Already rounded: Babel only writes it (its own half-even rounding has nothing left to round),
    # and a zero rounded from below writes without its sign.
    text: str = format_decimal(
        value.copy_abs() if value.is_zero() else value, pattern, locale=language(language_code).locale
    )
    return text


def percent(value: float, language_code: str = DEFAULT_LANGUAGE) -> str:
    """A share as a whole percentage: ``0.4`` -> ``40%``."""
    return format_percent(value, locale=language(language_code).locale)


def chance(share: float) -> str:
    """A factor's shortlist chance as the robustness slide, the summary and the app's Ranking tab show it.

    >>> chance(0.9849), chance(1.0)
    ('98%', '100%')
    """
    return f"{share:.0%}"


def whole_percents(values: Sequence[float]) -> list[int]:
    """Each value's share of their total in whole percent, adding up to exactly 100: each share is
    rounded down and the points left go to the largest remainders, as seats are shared by the
    largest remainder method. Equal values get equal shares whenever that can still add up to 100
    without showing a smaller value above a larger one: equal values take the points left
    together, and when too few are left for all of them the points go to the next largest
    remainders (each share stays its exact value rounded down or up). Only when that cannot hand
    out every point (three equal thirds) do the first of equal values take them. Negative values
    count as 0; all are 0 when the total is.

    >>> whole_percents([1, 1, 1]), whole_percents([0.125, 0.125, 0.375, 0.375]), whole_percents([0, 0])
    ([34, 33, 33], [13, 13, 37, 37], [0, 0])
    >>> whole_percents([0.4, 0.25, 0.4, 1]), whole_percents([3, 3, 2, 1])
    ([19, 13, 19, 49], [33, 33, 23, 11])
    """
    kept = [max(float(v), 0.0) for v in values]
    total = sum(kept)
    if total <= 0:
        return [0] * len(kept)
    exact = [v * 100 / total for v in kept]
    shares = [math.floor(x) for x in exact]
    return _tied_remainders(kept, exact, shares) or _first_remainders(exact, shares)


def _first_remainders(exact: list[float], shares: list[int]) -> list[int]:
    """The points left to the largest remainders, the first on a tie."""
    shares = list(shares)
    by_remainder = sorted(range(len(exact)), key=lambda i: shares[i] - exact[i])  # stable: the first on a tie
    for i in by_remainder[: 100 - sum(shares)]:
        shares[i] += 1
    return shares


def _tied_remainders(kept: list[float], exact: list[float], shares: list[int]) -> list[int] | None:
    """The points left to groups of equal values, largest remainder first, a group taking them only
    when each of its members can have one and no larger value would then show less; ``None`` when
    the points cannot all be handed out that way."""
    shares = list(shares)
    left = 100 - sum(shares)
    groups: dict[float, list[int]] = {}
    for i, v in enumerate(kept):
        groups.setdefault(v, []).append(i)
    for value in sorted(groups, key=lambda v: shares[groups[v][0]] - exact[groups[v][0]]):
        members = groups[value]
        if not left or len(members) > left or exact[members[0]] - shares[members[0]] < 1e-9:
            continue
        raised = shares[members[0]] + 1
        if any(kept[k] > value and shares[k] < raised for k in range(len(kept))):
            continue  # a larger value would show less
        for i in members:
            shares[i] = raised
        left -= len(members)
    return shares if left == 0 else None


def percents(values: Sequence[float], language_code: str = DEFAULT_LANGUAGE) -> list[str]:
    """Shares shown together, as whole percentages that add up to 100% (:func:`whole_percents`).

    >>> percents([1, 1, 1]), percents([0.2, 0.8], "zh")
    (['34%', '33%', '33%'], ['20%', '80%'])
    """
    return [percent(p / 100, language_code) for p in whole_percents(values)]


def join_names(
    names: Iterable[str],
    language_code: str = DEFAULT_LANGUAGE,
    *,
    quoted: bool = False,
    conjunction: bool = False,
    most: int | None = None,
) -> str:
    """Names as one list in the language: ``quoted`` puts each in quotes, ``conjunction`` makes it
    a sentence's list ("A, B and C", Babel's ``format_list``), ``most`` shows that many and counts
    the rest. Without a conjunction the names are an enumeration, joined by the catalogue's
    ``list_separator``.

    >>> join_names(["A", "B", "C"])
    'A, B, C'
    >>> join_names(["A", "B", "C"], quoted=True, conjunction=True)
    "'A', 'B' and 'C'"
    >>> join_names(["A", "B", "C", "D", "E"], most=3)
    'A, B, C and 2 more'
    >>> join_names(["甲", "乙", "丙"], "zh", quoted=True, conjunction=True)
    '“甲”、“乙”和“丙”'
    """
    shown = [t(language_code, "quoted", name=n) if quoted else n for n in names]
    separator = t(language_code, "list_separator")
    if most is not None and len(shown) > most:
        return separator.join(shown[:most]) + t(language_code, "list_more", n=len(shown) - most)
    if conjunction and len(shown) > 1:
        return _sentence(shown, language_code)
    return separator.join(shown)


def _sentence(names: list[str], language_code: str) -> str:
    locale = language(language_code).locale
    if locale.language == "en" and len(names) > 2:
        # The project's English lists have no serial comma ("A, B and C"), where CLDR's English has
        # one ("A, B, and C"): the loader's messages (the file format's contract, written by the core
        # in positioning/core/messages.py) and the tests pin the project's style, so it is kept here.
        return format_list([format_list(names[:-1], "unit", locale), names[-1]], "standard", locale)
    return format_list(names, "standard", locale)


def ago(elapsed: timedelta, language_code: str = DEFAULT_LANGUAGE) -> str:
    """How long ago, in words: "just now" under a minute, else "5 minutes ago", "3 hours ago"...

    >>> ago(timedelta(seconds=20)), ago(timedelta(minutes=5)), ago(timedelta(hours=3), "zh")
    ('just now', '5 minutes ago', '3小时前')
    """
    if elapsed < timedelta(minutes=1):
        return t(language_code, "just_now")
    locale = language(language_code).locale
    return format_timedelta(-elapsed, threshold=1, add_direction=True, locale=locale)
