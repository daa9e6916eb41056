"""The ranking and diagnosis of a canvas as reports: one plain, JSON-ready
document (``positioning rank --json``) and a text table (``positioning rank``).

The JSON document carries every number at full precision; its two sentences
(``strategy_reason`` and ``summary``) are in English. The text report rounds
for reading. Both take their words from :mod:`positioning.i18n.wording`.
"""

from __future__ import annotations

from typing import Any

from positioning.core.analysis import analyse
from positioning.core.diagnostics import Diagnosis, Reading
from positioning.core.model import CRITERIA, Canvas
from positioning.core.panel import Panel
from positioning.core.robustness import Crossing, Robustness, Threshold
from positioning.core.scoring import Ranking
from positioning.core.survey import importance_interval
from positioning.i18n.wording import (
    category_label,
    criterion_label,
    diagnosis_summary,
    errc_entries,
    errc_within,
    fixed,
    join_names,
    panel_summary,
    robustness_lines,
    source_label,
    strategy_reason,
    t,
    threshold_lines,
    weights_text,
)

#: The text report is in English, like the rest of the command line.
_LANGUAGE = "en"


def report(
    canvas: Canvas,
    ranking: Ranking | None = None,
    diagnosis: Diagnosis | None = None,
    robustness: Robustness | None = None,
) -> dict[str, Any]:
    """Everything ``positioning rank --json`` prints, as plain data (the parts not given are the
    canvas's :class:`~positioning.core.analysis.Analysis`'s)."""
    analysis = analyse(canvas)
    ranking = ranking or analysis.ranking
    diagnosis = diagnosis or analysis.diagnosis
    robustness = robustness or analysis.robustness
    return {
        "title": canvas.title,
        "subject": canvas.subject,
        "weights": _floats(ranking.weights),
        "factors": [
            {
                "name": f.name,
                "rank": f.rank,
                "score": f.score,
                "scores": _floats(f.scores),
                "category": f.category,
                "source": f.source,
                **_surveyed(canvas, f.name),
            }
            for f in ranking.factors
        ],
        "shortlist": list(ranking.shortlist),
        "strategy": ranking.strategy,
        "strategy_reason": strategy_reason(ranking, _LANGUAGE),
        "diagnostics": _diagnostics(diagnosis),
        "errc": {action: list(names) for action, names in diagnosis.errc.items()},
        "errc_basis": diagnosis.errc_basis,
        "moves": [{"factor": name, "from": old, "to": new} for name, old, new in diagnosis.moves],
        "target_diagnostics": _reading(diagnosis.target) if diagnosis.target else None,
        "segments": [
            {
                "name": fit.name,
                "alignment": fit.alignment,
                "over_delivery": list(fit.over_delivery),
                "under_delivery": list(fit.under_delivery),
            }
            for fit in diagnosis.segments
        ],
        "best_segment": diagnosis.best_segment,
        "shortlist_mix": {kind: dict(counts) for kind, counts in diagnosis.shortlist_mix.items()},
        "robustness": robustness_report(robustness),
        "panel": panel_report(analysis.panel),
    }


def _surveyed(canvas: Canvas, name: str) -> dict[str, Any]:
    """A factor's survey statistics (``importance_n``, ``importance_ci``) when its importance came from a
    survey (``positioning survey``); nothing otherwise, so the report of any other canvas is unchanged."""
    if all(f.importance_n is None for f in canvas.factors):
        return {}
    factor = next(f for f in canvas.factors if f.name == name)
    interval = importance_interval(factor, canvas.scales.score)
    return {
        "importance": factor.importance,
        "importance_n": factor.importance_n,
        "importance_ci": list(interval) if interval else None,
    }


def panel_report(panel: Panel | None) -> dict[str, Any] | None:
    """The ``panel`` section of the JSON report (``None`` without a panel)."""
    if panel is None:
        return None
    return {
        "raters": list(panel.raters),
        "agreement": panel.agreement,
        "factors": [
            {"name": f.name, "spread": f.spread, "contested": f.contested, "composites": _floats(f.composites)}
            for f in panel.factors
        ],
    }


def robustness_report(robustness: Robustness) -> dict[str, Any]:
    """The ``robustness`` section of the JSON report."""
    change = robustness.smallest_change
    return {
        "samples": robustness.samples,
        "samples_requested": robustness.requested,
        "concentration": robustness.concentration,
        "seed": robustness.seed,
        "step": robustness.step,
        "panel_resampled": robustness.panel_resampled,
        "factors": [
            {
                "name": f.name,
                "shortlist_probability": f.shortlist_probability,
                "rank_probability": list(f.rank_probability),
                "rank_range": list(f.rank_range),
            }
            for f in robustness.factors
        ],
        "smallest_change": None
        if change is None
        else {
            "distance": change.distance,
            "weights": _floats(change.weights),
            "enters": change.enters,
            "leaves": change.leaves,
            "just_past": change.just_past,
        },
        "thresholds": [_threshold(th) for th in robustness.thresholds],
        "tornado": [
            {"factor": b.factor, "criterion": b.criterion, "low": b.low, "high": b.high} for b in robustness.tornado
        ],
        "same_shortlist": robustness.same_shortlist,
        "stable": robustness.stable,
    }


