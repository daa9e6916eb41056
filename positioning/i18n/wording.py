"""The sentences the user reads, built from the catalogues' messages.

The words are in the gettext catalogues (:mod:`positioning.i18n.catalogue`: one
``.po`` per language in positioning/i18n/locale, worded with :func:`t` and, for
plural forms, :func:`tn`); numbers, lists and times are written the language's way
(:mod:`positioning.i18n.formatting`). This module builds sentences from them: the
app, the chart, the deck, the workbook export, the JSON report's sentences and the
CLI's table all take their words from here. The core
(:mod:`~positioning.core.scoring`, :mod:`~positioning.core.diagnostics`) returns
numbers, names and codes; the sentences that explain them are built here.

Names inside canvases are never translated: they show as written. The problems
with a canvas file, a workbook or an edit (the loader's, the spreadsheet import's,
the CLI's) are worded here too, in every language; the core's English of them
(positioning/core/messages.py) is the file format's contract and never changes.
The English of the model's cross-field rules is the model's own
(:data:`~positioning.core.model.ISSUES`: the models speak it to callers of
``Canvas.model_validate``, and cannot import this module); :func:`issue_text`
words those in every language.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from positioning.core.changes import Change
from positioning.core.diagnostics import ERRC_MARGIN, Diagnosis, ErrcAction, Lead
from positioning.core.loader import CanvasError, Problem, locate
from positioning.core.messages import Message, Names, render
from positioning.core.model import CRITERIA, Issue
from positioning.core.panel import Panel, PanelFactor, agreement_level
from positioning.core.robustness import Crossing, Robustness, Threshold, WeightChange
from positioning.core.scoring import DOMINANCE_GAP, Ranking
from positioning.core.survey import UncertainCall
from positioning.i18n.catalogue import (
    DEFAULT_LANGUAGE,
    HTML_LANG,
    LANGUAGES,
    check_language,
    format_size,
    language,
    t,
    tn,
    translations,
)
from positioning.i18n.formatting import (
    MEASURE_DIGITS,
    figure,
    fixed,
    join_names,
    number,
    percent,
    percents,
    rounded,
    whole_percents,
)
from positioning.i18n.phrases import PLOTLY

__all__ = [  # the catalogue's and the formatting's names most callers take from here
    "DEFAULT_LANGUAGE",
    "HTML_LANG",
    "LANGUAGES",
    "check_language",
    "figure",
    "fixed",
    "join_names",
    "percents",
    "t",
    "tn",
]


def yaml_words(language: str, phrase: str) -> str:
    """A phrase of PyYAML's syntax errors in ``language``; as PyYAML wrote it when there are no words for it."""
    return translations(language).pgettext("yaml", phrase)


def issue_text(issue: Issue, language: str = DEFAULT_LANGUAGE) -> str:
    """A problem the model's rules found, in ``language`` (``str(issue)`` is its English).

    >>> from positioning.core.model import issue
    >>> issue_text(issue("no_level", names=("Us", "Car")), "zh")
    '缺少“Us”、“Car”的水平；每个参与者须恰好有一个水平'
    """
    values = {name: _issue_value(name, value, language) for name, value in issue.values.items()}
    return t(language, f"issue_{issue.key}", **values)


def _issue_value(name: str, value: object, language: str) -> str:
    if name == "hint":
        return t(language, "did_you_mean", name=value) if value else ""
    if name == "what":
        return t(language, f"issue_what_{value}")
    if name == "names" and isinstance(value, tuple):
        return join_names(value, language, quoted=True, most=6)
    if name == "scale" and isinstance(value, tuple):
        return "-".join(number(end, language) for end in value)
    return number(value, language)


def plotly_locale(code: str) -> dict[str, object]:
    """The ``locale`` and ``locales`` of a plotly.js chart's config, so its toolbar speaks ``code``'s
    language (plotly.js's own English where the catalogue has no words for a phrase)."""
    words = translations(code)
    dictionary = {p: words.pgettext("plotly", p) for p in PLOTLY}
    dictionary = {p: said for p, said in dictionary.items() if said != p}
    if not dictionary:
        return {"locale": "en"}
    tag = language(code).tag
    return {"locale": tag, "locales": {tag: {"dictionary": dictionary}}}


def language_of(text: str) -> str:
    """The language a text is written in, as far as the wording can tell:
    ``"zh"`` when it holds a wide (CJK) character, else ``"en"``.

    >>> language_of("城市出行"), language_of("Air travel")
    ('zh', 'en')
    """
    wide = any(unicodedata.east_asian_width(c) in ("W", "F") for c in text)
    return "zh" if wide else DEFAULT_LANGUAGE


