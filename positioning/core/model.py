"""The canvas file as strict, immutable models.

These pydantic models *are* the file format: the loader validates YAML into
them, the JSON Schema for editors is generated from them, and the rest of the
package trusts a ``Canvas`` once it exists.  Unknown keys are errors
(``extra="forbid"``) so a typo never turns silently into a default.

Rules that relate one part of the file to another (a score inside the score
scale, one level per player, unique names, the subject being a player) live in
:func:`consistency_problems`, a pure function over the plain data, so the
loader can report them together with type errors in one pass. It gives each
problem as data (an :class:`Issue`: a key and values), English by
:data:`ISSUES`, and worded in the other languages by
:mod:`positioning.i18n.wording`.

Nothing changes a canvas once it exists: the models are frozen, lists are
tuples and the one mapping of the file (a factor's ``levels``) is a
:class:`FrozenMap`. A canvas holds at most ``MAX_FACTORS`` factors and
``MAX_PLAYERS`` players.
"""

from __future__ import annotations

import difflib
import math
import re
import statistics
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from types import MappingProxyType
from typing import Annotated, Any, Literal, TypeGuard, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StrictFloat,
    StrictInt,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from positioning.core.annotations import MAX_ANNOTATIONS, Annotation, annotation_problems
from positioning.core.names import (
    MAX_NAME,
    NAME_PATTERN,
    has_name_characters,
    refused_character,
    shown,
)

#: The four criteria, in the file's (and every table's) order. Typed as plain
#: text so mappings keyed by them stay ``Mapping[str, ...]`` for callers.
CRITERIA: tuple[str, ...] = ("attractiveness", "unmet_need", "capability", "barriers")
#: The angle of customer value a factor belongs to.
Category = Literal["product", "relationship", "brand"]
#: Where a factor was found (step 1 of the method).
Source = Literal["current", "industry", "adjacent", "future"]
#: Which way a factor's level serves the customer: more is better, or less (price, waiting time).
Better = Literal["higher", "lower"]
CATEGORIES: tuple[Category, ...] = get_args(Category)
SOURCES: tuple[Source, ...] = get_args(Source)

#: Most factors in a canvas: past a few dozen the chart is unreadable anyway.
MAX_FACTORS = 1000
#: Most players (the subject and its competitors) in a canvas.
MAX_PLAYERS = 50
#: Most raters in a scoring panel.
MAX_RATERS = 100
#: Most customer segments.
MAX_SEGMENTS = 20
#: Most weight samples of the robustness analysis.
MAX_SAMPLES = 100_000

DEFAULT_SCORE_SCALE = (1.0, 5.0)
DEFAULT_LEVEL_SCALE = (0.0, 10.0)

#: Validation context key: consistency_problems() already ran on the input.
CHECKED = "consistency_checked"

#: A location inside the file: keys and list indexes, e.g. ("factors", 1, "scores").
FieldPath = tuple[str | int, ...]

# Strict types: YAML `yes` (a bool) is not a number, `2024` (an int) is not a name.
Number = Annotated[StrictFloat, Field(allow_inf_nan=False)]  # strict: ints are accepted, bools are not
#: Scale ends and weights stay in a range where sums and spans are finite.
LIMIT = 1e9


def _check_name(value: str) -> str:
    char = refused_character(value)
    if char is not None:
        values = {"value": shown(value), "code": f"U+{ord(char):04X}"}
        raise PydanticCustomError("refused_character", ISSUES["refused_character"], values)
    return value


Name = Annotated[
    str, Field(strict=True, min_length=1, max_length=MAX_NAME, pattern=NAME_PATTERN), AfterValidator(_check_name)
]
Text = Annotated[str, Field(strict=True, max_length=5000)]
ScaleEnd = Annotated[StrictFloat, Field(allow_inf_nan=False, ge=-LIMIT, le=LIMIT)]

