"""Words as data: what the core has to say, as a message id and its values.

The core (the loader above all) says what is wrong with a canvas file as a
:class:`Message`: a key of the wording and the values of its placeholders,
which may themselves be messages, lists of :class:`Names` or the model's
:class:`~positioning.core.model.Issue`. It never turns them into words in a
language: :mod:`positioning.i18n` does, with the same :func:`render` and a
language's catalogue. The English of the messages the core writes is the
core's own (:data:`ENGLISH`): it is the file format's contract, which the
CLI, the HTTP API and the tests read, and the i18n layer's English table
takes it from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from positioning.core.model import FrozenMap, Issue
from positioning.core.sizes import UNIT_KEYS, ByteSize, size_parts

#: The key of a message that is shown as written (a name, a number, the system's own words).
VERBATIM = "="
#: The key of one of the model's issues (:data:`~positioning.core.model.ISSUES`), worded as a whole.
ISSUE = "issue"
#: The key of a message with words of its own in English and the wording's in other languages.
IN_ENGLISH = "en"
#: The key of a phrase of PyYAML's own (shown in its English, or in a catalogue's words for it).
PHRASE = "yaml"


@dataclass(frozen=True)
class Message:
    """One message as data: a wording ``key`` and the ``values`` of its placeholders."""

    key: str
    values: Mapping[str, Any]
    #: The number that picks the plural form of a message that has them (:func:`counted`), else None.
    count: int | None = None


@dataclass(frozen=True)
class Names:
    """Names listed in a message: ``quoted`` each, ``conjunction`` joins the last with "and",
    ``most`` shows that many and counts the rest."""

    names: tuple[str, ...]
    quoted: bool = False
    conjunction: bool = False
    most: int | None = None


def say(key: str, /, **values: Any) -> Message:
    """The message ``key`` with ``values``."""
    return Message(key, FrozenMap(values))


def counted(key: str, n: int, /, **values: Any) -> Message:
    """The message ``key`` with plural forms, in the form for ``n`` (``{n}`` in its words)."""
    return Message(key, FrozenMap({"n": n, **values}), n)


def verbatim(text: str) -> Message:
    """``text`` as it is, in every language."""
    return Message(VERBATIM, FrozenMap({"text": text}))


def phrase(text: str) -> Message:
    """A phrase of PyYAML's syntax errors."""
    return Message(PHRASE, FrozenMap({"text": text}))


def issue_message(found: Issue) -> Message:
    """One of the model's issues as a message."""
    return Message(ISSUE, FrozenMap({"issue": found}))


def in_english(text: str, otherwise: Message) -> Message:
    """``text`` in English, ``otherwise`` in every other language."""
    return Message(IN_ENGLISH, FrozenMap({"text": text, "otherwise": otherwise}))


def names(items: Iterable[str], *, quoted: bool = False, conjunction: bool = False, most: int | None = None) -> Names:
    """:class:`Names` of ``items``."""
    return Names(tuple(items), quoted, conjunction, most)


class Catalogue(Protocol):
    """The words of one language: what :func:`render` needs to word a message."""

    #: The language's code ("en" for English).
    language: str

    def template(self, key: str) -> str:
        """The wording of ``key``, with ``{placeholders}`` for str.format."""
        ...

    def plural(self, key: str, n: int) -> str:
        """The wording of ``key``, a message with plural forms, in the form for ``n``."""
        ...

    def listing(self, listed: Names) -> str:
        """Names as one list in this language."""
        ...

    def issue(self, issue: Issue) -> str:
        """One of the model's issues in this language."""
        ...

    def phrase(self, text: str) -> str:
        """A phrase of PyYAML's in this language."""
        ...

    def size(self, n_bytes: int) -> str:
        """A number of bytes as a size in this language."""
        ...


