"""Version summaries as data: a wording key and its values, worded in the reader's language.

A version's one-line summary is stored as a :class:`Summary` (like Django's
admin log stores its change message as JSON): the key of a sentence of
the catalogues ("created_from", "history_restored"...),
the values it is worded with, and the language it was written in. It reads
in any language (:func:`summary_text`), and as it was written when none is
asked for: exactly the text the product used to store. A user's edit is
kept as its first :class:`~positioning.core.changes.Change` and how many more
there were (key ``"changes"``); undo and redo hold the summary they take
back; free text that is no known sentence (a script's own words) is kept as
``"text"`` and reads as written in every language.

:func:`parse_summary` reads a summary stored as finished text by earlier
releases back into data, once (the schema migration 0006 and old backups):
the sentences the product wrote and a user's edits, in English or Chinese; a
text no sentence matches, or that would not read back exactly as it was, is
kept verbatim.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_args

from positioning.core.changes import STYLE_FIELDS, Change, Kind
from positioning.core.model import CATEGORIES, CRITERIA, SOURCES
from positioning.i18n.catalogue import folder, tn, translations
from positioning.i18n.wording import DEFAULT_LANGUAGE, LANGUAGES, change_text, t

#: The longest summary (in characters): a longer one is cut and ends with "…", as the store always did.
MAX_LENGTH = 400
#: The longest summary of an edit (its first change and how many more), as
#: :func:`~positioning.i18n.wording.changes_summary` words it.
CHANGES_LENGTH = 300
#: The keys of the two kinds of summary that are no sentence of the wording.
TEXT_KEY, CHANGES_KEY = "text", "changes"
#: The sentences the product writes itself; undo and redo, which hold another summary.
PRODUCT_KEYS = (
    "summary_created",
    "created_from",
    "imported_from",
    "history_restored",
    "renamed_summary",
    "summary_api_created",
    "summary_api_updated",
    "summary_browser_imported",
    "summary_copied",
    "summary_panel_books",
    "survey_summary",
)
NESTING_KEYS = ("undo_summary", "redo_summary")
_KINDS: tuple[str, ...] = get_args(Kind)


@dataclass(frozen=True)
class Summary:
    """A version summary: ``key`` with ``values``, written in ``language``. A value may be another summary
    (what an undo takes back)."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)
    language: str = DEFAULT_LANGUAGE


def sentence(key: str, language: str = DEFAULT_LANGUAGE, /, **values: Any) -> Summary:
    """The summary ``key`` worded with ``values`` (strings over :data:`MAX_LENGTH` are cut: no more is read)."""
    return Summary(key, {name: _plain(value) for name, value in values.items()}, _known(language))


def verbatim(text: str) -> Summary:
    """Free text, read as written in every language (over :data:`MAX_LENGTH` characters: cut, ending with "…")."""
    return Summary(TEXT_KEY, {"text": text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1] + "…"})


def changes_said(changes: tuple[Change, ...] | list[Change], language: str = DEFAULT_LANGUAGE) -> Summary:
    """An edit's summary: its first change (as data: what its sentence says of it) and how many more."""
    first = _said_of(changes[0]) if changes else None
    return Summary(CHANGES_KEY, {"change": first, "more": max(len(changes) - 1, 0)}, _known(language))


def summary_text(summary: Summary, language: str | None = None) -> str:
    """``summary`` in ``language``; as it was written when None (each part in its own language).
    Over :data:`MAX_LENGTH` characters it is cut, ending with "…"."""
    text = _worded(summary, language)
    return text if len(text) <= MAX_LENGTH else text[: MAX_LENGTH - 1] + "…"


# --- as JSON, in the database, a backup and a tab's undo stack -------------------------------------


def summary_data(summary: Summary) -> dict[str, Any]:
    """``summary`` as plain JSON data: ``{"id", "params", "lang"}``."""
    params = {k: summary_data(v) if isinstance(v, Summary) else v for k, v in summary.values.items()}
    return {"id": summary.key, "params": params, "lang": summary.language}