_CHANNEL = r"\s*(?:\d{1,3}(?:\.\d+)?%?)\s*"
_ALPHA = r"\s*(?:0|1|0?\.\d+|\d{1,3}%)\s*"
_COLOR = re.compile(
    rf"^#(?:[0-9a-fA-F]{{3}}|[0-9a-fA-F]{{6}}|[0-9a-fA-F]{{8}})$"
    rf"|^rgb\({_CHANNEL},{_CHANNEL},{_CHANNEL}\)$"
    rf"|^rgba\({_CHANNEL},{_CHANNEL},{_CHANNEL},{_ALPHA}\)$"
)


K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V]):
    """A read-only mapping: no item can be set or removed after it is made.

    It equals a dict with the same items, hashes, pickles and deep-copies
    (``types.MappingProxyType`` does neither), so frozen models and
    dataclasses holding one stay hashable and copyable.

    >>> levels = FrozenMap({"Us": 8.0})
    >>> levels == {"Us": 8.0}
    True
    >>> levels["Us"] = 9.0
    Traceback (most recent call last):
    TypeError: 'FrozenMap' object does not support item assignment
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._items: dict[K, V] = dict(items)

    def __getitem__(self, key: K) -> V:
        return self._items[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._items,))


def frozen(mapping: Mapping[K, V]) -> FrozenMap[K, V]:
    """``mapping`` as a :class:`FrozenMap` (itself when it is one already)."""
    return mapping if isinstance(mapping, FrozenMap) else FrozenMap(mapping)


# --- problems as data -----------------------------------------------------------------

#: What the rules here find wrong, in English: a key -> a template whose values an
#: :class:`Issue` holds. This English is the models' own message to a caller of
#: ``Canvas.model_validate`` and the file format's contract; the other languages word
#: the same keys in :mod:`positioning.i18n.wording` (which this module cannot import: it
#: imports the modules built on this one).
ISSUES: Mapping[str, str] = MappingProxyType(
    {
        "subject_not_a_player": "'{name}' is not one of the players ({names}){hint}",
        "not_a_player": "'{name}' is not a player ({names}){hint}",
        "not_a_factor": "'{name}' is not a factor ({names}){hint}",
        "duplicate_name": "duplicate {what} name '{name}' (also {key}[{first}]); names must be unique",
        "outside_scale": "{value} is outside the {what} scale {scale}",
        "no_scores": "no scores; give the four scores, or a panel whose raters score it",
        "no_level": "no level for {names}; give exactly one level per player",
        "no_rater_scores": "no scores for {names}; a factor without scores of its own needs every rater's",
        "given_for_some": "no {key}; {key} is given for {given} of {total} factors: give it for all or none",
        "no_share": "no share; give every segment a share, or none",
        "shares_zero": "the shares are all zero; give at least one segment a share above 0",
        "no_importance": "no importance for {names}; give every factor's",
        "bad_color": "'{value}' is not a colour; write a hex colour such as '#c0392b' or rgb(192, 57, 43)",
        "bad_range": "the {what} scale must be [low, high] with low < high, got [{low}, {high}]",
        "zero_weights": "the weights are all zero; give at least one criterion a positive weight",
        "refused_character": "'{value}' holds {code}, a character that is invisible or changes the "
        "direction or the lines of the text; remove it",
    }
)


@dataclass(frozen=True)
class Issue:
    """One problem the rules found, as data: a key of :data:`ISSUES` and the values of its placeholders.

    The values are what the wording of every language needs: the user's names as
    written, numbers, ``names`` (a tuple of names, listed), ``scale`` (a (low, high)
    pair), ``hint`` (a near miss, or None) and ``what`` (a code: ``player``,
    ``score``...). ``str()`` is the English.

    >>> str(issue("not_a_player", name="Carr", names=("Us", "Car"), hint="Car"))
    "'Carr' is not a player ('Us', 'Car'); did you mean 'Car'?"
    """

    key: str
    values: FrozenMap[str, Any]

    def __str__(self) -> str:
        return ISSUES[self.key].format(**{name: _english(name, value) for name, value in self.values.items()})


def issue(key: str, /, **values: Any) -> Issue:
    """An :class:`Issue` of ``key`` (one of :data:`ISSUES`) with ``values``."""
    return Issue(key, FrozenMap(values))


def _english(name: str, value: Any) -> str:
    """One value of an issue as the English says it."""
    if name == "hint":
        return f"; did you mean '{value}'?" if value else ""
    if name == "names":
        return _listing(value)
    if name == "scale":
        return _span(value)
    return _num(value)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _check_color(value: str) -> str:
    if not _COLOR.match(value.strip()):
        raise PydanticCustomError("bad_color", ISSUES["bad_color"], {"value": value})
    return value


Color = Annotated[str, Field(strict=True), AfterValidator(_check_color)]


class Player(_Strict):
    """A company drawn on the canvas: the subject or one of its competitors."""

    name: Name = Field(description="Name shown in the legend; any Unicode text.")
    color: Color | None = Field(
        default=None,
        description="Line colour as hex ('#c0392b') or rgb(); default: the style's or a colour-blind-safe palette.",
    )


Line = Annotated[str, Field(strict=True, max_length=300, pattern=r"^[^\x00-\x1f\x7f]*$")]


class Style(_Strict):
    """How the chart looks: brand colours, font, background, subtitle, footnote."""

    subject_color: Color | None = Field(default=None, description="Colour of the subject's curve.")
    competitor_colors: tuple[Color, ...] = Field(
        default=(), max_length=20, description="Colours of the competitors' curves, in player order."
    )
    font: Line | None = Field(
        default=None, description="Font family, e.g. 'Arial'; Chinese text falls back to a CJK font."
    )
    background: Literal["white", "transparent"] = Field(default="white", description="Chart background.")
    subtitle: Line | None = Field(default=None, description="Replaces the automatic subtitle.")
    footnote: Line | None = Field(default=None, description="Small print under the chart, e.g. the source.")


def _range(value: tuple[float, float], what: str) -> tuple[float, float]:
    low, high = value
    if not low < high:
        raise PydanticCustomError(
            "bad_range", ISSUES["bad_range"], {"what": what, "low": _num(low), "high": _num(high)}
        )
    return (float(low), float(high))


class Scales(_Strict):
    """Ranges of the criterion scores and of the offering levels."""

    score: tuple[ScaleEnd, ScaleEnd] = Field(
        default=DEFAULT_SCORE_SCALE, description="[low, high] range of criterion scores."
    )
    level: tuple[ScaleEnd, ScaleEnd] = Field(
        default=DEFAULT_LEVEL_SCALE, description="[low, high] range of offering levels."
    )

    @field_validator("score")
    @classmethod
    def _score(cls, value: tuple[float, float]) -> tuple[float, float]:
        return _range(value, "score")

    @field_validator("level")
    @classmethod
    def _level(cls, value: tuple[float, float]) -> tuple[float, float]:
        return _range(value, "level")


_WEIGHT = Field(default=1.0, ge=0, le=LIMIT, description="Relative weight; normalised to sum 1.")


class Weights(_Strict):
    """Relative importance of the four criteria (normalised to sum 1 when ranking)."""

    attractiveness: Number = _WEIGHT
    unmet_need: Number = _WEIGHT
    capability: Number = _WEIGHT
    barriers: Number = _WEIGHT

    @model_validator(mode="after")
    def _not_all_zero(self) -> Weights:
        if sum(self.as_dict().values()) <= 0:
            raise PydanticCustomError("zero_weights", ISSUES["zero_weights"])
        return self

    def as_dict(self) -> dict[str, float]:
        return {c: float(getattr(self, c)) for c in CRITERIA}

    def normalised(self) -> dict[str, float]:
        """Weights scaled to sum 1, in criterion order."""
        raw = self.as_dict()
        total = sum(raw.values())
        return {c: w / total for c, w in raw.items()}


class Scores(_Strict):
    """A factor's score on each of the four criteria (higher is better)."""

    attractiveness: Number = Field(description="Market attractiveness of the factor.")
    unmet_need: Number = Field(description="How poorly the market serves it today (badly served = high).")
    capability: Number = Field(description="The subject's own ability to deliver it.")
    barriers: Number = Field(description="Entry barriers: how hard it is for rivals to copy.")

    def as_dict(self) -> dict[str, float]:
        return {c: float(getattr(self, c)) for c in CRITERIA}


