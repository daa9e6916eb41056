"""PowerPoint decks (python-pptx): the positioning review as native slides.

Per canvas: a title slide, an executive summary (:mod:`positioning.output.deck_story`), the strategy
canvas as a picture, the ranking as a
native table with the recommendation, how sure the ranking is (shortlist
chances, likely ranks and the smallest weight change that alters the
shortlist), with a scoring panel the raters' agreement, the diagnosis, with
customer importance the customer's voice (over- and under-delivery, the
segment served best), with targets the move from today's curve to the target
one, and the ERRC grid as a native 2x2 table. Several canvases make one deck with a PowerPoint section
each. Pictures come from the same renderer and figure as every other export. Every slide carries
speaker notes (:mod:`positioning.output.deck_notes`) from the same analysis, in the deck's language.

The same canvases, options and date give the same bytes: the date on the
title slide and in the document properties is an argument, section ids are
derived from the sections, and every zip entry carries one fixed timestamp.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.shapes.autoshape import Shape
from pptx.slide import Slide
from pptx.table import _Cell
from pptx.util import Emu, Inches, Length, Pt

from positioning.chart.figures import draw_canvas, factor_order
from positioning.chart.players import Look, player_looks, target_look
from positioning.chart.view import View
from positioning.core.analysis import Analysis, analyse
from positioning.core.diagnostics import Diagnosis, ErrcAction, Reading
from positioning.core.model import CRITERIA, Canvas, Factor
from positioning.core.panel import Panel
from positioning.core.robustness import Robustness
from positioning.core.scoring import Ranking
from positioning.i18n.formatting import chance
from positioning.i18n.wording import (
    alignment_hint,
    criterion_label,
    diagnosis_summary,
    errc_entries,
    errc_within,
    figure,
    fixed,
    join_names,
    judged,
    move_rows,
    panel_spread,
    panel_summary,
    robustness_lines,
    strategy_reason,
    t,
    target_measures,
    uncertain_calls_text,
    weights_text,
)
from positioning.output.deck_chart import add_canvas_chart
from positioning.output.deck_glossary import glossary_section
from positioning.output.deck_notes import notes
from positioning.output.deck_story import Story, moves_heading, story
from positioning.output.deck_template import DESIGN_WIDTH, fit, new_slide, open_template, subtitle_placeholder
from positioning.output.deck_text import fitting_size, measure, row_height
from positioning.output.export import render, renderer_session
from positioning.rendering.renderer import Renderer

INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x66, 0x66, 0x66)
ACCENT = RGBColor(0x0B, 0x5C, 0xAD)
SHORTLIST_FILL = RGBColor(0xFD, 0xF4, 0xDC)
HEADER_FILL = RGBColor(0xE8, 0xF1, 0xFB)
ERRC_FILLS: dict[ErrcAction, RGBColor] = {
    "eliminate": RGBColor(0xFD, 0xF0, 0xEF),
    "raise": RGBColor(0xED, 0xF6, 0xEE),
    "reduce": RGBColor(0xFF, 0xF7, 0xE8),
    "create": RGBColor(0xEA, 0xF2, 0xFB),
}
#: (row, column, action) of the ERRC grid's four boxes; "keep" is listed under it.
_ERRC_GRID: tuple[tuple[int, int, ErrcAction], ...] = (
    (0, 0, "eliminate"),
    (0, 1, "raise"),
    (1, 0, "reduce"),
    (1, 1, "create"),
)
_SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
#: Section ids are UUIDs derived from this namespace, the section's position and name.
_SECTION_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://positioning/output/deck/section")
#: Every zip entry's timestamp (the earliest a zip file can hold), so equal decks are equal bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Rows a slide's table holds.
_ROWS = 12
#: Where text starts under a slide's title, how wide it runs, the lowest it reaches, the gap between blocks.
_LEFT, _TOP, _WIDTH, _BOTTOM, _GAP = Inches(0.6), Inches(1.05), Inches(12.1), Inches(7.3), Inches(0.15)
#: Where a note at a slide's foot goes (or lower, under a block reaching lower), and a note of rows left out.
_FOOT, _MORE = Inches(6.4), Inches(6.8)
#: The size of the note under the ERRC boxes (the factors kept at the industry level): the boxes' entries'.
_ERRC_NOTE_SIZE = 13
#: The most a slide's subtitle may take: a longer one is set smaller.
_SUBTITLE_ROOM = Inches(1.5)
#: The executive summary's sizes, as shares of its own: a step smaller while it would overflow its slide.
_SUMMARY_SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)


@dataclass(frozen=True)
class DeckPart:
    """One canvas in a deck, with the name of its section."""

    canvas: Canvas
    section: str


def build_deck(
    parts: Sequence[DeckPart],
    *,
    view: View | None = None,
    renderer: Renderer | None = None,
    date: dt.date | None = None,
    template: str | Path | bytes | None = None,
    on_part: Callable[[int], None] | None = None,
    **options: Any,
) -> bytes:
    """The .pptx bytes of a deck with :func:`slide_count` slides per canvas and, for several
    canvases, a section each, every canvas shown as ``view`` shows it: its order, the competitors
    it hides, the chart's layers and segment, and the wording's language ("en" or "zh"; by default
    each canvas's own, as its chart does); the deck draws every factor, whatever its filter.
    ``options`` are the same as :func:`canvas_figure`'s keywords (``order``, ``hidden``,
    ``language``, ``show``, ``segment``), for a deck without a view (:meth:`View.of`).
    ``date`` goes on the title slides and into the document properties (default: today); with
    it fixed, the same canvases give the same bytes. ``template`` (a .pptx or .potx path or
    its bytes) gives the slide master, layouts and size; by default the one
    that ships. ``on_part`` is called with how many canvases are drawn after each one
    (it may raise to stop). Raises :class:`TemplateError` for a template that cannot be used."""
    view = view or View.of(**options)
    day = date or dt.date.today()
    deck = _new_deck(parts, day, template)
    with renderer_session(renderer) as session:
        return _build(deck, parts, session, replace(view, only=None), day, on_part)


@dataclass(frozen=True)
class _Chart:
    """What the native chart draws: the factors in the chart's order, a look per player shown, the target's."""

    factors: tuple[Factor, ...]
    looks: tuple[Look, ...]
    target: Look | None


def _build(
    deck: Deck,
    parts: Sequence[DeckPart],
    renderer: Renderer,
    view: View,
    date: dt.date,
    on_part: Callable[[int], None] | None,
) -> bytes:
    sections: list[tuple[str, list[int]]] = []
    analyses = []
    for done, part in enumerate(parts, start=1):
        first = len(deck.slides)
        analyses.append(analyse(part.canvas))
        _canvas_slides(deck, analyses[-1], renderer, view, date)
        sections.append((part.section, [s.slide_id for s in list(deck.slides)[first:]]))
        if on_part:
            on_part(done)
    if parts:  # the last slide: a glossary of the measures the deck shows
        sections.append(glossary_section(deck, analyses, view.wording(parts[0].canvas)))
    if len(parts) > 1:
        _add_sections(deck, sections)
    for slide in deck.slides:
        fit(deck, slide)
    buffer = io.BytesIO()
    deck.save(buffer)
    return _fixed_times(buffer.getvalue())


def _new_deck(parts: Sequence[DeckPart], date: dt.date, template: str | Path | bytes | None) -> Deck:
    """An empty deck on the template whose document properties carry ``date``, not the clock's."""
    deck = open_template(template)
    properties = deck.core_properties
    properties.title = parts[0].canvas.title if parts else ""
    properties.last_modified_by = "positioning"
    properties.created = properties.modified = dt.datetime(date.year, date.month, date.day)
    properties.revision = 1
    return deck


