"""A number of bytes that messages show as a size.

The core and the readers of files say how large something is as a
:class:`ByteSize`; :func:`positioning.i18n.wording.t` shows it in the message's
language through :func:`positioning.i18n.sizes.format_size` ("2.1 MB", "17 KB").
"""

from __future__ import annotations


class ByteSize(int):
    """A count of bytes, shown as a size wherever it is worded (it is still an ``int``).

    >>> ByteSize(3 * 1024 * 1024) + 1
    3145729
    """

    __slots__ = ()
