"""Annotations: short notes a consultant pins on the chart, each on a factor and optionally a player.

A canvas's ``annotations`` is a list of ``{factor: NAME, player: NAME, text: "short text"}`` (``player``
optional: without it the note is on the factor itself). The limits, the file format's contract:

* at most :data:`MAX_ANNOTATIONS` annotations;
* ``text`` is one line of plain text of 1 to :data:`MAX_TEXT` characters (no line break, no control
  character, not only spaces; none of the invisible or direction-changing characters a name may not
  hold). It is drawn as text: ``<b>`` shows as the four characters it is;
* ``factor`` names one of the canvas's factors and ``player`` one of its players, exactly as the
  canvas writes them (:func:`annotation_problems` says which does not).

The chart draws each as a callout (:mod:`positioning.chart.annotations`). The helpers at the end keep
the annotations of plain canvas data in step when a factor or a player is renamed or removed, so an
edit never leaves a note on a name that is gone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from positioning.core.names import MAX_NAME, NAME_PATTERN, has_name_characters, refused_character, shown

#: Most annotations on a canvas: more would bury the chart.
MAX_ANNOTATIONS = 50
#: Longest annotation text, in characters: a callout, not a paragraph.
MAX_TEXT = 120

#: A problem found: the field's path, a key of the model's issues and its values (``names``: the
#: names it should be one of, for the model to list with a near miss).
Found = tuple[tuple[str | int, ...], str, dict[str, Any]]

Reference = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_NAME)]
NoteText = Annotated[str, Field(strict=True, min_length=1, max_length=MAX_TEXT, pattern=NAME_PATTERN)]


class Annotation(BaseModel):
    """A short note on a factor, or on one player's point on it, drawn as a callout on the chart."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    factor: Reference = Field(description="The factor the note is on; one of the factors' names.")
    player: Reference | None = Field(
        default=None,
        description="The player whose point the note is on; one of the players' names. "
        "Left out: the note is on the factor's label.",
    )
    text: NoteText = Field(
        description=f"The note: one line of plain text, at most {MAX_TEXT} characters (HTML is shown as text)."
    )

    def data(self) -> dict[str, str]:
        """The annotation as the file writes it: ``player`` left out when it has none."""
        return {"factor": self.factor, **({"player": self.player} if self.player else {}), "text": self.text}


def annotation_problems(annotations: Any, factors: Sequence[str], players: Sequence[str]) -> Iterator[Found]:
    """What is wrong with the annotations of plain data beyond their types: a factor or a player the
    canvas has not, a text holding a character no name may hold. Malformed items are skipped (the
    model reports them)."""
    if not isinstance(annotations, Sequence) or isinstance(annotations, str):
        return
    for i, note in enumerate(annotations):
        if not isinstance(note, Mapping):
            continue
        factor, player, text = note.get("factor"), note.get("player"), note.get("text")
        if factors and has_name_characters(factor) and factor not in factors:
            yield ("annotations", i, "factor"), "not_a_factor", {"name": factor, "names": tuple(factors)}
        if players and has_name_characters(player) and player not in players:
            yield ("annotations", i, "player"), "not_a_player", {"name": player, "names": tuple(players)}
        # a text the pattern refuses (a control character, only spaces) has its one message from the model
        char = refused_character(text) if isinstance(text, str) and re.fullmatch(NAME_PATTERN, text) else None
        if char is not None and isinstance(text, str):
            values = {"value": shown(text), "code": f"U+{ord(char):04X}"}
            yield ("annotations", i, "text"), "refused_character", values


# --- keeping plain canvas data in step with an edit ------------------------------------------


def renamed(data: dict[str, Any], key: str, old: str, new: Any) -> None:
    """In ``data`` (changed in place), every annotation's ``key`` ("factor" or "player") ``old`` becomes ``new``."""
    for note in data.get("annotations") or ():
        if isinstance(note, dict) and note.get(key) == old:
            note[key] = new


def removed(data: dict[str, Any], key: str, name: str) -> int:
    """In ``data`` (changed in place), the annotations whose ``key`` is ``name`` taken out; how many were."""
    notes = data.get("annotations") or []
    kept = [n for n in notes if not (isinstance(n, Mapping) and n.get(key) == name)]
    if kept:
        data["annotations"] = kept
    else:
        data.pop("annotations", None)
    return len(notes) - len(kept)
