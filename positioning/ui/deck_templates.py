"""The deck template control of the Export panel (the PowerPoint master decks are built on), as a plain
function: keep a chosen deck template, go back to the default one, or say which one is in use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from positioning.core.messages import say
from positioning.i18n.wording import every, t
from positioning.output.deck_template import TemplateError
from positioning.store.deck_templates import APP_TEMPLATE_BYTES, DeckTemplates
from positioning.ui import ids, inputs
from positioning.ui.edits import too_large, uploaded_bytes, uploaded_size
from positioning.ui.said import Message


@dataclass(frozen=True)
class DeckTemplateState:
    """What the control shows: ``name`` (the deck template in use, in words), ``message`` (kind,
    heading, lines; None: nothing to say) and ``upload`` (the upload set back to empty)."""

    name: str
    message: Message | None = None
    upload: None = None


def deck_template_outputs(
    store: DeckTemplates, trigger: str | None, values: dict[str, Any], language: str
) -> DeckTemplateState:
    """The control after the upload, the "default" button or the page opening."""
    message = None
    if trigger == ids.DECK_TEMPLATE and inputs.text(values.get("contents")):
        message = _keep(store, inputs.text(values.get("contents")) or "", inputs.text(values.get("filename")) or "?")
    elif trigger == ids.DECK_TEMPLATE_CLEAR and inputs.clicks(values.get("clear")):
        store.clear()
        message = ("ok", every(say("deck_template_cleared")), [])
    name = store.name()
    shown = t(language, "deck_template_in_use", name=name) if name else t(language, "deck_template_default")
    return DeckTemplateState(shown, message)


def _keep(store: DeckTemplates, contents: str, filename: str) -> Message:
    """The template kept, or why not: said in every language (a language switch shows the other)."""
    size = uploaded_size(contents)
    refused = every(say("deck_template_refused", name=filename))
    if size > APP_TEMPLATE_BYTES:
        return ("error", refused, [every(lambda code: too_large(filename, size, APP_TEMPLATE_BYTES, language=code))])
    data = uploaded_bytes(contents)
    if data is None:
        return ("error", refused, [every(say("deck_template_unreadable"))])
    try:
        store.put(filename, data)
    except TemplateError as error:
        return ("error", refused, [every(error.message)])
    return ("ok", every(say("deck_template_kept", name=filename)), [])
