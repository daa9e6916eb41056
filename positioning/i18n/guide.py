"""The reading guide: what each measure means, how it is computed, how to read it, and a worked example.

One source for the ``/help`` page (:mod:`positioning.http.help`), ``docs/guide.md`` (written by
``scripts/guide.py``; a test fails when the committed file differs) and the deck's glossary slide
(:mod:`positioning.output.deck_glossary`). The words are in the gettext catalogues (keys
``guide_<measure>_name``, ``_what``, ``_how``, ``_read``, ``_example`` and ``_short``); the formulas'
constants are filled in from the code that uses them, and every worked example is computed from a
bundled canvas with the product's own functions when it is asked for, so it can never drift from what
the app shows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from positioning.core import diagnostics as dx
from positioning.core.analysis import Analysis, analyse
from positioning.core.loader import load_canvas
from positioning.core.model import CRITERIA
from positioning.core.panel import AGREEMENT_LEVELS, CONTESTED_SPREAD
from positioning.core.robustness import RANK_RANGE, STABLE_SHARE, tornado
from positioning.core.survey import CONFIDENCE
from positioning.i18n.catalogue import t
from positioning.i18n.formatting import fixed, join_names, number, percent
from positioning.i18n.guide_survey import interval_example
from positioning.i18n.wording import (
    criterion_label,
    diagnosis_summary,
    lead_text,
    panel_summary,
    robustness_lines,
    smallest_change_text,
    threshold_lines,
    weights_text,
)

#: The measures in the order the guide explains them, each with its anchor on the page (``/help#focus``).
MEASURES: tuple[tuple[str, str], ...] = (
    ("verdict", "verdict"),
    ("focus", "focus"),
    ("divergence", "divergence"),
    ("alignment", "alignment"),
    ("peaks", "peaks"),
    ("errc", "errc"),
    ("delivery", "delivery"),
    ("importance_interval", "importance-interval"),
    ("best_segment", "best-segment"),
    ("samples", "samples"),
    ("shortlist_probability", "shortlist-probability"),
    ("rank_range", "rank-range"),
    ("smallest_change", "smallest-change"),
    ("thresholds", "thresholds"),
    ("tornado", "tornado"),
    ("kendall_w", "kendall-w"),
    ("spread", "spread"),
)
ANCHORS: Mapping[str, str] = dict(MEASURES)
#: The bundled canvases the worked examples come from: the app's default one, and the one with a panel.
CONFIGS = Path(__file__).resolve().parent.parent.parent / "configs"
MAIN_EXAMPLE = CONFIGS / "southwest_airlines.yaml"
PANEL_EXAMPLE = CONFIGS / "coffee_chain.yaml"
#: The survey of the coffee chain's customers, read onto that canvas for the importance interval's example.
SURVEY_EXAMPLE = CONFIGS / "coffee_chain-survey.csv"
#: Where the page is served.
PATH = "/help"


@dataclass(frozen=True)
class Entry:
    """One measure's entry in a language."""

    key: str
    anchor: str
    name: str
    what: str
    how: str
    read: str
    example: str
    short: str


def help_url(key: str, language: str) -> str:
    """The page's address of ``key``'s section, in ``language`` (English without a query)."""
    query = "" if language == "en" else f"?lang={language}"
    return f"{PATH}{query}#{ANCHORS[key]}"


def entries(language: str) -> tuple[Entry, ...]:
    """Every measure's entry in ``language``, in :data:`MEASURES` order (computed once per language)."""
    return _entries(language)


@functools.lru_cache(maxsize=8)
def _entries(language: str) -> tuple[Entry, ...]:
    main, panel = analyse(load_canvas(MAIN_EXAMPLE)), analyse(load_canvas(PANEL_EXAMPLE))
    constants = _constants(language, main)
    found = []
    for key, anchor in MEASURES:
        if key == "importance_interval":
            example = interval_example(PANEL_EXAMPLE, SURVEY_EXAMPLE, language)
        else:
            example = EXAMPLES[key](panel if key in ("kendall_w", "spread") else main, language)
        found.append(
            Entry(
                key=key,
                anchor=anchor,
                name=t(language, f"guide_{key}_name"),
                what=t(language, f"guide_{key}_what", **constants),
                how=t(language, f"guide_{key}_how", **constants),
                read=t(language, f"guide_{key}_read", **constants),
                example=example,
                short=t(language, f"guide_{key}_short", **constants),
            )
        )
    return tuple(found)


