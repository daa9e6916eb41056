"""The deck's glossary slide (issue 26 §1): the measures the deck shows, from the guide's one source,
one line each, in the deck's language, with speaker notes, fitting its slide."""

from __future__ import annotations

import pytest
from pptx.enum.shapes import MSO_SHAPE_TYPE

from positioning.core.analysis import analyse
from positioning.core.loader import load_canvas
from positioning.core.survey import with_survey
from positioning.i18n.guide import MAIN_EXAMPLE, PANEL_EXAMPLE, SURVEY_EXAMPLE, entries
from positioning.i18n.surveys import survey_of
from positioning.output.deck_glossary import glossary_section, shown_measures
from positioning.output.deck_template import open_template


def test_the_glossary_names_only_the_measures_the_deck_shows():
    southwest, coffee = analyse(load_canvas(MAIN_EXAMPLE)), analyse(load_canvas(PANEL_EXAMPLE))
    alone = shown_measures([southwest])
    assert {"delivery", "best_segment", "focus", "smallest_change"} <= set(alone)
    assert not {"kendall_w", "spread", "tornado"} & set(alone)  # no panel; the deck draws no tornado
    panel = shown_measures([coffee])
    assert {"kendall_w", "spread"} <= set(panel) and not {"delivery", "best_segment"} & set(panel)
    assert set(shown_measures([southwest, coffee])) == set(alone) | set(panel)
    assert "importance_interval" not in set(alone) | set(panel)  # importance typed by hand, or none


def _surveyed():
    canvas = load_canvas(PANEL_EXAMPLE)
    return analyse(with_survey(canvas, survey_of(SURVEY_EXAMPLE.read_bytes(), SURVEY_EXAMPLE.name, canvas)))


def test_the_glossary_explains_the_importance_interval_only_in_a_surveyed_deck():
    southwest, surveyed = analyse(load_canvas(MAIN_EXAMPLE)), _surveyed()
    shown = shown_measures([surveyed])
    assert {"delivery", "importance_interval", "kendall_w"} <= set(shown)
    assert shown.index("importance_interval") == shown.index("delivery") + 1
    assert "importance_interval" in shown_measures([southwest, surveyed])
    deck = open_template(None)
    glossary_section(deck, [southwest, surveyed], "zh")
    (shape,) = [s for s in deck.slides[-1].shapes if s.shape_type == MSO_SHAPE_TYPE.TABLE]
    interval = next(e for e in entries("zh") if e.key == "importance_interval")
    assert (interval.name, interval.short) in [(r.cells[0].text, r.cells[1].text) for r in shape.table.rows]
    assert shape.top + shape.height <= deck.slide_height  # the most rows a glossary has still fit


@pytest.mark.parametrize("language", ["en", "zh"])
def test_one_row_per_measure_with_notes_within_the_slide(language):
    analyses = [analyse(load_canvas(MAIN_EXAMPLE)), analyse(load_canvas(PANEL_EXAMPLE))]
    deck = open_template(None)
    name, ids = glossary_section(deck, analyses, language)
    slide = deck.slides[-1]
    assert ids == [slide.slide_id] and name == slide.shapes.title.text == ("Glossary" if language == "en" else "术语表")
    (shape,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TABLE]
    rows = [(r.cells[0].text, r.cells[1].text) for r in shape.table.rows]
    wanted = set(shown_measures(analyses))
    assert rows == [(e.name, e.short) for e in entries(language) if e.key in wanted]
    assert shape.top + shape.height <= deck.slide_height
    notes = slide.notes_slide.notes_text_frame.text
    assert "/help" in notes.split("\n")[0] and all(e.what in notes for e in entries(language) if e.key in wanted)
