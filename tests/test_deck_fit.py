"""No text of a deck overflows its shape: every text box and table measured on the real fonts' metrics
(Carlito, metric-compatible with the theme's Calibri, and Noto Sans CJK), and the decks drawn by
LibreOffice, each shape on its own, with every word found inside its shape.

The decks: every bundled example in English and in Chinese (their longest sentences), and canvases
no other test sees (seeded, with long names and many players)."""

from __future__ import annotations

import copy
import io
import random
import re
import shutil
import struct
import subprocess
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu, Inches

from positioning import load_canvas, parse_canvas
from positioning.output.deck import DeckPart, build_deck
from positioning.rendering.renderer import Renderer

from .conftest import CONFIGS, _require
from .factory import canvas_data, to_yaml

FONT_FILES = {
    "latin": "Carlito-Regular.ttf",
    "latin-bold": "Carlito-Bold.ttf",
    "cjk": "NotoSansCJK-Regular.ttc",
    "cjk-bold": "NotoSansCJK-Bold.ttc",
}
#: A text box's and a table cell's inner margins (PowerPoint's defaults, which the deck keeps).
INSET_X, INSET_Y = Inches(0.1), Inches(0.05)
NO_BREAK_BEFORE = set("，。、；：？！）》」』】〕…％,.;:?!)]}%’”")
NO_BREAK_AFTER = set("（《「『【〔([{‘“")


def _unseen(seed: int, language: str, factors: int = 12) -> object:
    """A canvas no other test sees: four players with long names, ``factors`` factors with long names,
    targets and customer importance (so that every slide is made), levels and scores drawn at random."""
    rng = random.Random(seed)
    if language == "zh":
        pool = "数字化开户流程透明收费标准网点覆盖客户经理专属服务移动应用体验安全保障跨境汇款速度理财产品多样"
        names = ["".join(rng.choice(pool) for _ in range(rng.randint(6, 16))) for _ in range(factors)]
        players = ["本行零售银行业务", "全国性股份制商业银行", "互联网银行", "城市商业银行与农村信用社"]
    else:
        words = ["digital", "onboarding", "transparent", "account", "fees", "branch", "network", "advisor", "mobile"]
        names = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 7))).capitalize() for _ in range(factors)]
        players = ["Our retail bank", "Nationwide incumbent bank", "Digital-only challenger", "Regional savings banks"]
    names = [f"{name} {i}" for i, name in enumerate(names)]
    levels = {p: [rng.randint(0, 10) for _ in names] for p in players}
    scores = [[rng.randint(1, 5) for _ in range(4)] for _ in names]
    data = canvas_data(levels, scores, names=names, title=f"{players[0]}: {names[0]}")
    for factor in data["factors"]:
        factor["importance"] = rng.randint(1, 5)
        factor["target"] = rng.randint(0, 10)
    return parse_canvas(to_yaml(data), name=f"unseen-{seed}.yaml")


@pytest.fixture(scope="module")
def decks(chromium) -> dict[str, bytes]:
    """Every bundled example's deck in both languages, and four unseen canvases' in theirs."""
    parts = {f"{p.stem} ({lang})": (load_canvas(p), lang) for p in CONFIGS for lang in ("en", "zh")}
    unseen = ((1, "en", 12), (2, "zh", 12), (3, "en", 16), (4, "zh", 16))  # 16: more than a slide's table shows
    parts |= {f"unseen {seed} ({lang})": (_unseen(seed, lang, n), lang) for seed, lang, n in unseen}
    with Renderer() as renderer:
        return {
            name: build_deck([DeckPart(canvas, canvas.title)], renderer=renderer, language=lang)
            for name, (canvas, lang) in parts.items()
        }


# --- the fonts' metrics ------------------------------------------------------------


@cache
def _font_path(kind: str) -> Path:
    found = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=False).stdout
    for line in found.splitlines():
        if Path(line).name == FONT_FILES[kind]:
            return Path(line)
    _require(FONT_FILES[kind], "the font whose metrics the deck is measured on is not installed")
    raise AssertionError  # not reached: _require skips or fails


@cache
def _font(kind: str, size_tenths: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(_font_path(kind)), size_tenths / 10, index=2 if kind.startswith("cjk") else 0)


