"""The four actions on the target curve (issue 23, §3): the ERRC grid says what it is, where the target
curve stands against the industry (the competitors' average), shows each factor's move beside it, and
names the moves that stay within the industry's range; in the Diagnosis tab, the deck and the CLI, in
English and Chinese."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from positioning import parse_canvas
from positioning.core.analysis import analyse
from positioning.core.diagnostics import ERRC_MARGIN
from positioning.i18n.wording import errc_entries
from positioning.output.deck import DeckPart, build_deck
from positioning.output.deck_glossary import GLOSSARY_SLIDES
from positioning.output.report import text_report
from positioning.ui import ids
from positioning.ui.views import diagnosis_view
from tests.components import component_text as _text
from tests.components import find_component as _find

from .factory import canvas_data, to_yaml

NAMES = [
    "Account fees",
    "Mobile app",
    "Branch network",
    "Personal advisor",
    "Interest rates",
    "Opening speed",
    "Brand trust",
    "Green investing",
]
LEVELS = {
    "Our bank": [5, 4, 7, 9, 5, 8, 6, 0],
    "MegaBank": [4, 7, 8, 4, 5, 5, 8, 0],
    "NeoBank": [2, 9, 0, 2, 6, 9, 4, 0],
    "CityBank": [4, 5, 7, 5, 5, 4, 7, 0],
}
TARGETS = [5, 7, 5, 9, 5, 8, 6, 6]


def bank():
    """The retail bank of the issue: 4 players, 8 factors, a target curve that moves on three of them."""
    data = canvas_data(LEVELS, names=NAMES)
    for factor, target in zip(data["factors"], TARGETS, strict=True):
        factor["target"] = target
    return parse_canvas(to_yaml(data), name="bank.yaml")


def _boxes(view) -> dict[str, list[str]]:
    """The grid's boxes, by their title: the entries listed in each."""
    grid = _find(view, ids.ERRC_GRID)
    return {
        _text(box.children[0]): [_text(li) for li in getattr(box.children[2], "children", None) or []]
        for box in grid.children
    }


def test_each_factor_has_its_place_move_and_the_industrys_range():
    diagnosis = analyse(bank()).diagnosis
    mobile, branch = diagnosis.place_of("Mobile app"), diagnosis.place_of("Branch network")
    # Mobile app: competitors 7, 9 and 5 average 7; the grid keeps 7 +/- 15% of the 0-10 scale.
    assert (mobile.action, mobile.level, mobile.target, mobile.moves) == ("keep", 4.0, 7.0, True)
    assert mobile.industry == pytest.approx((7 - 10 * ERRC_MARGIN, 7 + 10 * ERRC_MARGIN))
    # Branch network: 8, 0 and 7 average 5, and the target 5 sits on it.
    assert (branch.action, branch.level, branch.target) == ("keep", 7.0, 5.0)
    assert branch.industry == pytest.approx((3.5, 6.5))
    advisor = diagnosis.place_of("Personal advisor")  # raised against the industry (9 vs 11/3), not moved
    assert (advisor.action, advisor.moves) == ("raise", False)
    assert [p.factor for p in diagnosis.moves_within_industry] == ["Mobile app", "Branch network"]
    assert [p.factor for p in diagnosis.places] == NAMES
    assert diagnosis.place_of("Green investing").action == "create"  # 0 -> 6 where no competitor offers it


def test_without_targets_no_move_is_named():
    data = canvas_data(LEVELS, names=NAMES)
    diagnosis = analyse(parse_canvas(to_yaml(data), name="bank.yaml")).diagnosis
    assert diagnosis.moves_within_industry == ()
    assert all(p.target is None and not p.moves for p in diagnosis.places)


def test_the_tab_says_what_the_grid_is_and_shows_each_move_beside_its_factor():
    view = diagnosis_view(analyse(bank()).diagnosis, "en")
    basis = _text(_find(view, ids.ERRC_BASIS))
    assert basis.startswith("Where the target curve (to-be) stands against the industry, the competitors' average")
    assert "not compared with today" in basis and "make the move" not in basis
    boxes = _boxes(view)
    assert boxes["Raise"] == [
        "Account fees (5, no move)",
        "Personal advisor (9, no move)",
        "Opening speed (8, no move)",
    ]
    assert boxes["Create"] == ["Green investing (0 → 6)"]
    keep = _text(next(c for c in view.children if getattr(c, "className", "") == "errc-keep"))
    assert "Mobile app (4 → 7)" in keep and "Branch network (7 → 5)" in keep and "Brand trust (6, no move)" in keep
    assert _text(_find(view, ids.ERRC_WITHIN)) == (
        "Moves whose target lies within the industry's range (the competitors' average ± 15% of the scale), so "
        "the grid keeps them at the industry level: Mobile app 4 → 7 (industry 5.5–8.5) and "
        "Branch network 7 → 5 (industry 3.5–6.5)."
    )


def test_the_tab_in_chinese():
    view = diagnosis_view(analyse(bank()).diagnosis, "zh")
    assert _text(_find(view, ids.ERRC_BASIS)).startswith("目标曲线相对于行业（竞争对手平均水平）所处的位置")
    assert _boxes(view)["提升"][1] == "Personal advisor（9，不变）"
    within = _text(_find(view, ids.ERRC_WITHIN))
    assert within.startswith("以下调整的目标仍在行业范围内（竞争对手平均水平上下各 15% 刻度以内）")
    assert "Mobile app 4 → 7（行业范围 5.5–8.5）" in within and "Branch network 7 → 5（行业范围 3.5–6.5）" in within


