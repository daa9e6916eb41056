"""The deck's native chart (positioning.output.deck_chart), read back from the saved file."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.enum.chart import XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.util import Pt

from positioning import load_canvas
from positioning.core.loader import canvas_from_data
from positioning.output.deck import DeckPart, build_deck
from positioning.output.writer import canvas_data

from .conftest import ROOT


def chart_of(deck_bytes: bytes):
    deck = Presentation(io.BytesIO(deck_bytes))
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1
    return charts[0]


def test_one_series_per_player_shown_with_the_levels_and_the_subject_emphasised(chromium):
    canvas = load_canvas(ROOT / "configs" / "b2b_maintenance_services.yaml")
    chart = chart_of(build_deck([DeckPart(canvas, "b2b")], hidden=["Local contractor"], order="rank"))
    plot = chart.plots[0]
    names = [s.name for s in plot.series]
    assert names == ["OEM service", "In-house team", "LineCare", "LineCare (target)"]  # the hidden one left off
    assert list(plot.categories)[:2] == ["Remote condition monitoring", "Guaranteed uptime (SLA)"]  # by rank
    line_care = plot.series[2]
    assert list(line_care.values)[:2] == [9.0, 9.0]
    by_name = {f.name: f for f in canvas.factors}
    assert list(plot.series[3].values) == [float(by_name[c].target) for c in plot.categories]
    assert line_care.format.line.width == Pt(3.75) > plot.series[0].format.line.width  # the subject is widest
    assert str(line_care.format.line.color.rgb) == "1B4F72"  # the style's subject colour
    assert plot.series[0].format.line.dash_style == MSO_LINE_DASH_STYLE.DASH
    assert plot.series[1].marker.style == XL_MARKER_STYLE.TRIANGLE  # as in the PNG: the third competitor's
    assert (chart.value_axis.minimum_scale, chart.value_axis.maximum_scale) == (0, 10)


def test_the_chart_speaks_the_decks_language(chromium):
    canvas = load_canvas(ROOT / "configs" / "ride_hailing_zh.yaml")
    chart = chart_of(build_deck([DeckPart(canvas, "zh")], show=()))
    assert [s.name for s in chart.plots[0].series] == ["出租车", "公共交通", "网约车平台"]  # no target asked for
    assert chart.value_axis.axis_title.text_frame.text == "供给水平"


def test_whole_levels_read_whole_and_fractional_ones_with_two_decimals_in_the_chart_data(chromium):
    """PowerPoint's labels and "Edit data" show a level as the deck's tables do: 6, not "6." (the format
    0.## on a whole number), and 6.67, not 6.666666666666667; the value keeps its full precision."""
    import openpyxl

    from positioning import parse_canvas

    text = (ROOT / "configs" / "ride_hailing_zh.yaml").read_text(encoding="utf-8")
    canvas = parse_canvas(text, name="zh.yaml")
    name, player = canvas.factors[0].name, canvas.player_names[0]
    data = canvas_data(canvas)
    data["factors"][0]["levels"][player] = 20 / 3
    chart = chart_of(build_deck([DeckPart(canvas_from_data(data), "zh")], show=()))
    series = chart.plots[0].series
    ns = {"c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    cache = [s._element.find("./c:val/c:numRef/c:numCache", ns) for s in series]
    assert [c.findtext("./c:formatCode", namespaces=ns) for c in cache] == ["General"] * len(series)
    fractional = [
        (p.get("formatCode"), p.findtext("./c:v", namespaces=ns)) for c in cache for p in c.iterfind("./c:pt", ns)
    ]
    assert [f for f, v in fractional if float(v) != round(float(v))] == ["0.##"]
    assert all(f is None for f, v in fractional if float(v) == round(float(v)))
    book = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    sheet = book.worksheets[0]
    column = next(cell.column for cell in sheet[1] if cell.value == player)
    row = next(cell.row for cell in sheet["A"] if cell.value == name)
    levels = [sheet.cell(r, c) for r in range(2, sheet.max_row + 1) for c in range(2, sheet.max_column + 1)]
    assert sheet.cell(row, column).value == 20 / 3 and sheet.cell(row, column).number_format == "0.##"
    assert {c.number_format for c in levels if c is not sheet.cell(row, column)} == {"General"}
