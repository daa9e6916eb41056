"""Which plotly.js the renderer's page loads, and which figures it can draw.

The page loads plotly.js's official *basic* bundle (scatter, bar and pie,
every chart positioning draws), vendored in ``positioning/rendering/vendor``: it starts
in a third of the time of plotly's full bundle, which matters most on a small
machine where each tab compiles it. It is used only when it is the very
plotly.js version the installed plotly ships (so images stay identical to
``write_image``'s); otherwise, or when asked for "full", the full bundle is
loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import plotly
from plotly.basedatatypes import BaseFigure, BaseTraceType

BUNDLES = ("auto", "basic", "full")
BASIC_BUNDLE = Path(__file__).parent / "vendor" / "plotly-basic.min.js"
#: The trace types in plotly.js's basic bundle.
BASIC_TRACES = frozenset({"scatter", "bar", "pie"})


class RendererError(RuntimeError):
    """The browser could not render an image; the message says why."""


def plotly_bundle(choice: str = "auto") -> tuple[str, Path]:
    """Which plotly.js a renderer loads: ("basic" or "full", its path).

    "auto" takes the vendored basic bundle when it is the plotly.js version
    the installed plotly ships, else the full bundle; "basic" insists."""
    if choice not in BUNDLES:
        raise ValueError(f"bundle must be one of {', '.join(BUNDLES)}, not {choice!r}")
    full = full_bundle()
    if choice == "full":
        return "full", full
    installed, vendored = bundle_version(full), bundle_version(BASIC_BUNDLE)
    if vendored is not None and vendored == installed:
        return "basic", BASIC_BUNDLE
    if choice == "basic":
        raise RendererError(
            f"the vendored plotly.js basic bundle is v{vendored}, the installed plotly ships v{installed}; "
            "run 'make vendor-plotly' to fetch the matching one"
        )
    return "full", full


def full_bundle() -> Path:
    """The full plotly.js bundle the installed plotly ships."""
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def bundle_version(path: Path) -> str | None:
    """The version in a plotly.js bundle's header comment ("4.1.1"), if readable."""
    try:
        with path.open("rb") as file:
            head = file.read(400).decode("utf-8", "replace")
    except OSError:
        return None
    found = re.search(r"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+\S*)", head)
    return found.group(1) if found else None


def missing_traces(bundle: str, figure: BaseFigure | dict) -> list[str]:
    """The trace types of ``figure`` that the ``bundle`` ("basic" or "full") lacks."""
    return sorted(trace_types(figure) - BASIC_TRACES) if bundle == "basic" else []


def trace_types(figure: BaseFigure | dict) -> set[str]:
    """The trace types a figure (a plotly figure or its dict) uses."""
    if isinstance(figure, BaseFigure):
        return {trace.type for trace in figure.data}
    data = figure.get("data") if isinstance(figure, dict) else None
    if isinstance(data, dict | BaseTraceType):  # a single trace
        data = [data]
    types = set()
    for trace in data if isinstance(data, list | tuple) else ():
        if isinstance(trace, BaseTraceType):
            types.add(trace.type)
        elif isinstance(trace, dict):
            types.add(trace.get("type") or "scatter")
    return types


def bundle_for(figures: Iterable[BaseFigure | dict]) -> str:
    """The bundle a renderer needs for ``figures``: "auto" when the basic
    bundle can draw them all, else "full"."""
    return "auto" if all(trace_types(f) <= BASIC_TRACES for f in figures) else "full"
