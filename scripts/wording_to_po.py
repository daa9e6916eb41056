"""Move the wording's Python dictionaries into the gettext catalogues (positioning/i18n/locale).

The words used to live in dictionaries in positioning/i18n/wording.py (``_TABLES``,
``_PROBLEM_TABLES``, ``_JOB_TABLES``: language -> key -> text; ``_YAML_WORDS``,
``_PLOTLY_WORDS``: language -> a library's English -> text). This script reads them from
a copy of that file, without importing it (its dictionaries are read with :mod:`ast`), and
writes them into ``locale/<language>/LC_MESSAGES/positioning.po``, so nothing is retyped:

    python scripts/wording_to_po.py OLD_WORDING.py [--replace]
    python scripts/catalogues.py          # then: the template, the other languages, the .mo files

It was run once to make the catalogues. It is kept for branches that still add entries to
those dictionaries: take that branch's wording.py (``git show BRANCH:positioning/i18n/wording.py
> /tmp/wording.py``), run the script on it, then ``make catalogues``. A message already in a
catalogue is kept as it is there (``--replace`` overwrites it with the dictionary's text),
so only the new entries (and any the catalogue holds untranslated) move.

How the old shapes become gettext's:

* a key ``K`` with a twin ``K_one`` (``change_more``/``change_more_one``) is one message
  with plural forms, msgid and msgid_plural ``K``: English "one" and "other" forms, Chinese
  one form; a lone ``1`` in the singular becomes the count's placeholder (``{n}``);
* the core's ``load_more_problem``/``load_more_problems`` become the plural message
  ``load_more_problems`` the same way;
* a count written with a "(s)"/"(es)" spelling (``{canvases} canvas(es)``, the backup's
  sentences) becomes a plural message of its own (``backup_canvases``: "{n} canvas" /
  "{n} canvases"), and the sentence takes its place in a placeholder (``{canvases}``);
* a language's name (``LANGUAGES``) becomes the message ``language_name``;
* PyYAML's and plotly.js's phrases keep their English as msgid, with msgctxt "yaml" or
  "plotly".

The core's English (positioning/core/messages.py's ``ENGLISH``) is not in en.po: it is the
source of those keys' English, which scripts/catalogues.py puts in the template.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

sys.path.insert(0, str(Path(__file__).resolve().parent))
from catalogues import DEFAULT, LOCALE_DIR, po_path, write_catalogue

#: The dictionaries of a library's phrases (its English -> ours), and the msgctxt of each.
PHRASES = {"_YAML_WORDS": "yaml", "_PLOTLY_WORDS": "plotly"}
#: Keys the catalogues no longer have (relative times are Babel's format_timedelta now).
RETIRED = frozenset({"minutes_ago", "hours_ago", "days_ago"})
#: Plural messages whose singular had a key of another shape.
SINGULAR_OF = {"load_more_problems": "load_more_problem"}
#: A count spelled with "(s)"/"(es)": "{canvases} canvas(es)".
_EN_COUNT = re.compile(r"\{(\w+)\} ([a-z][a-z ]*?)\((e?s)\)")
#: Its Chinese: "{canvases} 个画布" (a measure word, then the noun up to the next punctuation).
_ZH_COUNT = re.compile(r"\{(\w+)\} ([个位张项][^，、（）{}：；。]+)")


def _literal(node: ast.AST) -> Any:
    """A literal, seeing through ``MappingProxyType(...)``."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "MappingProxyType":
        return _literal(node.args[0])
    if isinstance(node, ast.Dict):
        return {_literal(k): _literal(v) for k, v in zip(node.keys, node.values, strict=True) if k is not None}
    return ast.literal_eval(node)


def read_dictionaries(path: Path) -> dict[str, Any]:
    """Every top-level dictionary assignment of a wording.py, by name."""
    found: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and value is not None:
            try:
                found[target.id] = _literal(value)
            except (ValueError, TypeError, SyntaxError):
                continue
    return found


