"""The render protocol: what the renderer asks of one browser tab.

A tab opens a page with plotly.js and nothing else; each image is one
``Plotly.toImage`` call in that page, which is what kaleido does inside its
page too, so images have the same pixel size and look as ``write_image``'s.
PDF pages are printed by Chromium from the SVG, as kaleido does.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from plotly.basedatatypes import BaseFigure
from plotly.utils import PlotlyJSONEncoder

from positioning.rendering.bundle import RendererError

FORMATS = ("png", "svg", "pdf", "jpeg", "webp")

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<style>html, body {{ margin: 0; padding: 0; background: white; }}</style>
<script src="{plotly}"></script>
</head><body></body></html>
"""

# Renders one figure. Vector formats carry the layout size whatever the scale (plotly.js would write an
# SVG at scale 2 as 3200x1800). For pdf the SVG is placed in the page itself (not as an <img>, whose
# text Chromium prints without the digits' text) to be printed.
_RENDER = """
async (spec, format, width, height, scale) => {
  const asSvg = format === "pdf";
  const vector = asSvg || format === "svg";
  const data = await Plotly.toImage(spec, {
    format: asSvg ? "svg" : format, width, height, scale: vector ? 1 : scale, imageDataOnly: true,
  });
  if (!asSvg) return data;
  document.body.innerHTML = "";
  let style = document.getElementById("page-size");
  if (!style) {
    style = document.createElement("style");
    style.id = "page-size";
    document.head.appendChild(style);
  }
  style.textContent = `@page { size: ${width}px ${height}px; margin: 0 } html, body { margin: 0 }`;
  const svg = new DOMParser().parseFromString(data, "image/svg+xml").documentElement;
  svg.style.display = "block";
  document.body.appendChild(document.importNode(svg, true));
  await document.fonts.ready;
  return "ready";
}
"""


class Tab(Protocol):
    """What the protocol needs of a browser tab (a choreographer ``Tab``)."""

    async def send_command(self, command: str, params: dict[str, Any] | None = None) -> Any: ...

    def subscribe_once(self, event: str) -> Any: ...


@dataclass(frozen=True)
class RenderRequest:
    """One image to draw: a figure (or its dict) at a format and a size in
    layout pixels; ``scale`` multiplies the pixels of raster formats."""

    figure: BaseFigure | dict
    format: str = "png"
    width: int = 1600
    height: int = 900
    scale: float = 1.0

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {self.format!r}")


@dataclass(frozen=True)
class Job:
    """A request as the tab receives it: the figure already turned into JSON
    (in the caller's thread, so the browser's event loop never waits for it)."""

    payload: str
    format: str
    width: int
    height: int
    scale: float

    @classmethod
    def of(cls, request: RenderRequest) -> Job:
        spec = request.figure.to_plotly_json() if isinstance(request.figure, BaseFigure) else request.figure
        payload = json.dumps(spec, cls=PlotlyJSONEncoder)
        return cls(payload, request.format, int(request.width), int(request.height), float(request.scale))


def page_html(script: Path) -> str:
    """The page every tab opens: plotly.js from ``script`` and an empty body."""
    return PAGE.format(plotly=script.as_uri())


async def load_page(tab: Tab, page: Path) -> None:
    """Open ``page`` in ``tab`` and check that plotly.js is there."""
    loaded = tab.subscribe_once("Page.loadEventFired")
    await tab.send_command("Page.enable")
    await tab.send_command("Page.navigate", params={"url": page.as_uri()})
    await loaded
    check = await tab.send_command("Runtime.evaluate", params={"expression": "typeof Plotly", "returnByValue": True})
    if _value(check) != "object":
        raise RendererError("plotly.js did not load in the renderer's page")


async def draw(tab: Tab, job: Job) -> bytes:
    """The image of ``job`` drawn in ``tab`` (text formats UTF-8 encoded)."""
    expression = f"({_RENDER})({job.payload}, {json.dumps(job.format)}, {job.width}, {job.height}, {float(job.scale)})"
    response = await tab.send_command(
        "Runtime.evaluate", params={"expression": expression, "awaitPromise": True, "returnByValue": True}
    )
    value = _value(response)
    if job.format == "pdf":
        return await _print(tab)
    if job.format == "svg":
        return value.encode("utf-8")
    return base64.b64decode(value)


async def _print(tab: Tab) -> bytes:
    """The page (the SVG placed by the render script) printed as PDF; the page is emptied after."""
    printed = await tab.send_command(
        "Page.printToPDF", params={"printBackground": True, "preferCSSPageSize": True, "pageRanges": "1"}
    )
    _raise_on_error(printed)
    await tab.send_command(
        "Runtime.evaluate", params={"expression": "document.body.innerHTML = ''", "returnByValue": True}
    )
    return base64.b64decode(printed["result"]["data"])


def _raise_on_error(response: dict[str, Any]) -> None:
    if "error" in response:
        raise RendererError(f"the browser refused: {response['error'].get('message', response['error'])}")


def _value(response: dict[str, Any]) -> Any:
    _raise_on_error(response)
    result = response.get("result", {})
    if "exceptionDetails" in result:
        details = result["exceptionDetails"]
        text = details.get("exception", {}).get("description") or details.get("text", "unknown error")
        raise RendererError(f"plotly.js could not draw the figure: {text.splitlines()[0]}")
    return result.get("result", {}).get("value")