def _constants(language: str, analysis: Analysis) -> dict[str, str]:
    """The thresholds and settings the texts quote, from the code that uses them."""
    settings = analysis.canvas.robustness
    return {
        "focus_min": fixed(dx.FOCUS_MIN, language),
        "divergence_min": fixed(dx.DIVERGENCE_MIN, language),
        "shadow_max": fixed(dx.SHADOW_MAX, language),
        "alignment_min": fixed(dx.ALIGNMENT_MIN, language),
        "peak_margin": percent(dx.PEAK_MARGIN, language),
        "errc_margin": percent(dx.ERRC_MARGIN, language),
        "samples": f"{settings.samples:,}",
        "concentration": number(settings.concentration, language),
        "stable": percent(STABLE_SHARE, language),
        "low_rank": percent(RANK_RANGE[0], language),
        "high_rank": percent(RANK_RANGE[1], language),
        "middle": percent(RANK_RANGE[1] - RANK_RANGE[0], language),
        "step": number(round(settings.step * 100, 1), language),
        "contested": percent(CONTESTED_SPREAD, language),
        "levels": ", ".join(f"{fixed(floor, language, 1)}" for floor, _ in AGREEMENT_LEVELS[:-1]),
        "confidence": percent(CONFIDENCE, language),
        "quantile": number((1 + CONFIDENCE) / 2, language),
    }


# --- the worked examples, each from an analysis of a bundled canvas ----------------------------------


def _said(key: str, analysis: Analysis, language: str, **values: object) -> str:
    return t(language, f"guide_{key}_example", canvas=analysis.canvas.title, **values)


def _trait(trait: int, value: float, floor: float, language: str) -> str:
    held = "guide_trait_holds" if value >= floor else "guide_trait_fails"
    return t(language, held, trait=trait, min=fixed(floor, language))


def _verdict(a: Analysis, language: str) -> str:
    return _said("verdict", a, language, summary=diagnosis_summary(a.diagnosis, language))


def _focus(a: Analysis, language: str) -> str:
    d = a.diagnosis
    std = fixed(d.focus / 2, language, 3)
    trait = _trait(1, d.focus, dx.FOCUS_MIN, language)
    return _said("focus", a, language, subject=d.subject, std=std, focus=fixed(d.focus, language), trait=trait)


def _divergence(a: Analysis, language: str) -> str:
    d = a.diagnosis
    each = join_names((f"{name} {fixed(v, language)}" for name, v in d.divergence.items()), language)
    value = d.rival_divergence
    trait = _trait(2, value, dx.DIVERGENCE_MIN, language)
    return _said(
        "divergence",
        a,
        language,
        subject=d.subject,
        each=each,
        rival=d.closest_rival,
        value=fixed(value, language),
        trait=trait,
    )


def _alignment(a: Analysis, language: str) -> str:
    d = a.diagnosis
    trait = _trait(3, d.alignment, dx.ALIGNMENT_MIN, language)
    basis = t(language, f"guide_basis_{d.alignment_basis}")
    return _said(
        "alignment", a, language, subject=d.subject, basis=basis, alignment=fixed(d.alignment, language), trait=trait
    )


def _peaks(a: Analysis, language: str) -> str:
    d = a.diagnosis
    names = join_names(d.peaks, language) or t(language, "none")
    lead = lead_text(d, d.leads[0], d.leads[0].rival, language)
    return _said("peaks", a, language, subject=d.subject, count=len(d.peaks), names=names, lead=lead)


def _errc(a: Analysis, language: str) -> str:
    d = a.diagnosis
    parts = [
        t(
            language,
            "guide_label_value",
            label=t(language, action),
            value=join_names(d.errc[action], language) or t(language, "none"),
        )
        for action in dx.ERRC_ACTIONS
    ]
    return _said("errc", a, language, grid=t(language, "guide_list_separator").join(parts))


def _delivery(a: Analysis, language: str) -> str:
    d = a.diagnosis
    none = t(language, "none")
    over, under = join_names(d.over_delivery, language) or none, join_names(d.under_delivery, language) or none
    return _said("delivery", a, language, subject=d.subject, over=over, under=under)


def _best_segment(a: Analysis, language: str) -> str:
    d = a.diagnosis
    each = join_names((f"{s.name} {fixed(s.alignment, language)}" for s in d.segments), language)
    return _said(
        "best_segment", a, language, each=each or t(language, "none"), best=d.best_segment or t(language, "none")
    )


def _samples(a: Analysis, language: str) -> str:
    sentence = robustness_lines(a.robustness, language)[0]
    return _said("samples", a, language, weights=weights_text(a.ranking.weights, language), sentence=sentence)


