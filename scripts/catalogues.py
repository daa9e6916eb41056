"""The gettext catalogues of the wording: extract the template, update the languages, compile.

    python scripts/catalogues.py                      # all three, in order (`make catalogues`)
    python scripts/catalogues.py extract|update|compile

* ``extract`` writes positioning/i18n/locale/positioning.pot: every message, its English as
  an extracted comment (``#.``) for translators. The English comes from en.po (the source
  of the app's English: msgids are symbolic keys, "saved" -> "Saved · version {version}"),
  from the core's :data:`~positioning.core.messages.ENGLISH` and ``ENGLISH_PLURAL`` (the
  loader's messages, the file format's contract), from the model's ``ISSUES`` (keys
  ``issue_*``; en.po repeats neither) and from
  :mod:`positioning.i18n.phrases` (PyYAML's and plotly.js's phrases, msgid = their English).
* ``update`` brings every other language's .po in line with the template: a new message
  arrives untranslated (empty; tests/test_wording.py fails until it is translated), a
  message no longer in the template is dropped.
* ``compile`` writes each .po's .mo beside it (committed; tests/test_wording.py checks they
  are exactly what compiling gives).

Adding a message: add it to en.po (msgid the key, msgstr the English), run this, translate
it in zh.po, run ``compile``. Adding a language: copy the template to
``locale/<code>/LC_MESSAGES/positioning.po``, set its ``Language`` and ``Plural-Forms``
headers and ``language_name``, translate, run this.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "positioning" / "i18n" / "locale"
DOMAIN = "positioning"
#: The language whose .po is the source of the English (the others are updated from the template).
DEFAULT = "en"
#: Header lines that change on every run and say nothing about the messages.
_DATES = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')


def po_path(folder: Path, language: str) -> Path:
    return folder / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages(folder: Path) -> list[str]:
    """The languages with a .po in ``folder``."""
    return sorted(path.parent.parent.name for path in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, abort_invalid=True)


def write_catalogue(path: Path, catalogue: Catalog) -> bool:
    """Write ``catalogue`` as a .po (or .pot) file, unless only its dates would change."""
    out = io.BytesIO()
    write_po(out, catalogue, width=100, no_location=True, ignore_obsolete=True, sort_output=False)
    new = out.getvalue()
    if path.exists() and _messages(path.read_bytes()) == _messages(new):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(new)
    return True


def _messages(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines() if not line.startswith(_DATES)]


def _english(string: str | tuple[str, ...] | list[str]) -> str:
    """English for a comment: in quotes when it starts or ends with a space (a comment drops them)."""
    if not isinstance(string, str):
        return " / ".join(f"{form}: {_english(text)}" for form, text in zip(("one", "other"), string, strict=False))
    return string if string == string.strip() else f'"{string}"'


def template(folder: Path = LOCALE_DIR) -> Catalog:
    """Every message of the wording, untranslated, with its English as an extracted comment."""
    sys.path.insert(0, str(ROOT))
    from positioning.core.messages import ENGLISH, ENGLISH_PLURAL
    from positioning.core.model import ISSUES
    from positioning.i18n.phrases import PHRASES

    pot = Catalog(project="positioning", version="1", fuzzy=False, header_comment="# The wording's messages.")
    for message in list(read(po_path(folder, DEFAULT)))[1:]:
        pot.add(message.id, context=message.context, auto_comments=[_english(message.string)])
    for key, text in ENGLISH.items():
        pot.add(key, auto_comments=[f"{_english(text)}  (the core's English: positioning/core/messages.py)"])
    for key, text in ISSUES.items():
        pot.add(f"issue_{key}", auto_comments=[f"{_english(text)}  (the model's English: positioning/core/model.py)"])
    for key, forms in ENGLISH_PLURAL.items():
        pot.add((key, key), auto_comments=[f"{_english(forms)}  (the core's English)"])
    for context, phrases in PHRASES.items():
        for phrase in phrases:
            pot.add(phrase, context=context, auto_comments=[f"{context}'s own English"])
    return pot


def extract(folder: Path = LOCALE_DIR) -> None:
    if write_catalogue(folder / f"{DOMAIN}.pot", template(folder)):
        print(f"wrote {folder / f'{DOMAIN}.pot'}")


def update(folder: Path = LOCALE_DIR) -> None:
    with (folder / f"{DOMAIN}.pot").open("rb") as f:
        pot = read_po(f)
    for language in languages(folder):
        if language == DEFAULT:
            continue
        catalogue = read(po_path(folder, language))
        catalogue.update(pot, no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
        if write_catalogue(po_path(folder, language), catalogue):
            print(f"wrote {po_path(folder, language)}")


def compiled(po: Path) -> bytes:
    """The .mo file of ``po``: its translated messages (an untranslated one falls back to English)."""
    catalogue = read(po)
    for message in list(catalogue)[1:]:
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        if not all(forms):
            catalogue.delete(message.id, message.context)
    out = io.BytesIO()
    write_mo(out, catalogue)
    return out.getvalue()


def compile_all(folder: Path = LOCALE_DIR) -> None:
    for language in languages(folder):
        po = po_path(folder, language)
        mo, data = po.with_suffix(".mo"), compiled(po)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            print(f"wrote {mo}")


STEPS = {"extract": extract, "update": update, "compile": compile_all}


def main(argv: list[str]) -> int:
    unknown = [step for step in argv if step not in STEPS]
    if unknown:
        print(f"unknown step {unknown[0]!r}: use {', '.join(STEPS)}", file=sys.stderr)
        return 2
    for step in argv or list(STEPS):
        STEPS[step]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
