"""Image export through a real Chromium: files are opened and their format and
pixel size checked."""

from __future__ import annotations

import struct
import threading
from pathlib import Path

import pytest

from positioning import ExportError, ExportJob, canvas_figure, export, export_many, load_canvas, render
from positioning.output.export import ExportRequestError

from .conftest import ROOT, png_size, png_size_bytes


@pytest.fixture(scope="module")
def figure():
    return canvas_figure(load_canvas(ROOT / "configs" / "southwest_airlines.yaml"))


def test_png_default_size(chromium, tmp_path: Path):
    canvas = load_canvas(ROOT / "configs" / "southwest_airlines.yaml")
    path = export(canvas, tmp_path / "canvas.png")  # a canvas is drawn with canvas_figure
    assert png_size(path) == (1600, 900)
    assert not list(tmp_path.glob(".*.part"))  # no temporary file left behind


def test_sizes_scale_and_formats_in_one_session(chromium, figure, tmp_path: Path):
    done = []
    jobs = [
        ExportJob(figure, tmp_path / "a" / "slide.png", width=800, height=450, scale=2),
        ExportJob(figure, tmp_path / "square.png", width=700, height=700, scale=1.5),
        ExportJob(figure, tmp_path / "canvas.svg", width=1600, height=900),
        ExportJob(figure, tmp_path / "canvas.pdf", width=1600, height=900),
    ]
    export_many(jobs, on_done=done.append)
    assert done == jobs
    assert png_size(tmp_path / "a" / "slide.png") == (1600, 900)
    assert png_size(tmp_path / "square.png") == (1050, 1050)
    svg = (tmp_path / "canvas.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and 'width="1600"' in svg and 'height="900"' in svg
    assert "Short-haul air travel" in svg
    assert (tmp_path / "canvas.pdf").read_bytes().startswith(b"%PDF-")


def test_bad_extension_and_sizes_are_refused_before_any_work(figure, tmp_path: Path):
    with pytest.raises(ExportError, match=r"cannot export to '\.jpg'; use a \.png, \.svg or \.pdf"):
        export(figure, tmp_path / "x.jpg")
    with pytest.raises(ExportError, match="at least 100 pixels"):
        export(figure, tmp_path / "x.png", width=10)
    with pytest.raises(ExportError, match="keep each side under"):
        export(figure, tmp_path / "x.png", width=4000, scale=4)
    with pytest.raises(ExportError, match="scale must be above 0"):
        export(figure, tmp_path / "x.png", scale=0)
    assert not list(tmp_path.iterdir())


def test_same_pixels_as_plotly_write_image(chromium, figure):
    """The renderer keeps plotly.js loaded instead of reloading kaleido's page,
    but draws exactly what plotly.io.to_image draws."""
    import io

    import plotly.io as pio
    from PIL import Image, ImageChops

    ours = Image.open(io.BytesIO(render(figure, width=1000, height=600, scale=1.5))).convert("RGB")
    theirs = Image.open(io.BytesIO(pio.to_image(figure, format="png", width=1000, height=600, scale=1.5)))
    assert ours.size == theirs.size == (1500, 900)
    assert ImageChops.difference(ours, theirs.convert("RGB")).getbbox() is None


def test_one_renderer_shared_by_threads_gives_each_caller_its_image(chromium, figure):
    from positioning import Renderer

    sizes = [(640, 360), (500, 500), (800, 300), (300, 800)]
    results: dict[tuple[int, int], bytes] = {}
    with Renderer() as renderer:

        def work(size):
            results[size] = render(figure, width=size[0], height=size[1], renderer=renderer)

        threads = [threading.Thread(target=work, args=(s,)) for s in sizes]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert {size: struct.unpack(">II", data[16:24]) for size, data in results.items()} == {s: s for s in sizes}


def test_pdf_page_has_the_figure_size(chromium, figure, tmp_path):
    path = export(figure, tmp_path / "c.pdf", width=1600, height=900)
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 1200 675" in data  # 1600 x 900 px at 96 px per inch, in points


def test_a_pdf_carries_the_charts_title_and_the_product_as_creator(chromium, tmp_path: Path):
    import subprocess

    from positioning import canvas_figure, load_canvas
    from positioning.output.export import render

    canvas = load_canvas(ROOT / "configs" / "ride_hailing_zh.yaml")
    data = render(canvas_figure(canvas), format="pdf", width=1200, height=800)
    path = tmp_path / "canvas.pdf"
    path.write_bytes(data)
    shown = subprocess.run(["pdfinfo", "-enc", "UTF-8", path], capture_output=True, text=True, check=True).stdout
    info = dict(line.split(":", 1) for line in shown.splitlines() if ":" in line)
    assert {key: info[key].strip() for key in ("Title", "Creator", "Producer")} == {
        "Title": "城市中短途出行:网约车定位图",
        "Creator": "positioning",
        "Producer": "positioning",
    }
    assert canvas.title == "城市中短途出行:网约车定位图" and "HeadlessChrome" not in shown
    assert data.count(b"%%EOF") >= 2  # an incremental update: the renderer's bytes, then the new information


def test_trace_types_outside_the_basic_bundle_need_the_full_one(chromium, tmp_path: Path):
    import plotly.graph_objects as go

    from positioning.rendering.renderer import Renderer, RendererError

    heatmap = go.Figure(go.Heatmap(z=[[1, 2], [3, 4]]))
    # export() starts its own renderer, with the bundle the figures need
    assert png_size(export(heatmap, tmp_path / "heatmap.png", width=300, height=200)) == (300, 200)
    basic = Renderer()
    with pytest.raises(RendererError, match=r"cannot draw heatmap traces; use Renderer\(bundle='full'\)"):
        basic.render(heatmap)
    jobs = [ExportJob(go.Figure(go.Scatter(y=[1, 2])), tmp_path / "a.png"), ExportJob(heatmap, tmp_path / "b.png")]
    with pytest.raises(ExportRequestError, match=r"b\.png: this renderer cannot draw heatmap traces"):
        export_many(jobs, renderer=basic)
    with pytest.raises(ExportRequestError, match=r"^this renderer cannot draw heatmap traces"):
        render(heatmap, renderer=basic)
    assert not basic.running and not (tmp_path / "a.png").exists()  # refused before any work


def test_a_symbolic_link_loop_on_the_path_is_a_sentence(chromium, figure, tmp_path: Path):
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    cases = {
        tmp_path / "loop" / "x.png": "a symbolic link on the path loops back on itself",
        tmp_path / "loop" / "deeper" / "x.png": "a symbolic link on the path loops back on itself",
        tmp_path / "file" / "x.png": f"{tmp_path / 'file'} is not a folder",
    }
    jobs = [ExportJob(figure, path, width=300, height=200) for path in cases]
    for job, reason in zip(jobs, cases.values(), strict=True):
        with pytest.raises(ExportError) as raised:
            export_many([job])
        assert str(raised.value) == f"{job.path}: cannot write the file: {reason}"
        assert "Errno" not in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "loop"]  # no temporary file left