def slide_count(canvas: Canvas) -> int:
    """How many slides a canvas gets: eight, and one each for a panel, targets and the customer's voice."""
    return 8 + bool(canvas.panel) + _has_targets(canvas) + _has_voice(canvas)


def _has_targets(canvas: Canvas) -> bool:
    return canvas.factors[0].target is not None


def _has_voice(canvas: Canvas) -> bool:
    return canvas.importance() is not None


def _canvas_slides(deck: Deck, analysis: Analysis, renderer: Renderer, view: View, date: dt.date) -> None:
    """The slides of one canvas (:func:`slide_count`)."""
    canvas, ranking, diagnosis = analysis.canvas, analysis.ranking, analysis.diagnosis
    lang = view.wording(canvas)
    figure = draw_canvas(canvas, ranking, view, width=1600, height=900)
    picture = render(figure, format="png", width=1600, height=900, scale=2, renderer=renderer)
    said = notes(analysis, lang)
    _title_slide(deck, canvas, lang, date)
    _noted(deck, said["title"])
    _summary_slide(deck, story(analysis, lang), lang)
    _noted(deck, said["summary"])
    _picture_slide(deck, diagnosis, picture, lang)
    _noted(deck, said["picture"])
    _chart_slide(deck, canvas, _chart_of(canvas, ranking, view, lang), lang)
    _noted(deck, said["chart"])
    _ranking_slide(deck, ranking, lang)
    _noted(deck, said["ranking"])
    _robustness_slide(deck, ranking, analysis.robustness, lang)
    _noted(deck, said["robustness"])
    if analysis.panel is not None:
        _panel_slide(deck, analysis.panel, lang)
        _noted(deck, said["panel"])
    _diagnosis_slide(deck, diagnosis, lang)
    _noted(deck, said["diagnosis"])
    if _has_voice(canvas):
        _voice_slide(deck, canvas, diagnosis, lang)
        _noted(deck, said["voice"])
    if diagnosis.target is not None:
        _moves_slide(deck, canvas, diagnosis, diagnosis.target, lang)
        _noted(deck, said["moves"])
    _errc_slide(deck, canvas, diagnosis, lang)
    _noted(deck, said["errc"])


