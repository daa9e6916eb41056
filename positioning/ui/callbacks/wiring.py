"""How a callback of the app is wired: it unpacks its inputs, calls one plain function and returns a
typed result (a frozen dataclass per callback), which :func:`typed_callback` turns into the callback's
Dash outputs, field by field. A result has a field for each output and nothing else: an unknown
name is a TypeError where the result is made, never a value silently left out of the page."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import fields, is_dataclass
from typing import Any, TypeVar

import dash
from dash import Output, html
from dash.exceptions import PreventUpdate

from positioning.ui.said import Message, shown

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

#: A field left as it is on the page (Dash's "no update").
KEEP: Any = dash.no_update


def field_names(result: type) -> list[str]:
    """The fields of a result class, in order."""
    return [f.name for f in fields(result)]


def checked_outputs(result: type, outputs: Mapping[str, Any]) -> dict[str, Any]:
    """``outputs`` (field name -> Dash Output, or a dict of them for a group of controls), checked to
    name exactly the fields of ``result``."""
    names, wired = set(field_names(result)), set(outputs)
    if names != wired:
        raise TypeError(
            f"{result.__name__}: fields without an output {sorted(names - wired)}, "
            f"outputs without a field {sorted(wired - names)}"
        )
    return dict(outputs)


def dash_outputs(result: object, outputs: Mapping[str, Any]) -> dict[str, Any]:
    """The values of a result by output name; a group's missing members (and a group left as it is)
    are left as they are."""
    values = {}
    for name, output in outputs.items():
        value = getattr(result, name)
        if isinstance(output, dict):
            given = value if isinstance(value, Mapping) else {}
            value = {key: given.get(key, KEEP) for key in output}
        values[name] = value
    return values


def typed_callback(app: dash.Dash, result: type, outputs: Mapping[str, Any], **spec: Any) -> Callable[[F], F]:
    """Register the decorated function as a callback of ``app`` whose outputs are the fields of the
    dataclass ``result`` (``outputs`` maps each to its Dash Output); ``spec`` holds the inputs, the
    state and the rest of :meth:`dash.Dash.callback`'s arguments. The function itself stays as it is."""
    assert is_dataclass(result)
    wired = checked_outputs(result, outputs)

    # A callback of one output sends it on its own, as Dash's single-output callbacks do.
    single = next(iter(wired.values())) if len(wired) == 1 else None

    def register(function: F) -> F:
        @functools.wraps(function)
        def call(*args: Any, **kwargs: Any) -> Any:
            answer = function(*args, **kwargs)
            if not isinstance(answer, result):
                raise TypeError(f"{function.__name__} returned {type(answer).__name__}, not {result.__name__}")
            values = dash_outputs(answer, wired)
            return next(iter(values.values())) if isinstance(single, Output) else values

        app.callback(output=single if isinstance(single, Output) else wired, **spec)(call)
        return function

    return register


def again(output: Output) -> Output:
    """``output`` as a second (or later) callback writes it."""
    return Output(output.component_id, output.component_property, allow_duplicate=True)


def given(value: T | None) -> T:
    """``value``; no update at all when there is none (a request the page could not have sent, or a
    canvas that cannot be drawn)."""
    if value is None:
        raise PreventUpdate
    return value


def message_view(message: Message | None) -> Any:
    """The message area's content: a heading and its lines (each in every language, or as it is), or nothing."""
    if not message:
        return None
    kind, heading, lines = message
    return html.Div(
        className=f"alert alert-{kind}",
        children=[html.Strong(shown(heading)), html.Ul([html.Li(shown(line)) for line in lines]) if lines else None],
    )
