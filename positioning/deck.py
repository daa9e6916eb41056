"""PowerPoint decks (python-pptx): the positioning review as native slides.

Per canvas: a title slide, the strategy canvas as a picture, the ranking as a
native table with the recommendation, the diagnosis, and the ERRC grid as a
native 2x2 table. Several canvases make one deck with a PowerPoint section
each. Pictures come from the same renderer and figure as every other export.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from .diagnostics import Diagnosis, diagnose, summarize
from .export import render, renderer_session
from .figures import canvas_figure, chart_language
from .model import CRITERIA, Canvas
from .renderer import Renderer
from .scoring import Ranking, explain_strategy, rank
from .wording import t

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x66, 0x66, 0x66)
ACCENT = RGBColor(0x0B, 0x5C, 0xAD)
SHORTLIST_FILL = RGBColor(0xFD, 0xF4, 0xDC)
HEADER_FILL = RGBColor(0xE8, 0xF1, 0xFB)
ERRC_FILLS = {
    "eliminate": RGBColor(0xFD, 0xF0, 0xEF),
    "raise": RGBColor(0xED, 0xF6, 0xEE),
    "reduce": RGBColor(0xFF, 0xF7, 0xE8),
    "create": RGBColor(0xEA, 0xF2, 0xFB),
}
_SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"


@dataclass(frozen=True)
class DeckPart:
    """One canvas in a deck, with the name of its section."""

    canvas: Canvas
    section: str


def build_deck(
    parts: Sequence[DeckPart], *, renderer: Renderer | None = None, order: str = "file", language: str | None = None
) -> bytes:
    """The .pptx bytes of a deck with five slides per canvas and, for several
    canvases, a section each. ``language`` ("en" or "zh") sets the slides'
    wording; by default each canvas's own, as its chart does."""
    with renderer_session(renderer) as session:
        return _build(parts, session, order, language)


def _build(parts: Sequence[DeckPart], renderer: Renderer, order: str, language: str | None) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    deck.part._element.find(qn("p:sldSz")).set("type", "custom")  # not the template's "screen4x3"
    sections: list[tuple[str, list[int]]] = []
    for part in parts:
        canvas = part.canvas
        lang = language or chart_language(canvas)
        ranking = rank(canvas)
        diagnosis = diagnose(canvas, ranking)
        figure = canvas_figure(canvas, order=order, ranking=ranking, width=1600, height=900, language=lang)
        picture = render(figure, format="png", width=1600, height=900, scale=2, renderer=renderer)
        first = len(deck.slides)
        _title_slide(deck, canvas, lang)
        _picture_slide(deck, diagnosis, picture, lang)
        _ranking_slide(deck, ranking, lang)
        _diagnosis_slide(deck, diagnosis, lang)
        _errc_slide(deck, canvas, diagnosis, lang)
        sections.append((part.section, [s.slide_id for s in list(deck.slides)[first:]]))
    if len(parts) > 1:
        _add_sections(deck, sections)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


# --- slides ------------------------------------------------------------------------


def _blank(deck: Presentation):  # type: ignore[no-untyped-def]
    return deck.slides.add_slide(deck.slide_layouts[6])  # the blank layout


def _text(slide, left, top, width, height, text: str, *, size: int, bold=False, color=INK):  # type: ignore[no-untyped-def]
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    return box


def _heading(slide, title: str, subtitle: str | None = None) -> None:  # type: ignore[no-untyped-def]
    _text(slide, Inches(0.6), Inches(0.35), Inches(12.1), Inches(0.7), title, size=28, bold=True)
    if subtitle:
        _text(slide, Inches(0.6), Inches(1.0), Inches(12.1), Inches(0.9), subtitle, size=15, color=MUTED)