def _noted(deck: Deck, text: str) -> None:
    """``text`` as the speaker notes of the deck's last slide."""
    list(deck.slides)[-1].notes_slide.notes_text_frame.text = text


def _chart_of(canvas: Canvas, ranking: Ranking, view: View, lang: str) -> _Chart:
    looks = player_looks(canvas, view.hidden)
    target = target_look(canvas, looks[-1], lang) if "target" in view.layers and _has_targets(canvas) else None
    return _Chart(factors=factor_order(canvas, ranking, view.order), looks=looks, target=target)


def _fixed_times(package: bytes) -> bytes:
    """The package with every zip entry dated ``_ZIP_TIME`` (python-pptx writes the clock's time), and so
    are the charts' embedded workbooks, whose properties also carry the clock's time."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type, entry.external_attr, entry.create_system = info.compress_type, info.external_attr, 3
            data = source.read(info)
            if info.filename.endswith(".xlsx"):
                data = _fixed_times(_no_clock(data))
            target.writestr(entry, data)
    return out.getvalue()


def _no_clock(workbook: bytes) -> bytes:
    """An embedded workbook whose created and modified times are ``_ZIP_TIME``'s."""
    out = io.BytesIO()
    stamp = b"1980-01-01T00:00:00Z"
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(info, data)
    return out.getvalue()


# --- slides ------------------------------------------------------------------------


def _slide(deck: Deck, title: str, subtitle: str | None = None) -> Slide:
    """A slide on the template's title layout, the title in its placeholder, ``subtitle`` under it in a box
    as tall as its text (measured on the deck's font), set smaller when it would take more than an inch and a half."""
    slide = new_slide(deck, title)
    if subtitle:
        size = fitting_size(subtitle, _WIDTH, _SUBTITLE_ROOM, 15, smallest=11)
        height = measure(subtitle, size, _WIDTH).height
        _text(slide, _LEFT, _TOP, _WIDTH, height, subtitle, size=size, color=MUTED)
    return slide


def _below(slide: Slide) -> Length:
    """Where the next block of ``slide`` goes: under the lowest shape placed so far (the title aside)."""
    placed = [s for s in slide.shapes if not s.is_placeholder and s.name != "Title"]
    return Emu(max((s.top + s.height for s in placed), default=_TOP) + _GAP)


def _footnote(slide: Slide, text: str, *, size: float, top: Length = _FOOT) -> None:
    """A note at the foot of ``slide``: at ``top``, or under a block that reaches lower, set smaller when
    the room left under it is too small (measured on the deck's font)."""
    top = max(top, _below(slide))
    height = Emu(max(_BOTTOM - top, Inches(0.3)))
    _text(slide, _LEFT, top, _WIDTH, height, text, size=fitting_size(text, _WIDTH, height, size), color=MUTED)


def _fit_rows(shape: Any, bottom: int = _BOTTOM, smallest: float = 8) -> None:
    """Each row of a table as tall as its tallest cell's text grows it (measured on the deck's font), and the
    table's frame as tall as its rows, so that what comes under it is placed under it; the text set smaller,
    half a point at a time down to ``smallest``, while the table would reach below ``bottom``."""
    table = shape.table
    widths = [column.width for column in table.columns]
    floors = [row.height for row in table.rows]
    while True:
        for row, floor in zip(table.rows, floors, strict=True):
            cells = [[(p.text, _points(p), _bold(p)) for p in cell.text_frame.paragraphs] for cell in row.cells]
            row.height = Emu(max(floor, row_height(cells, widths)))
        shape.height = Emu(sum(row.height for row in table.rows))
        if shape.top + shape.height <= bottom or not _smaller(table, smallest):
            return


