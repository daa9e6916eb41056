"""Load a canvas file safely and explain every problem with file, line and field.

The YAML is composed into a node tree (no object construction, so no code
runs), then turned into plain data by a small walker that

* accepts only plain YAML values (text, numbers, booleans, null, lists,
  mappings): ``!!python/...`` and other tags are refused;
* reads plain values by the YAML 1.2 core schema, not PyYAML's YAML 1.1
  rules: ``010`` is ten, ``1:3`` and ``0b11`` are text, and only
  ``true``/``false`` are booleans (``no``, the country code of Norway, is text);
* refuses duplicate keys, which PyYAML would otherwise silently overwrite;
* counts every node it visits, so an anchor/alias bomb (a few hundred bytes
  that expand to gigabytes) is refused after a bounded amount of work;
* records the line of every key and list item, so that validation errors
  from the models can name the line they are about.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import yaml
from pydantic import ValidationError

from positioning.core.annotations import Annotation
from positioning.core.messages import (
    Catalogue,
    English,
    Message,
    counted,
    issue_message,
    names,
    phrase,
    render,
    say,
    verbatim,
)
from positioning.core.model import (
    CATEGORIES,
    CHECKED,
    CRITERIA,
    ISSUES,
    SOURCES,
    Canvas,
    Factor,
    FieldPath,
    Issue,
    Player,
    Scales,
    Style,
    Weights,
    consistency_problems,
    format_path,
    issue,
    near_miss,
)
from positioning.core.places import Owner, owner_of
from positioning.core.sizes import ByteSize
from positioning.core.yaml_events import MAX_DEPTH, scan_events

if TYPE_CHECKING or hasattr(yaml, "CSafeLoader"):  # libyaml's parser is ~10x faster; marks (lines) are the same
    from yaml import CSafeLoader as _Base
else:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Base

#: Largest file accepted; a 500-factor by 20-player canvas is about 250 KB.
MAX_BYTES = 2 * 1024 * 1024
#: Aliases may repeat parts of a file, but the expanded tree may visit at most
#: this many times the file's own nodes (plus a little slack).
EXPANSION_FACTOR = 4
EXPANSION_SLACK = 10_000
#: Largest whole number taken as a number; beyond it floats lose precision anyway.
MAX_INT = 10**15
#: At most this many problems are listed per file.
MAX_PROBLEMS = 50

_TAG = "tag:yaml.org,2002:"
_MERGE = f"{_TAG}merge"
_COLLECTION_TAGS = (f"{_TAG}seq", f"{_TAG}map")

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULL = r"~|null|Null|NULL"  # and the empty value
_BOOL = r"true|True|TRUE|false|False|FALSE"
_INT_10 = r"[-+]?[0-9]+"
_INT_8 = r"0o[0-7]+"
_INT_16 = r"0x[0-9a-fA-F]+"
_FLOAT = r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
_INF = r"[-+]?\.(?:inf|Inf|INF)"
_NAN = r"\.(?:nan|NaN|NAN)"


class _Loader(_Base):
    """Safe loading whose plain scalars resolve by the YAML 1.2 core schema.

    PyYAML resolves by YAML 1.1 (``010`` is 8, ``1:3`` is 63, ``no`` is
    false); libyaml only parses, the tags come from this table, so the table
    is built from scratch rather than patched.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """PyYAML's ``BaseResolver.resolve`` for this table (no path resolvers, no wildcard ones), without
        building the list of candidates anew for each value the composer resolves: the same tags."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return f"{_TAG}str"
        return f"{_TAG}seq" if kind is yaml.SequenceNode else f"{_TAG}map"


_Loader.yaml_implicit_resolvers = {}  # an own, empty table: none of the inherited YAML 1.1 rules


def _resolve(tag: str, pattern: str, first: str) -> None:
    _Loader.add_implicit_resolver(f"{_TAG}{tag}", re.compile(rf"(?:{pattern})\Z"), list(first))


# Order matters within a first character: "10" is an int before it is a float.
_resolve("null", _NULL, "~nN")
_Loader.add_implicit_resolver(f"{_TAG}null", re.compile(r"\Z"), [""])  # an empty value


def yaml_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """The loader's implicit resolvers (first character -> (tag, pattern)), for
    a writer that must quote whatever they would not read as text."""
    return _Loader.yaml_implicit_resolvers


_resolve("bool", _BOOL, "tTfF")
_resolve("int", f"{_INT_10}|{_INT_8}|{_INT_16}", "-+0123456789")
_resolve("float", f"{_FLOAT}|{_INF}|{_NAN}", "-+.0123456789")
# Not YAML 1.2, but a `<<:` key is meant as a merge key: tag it so it is refused by name.
_resolve("merge", "<<", "<")


# Compiled once (re.fullmatch with a pattern's text looks it up in re's cache on every value).
_INT_10_RE, _INT_8_RE, _INT_16_RE = (re.compile(p) for p in (_INT_10, _INT_8, _INT_16))
_INF_RE, _NAN_RE, _FLOAT_RE, _BOOL_RE = (re.compile(p) for p in (_INF, _NAN, _FLOAT, _BOOL))


def _to_int(text: str) -> int:
    if _INT_10_RE.fullmatch(text):  # the three forms exclude one another: the usual one first
        return int(text, 10)  # ValueError beyond 4300 digits
    if _INT_8_RE.fullmatch(text):
        return int(text[2:], 8)
    if _INT_16_RE.fullmatch(text):
        return int(text[2:], 16)
    raise ValueError(text)


def _to_float(text: str) -> float:
    if _INF_RE.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN_RE.fullmatch(text):
        return math.nan
    if _FLOAT_RE.fullmatch(text):
        return float(text)
    raise ValueError(text)


def _to_bool(text: str) -> bool:
    if not _BOOL_RE.fullmatch(text):
        raise ValueError(text)
    return text.lower() == "true"


#: How a plain value of each allowed tag becomes data; other tags are refused.
_SCALARS: dict[str, Callable[[str], Any]] = {
    f"{_TAG}str": str,
    f"{_TAG}null": lambda _text: None,
    f"{_TAG}bool": _to_bool,
    f"{_TAG}int": _to_int,
    f"{_TAG}float": _to_float,
    f"{_TAG}timestamp": str,  # only by an explicit !!timestamp; a date is free text here
}


#: What the loader says: a message as data, worded by :mod:`positioning.i18n` in any language.
Words = Message

__all__ = ["CanvasError", "Problem", "Words", "canvas_from_data", "load_canvas", "parse_canvas", "say", "verbatim"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a canvas file, worded for the person who wrote it.

    ``message`` is the English (the file format's contract: the CLI, the
    HTTP API and the tests read it); ``words`` is the same message as data,
    which :func:`positioning.i18n.wording.located` words in any language. A
    problem made with only an English ``message`` reads English in every
    language; :meth:`worded` makes one from its words.
    """

    source: str
    #: Line of a YAML file, or a cell such as "Factors!D5" of a workbook.
    line: int | str | None
    path: str
    message: str
    #: The message as data (None: ``message`` in every language).
    words: Message | None = field(default=None, repr=False, compare=False)
    #: The named item ``path`` points into (a factor, a player...): the place worded with its name.
    owner: Owner | None = field(default=None, repr=False, compare=False)

    @classmethod
    def worded(
        cls,
        source: str,
        line: int | str | None,
        path: str,
        words: Message,
        catalogue: Catalogue | None = None,
        *,
        owner: Owner | None = None,
    ) -> Problem:
        """A problem whose message is ``words`` (its English from ``catalogue``, by default the core's own)."""
        return cls(source, line, path, render(words, catalogue or English()), words, owner)

    def __str__(self) -> str:
        return locate(self, English(), self.message)