@cache
def _line_height(kind: str) -> float:
    """The font's line height in ems, from its hhea table: ascender + descender + line gap."""
    data = _font_path(kind).read_bytes()
    start = 0
    if data[:4] == b"ttcf":  # a collection: the face the measure uses
        start = struct.unpack(">I", data[12 + 4 * 2 : 16 + 4 * 2])[0]
    tables = struct.unpack(">H", data[start + 4 : start + 6])[0]
    entries = {
        data[start + 12 + 16 * i : start + 16 + 16 * i]: struct.unpack(
            ">I", data[start + 20 + 16 * i : start + 24 + 16 * i]
        )[0]
        for i in range(tables)
    }
    head, hhea = entries[b"head"], entries[b"hhea"]
    units = struct.unpack(">H", data[head + 18 : head + 20])[0]
    ascender, descender, gap = struct.unpack(">hhh", data[hhea + 4 : hhea + 10])
    return (ascender - descender + gap) / units


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _kind(char: str, bold: bool) -> str:
    return ("cjk" if _wide(char) else "latin") + ("-bold" if bold else "")


def _width(text: str, size: float, bold: bool) -> float:
    """``text``'s width in points at ``size``, each run of one script in its font (kerning included)."""
    total = 0.0
    for run in re.findall(
        r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+|[^\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+", text
    ):
        total += _font(_kind(run[0], bold), round(size * 10)).getlength(run)
    return total


def _breaks(paragraph: str) -> list[str]:
    """Pieces a line may end after: after a space, and around a CJK character (not before closing punctuation,
    not after opening punctuation)."""
    pieces: list[str] = []
    for char in paragraph:
        previous = pieces[-1][-1] if pieces else ""
        may_break = bool(pieces) and ((previous.isspace() and not char.isspace()) or _wide(char) or _wide(previous))
        if may_break and char not in NO_BREAK_BEFORE and previous not in NO_BREAK_AFTER:
            pieces.append(char)
        elif pieces:
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def _lines(text: str, size: float, bold: bool, room: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for piece in _breaks(paragraph):
            if line and _width((line + piece).rstrip(), size, bold) > room:
                lines.append(line)
                line = piece.lstrip()
            else:
                line += piece
            assert _width(line.rstrip(), size, bold) <= room or len(line.split()) <= 1, line
        lines.append(line)
    return lines


def _text_height(paragraphs, width: int) -> float:
    """The height, in points, of paragraphs (text, size, bold) wrapped in ``width`` EMU with the margins."""
    room = Emu(width - 2 * INSET_X).pt
    height = 0.0
    for text, size, bold in paragraphs:
        for line in _lines(text, size, bold, room):
            assert _width(line.rstrip(), size, bold) <= room, f"{line!r} is wider than its box"
            kinds = {_kind(c, False) for c in line} or {"latin"}
            height += size * max(_line_height(k) for k in kinds)
    return height + 2 * Emu(INSET_Y).pt


def _paragraphs(frame):
    for p in frame.paragraphs:
        size = p.font.size or next((r.font.size for r in p.runs if r.font.size), None)
        yield p.text, size.pt if size else 18.0, bool(p.font.bold or any(r.font.bold for r in p.runs))


def _placed(slide) -> Iterator:
    return (s for s in slide.shapes if not s.is_placeholder and s.name != "Title")


def test_every_text_box_and_table_row_holds_its_text_on_the_fonts_metrics(decks):
    checked = 0
    for name, data in decks.items():
        deck = Presentation(io.BytesIO(data))
        for number, slide in enumerate(deck.slides, start=1):
            where = f"{name}, slide {number}"
            for shape in _placed(slide):
                assert shape.left >= 0 and shape.top >= 0, where
                assert shape.left + shape.width <= deck.slide_width, f"{where}: {shape.name} runs off the right"
                assert shape.top + shape.height <= deck.slide_height, f"{where}: {shape.name} runs off the bottom"
                if shape.has_text_frame and shape.text_frame.text:
                    needed = _text_height(list(_paragraphs(shape.text_frame)), shape.width)
                    assert needed <= Emu(shape.height).pt + 0.5, f"{where}: {shape.text_frame.text!r} overflows"
                    checked += 1
                if getattr(shape, "has_table", False):
                    widths = [c.width for c in shape.table.columns]
                    for row in shape.table.rows:
                        for cell, w in zip(row.cells, widths, strict=True):
                            needed = _text_height(list(_paragraphs(cell.text_frame)), w)
                            assert needed <= Emu(row.height).pt + 0.5, f"{where}: {cell.text!r} overflows its row"
                            checked += 1
                    assert sum(r.height for r in shape.table.rows) <= shape.height + 12700, where
            _no_overlap(list(_placed(slide)), where)
    assert checked > 1000


def _no_overlap(shapes, where: str) -> None:
    """No two blocks placed on a slide overlap (the verdict ran under the diagnosis's table)."""
    boxes = [(s.name, s.left, s.top, s.left + s.width, s.top + s.height) for s in shapes]
    for i, (a, l1, t1, r1, b1) in enumerate(boxes):
        for b, l2, t2, r2, b2 in boxes[i + 1 :]:
            assert min(r1, r2) <= max(l1, l2) or min(b1, b2) <= max(t1, t2), f"{where}: {a} overlaps {b}"


# --- LibreOffice ---------------------------------------------------------------------


def _probe_deck(data: bytes) -> tuple[bytes, list[tuple[str, tuple[float, float, float, float]]]]:
    """A deck with one slide per text box or table of ``data``, each alone at its place, and the boxes (in
    points) its words must stay in."""
    deck = Presentation(io.BytesIO(data))
    probe = Presentation(io.BytesIO(data))
    blank = probe.slide_layouts[6]
    boxes = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in _placed(slide):
            if not (getattr(shape, "has_table", False) or (shape.has_text_frame and shape.text_frame.text)):
                continue
            page = probe.slides.add_slide(blank)
            for holder in list(page.placeholders):
                holder.element.getparent().remove(holder.element)
            page.shapes._spTree.append(copy.deepcopy(shape._element))
            box = tuple(Emu(v).pt for v in (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height))
            boxes.append((f"slide {number}, {shape.name}", box))
    ids = probe.slides._sldIdLst
    for slide_id in list(ids)[: len(deck.slides)]:  # the deck's own slides go; the probes stay
        probe.part.drop_rel(slide_id.rId)
        ids.remove(slide_id)
    out = io.BytesIO()
    probe.save(out)
    return out.getvalue(), boxes


def _words_by_page(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    layout = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list[tuple[str, float, float, float, float]]] = []
    for chunk in layout.split("<page ")[1:]:
        found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', chunk)
        pages.append([(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found])
    return pages


def test_libreoffice_draws_every_word_inside_its_shape(decks, tmp_path: Path):
    """Run where LibreOffice is installed (``soffice``; README, "Tests"); without it this test is skipped,
    under CI too: LibreOffice is not needed for ``make test``."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) and pdftotext draw the decks here; install libreoffice-impress to run it")
    names = ["ride_hailing_zh (zh)", "b2b_maintenance_services (en)", "unseen 2 (zh)", "unseen 3 (en)", "unseen 4 (zh)"]
    boxes = {}
    for i, name in enumerate(names):
        probe, boxes[i] = _probe_deck(decks[name])
        (tmp_path / f"probe{i}.pptx").write_bytes(probe)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run(
        [*command, *(str(tmp_path / f"probe{i}.pptx") for i in range(len(names)))],
        capture_output=True,
        timeout=300,
        check=True,
    )
    for i, name in enumerate(names):
        pages = _words_by_page(tmp_path / f"probe{i}.pdf")
        assert len(pages) == len(boxes[i]), name
        for words, (shape, (left, top, right, bottom)) in zip(pages, boxes[i], strict=True):
            assert words, f"{name}, {shape}: nothing drawn"
            for word, x0, y0, x1, y1 in words:
                inside = left - 1 <= x0 and x1 <= right + 1 and top - 1 <= y0 and y1 <= bottom + 1
                assert inside, (
                    f"{name}, {shape}: {word!r} at {(x0, y0, x1, y1)} is outside {(left, top, right, bottom)}"
                )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_long_title_fits_the_covers_title_placeholder(chromium, language):
    """A canvas's title may hold 200 characters; on the cover it is set at the size that fits its
    placeholder (a title that fits at the template's own size keeps it)."""
    canvas = _unseen(5, language, 6)
    word = "数字化零售银行业务定位" if language == "zh" else "Retail banking positioning "
    long = (word * 40)[:200].strip()
    canvas = canvas.model_copy(update={"title": long})
    with Renderer() as renderer:
        data = build_deck([DeckPart(canvas, long)], renderer=renderer, language=language)
    deck = Presentation(io.BytesIO(data))
    for slide in deck.slides:
        title = slide.shapes.title
        if title is None or not title.text_frame.text:
            continue
        paragraphs = [
            (text, 40.0 if size == 18.0 else size, bold) for text, size, bold in _paragraphs(title.text_frame)
        ]
        assert _text_height(paragraphs, title.width) <= Emu(title.height).pt + 0.5, title.text_frame.text[:40]