def _counted(key: str, text: str, language: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """``text`` with its "(s)" counts as placeholders, and those counts as plural messages."""
    prefix = key.split("_")[0]
    pieces: dict[str, tuple[str, ...]] = {}
    if language == "en":
        for name, noun, suffix in _EN_COUNT.findall(text):
            pieces[f"{prefix}_{name}"] = (f"{{n}} {noun}", f"{{n}} {noun}{suffix}")
        return _EN_COUNT.sub(r"{\1}", text), pieces
    for name, noun in _ZH_COUNT.findall(text):
        pieces[f"{prefix}_{name}"] = (f"{{n}} {noun}",)
    return _ZH_COUNT.sub(r"{\1}", text), pieces


def _singular(singular: str, plural: str) -> str:
    """A singular written with a literal 1 ("and 1 more change") takes the plural's count placeholder."""
    names = re.findall(r"\{(\w+)\}", plural)
    if names and not re.findall(r"\{(\w+)\}", singular.replace("{format}", "")) and re.search(r"\b1\b", singular):
        return re.sub(r"\b1\b", "{" + names[0] + "}", singular, count=1)
    return singular


def messages_of(words: dict[str, str], language: str, english: dict[str, str]) -> list[Message]:
    """One language's table as catalogue messages (plurals joined, "(s)" counts split)."""
    singulars = {f"{k}_one": k for k in words if f"{k}_one" in words}
    singulars.update({one: k for k, one in SINGULAR_OF.items() if one in words and k in words})
    out: list[Message] = []
    for key, text in words.items():
        if key in singulars or key in RETIRED:
            continue
        if key in singulars.values():
            one = next(s for s, k in singulars.items() if k == key)
            forms = (_singular(words[one], text), text) if language == "en" else (text,)
            out.append(Message((key, key), forms))
        elif _EN_COUNT.search(english.get(key, "")):
            sentence, pieces = _counted(key, text, language)
            out.append(Message(key, sentence))
            out += [Message((k, k), forms) for k, forms in pieces.items()]
        else:
            out.append(Message(key, text))
    return out


def _locale(dictionaries: dict[str, Any], language: str) -> str:
    return str(dictionaries.get("HTML_LANG", {}).get(language, language)).replace("-", "_")


def convert(wording: Path, folder: Path, replace: bool) -> list[Path]:
    """Add the dictionaries of ``wording`` to the catalogues in ``folder``; the .po files written."""
    found = read_dictionaries(wording)
    tables = [value for name, value in found.items() if name.endswith("_TABLES") and isinstance(value, dict)]
    languages = {code for table in tables for code in table} | set(found.get("LANGUAGES", {}))
    english = {k: v for table in tables for k, v in table.get(DEFAULT, {}).items()}
    written = []
    for language in sorted(languages):
        path = po_path(folder, language)
        if path.exists():
            with path.open("rb") as f:
                catalogue = read_po(f)
        else:
            catalogue = Catalog(locale=_locale(found, language), project="positioning", version="1", fuzzy=False)
        new: list[Message] = []
        if language in found.get("LANGUAGES", {}):
            new.append(Message("language_name", found["LANGUAGES"][language]))
        for table in tables:
            new += messages_of(dict(table.get(language, {})), language, english)
        for name, context in PHRASES.items():
            new += [Message(k, v, context=context) for k, v in found.get(name, {}).get(language, {}).items()]
        for message in new:
            held = catalogue.get(message.id, message.context)
            if held is not None and held.string and all(held.string) and not replace:
                continue  # translated already: kept as the catalogue has it
            if held is not None:
                catalogue.delete(message.id, message.context)
            catalogue[message.id] = message  # keeps the message's context
        if write_catalogue(path, catalogue):
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wording", type=Path, help="a wording.py that still holds the dictionaries")
    parser.add_argument("--locale", type=Path, default=LOCALE_DIR, help="the catalogues' folder")
    parser.add_argument("--replace", action="store_true", help="overwrite messages the catalogues already hold")
    args = parser.parse_args(argv)
    for path in convert(args.wording, args.locale, args.replace):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
