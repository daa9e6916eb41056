"""A file with far more factors than a canvas holds is refused from the YAML event stream, before its
node tree is composed, with the sentence the model's check gives."""

from __future__ import annotations

import pytest

from positioning import CanvasError, parse_canvas
from positioning.core.loader import MAX_BYTES
from positioning.core.model import MAX_FACTORS
from positioning.core.yaml_events import scan_events
from positioning.i18n.wording import error_text

HEAD = "title: Big\nsubject: A\nplayers: [{name: A}, {name: B}]\nfactors:\n"


def _factor(i: int) -> str:
    scores = "{attractiveness: 3,unmet_need: 2,capability: 4,barriers: 1}"
    return f"- {{name: F{i},scores: {scores},levels: {{A: 5,B: 4}}}}\n"


def _refused(text: str) -> list[str]:
    with pytest.raises(CanvasError) as caught:
        parse_canvas(text, name="big.yaml")
    return [str(p) for p in caught.value.problems]


def test_a_20000_factor_file_is_refused_for_its_count_with_the_models_sentence():
    text = HEAD + "".join(_factor(i) for i in range(20_000))
    assert len(text.encode()) <= MAX_BYTES  # refused for the count, not the size
    assert _refused(text) == [
        "big.yaml:4: factors: has 20,000 factors; a canvas holds at most 1,000: split it into several canvases"
    ]


def test_a_20000_factor_file_whose_last_entry_is_malformed_is_refused_for_the_count_before_composing():
    """Composing (or the old depth pass) would stop at the broken last entry and report it; the count,
    read from the events as they come, decides first."""
    text = HEAD + "".join(_factor(i) for i in range(19_999)) + "- {name: F19999, levels: {A: 5\n"
    with pytest.raises(CanvasError) as caught:
        parse_canvas(text, name="big.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "big.yaml:4: factors: has too many factors; a canvas holds at most 1,000: split it into several canvases"
    ]
    zh = "big.yaml 第 4 行：factors：要素太多；一张画布最多 1,000 个：请拆分成几张画布"
    assert error_text(caught.value, "zh") == zh


def test_a_file_within_the_cap_and_broken_at_its_end_still_reports_the_yaml_error():
    text = HEAD + "".join(_factor(i) for i in range(MAX_FACTORS - 1)) + "- {name: Broken, levels: {A: 5\n"
    (found,) = _refused(text)
    assert found.startswith("big.yaml:") and "factors: has" not in found


def test_only_the_top_level_factors_list_is_counted():
    nested = "style: {notes: [" + ", ".join("x" for _ in range(MAX_FACTORS + 5)) + "]}\n"
    nodes, refusal = scan_events(nested + "factors: [a, b]\n", yaml_loader())
    # the root; style, {}; notes, []; the x's; factors, []; a, b
    assert refusal is None and nodes == 1 + 2 + 2 + (MAX_FACTORS + 5) + 2 + 2


def test_the_event_count_of_nodes_counts_an_anchored_node_once():
    nodes, refusal = scan_events("a: &x {b: 1}\nc: *x\nd: [*x, *x]\n", yaml_loader())
    assert (nodes, refusal) == (1 + 2 + 2 + 1 + 1 + 1, None)  # root; a, {b: 1}; b, 1; c; d, [...]


def yaml_loader():
    from positioning.core.loader import _Loader

    return _Loader