def locate(problem: Problem, catalogue: Catalogue, text: str) -> str:
    """The whole problem on one line in the language of ``catalogue``: where, the field, ``text``.

    >>> problem = Problem.worded("c.yaml", 12, "top", say("load_missing"))
    >>> str(problem)
    'c.yaml:12: top: is required but missing'
    """
    where = problem.source
    if problem.line and isinstance(problem.line, str):
        where = render(say("load_cell", source=problem.source, cell=problem.line), catalogue)
    elif problem.line:
        where = render(say("load_line", source=problem.source, line=problem.line), catalogue)
    if problem.path:
        where = render(say("load_at", where=where, message=problem.path), catalogue)
    return render(say("load_at", where=where, message=text), catalogue)


class CanvasError(ValueError):
    """A canvas file that cannot be used; ``problems`` lists every reason (``str()`` is the English;
    :func:`positioning.i18n.wording.error_text` words them in any language)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _fail(name: str, line: int | str | None, path: str, words: Words) -> NoReturn:
    """Stop with one problem."""
    raise CanvasError([Problem.worded(name, line, path, words)])


def load_canvas(path: str | os.PathLike[str], *, name: str | None = None) -> Canvas:
    """Load and validate the canvas file at ``path`` (a str is a path too).

    For YAML text or bytes already in memory, use :func:`parse_canvas`; a
    str with a line break is such text, and raises TypeError saying so.
    ``name`` is what the messages call the file (default: the path).

    Raises :class:`CanvasError` listing every problem found.
    """
    if isinstance(path, str) and "\n" in path:
        raise TypeError("load_canvas() takes a file path; give YAML text to parse_canvas()")
    label = name or os.fspath(path)
    return parse_canvas(_read_file(Path(path), label), name=label)


def parse_canvas(content: str | bytes, *, name: str = "<text>") -> Canvas:
    """Validate canvas YAML given as text or as the bytes of a file."""
    data, lines = _read_yaml(content, name)
    return canvas_from_data(data, name=name, lines=lines)


def canvas_from_data(
    data: Mapping[str, Any], *, name: str = "canvas", lines: Mapping[FieldPath, int | str] | None = None
) -> Canvas:
    """Validate plain data (as from a YAML file or an editor) into a Canvas.

    Raises :class:`CanvasError` with the same messages as for a file; lines
    are named when ``lines`` maps field paths to them.
    """
    checks = consistency_problems(data, limit=MAX_PROBLEMS + 1)
    errors: list[Any] = []
    try:
        canvas = Canvas.model_validate(data, context={CHECKED: True})
    except ValidationError as error:
        errors = _relevant(error.errors())
    else:
        if not checks:
            return canvas
    raise CanvasError(_listed(_Place(name, lines or {}, data), checks, errors))


@dataclass(frozen=True)
class _Place:
    """What places a problem: the file's name, the line (or cell) of each field, the data read."""

    name: str
    lines: Mapping[FieldPath, int | str]
    data: Mapping[str, Any]


