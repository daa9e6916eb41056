"""A hostile probe of issue 26 (reading guide, deck story, annotations, survey, projector, workbooks):
each test is a defect found, named for what a user expects."""

from __future__ import annotations

import io
import zipfile

import pytest

from positioning.core.loader import CanvasError

NAMES = ["Price", "Speed", "Comfort"]


def _annotated(text: str, *, player: str | None = "Us", language_title: str = "Cafés"):
    from positioning.core.loader import canvas_from_data

    from .factory import canvas_data

    data = canvas_data({"Us": [8, 2, 5, 4, 6, 3], "Them": [5, 5, 5, 5, 5, 5]}, names=[f"F{i}" for i in range(6)])
    data["title"] = language_title
    data["annotations"] = [{"factor": "F0", **({"player": player} if player else {}), "text": text}]
    return canvas_from_data(data, name="notes.yaml")


def _callout_text(canvas) -> str:
    from positioning.chart.figures import canvas_figure

    notes = [a for a in canvas_figure(canvas).to_plotly_json()["layout"]["annotations"] if a.get("bordercolor")]
    assert len(notes) == 1
    return notes[0]["text"]


@pytest.mark.parametrize(
    "text",
    [
        " ".join(f"word{i:02d}" for i in range(20))[:120],  # 119 characters: within the 120 allowed
        "顾客最看重的是出杯速度而我们在高峰时段的等待时间明显长于快餐咖啡品牌" * 3,  # 102 Chinese characters
    ],
    ids=["english", "chinese"],
)
def test_an_annotation_of_the_allowed_length_is_drawn_whole_on_the_chart(text):
    """The form and the file take 120 characters, but the callout keeps four lines of 20-30 Latin
    characters and ends the rest with '…': an English note of 119 characters loses its last third on
    the chart (and the PNG/SVG/PDF and the deck's picture), a Chinese one two thirds, while the deck's
    native chart shows it whole."""
    shown = _callout_text(_annotated(text)).replace("<br>", " ")
    assert "…" not in shown
    assert shown.replace(" ", "") == text.replace(" ", "")


def test_a_callout_on_a_point_at_the_top_of_the_scale_does_not_cover_the_point():
    """A point near the top of the level scale gets its box 'aside': 42 px right and 21 px up of the
    point, but a box of a few lines of 20-30 characters is wider than 84 px and taller than 42 px, so
    it sits on its own point and hides the arrow (seen in the PNG export: the box over the
    Fast-food coffee point on Affordability). Plotly centres the box on the arrow's tail (ax, ay), so
    the box covers the point when both offsets are under half its size."""
    from positioning.chart.annotations import FONT_SIZE

    from .factory import canvas_data

    data = canvas_data({"Us": [10, 2, 5, 4, 6, 3], "Them": [5, 5, 5, 5, 5, 5]}, names=[f"F{i}" for i in range(6)])
    data["annotations"] = [{"factor": "F0", "player": "Us", "text": "First factor, top point callout near the edge"}]
    from positioning.chart.figures import canvas_figure
    from positioning.core.loader import canvas_from_data

    figure = canvas_figure(canvas_from_data(data, name="notes.yaml")).to_plotly_json()
    (note,) = [a for a in figure["layout"]["annotations"] if a.get("bordercolor")]
    lines = note["text"].split("<br>")
    half_width = max(len(line) for line in lines) * FONT_SIZE * 0.5 / 2  # a low estimate of the text's width
    half_height = (len(lines) * FONT_SIZE * 1.2 + 2 * 3 + 2) / 2  # lines, its padding (borderpad 3) and border
    assert abs(note["ax"]) >= half_width or abs(note["ay"]) >= half_height


@pytest.mark.parametrize("text", ["before\tafter", "   "])
def test_an_annotation_text_with_a_control_character_or_only_spaces_is_refused_once_and_truly(text):
    """The model's pattern refuses the text ('must be one line of text without control characters or
    only spaces') and annotation_problems refuses it again ('holds U+0009, a character that is invisible
    or changes the direction or the lines of the text'): two messages for one field, and for a text of
    only spaces the second one calls a space invisible (a player's or factor's name gets one message)."""
    from positioning.core.loader import canvas_from_data

    from .factory import canvas_data

    data = canvas_data({"Us": [8, 2, 5], "Them": [5, 5, 5]}, names=NAMES)
    data["annotations"] = [{"factor": "Price", "text": text}]
    with pytest.raises(CanvasError) as refused:
        canvas_from_data(data, name="notes.yaml")
    problems = [p for p in refused.value.problems if "annotations" in str(p)]
    assert len(problems) == 1, [str(p) for p in problems]


def _slow_workbook() -> bytes:
    """The scoring template, valid, with 200,000 extra cell formats in its styles (which openpyxl parses
    whole when it opens the file) and an incompressible part to keep it within the unpack ratio: a
    180 KB file that takes about 9 s to open, and has no problem."""
    import os
    import re

    from .conftest import ROOT

    source = zipfile.ZipFile(ROOT / "docs" / "scores_template.xlsx")
    xf = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    many = 200_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/styles.xml":
                text = re.sub(
                    r'(<cellXfs count=")(\d+)(">)',
                    lambda m: f"{m.group(1)}{int(m.group(2)) + many}{m.group(3)}{xf * many}",
                    data.decode(),
                    count=1,
                )
                data = text.encode()
            z.writestr(info.filename, data)
        z.writestr("xl/media/pad.bin", os.urandom(140_000))
    return out.getvalue()


def test_a_panel_preview_of_several_workbooks_is_bounded_in_time_as_one_workbook_is():
    """Each workbook is read within its own READ_SECONDS (10 s of CPU), but the panel preview reads up to 30
    of them (4 MB in all) in one callback with no budget of its own: a 180 KB valid workbook costs about
    4 s of CPU (9 s of wall time on a busy machine) just to open, so 22 of them hold a worker for 90 s of
    CPU, and files built to spend their whole budget for 300 s, past gunicorn's 120 s timeout
    (deploy/compose.yaml). Six take about 23 s of CPU here; a real workbook reads in a tenth of a second."""
    import base64
    import time

    from positioning.output.sheet_cells import READ_SECONDS
    from positioning.ui.edits import example_data
    from positioning.ui.panel_books import preview

    from .conftest import ROOT

    book = base64.b64encode(_slow_workbook()).decode()
    url = "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64," + book
    data = example_data(ROOT / "configs" / "coffee_chain.yaml")
    started = time.process_time()
    preview([url] * 6, [f"{k}.xlsx" for k in range(6)], data)
    assert time.process_time() - started < 1.5 * READ_SECONDS
