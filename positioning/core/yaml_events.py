"""What the loader checks on a YAML file's event stream, before composing its node tree.

Composing builds a node per value and resolves every plain value's type: for a 2 MB file of 20,000
factors that is seconds of CPU for a file refused anyway. One pass over the parser's events (a tenth of
that) finds what makes composing pointless or unsafe:

* nesting deeper than :data:`MAX_DEPTH` (libyaml's composer recurses in C and would crash the process
  on ``[[[[...``);
* more factors than a canvas holds (:data:`~positioning.core.model.MAX_FACTORS`), refused with the
  sentence the model's check gives, on the line of the ``factors:`` key;

and counts the file's own nodes, which bound the work an alias may cause (the loader's budget).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from positioning.core.messages import Message, counted, say
from positioning.core.model import MAX_FACTORS

#: Deepest nesting accepted; a canvas needs four levels.
MAX_DEPTH = 32

#: Top-level lists refused from the event stream when longer than a canvas holds: key -> (at most, the
#: wording's count key). Players are left to the model, which lists their other problems too.
CAPPED = {"factors": (MAX_FACTORS, "load_count_factor")}

# Events by their exact type (libyaml's parser makes these classes, no subclass), looked up once each.
_STARTS = frozenset((yaml.SequenceStartEvent, yaml.MappingStartEvent))
_ENDS = frozenset((yaml.SequenceEndEvent, yaml.MappingEndEvent))
_NODES = frozenset((yaml.ScalarEvent, *_STARTS))  # each makes a node of the tree
_VALUES = frozenset((*_NODES, yaml.AliasEvent))  # each is a key, a value or an item


@dataclass(frozen=True)
class Refusal:
    """Why the file is refused before it is composed: the line (None: unknown), the field and the words."""

    line: int | None
    path: str
    words: Message


@dataclass
class _List:
    """A capped top-level list being counted."""

    key: str
    line: int
    most: int
    count_key: str
    items: int = 0

    def refusal(self, *, whole: bool) -> Refusal:
        """The model's sentence: the count when the whole list was read, else that there are too many."""
        most = f"{self.most:,}"
        if whole:
            what = counted(self.count_key, self.items)
            words = say("load_too_many_count", found=f"{self.items:,}", what=what, most=most)
        else:
            words = say("load_too_many", what=counted(self.count_key, 2), most=most)
        return Refusal(self.line, self.key, words)


@dataclass
class Scan:
    """The event stream read so far: the file's own nodes and where the reading is."""

    nodes: int = 0
    depth: int = 0
    at_key: bool = False  # in the top-level mapping, the next value is a key
    key: tuple[str, int] | None = None  # the top-level key just read, and its line
    counting: _List | None = None
    over: _List | None = None  # a list found longer than its cap

    def step(self, event: Any) -> Refusal | None:
        """Take one event; a refusal as soon as one is certain (a list's whole count is known at its end)."""
        kind = type(event)
        if kind in _VALUES:
            self.nodes += kind in _NODES
            if self.depth <= 2:  # the root, its keys and values, the items of its lists
                self._node(event)
            if kind in _STARTS:
                self.depth += 1
                if self.depth > MAX_DEPTH:
                    return Refusal(_line(event), "", say("load_too_deep"))
        elif kind in _ENDS:
            self.depth -= 1
            if self.depth == 1 and self.counting is not None:
                done, self.counting = self.counting, None
                if done.items > done.most:
                    return done.refusal(whole=True)
        return None

    def _node(self, event: Any) -> None:
        if self.depth == 0:
            self.at_key = isinstance(event, yaml.MappingStartEvent)  # the root's first key comes next
        elif self.depth == 1 and self.at_key:
            self.key = (event.value, _line(event)) if isinstance(event, yaml.ScalarEvent) else None
            self.at_key = False
        elif self.depth == 1:
            self.at_key = True
            if self.key and self.key[0] in CAPPED and isinstance(event, yaml.SequenceStartEvent):
                self.counting = _List(self.key[0], self.key[1], *CAPPED[self.key[0]])
        elif self.depth == 2 and self.counting is not None:
            self.counting.items += 1
            if self.counting.items > self.counting.most:
                self.over = self.counting


def scan_events(text: str, loader: type) -> tuple[int, Refusal | None]:
    """The number of nodes ``text`` composes into, and the first reason to refuse it before composing.

    A YAML error after a list was found too long still refuses the file for the list (its count is then
    unknown); before that, the error is the parser's, raised as such."""
    scan = Scan()
    try:
        for event in yaml.parse(text, Loader=loader):
            refusal = scan.step(event)
            if refusal is not None:
                return scan.nodes, refusal
    except yaml.YAMLError:
        if scan.over is None:
            raise
        return scan.nodes, scan.over.refusal(whole=False)
    return scan.nodes, None


def _line(event: Any) -> int:
    return int(event.start_mark.line) + 1
