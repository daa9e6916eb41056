"""The deck's speaker notes: for each slide, what it shows and how to present it, in the deck's language.

Each note is written from the same analysis as its slide, with the sentences the slides and the app
already say where there is one (the verdict, the reason for the strategy, the robustness, the panel's
agreement, a factor's lead over its nearest rival) and the same formatters for every number: a number
in a note is the one on a slide. :func:`notes` gives every note of a canvas at once, by slide kind;
the deck puts each under its slide. No python-pptx here.
"""

from __future__ import annotations

from collections.abc import Mapping

from positioning.core.analysis import Analysis
from positioning.core.diagnostics import Diagnosis, ErrcAction
from positioning.core.model import CRITERIA, Canvas
from positioning.core.scoring import Ranking
from positioning.i18n.formatting import chance
from positioning.i18n.wording import (
    errc_entries,
    figure,
    fixed,
    join_names,
    judged_names,
    lead_text,
    panel_summary,
    robustness_lines,
    strategy_reason,
    t,
    verdict_sentence,
    weights_text,
)
from positioning.output.deck_story import largest_moves, move_text, moves_heading, strongest

#: The kinds of slide a canvas gets, in the deck's order (panel, voice and moves only with their data).
KINDS = (
    "title",
    "summary",
    "picture",
    "chart",
    "ranking",
    "robustness",
    "panel",
    "diagnosis",
    "voice",
    "moves",
    "errc",
)


def notes(analysis: Analysis, language: str) -> Mapping[str, str]:
    """The speaker notes of every slide ``analysis`` gets, by kind (:data:`KINDS`)."""
    canvas, ranking, diagnosis = analysis.canvas, analysis.ranking, analysis.diagnosis
    said = {
        "title": t(
            language,
            "notes_title",
            subject=canvas.subject,
            competitors=join_names(canvas.competitors, language, conjunction=True),
        ),
        "summary": _summary(analysis, language),
        "picture": _picture(diagnosis, language),
        "chart": t(language, "notes_chart", subject=canvas.subject),
        "ranking": _ranking(ranking, language),
        "robustness": _robustness(analysis, language),
        "diagnosis": verdict_sentence(diagnosis, language) + t(language, "notes_diagnosis"),
        "errc": _errc(diagnosis, language),
    }
    if analysis.panel is not None:
        advice = "notes_panel_contested" if analysis.panel.contested else "notes_panel_agreed"
        said["panel"] = panel_summary(analysis.panel, language) + t(language, advice)
    if canvas.importance() is not None:
        said["voice"] = _voice(canvas, diagnosis, language)
    if diagnosis.target is not None:
        said["moves"] = _moves(diagnosis, language)
    return said


def _summary(analysis: Analysis, language: str) -> str:
    ranking, diagnosis = analysis.ranking, analysis.diagnosis
    text = t(
        language,
        "notes_summary",
        verdict=t(language, f"verdict_word_{diagnosis.verdict}"),
        strategy=t(language, ranking.strategy),
        factors=join_names(ranking.shortlist, language, quoted=True, conjunction=True),
    )
    if diagnosis.target is not None:
        text += t(language, "notes_summary_moves", target=t(language, f"verdict_word_{diagnosis.target.verdict}"))
    share = analysis.robustness.same_shortlist
    return text + t(language, "notes_summary_robust", share=share) + t(language, "notes_summary_end")


def _picture(diagnosis: Diagnosis, language: str) -> str:
    if diagnosis.peaks:
        text = t(
            language, "notes_picture_peaks", subject=diagnosis.subject, peaks=join_names(diagnosis.peaks, language)
        )
    else:
        text = t(language, "notes_picture_no_peaks", subject=diagnosis.subject)
    behind = [lead for lead in diagnosis.leads if lead.points < 0]
    if not behind:
        return text + t(language, "notes_picture_no_gap")
    gap = min(behind, key=lambda lead: lead.points)  # the leads are largest first: the first of the largest gaps
    return text + t(language, "notes_picture_gap", lead=lead_text(diagnosis, gap, gap.rival, language))


def _ranking(ranking: Ranking, language: str) -> str:
    return t(
        language,
        "notes_ranking",
        weights=weights_text(ranking.weights, language),
        first=_first(ranking, language),
        reason=strategy_reason(ranking, language),
    )


def _first(ranking: Ranking, language: str) -> str:
    """Who ranks first, with the score: the factors that tie for it, or the one first and the criteria it
    scores highest on (its four criteria alike said as such)."""
    top = ranking.factors[0]
    score = fixed(top.score, language)
    if len(ranking.tied) > 1:
        return t(language, "notes_first_tied", tied=join_names(ranking.tied, language, conjunction=True), score=score)
    each = {top.scores[c] for c in CRITERIA}
    if len(each) == 1:
        return t(language, "notes_first_alike", top=top.name, score=score, each=figure(each.pop(), language))
    return t(language, "notes_first", top=top.name, score=score, strongest=strongest(top, language))


def _robustness(analysis: Analysis, language: str) -> str:
    odds = analysis.robustness.by_name()
    listed = [f.name for f in analysis.ranking.factors if f.shortlisted]
    weakest = min(listed, key=lambda name: odds[name].shortlist_probability)  # the first of the least sure
    first = robustness_lines(analysis.robustness, language)[0]
    least = chance(odds[weakest].shortlist_probability)
    if least == chance(1.0):  # every shortlisted factor reads 100%: none is the least sure
        return first + t(language, "notes_robust_read") + t(language, "notes_robust_all", chance=least)
    return first + t(language, "notes_robust_read") + t(language, "notes_robust_least", factor=weakest, chance=least)


def _voice(canvas: Canvas, diagnosis: Diagnosis, language: str) -> str:
    text = t(language, "notes_voice", subject=canvas.subject)
    if diagnosis.under_delivery:
        names = judged_names(diagnosis, diagnosis.under_delivery, language)
        text += t(language, "notes_voice_under", names=names)
    if diagnosis.over_delivery:
        names = judged_names(diagnosis, diagnosis.over_delivery, language)
        text += t(language, "notes_voice_over", names=names)
    if not diagnosis.under_delivery and not diagnosis.over_delivery:
        text += t(language, "notes_voice_fits")
    best = next((f for f in diagnosis.segments if f.name == diagnosis.best_segment), None)
    if best is not None:
        text += t(language, "voice_best_segment", segment=best.name, alignment=fixed(best.alignment, language))
    return text


def _moves(diagnosis: Diagnosis, language: str) -> str:
    moves = [move_text(name, level, goal, language) for name, level, goal in largest_moves(diagnosis)]
    text = moves_heading(diagnosis, language)
    if moves:
        text += t(language, "notes_moves_largest", moves=join_names(moves, language, conjunction=True))
    return text + t(language, "notes_moves")


def _errc(diagnosis: Diagnosis, language: str) -> str:
    if not any(diagnosis.errc[action] for action in ("raise", "create", "reduce", "eliminate")):
        return t(language, "notes_errc_none", subject=diagnosis.subject)

    def listed(action: ErrcAction) -> str:
        return join_names(errc_entries(diagnosis, action, language), language) or t(language, "none")

    return t(
        language,
        "notes_errc",
        raise_=listed("raise"),
        create=listed("create"),
        reduce=listed("reduce"),
        eliminate=listed("eliminate"),
    )
