"""The ranking and diagnosis of a canvas as one plain, JSON-ready document."""

from __future__ import annotations

from typing import Any

from .diagnostics import Diagnosis, diagnose
from .model import Canvas
from .scoring import Ranking, rank

_DIGITS = 4


def report(canvas: Canvas, ranking: Ranking | None = None, diagnosis: Diagnosis | None = None) -> dict[str, Any]:
    """Everything ``positioning rank --json`` prints, as plain data."""
    ranking = ranking or rank(canvas)
    diagnosis = diagnosis or diagnose(canvas, ranking)
    return {
        "title": canvas.title,
        "subject": canvas.subject,
        "weights": _rounded(ranking.weights),
        "factors": [
            {
                "name": f.name,
                "rank": f.rank,
                "score": round(f.score, _DIGITS),
                "scores": _rounded(f.scores),
                "category": f.category,
                "source": f.source,
            }
            for f in ranking.factors
        ],
        "shortlist": list(ranking.shortlist),
        "strategy": ranking.strategy,
        "strategy_reason": ranking.reason,
        "diagnostics": {
            "focus": round(diagnosis.focus, _DIGITS),
            "divergence": _rounded(diagnosis.divergence),
            "closest_rival": diagnosis.closest_rival,
            "alignment": round(diagnosis.alignment, _DIGITS),
            "peaks": list(diagnosis.peaks),
            "verdict": diagnosis.verdict,
            "summary": diagnosis.summary,
        },
        "errc": {action: list(names) for action, names in diagnosis.errc.items()},
    }


def _rounded(values: Any) -> dict[str, float]:
    return {k: round(float(v), _DIGITS) for k, v in values.items()}