def _listed(place: _Place, checks: list[tuple[FieldPath, Issue]], errors: list[Any]) -> list[Problem]:
    """The first MAX_PROBLEMS problems in file order, then how many more there are."""
    name = place.name
    problems = [_problem(place, path, _issue_words(found)) for path, found in checks]
    problems += [_from_pydantic(place, e) for e in errors[:MAX_PROBLEMS]]
    problems.sort(key=problem_order)
    hidden = len(checks) + len(errors) - MAX_PROBLEMS
    if hidden <= 0:
        return problems
    # consistency_problems stops after MAX_PROBLEMS + 1, so then the count is unknown.
    more = say("load_more_unknown") if len(checks) > MAX_PROBLEMS else counted("load_more_problems", hidden)
    return [*problems[:MAX_PROBLEMS], Problem.worded(name, None, "", more)]


def _issue_words(found: Issue) -> Words:
    return issue_message(found)


# --- the file ----------------------------------------------------------------------

#: Opening a pipe for reading must not wait for a writer.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

#: Why the system refused a file: the wording key of each errno.
_OS_REASONS = {
    errno.EACCES: "os_denied",
    errno.EPERM: "os_denied",
    errno.ENOENT: "os_missing",
    errno.ENOTDIR: "os_not_folder",
    errno.EISDIR: "os_is_folder",
    errno.ELOOP: "os_loop",
    errno.ENAMETOOLONG: "os_long_name",
    errno.ENXIO: "os_not_regular",
    errno.ENOSPC: "os_disk_full",
    errno.EDQUOT: "os_quota",
    errno.EROFS: "os_read_only",
    errno.EIO: "os_io",
    errno.EBUSY: "os_busy",
    errno.ETXTBSY: "os_busy",
}


