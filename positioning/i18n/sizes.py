"""Sizes in bytes as people read them, in each language: the one formatter of sizes.

A size is shown in bytes, KB, MB or GB (of 1,024), with no decimal below a
megabyte and one from a megabyte on (dropped when it is 0), and always
rounded up: a file one byte over a limit never reads as the limit itself
("2.1 MB", not "2.0 MB" or "2 MB", for a 2 MB limit). The number follows the
language's locale through Babel.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from babel.numbers import format_decimal

#: Each language's Babel locale.
LOCALES: Mapping[str, str] = MappingProxyType({"en": "en", "zh": "zh_Hans_CN"})
#: Each language's words for bytes, kilobytes, megabytes and gigabytes.
UNITS: Mapping[str, tuple[str, str, str, str]] = MappingProxyType(
    {
        "en": ("{n} bytes", "{n} KB", "{n} MB", "{n} GB"),
        "zh": ("{n} 字节", "{n} KB", "{n} MB", "{n} GB"),
    }
)
#: Bytes per unit, and the decimals shown in it.
_STEPS = ((1, 0), (1024, 0), (1024**2, 1), (1024**3, 1))


def format_size(n_bytes: int, language: str = "en") -> str:
    """``n_bytes`` as a size in ``language`` (English when it has no words for sizes).

    >>> [format_size(n) for n in (100, 17 * 1024 + 1, 2 * 1024**2, 2 * 1024**2 + 1, 10.5 * 1024**2)]
    ['100 bytes', '18 KB', '2 MB', '2.1 MB', '10.5 MB']
    >>> format_size(1024**2 - 1), format_size(5 * 1024**3), format_size(12_345, "zh")
    ('1 MB', '5 GB', '13 KB')
    """
    n_bytes = max(0, math.ceil(n_bytes))
    step = max(k for k, (unit, _) in enumerate(_STEPS) if n_bytes >= unit or k == 0)
    value = _rounded_up(n_bytes, *_STEPS[step])
    if value >= 1024 and step + 1 < len(_STEPS):  # 1,023.9 KB rounded up is a megabyte
        step += 1
        value = _rounded_up(n_bytes, *_STEPS[step])
    units = UNITS.get(language, UNITS["en"])
    number = format_decimal(value, format="#,##0.#", locale=LOCALES.get(language, "en"))
    return units[step].format(n=number)


def _rounded_up(n_bytes: int, unit: int, decimals: int) -> Decimal:
    scale = 10**decimals
    return Decimal(-(-n_bytes * scale // unit)) / scale
