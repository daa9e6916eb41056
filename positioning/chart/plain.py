"""The figure as plotly sends it, built from plain dicts: no validating constructor in between.

plotly's ``go.Figure`` checks every property of every trace against its schema and copies every data
array (twice more when it is turned into JSON). The chart's traces and layout are written by this
package, so that buys nothing: :func:`plotly_json` puts them in the order plotly's constructors set
them (a key order that decides the bytes of the JSON the browser and the renderer receive) and adds
the template plotly adds, so the plain figure is, byte for byte, what ``go.Figure(...).to_plotly_json()``
gave (``tests/test_figure_plain.py`` compares the two on every example and on random canvases).
:func:`as_figure` gives a caller that needs a ``go.Figure`` (attribute access, plotly.io) one that is
not validated again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.basedatatypes import BasePlotlyType

#: A figure as plotly sends it: {"data": [trace, ...], "layout": {...}}, JSON-ready.
FigureSpec = dict[str, Any]


def plotly_json(data: Sequence[Mapping[str, Any]], layout: Mapping[str, Any]) -> FigureSpec:
    """The figure of the ``data`` traces and the ``layout`` as ``go.Figure({"data": data, "layout":
    layout}).to_plotly_json()`` gives it: every object's keys in plotly's order (its constructors set
    properties by name, a trace's ``type`` last), numbered axes (``yaxis2``) after the named ones, and the
    default template last, where plotly adds it to a figure whose template is empty."""
    traces = [_trace(trace) for trace in data]
    named = {k: _sorted(v) for k, v in sorted(layout.items()) if not _numbered(k) and not _empty(k, v)}
    numbered = {k: _sorted(v) for k, v in layout.items() if _numbered(k)}
    ordered = {**named, **numbered}
    template = _default_template()
    if template is not None and "template" not in ordered:
        ordered["template"] = template
    return {"data": traces, "layout": ordered}


def as_figure(spec: Mapping[str, Any]) -> go.Figure:
    """A ``go.Figure`` of a figure :func:`plotly_json` built, without checking it again (as plotly
    itself loads its templates); its ``to_plotly_json()`` is ``spec``. Later changes (``update_layout``)
    are checked as usual."""
    layout = {k: v for k, v in spec["layout"].items() if k != "template"}  # plotly adds it back, last
    return go.Figure({"data": spec["data"], "layout": layout}, _validate=False)


def _trace(trace: Mapping[str, Any]) -> dict[str, Any]:
    ordered = {k: _sorted(v) for k, v in sorted(trace.items()) if k != "type"}
    ordered["type"] = trace["type"]
    return ordered


def _sorted(value: Any) -> Any:
    """``value`` with the keys of every object in it in plotly's order; data arrays as lists."""
    if isinstance(value, Mapping):
        return {k: _sorted(value[k]) for k in sorted(value)}
    if isinstance(value, list | tuple | range):
        return [_sorted(v) for v in value] if value and isinstance(value[0], Mapping | list | tuple) else list(value)
    return value


def _numbered(key: str) -> bool:
    """An axis plotly takes as a keyword after its named properties (``xaxis2``, ``yaxis2``)."""
    return key[-1].isdigit()


def _empty(key: str, value: Any) -> bool:
    """The chart's empty template, which plotly drops (and then adds its default one)."""
    return key == "template" and not any(value.values())


def _default_template() -> dict[str, Any] | None:
    """The template plotly gives a figure that has none: ``plotly.io.templates.default``, as JSON."""
    default = pio.templates.default
    if default is None:
        return None
    template = default if isinstance(default, BasePlotlyType) else pio.templates[default]
    result: dict[str, Any] = template.to_plotly_json()
    return result
