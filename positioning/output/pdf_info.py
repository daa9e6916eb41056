"""A PDF's document information (title, creator, producer), set with pypdf.

The renderer's PDF names its page "index.html" and the browser's user agent
as its creator. :func:`with_info` writes the chart's title, and the product
as creator and producer, as an incremental update (PDF 1.7, section 7.5.6):
a new information dictionary appended after the original bytes, which stay
as they are.
"""

from __future__ import annotations

import html
import io
import re

from pypdf import PdfWriter
from pypdf.errors import PyPdfError

PRODUCT = "positioning"


def with_info(pdf: bytes, *, title: str, creator: str = PRODUCT) -> bytes:
    """``pdf`` whose information dictionary gives ``title``, and ``creator`` as creator and producer.

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
        out = io.BytesIO()
        writer.write(out)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError):
        return pdf
    return out.getvalue()


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
