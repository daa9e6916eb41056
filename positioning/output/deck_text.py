"""Text measured on the deck's fonts, so that no text box of a slide overflows.

The deck's text is set in the theme's Calibri (Carlito where Calibri is missing:
the same advance widths, glyph for glyph), Chinese in the system's CJK font.
Widths come from a table of Carlito's advances (``templates/calibri_widths.json``,
made by ``scripts/make_font_widths.py``), so building a deck needs no font file;
a CJK character is one em wide, as in every CJK font, and a character the table
lacks counts as one em too, more than any Latin letter. Lines break as
PowerPoint and LibreOffice break them: at spaces, and between any two CJK
characters; a word wider than the line breaks where it must. A line is 1.22 em
high in Calibri, 1.45 em in Noto Sans CJK (ascent and descent): every line of a
paragraph with CJK in it counts as CJK, since a renderer may break it elsewhere.

Every measure errs on the large side, so a box sized by it holds its text
whichever of those renderers draws it.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pptx.util import Emu, Inches, Length, Pt

WIDTHS = Path(__file__).resolve().parent / "templates" / "calibri_widths.json"
#: A text box's and a table cell's inner margins (python-pptx's and PowerPoint's defaults).
INSET_X, INSET_Y = Inches(0.1), Inches(0.05)
#: Line heights in ems: Calibri's (ascent, descent and gap: 2500 / 2048), and a line with CJK in it.
LATIN_LINE, CJK_LINE = 1.23, 1.45
#: A share of the line's width kept free: renderers differ by a few per mille in kerning and rounding.
SLACK = 0.02
#: Punctuation a line never starts with, and punctuation a line never ends with (the renderers' rules).
_NO_BREAK_BEFORE = set("，。、；：？！）》」』】〕…％,.;:?!)]}%’”")
_NO_BREAK_AFTER = set("（《「『【〔([{‘“")


@dataclass(frozen=True)
class Measure:
    """Text set at ``size`` points in a box ``width`` wide: its lines and the height they take (margins included)."""

    lines: tuple[str, ...]
    height: Length


@cache
def _advances(bold: bool) -> dict[str, float]:
    table = json.loads(WIDTHS.read_text(encoding="utf-8"))
    units = float(table["units_per_em"])
    return {char: width / units for char, width in table["bold" if bold else "regular"].items()}


def is_wide(char: str) -> bool:
    """Whether ``char`` is a CJK (wide or full-width) character, which a line may break before or after."""
    return bool(char) and unicodedata.east_asian_width(char) in ("W", "F")


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """How wide ``text`` is at ``size`` points, in points."""
    advances = _advances(bold)
    return size * sum(1.0 if is_wide(c) else advances.get(c, 1.0) for c in text)


def measure(text: str, size: float, width: Length, *, bold: bool = False) -> Measure:
    """``text`` (lines split at its line breaks) wrapped into a box ``width`` wide at ``size`` points."""
    return measure_paragraphs([(text, size, bold)], width)


def measure_paragraphs(paragraphs: Sequence[tuple[str, float, bool]], width: Length) -> Measure:
    """Paragraphs, each (text, size, bold), one under the other in a box ``width`` wide."""
    room = (Emu(width - 2 * INSET_X).pt) * (1 - SLACK)
    lines: list[str] = []
    height = 0.0
    for text, size, bold in paragraphs:
        line_height = size * (
            CJK_LINE if any(is_wide(c) for c in text) else LATIN_LINE
        )  # lines break otherwise elsewhere
        for paragraph in text.split("\n"):
            wrapped = _wrap(paragraph, size, room, bold) or [""]
            lines += wrapped
            height += line_height * len(wrapped)
    return Measure(tuple(lines), Emu(int(Pt(height) + 2 * INSET_Y)))


def _wrap(paragraph: str, size: float, room: float, bold: bool) -> list[str]:
    """The lines of one paragraph: words kept whole where they fit, CJK broken between any two characters."""
    lines: list[str] = []
    line = ""
    for word in _words(paragraph):
        if text_width((line + word).rstrip(), size, bold=bold) <= room or not line.strip():
            line += word
        else:
            lines.append(line.rstrip())
            line = word.lstrip()
        while (
            text_width(line.rstrip(), size, bold=bold) > room and len(line.rstrip()) > 1
        ):  # a word wider than the line
            cut = _longest_fit(line, size, room, bold)
            lines.append(line[:cut])
            line = line[cut:].lstrip()
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def _words(paragraph: str) -> list[str]:
    """The paragraph in pieces a line may end after: each Latin word with the spaces after it, each CJK
    character, punctuation kept with the character it may not be parted from ("，" after, "（" before)."""
    words: list[str] = []
    for char in paragraph:
        last = words[-1][-1] if words else ""
        latin = not is_wide(char) and not is_wide(last) and not last.isspace()
        if words and (char.isspace() or char in _NO_BREAK_BEFORE or last in _NO_BREAK_AFTER or latin):
            words[-1] += char
        else:
            words.append(char)
    return words


def _longest_fit(line: str, size: float, room: float, bold: bool) -> int:
    cut = 1
    while cut < len(line) and text_width(line[: cut + 1], size, bold=bold) <= room:
        cut += 1
    return cut


def fitting_size(
    text: str, width: Length, height: Length, size: float, *, smallest: float = 9, bold: bool = False
) -> float:
    """The largest size, from ``size`` down in half points to ``smallest``, at which ``text`` fits the box."""
    while size > smallest and measure(text, size, width, bold=bold).height > height:
        size -= 0.5
    return size


def row_height(cells: Sequence[Sequence[tuple[str, float, bool]]], widths: Sequence[Length]) -> Length:
    """How tall a table row grows: its tallest cell, each its paragraphs (text, size, bold) in its column's width."""
    return max(measure_paragraphs(cell, w).height for cell, w in zip(cells, widths, strict=True))
