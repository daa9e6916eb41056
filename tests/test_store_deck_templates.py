"""Each user's deck template in the workspace (positioning.store.deck_templates), on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
import zipfile

import pytest
from pptx import Presentation

from positioning.output.deck_template import DEFAULT_TEMPLATE, TemplateError, open_template
from positioning.store.deck_templates import APP_TEMPLATE_BYTES, DeckTemplates

from .conftest import ROOT


def test_a_template_is_kept_per_user_replaced_and_cleared(database):
    ann, bob = DeckTemplates(database, "ann"), DeckTemplates(database, "bob")
    assert ann.get() is None and ann.name() is None
    data = DEFAULT_TEMPLATE.read_bytes()
    ann.put("brand.pptx", data)
    assert ann.get().data == data and ann.name() == "brand.pptx"
    assert bob.get() is None  # another user's is not theirs
    ann.put("brand-2026.pptx", data)
    assert ann.name() == "brand-2026.pptx"
    Presentation(io.BytesIO(ann.get().data))  # it opens
    ann.clear()
    assert ann.get() is None


def test_a_file_that_is_no_template_is_not_kept(database):
    ann = DeckTemplates(database, "ann")
    with pytest.raises(TemplateError, match=r"notes\.txt: not a PowerPoint file"):
        ann.put("notes.txt", b"hello")
    assert ann.get() is None


#: Opens a template as the app keeps one, in a process that may take no more than LIMIT bytes of memory
#: beyond what it holds once its modules are loaded: a template that inflates fails it, not the suite.
_KEEP_IN_A_SMALL_PROCESS = """
import json, resource, sys
from positioning.store.db import open_database, upgrade
from positioning.store.deck_templates import DeckTemplates
from positioning.output.deck_template import TemplateError
from positioning.i18n.wording import words
database = open_database(sys.argv[1])
upgrade(database)
data = open(sys.argv[2], "rb").read()
held = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmSize:")) * 1024
resource.setrlimit(resource.RLIMIT_AS, (held + int(sys.argv[3]), held + int(sys.argv[3])))
store = DeckTemplates(database, "ann")
try:
    store.put("brand.potx", data)
    said = None
except TemplateError as error:
    said = {code: words(error.message, code) for code in ("en", "zh")} if hasattr(error, "message") else str(error)
except MemoryError:
    said = "MemoryError"
print(json.dumps({"said": said, "kept": store.get() is not None}))
"""


def _kept_in_a_small_process(tmp_path, data: bytes) -> dict:
    path = tmp_path / "brand.potx"
    path.write_bytes(data)
    url = f"sqlite:///{tmp_path / 'small.db'}"
    args = [sys.executable, "-c", _KEEP_IN_A_SMALL_PROCESS, url, str(path), str(200 * 1024 * 1024)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _template_with(entries: dict[str, bytes | int]) -> bytes:
    """The default template with ``entries`` added or replaced: bytes as they are, a number as that many
    zeros (streamed: never held whole)."""
    out = io.BytesIO()
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in entries:
                target.writestr(info.filename, source.read(info))
        for name, body in entries.items():
            if isinstance(body, bytes):
                target.writestr(name, body)
                continue
            with target.open(name, "w", force_zip64=True) as stream:
                for _ in range(body // (1 << 20)):
                    stream.write(bytes(1 << 20))
    return out.getvalue()


def test_a_template_of_zeros_within_the_apps_upload_cap_is_refused_before_it_is_unpacked(tmp_path):
    """3 MB (the app takes 4 MB) unpacking to 250 MB, 86 times its size: it was kept, and opening it took
    a worker from 85 MB to 585 MB (and again for every deck of that user)."""
    noise = random.Random(24).randbytes(2_700_000)  # pictures do not compress
    bomb = _template_with({"ppt/media/noise.bin": noise, "ppt/media/zeros.bin": 250 * 1024 * 1024})
    assert len(bomb) < APP_TEMPLATE_BYTES
    outcome = _kept_in_a_small_process(tmp_path, bomb)
    assert outcome["kept"] is False and isinstance(outcome["said"], dict), outcome
    assert re.fullmatch(
        r"brand\.potx: the template unpacks to 25\d\.\d MB, more than the 64 MB it may \(the file is damaged or a "
        r"zip bomb\)",
        outcome["said"]["en"],
    ), outcome
    assert re.fullmatch(
        r"brand\.potx：模板解压后为 25\d\.\d MB，超过允许的 64 MB（文件已损坏，或是压缩炸弹）", outcome["said"]["zh"]
    )


def test_a_template_whose_xml_would_grow_twentyfold_in_memory_is_refused_before_it_is_parsed(tmp_path):
    """A slide layout of 40 MB of XML elements in a 2.3 MB file (18 times its size, within the ratio):
    python-pptx parses every layout into a tree about 20 times the XML's size (800 MB here)."""
    layout = "ppt/slideLayouts/slideLayout1.xml"
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as source:
        xml = source.read(layout)
    end = xml.rindex(b"</p:sldLayout>")
    big = xml[:end] + b"<p:extLst/>" * (40 * 1024 * 1024 // 11) + xml[end:]
    noise = random.Random(24).randbytes(2_100_000)
    bomb = _template_with({layout: big, "ppt/media/noise.bin": noise})
    assert (len(big) + len(noise)) / len(bomb) < 20
    outcome = _kept_in_a_small_process(tmp_path, bomb)
    assert outcome["kept"] is False and isinstance(outcome["said"], dict), outcome
    assert re.fullmatch(
        r"brand\.potx: the template's XML parts unpack to 40\.\d MB, more than the 8 MB they may \(the file is "
        r"damaged or a zip bomb\)",
        outcome["said"]["en"],
    ), outcome
    assert outcome["said"]["zh"].startswith("brand.potx：模板的 XML 部件解压后为 40.")


def test_a_part_typed_as_xml_counts_as_xml_whatever_its_name(tmp_path):
    """python-pptx finds a part's type in [Content_Types].xml (by name, else by extension): so does the check."""
    with zipfile.ZipFile(DEFAULT_TEMPLATE) as source:
        types = source.read("[Content_Types].xml")
    override = b'<Override PartName="/ppt/layout.bin" ContentType="application/vnd.x-layout+xml"/></Types>'
    noise = random.Random(24).randbytes(700_000)  # within the ratio
    retyped = types.replace(b"</Types>", override)
    typed = _template_with({"[Content_Types].xml": retyped, "ppt/layout.bin": 9 << 20, "ppt/media/n.bin": noise})
    with pytest.raises(TemplateError, match=r"^t\.potx: the template's XML parts unpack to 9\.\d MB"):
        open_template(typed, name="t.potx")
    plain = _template_with(
        {"ppt/layout.bin": 9 << 20, "ppt/media/n.bin": noise}
    )  # an untyped blob: its size counts only in all
    assert open_template(plain, name="t.potx").slide_layouts