def os_words(error: OSError) -> Words:
    """A short phrase for an operating-system error, without errno numbers (the system's
    own words, in its language, for an error the wording has none for)."""
    if error.errno in _OS_REASONS:
        return say(_OS_REASONS[error.errno])
    text = error.strerror or str(error) or type(error).__name__
    return verbatim(text[:1].lower() + text[1:])


def os_reason(error: OSError) -> str:
    """:func:`os_words` in English."""
    return render(os_words(error), English())


def _cannot_read(path: Path, error: OSError) -> Words:
    if error.errno == errno.ENOENT:
        return say("load_symlink_missing" if path.is_symlink() else "load_no_such_file")
    if error.errno == errno.EISDIR:
        return say("load_folder")
    return say("load_cannot_read", why=os_words(error))


def _read_file(path: Path, label: str) -> bytes:
    """The file's bytes; never waits on a pipe, never reads more than MAX_BYTES + 1."""
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except OSError as error:
        _fail(label, None, "", _cannot_read(path, error))
    except ValueError:  # a NUL character, which no file name can hold
        _fail(repr(label), None, "", say("load_nul_name"))
    try:
        return _read_regular(fd, label)
    except OSError as error:
        _fail(label, None, "", _cannot_read(path, error))
    finally:
        os.close(fd)


def _read_regular(fd: int, label: str) -> bytes:
    mode = os.fstat(fd).st_mode
    if stat.S_ISDIR(mode):
        _fail(label, None, "", say("load_folder"))
    if not stat.S_ISREG(mode):  # a device would never end, a pipe never be the same twice
        _fail(label, None, "", say("load_not_regular"))
    with open(fd, "rb", closefd=False) as stream:
        data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        _fail(label, None, "", _too_large(max(len(data), os.fstat(fd).st_size)))
    return data


# --- YAML to plain data ------------------------------------------------------------


def _read_yaml(content: str | bytes, name: str) -> tuple[dict[str, Any], dict[FieldPath, int]]:
    found, nodes = _compose(_decode(content, name), name)
    root = _check_root(found, name)
    walker = _Walker(name, budget=EXPANSION_FACTOR * nodes + EXPANSION_SLACK)
    walker.lines[()] = _line(root)  # missing top-level keys are reported here
    data = walker.value(root, ())
    if walker.problems:
        raise CanvasError(walker.problems)
    return data, walker.lines


def _decode(content: str | bytes, name: str) -> str:
    """Text from the file's bytes: at most MAX_BYTES, UTF-8 (a BOM is fine), no NUL."""
    if len(content) > MAX_BYTES:
        _fail(name, None, "", _too_large(len(content)))
    text = content if isinstance(content, str) else _utf8(content, name)
    if "\x00" in text:
        _fail(name, None, "", say("load_nul_bytes"))
    return text


