"""The canvas the page's data holds, validated once per content.

One edit in the app is several requests: the edit and its save, then the chart,
the Ranking tab and the tornado, each sending the canvas's data back from the
browser. Each request must check what it is sent (it comes from the browser),
but the same content need not be validated again: :func:`canvas_of` keeps the
canvases validated lately in this process, by a digest of their content (as
compact JSON with sorted keys). A canvas is kept under the digest of what was
validated and, where they differ, of the same content as a browser's JSON
sends it back (a whole 8.0 as 8); content is looked up as it is sent, so a
value a browser would never send (``top: 3.0``) is validated, and refused, as
before. What is kept is derived from the content alone, so one user's request
can never see another's data through it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from positioning.core.loader import canvas_from_data
from positioning.core.model import Canvas

#: Canvases kept (a canvas is at most 2 MB as YAML: a few dozen MB at worst).
KEPT = 16

_lock = threading.Lock()
_kept: OrderedDict[bytes, Canvas] = OrderedDict()


def canvas_of(data: Mapping[str, Any]) -> Canvas:
    """The canvas ``data`` holds (raises :class:`~positioning.core.loader.CanvasError` as
    :func:`~positioning.core.loader.canvas_from_data` does); validated once per content."""
    key = _digest(data, as_sent=False)
    if key is not None:
        with _lock:
            found = _kept.get(key)
            if found is not None:
                _kept.move_to_end(key)
                return found
    canvas = canvas_from_data(data)
    remember(data, canvas)
    return canvas


def remember(data: Mapping[str, Any], canvas: Canvas) -> None:
    """Keep ``canvas`` as the one ``data`` holds (``data`` must be what it was validated from, or
    that canvas written out), and as the one the same data holds once a browser sends it back."""
    keys = {key for key in (_digest(data, as_sent=False), _digest(data, as_sent=True)) if key is not None}
    with _lock:
        for key in keys:
            _kept[key] = canvas
            _kept.move_to_end(key)
        while len(_kept) > 2 * KEPT:
            _kept.popitem(last=False)


def forget() -> None:
    """Keep nothing (a test's fresh start)."""
    with _lock:
        _kept.clear()


def _digest(data: Mapping[str, Any], *, as_sent: bool) -> bytes | None:
    try:
        text = json.dumps(_plain(data) if as_sent else data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None
    return hashlib.blake2b(text.encode("utf-8"), digest_size=32).digest()


def _plain(value: Any) -> Any:
    """``value`` as a browser's JSON sends it back: every whole float as an int (8.0 as 8)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
