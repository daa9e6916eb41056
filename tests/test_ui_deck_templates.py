"""The Export panel's deck template control (positioning.ui.deck_templates), without a browser."""

from __future__ import annotations

import base64

from positioning.core.messages import say
from positioning.i18n.wording import every
from positioning.output.deck_template import DEFAULT_TEMPLATE
from positioning.store.deck_templates import APP_TEMPLATE_BYTES, DeckTemplates
from positioning.ui import ids
from positioning.ui.deck_templates import DeckTemplateState, deck_template_outputs


def data_url(raw: bytes) -> str:
    return (
        "data:application/vnd.openxmlformats-officedocument.presentationml.presentation;base64,"
        + base64.b64encode(raw).decode()
    )


def test_choose_a_template_then_go_back_to_the_default(database):
    store = DeckTemplates(database, "ann")
    opened = deck_template_outputs(store, None, {}, "en")
    assert opened == DeckTemplateState("Decks use the default template.", None, None)
    values = {"contents": data_url(DEFAULT_TEMPLATE.read_bytes()), "filename": "brand.pptx"}
    kept = deck_template_outputs(store, ids.DECK_TEMPLATE, values, "en")
    assert kept.name == "Decks use your template brand.pptx."
    assert kept.message == ("ok", every(say("deck_template_kept", name="brand.pptx")), []) and kept.upload is None
    assert kept.message[1]["en"] == "Decks now use brand.pptx."  # and in Chinese, for a switch
    cleared = deck_template_outputs(store, ids.DECK_TEMPLATE_CLEAR, {"clear": 1}, "zh")
    assert cleared.name == "演示文稿使用默认模板。" and store.get() is None


def test_a_bad_or_too_large_template_is_refused_and_the_one_in_use_kept(database):
    store = DeckTemplates(database, "ann")
    store.put("brand.pptx", DEFAULT_TEMPLATE.read_bytes())
    bad = deck_template_outputs(store, ids.DECK_TEMPLATE, {"contents": data_url(b"nope"), "filename": "x.pptx"}, "en")
    kind, heading, lines = bad.message
    assert kind == "error" and heading["en"].startswith("x.pptx was not kept as the deck template")
    assert lines == [every(say("template_not_pptx", name="x.pptx"))]
    assert lines[0]["en"] == "x.pptx: not a PowerPoint file; give a .pptx or .potx template"
    assert lines[0]["zh"] == "x.pptx：不是 PowerPoint 文件；请给出 .pptx 或 .potx 模板"
    big = deck_template_outputs(
        store, ids.DECK_TEMPLATE, {"contents": data_url(b"0" * (APP_TEMPLATE_BYTES + 1)), "filename": "big.pptx"}, "en"
    )
    assert "big.pptx is 4.1 MB; deck templates are limited to 4 MB here" in big.message[2][0]["en"]
    garbled = deck_template_outputs(
        store, ids.DECK_TEMPLATE, {"contents": "data:x;base64,@@", "filename": "g.pptx"}, "en"
    )
    assert [line["en"] for line in garbled.message[2]] == ["the file could not be read; try again"]
    assert store.name() == "brand.pptx"
