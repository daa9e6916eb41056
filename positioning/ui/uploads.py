"""Files given to the page's uploads: which kinds each takes, and a canvas file read by its loader.

The editor's upload box and the list page's import take the same files, read the same way: a YAML
canvas file by the canvas loader, a scoring workbook (.xlsx, .xlsm) by the spreadsheet loader,
as the background import reads the files of a zip. A file of another kind is refused by name,
saying which kinds the upload takes: dcc.Upload's own ``accept`` drops such a file without a word,
so assets/guards.js stops it first and reports it, and the server refuses it too. Nothing here
imports Dash.
"""

from __future__ import annotations

import base64
import binascii
import re
import tempfile
from pathlib import Path, PurePath

from positioning.core.loader import CanvasError
from positioning.core.messages import Message, names, say
from positioning.core.sizes import ByteSize
from positioning.i18n.surveys import SURVEY_SUFFIXES
from positioning.i18n.wording import every, problem_at
from positioning.jobs.imports import WORKBOOK_SUFFIXES, YAML_SUFFIXES
from positioning.output.spreadsheet import MAX_WORKBOOK_BYTES, load_workbook_canvas
from positioning.output.writer import canvas_data
from positioning.ui import edits, ids

#: What a canvas upload takes: a canvas file or a scoring workbook.
CANVAS_FILES = (*YAML_SUFFIXES, *WORKBOOK_SUFFIXES)
#: The file kinds each upload of the page takes (its ``accept``, and what a refusal names).
ACCEPTS: dict[str, tuple[str, ...]] = {
    ids.UPLOAD: CANVAS_FILES,
    ids.LIST_UPLOAD: CANVAS_FILES,
    ids.JOBS_UPLOAD: (".zip",),
    ids.DECK_TEMPLATE: (".pptx", ".potx"),
    ids.PANEL_BOOKS_UPLOAD: WORKBOOK_SUFFIXES,
    ids.SURVEY_UPLOAD: SURVEY_SUFFIXES,
}
#: Spreadsheets that are not Excel workbooks: saving them as one is the way in.
_OTHER_SHEETS = (".csv", ".tsv", ".xls", ".ods", ".numbers")


def accept(upload: str) -> str:
    """The ``accept`` of the upload ``upload`` (".yaml,.yml,.xlsx,.xlsm")."""
    return ",".join(ACCEPTS[upload])


def takes(upload: str, name: str) -> bool:
    """Whether the upload ``upload`` takes a file called ``name`` (by its extension, in any case)."""
    return PurePath(name).suffix.lower() in ACCEPTS[upload]


def wrong_kind(upload: str, name: str) -> Message:
    """Why a file called ``name`` is refused by the upload ``upload``: the kinds it takes, and for a
    spreadsheet of another kind, how to make it one."""
    kinds = names(ACCEPTS[upload])
    sheet = PurePath(name).suffix.lower() in _OTHER_SHEETS and WORKBOOK_SUFFIXES[0] in ACCEPTS[upload]
    return say("upload_wrong_kind_sheet" if sheet else "upload_wrong_kind", name=name, kinds=kinds)


def canvas_upload(upload: str, contents: str, filename: str) -> edits.Outcome:
    """A canvas file given to ``upload`` as a ``data:...;base64,...`` URL: a YAML file or a scoring
    workbook as canvas data, else the problems in every language (``file:line: field: message``)."""
    if not takes(upload, filename):
        return edits.Outcome(None, (every(wrong_kind(upload, filename)),))
    if PurePath(filename).suffix.lower() in WORKBOOK_SUFFIXES:
        return _workbook(contents, filename)
    return edits.upload(contents, filename)


def _workbook(contents: str, filename: str) -> edits.Outcome:
    """An uploaded workbook read by the spreadsheet loader (through a private temporary file)."""
    size = edits.uploaded_size(contents)
    if size > MAX_WORKBOOK_BYTES:
        too_large = say("book_too_large", size=ByteSize(size), limit=ByteSize(MAX_WORKBOOK_BYTES))
        return edits.Outcome(None, edits.located(CanvasError([problem_at(filename, None, "", too_large)])))
    raw = _decoded(contents)
    if raw is None:
        return edits.Outcome(None, (every(say("edit_unreadable_upload", name=filename)),))
    stem = re.sub(r"[^\w .-]+", "", Path(filename).stem)[:80] or "workbook"
    with tempfile.TemporaryDirectory(prefix="positioning-import-") as folder:
        path = Path(folder) / f"{stem}.xlsx"
        path.write_bytes(raw)
        try:
            return edits.Outcome(canvas_data(load_workbook_canvas(path, name=filename)))
        except CanvasError as error:
            return edits.Outcome(None, edits.located(error))


def _decoded(contents: str) -> bytes | None:
    encoded = contents.partition(",")[2]
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None
