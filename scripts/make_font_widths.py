"""Write positioning/output/templates/calibri_widths.json, the deck's text widths.

The deck's text is set in the theme's Calibri; Carlito (fonts-crosextra-carlito)
has the same advance widths, glyph for glyph. The table holds, for the regular
and the bold face, each character's advance in font units (2048 to the em) for
the Latin, punctuation and symbol ranges the deck's words use; the deck sizes its
text boxes from it (:mod:`positioning.output.deck_text`), so no font file is
needed where decks are built. Run it again on a machine with Carlito after
widening the ranges: ``python scripts/make_font_widths.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

from PIL import ImageFont

OUT = Path(__file__).resolve().parent.parent / "positioning" / "output" / "templates" / "calibri_widths.json"
FONTS = Path("/usr/share/fonts/truetype/crosextra")
UNITS = 2048
#: Basic Latin, Latin-1 and Latin Extended-A, general punctuation, currency, arrows, maths, the deck's symbols.
RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x2010, 0x2027),
    (0x2030, 0x205E),
    (0x20A0, 0x20BF),
    (0x2190, 0x2199),
    (0x2200, 0x22FF),
)
SYMBOLS = (0x25B2, 0x25BC, 0x25CF, 0x2713)


def widths(face: str) -> dict[str, int]:
    font = ImageFont.truetype(str(FONTS / f"Carlito-{face}.ttf"), UNITS, layout_engine=ImageFont.Layout.BASIC)
    notdef = font.getlength("\uffff")
    codes = [c for low, high in RANGES for c in range(low, high + 1)] + list(SYMBOLS)
    found = {chr(c): round(font.getlength(chr(c))) for c in codes}
    return {char: width for char, width in found.items() if width != notdef or char == " "}


def main() -> None:
    table = {"font": "Carlito (metric-compatible with Calibri)", "units_per_em": UNITS}
    table |= {face.lower(): widths(face) for face in ("Regular", "Bold")}
    OUT.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
