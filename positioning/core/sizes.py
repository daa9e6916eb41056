"""A number of bytes that messages show as a size, and the one rule for showing it.

The core and the readers of files say how large something is as a
:class:`ByteSize`; a message's catalogue shows it in its language, the unit by
its words (:data:`UNIT_KEYS`) and the number in its locale
(:func:`positioning.i18n.catalogue.format_size`). The rule is here, once: bytes,
KB, MB or GB (of 1,024), no decimal below a megabyte and one from a megabyte
on (dropped when it is 0), always rounded up, so that a file one byte over a
limit never reads as the limit itself ("2.1 MB", not "2.0 MB" or "2 MB", for a
2 MB limit).
"""

from __future__ import annotations

import math
from decimal import Decimal


class ByteSize(int):
    """A count of bytes, shown as a size wherever it is worded (it is still an ``int``).

    >>> ByteSize(3 * 1024 * 1024) + 1
    3145729
    """

    __slots__ = ()


#: Bytes per unit (bytes, KB, MB, GB), and the decimals shown in it.
STEPS = ((1, 0), (1024, 0), (1024**2, 1), (1024**3, 1))
#: The wording key of each unit ("size_bytes" has plural forms).
UNIT_KEYS = ("size_bytes", "size_kb", "size_mb", "size_gb")


def size_parts(n_bytes: float) -> tuple[Decimal, int]:
    """The number shown for ``n_bytes`` and the index of its unit in :data:`STEPS`.

    >>> size_parts(2 * 1024**2 + 1), size_parts(1024**2 - 1)
    ((Decimal('2.1'), 2), (Decimal('1'), 2))
    """
    whole = max(0, math.ceil(n_bytes))
    step = max(k for k, (unit, _) in enumerate(STEPS) if whole >= unit or k == 0)
    value = _rounded_up(whole, *STEPS[step])
    if value >= 1024 and step + 1 < len(STEPS):  # 1,023.9 KB rounded up is a megabyte
        step += 1
        value = _rounded_up(whole, *STEPS[step])
    return value, step


def _rounded_up(n_bytes: int, unit: int, decimals: int) -> Decimal:
    scale = 10**decimals
    return Decimal(-(-n_bytes * scale // unit)) / scale