def render(message: Message, catalogue: Catalogue) -> str:
    """``message`` in the language of ``catalogue``.

    >>> render(say("load_too_few", need=2, what=counted("load_count_player", 2), found=1), English())
    'needs at least 2 players, found 1'
    >>> render(counted("load_more_problems", 1), English())
    'and 1 more problem'
    >>> render(say("load_allowed", message=verbatim("no"), choices=names(["a", "b"])), English())
    'no (allowed: a, b)'
    """
    if message.key == VERBATIM:
        return str(message.values["text"])
    if message.key == ISSUE:
        return catalogue.issue(message.values["issue"])
    if message.key == IN_ENGLISH:
        return (
            str(message.values["text"])
            if catalogue.language == "en"
            else render(message.values["otherwise"], catalogue)
        )
    if message.key == PHRASE:
        return catalogue.phrase(str(message.values["text"]))
    if message.count is None:
        template = catalogue.template(message.key)
    else:
        template = catalogue.plural(message.key, message.count)
    if not message.values:
        return template
    return template.format(**{name: _value(value, catalogue) for name, value in message.values.items()})


def _value(value: Any, catalogue: Catalogue) -> Any:
    if isinstance(value, Message):
        return render(value, catalogue)
    if isinstance(value, Names):
        return catalogue.listing(value)
    if isinstance(value, Issue):
        return catalogue.issue(value)
    if isinstance(value, ByteSize):
        return catalogue.size(value)
    return value


class English:
    """The core's own English: the catalogue of the file format's contract."""

    language = "en"

    def template(self, key: str) -> str:
        return ENGLISH[key]

    def plural(self, key: str, n: int) -> str:
        one, other = ENGLISH_PLURAL[key]
        return one if n == 1 else other

    def listing(self, listed: Names) -> str:
        """The names as one list in the core's English ("'A', 'B' and 'C'"; the i18n layer
        words lists in other languages with Babel's CLDR patterns)."""
        shown = [ENGLISH["quoted"].format(name=n) if listed.quoted else n for n in listed.names]
        separator = ENGLISH["list_separator"]
        if listed.most is not None and len(shown) > listed.most:
            more = ENGLISH["list_more"].format(n=len(shown) - listed.most)
            return separator.join(shown[: listed.most]) + more
        if listed.conjunction and len(shown) > 1:
            return separator.join(shown[:-1]) + ENGLISH["list_and"] + shown[-1]
        return separator.join(shown)

    def issue(self, issue: Issue) -> str:
        return str(issue)

    def phrase(self, text: str) -> str:
        return text

    def size(self, n_bytes: int) -> str:
        """A size in the core's English: "100 bytes", "18 KB", "2.1 MB", "1,500 GB".

        >>> [English().size(n) for n in (1, 100, 17 * 1024 + 1, 2 * 1024**2 + 1, 1500 * 1024**3)]
        ['1 byte', '100 bytes', '18 KB', '2.1 MB', '1,500 GB']
        """
        value, step = size_parts(n_bytes)
        number = f"{value:,}"
        if step == 0:
            return self.plural(UNIT_KEYS[0], int(value)).format(n=number)
        return ENGLISH[UNIT_KEYS[step]].format(n=number)


def english(message: Message) -> str:
    """``message`` in the core's English."""
    return render(message, English())