# Read-only once validated; dumped (model_dump, JSON) as a plain dict, and the
# JSON Schema is that of the dict.
Levels = Annotated[
    Mapping[Name, Number],
    AfterValidator(frozen),
    PlainSerializer(dict, return_type=dict[Name, Number]),
]


class Factor(_Strict):
    """A candidate differentiation factor: its scores and every player's offering level."""

    name: Name = Field(description="Factor name shown on the x axis; any Unicode text.")
    category: Category | None = Field(default=None, description="Angle of customer value the factor belongs to.")
    source: Source | None = Field(default=None, description="Where the factor was found (step 1 of the method).")
    scores: Scores | None = Field(
        default=None, description="The factor's scores; may be left out when a panel scores it (the panel's aggregate)."
    )
    levels: Levels = Field(description="Offering level of every player on this factor, keyed by player name.")
    note: Text | None = Field(default=None, description="Free text, e.g. the evidence behind the scores.")
    importance: Number | None = Field(
        default=None,
        description="How much customers value the factor, on the score scale (e.g. a survey mean); "
        "given for every factor or none.",
    )
    importance_n: StrictInt | None = Field(
        default=None, ge=1, le=10_000_000, description="Answers behind a survey's importance (`positioning survey`)."
    )
    importance_sd: Number | None = Field(
        default=None, ge=0, le=LIMIT, description="Their sample standard deviation, on the score scale."
    )
    target: Number | None = Field(
        default=None, description="The subject's to-be level, on the level scale; given for every factor or none."
    )
    better: Better = Field(
        default="higher", description="'lower' when less is more value for the customer (price, waiting time)."
    )