def _utf8(content: bytes, name: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        byte = content[error.start]
        _fail(name, line, "", say("load_not_utf8", byte=f"0x{byte:02x}"))


def _compose(text: str, name: str) -> tuple[yaml.Node | None, int]:
    """The node tree of the one YAML document in ``text`` (None when there is none) and its number of
    nodes (aliases point at nodes already counted); what the event stream refuses is refused first,
    without composing (:mod:`positioning.core.yaml_events`)."""
    try:
        nodes, refusal = scan_events(text, _Loader)
        if refusal is not None:
            _fail(name, refusal.line, refusal.path, refusal.words)
        return yaml.compose(text, Loader=_Loader), nodes
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        _fail(name, mark.line + 1 if mark else None, "", say("load_syntax", what=_syntax_words(error)))
    except yaml.reader.ReaderError as error:
        char = chr(error.character) if isinstance(error.character, int) else error.character
        line = text.count("\n", 0, error.position) + 1
        _fail(name, line, "", say("load_bad_character", char=repr(char)))
    except yaml.YAMLError as error:
        _fail(name, None, "", say("load_syntax", what=str(error).splitlines()[0]))


def _syntax_words(error: yaml.MarkedYAMLError) -> Words:
    """What PyYAML says is wrong: the context and the problem, each in the wording's words where it has them."""
    problem = error.problem or "YAML syntax error"
    if not error.context:
        return phrase(problem)
    context = error.context
    return say(
        "load_syntax_where",
        context=phrase(context),
        problem=phrase(problem),
    )


def _check_root(root: yaml.Node | None, name: str) -> yaml.MappingNode:
    """The document must be a mapping of the canvas's keys."""
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == f"{_TAG}null" and not root.value):
        _fail(name, None, "", say("load_empty"))
    if not isinstance(root, yaml.MappingNode):
        kind = say("value_list" if isinstance(root, yaml.SequenceNode) else "value_single")
        _fail(name, _line(root), "", say("load_top_level", kind=kind))
    return root


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Walker:
    """Turns a composed node tree into plain data, recording lines per path."""

    def __init__(self, name: str, budget: int):
        self.name = name
        self.budget = budget
        self.lines: dict[FieldPath, int] = {}
        self.problems: list[Problem] = []
        self._active: set[int] = set()

    def value(self, node: yaml.Node, path: FieldPath) -> Any:
        self._spend(node, path)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if id(node) in self._active:
            _fail(self.name, _line(node), format_path(path), say("load_alias_itself"))
        if node.tag not in _COLLECTION_TAGS:
            self._refuse_tag(node, path)
            return None
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return self._sequence(node, path)
            return self._mapping(node, path)
        finally:
            self._active.discard(id(node))

    def _spend(self, node: yaml.Node, path: FieldPath) -> None:
        """Count the visit; stop a bomb or a nesting the parser let through."""
        self.budget -= 1
        if self.budget < 0:
            _fail(self.name, _line(node), format_path(path), say("load_alias_bomb"))
        if len(path) > MAX_DEPTH:
            _fail(self.name, _line(node), "", say("load_too_deep"))

    def _sequence(self, node: yaml.SequenceNode, path: FieldPath) -> list[Any]:
        out = []
        for i, item in enumerate(node.value):
            self.lines[(*path, i)] = _line(item)
            out.append(self.value(item, (*path, i)))
        return out

    def _mapping(self, node: yaml.Node, path: FieldPath) -> dict[str, Any]:
        """A mapping node's keys and values (``node.value`` holds the pairs)."""
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path, out)
            if key is not None:
                self.lines[(*path, key)] = _line(key_node)
                out[key] = self.value(value_node, (*path, key))
        return out

    def _key(self, node: yaml.Node, path: FieldPath, seen: Mapping[str, Any]) -> str | None:
        """The key as written (so `2024:` is the text "2024"), or None and a problem."""
        if node.tag == _MERGE:
            self._refuse(node, path, say("load_merge_key"))
        elif not isinstance(node, yaml.ScalarNode):
            self._refuse(node, path, say("load_key_not_text"))
        elif node.tag not in _SCALARS:
            self._refuse_tag(node, path)
        elif node.value in seen:
            first = self.lines.get((*path, node.value))
            self._refuse(node, (*path, node.value), say("load_duplicate_key", key=node.value, first=first))
        else:
            return str(node.value)
        return None

    def _scalar(self, node: yaml.ScalarNode, path: FieldPath) -> Any:
        if node.tag not in _SCALARS:
            self._refuse_tag(node, path)
            return None
        try:
            value = _SCALARS[node.tag](node.value)
        except ValueError:
            self._refuse(node, path, say("load_bad_scalar", value=_show(node.value), tag=node.tag.replace(_TAG, "!!")))
            return None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            self._refuse(node, path, say("load_huge_number", value=_show(node.value)))
            return None
        return value

    def _refuse_tag(self, node: yaml.Node, path: FieldPath) -> None:
        self._refuse(node, path, say("load_tag", tag=node.tag.replace(_TAG, "!!")))

    def _refuse(self, node: yaml.Node, path: FieldPath, words: Words) -> None:
        self.problems.append(Problem.worded(self.name, _line(node), format_path(path), words))