def test_a_nul_in_the_file_name_is_refused_before_any_work(figure, tmp_path: Path):
    with pytest.raises(ExportRequestError, match="contains a NUL character"):
        export(figure, f"{tmp_path}/a\0b.png")


def test_the_a4_report_preset_has_a4_proportions():
    from positioning.output.export import PRESETS

    width, height = PRESETS["a4-report"]
    assert abs(width / height - 297 / 210) < 0.005


def _pdf_text(data: bytes) -> str:
    """The text layer of a PDF as ``pdftotext -layout`` reads it (a viewer's copy and search read the same)."""
    import shutil
    import subprocess

    from .conftest import _require

    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        _require("pdftotext", "poppler-utils is not installed")
    command = [str(pdftotext), "-layout", "-enc", "UTF-8", "-", "-"]
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode("utf-8")


def test_a_pdfs_text_reads_as_on_screen_numbers_and_the_rotated_axis_title_included(chromium):
    """Chromium printed the chart's SVG as an image, which kept no text for the digits ("Shortlist (top ):"),
    and its Type 3 fonts run downwards, which reversed the rotated axis title ("level gnireffO")."""
    from positioning import Renderer

    english = load_canvas(ROOT / "configs" / "southwest_airlines.yaml")
    chinese = load_canvas(ROOT / "configs" / "ride_hailing_zh.yaml")
    with Renderer() as renderer:
        texts = [
            _pdf_text(render(canvas_figure(c), format="pdf", width=1600, height=900, renderer=renderer))
            for c in (english, chinese)
        ]
    lines = [{line.strip() for line in text.splitlines()} for text in texts]
    assert "Offering level" in lines[0] and "供给水平" in lines[1]  # the vertical axis title, read upwards
    assert "Short-haul air travel (US, early 1990s)" in texts[0]
    assert "Shortlist (top 3)" in texts[0] and "numbered by rank" in texts[0] and "（前 3 名）" in texts[1]
    ticks = [
        [line.split()[0] for line in text.splitlines() if line.split()[:1] and line.split()[0].isdigit()]
        for text in texts
    ]
    assert ticks[0] == ticks[1] == ["10", "8", "6", "4", "2", "0"]  # the level axis, top to bottom
    assert texts[0].count("=1") == 3 and all(f"#{n}" in texts[1] for n in (1, 2, 3))  # the shortlist's ranks


