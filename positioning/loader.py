"""Load a canvas file safely and explain every problem with file, line and field.

The YAML is composed into a node tree (no object construction, so no code
runs), then turned into plain data by a small walker that

* accepts only plain YAML values (text, numbers, booleans, null, lists,
  mappings): ``!!python/...`` and other tags are refused;
* refuses duplicate keys, which PyYAML would otherwise silently overwrite;
* counts every node it visits, so an anchor/alias bomb (a few hundred bytes
  that expand to gigabytes) is refused after a bounded amount of work;
* records the line of every key and list item, so that validation errors
  from the models can name the line they are about.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

import yaml
from pydantic import ValidationError

from .model import (
    CATEGORIES,
    CHECKED,
    CRITERIA,
    SOURCES,
    Canvas,
    Factor,
    Path,
    Player,
    Scales,
    Style,
    Weights,
    consistency_problems,
    did_you_mean,
    format_path,
)

#: Largest file accepted; a 500-factor by 20-player canvas is about 250 KB.
MAX_BYTES = 2 * 1024 * 1024
#: Deepest nesting accepted; a canvas needs four levels.
MAX_DEPTH = 32
#: Aliases may repeat parts of a file, but the expanded tree may visit at most
#: this many times the file's own nodes (plus a little slack).
EXPANSION_FACTOR = 4
EXPANSION_SLACK = 10_000

try:  # libyaml's parser is ~10x faster; marks (lines) are the same.
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading, plus YAML 1.2 numbers such as ``1e3`` that YAML 1.1 reads as text."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)
#: Largest whole number taken as a number; beyond it floats lose precision anyway.
MAX_INT = 10**15
#: At most this many problems are listed per file.
MAX_PROBLEMS = 50

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a canvas file, worded for the person who wrote it."""

    source: str
    #: Line of a YAML file, or a cell such as "Factors!D5" of a workbook.
    line: int | str | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class CanvasError(ValueError):
    """A canvas file that cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_canvas(source: str | os.PathLike[str], *, name: str | None = None) -> Canvas:
    """Load and validate a canvas from a path or from YAML text.

    A :class:`pathlib.Path`, or a one-line string not starting with ``{``, is
    read as a file path; any other string is YAML text. ``name`` is what the
    messages call the source (default: the path, or ``<text>``).

    Raises :class:`CanvasError` listing every problem found.
    """
    if isinstance(source, os.PathLike) or ("\n" not in source and not source.lstrip().startswith("{")):
        path = FilePath(source)
        label = name or str(source)
        try:
            if path.exists() and not path.is_file() and not path.is_dir():
                raise CanvasError([Problem(label, None, "", "is not a regular file")])
            with path.open("rb") as stream:
                data = stream.read(MAX_BYTES + 1)  # never more, whatever stat() says
        except FileNotFoundError:
            raise CanvasError([Problem(label, None, "", "no such file; check the path")]) from None
        except IsADirectoryError:
            raise CanvasError([Problem(label, None, "", "is a folder, not a canvas file")]) from None
        except PermissionError:
            raise CanvasError([Problem(label, None, "", "cannot be read: permission denied")]) from None
        except OSError as error:
            raise CanvasError([Problem(label, None, "", f"cannot be read: {error.strerror or error}")]) from None
        return parse_canvas(data, name=label)
    return parse_canvas(source, name=name or "<text>")


def parse_canvas(content: str | bytes, *, name: str = "<text>") -> Canvas:
    """Validate canvas YAML given as text or as the bytes of a file."""
    data, lines = _read_yaml(content, name)
    return canvas_from_data(data, name=name, lines=lines)


def canvas_from_data(data: Mapping[str, Any], *, name: str = "canvas", lines: Mapping[Path, int] = {}) -> Canvas:
    """Validate plain data (as from a YAML file or an editor) into a Canvas.

    Raises :class:`CanvasError` with the same messages as for a file; lines
    are named when ``lines`` maps field paths to them.
    """
    problems = [_problem(name, lines, p, m) for p, m in consistency_problems(data, limit=MAX_PROBLEMS)]
    try:
        canvas = Canvas.model_validate(data, context={CHECKED: True})
    except ValidationError as error:
        errors = _relevant(error.errors())
        problems += [_from_pydantic(name, lines, e) for e in errors[:MAX_PROBLEMS]]
        if len(errors) > MAX_PROBLEMS:
            problems.append(Problem(name, None, "", f"and {len(errors) - MAX_PROBLEMS} more problems of the same kind"))
    if problems:
        problems.sort(key=_position)
        raise CanvasError(problems)
    return canvas


# --- YAML to plain data ------------------------------------------------------------


def _read_yaml(content: str | bytes, name: str) -> tuple[dict[str, Any], dict[Path, int]]:
    if isinstance(content, bytes):
        if len(content) > MAX_BYTES:
            raise CanvasError([Problem(name, None, "", _too_large(len(content)))])
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = content.count(b"\n", 0, error.start) + 1
            raise CanvasError(
                [
                    Problem(
                        name,
                        line,
                        "",
                        f"the file is not UTF-8 text (byte 0x{content[error.start]:02x}); save it with UTF-8 encoding",
                    )
                ]
            ) from None
    else:
        text = content
        if len(text) > MAX_BYTES:
            raise CanvasError([Problem(name, None, "", _too_large(len(text)))])
    if "\x00" in text:
        raise CanvasError([Problem(name, None, "", "the file contains NUL bytes; it is not a text file")])

    try:
        _check_depth(text, name)
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = error.problem or "YAML syntax error"
        if error.context:
            what = f"{error.context}, {what}"
        raise CanvasError([Problem(name, line, "", f"YAML syntax error: {what}")]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        char = chr(error.character) if isinstance(error.character, int) else error.character
        raise CanvasError(
            [Problem(name, line, "", f"character {char!r} is not allowed in a YAML file; remove it")]
        ) from None
    except yaml.YAMLError as error:
        raise CanvasError([Problem(name, None, "", f"YAML syntax error: {str(error).splitlines()[0]}")]) from None

    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == f"{_TAG}null" and not root.value):
        raise CanvasError(
            [Problem(name, None, "", "the file is empty; a canvas needs title, subject, players and factors")]
        )
    if not isinstance(root, yaml.MappingNode):
        raise CanvasError(
            [
                Problem(
                    name,
                    root.start_mark.line + 1,
                    "",
                    "the top level must be a mapping of keys (title:, subject:, players:, factors:, ...), "
                    f"not {_kind(root)}",
                )
            ]
        )
    walker = _Walker(name, budget=EXPANSION_FACTOR * _count_nodes(root) + EXPANSION_SLACK)
    walker.lines[()] = root.start_mark.line + 1  # missing top-level keys are reported here
    data = walker.value(root, ())
    if walker.problems:
        raise CanvasError(walker.problems)
    return data, walker.lines


def _check_depth(text: str, name: str) -> None:
    """Refuse deep nesting from the event stream, before composing: libyaml's
    composer recurses in C and would crash the process on ``[[[[...`` ."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1
                raise CanvasError([Problem(name, line, "", "the file is nested too deeply")])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _count_nodes(root: yaml.Node) -> int:
    """Distinct nodes in the file (aliases point at nodes already counted)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return len(seen)


class _Walker:
    """Turns a composed node tree into plain data, recording lines per path."""

    def __init__(self, name: str, budget: int):
        self.name = name
        self.budget = budget
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self._active: set[int] = set()
        self._constructor = yaml.constructor.SafeConstructor()

    def value(self, node: yaml.Node, path: Path) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise CanvasError(
                [
                    Problem(
                        self.name,
                        node.start_mark.line + 1,
                        format_path(path),
                        "anchors and aliases expand to far more data than the file holds; "
                        "refused (write the values out instead)",
                    )
                ]
            )
        if len(path) > MAX_DEPTH:
            raise CanvasError([Problem(self.name, node.start_mark.line + 1, "", "the file is nested too deeply")])
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if id(node) in self._active:
            raise CanvasError(
                [Problem(self.name, node.start_mark.line + 1, format_path(path), "an alias refers to itself")]
            )
        if node.tag not in (f"{_TAG}seq", f"{_TAG}map"):
            self._refuse_tag(node, path)
            return None
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                out: Any = []
                for i, item in enumerate(node.value):
                    self.lines[(*path, i)] = item.start_mark.line + 1
                    out.append(self.value(item, (*path, i)))
                return out
            out = {}
            for key_node, value_node in node.value:
                if key_node.tag == f"{_TAG}merge":
                    self._refuse(key_node, path, "merge keys ('<<') are not supported; write the keys out")
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    self._refuse(key_node, path, "a key must be plain text, not a list or mapping")
                    continue
                if key_node.tag not in _SCALAR_TAGS:
                    self._refuse_tag(key_node, path)
                    continue
                # Keys are names: take them as written, so `2024:` means the text "2024".
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in out:
                    self._refuse(
                        key_node,
                        (*path, key),
                        f"duplicate key '{key}' (first on line {self.lines.get((*path, key))}); "
                        "each key may appear once",
                    )
                    continue
                self.lines[(*path, key)] = line
                out[key] = self.value(value_node, (*path, key))
            return out
        finally:
            self._active.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self._refuse_tag(node, path)
            return None
        if node.tag == f"{_TAG}timestamp":  # a date is only ever free text here
            return node.value
        try:
            value = self._constructor.construct_object(node)
        except (ValueError, KeyError, IndexError, OverflowError, yaml.YAMLError):
            tag = node.tag.replace(_TAG, "!!")
            self._refuse(node, path, f"{_show(node.value)} is not a valid {tag} value")
            return None
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
            self._refuse(node, path, f"{_show(node.value)} is too large a number")
            return None
        return value

    def _refuse_tag(self, node: yaml.Node, path: Path) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self._refuse(
            node, path, f"the tag {tag} is not allowed; use plain YAML values (text, numbers, lists, mappings)"
        )

    def _refuse(self, node: yaml.Node, path: Path, message: str) -> None:
        self.problems.append(Problem(self.name, node.start_mark.line + 1, format_path(path), message))


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
}
_CHOICES = {"category": CATEGORIES, "source": SOURCES, "background": ("white", "transparent")}


def _position(problem: Problem) -> tuple:
    """Sort key: file order for lines, sheet then row then column for cells."""
    if isinstance(problem.line, str):
        sheet, _, cell = problem.line.partition("!")
        column, row = re.match(r"([A-Z]*)(\d*)", cell).groups()  # type: ignore[union-attr]
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


def _from_pydantic(name: str, lines: Mapping[Path, int | str], error: Mapping[str, Any]) -> Problem:
    loc: Path = tuple(error["loc"])
    if loc and loc[-1] == "[key]":  # an invalid mapping key: name the key itself
        loc = loc[:-1]
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        message = "is required but missing"
    elif value is None and kind.endswith("_type"):
        message = "is empty; give a value"
    elif kind == "extra_forbidden":
        allowed = _FIELDS.get(tuple("*" if isinstance(p, int) else p for p in loc[:-1]), ())
        message = f"unknown key {_show(str(loc[-1]))}{did_you_mean(str(loc[-1])[:100], allowed)}"
        if allowed:
            message += f" (allowed: {', '.join(allowed)})"
    elif kind in ("float_type", "int_type", "float_parsing", "int_parsing", "int_from_float"):
        whole = kind.startswith("int")
        shown = repr(value) if isinstance(value, float) else _show(value)  # "2.0", not "2"
        message = f"{shown} is not {'a whole number' if whole else 'a number'}"
    elif kind == "finite_number":
        message = f"{_show(value)} is not allowed; give a finite number"
    elif kind in ("string_type", "string_sub_type"):
        message = f"{_show(value)} is not text; put it in quotes"
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "string_too_long":
        message = f"is too long (at most {ctx.get('max_length')} characters)"
    elif kind == "literal_error":
        choices = _CHOICES.get(str(loc[-1]), ())
        message = f"{_show(value)} is not allowed{did_you_mean(str(value), choices)}"
        if choices:
            message += f" (allowed: {', '.join(choices)})"
    elif kind == "too_short":
        need = ctx.get("min_length")
        what = {"players": "player", "factors": "factor"}.get(str(loc[-1]) if loc else "", "item")
        message = f"needs at least {need} {what}{'' if need == 1 else 's'}, found {ctx.get('actual_length')}"
    elif kind == "too_long":
        message = f"has too many items (at most {ctx.get('max_length')})"
    elif kind in ("greater_than_equal", "greater_than"):
        least = ctx.get("ge", ctx.get("gt"))
        what = "is negative" if least == 0 else "is too small"
        message = f"{_show(value)} {what}; it must be at least {_show(least)}"
    elif kind in ("less_than_equal", "less_than"):
        message = f"{_show(value)} is too large; it must be at most {_show(ctx.get('le', ctx.get('lt')))}"
    elif kind == "string_pattern_mismatch":
        message = f"{_show(value)} must be one line of text without control characters or only spaces"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"must be a mapping of keys, not {_show(value)}"
    elif kind in ("tuple_type", "list_type"):
        message = f"must be a list, not {_show(value)}"
    else:
        message = error["msg"].removeprefix("Value error, ")
    return _problem(name, lines, loc, message)


def _problem(name: str, lines: Mapping[Path, int | str], loc: Path, message: str) -> Problem:
    line = None
    for end in range(len(loc), -1, -1):  # a missing key is reported on its parent's line
        line = lines.get(tuple(loc[:end]))
        if line:
            break
    return Problem(name, line, format_path(loc), message)


def _show(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "a single value"


def _too_large(size: int) -> str:
    return f"the file is {size / 1024 / 1024:.1f} MB; canvas files are limited to {MAX_BYTES // 1024 // 1024} MB"
