"""A survey imported into the open canvas (the Data tab's "Import a survey"): its ratings read as
``positioning survey`` reads them, each factor's importance set from them, and the canvas saved as
its next version, whose summary names the file and the count of respondents (undone like any edit).
A survey that cannot be used changes nothing: its problems are listed by row (or cell) and column.
Nothing here imports Dash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from positioning.core.loader import CanvasError
from positioning.core.messages import counted, say
from positioning.core.sizes import ByteSize
from positioning.core.survey import MAX_SURVEY_BYTES, SCALES, with_survey
from positioning.i18n.summaries import sentence
from positioning.i18n.surveys import SURVEY_SUFFIXES, survey_lines, survey_of
from positioning.i18n.wording import LANGUAGES, every, problem_at
from positioning.output.writer import canvas_data
from positioning.store.repository import Repository
from positioning.ui import edits, inputs, workspace

#: What the survey upload takes (its ``accept``).
ACCEPT = ",".join(SURVEY_SUFFIXES)
#: The scale a survey is read on unless another is chosen.
DEFAULT_SCALE = SCALES[0]


def imported(repository: Repository, values: Mapping[str, Any]) -> dict[str, Any]:
    """The page's canvas with the uploaded survey's importance, saved as its next version; or the
    survey's problems, the canvas unchanged. Returns the outputs (``data``, ``survey_message``, the
    saved state, ``survey`` set back to empty so the same file can be chosen again)."""
    contents, data = inputs.text(values.get("survey")), values.get("data")
    if not contents or not isinstance(data, dict):
        return {}
    name = (inputs.text(values.get("survey_name")) or "survey.csv")[:200]
    language = inputs.language(values.get("language")) or "en"
    scale = values.get("survey_scale") if values.get("survey_scale") in SCALES else DEFAULT_SCALE
    try:
        canvas = edits.read(data)
        survey = survey_of(_bytes(contents, name), name, canvas, scale=scale)
    except CanvasError as error:
        return {"survey": None, "survey_message": _refused(name, edits.located(error))}
    surveyed = with_survey(canvas, survey)
    people = counted("survey_respondents", survey.respondents)
    lines = [survey_lines(surveyed, survey, code) for code in LANGUAGES]
    said = [dict(zip(LANGUAGES, words, strict=True)) for words in zip(*lines, strict=True)]
    out = {
        "data": canvas_data(surveyed),
        "survey": None,
        "survey_message": ("ok", every(say("survey_imported", file=name, respondents=people)), said),
    }
    return workspace.persisted(
        repository,
        out,
        canvas_id=values.get("canvas_id"),
        version=values.get("version"),
        before=data,
        language=language,
        stacks=values.get("undo_stacks"),
        summary=sentence("survey_summary", language, file=name, n=survey.respondents),
    )


def _bytes(contents: str, name: str) -> bytes:
    """The uploaded file's bytes, within the survey's limit (checked before decoding)."""
    size = edits.uploaded_size(contents)
    if size > MAX_SURVEY_BYTES:
        too_large = say("survey_too_large", size=ByteSize(size), limit=ByteSize(MAX_SURVEY_BYTES))
        raise CanvasError([problem_at(name, None, "", too_large)])
    raw = edits.uploaded_bytes(contents)
    if raw is None:
        raise CanvasError([problem_at(name, None, "", say("edit_unreadable_upload", name=name))])
    return raw


def _refused(name: str, lines: tuple[Any, ...]) -> tuple[str, Any, list[Any]]:
    return ("error", every(say("survey_refused", file=name)), list(lines))
