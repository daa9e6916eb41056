"""A PDF's document information (title, creator, producer) and text layer, set with pypdf.

The renderer's PDF names its page "index.html" and the browser's user agent
as its creator. :func:`with_info` writes the chart's title, and the product
as creator and producer, as an incremental update (PDF 1.7, section 7.5.6):
new objects appended after the original bytes, which stay as they are.

The same update sets Chromium's Type 3 fonts upright. Chromium draws a font it
cannot embed as such (an OpenType CFF font: Noto Sans CJK, the chart's font
for Chinese, and for Latin where Noto Sans is missing) as a Type 3 font whose
glyph space runs downwards (``/FontMatrix [0.001 0 0 -0.001 0 0]``). The page
looks right, but text extractors take the direction of a rotated line from
that matrix: ``pdftotext`` reads the chart's axis title as "level gnireffO".
Each such font gets an upward glyph space and its glyphs are flipped to match,
so every glyph is drawn exactly where it was and the text reads forwards.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any

from pypdf import PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, FloatObject, NameObject, StreamObject

PRODUCT = "positioning"
#: What turns a glyph's drawing upside down (in its own glyph space).
FLIP = b"\n1 0 0 -1 0 0 cm"
#: A glyph's first operator: ``d1`` (its advance and its box, which flip with its glyph space) or ``d0``.
_D1 = re.compile(rb"^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+d1\b")
_D0 = re.compile(rb"^\s*\S+\s+\S+\s+d0\b")


def with_info(pdf: bytes, *, title: str, creator: str = PRODUCT) -> bytes:
    """``pdf`` whose information dictionary gives ``title``, and ``creator`` as creator and producer,
    its downward Type 3 fonts set upright.

    A PDF pypdf cannot read comes back unchanged.

    >>> from pypdf import PdfReader
    >>> out = with_info(_blank(), title="Café (draft)")
    >>> info = PdfReader(io.BytesIO(out)).metadata
    >>> (info.title, info.creator, info.producer)
    ('Café (draft)', 'positioning', 'positioning')
    """
    try:
        writer = PdfWriter(io.BytesIO(pdf), incremental=True)
        writer.add_metadata({"/Title": title, "/Creator": creator, "/Producer": creator})
        for page in writer.pages:
            _upright_fonts(page)
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        return pdf
    return out.getvalue()


def _upright_fonts(page: Any) -> None:
    fonts = page.get("/Resources", {}).get("/Font", {})
    for ref in fonts.values():
        font = ref.get_object()
        matrix = [float(v) for v in font.get("/FontMatrix", ())]
        if font.get("/Subtype") != "/Type3" or len(matrix) != 6 or matrix[1] or matrix[2] or matrix[3] >= 0:
            continue
        font[NameObject("/FontMatrix")] = ArrayObject(FloatObject(v) for v in _flipped_matrix(matrix))
        low, bottom, high, top = (float(v) for v in font["/FontBBox"])
        font[NameObject("/FontBBox")] = ArrayObject(FloatObject(v) for v in (low, -top, high, -bottom))
        for glyph in font["/CharProcs"].values():
            stream: StreamObject = glyph.get_object()
            stream.set_data(upright_glyph(stream.get_data()))


def _flipped_matrix(matrix: list[float]) -> list[float]:
    """``matrix`` after a flip of the glyph space (diag(1, -1) applied first)."""
    a, b, c, d, e, f = matrix
    return [a, b, -c, -d, e, f]


def upright_glyph(program: bytes) -> bytes:
    """A Type 3 glyph's program for the flipped glyph space: its box flipped, its drawing flipped back.

    >>> upright_glyph(b"555 0 40 -726 522 0 d1\\n101 0 m\\n160 -10 l\\nf\\n")
    b'555 0 40 0 522 726 d1\\n1 0 0 -1 0 0 cm\\n101 0 m\\n160 -10 l\\nf\\n'
    """
    found = _D1.match(program)
    if found is None:  # d0, a coloured glyph: only its drawing flips
        coloured = _D0.match(program)
        return program if coloured is None else program[: coloured.end()] + FLIP + program[coloured.end() :]
    wx, wy, llx, lly, urx, ury = (float(v) for v in found.groups())
    head = b" ".join(_number(v) for v in (wx, wy, llx, -ury, urx, -lly)) + b" d1\n"
    return head + FLIP.lstrip() + program[found.end() :]


def _number(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return b"0" if text in ("-0", "0", "") else text.encode("ascii")


def plain_title(markup: str) -> str:
    """A chart title's markup (``<b>``, ``<br>``, entities) as plain text."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup.replace("<br>", " "))).strip()


def _blank() -> bytes:
    """A one-page PDF, for the example above."""
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