# --- model errors to user messages --------------------------------------------------

# Allowed keys at each place in the file, for "did you mean" hints.
_FIELDS: dict[tuple[str, ...], tuple[str, ...]] = {
    (): tuple(Canvas.model_fields),
    ("players", "*"): tuple(Player.model_fields),
    ("scales",): tuple(Scales.model_fields),
    ("weights",): tuple(Weights.model_fields),
    ("style",): tuple(Style.model_fields),
    ("factors", "*"): tuple(Factor.model_fields),
    ("factors", "*", "scores"): CRITERIA,
    ("annotations", "*"): tuple(Annotation.model_fields),
}
_CHOICES = {
    "category": CATEGORIES,
    "source": SOURCES,
    "background": ("white", "transparent"),
    "better": ("higher", "lower"),
    "panel_aggregate": ("mean", "median"),
}


def problem_order(problem: Problem) -> tuple[int, str, int, int, str]:
    """Sort key: file order for lines, sheet then row then column for cells."""
    if isinstance(problem.line, str):
        sheet, _, cell = problem.line.partition("!")
        column = cell.rstrip("0123456789")
        row = cell[len(column) :]
        return (1, sheet, int(row or 0), len(column), column)
    return (0, "", problem.line or 0, 0, "")


def _relevant(errors: list[Any]) -> list[Any]:
    """Drop errors that only echo others: pydantic reports a list whose items
    all failed as also "too short"."""

    def echoes(error: Any) -> bool:
        loc = tuple(error["loc"])
        return error["type"] == "too_short" and any(
            len(other["loc"]) > len(loc) and tuple(other["loc"][: len(loc)]) == loc for other in errors
        )

    return [e for e in errors if not echoes(e)]


@dataclass(frozen=True)
class _Error:
    """The parts of a pydantic error that the messages use."""

    loc: FieldPath
    value: Any
    ctx: Mapping[str, Any]

    @property
    def key(self) -> str:
        return str(self.loc[-1]) if self.loc else ""


def _allowed(message: Words, choices: tuple[str, ...]) -> Words:
    """``message`` followed by the allowed keys or values, when there are any."""
    if not choices:
        return message
    return say("load_allowed", message=message, choices=names(choices))


def _hint(word: str, choices: tuple[str, ...]) -> Words:
    """``; did you mean 'scores'?`` for a near miss, else nothing."""
    near = near_miss(word, choices)
    return say("did_you_mean", name=near) if near else verbatim("")


def _unknown_key(e: _Error) -> Words:
    allowed = _FIELDS.get(tuple("*" if isinstance(p, int) else p for p in e.loc[:-1]), ())
    return _allowed(say("load_unknown_key", key=_show(e.key), hint=_hint(e.key[:100], allowed)), allowed)


def _number(value: Any) -> Words:
    return verbatim(repr(value)) if isinstance(value, float) else _show(value)  # "2.0", not "2"


def _not_a_number(e: _Error) -> Words:
    return say("load_not_a_number", value=_number(e.value))


def _not_whole(e: _Error) -> Words:
    return say("load_not_whole", value=_number(e.value))


def _not_a_choice(e: _Error) -> Words:
    choices = _CHOICES.get(e.key, ())
    return _allowed(say("load_not_allowed", value=_show(e.value), hint=_hint(str(e.value), choices)), choices)


def _too_few(e: _Error) -> Words:
    need = e.ctx.get("min_length")
    what = {"players": "player", "factors": "factor"}.get(e.key, "item")
    count = counted(f"load_count_{what}", need if isinstance(need, int) else 2)
    return say("load_too_few", need=need, what=count, found=e.ctx.get("actual_length"))


def _too_many(e: _Error) -> Words:
    most, found = e.ctx.get("max_length"), e.ctx.get("actual_length")
    what = {"players": "player", "factors": "factor"}.get(e.key)
    if what is None:
        return say("load_too_many_items", most=most)
    if isinstance(found, int):
        what_many = counted(f"load_count_{what}", found)
        return say("load_too_many_count", found=f"{found:,}", what=what_many, most=f"{most:,}")
    return say("load_too_many", what=counted(f"load_count_{what}", 2), most=f"{most:,}")