class _Catalogue:
    """The words of one language, as :func:`positioning.core.messages.render` asks for them."""

    def __init__(self, language: str) -> None:
        self.language = language  # the Catalogue protocol's attribute

    def template(self, key: str) -> str:
        return t(self.language, key)

    def plural(self, key: str, n: int) -> str:
        return translations(self.language).ngettext(key, key, n)

    def listing(self, listed: Names) -> str:
        return join_names(
            listed.names, self.language, quoted=listed.quoted, conjunction=listed.conjunction, most=listed.most
        )

    def issue(self, issue: Issue) -> str:
        return issue_text(issue, self.language)

    def phrase(self, text: str) -> str:
        return yaml_words(self.language, text)

    def size(self, n_bytes: int) -> str:
        return format_size(n_bytes, self.language)


def words(message: Message, language: str = DEFAULT_LANGUAGE) -> str:
    """A message of the core (:class:`~positioning.core.messages.Message`) in ``language``.

    >>> from positioning.core.messages import say
    >>> words(say("load_too_few", need=2, what=say("load_count_player"), found=1), "zh")
    '至少需要 2 个参与者，现有 1 个'
    """
    return render(message, _Catalogue(language))


def problem_at(source: str, line: int | str | None, path: str, message: Message) -> Problem:
    """A problem with a canvas file whose message is ``message`` (any key of the wording)."""
    return Problem.worded(source, line, path, message, _Catalogue(DEFAULT_LANGUAGE))


