"""A scoring panel: validation, the aggregate, each rater's composites, Kendall's W and the contested factors.

The worked example of docs/diagnostics.md is ``tests/data/panel_example.yaml``;
Kendall's W is also checked against scipy's tie-corrected Friedman statistic
(``W = chi2 / (m (n - 1))``).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.stats import friedmanchisquare

from positioning import CanvasError, load_canvas, parse_canvas, rank, report
from positioning.core.model import CRITERIA
from positioning.core.panel import average_ranks, kendall_w, read_panel
from positioning.output.writer import dump_canvas

from .conftest import ROOT

EXAMPLE = ROOT / "tests" / "data" / "panel_example.yaml"


def test_the_documented_example_by_hand() -> None:
    canvas = load_canvas(EXAMPLE)
    # Factors without scores take the raters' mean per criterion.
    assert [f.score for f in rank(canvas).factors] == pytest.approx([29 / 6, 4.0, 7 / 3])
    panel = read_panel(canvas)
    assert panel is not None
    assert panel.raters == ("A", "B", "C")
    # Rank sums 4, 5.5, 8.5 (C ties Y and Z at 2.5); S = 10.5; one tie of 2 in C: T = 6.
    assert panel.agreement == pytest.approx(12 * 10.5 / (9 * 24 - 3 * 6))
    spreads = {f.name: (f.spread, f.contested) for f in panel.factors}
    assert spreads == {"X": (0.125, False), "Y": (0.5, True), "Z": (0.25, True)}
    assert dict(panel.factors[0].composites) == {"A": 5.0, "B": 4.5, "C": 5.0}
    text = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert "W = 126 / 198 = 0.64" in text  # the document shows these numbers


def test_median_aggregate() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("top: 1\n", "top: 1\npanel_aggregate: median\n")
    canvas = parse_canvas(text)
    assert [(f.name, f.score) for f in rank(canvas).factors] == [("X", 5.0), ("Y", 4.0), ("Z", 2.0)]


@pytest.mark.parametrize("seed", range(15))
def test_kendalls_w_is_friedmans_statistic_scaled(seed: int) -> None:
    rng = np.random.default_rng(seed)
    m, n = int(rng.integers(2, 7)), int(rng.integers(3, 9))
    values = rng.integers(1, 5, size=(m, n)).astype(float)  # ties on purpose
    if (values == values[:, :1]).all(axis=1).any():
        values[:, 0] += 0.5  # Friedman's test is undefined when a rater ties everything
    rankings = [average_ranks(list(row)) for row in values]
    chi2 = friedmanchisquare(*(-values).T).statistic
    assert kendall_w(rankings) == pytest.approx(chi2 / (m * (n - 1)))


def test_perfect_and_opposite_agreement() -> None:
    assert kendall_w([[1, 2, 3, 4]] * 5) == 1.0
    assert kendall_w([[1, 2, 3, 4], [4, 3, 2, 1]]) == 0.0
    assert kendall_w([[1.0]]) == 1.0


def test_file_scores_win_and_the_panel_is_shown_beside_them() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "  - name: Z\n", "  - name: Z\n    scores: {attractiveness: 5, unmet_need: 5, capability: 5, barriers: 5}\n"
    )
    canvas = parse_canvas(text)
    assert rank(canvas).shortlist == ("Z",)
    doc = json.loads(json.dumps(report(canvas)))
    assert doc["panel"]["raters"] == ["A", "B", "C"]
    z = next(f for f in doc["panel"]["factors"] if f["name"] == "Z")
    assert z["composites"] == {"A": 2.0, "B": 2.0, "C": 3.0}


def test_json_panel_section_and_none_without_a_panel() -> None:
    doc = json.loads(json.dumps(report(load_canvas(EXAMPLE))))
    assert list(doc["panel"]) == ["raters", "agreement", "factors"]
    assert list(doc["panel"]["factors"][0]) == ["name", "spread", "contested", "composites"]
    assert doc["robustness"]["panel_resampled"] is True
    assert report(load_canvas(ROOT / "configs" / "template.yaml"))["panel"] is None


def test_a_panel_round_trips_through_the_writer() -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("top: 1\n", "top: 1\npanel_aggregate: median\n")
    canvas = parse_canvas(text)
    again = parse_canvas(dump_canvas(canvas))
    assert again == canvas
    assert "scores:" not in dump_canvas(canvas).split("factors:")[1]  # factors keep no scores of their own


def _problems(text: str) -> list[str]:
    with pytest.raises(CanvasError) as caught:
        parse_canvas(text, name="p.yaml")
    return [str(p) for p in caught.value.problems]


def test_validation_names_line_rater_factor_and_criterion() -> None:
    base = EXAMPLE.read_text(encoding="utf-8")
    found = _problems(
        base.replace("  - rater: B", "  - rater: A")
        .replace(
            "      Z: {attractiveness: 3, unmet_need: 3, capability: 3, barriers: 3}", "      Zz: {attractiveness: 3}"
        )
        .replace(
            "      Y: {attractiveness: 4, unmet_need: 4, capability: 4, barriers: 4}",
            "      Y: {attractiveness: 9, unmet_need: 4, capability: 4, barriers: 4}",
        )
    )
    assert "p.yaml:9: panel[0].scores.Y.attractiveness: 9 is outside the score scale 1-5" in found
    assert "p.yaml:11: panel[1].rater: duplicate rater name 'A' (also panel[0]); names must be unique" in found
    assert any(
        p.startswith("p.yaml:20: panel[2].scores.Zz: 'Zz' is not a factor") and "did you mean 'Z'" in p for p in found
    )
    assert (
        "p.yaml:17: panel[2].scores: no scores for 'Z'; a factor without scores of its own needs every rater's" in found
    )


def test_a_factor_without_scores_needs_a_panel() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    no_panel = text[: text.index("panel:")] + text[text.index("factors:") :]
    found = _problems(no_panel)
    assert found[0] == "p.yaml:6: factors[0].scores: no scores; give the four scores, or a panel whose raters score it"


def test_panel_size_is_limited() -> None:
    rater = "  - rater: R{k}\n    scores: {{}}\n"
    text = EXAMPLE.read_text(encoding="utf-8")
    many = text.replace("panel:\n", "panel:\n" + "".join(rater.format(k=k) for k in range(101)))
    assert any("panel" in p and "at most 100" in p for p in _problems(many))


def test_scores_of_every_criterion_are_required_of_a_rater() -> None:
    found = _problems(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "X: {attractiveness: 5, unmet_need: 5, capability: 5, barriers: 5}", "X: {attractiveness: 5}", 1
        )
    )
    assert any(p.startswith("p.yaml:8: panel[0].scores.X.unmet_need") for p in found)
    assert set(CRITERIA) - {"attractiveness"} == {p.split(".")[-1].split(":")[0] for p in found if "scores.X." in p}
