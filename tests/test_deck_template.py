"""Decks on a template (positioning.output.deck_template): the default one that ships and a client's."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from pptx import Presentation
from pptx.util import Inches, Pt

from positioning import load_canvas
from positioning.output.deck import DeckPart, build_deck, slide_count
from positioning.output.deck_glossary import GLOSSARY_SLIDES
from positioning.output.deck_template import DEFAULT_TEMPLATE, TemplateError, layouts, open_template

from .conftest import ROOT

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"


def client_template(tmp_path, *, potx: bool = False):
    """A 4:3 template whose "Title Only" title sits low and large, with a sample slide to be dropped."""
    deck = Presentation()  # python-pptx's 4:3 default
    only = next(lay for lay in deck.slide_layouts if lay.name == "Title Only")
    title = only.placeholders[0]
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.4), Inches(9), Inches(1.4)
    sample = deck.slides.add_slide(deck.slide_layouts[0])
    sample.shapes.title.text = "Delete me"
    path = tmp_path / ("client.potx" if potx else "client.pptx")
    deck.save(path)
    if potx:  # a real PowerPoint template: the same package typed as a template
        data = io.BytesIO()
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(data, "w") as target:
            for info in source.infolist():
                body = source.read(info)
                if info.filename == "[Content_Types].xml":
                    body = body.replace(b"presentation.main+xml", b"template.main+xml")
                target.writestr(info, body)
        path.write_bytes(data.getvalue())
    return path


@pytest.mark.parametrize("potx", [False, True])
def test_a_deck_on_a_clients_template_uses_its_layouts_size_and_fits_the_slides(chromium, tmp_path, potx):
    canvas = load_canvas(SOUTHWEST)
    deck = Presentation(io.BytesIO(build_deck([DeckPart(canvas, "x")], template=client_template(tmp_path, potx=potx))))
    assert (deck.slide_width, deck.slide_height) == (Inches(10), Inches(7.5))
    assert len(deck.slides) == slide_count(canvas) + GLOSSARY_SLIDES  # the template's sample slide is gone
    assert "Delete me" not in [s.shapes.title.text for s in deck.slides]
    assert {s.slide_layout.name for s in list(deck.slides)[1:]} == {"Title Only"}
    for slide in deck.slides:
        title = slide.shapes.title
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width + 2, (slide, shape.name)
            if not shape.is_placeholder and slide.slide_layout.name == "Title Only":
                assert shape.top >= title.top + title.height  # below the client's taller title
        assert slide.shapes.title.text


def test_the_default_template_is_16_9_with_a_left_aligned_title_layout():
    deck = open_template()
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    chosen = layouts(deck)
    assert (chosen.cover.name, chosen.content.name) == ("Title Slide", "Title Only")
    title = chosen.content.placeholders[0]
    assert (title.left, title.top, title.width) == (Inches(0.6), Inches(0.3), Inches(12.1))
    style = deck.slide_master.element.xpath(".//p:titleStyle/a:lvl1pPr")[0]
    run = style.find("{http://schemas.openxmlformats.org/drawingml/2006/main}defRPr")
    assert style.get("algn") == "l" and (run.get("sz"), run.get("b")) == (str(int(Pt(28).pt * 100)), "1")


def test_the_shipped_template_is_what_the_script_makes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_deck_template", ROOT / "scripts" / "make_deck_template.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == DEFAULT_TEMPLATE.read_bytes()


def test_a_file_that_is_no_template_is_refused_by_name(tmp_path):
    text = tmp_path / "notes.pptx"
    text.write_text("not a deck")
    with pytest.raises(TemplateError, match=r"notes\.pptx: not a PowerPoint file; give a \.pptx or \.potx template"):
        open_template(text)
    with pytest.raises(TemplateError, match=r"missing\.pptx: cannot read the template"):
        open_template(tmp_path / "missing.pptx")


def test_the_cli_builds_on_a_template_and_refuses_a_bad_one(chromium, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "deck.pptx"
    run = [sys.executable, "-m", "positioning", "export", str(SOUTHWEST), "-o", str(out)]
    good = subprocess.run(
        [*run, "--template", str(client_template(tmp_path))], capture_output=True, text=True, cwd=ROOT
    )
    assert good.returncode == 0, good.stderr
    assert Presentation(str(out)).slide_width == Inches(10)
    bad = tmp_path / "bad.pptx"
    bad.write_bytes(b"PK not really")
    refused = subprocess.run([*run, "--template", str(bad)], capture_output=True, text=True, cwd=ROOT)
    assert refused.returncode == 2 and "bad.pptx: not a PowerPoint file" in refused.stderr
    png = subprocess.run([*run[:-1], str(tmp_path / "c.png"), "--template", str(bad)], capture_output=True, text=True)
    assert png.returncode == 2 and "--template is for a PowerPoint deck" in png.stderr


def _zeros_zip(name: str, gigabytes: int = 1) -> bytes:
    """A zip of one entry of ``gigabytes`` GB of zeros, deflated to about 1 MB: each 16 MB of zeros
    deflates to the same bytes after a full flush, so the stream is built without compressing 1 GB."""
    chunk, count = bytes(16 * 1024 * 1024), 64 * gigabytes
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = block * count + compressor.flush()
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    size, raw = len(chunk) * count, name.encode()
    fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(stream), size)  # version .. sizes
    local = b"PK\x03\x04" + fields + struct.pack("<HH", len(raw), 0) + raw
    central = b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack("<HHHHHII", len(raw), 0, 0, 0, 0, 0, 0)
    central += raw
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 1, 1, len(central), len(local) + len(stream), 0)
    return local + stream + central + end


def test_a_template_that_is_a_zip_bomb_is_refused_by_name_before_it_is_opened():
    bomb = _zeros_zip("ppt/media/zeros.bin")
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:  # a real zip: 1 GB of zeros in about 1 MB
        assert archive.infolist()[0].file_size == 1024**3 and len(bomb) < 1.1 * 1024 * 1024
    with pytest.raises(TemplateError, match=r"^bomb\.potx: the template unpacks to 1 GB, more than the .* zip bomb"):
        open_template(bomb, name="bomb.potx")
    odd = io.BytesIO(DEFAULT_TEMPLATE.read_bytes())
    with zipfile.ZipFile(odd, "a") as archive:
        archive.writestr("../x", b"x")
    with pytest.raises(TemplateError, match=r"^odd\.pptx: not a PowerPoint file"):
        open_template(odd.getvalue(), name="odd.pptx")