def _smaller(table: Any, smallest: float) -> bool:
    """Every paragraph of ``table`` half a point smaller; False (and nothing changed) when one is at ``smallest``."""
    paragraphs = [p for row in table.rows for cell in row.cells for p in cell.text_frame.paragraphs]
    if any(_points(p) <= smallest for p in paragraphs):
        return False
    for p in paragraphs:
        p.font.size = Pt(_points(p) - 0.5)
    return True


def _points(paragraph: Any) -> float:
    size = paragraph.font.size or next((r.font.size for r in paragraph.runs if r.font.size), None)
    return size.pt if size is not None else 18.0


def _bold(paragraph: Any) -> bool:
    return bool(paragraph.font.bold or any(r.font.bold for r in paragraph.runs))


def _text(
    slide: Slide,
    left: Length,
    top: Length,
    width: Length,
    height: Length,
    text: str,
    *,
    size: float,
    bold: bool = False,
    color: RGBColor = INK,
) -> Shape:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.color.rgb = color
    return box


def _title_slide(deck: Deck, canvas: Canvas, lang: str, date: dt.date) -> None:
    slide = new_slide(deck, canvas.title, cover=True)
    subtitle = t(lang, "deck_subtitle", subject=canvas.subject, competitors=join_names(canvas.competitors, lang))
    holder = subtitle_placeholder(slide)
    if holder is not None:
        holder.text_frame.text = subtitle  # type: ignore[attr-defined]
    else:
        _text(slide, Inches(0.8), Inches(3.8), Inches(11.7), Inches(0.8), subtitle, size=20, color=MUTED)
    _text(slide, Inches(0.8), Inches(6.4), Inches(11.7), Inches(0.5), date.isoformat(), size=14, color=MUTED)


def _picture_slide(deck: Deck, diagnosis: Diagnosis, picture: bytes, lang: str) -> None:
    slide = _slide(deck, t(lang, "tab_canvas"))
    height = Inches(5.05)  # leaves room under the chart for a three-line summary
    width = Emu(int(height * 1600 / 900))
    left = Emu(int((DESIGN_WIDTH - width) / 2))
    slide.shapes.add_picture(io.BytesIO(picture), left, Inches(1.15), width, height)
    _footnote(slide, diagnosis_summary(diagnosis, lang), size=12, top=Inches(6.25))


def _summary_slide(deck: Deck, told: Story, lang: str) -> None:
    """The verdict, the recommendation and why, the shortlist with its chances (beside the largest moves, with
    targets), and how robust the choice is at the foot; all of it set smaller, a step at a time
    (:data:`_SUMMARY_SCALES`), while it would reach below the slide's foot (long names)."""
    slide = _slide(deck, t(lang, "story_title"))
    for scale in _SUMMARY_SCALES:
        for shape in [s for s in slide.shapes if not s.is_placeholder and s.name != "Title"]:
            shape._element.getparent().remove(shape._element)  # the last try's
        if _summary_body(slide, told, lang, scale):
            return


def _summary_body(slide: Slide, told: Story, lang: str, scale: float) -> bool:
    """The summary's blocks at ``scale`` times their sizes; whether they fit the slide (the smallest
    scale's always does, whatever it takes)."""
    _block(slide, told.verdict, size=_scaled(17, scale), room=Inches(1.3), bold=True, smallest=_scaled(10, scale))
    if told.caveats:
        _block(slide, told.caveats, size=_scaled(13, scale), room=Inches(0.7), smallest=_scaled(10, scale))
    _block(
        slide,
        told.recommendation,
        size=_scaled(15, scale),
        room=Inches(0.9),
        bold=True,
        color=ACCENT,
        smallest=_scaled(10, scale),
    )
    _block(slide, told.reason, size=_scaled(12, scale), room=Inches(0.9), color=MUTED, smallest=_scaled(10, scale))
    foot = told.robustness + ("\n" + t(lang, "deck_more_rows", n=told.more) if told.more else "")
    bottom = _BOTTOM - (measure(foot, _scaled(12, scale), _WIDTH).height + _GAP if foot else 0)
    top, room = _below(slide), 7.6 if told.moves_heading else 12.1
    _fit_rows(_story_table(slide, told, room, top, lang, _scaled(12, scale)), bottom, smallest=_scaled(8, scale))
    if told.moves_heading:
        lines = "\n".join((told.moves_heading, t(lang, "story_moves_largest"), *(f"• {m}" for m in told.moves)))
        left = Emu(_LEFT + Inches(room + 0.3))
        width = Emu(_LEFT + _WIDTH - left)
        size = fitting_size(lines, width, Emu(bottom - top), _scaled(13, scale), smallest=_scaled(9, scale))
        _text(slide, left, top, width, measure(lines, size, width).height, lines, size=size)
    fits = _below(slide) - _GAP <= bottom
    if foot:
        _footnote(slide, foot, size=_scaled(12, scale), top=_below(slide))
    return fits or scale == _SUMMARY_SCALES[-1]


