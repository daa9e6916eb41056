"""The strategy canvas as a native PowerPoint line chart: one series per
player shown (and the target curve), in the PNG's colours, dash styles and
markers, the subject's line the widest, so a consultant can restyle or
re-key it in PowerPoint."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.slide import Slide
from pptx.util import Inches, Pt, lazyproperty
from xlsxwriter import Workbook

from positioning.chart.figures import Look, rgb_of
from positioning.core.model import Canvas, Factor
from positioning.i18n.formatting import FIGURE_FORMAT, figure_format
from positioning.i18n.wording import t
from positioning.output.deck_callouts import add_callouts

#: plotly dash -> PowerPoint dash; anything else is a long dash.
_DASHES = {
    "solid": MSO_LINE_DASH_STYLE.SOLID,
    "dash": MSO_LINE_DASH_STYLE.DASH,
    "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
    "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT,
    "longdash": MSO_LINE_DASH_STYLE.LONG_DASH,
    "longdashdot": MSO_LINE_DASH_STYLE.LONG_DASH_DOT,
}
#: plotly symbol (without "-open") -> PowerPoint marker; anything else is a circle.
_MARKERS = {
    "circle": XL_MARKER_STYLE.CIRCLE,
    "square": XL_MARKER_STYLE.SQUARE,
    "diamond": XL_MARKER_STYLE.DIAMOND,
    "triangle-up": XL_MARKER_STYLE.TRIANGLE,
    "triangle-down": XL_MARKER_STYLE.TRIANGLE,
    "x": XL_MARKER_STYLE.X,
    "cross": XL_MARKER_STYLE.PLUS,
    "star": XL_MARKER_STYLE.STAR,
}
WHITE = RGBColor(0xFF, 0xFF, 0xFF)


class _TextWorkbookWriter(CategoryWorkbookWriter):
    """The chart's data sheet (what PowerPoint's "Edit data" opens) with every name as text:
    python-pptx's XlsxWriter would store a name such as ``=1+2`` as a formula, ``http://...`` as a link."""

    @contextmanager
    def _open_worksheet(self, xlsx_file: IO[bytes]) -> Iterator[tuple[Any, Any]]:
        workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()

    def _write_series(self, workbook: Any, worksheet: Any) -> None:
        """Each level in the format that shows it as the deck's tables do (:func:`figure_format`):
        General for a whole level, which ``0.##`` would show as "6.", two decimals at most for a fraction."""
        formats = {code: workbook.add_format({"num_format": code}) for code in ("General", FIGURE_FORMAT)}
        offset = self._chart_data.categories.depth
        for column, series in enumerate(self._chart_data, start=offset):
            worksheet.write(0, column, series.name)
            for row, value in enumerate(series.values, start=1):
                worksheet.write(row, column, value, formats[figure_format(value)])


class _ChartData(CategoryChartData):
    """Chart data whose data sheet keeps names as text (:class:`_TextWorkbookWriter`)."""

    @lazyproperty
    def _workbook_writer(self) -> CategoryWorkbookWriter:
        return _TextWorkbookWriter(self)


def add_canvas_chart(
    slide: Slide, canvas: Canvas, factors: Sequence[Factor], looks: Sequence[Look], target: Look | None, lang: str
) -> Chart:
    """A line chart of ``factors`` (in the chart's order) with a series per look, and the target curve
    (``target``, when the canvas has targets), on the level scale, under the slide's title."""
    data = _ChartData(number_format="General")  # the series' format; a fractional point gets its own below
    data.categories = [f.name for f in factors]
    for look in looks:
        data.add_series(look.name, [float(f.levels[look.name]) for f in factors])
    if target is not None:
        data.add_series(target.name, [float(f.target or 0.0) for f in factors])
    shapes: Any = slide.shapes  # python-pptx's stubs want a ChartData and return no GraphicFrame
    frame = shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(0.6), Inches(1.2), Inches(12.1), Inches(5.9), data)
    chart = frame.chart
    _point_formats(chart)
    _axes(chart, canvas, lang)
    for series, look in zip(chart.plots[0].series, [*looks, *([target] if target else [])], strict=True):
        _style(series, look)
    add_callouts(chart, canvas, factors, looks)
    return chart


def _point_formats(chart: Chart) -> None:
    """A fractional level's cached point in :data:`FIGURE_FORMAT` (its label reads 3.33), a whole one
    in the series' General (it reads 6, not "6.")."""
    for point in chart._chartSpace.xpath(".//c:ser/c:val//c:pt"):
        value = float(point.xpath("./c:v")[0].text)
        if figure_format(value) != "General":
            point.set("formatCode", figure_format(value))


def _axes(chart: Chart, canvas: Canvas, lang: str) -> None:
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)
    low, high = canvas.scales.level
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = float(low), float(high)
    axis.has_major_gridlines = True
    axis.has_title = True
    axis.axis_title.text_frame.text = t(lang, "chart_y")
    axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(11)


def _style(series: object, look: Look) -> None:
    color = _color(look.color)
    series.smooth = False  # type: ignore[attr-defined]
    line = series.format.line  # type: ignore[attr-defined]
    line.color.rgb = color
    line.width = Pt(look.width * 0.75)  # plotly pixels at 96 dpi to points
    line.dash_style = _DASHES.get(look.dash, MSO_LINE_DASH_STYLE.LONG_DASH)
    marker = series.marker  # type: ignore[attr-defined]
    marker.style = _MARKERS.get(look.symbol.removesuffix("-open"), XL_MARKER_STYLE.CIRCLE)
    marker.size = max(2, min(72, round(look.size * 0.6)))
    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = WHITE if look.symbol.endswith("-open") else color
    marker.format.line.color.rgb = color


def _color(value: str) -> RGBColor:
    """A canvas colour (validated by the loader) as PowerPoint's."""
    red, green, blue = rgb_of(value) or (0x44, 0x44, 0x44)
    return RGBColor(min(red, 255), min(green, 255), min(blue, 255))
