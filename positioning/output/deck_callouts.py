"""The canvas's annotations on the deck's native chart: each a data label on its point, boxed in the
player's colour.

A data label belongs to its point: it moves with it when the consultant restyles or re-keys the chart,
and PowerPoint and LibreOffice both draw it (a free text box with a connector would be drawn where
the plot area happens to be laid out, which the two lay out differently). A note on the factor itself
(no player) labels the lowest point on the factor, below it, next to the factor's name on the axis.
Notes on one point are joined. The text is set as text: nothing in it is read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree  # type: ignore[import-untyped]
from pptx.chart.chart import Chart
from pptx.enum.chart import XL_LABEL_POSITION
from pptx.oxml.ns import qn
from pptx.util import Pt

from positioning.chart.figures import Look, rgb_of
from positioning.core.model import Canvas, Factor

#: Points of a label's text.
LABEL_SIZE = 10
#: Between the notes of one point.
JOIN = " · "


def add_callouts(chart: Chart, canvas: Canvas, factors: Sequence[Factor], looks: Sequence[Look]) -> None:
    """A data label on the point of every annotation of ``canvas`` whose factor is among ``factors`` and
    whose player among ``looks`` (the chart's first series, in order); none without annotations."""
    if not canvas.annotations:
        return
    column = {f.name: k for k, f in enumerate(factors)}
    series = dict(zip([look.name for look in looks], chart.plots[0].series, strict=False))
    colors = {look.name: look.color for look in looks}
    labels: dict[tuple[str, int], list[str]] = {}
    for note in canvas.annotations:
        k = column.get(note.factor)
        if k is None:
            continue
        levels = {name: float(factors[k].levels[name]) for name in series}
        player = note.player if note.player is not None else min(levels, key=lambda name: levels[name])
        if player in series:
            labels.setdefault((player, k), []).append(note.text)
    for (player, k), texts in labels.items():
        column_levels = [float(factors[k].levels[name]) for name in series]
        below = float(factors[k].levels[player]) <= min(column_levels) < max(column_levels)
        _label(series[player].points[k], JOIN.join(texts), colors[player], below)


def _label(point: object, text: str, color: str, below: bool) -> None:
    label = point.data_label  # type: ignore[attr-defined]
    label.text_frame.text = text
    label.position = XL_LABEL_POSITION.BELOW if below else XL_LABEL_POSITION.ABOVE
    for paragraph in label.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(LABEL_SIZE)
    _boxed(label._get_or_add_dLbl(), color)


def _boxed(dlbl: etree._Element, color: str) -> None:
    """A white box with a thin border in ``color`` behind the label (``c:spPr`` goes before ``c:txPr``
    or, without one, before the position)."""
    red, green, blue = rgb_of(color) or (0x44, 0x44, 0x44)
    hex_color = f"{min(red, 255):02X}{min(green, 255):02X}{min(blue, 255):02X}"
    sp = etree.SubElement(dlbl, qn("c:spPr"))
    etree.SubElement(etree.SubElement(sp, qn("a:solidFill")), qn("a:srgbClr"), val="FFFFFF")
    line = etree.SubElement(sp, qn("a:ln"), w="9525")
    etree.SubElement(etree.SubElement(line, qn("a:solidFill")), qn("a:srgbClr"), val=hex_color)
    anchor = dlbl.find(qn("c:txPr"))
    if anchor is None:
        anchor = dlbl.find(qn("c:dLblPos"))
    if anchor is not None:
        anchor.addprevious(sp)