SegmentImportance = Annotated[
    Mapping[Name, Number],
    AfterValidator(frozen),
    PlainSerializer(dict, return_type=dict[Name, Number]),
]


class Segment(_Strict):
    """A customer segment and how much it values every factor."""

    name: Name = Field(description="Segment name, e.g. 'Business travellers'.")
    share: Number | None = Field(
        default=None, ge=0, le=1, description="The segment's share of the market, for a weighted overall importance."
    )
    importance: SegmentImportance = Field(description="Importance of every factor to this segment, on the score scale.")


PanelScores = Annotated[
    Mapping[Name, Scores],
    AfterValidator(frozen),
    PlainSerializer(dict, return_type=dict[Name, Scores]),
]


class Rater(_Strict):
    """One member of a scoring panel and their scores of every factor."""

    rater: Name = Field(description="Who scored, e.g. 'CFO'.")
    scores: PanelScores = Field(
        description="The rater's scores keyed by factor name: every factor without scores of its own, any other."
    )


Aggregate = Literal["mean", "median"]


class RobustnessSettings(_Strict):
    """How the robustness of the ranking is sampled."""

    samples: StrictInt = Field(default=10_000, ge=100, le=MAX_SAMPLES, description="Weight vectors sampled.")
    concentration: Number = Field(
        default=40.0, ge=0.1, le=1e6, description="Dirichlet concentration: higher keeps samples nearer the weights."
    )
    seed: StrictInt = Field(default=0, ge=0, le=2**32 - 1, description="Random seed, so runs repeat.")
    step: Number = Field(default=0.1, gt=0, le=0.5, description="Tornado: how far one normalised weight moves.")


