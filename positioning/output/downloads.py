"""A canvas as a file to download, for the app, the share page and the HTTP
API alike: the chart as PNG, SVG or PDF, a PowerPoint deck, a scoring
workbook (.xlsx) or the canvas file itself (.yaml)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from positioning.chart.figures import draw_canvas
from positioning.chart.view import View
from positioning.core.analysis import analyse
from positioning.core.model import Canvas
from positioning.output.export import PRESETS, ExportRequestError, check_size, render
from positioning.output.writer import dump_canvas
from positioning.rendering.renderer import Renderer

#: File kind -> media type.
KINDS = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "yaml": "application/yaml",
}
DEFAULT_PRESET = "slide-16x9"


def slug(title: str) -> str:
    """A file name from a title, keeping letters of any script."""
    return re.sub(r"[^\w]+", "-", title).strip("-").lower()[:80] or "canvas"


def download(
    canvas: Canvas,
    kind: str,
    view: View | None = None,
    *,
    scale: float = 1.0,
    renderer: Renderer | None = None,
    template: bytes | None = None,
) -> tuple[str, bytes, str]:
    """File name, content and media type of ``canvas`` as a ``kind`` file, as
    ``view`` shows it (the chart as :func:`draw_canvas` draws it, at the size of ``view.preset``; a
    deck on ``template``, a .pptx's bytes). Raises :class:`ExportRequestError` for a kind or preset
    that does not exist (the export itself checks the scale)."""
    view = view or View()
    if kind not in KINDS:
        raise ExportRequestError(f"cannot export as {kind!r}; choose one of {', '.join(KINDS)}")
    if view.preset not in (None, "") and view.preset not in PRESETS:
        raise ExportRequestError(f"no preset {view.preset!r}; choose one of {', '.join(PRESETS)}")
    width, height = PRESETS[view.preset or DEFAULT_PRESET]
    check_size(width, height, scale)  # refused for every kind, though only pictures use it
    name = f"{slug(canvas.title)}.{kind}"
    if kind == "yaml":
        return name, dump_canvas(canvas).encode("utf-8"), KINDS[kind]
    if kind == "xlsx":
        return name, _workbook(canvas, view.language or "en"), KINDS[kind]
    if kind == "pptx":
        from positioning.output.deck import DeckPart, build_deck

        deck = build_deck([DeckPart(canvas, canvas.title)], view=view, renderer=renderer, template=template)
        return name, deck, KINDS[kind]
    figure = draw_canvas(canvas, analyse(canvas).ranking, view, width=width, height=height)
    image = render(figure, format=kind, width=width, height=height, scale=scale, renderer=renderer)
    return name, image, KINDS[kind]


def _workbook(canvas: Canvas, language: str) -> bytes:
    """The scoring workbook of ``canvas``, headed in ``language`` (the view's: the page's or the query's)."""
    from positioning.output.spreadsheet import write_template

    with tempfile.TemporaryDirectory(prefix="positioning-") as folder:
        return write_template(Path(folder) / "canvas.xlsx", canvas, language=language).read_bytes()
