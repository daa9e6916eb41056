"""Reading a Dash component tree in tests: its text, and the component of an id."""

from __future__ import annotations

from typing import Any


def component_text(component: Any) -> str:
    """Every text under ``component``, joined by spaces."""
    if isinstance(component, str | int | float):
        return str(component)
    children = getattr(component, "children", None)
    if children is None:
        return ""
    if isinstance(children, list | tuple):  # a component with no text (the "?" of a help link) adds no space
        return " ".join(component_text(c) for c in children if isinstance(c, str | int | float) or component_text(c))
    return component_text(children)


def find_component(component: Any, wanted: str) -> Any:
    """The component with id ``wanted`` under ``component`` (None if there is none)."""
    if getattr(component, "id", None) == wanted:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            found = find_component(child, wanted)
            if found is not None:
                return found
    return None