class Canvas(_Strict):
    """A whole canvas file: players, scales, weights and factors."""

    model_config = ConfigDict(
        title="Positioning canvas",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    title: Name = Field(description="Chart title.")
    subject: Name = Field(description="The company being positioned; must name one of the players.")
    players: tuple[Player, ...] = Field(
        min_length=2, max_length=MAX_PLAYERS, description=f"The subject and its competitors (at most {MAX_PLAYERS})."
    )
    scales: Scales = Field(default_factory=Scales)
    weights: Weights = Field(default_factory=Weights)
    top: StrictInt = Field(default=3, ge=1, description="Shortlist size.")
    style: Style = Field(default_factory=Style)
    robustness: RobustnessSettings = Field(default_factory=RobustnessSettings)
    panel: tuple[Rater, ...] = Field(
        default=(), max_length=MAX_RATERS, description=f"Scores of several people (at most {MAX_RATERS} raters)."
    )
    panel_aggregate: Aggregate = Field(
        default="mean", description="How the panel's scores become a factor's scores when it has none of its own."
    )
    segments: tuple[Segment, ...] = Field(
        default=(), max_length=MAX_SEGMENTS, description=f"Customer segments (at most {MAX_SEGMENTS})."
    )
    factors: tuple[Factor, ...] = Field(
        min_length=1,
        max_length=MAX_FACTORS,
        description=f"Candidate differentiation factors (at most {MAX_FACTORS:,}).",
    )
    annotations: tuple[Annotation, ...] = Field(
        default=(), max_length=MAX_ANNOTATIONS, description=f"Notes drawn on the chart (at most {MAX_ANNOTATIONS})."
    )

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Canvas:
        if info.context and info.context.get(CHECKED):  # the loader checked the plain data already
            return self
        problems = consistency_problems(self.model_dump())
        if problems:
            raise PydanticCustomError(
                "inconsistent",
                "{details}",
                {"details": "; ".join(f"{format_path(p)}: {m}" for p, m in problems)},
            )
        return self

    # Derived views: computed, never stored.
    @property
    def player_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.players)

    @property
    def competitors(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.players if p.name != self.subject)

    @property
    def factor_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.factors)

    def levels_of(self, player: str) -> tuple[float, ...]:
        """The player's offering level on every factor, in file order."""
        return tuple(float(f.levels[player]) for f in self.factors)

    @property
    def raters(self) -> tuple[str, ...]:
        return tuple(r.rater for r in self.panel)

    def importance(self) -> tuple[float, ...] | None:
        """How much customers value each factor, in file order: the factors' own ``importance``, else
        the segments' (share-weighted when they have shares), else None."""
        if self.factors[0].importance is not None:
            return tuple(float(f.importance or 0.0) for f in self.factors)
        if not self.segments:
            return None
        shares = [g.share for g in self.segments if g.share is not None]
        weights = [float(x) for x in shares] if len(shares) == len(self.segments) else [1.0] * len(self.segments)
        total = sum(weights)
        return tuple(
            sum(w * g.importance[f.name] for w, g in zip(weights, self.segments, strict=True)) / total
            for f in self.factors
        )

    def factor_scores(self) -> tuple[Scores, ...]:
        """Every factor's scores in file order: its own, else the panel's mean (or median) per criterion."""
        aggregate = statistics.median if self.panel_aggregate == "median" else statistics.fmean
        return tuple(f.scores or _aggregate([r.scores[f.name] for r in self.panel], aggregate) for f in self.factors)


def _aggregate(given: Sequence[Scores], aggregate: Any) -> Scores:
    return Scores.model_validate({c: float(aggregate([float(getattr(s, c)) for s in given])) for c in CRITERIA})


# --- cross-field rules ------------------------------------------------------------


def consistency_problems(data: Mapping[str, Any], *, limit: int = 1000) -> list[tuple[FieldPath, Issue]]:
    """Problems that relate one part of the canvas to another (at most ``limit``).

    Works on plain data and skips whatever is malformed (the models report
    that), so it can run on a file that also has type errors.
    """
    return list(islice(_consistency(data), limit))


def _consistency(data: Mapping[str, Any]) -> Iterator[tuple[FieldPath, Issue]]:
    scales = _mapping(data.get("scales"))
    score_scale = _scale(scales.get("score"), DEFAULT_SCORE_SCALE)
    level_scale = _scale(scales.get("level"), DEFAULT_LEVEL_SCALE)

    names = yield from _unique_names(data.get("players"), "players", "player")
    known = frozenset(names)
    subject = data.get("subject")
    if _is_name(subject) and names and subject not in known:
        yield ("subject",), _unknown("subject_not_a_player", subject, names)

    factors = data.get("factors")
    yield from _unique_names(factors, "factors", "factor")
    panel = _items(data.get("panel"))
    for i, factor in enumerate(_items(factors)):
        if isinstance(factor, Mapping):
            yield from _score_problems(("factors", i, "scores"), _mapping(factor.get("scores")), score_scale)
            yield from _level_problems(i, factor.get("levels"), names, known, level_scale)
            if factor.get("scores") is None and not panel and _is_name(factor.get("name")):
                yield ("factors", i, "scores"), issue("no_scores")
    yield from _panel_problems(panel, _items(factors), score_scale)
    yield from _voice_problems(_items(factors), _items(data.get("segments")), score_scale, level_scale)
    titles = [n for f in _items(factors) if isinstance(f, Mapping) and _is_name(n := f.get("name"))]
    for path, key, values in annotation_problems(data.get("annotations"), titles, names):
        yield path, _unknown(key, values["name"], values["names"]) if "names" in values else issue(key, **values)