def _threshold(threshold: Threshold) -> dict[str, Any]:
    """One criterion's weight moved alone: where the shortlist changes below and above it (null where
    it never does), who enters and leaves at the nearer of the two, and at each side (``low_pair``,
    ``high_pair``: ``{enters, leaves}``, null where that side has no change)."""
    near = threshold.nearest
    return {
        "criterion": threshold.criterion,
        "low": None if threshold.low is None else threshold.low.weight,
        "high": None if threshold.high is None else threshold.high.weight,
        "enters": None if near is None else near.enters,
        "leaves": None if near is None else near.leaves,
        "low_pair": _pair(threshold.low),
        "high_pair": _pair(threshold.high),
    }


def _pair(crossing: Crossing | None) -> dict[str, str] | None:
    return None if crossing is None else {"enters": crossing.enters, "leaves": crossing.leaves}


def _diagnostics(diagnosis: Diagnosis) -> dict[str, Any]:
    return {
        "focus": diagnosis.focus,
        "divergence": _floats(diagnosis.divergence),
        "closest_rival": diagnosis.closest_rival,
        "alignment": diagnosis.alignment,
        "peaks": list(diagnosis.peaks),
        "verdict": diagnosis.verdict,
        "summary": diagnosis_summary(diagnosis, _LANGUAGE),
        "alignment_basis": diagnosis.alignment_basis,
        "over_delivery": list(diagnosis.over_delivery),
        "under_delivery": list(diagnosis.under_delivery),
    }


def _reading(reading: Reading) -> dict[str, Any]:
    """The to-be curve's traits, as ``diagnostics`` gives today's."""
    return {
        "focus": reading.focus,
        "divergence": _floats(reading.divergence),
        "closest_rival": reading.closest_rival,
        "alignment": reading.alignment,
        "peaks": list(reading.peaks),
        "verdict": reading.verdict,
    }


def _floats(values: Any) -> dict[str, float]:
    return {k: float(v) for k, v in values.items()}


# --- the text report -------------------------------------------------------------------


def text_report(canvas: Canvas, ranking: Ranking, diagnosis: Diagnosis, robustness: Robustness | None = None) -> str:
    """The human-readable ranking and diagnosis (English, numbers rounded)."""
    en = _LANGUAGE
    analysis = analyse(canvas)
    robustness = robustness or analysis.robustness
    empty = t(en, "report_empty")
    weights = weights_text(ranking.weights, en)
    divergence = join_names(f"{name} {fixed(value, en)}" for name, value in diagnosis.divergence.items())
    return "\n".join(
        [
            t(en, "report_heading", title=canvas.title, subject=canvas.subject),
            t(en, "report_weights", weights=weights),
            "",
            _ranking_table(ranking),
            "",
            t(en, "report_shortlist", names=join_names(ranking.shortlist)),
            t(en, "report_strategy", strategy=ranking.strategy, reason=strategy_reason(ranking, en)),
            "",
            t(en, "report_verdict", verdict=diagnosis.verdict, summary=diagnosis_summary(diagnosis, en)),
            t(
                en,
                "report_measures",
                focus=fixed(diagnosis.focus, en),
                alignment=fixed(diagnosis.alignment, en),
                peaks=join_names(diagnosis.peaks) or empty,
            ),
            t(en, "report_divergence", divergence=divergence, rival=diagnosis.closest_rival),
            "",
            t(en, "report_errc") + " " + t(en, f"errc_basis_{diagnosis.errc_basis}"),
            *(f"  {a:<9} {join_names(errc_entries(diagnosis, a, en)) or empty}" for a in diagnosis.errc),
            *([f"  {within}"] if (within := errc_within(diagnosis, en)) else []),
            "",
            *_robustness_lines(robustness, analysis.panel),
        ]
    )


def _robustness_lines(robustness: Robustness, panel: Panel | None) -> list[str]:
    en = _LANGUAGE
    likely = [f for f in robustness.factors if f.shortlist_probability >= 0.005]
    odds = join_names(
        t(
            en,
            "report_odds_rank" if f.rank_range[0] == f.rank_range[1] else "report_odds_range",
            name=f.name,
            share=f.shortlist_probability,
            low=f.rank_range[0],
            high=f.rank_range[1],
        )
        for f in likely
    )
    lines = [t(en, "report_robustness"), *("  " + line for line in robustness_lines(robustness, en))]
    if robustness.smallest_change is not None:
        lines += [
            "  " + t(en, "robust_thresholds_heading") + ":",
            *("    " + s for s in threshold_lines(robustness, en)),
        ]
    lines.append(t(en, "report_odds", odds=odds))
    if panel is not None:
        lines += [t(en, "report_panel"), "  " + panel_summary(panel, en)]
    return lines


def _ranking_table(ranking: Ranking) -> str:
    """The factors in rank order as an aligned text table; ``*`` marks the shortlist."""
    import pandas as pd

    en = _LANGUAGE
    rows = [
        {
            t(en, "rank"): f.rank,
            "": "*" if f.shortlisted else "",
            t(en, "factor"): f.name,
            t(en, "score"): f.score,
            **{criterion_label(en, c): f.scores[c] for c in CRITERIA},
            t(en, "category"): category_label(en, f.category),
            t(en, "source"): source_label(en, f.source),
        }
        for f in ranking.factors
    ]
    with pd.option_context("display.unicode.east_asian_width", True, "display.width", 250):
        return pd.DataFrame(rows).to_string(index=False, float_format=lambda v: fixed(v, en))
