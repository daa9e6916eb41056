"""A survey's import in words: its problems as a :class:`~positioning.core.loader.CanvasError` (the row
or cell, the column, the message), and what the import did, line by line, for the command line and
the app's version summary. The reading and the statistics are :mod:`positioning.core.survey`'s.
"""

from __future__ import annotations

from pathlib import PurePath

from positioning.core.loader import CanvasError, Problem
from positioning.core.messages import Message, counted, say
from positioning.core.model import Canvas
from positioning.core.survey import (
    TEXT_SUFFIXES,
    WORKBOOK_SUFFIXES,
    Survey,
    SurveyError,
    SurveyProblem,
    importance_interval,
    read_survey,
)
from positioning.i18n.formatting import figure, percent
from positioning.i18n.wording import problem_at, t, tn

#: The file names a survey may have.
SURVEY_SUFFIXES = (*TEXT_SUFFIXES, *WORKBOOK_SUFFIXES)


def survey_of(data: bytes, source: str, canvas: Canvas, *, scale: int | None = None) -> Survey:
    """The survey in the file ``source`` (its bytes ``data``) of the canvas's factors; its problems as a
    :class:`CanvasError` naming the file, the row (or cell) and the column."""
    suffix = PurePath(source).suffix.lower()
    if suffix not in SURVEY_SUFFIXES:
        raise CanvasError([problem_at(source, None, "", say("survey_wrong_kind"))])
    workbook = suffix in WORKBOOK_SUFFIXES
    try:
        return read_survey(data, source, canvas.factor_names, scale=scale, workbook=workbook)
    except SurveyError as error:
        raise survey_error(error, source) from None


def survey_error(error: SurveyError, source: str) -> CanvasError:
    """The survey's problems as the loader's, so every caller words them as it words a canvas file's."""
    return CanvasError([_problem(p, source) for p in error.problems])


def _problem(found: SurveyProblem, source: str) -> Problem:
    return problem_at(source, found.line, found.column, found.words)


def respondents(n: int, language: str) -> str:
    """``30 respondents``."""
    return tn(language, "survey_respondents", n)


def summary_message(file: str, survey: Survey) -> Message:
    """The version summary of an import: the file and the count of respondents, as data (worded in the
    language the History is read in)."""
    return say("survey_summary", file=file, respondents=counted("survey_respondents", survey.respondents))


def survey_lines(canvas: Canvas, survey: Survey, language: str) -> list[str]:
    """What the import set, line by line: the scale, how importance was mapped, each factor's mean,
    importance, count and interval, and each segment's respondents and share."""
    low, high = canvas.scales.score
    if not survey.inferred:
        scale = t(language, "survey_scale_given", top=survey.scale)
    else:
        scale = t(language, "survey_scale_inferred" if survey.scale == 5 else "survey_scale_inferred_7")
    same = (low, high) == (1.0, float(survey.scale))
    lines = [scale, t(language, "survey_kept" if same else "survey_rescaled", low=figure(low), high=figure(high))]
    answers = {a.name: a for a in survey.factors}
    for f in canvas.factors:
        lines.append(_factor_line(canvas, f.name, answers[f.name].mean, survey.scale, language))
    for g in survey.segments:
        share = percent(g.respondents / survey.respondents, language)
        n = respondents(g.respondents, language)
        lines.append(t(language, "survey_segment_line", segment=g.name, n=n, share=share))
    return lines


def _factor_line(canvas: Canvas, name: str, mean: float, top: int, language: str) -> str:
    factor = next(f for f in canvas.factors if f.name == name)
    interval = importance_interval(factor, canvas.scales.score)
    within = (
        t(language, "survey_interval", low=figure(interval[0], language), high=figure(interval[1], language))
        if interval
        else ""
    )
    return t(
        language,
        "survey_factor_line",
        factor=name,
        mean=figure(mean, language),
        top=top,
        importance=figure(factor.importance, language),
        n=factor.importance_n,
        interval=within,
    )