def _voice_problems(
    factors: Sequence[Any], segments: Sequence[Any], score: tuple[float, float], level: tuple[float, float]
) -> Iterator[tuple[FieldPath, Issue]]:
    """Importance and targets within their scales, each given for every factor or none; segments complete."""
    rows = [f if isinstance(f, Mapping) else {} for f in factors]
    for key, scale, what in (("importance", score, "score"), ("target", level, "level")):
        given = [i for i, f in enumerate(rows) if f.get(key) is not None]
        for i in given:
            value = rows[i][key]
            if _is_number(value) and not scale[0] <= value <= scale[1]:
                yield ("factors", i, key), _outside(value, what, scale)
        if given and len(given) < len(rows):
            for i in (i for i in range(len(rows)) if i not in set(given)):
                yield ("factors", i, key), issue("given_for_some", key=key, given=len(given), total=len(rows))
    names = [name for f in rows if _is_name(name := f.get("name"))]
    yield from _segment_problems(segments, names, score)


def _segment_problems(
    segments: Sequence[Any], names: list[str], scale: tuple[float, float]
) -> Iterator[tuple[FieldPath, Issue]]:
    yield from _unique_names(segments, "segments", "segment")
    shared = [i for i, g in enumerate(segments) if isinstance(g, Mapping) and g.get("share") is not None]
    for i, segment in enumerate(segments):
        importance = segment.get("importance") if isinstance(segment, Mapping) else None
        if shared and i not in shared:
            yield ("segments", i, "share"), issue("no_share")
        if not isinstance(importance, Mapping):  # the model reports it
            continue
        for name, value in importance.items():
            path = ("segments", i, "importance", name)
            if names and _is_name(name) and name not in names:
                yield path, _unknown("not_a_factor", name, names)
            elif _is_number(value) and not scale[0] <= value <= scale[1]:
                yield path, _outside(value, "score", scale)
        missing = [n for n in names if n not in importance]
        if missing:
            yield ("segments", i, "importance"), issue("no_importance", names=tuple(missing))
    shares = [segments[i]["share"] for i in shared]
    valid = all(_is_number(v) and v >= 0 for v in shares)  # a negative share has its own message
    if shared and len(shared) == len(segments) and valid and sum(shares) <= 0:
        yield ("segments", 0, "share"), issue("shares_zero")


def _panel_problems(
    panel: Sequence[Any], factors: Sequence[Any], scale: tuple[float, float]
) -> Iterator[tuple[FieldPath, Issue]]:
    """Raters named once, scoring only the canvas's factors, within the scale, and every factor without scores."""
    yield from _unique_names(panel, "panel", "rater", field="rater")
    names = [name for f in factors if isinstance(f, Mapping) and _is_name(name := f.get("name"))]
    unscored = [f.get("name") for f in factors if isinstance(f, Mapping) and f.get("scores") is None]
    known = frozenset(names)
    for i, rater in enumerate(panel):
        scores = rater.get("scores") if isinstance(rater, Mapping) else None
        if not isinstance(scores, Mapping):  # the model reports it
            continue
        for name, given in scores.items():
            if names and _is_name(name) and name not in known:
                yield ("panel", i, "scores", name), _unknown("not_a_factor", name, names)
            elif isinstance(given, Mapping):
                yield from _score_problems(("panel", i, "scores", name), given, scale)
        missing = [f for f in unscored if _is_name(f) and f not in scores]
        if missing:
            yield ("panel", i, "scores"), issue("no_rater_scores", names=tuple(missing))