#: The English of every message the core writes: key -> wording with ``{placeholders}``.
ENGLISH: Mapping[str, str] = MappingProxyType(
    {
        "did_you_mean": "; did you mean '{name}'?",
        "list_and": " and ",
        "list_more": " and {n} more",
        "list_separator": ", ",
        "load_alias_bomb": (
            "anchors and aliases expand to far more data than the file holds; refused (write the values out instead)"
        ),
        "load_alias_itself": "an alias refers to itself",
        "load_allowed": "{message} (allowed: {choices})",
        "load_at": "{where}: {message}",
        "load_bad_character": "character {char} is not allowed in a YAML file; remove it",
        "load_bad_scalar": "{value} is not a valid {tag} value",
        "load_cannot_read": "cannot be read: {why}",
        "load_cell": "{source}:{cell}",
        "load_duplicate_key": "duplicate key '{key}' (first on line {first}); each key may appear once",
        "load_empty": "the file is empty; a canvas needs title, subject, players and factors",
        "load_empty_value": "is empty; give a value",
        "load_folder": "is a folder, not a canvas file",
        "load_huge_number": "{value} is too large a number",
        "load_key_not_text": "a key must be plain text, not a list or mapping",
        "load_line": "{source}:{line}",
        "load_merge_key": "merge keys ('<<') are not supported; write the keys out",
        "load_missing": "is required but missing",
        "load_more_unknown": "and more problems",
        "load_negative": "{value} is negative; it must be at least {limit}",
        "load_not_a_list": "must be a list, not {value}",
        "load_not_a_mapping": "must be a mapping of keys, not {value}",
        "load_not_a_number": "{value} is not a number",
        "load_not_allowed": "{value} is not allowed{hint}",
        "load_not_empty": "must not be empty",
        "load_not_finite": "{value} is not allowed; give a finite number",
        "load_not_one_line": "{value} must be one line of text without control characters or only spaces",
        "load_not_regular": "is not a regular file",
        "load_not_text": "{value} is not text; put it in quotes",
        "load_not_whole": "{value} is not a whole number",
        "load_nul_bytes": "the file contains NUL bytes; it is not a text file",
        "load_nul_name": "no such file: the name contains a NUL character",
        "load_symlink_missing": "is a symbolic link to a missing file",
        "load_syntax": "YAML syntax error: {what}",
        "load_syntax_where": "{context}, {problem}",
        "load_tag": "the tag {tag} is not allowed; use plain YAML values (text, numbers, lists, mappings)",
        "load_too_deep": "the file is nested too deeply",
        "load_too_few": "needs at least {need} {what}, found {found}",
        "load_too_large": "the file is {size}; canvas files are limited to {limit}",
        "load_too_large_value": "{value} is too large; it must be at most {limit}",
        "load_too_long": "is too long (at most {most} characters)",
        "load_too_many": "has too many {what}; a canvas holds at most {most}: split it into several canvases",
        "load_too_many_count": "has {found} {what}; a canvas holds at most {most}: split it into several canvases",
        "load_too_many_items": "has too many items (at most {most})",
        "load_too_small_above": "{value} is too small; it must be above {limit}",
        "load_top_level": (
            "the top level must be a mapping of keys (title:, subject:, players:, factors:, ...), not {kind}"
        ),
        "load_unknown_key": "unknown key {key}{hint}",
        "os_busy": "the file is in use",
        "os_denied": "permission denied",
        "os_disk_full": "the disk is full",
        "os_io": "input/output error (a disk or network fault)",
        "os_is_folder": "it is a folder",
        "os_long_name": "the name is too long",
        "os_loop": "a symbolic link on the path loops back on itself",
        "os_missing": "no such file or folder",
        "os_not_folder": "a part of the path is a file, not a folder",
        "os_not_regular": "it is not a regular file",
        "os_quota": "the disk quota is used up",
        "os_read_only": "the file system is read-only",
        "quoted": "'{name}'",
        "value_bool": "{value} (a yes/no value)",
        "value_empty": "an empty value",
        "value_list": "a list",
        "value_mapping": "a mapping",
        "load_no_such_file": "no such file; check the path",
        "load_not_utf8": "the file is not UTF-8 text (byte {byte}); save it with UTF-8 encoding",
        "load_too_small": "{value} is too small; it must be at least {limit}",
        "value_single": "a single value",
        "size_kb": "{n} KB",
        "size_mb": "{n} MB",
        "size_gb": "{n} GB",
    }
)

#: The English of the core's messages with plural forms (:func:`counted`): key -> (one, other).
ENGLISH_PLURAL: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "load_count_factor": ("factor", "factors"),
        "load_count_item": ("item", "items"),
        "load_count_player": ("player", "players"),
        "load_more_problems": ("and {n} more problem", "and {n} more problems"),
        "size_bytes": ("{n} byte", "{n} bytes"),
    }
)
