"""The slide master a deck is built on: the default template that ships
(``positioning/output/templates/default.pptx``, made by ``scripts/make_deck_template.py``)
or a client's ``.pptx`` / ``.potx``, its layouts, and fitting slides to it.

Slides are laid out on a 13.333 x 7.5 inch design; :func:`fit` scales what
was placed on a slide to the template's size and moves it below the
template's title. Titles go into the layout's title placeholder, so the
outline view and screen readers read them and the client's fonts apply.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.opc.oxml import parse_xml
from pptx.presentation import Presentation as Deck
from pptx.shapes.base import BaseShape
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu, Inches, Pt

from positioning.core.archive import ArchiveRefused, SafeZip, ZipLimits, open_zip
from positioning.core.messages import say
from positioning.core.sizes import ByteSize
from positioning.i18n.wording import words
from positioning.output.deck_text import fitting_size, measure
from positioning.output.export import ExportRequestError

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates" / "default.pptx"
DESIGN_WIDTH, DESIGN_HEIGHT = Inches(13.333), Inches(7.5)
#: Placeholders a slide never needs filled: PowerPoint shows them from the master.
_FURNITURE = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_DECK_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
#: The largest template read (a branded master with its pictures).
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
#: What its parts may unpack to: in all, and as a multiple of its size (XML compresses ~5-15 times,
#: pictures not at all: the templates that ship unpack to 1-3 times their size); and how many parts it may
#: hold (the default template has 36). python-pptx holds every part in memory: a 3 MB file of zeros that
#: unpacked to 250 MB (within a ratio of 100) took a worker to 585 MB.
MAX_TEMPLATE_UNPACKED = 64 * 1024 * 1024
UNPACK_RATIO = 20
MAX_PARTS = 5000
#: What its XML parts (by content type, and every .xml and .rels) may unpack to in all: python-pptx parses
#: them into trees of about 20 times their size (the default template's come to 93 KB).
MAX_TEMPLATE_XML = 8 * 1024 * 1024
#: The largest [Content_Types].xml read (the default template's is 3 KB).
MAX_TYPES_BYTES = 1024 * 1024
LIMITS = ZipLimits(entries=MAX_PARTS, unpacked_bytes=MAX_TEMPLATE_UNPACKED, ratio=UNPACK_RATIO)
_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
#: What python-pptx and lxml raise on a package that is a zip but not a presentation they can read.
_NOT_A_DECK = (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError, AttributeError, TypeError)


class TemplateError(ExportRequestError):
    """A template that cannot be used: ``message`` says why in any language; the error's text is its English."""

    def __init__(self, key: str, **values: object) -> None:
        self.message = say(key, **values)
        super().__init__(words(self.message, "en"))


def open_template(template: str | Path | bytes | None = None, *, name: str = "template") -> Deck:
    """The template as an empty deck (its own slides and sections removed): the default one when
    ``template`` is None, else a path or the file's bytes. Raises :class:`TemplateError`."""
    if template is None:
        template = DEFAULT_TEMPLATE
    if isinstance(template, str | Path):
        name = str(template)
        try:
            template = Path(template).read_bytes()
        except OSError as error:
            raise TemplateError("template_cannot_read", name=name, why=error.strerror or str(error)) from None
    _check(template, name)
    try:
        deck = Presentation(io.BytesIO(_as_presentation(template)))
    except _NOT_A_DECK:
        raise TemplateError("template_not_pptx", name=name) from None
    _drop_slides(deck)
    return deck


def _check(template: bytes, name: str) -> None:
    """The template within its size, and a zip python-pptx may open: what it unpacks to (in all, as a
    multiple of its size, its XML), how many parts, plain names, none locked or damaged; before any part
    is inflated but [Content_Types].xml."""
    if len(template) > MAX_TEMPLATE_BYTES:
        raise TemplateError("template_too_large", name=name, limit=ByteSize(MAX_TEMPLATE_BYTES))
    try:
        with open_zip(template, LIMITS) as archive:
            xml = _xml_bytes(archive)
            if xml is None:
                raise TemplateError("template_not_pptx", name=name)
            if xml > MAX_TEMPLATE_XML:
                raise TemplateError("template_xml", name=name, size=ByteSize(xml), limit=ByteSize(MAX_TEMPLATE_XML))
            archive.verify()
    except ArchiveRefused as refused:
        if refused.reason in ("unpacks", "ratio"):
            size, limit = refused.values["size"], refused.values["limit"]
            raise TemplateError("template_unpacks", name=name, size=size, limit=limit) from None
        if refused.reason == "too_many_entries":
            raise TemplateError(
                "template_too_many_parts", name=name, count=refused.values["count"], most=MAX_PARTS
            ) from None
        raise TemplateError("template_not_pptx", name=name) from None


def _xml_bytes(archive: SafeZip) -> int | None:
    """What the parts python-pptx parses as XML unpack to: those [Content_Types].xml types as XML (by
    name, else by extension, as python-pptx finds a part's type), and every .xml and .rels; None when
    there is no [Content_Types].xml to read."""
    try:
        types = parse_xml(archive.read("[Content_Types].xml", MAX_TYPES_BYTES))
    except (KeyError, *_NOT_A_DECK):
        return None
    defaults = {d.get("Extension", "").lower(): d.get("ContentType", "") for d in types.iter(f"{_TYPES_NS}Default")}
    overrides = {o.get("PartName", "").lower(): o.get("ContentType", "") for o in types.iter(f"{_TYPES_NS}Override")}

    def is_xml(entry: str) -> bool:
        kind = overrides.get(f"/{entry.lower()}") or defaults.get(entry.rpartition(".")[2].lower(), "")
        return kind.endswith(("+xml", "/xml")) or entry.lower().endswith((".xml", ".rels"))

    return sum(info.file_size for info in archive.infos if is_xml(info.filename))