def _scaled(size: float, scale: float) -> float:
    """``size`` times ``scale``, in whole half points (down)."""
    return int(size * scale * 2) / 2


def _story_table(slide: Slide, told: Story, room: float, top: Length, lang: str, size: float) -> Any:
    """The shortlist: each factor's score, shortlist chance (with a robustness analysis) and strongest criteria,
    set at ``size`` (its header a point smaller)."""
    chances = bool(told.shortlist) and bool(told.shortlist[0].chance)
    header = [
        t(lang, "factor"),
        t(lang, "score"),
        *([t(lang, "shortlist_chance")] * chances),
        t(lang, "story_strongest"),
    ]
    widths = [room * 0.38, room * 0.13, *([room * 0.17] * chances)]
    shape = _table(slide, len(told.shortlist) + 1, header, [*widths, room - sum(widths)], top, size - 1)
    for i, factor in enumerate(told.shortlist, start=1):
        values = [factor.name, factor.score, *([factor.chance] * chances), factor.strongest]
        for j, text in enumerate(values):
            _cell(shape.table.cell(i, j), text, bold=j < 2, fill=SHORTLIST_FILL, size=size)
    return shape


def _block(
    slide: Slide,
    text: str,
    *,
    size: float,
    room: Length,
    bold: bool = False,
    color: RGBColor = INK,
    smallest: float = 10,
) -> None:
    """``text`` across the slide under what is placed so far, as tall as it is, set smaller (down to
    ``smallest``) when it would take more than ``room``."""
    size = fitting_size(text, _WIDTH, room, size, smallest=smallest, bold=bold)
    height = measure(text, size, _WIDTH, bold=bold).height
    _text(slide, _LEFT, _below(slide), _WIDTH, height, text, size=size, bold=bold, color=color)


def _chart_slide(deck: Deck, canvas: Canvas, chart: _Chart, lang: str) -> None:
    """The canvas as a native, editable PowerPoint chart."""
    slide = _slide(deck, t(lang, "deck_chart_title"))
    add_canvas_chart(slide, canvas, chart.factors, chart.looks, chart.target, lang)


def _ranking_slide(deck: Deck, ranking: Ranking, lang: str) -> None:
    slide = _slide(deck, t(lang, "deck_ranking"), f"{t(lang, 'recommended')}: {t(lang, ranking.strategy)}")
    header = [t(lang, "rank"), t(lang, "factor"), t(lang, "score"), *(criterion_label(lang, c) for c in CRITERIA)]
    rows = min(len(ranking.factors), 14)  # a slide holds about 14 rows; the rest are counted below
    shape = slide.shapes.add_table(rows + 1, len(header), _LEFT, _below(slide), _WIDTH, Inches(0.4))
    table = shape.table
    for i, w in enumerate([0.8, 3.9, 1.0, 1.6, 1.6, 1.6, 1.6]):
        table.columns[i].width = Inches(w)
    for j, text in enumerate(header):
        _cell(table.cell(0, j), text, bold=True, fill=HEADER_FILL, size=12)
    for i, factor in enumerate(ranking.factors[:rows], start=1):
        values = [
            str(factor.rank),
            factor.name,
            fixed(factor.score, lang),
            *(figure(factor.scores[c], lang) for c in CRITERIA),
        ]
        for j, text in enumerate(values):
            fill = SHORTLIST_FILL if factor.shortlisted else None
            _cell(table.cell(i, j), text, bold=factor.shortlisted and j < 3, fill=fill)
    _fit_rows(shape, _FOOT - _GAP)
    note = strategy_reason(ranking, lang)
    if len(ranking.factors) > rows:
        note += " " + t(lang, "deck_more", n=len(ranking.factors) - rows)
    _footnote(slide, f"{note} {t(lang, 'weights_short')}: {weights_text(ranking.weights, lang)}", size=12)


