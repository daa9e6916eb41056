"""A link as a QR code in SVG, made with segno: error correction M or higher when it fits the
same size (a phone still reads it with 15 % of it smudged or glared), a quiet zone of four modules,
dark modules on white, no fixed size (a ``viewBox`` only: the page sizes it, and it stays sharp on
a projector)."""

from __future__ import annotations

import io

import segno

#: Modules of white around the code: the quiet zone the QR standard asks for.
QUIET_ZONE = 4


class TooLong(ValueError):
    """A text longer than the largest QR code holds (version 40: about 2,300 characters of a link)."""


def qr_svg(text: str) -> bytes:
    """``text`` (a link) as a QR code: a standalone SVG document, UTF-8; :class:`TooLong` when no QR
    code holds it."""
    out = io.BytesIO()
    try:
        code = segno.make(text, error="m")
    except segno.DataOverflowError as overflow:
        raise TooLong(f"{len(text)} characters do not fit in a QR code") from overflow
    code.save(out, kind="svg", border=QUIET_ZONE, dark="#000", light="#fff", xmldecl=False, omitsize=True)
    # whole modules, never blurred seams between them when the page scales the code
    return out.getvalue().replace(b"<svg ", b'<svg shape-rendering="crispEdges" ', 1)