def _too_small(e: _Error) -> Words:
    if "gt" in e.ctx:
        return say("load_too_small_above", value=_show(e.value), limit=_show(e.ctx["gt"]))
    least = e.ctx.get("ge")
    return say("load_negative" if least == 0 else "load_too_small", value=_show(e.value), limit=_show(least))


def _too_large_value(e: _Error) -> Words:
    return say("load_too_large_value", value=_show(e.value), limit=_show(e.ctx.get("le", e.ctx.get("lt"))))


def _not_text(e: _Error) -> Words:
    return say("load_not_text", value=_show(e.value))


def _not_a_mapping(e: _Error) -> Words:
    return say("load_not_a_mapping", value=_show(e.value))


def _not_a_list(e: _Error) -> Words:
    return say("load_not_a_list", value=_show(e.value))


#: The message for each pydantic error type; other types keep pydantic's own words.
_MESSAGES: dict[str, Callable[[_Error], Words]] = {
    "missing": lambda e: say("load_missing"),
    "extra_forbidden": _unknown_key,
    "float_type": _not_a_number,
    "float_parsing": _not_a_number,
    "int_type": _not_whole,
    "int_parsing": _not_whole,
    "int_from_float": _not_whole,
    "finite_number": lambda e: say("load_not_finite", value=_show(e.value)),
    "string_type": _not_text,
    "string_sub_type": _not_text,
    "string_too_short": lambda e: say("load_not_empty"),
    "string_too_long": lambda e: say("load_too_long", most=e.ctx.get("max_length")),
    "literal_error": _not_a_choice,
    "too_short": _too_few,
    "too_long": _too_many,
    "greater_than_equal": _too_small,
    "greater_than": _too_small,
    "less_than_equal": _too_large_value,
    "less_than": _too_large_value,
    "string_pattern_mismatch": lambda e: say("load_not_one_line", value=_show(e.value)),
    "model_type": _not_a_mapping,
    "dict_type": _not_a_mapping,
    "model_attributes_type": _not_a_mapping,
    "tuple_type": _not_a_list,
    "list_type": _not_a_list,
}


def _from_pydantic(place: _Place, error: Mapping[str, Any]) -> Problem:
    loc: FieldPath = tuple(error["loc"])
    if loc and loc[-1] == "[key]":  # an invalid mapping key: name the key itself
        loc = loc[:-1]
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if value is None and kind.endswith("_type"):
        words = say("load_empty_value")
    elif kind in _MESSAGES:
        words = _MESSAGES[kind](_Error(loc, value, ctx))
    elif kind in ISSUES:  # the models' own checks (a colour, a scale, the weights)
        words = _issue_words(issue(kind, **ctx))
    else:
        words = verbatim(error["msg"].removeprefix("Value error, "))
    return _problem(place, loc, words)


def _problem(place: _Place, loc: FieldPath, words: Words) -> Problem:
    line = None
    for end in range(len(loc), -1, -1):  # a missing key is reported on its parent's line
        line = place.lines.get(tuple(loc[:end]))
        if line:
            break
    return Problem.worded(place.name, line, format_path(loc), words, owner=owner_of(place.data, loc))


def _show(value: Any) -> Words:
    """A value the user wrote, as a message names it: itself, or the kind of value it is."""
    if value is None:
        return say("value_empty")
    if isinstance(value, bool):
        return say("value_bool", value=str(value).lower())
    if isinstance(value, Mapping):
        return say("value_mapping")
    if isinstance(value, list | tuple):
        return say("value_list")
    if isinstance(value, str):
        return verbatim(repr(value) if len(value) <= 40 else repr(value[:37] + "..."))
    if isinstance(value, float):
        return verbatim(f"{value:g}")
    return verbatim(repr(value))


def _too_large(size: int) -> Words:
    return say("load_too_large", size=ByteSize(size), limit=ByteSize(MAX_BYTES))