def _robustness_slide(deck: Deck, ranking: Ranking, robustness: Robustness, lang: str) -> None:
    """Shortlist chances and likely ranks as a native table; the smallest change in words, the nearest
    single weight under the title and the change of all weights at once under the table."""
    lines = robustness_lines(robustness, lang)
    slide = _slide(deck, t(lang, "robust_heading"), " ".join(lines[:2]))
    odds = robustness.by_name()
    shown = ranking.factors[: min(len(ranking.factors), 12)]
    header = [t(lang, "rank"), t(lang, "factor"), t(lang, "shortlist_chance"), t(lang, "likely_rank")]
    shape = slide.shapes.add_table(len(shown) + 1, 4, _LEFT, _below(slide), _WIDTH, Inches(0.4))
    table = shape.table
    for i, w in enumerate((0.9, 6.2, 2.5, 2.5)):
        table.columns[i].width = Inches(w)
    for j, text in enumerate(header):
        _cell(table.cell(0, j), text, bold=True, fill=HEADER_FILL, size=12)
    for i, factor in enumerate(shown, start=1):
        mine = odds[factor.name]
        low, high = mine.rank_range
        values = [
            str(factor.rank),
            factor.name,
            chance(mine.shortlist_probability),
            f"{low}" if low == high else f"{low}–{high}",
        ]
        for j, text in enumerate(values):
            fill = SHORTLIST_FILL if factor.shortlisted else None
            _cell(table.cell(i, j), text, bold=factor.shortlisted and j < 3, fill=fill)
    _fit_rows(shape, _FOOT - _GAP if len(lines) > 2 else _BOTTOM)
    if len(lines) > 2:
        _footnote(slide, lines[2], size=11)


def _panel_slide(deck: Deck, panel: Panel, lang: str) -> None:
    """Each rater's composite per factor (at most eight raters and twelve factors), contested factors in bold."""
    slide = _slide(deck, t(lang, "panel_heading"), panel_summary(panel, lang))
    raters = panel.raters[:8]
    shown = panel.factors[:12]
    header = [t(lang, "factor"), *raters, t(lang, "panel_spread")]
    shape = slide.shapes.add_table(len(shown) + 1, len(header), _LEFT, _below(slide), _WIDTH, Inches(0.4))
    table = shape.table
    table.columns[0].width = Inches(4.1)
    for j in range(1, len(header)):
        table.columns[j].width = Inches(8.0 / (len(header) - 1))
    for j, text in enumerate(header):
        _cell(table.cell(0, j), text, bold=True, fill=HEADER_FILL, size=11)
    for i, factor in enumerate(shown, start=1):
        flag = t(lang, "panel_contested_flag")
        name = t(lang, "with_aside", text=factor.name, aside=flag) if factor.contested else factor.name
        values = [name, *(fixed(factor.composites[r], lang) if r in factor.composites else "—" for r in raters)]
        values.append(panel_spread(factor, lang))
        for j, text in enumerate(values):
            _cell(table.cell(i, j), text, bold=factor.contested and j in (0, len(values) - 1), size=11)
    _fit_rows(shape)


def _diagnosis_slide(deck: Deck, diagnosis: Diagnosis, lang: str) -> None:
    title = t(lang, "deck_diagnosis", verdict=t(lang, diagnosis.verdict))
    slide = _slide(deck, title, diagnosis_summary(diagnosis, lang))
    rows = [
        (t(lang, "focus"), fixed(diagnosis.focus, lang), t(lang, "focus_hint")),
        (
            t(lang, "alignment"),
            fixed(diagnosis.alignment, lang),
            alignment_hint(diagnosis, lang),
        ),
        (t(lang, "peaks"), str(len(diagnosis.peaks)), join_names(diagnosis.peaks, lang) or t(lang, "none")),
        *(
            (
                t(lang, "deck_divergence", rival=name),
                fixed(value, lang),
                t(lang, "closest") if name == diagnosis.closest_rival else "",
            )
            for name, value in diagnosis.divergence.items()
        ),
    ]
    shape = slide.shapes.add_table(len(rows) + 1, 3, _LEFT, _below(slide), _WIDTH, Inches(0.4))
    table = shape.table
    for i, w in enumerate((3.6, 1.4, 7.1)):
        table.columns[i].width = Inches(w)
    for j, key in enumerate(("deck_measure", "deck_value", "deck_meaning")):
        _cell(table.cell(0, j), t(lang, key), bold=True, fill=HEADER_FILL)
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            _cell(table.cell(i, j), text, bold=j == 1)
    _fit_rows(shape)