def problem_text(found: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    """The message of a problem in ``language`` (English when it has no words in it)."""
    return words(found.words, language) if found.words is not None else found.message


def located(found: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    """The whole problem on one line in ``language``: where, the field (a named item by its name), the message.

    >>> from positioning.core.loader import Owner
    >>> from positioning.core.messages import say
    >>> located(Problem.worded("c.yaml", 12, "top", say("load_missing")), "zh")
    'c.yaml 第 12 行：top：是必填项，但没有给出'
    >>> advisor = Owner("factors", "Personal advisor", "scores")
    >>> located(Problem.worded("c.yaml", 30, "factors[1].scores", say("load_missing"), owner=advisor))
    "c.yaml:30: factor 'Personal advisor', scores: is required but missing"
    """
    placed = replace(found, path=place_text(found, language)) if found.owner else found
    return locate(placed, _Catalogue(language), problem_text(found, language))


def place_text(found: Problem, language: str = DEFAULT_LANGUAGE) -> str:
    """Where in the file a problem is: the item its path points into by name, then the field inside it
    ("factor 'Personal advisor', scores.capability"); the path itself when the item has no name."""
    owner = found.owner
    if owner is None:
        return found.path
    item = t(language, f"place_{owner.kind}", name=t(language, "quoted", name=owner.name))
    return t(language, "place_in", owner=item, field=owner.rest) if owner.rest else item


class _Refused(Protocol):
    @property
    def problems(self) -> Sequence[Problem]: ...


def error_text(error: CanvasError | _Refused, language: str = DEFAULT_LANGUAGE) -> str:
    """Every problem of ``error`` on a line of its own, in ``language`` (``str(error)`` is the English)."""
    return "\n".join(located(found, language) for found in error.problems)


def every(message: Message | Callable[[str], str]) -> dict[str, str]:
    """A message (or ``message(code)``) in every language: words said in all languages at once (a
    message the page shows in its own language, and in the other after a switch)."""
    if isinstance(message, Message):
        return {code: words(message, code) for code in LANGUAGES}
    return {code: message(code) for code in LANGUAGES}


def criterion_label(language: str, criterion: str) -> str:
    """The one label of a criterion: ``"Capability"``, ``"自身能力"``."""
    return t(language, criterion)


#: The factor fields a table of factors has a column for, and the wording key of each column's label.
_FIELD_LABELS = {
    "name": ("factor", "name"),
    **{field: (field,) for field in ("category", "source", "note", "importance", "target", "better")},
}


def field_labels() -> dict[str, tuple[str, ...]]:
    """Every label the product gives a factor's field or criterion, in every language, by field: the
    headers a table of factors may carry (``"attractiveness": ("Market attractiveness", "市场吸引力")``).

    >>> field_labels()["attractiveness"][0], field_labels()["name"][:2]
    ('Market attractiveness', ('Factor', 'Name'))
    """
    labels = {**_FIELD_LABELS, **{c: (c,) for c in CRITERIA}}
    return {
        field: tuple(dict.fromkeys(t(code, key) for code in LANGUAGES for key in keys))
        for field, keys in labels.items()
    }


def category_label(language: str, category: str | None) -> str:
    """The label of a factor's category (``""`` when it has none)."""
    return t(language, f"category_{category}") if category else ""


def source_label(language: str, source: str | None) -> str:
    """The label of where a factor was found (``""`` when unset)."""
    return t(language, f"source_{source}") if source else ""


def change_text(change: Change, language: str = DEFAULT_LANGUAGE) -> str:
    """One change in words: ``"Price: Southwest level 2 -> 3"``."""
    return t(
        language,
        f"change_{change.kind}",
        owner=change.owner,
        field=_change_field(change, language),
        old=_change_value(change, change.old, language),
        new=_change_value(change, change.new, language),
    )


def changes_summary(changes: Sequence[Change], language: str = DEFAULT_LANGUAGE, limit: int = 300) -> str:
    """The first change and how many more: a version's one-line summary."""
    if not changes:
        return t(language, "change_none")
    more = len(changes) - 1
    tail = tn(language, "change_more", more) if more else ""
    return (change_text(changes[0], language) + tail)[:limit]


def _change_field(change: Change, language: str) -> str:
    if change.kind.startswith("annotation_"):  # the player the note is on, if any
        return t(language, "change_annotation_player", player=change.field) if change.field else ""
    if change.kind in ("weight", "score"):
        return criterion_label(language, change.field)
    if change.kind in ("scale", "style"):
        return t(language, f"{change.kind}_{change.field}")
    return change.field


def _change_value(change: Change, value: object, language: str) -> str:
    if change.kind == "style" and change.field == "background":
        return t(language, f"background_{value or 'white'}")
    if value is None or value == "" or value == ():
        key = "change_automatic" if change.kind in ("player_color", "style") else "change_unset"
        return t(language, key)
    if change.kind == "category":
        return category_label(language, str(value))
    if change.kind == "source":
        return source_label(language, str(value))
    if change.kind == "better":
        return t(language, f"better_{value}")
    if isinstance(value, list | tuple):
        joiner = "-" if change.kind == "scale" else ", "
        return joiner.join(number(v, language) for v in value)
    return figure(value, language) if change.kind in _FIGURES else number(value, language)


#: Changes whose values are scores, levels or importances: shown as every figure is (at most two decimals).
_FIGURES = frozenset(
    ("level", "score", "importance", "target", "segment_importance", "panel_composite", "own_composite")
)


def weights_text(weights: Mapping[str, float], language: str = DEFAULT_LANGUAGE) -> str:
    """``Market attractiveness 40%, Unmet need 20%, ...``: shares shown together, so they add up to 100%
    (:func:`weight_shares`)."""
    shown = weight_shares(weights)
    named = (f"{criterion_label(language, c)} {percent(n / 100, language)}" for c, n in shown.items())
    return join_names(named, language)


def strategy_reason(ranking: Ranking, language: str = DEFAULT_LANGUAGE) -> str:
    """Why the ranking recommends its strategy, in one or two sentences; a lead that reads 0.00 is not
    said to be one."""
    factors = ranking.factors
    reason: str = ranking.reason
    if reason == "close" and rounded(ranking.lead, MEASURE_DIGITS).is_zero():
        reason = "level"
    return t(
        language,
        f"reason_{reason}",
        top=t(language, "quoted", name=factors[0].name),
        second=t(language, "quoted", name=factors[min(1, len(factors) - 1)].name),
        tied=join_names(ranking.tied, language, quoted=True, conjunction=True),
        gap=fixed(ranking.lead, language),
        share=ranking.lead_share,
        score=fixed(factors[0].score, language),
        limit=DOMINANCE_GAP,
    )


def diagnosis_summary(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE, hidden: Collection[str] = ()) -> str:
    """The verdict and one plain sentence per trait, naming the peaks and the closest rival (said to be
    hidden when it is one of the competitors ``hidden`` on the chart beside it)."""
    return verdict_sentence(diagnosis, language, hidden) + _voice(diagnosis, language)


def verdict_sentence(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE, hidden: Collection[str] = ()) -> str:
    """The verdict in one sentence, its three traits after it: the first sentence of :func:`diagnosis_summary`."""
    rival = diagnosis.closest_rival
    values = {
        "subject": diagnosis.subject,
        "focus": fixed(diagnosis.focus, language),
        "rival": t(language, "rival_hidden", name=rival) if rival in hidden else rival,
        "divergence": fixed(diagnosis.rival_divergence, language),
        "alignment": fixed(diagnosis.alignment, language),
        "peaks": join_names(diagnosis.peaks, language, most=3),
    }
    suffix = "_importance" if diagnosis.alignment_basis == "importance" and diagnosis.placement != "no_peaks" else ""
    codes = (*diagnosis.findings[:2], diagnosis.findings[2] + suffix)
    findings = (t(language, f"finding_{code}", **values) for code in codes)
    body = t(language, "summary_separator").join(findings)
    return t(language, f"summary_{diagnosis.verdict}") + body + t(language, "summary_end")


def target_measures(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE) -> list[tuple[str, str, str]]:
    """(measure, today's curve, the target curve) rows, for a canvas with targets; none without."""
    target = diagnosis.target
    if target is None:
        return []
    return [
        (t(language, "verdict"), t(language, diagnosis.verdict), t(language, target.verdict)),
        (t(language, "focus"), fixed(diagnosis.focus, language), fixed(target.focus, language)),
        (
            t(language, "closest_divergence"),
            t(language, "with_aside", text=fixed(diagnosis.rival_divergence, language), aside=diagnosis.closest_rival),
            t(
                language,
                "with_aside",
                text=fixed(target.divergence[target.closest_rival], language),
                aside=target.closest_rival,
            ),
        ),
        (t(language, "alignment"), fixed(diagnosis.alignment, language), fixed(target.alignment, language)),
        (
            t(language, "peaks"),
            join_names(diagnosis.peaks, language, most=3) or "—",
            join_names(target.peaks, language, most=3) or "—",
        ),
    ]


def move_rows(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE) -> list[tuple[str, str, str]]:
    """(factor, today's level, the target with an arrow up or down) for every move."""
    return [
        (name, figure(level, language), f"{figure(goal, language)} {'▲' if goal > level else '▼'}")
        for name, level, goal in diagnosis.moves
    ]


def errc_entries(diagnosis: Diagnosis, action: ErrcAction, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The factors under ``action`` as the ERRC grid lists them: read from the target curve, each with
    today's level and its target beside it ("Mobile app (4 → 7)", "Brand trust (6, no move)"); read
    from today's curve, the names."""
    places = {p.factor: p for p in diagnosis.places} if diagnosis.errc_basis == "target" else {}
    entries = []
    for name in diagnosis.errc[action]:
        p, shown = places.get(name), judged(diagnosis, name, language)  # "Account fees (lower is better)"
        if p is None:
            entries.append(shown)
        elif p.moves:
            level, target = figure(p.level, language), figure(p.target, language)
            entries.append(t(language, "errc_move", factor=shown, level=level, target=target))
        else:
            entries.append(t(language, "errc_no_move", factor=shown, level=figure(p.level, language)))
    return entries


def errc_within(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE) -> str:
    """The moves whose target lies within the industry's range, so the grid keeps them at the industry level
    ("" when there are none)."""
    within = diagnosis.moves_within_industry
    if not within:
        return ""
    moves = (
        t(
            language,
            "errc_within_move",
            factor=p.factor,
            level=figure(p.level, language),
            target=figure(p.target, language),
            low=figure(p.industry[0], language),
            high=figure(p.industry[1], language),
        )
        for p in within
    )
    return t(language, "errc_within", margin=ERRC_MARGIN, moves=join_names(moves, language, conjunction=True))


def judged(diagnosis: Diagnosis, name: str, language: str = DEFAULT_LANGUAGE) -> str:
    """A factor's name where over- or under-delivery is judged, marked when a lower level is better:
    "Account fees (lower is better)"."""
    return t(language, "lower_is_better", factor=name) if name in diagnosis.lower_better else name


def judged_names(
    diagnosis: Diagnosis, names: Sequence[str], language: str = DEFAULT_LANGUAGE, most: int | None = None
) -> str:
    """Names of over- or under-delivered factors as one list, each marked by :func:`judged`."""
    return join_names((judged(diagnosis, n, language) for n in names), language, most=most)


def alignment_hint(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE) -> str:
    """What alignment measures, by what it weighs the lead with: the customers' importance or the rank."""
    return t(language, "alignment_hint_importance" if diagnosis.alignment_basis == "importance" else "alignment_hint")


def _voice(diagnosis: Diagnosis, language: str) -> str:
    """What the customer's voice, the targets and step 1 add to the summary (nothing without them)."""
    text = ""
    if diagnosis.over_delivery:
        text += t(language, "voice_over", names=judged_names(diagnosis, diagnosis.over_delivery, language, most=4))
    if diagnosis.under_delivery:
        text += t(language, "voice_under", names=judged_names(diagnosis, diagnosis.under_delivery, language, most=4))
    text += uncertain_calls_text(diagnosis, language)
    best = next((f for f in diagnosis.segments if f.name == diagnosis.best_segment), None)
    if best is not None:
        text += t(language, "voice_best_segment", segment=best.name, alignment=fixed(best.alignment, language))
    if diagnosis.target is not None:
        target = diagnosis.target
        words = t(language, f"verdict_word_{target.verdict}")
        text += t(
            language,
            "voice_target",
            verdict=words,
            focus=fixed(target.focus, language),
            alignment=fixed(target.alignment, language),
        )
    if diagnosis.copies_industry:
        text += t(language, "voice_copies")
    return text


def uncertain_calls_text(diagnosis: Diagnosis, language: str = DEFAULT_LANGUAGE) -> str:
    """A sentence per over- or under-delivery call that rests on a survey's importance whose 95% interval
    reaches into another third of the scale (nothing without one)."""
    return "".join(uncertain_call_text(call, language) for call in diagnosis.uncertain)


def uncertain_call_text(call: UncertainCall, language: str = DEFAULT_LANGUAGE) -> str:
    """The sentence of one call :func:`uncertain_calls_text` says."""
    low, high = figure(call.low, language), figure(call.high, language)
    return t(language, f"voice_uncertain_{call.call}", factor=call.factor, low=low, high=high)


def robustness_summary(robustness: Robustness, language: str = DEFAULT_LANGUAGE) -> str:
    """How often the shortlist holds under sampled weights, and the smallest change that breaks it
    (:func:`robustness_lines` as one paragraph)."""
    return " ".join(robustness_lines(robustness, language))


def robustness_lines(robustness: Robustness, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """How often the shortlist holds under sampled weights; then the change that breaks it, led by the
    nearest single-criterion threshold, the exact change of all weights at once after it."""
    stability = t(language, "robust_stable" if robustness.stable else "robust_unstable")
    text = t(
        language, "robust_summary", share=robustness.same_shortlist, samples=robustness.samples, stability=stability
    )
    if robustness.panel_resampled:
        text += t(language, "robust_panel")
    if robustness.requested > robustness.samples:
        text += t(language, "robust_cut", requested=robustness.requested)
    change, nearest = robustness.smallest_change, robustness.nearest_threshold
    if change is None or _knife_edge(change) or nearest is None:
        return [text, smallest_change_text(change, language)]
    th, crossing = nearest
    now = _threshold_shares(robustness)[th.criterion]
    return [text, threshold_text(th, crossing, now, language), smallest_change_text(change, language)]


def weight_shares(weights: Mapping[str, float]) -> dict[str, int]:
    """The current weights as every sentence shows them: whole percentages adding up to 100
    (:func:`~positioning.i18n.formatting.whole_percents`), one computation for the weights line, the
    thresholds' "now" and the smallest change's "from"."""
    return dict(zip(weights, whole_percents(list(weights.values())), strict=True))


def _threshold_shares(robustness: Robustness) -> dict[str, int]:
    return weight_shares({th.criterion: th.weight for th in robustness.thresholds})


def threshold_text(threshold: Threshold, crossing: Crossing, now: int, language: str = DEFAULT_LANGUAGE) -> str:
    """``If the weight of Capability falls below 12% (now 20%; the other weights rescaled in proportion),
    'X' replaces 'Y'.`` The side (falls or rises) is the crossing's own; ``now`` is the current weight as
    the weights are shown together (:func:`weight_shares`). A crossing within half a percentage point of
    the current weight is a knife-edge ("the slightest fall"); one that would read as the current
    percentage, or beyond it, says by how many points the weight has to move."""
    key = f"robust_threshold_{crossing.side}"
    gap = abs(crossing.weight - threshold.weight)
    shown = round(crossing.weight * 100)
    if crossing.side == "low" and crossing.weight < 0.005:
        key = "robust_threshold_zero"
    elif crossing.side == "high" and crossing.weight >= 0.995:
        key = "robust_threshold_all"
    elif gap < 0.005:
        key += "_edge"
    elif (shown >= now) if crossing.side == "low" else (shown <= now):
        key += "_by"
    return t(
        language,
        key,
        criterion=criterion_label(language, threshold.criterion),
        weight=percent(crossing.weight, language),
        now=percent(now / 100, language),
        points=number(round(gap * 100, 1), language),
        enters=t(language, "quoted", name=crossing.enters),
        leaves=t(language, "quoted", name=crossing.leaves),
    )


def threshold_lines(robustness: Robustness, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Every criterion's thresholds, one sentence a side (or one saying there is none), nearest first."""
    now = _threshold_shares(robustness)
    found = [(th, side) for th in robustness.thresholds for side in (th.low, th.high) if side is not None]
    found.sort(key=lambda pair: abs(pair[1].weight - pair[0].weight))
    lines = [threshold_text(th, side, now[th.criterion], language) for th, side in found]
    return lines + [
        t(
            language,
            "robust_threshold_none",
            criterion=criterion_label(language, th.criterion),
            now=percent(now[th.criterion] / 100, language),
        )
        for th in robustness.thresholds
        if th.low is None and th.high is None
    ]


def _knife_edge(change: WeightChange) -> bool:
    """No weight has to move by half a percentage point or more: the two factors are level already."""
    return all(abs(change.weights[c] - change.before[c]) < 0.005 for c in change.weights)


def smallest_change_text(change: WeightChange | None, language: str = DEFAULT_LANGUAGE) -> str:
    """``Moving all weights at once, the nearest change moves none by more than 11 percentage points: the
    shortlist changes if Entry barriers rises from 20% to 31%: Speed replaces Price.``"""
    if change is None:
        return t(language, "robust_no_change")
    old = change.before
    moved = sorted(
        (c for c in change.weights if abs(change.weights[c] - old[c]) >= 0.005),
        key=lambda c: -abs(change.weights[c] - old[c]),
    )
    enters, leaves = t(language, "quoted", name=change.enters), t(language, "quoted", name=change.leaves)
    # the weights before and after are each a set of shares: each set adds up to 100% as shown
    shown = {"old": weight_shares(old), "new": weight_shares(change.weights)}
    if not moved:  # the tie is already there, or within half a percentage point
        return t(language, "robust_knife_edge", enters=enters, leaves=leaves)
    moves = (
        t(
            language,
            "robust_rises" if change.weights[c] > old[c] else "robust_falls",
            criterion=criterion_label(language, c),
            old=shown["old"][c] / 100,
            new=shown["new"][c] / 100,
        )
        for c in moved
    )
    distance = t(language, "robust_distance", points=number(round(change.distance * 100, 1), language))
    return distance + t(
        language,
        "robust_change_just_past" if change.just_past else "robust_change",
        moves=join_names(moves, language, conjunction=True),
        enters=enters,
        leaves=leaves,
    )


#: Decimals a lead over the nearest rival shows, in level points.
LEAD_DIGITS = 1


def lead_text(diagnosis: Diagnosis, lead: Lead, rival: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Why a factor is a peak or not: its lead over ``rival`` (the nearest rival as the view names it)
    against the margin a peak needs; a lead that reads 0.0 is said to be level, not a lead."""
    level = rounded(lead.points, LEAD_DIGITS).is_zero()
    key = "lead_peak" if lead.peak else "lead_level" if level else "lead_short" if lead.points > 0 else "lead_behind"
    factor = judged(diagnosis, lead.factor, language)  # a lead by value: where lower is better, it says so
    points = fixed(abs(lead.points), language, LEAD_DIGITS)
    return t(language, key, factor=factor, rival=rival, points=points, margin=lead.margin)


def panel_spread(factor: PanelFactor, language: str = DEFAULT_LANGUAGE) -> str:
    """How far the raters' composites of ``factor`` lie apart, as a share of the score scale; "—" for
    a factor no rater scored (there is no spread to speak of, not a spread of 0%)."""
    return percent(factor.spread, language) if factor.composites else "—"


def panel_summary(panel: Panel, language: str = DEFAULT_LANGUAGE) -> str:
    """The panel's agreement in plain words and its contested factors."""
    text = t(
        language,
        "panel_summary",
        count=len(panel.raters),
        raters=join_names(panel.raters, language, most=6),
        reading=t(language, f"agreement_{agreement_level(panel.agreement)}"),
        w=fixed(panel.agreement, language),
    )
    if panel.contested:
        return text + t(language, "panel_contested", names=join_names(panel.contested, language, most=6))
    return text + t(language, "panel_none_contested")
