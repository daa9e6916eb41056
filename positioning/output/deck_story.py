"""The deck's executive summary as data: the story of one analysis in the deck's language.

:func:`story` turns an :class:`~positioning.core.analysis.Analysis` into the lines of the summary slide
that follows each canvas's title: the verdict in one sentence, the recommended differentiation and why,
the shortlist with each factor's shortlist chance and the criteria it scores highest on, the largest
moves of the target curve (with targets) and how robust the choice is. Every sentence is one the other
slides and the app already say (:mod:`positioning.i18n.wording`), every number written by the same
formatter, so the summary never says a number the slide behind it says otherwise. Without targets it
has no moves; without a robustness analysis no chances and no robustness: it says less, never
something else. No python-pptx here: the deck (:mod:`positioning.output.deck`) draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

from positioning.core.analysis import Analysis
from positioning.core.diagnostics import Diagnosis
from positioning.core.model import CRITERIA
from positioning.core.robustness import Robustness
from positioning.core.scoring import RankedFactor, Ranking
from positioning.i18n.formatting import chance
from positioning.i18n.wording import (
    criterion_label,
    figure,
    fixed,
    join_names,
    judged_names,
    robustness_lines,
    strategy_reason,
    t,
    uncertain_call_text,
    verdict_sentence,
)

#: Shortlisted factors the summary's table lists (a longer shortlist is counted under it), and moves it names.
SHORTLIST_ROWS, MOVES = 6, 3
#: Under-delivered factors the summary names (more are counted).
UNDER_NAMED = 4


@dataclass(frozen=True)
class StoryFactor:
    """One shortlisted factor on the summary: its name, score, shortlist chance ("" without a robustness
    analysis) and the criteria it scores highest on, each with its score."""

    name: str
    score: str
    chance: str
    strongest: str


@dataclass(frozen=True)
class Story:
    """The summary slide's lines; ``moves`` and ``robustness`` are empty when the canvas has no targets,
    or no robustness analysis was made."""

    verdict: str
    #: What the verdict must not be read without: the under-delivery, a shortlist that only copies the industry.
    caveats: str
    recommendation: str
    reason: str
    shortlist: tuple[StoryFactor, ...]
    #: Shortlisted factors beyond :data:`SHORTLIST_ROWS`.
    more: int
    #: How many factors the subject moves on, and today's and the target's verdicts ("" without targets).
    moves_heading: str
    moves: tuple[str, ...]
    robustness: str


def story(analysis: Analysis, language: str) -> Story:
    """The executive summary of ``analysis`` in ``language``."""
    return story_of(analysis.ranking, analysis.diagnosis, analysis.robustness, language)


def story_of(ranking: Ranking, diagnosis: Diagnosis, robustness: Robustness | None, language: str) -> Story:
    """The executive summary from its parts; ``robustness`` None leaves out the chances and how robust it is."""
    odds = robustness.by_name() if robustness is not None else {}
    listed = [f for f in ranking.factors if f.shortlisted]
    rows = tuple(
        StoryFactor(
            name=f.name,
            score=fixed(f.score, language),
            chance=chance(odds[f.name].shortlist_probability) if f.name in odds else "",
            strongest=strongest(f, language),
        )
        for f in listed[:SHORTLIST_ROWS]
    )
    names = join_names(ranking.shortlist, language, quoted=True, conjunction=True)
    return Story(
        verdict=verdict_sentence(diagnosis, language),
        caveats=caveats(diagnosis, language),
        recommendation=t(language, "story_recommendation", strategy=t(language, ranking.strategy), factors=names),
        reason=strategy_reason(ranking, language),
        shortlist=rows,
        more=max(len(listed) - SHORTLIST_ROWS, 0),
        moves_heading=moves_heading(diagnosis, language),
        moves=tuple(move_text(name, level, goal, language) for name, level, goal in largest_moves(diagnosis)),
        robustness=" ".join(robustness_lines(robustness, language)[:2]) if robustness is not None else "",
    )


def caveats(diagnosis: Diagnosis, language: str) -> str:
    """The diagnosis's sentences of where the subject under-delivers (with the caveat of each call it names
    that a survey's interval leaves uncertain, as the customer's voice slide says it) and of a shortlist
    that only copies the industry, as its summary says them ("" when neither holds)."""
    text = ""
    if diagnosis.under_delivery:
        under = diagnosis.under_delivery
        text += t(language, "voice_under", names=judged_names(diagnosis, under, language, most=UNDER_NAMED))
        named = under[:UNDER_NAMED]
        text += "".join(
            uncertain_call_text(call, language)
            for call in diagnosis.uncertain
            if call.call == "under" and call.factor in named
        )
    if diagnosis.copies_industry:
        text += t(language, "voice_copies")
    return text.strip()


def strongest(factor: RankedFactor, language: str) -> str:
    """The criteria ``factor`` scores highest on, each with its score as the ranking's table shows it
    ("Market attractiveness 5, Unmet need 5")."""
    top = max(factor.scores[c] for c in CRITERIA)
    if all(factor.scores[c] == top for c in CRITERIA):
        return t(language, "story_all_criteria", score=figure(top, language))
    return join_names(
        (
            f"{criterion_label(language, c)} {figure(factor.scores[c], language)}"
            for c in CRITERIA
            if factor.scores[c] == top
        ),
        language,
    )


def largest_moves(diagnosis: Diagnosis, most: int = MOVES) -> list[tuple[str, float, float]]:
    """The ``most`` moves of the target curve that move the furthest (the earlier in the file on a tie),
    largest first: (factor, today's level, target)."""
    order = sorted(range(len(diagnosis.moves)), key=lambda k: (-abs(diagnosis.moves[k][2] - diagnosis.moves[k][1]), k))
    return [diagnosis.moves[k] for k in order[:most]]


def move_text(name: str, level: float, goal: float, language: str) -> str:
    """One move in words, its levels as the moves slide writes them: "Raise Speed from 7 to 9"."""
    key = "story_move_up" if goal > level else "story_move_down"
    return t(language, key, factor=name, level=figure(level, language), target=figure(goal, language))


def moves_heading(diagnosis: Diagnosis, language: str) -> str:
    """How many factors the subject moves on, today's verdict and the target's: the moves slide's subtitle
    ("" without targets)."""
    target = diagnosis.target
    if target is None:
        return ""
    words = {k: t(language, f"verdict_word_{r.verdict}") for k, r in (("today", diagnosis), ("target", target))}
    return t(language, "deck_moves_subtitle", subject=diagnosis.subject, n=len(diagnosis.moves), **words)