def _voice_slide(deck: Deck, canvas: Canvas, diagnosis: Diagnosis, lang: str) -> None:
    """The factors by customer importance, most valued first (overall and by segment, at most four), beside the
    subject's level and the competitors' average, with where it over- or under-delivers; the segment served best.
    At most twelve rows: every flagged factor, then the most valued."""
    said = t(lang, "basis_importance", subject=canvas.subject) + _best(diagnosis, lang)
    slide = _slide(deck, t(lang, "deck_voice"), said + uncertain_calls_text(diagnosis, lang))
    segments = canvas.segments[:4]
    overall = dict(zip(canvas.factor_names, canvas.importance() or (), strict=True))
    header = [t(lang, "factor"), t(lang, "importance"), *(g.name for g in segments)]
    header += [canvas.subject, t(lang, "competitor_average"), t(lang, "delivery")]
    shown = _voice_rows(canvas, diagnosis, overall)
    widths = [6.2 - 3.0 * bool(segments), 1.2, *_spread(3.0, segments), 1.4, 1.4, 1.9]
    shape = _table(slide, len(shown) + 1, header, widths, _below(slide))
    table = shape.table
    for i, factor in enumerate(shown, start=1):
        flag = _delivery(factor.name, diagnosis, lang)
        rivals = [float(factor.levels[name]) for name in canvas.competitors]
        name = judged(diagnosis, factor.name, lang)
        values = [
            name,
            figure(overall[factor.name], lang),
            *(figure(g.importance[factor.name], lang) for g in segments),
        ]
        values += [figure(factor.levels[canvas.subject], lang), figure(sum(rivals) / len(rivals), lang), flag]
        for j, text in enumerate(values):
            _cell(table.cell(i, j), text, bold=bool(flag) and j in (0, len(values) - 1), size=11)
    _fit_rows(shape, _MORE - _GAP)
    _more(slide, len(canvas.factors) - len(shown), lang)


def _voice_rows(canvas: Canvas, diagnosis: Diagnosis, overall: dict[str, float]) -> list[Factor]:
    ranked = sorted(canvas.factors, key=lambda f: -overall[f.name])
    flagged = {*diagnosis.over_delivery, *diagnosis.under_delivery}
    keep = [f.name for f in ranked if f.name in flagged][:_ROWS]
    keep += [f.name for f in ranked if f.name not in flagged][: _ROWS - len(keep)]
    return [f for f in ranked if f.name in keep]


def _spread(total: float, items: Sequence[Any]) -> list[float]:
    return [total / len(items)] * len(items) if items else []


def _table(
    slide: Slide, rows: int, header: Sequence[str], widths: Sequence[float], top: Length, size: float = 11
) -> Any:
    """A native table (its frame) of ``rows`` rows (the header's included) at ``top``, the columns ``widths``
    inches, the header set at ``size``."""
    shape = slide.shapes.add_table(rows, len(header), _LEFT, top, Inches(sum(widths)), Inches(0.4))
    for j, w in enumerate(widths):
        shape.table.columns[j].width = Inches(w)
    for j, text in enumerate(header):
        _cell(shape.table.cell(0, j), text, bold=True, fill=HEADER_FILL, size=size)
    return shape


def _more(slide: Slide, left_out: int, lang: str) -> None:
    if left_out > 0:
        _footnote(slide, t(lang, "deck_more_rows", n=left_out), size=11, top=_MORE)


def _best(diagnosis: Diagnosis, lang: str) -> str:
    best = next((f for f in diagnosis.segments if f.name == diagnosis.best_segment), None)
    return (
        "" if best is None else t(lang, "voice_best_segment", segment=best.name, alignment=fixed(best.alignment, lang))
    )


def _delivery(name: str, diagnosis: Diagnosis, lang: str) -> str:
    if name in diagnosis.over_delivery:
        return t(lang, "over_delivery")
    return t(lang, "under_delivery") if name in diagnosis.under_delivery else ""


def _moves_slide(deck: Deck, canvas: Canvas, diagnosis: Diagnosis, target: Reading, lang: str) -> None:
    """Each move (today's level to the target) and the measures of both curves side by side."""
    slide = _slide(deck, t(lang, "deck_moves"), moves_heading(diagnosis, lang))
    moves = move_rows(diagnosis)[:_ROWS]
    top = _below(slide)
    steps = _table(slide, len(moves) + 1, [t(lang, "factor"), t(lang, "as_is"), t(lang, "to_be")], (3.6, 1.4, 1.4), top)
    for i, row in enumerate(moves, start=1):
        for j, text in enumerate(row):
            _cell(steps.table.cell(i, j), text, bold=j == 2, size=12)
    _fit_rows(steps, _MORE - _GAP)
    rows = target_measures(diagnosis, lang)
    shape = slide.shapes.add_table(len(rows) + 1, 3, Inches(7.3), top, Inches(5.4), Inches(0.4))
    for j, text in enumerate((t(lang, "deck_measure"), t(lang, "as_is"), t(lang, "to_be"))):
        shape.table.columns[j].width = Inches(1.8)
        _cell(shape.table.cell(0, j), text, bold=True, fill=HEADER_FILL, size=12)
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            _cell(shape.table.cell(i, j), text, bold=j == 0, size=12)
    _fit_rows(shape, _MORE - _GAP)
    _more(slide, len(diagnosis.moves) - len(moves), lang)