def summary_json(summary: Summary) -> str:
    return json.dumps(summary_data(summary), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def from_data(data: object) -> Summary | None:
    """The summary plain data holds (None when it holds none). Data from a browser's undo stack is
    read within bounds: a known id, at most :data:`MAX_DEPTH` levels (an undo of an undo of ...),
    :data:`MAX_ITEMS` values a level and :data:`BUDGET` characters in all; what is past them is dropped."""
    return _Reading().summary(data, 0)


#: How deep summaries nest, how many values a level holds, and the characters a whole summary may hold
#: (each value counts :data:`ITEM_COST` besides its text).
MAX_DEPTH, MAX_ITEMS, BUDGET, ITEM_COST = 4, 12, 3000, 40


class _Reading:
    """One summary read from untrusted data, spending a budget of characters."""

    def __init__(self) -> None:
        self.left = BUDGET

    def summary(self, data: object, depth: int) -> Summary | None:
        if depth > MAX_DEPTH or not isinstance(data, Mapping) or not _known_id(data.get("id")):
            return None
        params = data.get("params")
        items = list(params.items())[:MAX_ITEMS] if isinstance(params, Mapping) else []
        values = {str(k)[:40]: self.value(v, depth + 1) for k, v in items}
        return Summary(str(data["id"]), values, _known(data.get("lang")))

    def value(self, value: Any, depth: int) -> Any:
        self.left -= ITEM_COST
        if self.left <= 0 or depth > MAX_DEPTH:
            return None
        if isinstance(value, str):
            text = value[: min(MAX_LENGTH, self.left)]
            self.left -= len(text)
            return text
        if value is None or isinstance(value, bool | int | float):
            return value
        if isinstance(value, Mapping):
            if "id" in value:
                return self.summary(value, depth)
            return {str(k)[:40]: self.value(v, depth + 1) for k, v in list(value.items())[:MAX_ITEMS]}
        if isinstance(value, list | tuple):
            return [self.value(v, depth + 1) for v in list(value)[:MAX_ITEMS]]
        return None


def _known_id(key: object) -> bool:
    return isinstance(key, str) and key in (TEXT_KEY, CHANGES_KEY, *PRODUCT_KEYS, *NESTING_KEYS)


def from_json(raw: str) -> Summary:
    """The summary stored as ``raw`` JSON; text that is not one reads as written."""
    try:
        found = from_data(json.loads(raw))
    except (ValueError, RecursionError):
        found = None
    return verbatim(raw) if found is None else found


# --- worded -------------------------------------------------------------------------------------------


def _worded(summary: Summary, language: str | None) -> str:
    code = summary.language if language is None else _known(language)
    values = summary.values
    try:
        if summary.key == TEXT_KEY:
            return str(values.get("text", ""))
        if summary.key == CHANGES_KEY:
            return _changes_text(values, code)
        if not _known_key(summary.key):
            return str(values.get("text", ""))
        worded = {k: _worded(v, language) if isinstance(v, Summary) else v for k, v in values.items()}
        return t(code, summary.key, **worded)
    except (KeyError, IndexError, TypeError, ValueError):  # data no release wrote: what text it has
        return str(values.get("text", ""))


def _changes_text(values: Mapping[str, Any], language: str) -> str:
    first = values.get("change")
    if not first:
        return t(language, "change_none")
    if first.get("kind") not in _KINDS:
        raise ValueError(f"no change of kind {first.get('kind')!r}")
    more = int(values.get("more") or 0)
    tail = "" if not more else tn(language, "change_more", more)
    return (change_text(Change(**first), language) + tail)[:CHANGES_LENGTH]


def _said_of(change: Change) -> dict[str, Any]:
    """``change`` as data, without what its sentence does not say (a note's text), its strings cut where the
    summary of an edit is."""
    sentence = t(DEFAULT_LANGUAGE, f"change_{change.kind}")
    plain = {k: v if k == "kind" or f"{{{k}}}" in sentence else None for k, v in asdict(change).items()}
    plain.update({k: "" for k in ("owner", "field") if plain[k] is None})
    empty: tuple[object, ...] = ((), [])  # worded as no value, like None
    return {
        k: v[:CHANGES_LENGTH] if isinstance(v, str) else None if v in empty else _plain(v) for k, v in plain.items()
    }


def _known_key(key: str) -> bool:
    """Whether the wording has a message ``key``."""
    try:
        t(DEFAULT_LANGUAGE, key)
    except KeyError:
        return False
    return True


def _known(language: object) -> str:
    return language if isinstance(language, str) and language in LANGUAGES else DEFAULT_LANGUAGE


def _plain(value: Any) -> Any:
    """``value`` as JSON keeps it (tuples as lists), its strings cut at :data:`MAX_LENGTH`."""
    if isinstance(value, str):
        return value[:MAX_LENGTH]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


# --- read back from the text earlier releases stored ------------------------------------------------------


def parse_summary(text: str) -> Summary:
    """The summary ``text`` was worded from (by the sentences of :data:`PRODUCT_KEYS`, undo and redo, or an
    edit's changes, in any language): the reading that matches the most fixed words and reads back exactly
    as ``text``; else ``text`` verbatim."""
    return _best(text, depth=0)[1]


def _best(text: str, depth: int) -> tuple[int, Summary]:
    readings = [(score, s) for score, s in _readings(text, depth) if _worded(s, None) == text]
    return max(readings, key=lambda reading: reading[0], default=(0, verbatim(text)))


def _readings(text: str, depth: int) -> Iterator[tuple[int, Summary]]:
    """Every way ``text`` reads as a summary, each with how many fixed characters it matched."""
    for code in LANGUAGES:
        for key in PRODUCT_KEYS:
            if not _has(code, key):  # a sentence newer than the words read (a migration's own)
                continue
            found = _pattern(code, key).fullmatch(text)
            if found:
                yield _fixed(code, key), Summary(key, found.groupdict(), code)
        for key in NESTING_KEYS:
            found = _pattern(code, key).fullmatch(text)
            if found and depth < 3:
                score, inner = _best(found["summary"], depth + 1)
                yield _fixed(code, key) + score, Summary(key, {"summary": inner}, code)
        yield from _change_readings(text, code)


def _change_readings(text: str, code: str) -> Iterator[tuple[int, Summary]]:
    if text == t(code, "change_none"):
        yield len(text), Summary(CHANGES_KEY, {"change": None, "more": 0}, code)
    for head, more, tail in _tails(text, code):
        for kind in _KINDS:
            if not _has(code, f"change_{kind}"):  # a kind newer than the words read (a migration's own)
                continue
            found = _pattern(code, f"change_{kind}").fullmatch(head)
            change = _change_back(kind, found.groupdict(), code) if found else None
            if change is not None:
                yield (
                    _fixed(code, f"change_{kind}") + tail,
                    Summary(CHANGES_KEY, {"change": change, "more": more}, code),
                )


def _tails(text: str, code: str) -> Iterator[tuple[str, int, int]]:
    """``text`` without the "and N more changes" it may end with: (the rest, N, the tail's fixed characters)."""
    yield text, 0, 0
    one = tn(code, "change_more", 1)
    if text.endswith(one):
        yield text[: -len(one)], 1, len(one)
    before, _, after = translations(code).ngettext("change_more", "change_more", 2).partition("{n}")
    found = re.fullmatch(rf"(?P<head>.+?){re.escape(before)}(?P<n>[0-9]{{1,9}}){re.escape(after)}", text, re.DOTALL)
    if found and int(found["n"]) > 1:
        yield found["head"], int(found["n"]), len(before) + len(after)


def _change_back(kind: str, found: Mapping[str, str], code: str) -> dict[str, Any] | None:
    """The change a sentence of ``kind`` was worded from, its labels read back into codes (None when one is
    no label of ``code``); levels, weights and names stay as the text they were written as."""
    labels = _labels(code)
    field_name = found.get("field", "")
    if kind in ("weight", "score", "scale", "style"):
        table = labels["criterion" if kind in ("weight", "score") else kind]
        if field_name not in table:
            return None
        field_name = table[field_name]
    values = [_value_back(kind, field_name, found.get(side), code) for side in ("old", "new")]
    if any(value is _UNREAD for value in values):
        return None
    owner = found.get("owner") or (found.get("new", "") if kind.endswith("_renamed") else "")
    return {"kind": kind, "owner": owner, "field": field_name, "old": values[0], "new": values[1]}


_UNREAD = object()


def _value_back(kind: str, field_name: str, text: str | None, code: str) -> object:
    if text is None:
        return None
    labels = _labels(code)
    if kind == "style" and field_name == "background":
        return labels["background"].get(text, _UNREAD)
    if text == t(code, "change_automatic" if kind in ("player_color", "style") else "change_unset"):
        return None
    if kind in ("category", "source", "better"):
        return labels[kind].get(text, _UNREAD)
    return text


def _labels(code: str) -> dict[str, dict[str, str]]:
    return _labels_in(folder(), code)


@cache
def _labels_in(_words: Path, code: str) -> dict[str, dict[str, str]]:
    """Label -> code, for each kind of label a change is worded with, in ``code``."""

    def words_of(key: str) -> str:
        return t(code, key)

    prefixed = {
        "scale": ("scale_", ("score", "level")),
        "style": ("style_", STYLE_FIELDS),
        "category": ("category_", CATEGORIES),
        "source": ("source_", SOURCES),
        "better": ("better_", ("higher", "lower")),
        "background": ("background_", ("white", "transparent")),
    }
    labels = {kind: {words_of(prefix + name): name for name in names} for kind, (prefix, names) in prefixed.items()}
    return {**labels, "criterion": {words_of(c): c for c in CRITERIA}}


def _has(code: str, key: str) -> bool:
    return _has_in(folder(), code, key)


@cache
def _has_in(_words: Path, code: str, key: str) -> bool:
    """Whether the words read have a sentence for ``key`` (an older release's have no newer kinds)."""
    try:
        t(code, key)
    except KeyError:
        return False
    return True


def _pattern(code: str, key: str) -> re.Pattern[str]:
    return _pattern_in(folder(), code, key)


@cache
def _pattern_in(_words: Path, code: str, key: str) -> re.Pattern[str]:
    """A sentence with placeholders as a pattern that reads their values back."""
    parts = re.split(r"\{(\w+)\}", t(code, key))
    pattern = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(pattern, re.DOTALL)


def _fixed(code: str, key: str) -> int:
    return _fixed_in(folder(), code, key)


@cache
def _fixed_in(_words: Path, code: str, key: str) -> int:
    """How many characters of a sentence are fixed words (not placeholders)."""
    return len(re.sub(r"\{\w+\}", "", t(code, key)))
