"""The reading guide's worked example of the importance interval (:mod:`positioning.i18n.guide`): a bundled
canvas with its bundled survey read onto it as ``positioning survey`` reads it, the interval of the first
factor whose over- or under-delivery call it makes uncertain worked out step by step, the diagnosis's own
sentence, and a call whose interval stays within its third."""

from __future__ import annotations

import functools
import math
from pathlib import Path

from positioning.core.analysis import Analysis, analyse
from positioning.core.loader import load_canvas
from positioning.core.survey import CONFIDENCE, Survey, importance_interval, t_quantile, with_survey
from positioning.i18n.catalogue import t
from positioning.i18n.formatting import figure, fixed
from positioning.i18n.surveys import respondents, survey_of
from positioning.i18n.wording import uncertain_calls_text

#: Decimals of the worked computation's steps (so that adding them up by hand gives the interval shown).
STEP_DIGITS = 3


@functools.lru_cache(maxsize=2)
def surveyed(canvas_path: Path, survey_path: Path) -> tuple[Analysis, Survey]:
    """The canvas at ``canvas_path`` with the importance of the survey at ``survey_path`` (its scale
    inferred, as the command's default), analysed; and the survey read."""
    canvas = load_canvas(canvas_path)
    survey = survey_of(survey_path.read_bytes(), survey_path.name, canvas)
    return analyse(with_survey(canvas, survey)), survey


def interval_example(canvas_path: Path, survey_path: Path, language: str) -> str:
    """The worked example in ``language``: how the interval of the first uncertain call's factor (else
    of the first surveyed factor) comes about, what the diagnosis says, and a call that stands."""
    analysis, survey = surveyed(canvas_path, survey_path)
    canvas, diagnosis = analysis.canvas, analysis.diagnosis
    score = canvas.scales.score
    uncertain = [call.factor for call in diagnosis.uncertain]
    intervals = {f.name: importance_interval(f, score) for f in canvas.factors}
    name = next(iter(uncertain), next(n for n, i in intervals.items() if i is not None))
    factor = next(f for f in canvas.factors if f.name == name)
    answers = next(a for a in survey.factors if a.name == name)
    low, high = intervals[name] or (0.0, 0.0)
    n, sd, importance = factor.importance_n or 0, factor.importance_sd or 0.0, factor.importance or 0.0
    quantile = t_quantile((1 + CONFIDENCE) / 2, n - 1)

    def step(value: float) -> str:
        return fixed(value, language, STEP_DIGITS)

    text = t(
        language,
        "guide_importance_interval_example",
        canvas=canvas.title,
        file=survey_path.name,
        respondents=respondents(survey.respondents, language),
        top=survey.scale,
        factor=name,
        n=n,
        mean=step(answers.mean),
        score_low=figure(score[0], language),
        score_high=figure(score[1], language),
        importance=step(importance),
        sd=step(sd),
        df=n - 1,
        t=step(quantile),
        half=step(quantile * sd / math.sqrt(n)),
        low=figure(low, language),
        high=figure(high, language),
    )
    said = uncertain_calls_text(diagnosis, language).strip()
    if said:
        text += t(language, "guide_importance_interval_said", sentence=said)
    return text + _standing(analysis, set(uncertain), language)


def _standing(analysis: Analysis, uncertain: set[str], language: str) -> str:
    """The first over- (else under-) delivery call whose interval stays within its third, in words."""
    canvas, diagnosis = analysis.canvas, analysis.diagnosis
    low, high = canvas.scales.score
    third = (high - low) / 3
    factors = {f.name: f for f in canvas.factors}
    calls = [("over", n, low + third) for n in diagnosis.over_delivery]
    calls += [("under", n, high - third) for n in diagnosis.under_delivery]
    for call, name, edge in calls:
        interval = importance_interval(factors[name], (low, high))
        if name not in uncertain and interval is not None:
            return t(
                language,
                f"guide_importance_interval_stands_{call}",
                factor=name,
                low=figure(interval[0], language),
                high=figure(interval[1], language),
                edge=figure(edge, language),
            )
    return ""