def _as_presentation(package: bytes) -> bytes:
    """A .potx (template) package retyped as a .pptx, which python-pptx opens; a .pptx as it is."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        types = source.read("[Content_Types].xml")
        if _TEMPLATE_TYPE not in types:
            return package
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info)
                retyped = info.filename == "[Content_Types].xml"
                target.writestr(info, types.replace(_TEMPLATE_TYPE, _DECK_TYPE) if retyped else data)
        return out.getvalue()


def _drop_slides(deck: Deck) -> None:
    """The template's own slides (samples, instructions) and sections go; its masters and layouts stay."""
    ids = deck.slides._sldIdLst
    for slide_id in list(ids):
        deck.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)
    ext_list = deck.part._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}extLst")
    for ext in list(ext_list) if ext_list is not None else []:
        if ext.get("uri") == "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}":  # sections
            ext_list.remove(ext)


@dataclass(frozen=True)
class Layouts:
    """The template's layout for a canvas's cover slide and for every other slide."""

    cover: SlideLayout
    content: SlideLayout


def layouts(deck: Deck) -> Layouts:
    """The cover: the first layout with a centred title (else the first); the rest: a layout whose only
    placeholder is its title ("Title Only"), else the first with a title, else the last."""
    every = list(deck.slide_layouts)
    kinds = [{p.placeholder_format.type for p in _placeholders(lay)} - _FURNITURE for lay in every]
    cover = next((lay for lay, k in zip(every, kinds, strict=True) if PP_PLACEHOLDER.CENTER_TITLE in k), every[0])
    only_title = (lay for lay, k in zip(every, kinds, strict=True) if k == {PP_PLACEHOLDER.TITLE})
    with_title = (lay for lay, k in zip(every, kinds, strict=True) if k & _TITLES)
    return Layouts(cover=cover, content=next(only_title, next(with_title, every[-1])))


def _placeholders(layout: SlideLayout) -> list[Any]:
    return list(cast(Any, layout).placeholders)  # python-pptx's stubs cannot iterate a layout's


def new_slide(deck: Deck, title: str, *, cover: bool = False) -> Slide:
    """A slide on the template's layout whose title placeholder holds ``title``; the layout's other
    placeholders are removed, except the cover's subtitle (see :func:`subtitle_placeholder`)."""
    chosen = layouts(deck)
    slide = deck.slides.add_slide(chosen.cover if cover else chosen.content)
    for holder in list(slide.placeholders):
        kind = holder.placeholder_format.type
        if kind in _TITLES:
            holder.text_frame.text = title
            _fit_title(holder, title)
        elif not (cover and kind == PP_PLACEHOLDER.SUBTITLE):
            holder.element.getparent().remove(holder.element)
    if slide.shapes.title is None:  # a layout without a title: a text box in its place
        box = slide.shapes.add_textbox(Inches(0.6), Inches(0.3), Inches(12.1), Inches(0.75))
        box.text_frame.text = title
        box.name = "Title"
    return slide


#: The size a template's title is assumed to start from; a title that fits at it keeps the template's own.
TITLE_SIZE = 40


def _fit_title(holder: Any, title: str) -> None:
    """A title too long for its placeholder at :data:`TITLE_SIZE` (a canvas's title of up to 200
    characters on the cover) set at the size that fits, measured on the deck's font; down to 16 pt."""
    width, height = holder.width, holder.height
    if width is None or height is None or measure(title, TITLE_SIZE, width).height <= height:
        return
    size = fitting_size(title, width, height, TITLE_SIZE, smallest=16)
    for paragraph in holder.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)


def subtitle_placeholder(slide: Slide) -> BaseShape | None:
    return next((p for p in slide.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)


def fit(deck: Deck, slide: Slide) -> None:
    """What was placed on ``slide`` on the 13.333 x 7.5 inch design, scaled to the deck's size and moved
    below the title when the template's title reaches lower than the design's."""
    sx = (deck.slide_width or DESIGN_WIDTH) / DESIGN_WIDTH
    sy = (deck.slide_height or DESIGN_HEIGHT) / DESIGN_HEIGHT
    placed = [s for s in slide.shapes if not s.is_placeholder and s.name != "Title"]
    if abs(sx - 1) > 1e-3 or abs(sy - 1) > 1e-3:
        for shape in placed:
            _scale(shape, sx, sy)
    title = slide.shapes.title
    if title is None or not placed or title.top is None:
        return
    gap = Inches(0.1)
    shift = title.top + title.height + gap - min(s.top for s in placed)
    if shift > 0:
        for shape in placed:
            shape.top = Emu(shape.top + shift)


def _scale(shape: BaseShape, sx: float, sy: float) -> None:
    """A shape's place and size scaled; a picture or chart keeps its proportions; a table's columns follow."""
    keep = shape.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.CHART) or getattr(shape, "has_chart", False)
    wx, hy = (min(sx, sy), min(sx, sy)) if keep else (sx, sy)
    shape.left, shape.top = Emu(int(shape.left * sx)), Emu(int(shape.top * sy))
    shape.width, shape.height = Emu(int(shape.width * wx)), Emu(int(shape.height * hy))
    if getattr(shape, "has_table", False):
        for column in cast(Any, shape).table.columns:
            column.width = Emu(int(column.width * sx))