def test_a_pdf_looks_the_same_after_its_fonts_are_set_upright(chromium):
    """The fonts' glyph space is flipped and each glyph flipped back: every pixel stays where it was."""
    import io

    from PIL import Image, ImageChops
    from pypdf import PdfReader

    from positioning.output.pdf_info import with_info

    canvas = load_canvas(ROOT / "configs" / "ride_hailing_zh.yaml")
    printed = render(canvas_figure(canvas), format="pdf", width=800, height=450)
    original = printed[: printed.index(b"%%EOF") + 5]  # the renderer's bytes, before the update
    assert with_info(original, title="x") != original
    matrices = {
        tuple(float(v) for v in font.get_object()["/FontMatrix"])
        for font in PdfReader(io.BytesIO(printed)).pages[0]["/Resources"]["/Font"].values()
        if font.get_object()["/Subtype"] == "/Type3"
    }
    assert matrices and all(m[3] > 0 for m in matrices)
    pictures = [Image.open(io.BytesIO(_page_picture(data))).convert("RGB") for data in (original, printed)]
    assert pictures[0].size == pictures[1].size
    assert ImageChops.difference(*pictures).getbbox() is None


def _page_picture(pdf: bytes) -> bytes:
    import shutil
    import subprocess

    from .conftest import _require

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        _require("pdftoppm", "poppler-utils is not installed")
    return subprocess.run([str(pdftoppm), "-r", "160", "-png"], input=pdf, capture_output=True, check=True).stdout


def test_vector_files_carry_the_layout_size_whatever_the_raster_scale(chromium, figure):
    from positioning import Renderer
    from positioning.chart.view import View
    from positioning.output.downloads import download

    with Renderer() as renderer:  # one browser for the four drawings (what is checked is their size)
        svg = render(figure, format="svg", width=1600, height=900, scale=2, renderer=renderer).decode("utf-8")
        head = svg[: svg.index(">")]
        assert 'width="1600"' in head and 'height="900"' in head and 'viewBox="0 0 1600 900"' in head
        canvas = load_canvas(ROOT / "configs" / "southwest_airlines.yaml")
        _, data, _ = download(canvas, "svg", View(preset="slide-4x3"), scale=2, renderer=renderer)
        head = data.decode("utf-8")[: data.index(b">")]
        assert 'width="1440"' in head and 'height="1080"' in head
        _, pdf, _ = download(canvas, "pdf", View(preset="slide-4x3"), scale=2, renderer=renderer)
        assert b"/MediaBox [0 0 1080 810" in pdf  # 1440 x 1080 px at 96 px per inch, in points
        png = render(figure, format="png", width=800, height=450, scale=2, renderer=renderer)
        assert png_size_bytes(png) == (1600, 900)  # a raster image still takes the scale