def _errc_slide(deck: Deck, canvas: Canvas, diagnosis: Diagnosis, lang: str) -> None:
    """Where the curve the grid reads stands against the industry: the four boxes, each factor with its
    move beside it, then the factors kept at the industry level and the moves that stay in its range."""
    basis = t(lang, f"errc_basis_{diagnosis.errc_basis}")
    subtitle = t(lang, "deck_errc_subtitle", subject=canvas.subject, basis=basis)
    slide = _slide(deck, t(lang, "errc"), subtitle)
    top = _below(slide)
    keep = t(lang, "keep_label") + (join_names(errc_entries(diagnosis, "keep", lang), lang) or "—")
    within = errc_within(diagnosis, lang)
    note = f"{keep}\n{within}" if within else keep
    # The boxes give up the room the note under them takes at the boxes' own size: it is read, not small print.
    bottom = _BOTTOM - measure(note, _ERRC_NOTE_SIZE, _WIDTH).height - _GAP
    shape = slide.shapes.add_table(2, 2, _LEFT, top, _WIDTH, Inches(4.4))
    table = shape.table
    table.first_row = False  # four equal boxes, no header row
    for j in range(2):
        table.columns[j].width = Inches(6.05)
    for i in range(2):
        table.rows[i].height = Emu(max(Inches(1.2), min(Inches(2.2), int((bottom - top) / 2))))
    for i, j, action in _ERRC_GRID:
        _errc_box(table.cell(i, j), action, errc_entries(diagnosis, action, lang), lang)
    _fit_rows(shape, bottom)
    _footnote(slide, note, size=_ERRC_NOTE_SIZE, top=_below(slide))


def _errc_box(cell: _Cell, action: ErrcAction, entries: Sequence[str], lang: str) -> None:
    _cell(cell, t(lang, action), bold=True, fill=ERRC_FILLS[action], size=18)
    frame = cell.text_frame
    hint = frame.add_paragraph()
    hint.text = t(lang, f"{action}_hint")
    hint.font.size = Pt(12)
    hint.font.color.rgb = MUTED
    for entry in entries or ("—",):
        item = frame.add_paragraph()
        item.text = f"• {entry}" if entries else entry
        item.font.size = Pt(13)
        item.font.color.rgb = INK


def _cell(cell: _Cell, text: str, *, bold: bool = False, fill: RGBColor | None = None, size: float = 13) -> None:
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


def _add_sections(deck: Deck, sections: list[tuple[str, list[int]]]) -> None:
    """PowerPoint sections (p14:sectionLst), which python-pptx has no API for."""
    root = deck.part._element
    ext_list = root.find(qn("p:extLst"))
    if ext_list is None:
        ext_list = _child(root, qn("p:extLst"))
    ext = _child(ext_list, qn("p:ext"), uri=_SECTIONS_URI)
    section_list = _child(ext, f"{{{_P14}}}sectionLst", nsmap={"p14": _P14})
    for position, (name, slide_ids) in enumerate(sections):
        section = _child(section_list, f"{{{_P14}}}section", name=name, id=section_id(position, name))
        ids = _child(section, f"{{{_P14}}}sldIdLst")
        for slide_id in slide_ids:
            _child(ids, f"{{{_P14}}}sldId", id=str(slide_id))


def section_id(position: int, name: str) -> str:
    """A section's id: a UUID in braces, the same for the same position and name.

    >>> section_id(0, "Coffee") == section_id(0, "Coffee") != section_id(1, "Coffee")
    True
    """
    return f"{{{uuid.uuid5(_SECTION_NAMESPACE, f'{position}:{name}')}}}".upper()


def _child(parent: Any, tag: str, nsmap: dict[str, str] | None = None, **attributes: str) -> Any:
    """A new lxml element appended to ``parent`` (``etree.SubElement``, made by the parent)."""
    child = parent.makeelement(tag, attributes, nsmap)
    parent.append(child)
    return child


def section_names(deck: str | Path | bytes) -> list[tuple[str, int]]:
    """(name, number of slides) of each section of a saved deck (for checks)."""
    source = io.BytesIO(deck) if isinstance(deck, bytes) else str(deck)
    root = Presentation(source).part._element
    return [
        (section.get("name"), len(section.findall(f"{{{_P14}}}sldIdLst/{{{_P14}}}sldId")))
        for section in root.iter(f"{{{_P14}}}section")
    ]