def _score_problems(
    path: FieldPath, scores: Mapping[str, Any], scale: tuple[float, float]
) -> Iterator[tuple[FieldPath, Issue]]:
    for criterion in CRITERIA:
        value = scores.get(criterion)
        if _is_number(value) and not scale[0] <= value <= scale[1]:
            yield (*path, criterion), _outside(value, "score", scale)


def _level_problems(
    i: int, levels: Any, names: list[str], known: frozenset[str], scale: tuple[float, float]
) -> Iterator[tuple[FieldPath, Issue]]:
    if not isinstance(levels, Mapping):
        return
    for player, value in levels.items():
        path = ("factors", i, "levels", player)
        if names and _is_name(player) and player not in known:
            yield path, _unknown("not_a_player", player, names)
        elif _is_number(value) and not scale[0] <= value <= scale[1]:
            yield path, _outside(value, "level", scale)
    missing = [n for n in names if n not in levels]
    if missing:
        yield ("factors", i, "levels"), issue("no_level", names=tuple(missing))


def _unique_names(
    items: Any, key: str, what: str, field: str = "name"
) -> Generator[tuple[FieldPath, Issue], None, list[str]]:
    """Names of the well-formed items; duplicates are reported."""
    names: list[str] = []
    first: dict[str, int] = {}
    for i, item in enumerate(_items(items)):
        name = item.get(field) if isinstance(item, Mapping) else None
        if not _is_name(name):  # the model reports malformed names
            continue
        if name in first:
            yield (key, i, field), issue("duplicate_name", what=what, name=name, key=key, first=first[name])
        else:
            first[name] = i
            names.append(name)
    return names


def _unknown(key: str, name: str, names: Sequence[str]) -> Issue:
    """``name`` is none of ``names`` (the players, the factors): listed, with a near miss."""
    return issue(key, name=name, names=tuple(names), hint=near_miss(name, names))


def _outside(value: float, what: str, scale: tuple[float, float]) -> Issue:
    return issue("outside_scale", value=value, what=what, scale=scale)


def _scale(value: Any, default: tuple[float, float]) -> tuple[float, float]:
    if _is_list(value) and len(value) == 2 and all(_is_number(v) for v in value) and value[0] < value[1]:
        return (float(value[0]), float(value[1]))
    return default


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(value: Any) -> Sequence[Any]:
    return value if _is_list(value) else ()


def _is_name(value: Any) -> TypeGuard[str]:
    """A name as the model takes it, of any length (so the rules here hold for every name it takes)."""
    return has_name_characters(value)


def _is_list(value: Any) -> TypeGuard[Sequence[Any]]:
    return isinstance(value, Sequence) and not isinstance(value, str)


def _is_number(value: Any) -> TypeGuard[float]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)


# --- wording shared by every message ------------------------------------------------


def format_path(path: FieldPath) -> str:
    """``("factors", 1, "scores")`` -> ``factors[1].scores``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = part if len(part) <= 40 else part[:37] + "..."
            if not text.isprintable():  # never send control characters to a terminal
                text = repr(text)
            out += f".{text}" if out else text
    return out


def near_miss(word: str, choices: Sequence[str]) -> str | None:
    """The one of ``choices`` that ``word`` was probably meant to be, if any."""
    if len(choices) > 200:  # a hint is not worth a quadratic cost
        return None
    close = difflib.get_close_matches(str(word)[:100], list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(word: str, choices: Sequence[str]) -> str:
    """``"; did you mean 'scores'?"`` for a near miss, else ``""``."""
    return _english("hint", near_miss(word, choices))


def _listing(names: Sequence[str], most: int = 6) -> str:
    shown = ", ".join(f"'{n}'" for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _span(scale: tuple[float, float]) -> str:
    return f"{_num(scale[0])}-{_num(scale[1])}"


_TITLE = TypeAdapter(Name)


def with_title(canvas: Canvas, title: str) -> Canvas:
    """``canvas`` under ``title``, the title checked as a file's is (raises pydantic's ValidationError):
    the rest of the canvas is already checked, so it is not checked again."""
    return canvas.model_copy(update={"title": _TITLE.validate_python(title)})
