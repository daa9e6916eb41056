"""A PDF's document information (title, creator), set by an incremental update.

The renderer's PDF names its page "index.html" and the browser's user agent
as its creator. An incremental update (PDF 1.7, section 7.5.6) appends a new
information dictionary, a cross-reference section for it and a trailer
pointing back to the original one: every byte before stays as it is.
"""

from __future__ import annotations

import html
import re

PRODUCT = "positioning"
_START = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)


def with_info(pdf: bytes, *, title: str, creator: str = PRODUCT) -> bytes:
    """``pdf`` whose information dictionary gives ``title``, and ``creator`` as creator and producer.

    A PDF this cannot read the trailer of (a cross-reference stream) comes back unchanged.

    >>> out = with_info(_TINY, title="Café (draft)")
    >>> b"/Title <FEFF" in out and b"/Creator (positioning)" in out and out.endswith(b"%%EOF\\n")
    True
    """
    start, trailers = _START.search(pdf[-64:]), list(_TRAILER.finditer(pdf))
    if start is None or not trailers:
        return pdf
    trailer = trailers[-1].group(1)
    size, root = re.search(rb"/Size\s+(\d+)", trailer), re.search(rb"/Root\s+(\d+\s+\d+\s+R)", trailer)
    if size is None or root is None:
        return pdf
    number = int(size.group(1))
    head = pdf if pdf.endswith(b"\n") else pdf + b"\n"
    entry = f"/Title {_string(title)} /Creator {_string(creator)} /Producer {_string(creator)}"
    body = f"{number} 0 obj\n<<{entry}>>\nendobj\n".encode("ascii")
    identity = re.search(rb"/ID\s*\[[^\]]*\]", trailer)
    tail = (
        f"xref\n{number} 1\n{len(head):010d} 00000 n \n"
        f"trailer\n<</Size {number + 1} /Root {root.group(1).decode()} /Info {number} 0 R"
        f" /Prev {int(start.group(1))}{' ' + identity.group(0).decode('latin-1') if identity else ''}>>\n"
        f"startxref\n{len(head) + len(body)}\n%%EOF\n"
    ).encode("latin-1")
    return head + body + tail


def plain_title(markup: str) -> str:
    """A chart title's markup (``<b>``, ``<br>``, entities) as plain text."""
    return html.unescape(re.sub(r"<[^>]*>", "", markup.replace("<br>", " "))).strip()


def _string(text: str) -> str:
    """A PDF text string: a literal for printable ASCII, else UTF-16BE in hex with its byte-order mark."""
    if all(" " <= c <= "~" for c in text):
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


_TINY = (  # the smallest PDF with a cross-reference table, for the example above
    b"%PDF-1.4\n1 0 obj\n<</Type /Catalog>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n"
    b"trailer\n<</Size 2 /Root 1 0 R>>\nstartxref\n42\n%%EOF\n"
)