def test_no_within_line_when_every_move_leaves_the_industrys_range():
    data = canvas_data(LEVELS, names=NAMES)
    for factor, target in zip(data["factors"], [5, 10, 1, 9, 5, 8, 6, 6], strict=True):
        factor["target"] = target
    view = diagnosis_view(analyse(parse_canvas(to_yaml(data), name="b.yaml")).diagnosis, "en")
    assert _find(view, ids.ERRC_WITHIN) is None
    assert "Mobile app (4 → 10)" in _boxes(view)["Raise"] and "Branch network (7 → 1)" in _boxes(view)["Reduce"]


def test_the_cli_report_names_the_moves_too():
    canvas = bank()
    analysis = analyse(canvas)
    text = text_report(canvas, analysis.ranking, analysis.diagnosis)
    assert "ERRC grid: Where the target curve (to-be) stands against the industry" in text
    assert "  keep      Mobile app (4 → 7), Branch network (7 → 5)," in text
    assert "so the grid keeps them at the industry level: Mobile app 4 → 7 (industry 5.5–8.5)" in text


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_decks_grid_shows_the_moves_and_names_those_within_the_industry(chromium, language):
    deck = Presentation(io.BytesIO(build_deck([DeckPart(bank(), "Bank")], language=language)))
    errc = deck.slides[-1 - GLOSSARY_SLIDES]  # the canvas's last slide; the deck's is the glossary
    text = "\n".join(s.text_frame.text for s in errc.shapes if s.has_text_frame)
    grid = next(s for s in errc.shapes if s.shape_type == MSO_SHAPE_TYPE.TABLE).table
    raised = grid.cell(0, 1).text_frame.text
    if language == "en":
        assert "Where the target curve (to-be) stands against the industry" in text
        assert "• Personal advisor (9, no move)" in raised
        assert "Keep at the industry level: Mobile app (4 → 7), Branch network (7 → 5)" in text
        assert "Mobile app 4 → 7 (industry 5.5–8.5) and Branch network 7 → 5 (industry 3.5–6.5)." in text
    else:
        assert "目标曲线相对于行业（竞争对手平均水平）所处的位置" in text
        assert "• Personal advisor（9，不变）" in raised
        assert "保持行业水平：Mobile app（4 → 7）、Branch network（7 → 5）" in text
        assert "Mobile app 4 → 7（行业范围 5.5–8.5）和Branch network 7 → 5（行业范围 3.5–6.5）。" in text


@pytest.mark.parametrize(
    ("language", "mark"), [("en", "Account fees (lower is better)"), ("zh", "Account fees（越低越好）")]
)
def test_a_lower_is_better_factor_says_so_in_the_grid(language, mark):
    """The grid reads raw levels, so Account fees above the industry sits under Raise: a reader must see
    that a lower level is the better one there, with or without a target curve."""
    data = canvas_data(LEVELS, names=NAMES)
    data["factors"][0]["better"] = "lower"
    for with_target in (False, True):
        if with_target:
            for factor, target in zip(data["factors"], TARGETS, strict=True):
                factor["target"] = target
        diagnosis = analyse(parse_canvas(to_yaml(data), name="bank.yaml")).diagnosis
        actions = ("eliminate", "reduce", "raise", "create", "keep")
        entries = [e for action in actions for e in errc_entries(diagnosis, action, language)]
        fees = [e for e in entries if e.startswith("Account fees")]
        assert len(fees) == 1 and fees[0].startswith(mark), fees


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_decks_note_under_the_grid_is_as_readable_as_the_boxes(chromium, language):
    """The factors kept at the industry level and the moves within its range were 9-pt small print at the
    slide's foot under four mostly empty boxes: the boxes give up the room, the note reads at their size."""
    canvas = bank()
    deck = Presentation(io.BytesIO(build_deck([DeckPart(canvas, "Bank")], language=language)))
    errc = deck.slides[-1 - GLOSSARY_SLIDES]  # the canvas's last slide; the deck's is the glossary
    grid = next(s for s in errc.shapes if s.shape_type == MSO_SHAPE_TYPE.TABLE)
    entries = {p.font.size for p in grid.table.cell(0, 1).text_frame.paragraphs[2:]}
    notes = [s for s in errc.shapes if s.has_text_frame and s.top >= grid.top + grid.height]
    assert len(notes) == 1 and len(notes[0].text_frame.paragraphs) == 2  # what is kept, the moves within
    sizes = {r.font.size for p in notes[0].text_frame.paragraphs for r in p.runs}
    assert sizes == entries and len(entries) == 1  # at the boxes' size, not shrunk
    subtitle = next(s for s in errc.shapes if s.has_text_frame and s.top < grid.top and not s.is_placeholder)
    if language == "en":  # not "Our bank: Where the target curve...", a capital after a colon
        assert subtitle.text_frame.text.startswith(f"{canvas.subject}. Where the target curve (to-be)")
        assert notes[0].text_frame.paragraphs[1].text.startswith("Moves whose target lies within the industry's")
    else:
        assert subtitle.text_frame.text.startswith(f"{canvas.subject}：目标曲线")