def _join(names: Sequence[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(names)


def _title_slide(deck: Presentation, canvas: Canvas, lang: str) -> None:
    slide = _blank(deck)
    _text(slide, Inches(0.8), Inches(2.3), Inches(11.7), Inches(1.4), canvas.title, size=40, bold=True)
    subtitle = t(lang, "deck_subtitle", subject=canvas.subject, competitors=_join(canvas.competitors, lang))
    _text(slide, Inches(0.8), Inches(3.8), Inches(11.7), Inches(0.8), subtitle, size=20, color=MUTED)
    _text(slide, Inches(0.8), Inches(6.4), Inches(11.7), Inches(0.5), date.today().isoformat(), size=14, color=MUTED)


def _picture_slide(deck: Presentation, diagnosis: Diagnosis, picture: bytes, lang: str) -> None:
    slide = _blank(deck)
    width = Inches(10.4)  # leaves room under the chart for a four-line summary
    height = Emu(int(width * 900 / 1600))
    left = Emu(int((SLIDE_WIDTH - width) / 2))
    slide.shapes.add_picture(io.BytesIO(picture), left, Inches(0.2), width, height)
    _text(slide, left, Inches(0.25) + height, width, Inches(1.1), summarize(diagnosis, lang), size=12, color=MUTED)


def _ranking_slide(deck: Presentation, ranking: Ranking, lang: str) -> None:
    slide = _blank(deck)
    _heading(slide, t(lang, "deck_ranking"), f"{t(lang, 'recommended')}: {t(lang, ranking.strategy)}")
    header = [t(lang, "rank"), t(lang, "factor"), t(lang, "score"), *(t(lang, c) for c in CRITERIA)]
    rows = min(len(ranking.factors), 14)  # a slide holds about 14 rows; the rest are counted below
    shape = slide.shapes.add_table(rows + 1, len(header), Inches(0.6), Inches(1.6), Inches(12.1), Inches(0.4))
    table = shape.table
    for i, w in enumerate([0.8, 3.9, 1.0, 1.6, 1.6, 1.6, 1.6]):
        table.columns[i].width = Inches(w)
    for j, text in enumerate(header):
        _cell(table.cell(0, j), text, bold=True, fill=HEADER_FILL, size=12)
    for i, factor in enumerate(ranking.factors[:rows], start=1):
        values = [str(factor.rank), factor.name, f"{factor.score:.2f}", *(f"{factor.scores[c]:g}" for c in CRITERIA)]
        for j, text in enumerate(values):
            fill = SHORTLIST_FILL if factor.shortlisted else None
            _cell(table.cell(i, j), text, bold=factor.shortlisted and j < 3, fill=fill)
    note = explain_strategy(ranking, lang)
    if len(ranking.factors) > rows:
        note += " " + t(lang, "deck_more", n=len(ranking.factors) - rows)
    weights = _join([f"{t(lang, c)} {w:.0%}" for c, w in ranking.weights.items()], lang)
    text = f"{note} {t(lang, 'weights_short')}: {weights}"
    _text(slide, Inches(0.6), Inches(6.4), Inches(12.1), Inches(1.0), text, size=12, color=MUTED)


def _diagnosis_slide(deck: Presentation, diagnosis: Diagnosis, lang: str) -> None:
    slide = _blank(deck)
    _heading(slide, t(lang, "deck_diagnosis", verdict=t(lang, diagnosis.verdict)), summarize(diagnosis, lang))
    rows = [
        (t(lang, "focus"), f"{diagnosis.focus:.2f}", t(lang, "focus_hint")),
        (t(lang, "alignment"), f"{diagnosis.alignment:.2f}", t(lang, "alignment_hint")),
        (t(lang, "peaks"), str(len(diagnosis.peaks)), _join(diagnosis.peaks, lang) or t(lang, "none")),
        *(
            (
                t(lang, "deck_divergence", rival=name),
                f"{value:.2f}",
                t(lang, "closest") if name == diagnosis.closest_rival else "",
            )
            for name, value in diagnosis.divergence.items()
        ),
    ]
    shape = slide.shapes.add_table(len(rows) + 1, 3, Inches(0.6), Inches(2.3), Inches(12.1), Inches(0.4))
    table = shape.table
    for i, w in enumerate((3.6, 1.4, 7.1)):
        table.columns[i].width = Inches(w)
    for j, key in enumerate(("deck_measure", "deck_value", "deck_meaning")):
        _cell(table.cell(0, j), t(lang, key), bold=True, fill=HEADER_FILL)
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            _cell(table.cell(i, j), text, bold=j == 1)


def _errc_slide(deck: Presentation, canvas: Canvas, diagnosis: Diagnosis, lang: str) -> None:
    slide = _blank(deck)
    _heading(slide, t(lang, "errc"), t(lang, "deck_errc_subtitle", subject=canvas.subject))
    shape = slide.shapes.add_table(2, 2, Inches(0.6), Inches(1.7), Inches(12.1), Inches(4.4))
    table = shape.table
    table.first_row = False  # four equal boxes, no header row
    for j in range(2):
        table.columns[j].width = Inches(6.05)
    for i in range(2):
        table.rows[i].height = Inches(2.2)
    for (i, j), action in zip(
        ((0, 0), (0, 1), (1, 0), (1, 1)), ("eliminate", "raise", "reduce", "create"), strict=True
    ):
        cell = table.cell(i, j)
        names = diagnosis.errc[action]
        _cell(cell, t(lang, action), bold=True, fill=ERRC_FILLS[action], size=18)
        frame = cell.text_frame
        hint = frame.add_paragraph()
        hint.text = t(lang, f"{action}_hint")
        hint.font.size = Pt(12)
        hint.font.color.rgb = MUTED
        for name in names or ("—",):
            item = frame.add_paragraph()
            item.text = f"• {name}" if names else name
            item.font.size = Pt(13)
            item.font.color.rgb = INK
    keep = _join(diagnosis.errc["keep"], lang) or "—"
    _text(
        slide, Inches(0.6), Inches(6.4), Inches(12.1), Inches(0.8), f"{t(lang, 'keep')}: {keep}", size=13, color=MUTED
    )


def _cell(cell, text: str, *, bold: bool = False, fill: RGBColor | None = None, size: int = 13) -> None:  # type: ignore[no-untyped-def]
    cell.text = text
    paragraph = cell.text_frame.paragraphs[0]
    paragraph.font.size = Pt(size)
    paragraph.font.bold = bold
    paragraph.font.color.rgb = INK
    if fill is not None:
        cell.fill.solid()
        cell.fill.fore_color.rgb = fill
    else:
        cell.fill.background()


# --- sections ------------------------------------------------------------------------


def _add_sections(deck: Presentation, sections: list[tuple[str, list[int]]]) -> None:
    """PowerPoint sections (p14:sectionLst), which python-pptx has no API for."""
    root = deck.part._element
    ext_list = root.find(qn("p:extLst"))
    if ext_list is None:
        ext_list = etree.SubElement(root, qn("p:extLst"))
    ext = etree.SubElement(ext_list, qn("p:ext"), uri=_SECTIONS_URI)
    section_list = etree.SubElement(ext, f"{{{_P14}}}sectionLst", nsmap={"p14": _P14})
    for name, slide_ids in sections:
        section = etree.SubElement(section_list, f"{{{_P14}}}section", name=name, id=f"{{{uuid.uuid4()}}}".upper())
        ids = etree.SubElement(section, f"{{{_P14}}}sldIdLst")
        for slide_id in slide_ids:
            etree.SubElement(ids, f"{{{_P14}}}sldId", id=str(slide_id))


def section_names(deck: str | Path | bytes) -> list[tuple[str, int]]:
    """(name, number of slides) of each section of a saved deck (for checks)."""
    source = io.BytesIO(deck) if isinstance(deck, bytes) else str(deck)
    root = Presentation(source).part._element
    return [
        (section.get("name"), len(section.findall(f"{{{_P14}}}sldIdLst/{{{_P14}}}sldId")))
        for section in root.iter(f"{{{_P14}}}section")
    ]
