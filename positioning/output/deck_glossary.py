"""The deck's last slide: a glossary of the measures the deck shows, one line each, from the reading
guide's one source (:mod:`positioning.i18n.guide`), with speaker notes.

One slide at the end of the whole deck, however many canvases it holds: the measures of every canvas
together (a panel's Kendall's W and spread when any canvas has a panel, over- and under-delivery when
any has the customers' importance, the importance interval when any has it from a survey, the best
segment when any has segments), in the guide's order, in the language of the deck's first canvas.
"""

from __future__ import annotations

from collections.abc import Sequence

from pptx.dml.color import RGBColor
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt

from positioning.core.analysis import Analysis
from positioning.core.survey import importance_interval
from positioning.i18n.catalogue import t
from positioning.i18n.guide import MEASURES, Entry, entries
from positioning.output.deck_template import new_slide
from positioning.output.deck_text import row_height

#: Slides the glossary adds to a deck (of any number of canvases).
GLOSSARY_SLIDES = 1
#: The measures every deck shows: the diagnosis, the ERRC grid and how sure the ranking is.
ALWAYS = (
    "verdict",
    "focus",
    "divergence",
    "alignment",
    "peaks",
    "errc",
    "samples",
    "shortlist_probability",
    "rank_range",
    "smallest_change",
    "thresholds",
)
_LEFT, _TOP, _WIDTH, _BOTTOM = Inches(0.6), Inches(1.15), Inches(12.1), Inches(7.2)
_NAME_WIDTH = Inches(3.4)
_ACCENT = RGBColor(0x0B, 0x5C, 0xAD)
_INK = RGBColor(0x22, 0x22, 0x22)
#: The entries' largest and smallest type, in points: the largest at which every row fits is taken.
_LARGEST, _SMALLEST = 16.0, 9.0


def shown_measures(analyses: Sequence[Analysis]) -> tuple[str, ...]:
    """The guide's keys of the measures a deck of ``analyses`` shows, in the guide's order."""
    shown = set(ALWAYS)
    if any(a.canvas.importance() is not None for a in analyses):
        shown.add("delivery")
    if any(_surveyed(a) for a in analyses):
        shown.add("importance_interval")
    if any(a.diagnosis.segments for a in analyses):
        shown.add("best_segment")
    if any(a.canvas.panel for a in analyses):
        shown |= {"kendall_w", "spread"}
    return tuple(key for key, _ in MEASURES if key in shown)


def _surveyed(analysis: Analysis) -> bool:
    """The canvas's importance came from a survey: a factor has an interval (the voice slide's importance is
    its mean, and the slide says which calls the interval makes uncertain)."""
    score = analysis.canvas.scales.score
    return any(importance_interval(f, score) is not None for f in analysis.canvas.factors)


def glossary_section(deck: Deck, analyses: Sequence[Analysis], language: str) -> tuple[str, list[int]]:
    """Add the glossary slide to ``deck``; its section's name and slide id (for a deck of several canvases)."""
    wanted = set(shown_measures(analyses))
    chosen = [e for e in entries(language) if e.key in wanted]
    title = t(language, "guide_glossary_title")
    slide = new_slide(deck, title)
    _table(slide, chosen)
    lines = (t(language, "guide_label_value", label=e.name, value=e.what) for e in chosen)
    notes = [t(language, "guide_glossary_notes"), *lines]
    frame = slide.notes_slide.notes_text_frame
    if frame is not None:  # a notes master without a body placeholder has nowhere to put notes
        frame.text = "\n".join(notes)
    return title, [slide.slide_id]


def _table(slide: Slide, chosen: Sequence[Entry]) -> None:
    """Name and one line per measure, at the largest size at which every row fits above the slide's foot."""
    widths: list[Length] = [_NAME_WIDTH, Emu(_WIDTH - _NAME_WIDTH)]
    size = _LARGEST
    while size > _SMALLEST and sum(_heights(chosen, widths, size), 0) > _BOTTOM - _TOP:
        size -= 0.5
    shape = slide.shapes.add_table(len(chosen), 2, _LEFT, _TOP, _WIDTH, Inches(0.3 * len(chosen)))
    table = shape.table
    table.first_row = False  # no header row: every row is an entry
    for k, width in enumerate(widths):
        table.columns[k].width = width
    for row, entry, height in zip(list(table.rows), chosen, _heights(chosen, widths, size), strict=True):
        row.height = Emu(height)
        for cell, text, bold in ((row.cells[0], entry.name, True), (row.cells[1], entry.short, False)):
            cell.text = text
            cell.fill.background()
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.font.size = Pt(size)
            paragraph.font.bold = bold
            paragraph.font.color.rgb = _ACCENT if bold else _INK
    shape.height = Emu(sum(row.height for row in table.rows))


def _heights(chosen: Sequence[Entry], widths: Sequence[Length], size: float) -> list[int]:
    return [int(row_height([[(e.name, size, True)], [(e.short, size, False)]], widths)) for e in chosen]
