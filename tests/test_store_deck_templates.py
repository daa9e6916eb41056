"""Each user's deck template in the workspace (positioning.store.deck_templates), on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from positioning.output.deck_template import DEFAULT_TEMPLATE, TemplateError
from positioning.store.deck_templates import DeckTemplates


def test_a_template_is_kept_per_user_replaced_and_cleared(database):
    ann, bob = DeckTemplates(database, "ann"), DeckTemplates(database, "bob")
    assert ann.get() is None and ann.name() is None
    data = DEFAULT_TEMPLATE.read_bytes()
    ann.put("brand.pptx", data)
    assert ann.get().data == data and ann.name() == "brand.pptx"
    assert bob.get() is None  # another user's is not theirs
    ann.put("brand-2026.pptx", data)
    assert ann.name() == "brand-2026.pptx"
    Presentation(io.BytesIO(ann.get().data))  # it opens
    ann.clear()
    assert ann.get() is None


def test_a_file_that_is_no_template_is_not_kept(database):
    ann = DeckTemplates(database, "ann")
    with pytest.raises(TemplateError, match=r"notes\.txt: not a PowerPoint file"):
        ann.put("notes.txt", b"hello")
    assert ann.get() is None
