"""Asking before an edit takes a factor out of the scoring panel.

A factor the panel scores has no scores of its own: the ranking reads the raters' aggregate. Typing
one of its scores gives it scores of its own (the aggregate, with the score typed), and from then on
the raters' scores of it no longer count, though they stay in the panel. :func:`question` finds such
an edit among a grid's changed cells and words what it will do, for the page to ask first
(a confirm dialog); the edit is applied only once confirmed. Nothing here imports Dash.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from positioning.core.model import CRITERIA
from positioning.i18n.formatting import join_names, number
from positioning.i18n.wording import criterion_label, t
from positioning.ui import edits, inputs


@dataclass(frozen=True)
class Question:
    """What to ask before the edit: the sentence, and the grid's cells put back until it is confirmed."""

    message: str
    revert: Mapping[str, Any]


def question(data: object, cells: object, language: str) -> Question | None:
    """The question to ask before the grid's changed ``cells`` give a panel-scored factor scores of its own;
    None when they do not (the edit goes ahead as any other)."""
    changes = inputs.cell_changes(cells)
    if not isinstance(data, dict) or changes is None or not isinstance(data.get("factors"), list):
        return None
    factors = data["factors"]
    for change in changes:
        criterion = change.column.removeprefix(edits.SCORE_PREFIX)
        if criterion not in CRITERIA or not 0 <= change.row < len(factors) or factors[change.row].get("scores"):
            continue
        name = factors[change.row]["name"]
        aggregate = edits.panel_scores(data, name)
        if aggregate:
            rows = edits.factor_rows(data)
            revert = {"update": [rows[i] for i in sorted({c.row for c in changes}) if 0 <= i < len(rows)]}
            return Question(_asked(data, name, criterion, aggregate[criterion], change.value, language), revert)
    return None


def _asked(data: Mapping[str, Any], name: str, criterion: str, old: float, new: object, language: str) -> str:
    raters = [r["rater"] for r in data.get("panel") or () if name in r.get("scores", {})]
    return t(
        language,
        "panel_score_confirm",
        factor=t(language, "quoted", name=name),
        raters=join_names(raters, language, most=5),
        criterion=criterion_label(language, criterion),
        old=number(old, language, digits=2 if old != round(old) else 0),
        new=number(new, language) if isinstance(new, int | float) else str(new)[:40],
    )
