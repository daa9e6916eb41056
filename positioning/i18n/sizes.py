"""Sizes in bytes as people read them, in each language: the one formatter of sizes.

The rule (units, decimals, rounding up) is the core's
(:mod:`positioning.core.sizes`); here the number follows the language's
locale through Babel and the unit its words.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from babel.numbers import format_decimal

from positioning.core.sizes import ENGLISH_UNITS, size_parts

#: Each language's Babel locale.
LOCALES: Mapping[str, str] = MappingProxyType({"en": "en", "zh": "zh_Hans_CN"})
#: Each language's words for bytes, kilobytes, megabytes and gigabytes.
UNITS: Mapping[str, tuple[str, str, str, str]] = MappingProxyType(
    {
        "en": ENGLISH_UNITS,
        "zh": ("{n} 字节", "{n} KB", "{n} MB", "{n} GB"),
    }
)


def format_size(n_bytes: float, language: str = "en") -> str:
    """``n_bytes`` as a size in ``language`` (English when it has no words for sizes), by the
    rule of :func:`positioning.core.sizes.size_parts`, the number in the language's locale.

    >>> [format_size(n) for n in (100, 17 * 1024 + 1, 2 * 1024**2, 2 * 1024**2 + 1, 10.5 * 1024**2)]
    ['100 bytes', '18 KB', '2 MB', '2.1 MB', '10.5 MB']
    >>> format_size(1024**2 - 1), format_size(5 * 1024**3), format_size(12_345, "zh")
    ('1 MB', '5 GB', '13 KB')
    """
    value, step = size_parts(n_bytes)
    units = UNITS.get(language, UNITS["en"])
    number = format_decimal(value, format="#,##0.#", locale=LOCALES.get(language, "en"))
    return units[step].format(n=number)
