"""Write positioning/output/templates/default.pptx, the deck's default template.

python-pptx's own template, made 16:9 (13.333 x 7.5 in) with every
placeholder widened to match, a left-aligned 28 pt bold title on the master
and the layouts, and a 40 pt title slide: the look the deck had before it
used a template. A client's template replaces it (``export --template``).
Run it again after changing it: ``python scripts/make_deck_template.py``.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Emu, Inches

OUT = Path(__file__).resolve().parent.parent / "positioning" / "output" / "templates" / "default.pptx"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
TITLE_BOX = (Inches(0.6), Inches(0.3), Inches(12.1), Inches(0.75))
COVER = {PP_PLACEHOLDER.CENTER_TITLE: (0.8, 2.3, 11.7, 1.4), PP_PLACEHOLDER.SUBTITLE: (0.8, 3.8, 11.7, 0.8)}


def build() -> bytes:
    deck = Presentation()
    scale = WIDTH / deck.slide_width
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    holders = [*deck.slide_master.placeholders, *(p for lay in deck.slide_layouts for p in lay.placeholders)]
    boxes = [(h, h.left, h.top, h.width, h.height) for h in holders]  # read all (layouts inherit the master's)
    for holder, left, top, width, height in boxes:
        holder.left, holder.top = Emu(int(left * scale)), top
        holder.width, holder.height = Emu(int(width * scale)), height
    for layout in [deck.slide_master, *deck.slide_layouts]:
        for holder in layout.placeholders:
            kind = holder.placeholder_format.type
            if kind == PP_PLACEHOLDER.TITLE and layout.name in ("", "Title Only", "Title and Content", "Two Content"):
                holder.left, holder.top, holder.width, holder.height = TITLE_BOX
            if kind in COVER and layout.name == "Title Slide":
                holder.left, holder.top, holder.width, holder.height = (Inches(v) for v in COVER[kind])
                title = kind == PP_PLACEHOLDER.CENTER_TITLE
                _style(holder, 4000 if title else 2000, bold=title)
    title_style = deck.slide_master.element.find(f".//{{{P}}}titleStyle/{{{A}}}lvl1pPr")
    title_style.set("algn", "l")
    run = title_style.find(f"{{{A}}}defRPr")
    run.set("sz", "2800")
    run.set("b", "1")
    buffer = io.BytesIO()
    deck.save(buffer)
    return _fixed_times(buffer.getvalue())


def _style(holder, size: int, *, bold: bool) -> None:
    """A left-aligned ``size`` (hundredths of a point) first level in the placeholder's own list style."""
    body = holder.element.find(f".//{{{P}}}txBody")
    styles = body.find(f"{{{A}}}lstStyle")
    if styles is None:
        styles = etree.SubElement(body, f"{{{A}}}lstStyle")
        body.insert(1, styles)
    level = etree.SubElement(styles, f"{{{A}}}lvl1pPr", algn="l", indent="0", marL="0")
    etree.SubElement(level, f"{{{A}}}defRPr", sz=str(size), b="1" if bold else "0")


def _fixed_times(package: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), source.read(info))
    return out.getvalue()


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    sys.stdout.write(f"wrote {OUT}\n")