def _shortlist_probability(a: Analysis, language: str) -> str:
    odds = a.robustness.by_name()
    inside = [odds[name] for name in a.ranking.shortlist]
    outside = [odds[f.name] for f in a.ranking.factors if f.name not in a.ranking.shortlist]
    least = min(inside, key=lambda o: o.shortlist_probability)  # the first on a tie, in rank order
    best = max(outside, key=lambda o: o.shortlist_probability)
    return _said(
        "shortlist_probability",
        a,
        language,
        inside=least.name,
        p_in=percent(least.shortlist_probability, language),
        outside=best.name,
        p_out=percent(best.shortlist_probability, language),
    )


def _rank_range(a: Analysis, language: str) -> str:
    odds = a.robustness.by_name()
    widest = max(a.ranking.factors, key=lambda f: odds[f.name].rank_range[1] - odds[f.name].rank_range[0])
    low, high = odds[widest.name].rank_range
    shown = f"{low}" if low == high else f"{low}–{high}"
    return _said("rank_range", a, language, factor=widest.name, range=shown, rank=widest.rank)


def _smallest_change(a: Analysis, language: str) -> str:
    return _said("smallest_change", a, language, sentence=smallest_change_text(a.robustness.smallest_change, language))


def _thresholds(a: Analysis, language: str) -> str:
    return _said("thresholds", a, language, sentence=threshold_lines(a.robustness, language)[0])


def _tornado(a: Analysis, language: str) -> str:
    """The tornado of the factor the Ranking tab opens it on (the shortlist's last), as that tab computes it."""
    canvas, ranking = a.canvas, a.ranking
    chosen = ranking.shortlist[-1]
    w = np.array([ranking.weights[c] for c in CRITERIA])
    row = np.array([[canvas.factor_scores()[canvas.factor_names.index(chosen)].as_dict()[c] for c in CRITERIA]])
    low, high = tornado(row, w, canvas.robustness.step)
    widths = np.abs(high[0] - low[0])
    widest = CRITERIA[int(np.argmax(widths))]
    return _said(
        "tornado",
        a,
        language,
        factor=chosen,
        score=fixed(float(row[0] @ w), language),
        low=fixed(float(min(low.min(), high.min())), language),
        high=fixed(float(max(low.max(), high.max())), language),
        criterion=criterion_label(language, widest),
        step=number(round(canvas.robustness.step * 100, 1), language),
    )


def _kendall_w(a: Analysis, language: str) -> str:
    panel = a.panel
    sentence = panel_summary(panel, language) if panel is not None else t(language, "none")
    return _said("kendall_w", a, language, sentence=sentence)


def _spread(a: Analysis, language: str) -> str:
    panel = a.panel
    if panel is None:
        return t(language, "none")
    factor = max(panel.factors, key=lambda f: f.spread)  # the first on a tie, in rank order
    values = list(factor.composites.values())
    state = t(language, "guide_contested_yes" if factor.contested else "guide_contested_no")
    return _said(
        "spread",
        a,
        language,
        factor=factor.name,
        low=fixed(min(values), language),
        high=fixed(max(values), language),
        spread=percent(factor.spread, language),
        state=state,
    )


EXAMPLES: Mapping[str, Callable[[Analysis, str], str]] = {
    "verdict": _verdict,
    "focus": _focus,
    "divergence": _divergence,
    "alignment": _alignment,
    "peaks": _peaks,
    "errc": _errc,
    "delivery": _delivery,
    "best_segment": _best_segment,
    "samples": _samples,
    "shortlist_probability": _shortlist_probability,
    "rank_range": _rank_range,
    "smallest_change": _smallest_change,
    "thresholds": _thresholds,
    "tornado": _tornado,
    "kendall_w": _kendall_w,
    "spread": _spread,
}


def markdown(language: str = "en") -> str:
    """The guide as Markdown (``docs/guide.md`` is this in English, written by ``scripts/guide.py``)."""
    found = entries(language)
    lines = [
        f"# {t(language, 'guide_title')}",
        "",
        "<!-- Generated by scripts/guide.py from positioning/i18n/guide.py and the catalogues: do not edit. -->",
        "",
        t(language, "guide_intro"),
        f"The app serves the same text at `{PATH}` (`{PATH}?lang=zh` in Chinese).",
        "",
        f"## {t(language, 'guide_contents')}",
        "",
        *(f"{k}. [{e.name}](#{e.anchor})" for k, e in enumerate(found, 1)),
    ]
    for e in found:
        lines += ["", f'<a id="{e.anchor}"></a>', "", f"## {e.name}", ""]
        for label, text in (
            ("guide_what_label", e.what),
            ("guide_how_label", e.how),
            ("guide_read_label", e.read),
            ("guide_example_label", e.example),
        ):
            lines += [f"**{t(language, label)}.** {text}", ""]
        lines.pop()
    return "\n".join(lines) + "\n"
