"""The Chinese wording against its glossary (positioning/i18n/glossary.py): one term per concept."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from positioning.i18n.catalogue import FOLDER
from positioning.i18n.formatting import join_names
from positioning.i18n.glossary import ELIDED, GLOSSARY

from .conftest import ROOT


def _messages() -> list[tuple[str, str, list[str]]]:
    """Each message's key, its English (the template's comment, placeholders and file keys removed) and
    its Chinese texts."""
    with open(FOLDER / "positioning.pot", "rb") as template, open(FOLDER / "zh/LC_MESSAGES/positioning.po", "rb") as zh:
        english = {(m.context, _key(m)): " ".join(m.auto_comments) for m in read_po(template) if m.id}
        chinese = {(m.context, _key(m)): m.string for m in read_po(zh) if m.id}
    return [
        (key[1], re.sub(r"\{[^}]*\}|\b\w+:", "", english[key]), list(text) if isinstance(text, tuple) else [text])
        for key, text in chinese.items()
        if key in english
    ]


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


MESSAGES = _messages()


@pytest.mark.parametrize("concept", list(GLOSSARY))
def test_no_chinese_message_uses_a_variant_the_glossary_replaces(concept):
    term = GLOSSARY[concept]
    found = [(key, text) for key, _, texts in MESSAGES for text in texts for v in term.forbidden if re.search(v, text)]
    assert found == [], f"{concept}: say {term.chinese}"


@pytest.mark.parametrize("concept", list(GLOSSARY))
def test_a_chinese_message_names_a_concept_with_the_glossary_term(concept):
    term = GLOSSARY[concept]
    missing = [
        (key, english.strip())
        for key, english, texts in MESSAGES
        if key not in ELIDED and re.search(term.english, english, re.I) and not all(term.chinese in t for t in texts)
    ]
    assert missing == [], f"{concept}: say {term.chinese}"


def test_the_chinese_docs_and_examples_keep_to_the_glossary():
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "configs").glob("*.yaml"))]
    found = [
        (path.name, concept, variant)
        for path in files
        for concept, term in GLOSSARY.items()
        for variant in term.forbidden
        if re.search(variant, path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_list_cut_short_counts_the_names_left_out_not_all_of_them():
    peaks = ["叫车等待时间短", "随时随地可得", "行程透明与安全保障", "无现金支付", "车内舒适度", "品牌信任度"]
    assert join_names(peaks, "zh", most=3) == "叫车等待时间短、随时随地可得、行程透明与安全保障及另外 3 项"
    assert join_names(peaks, "en", most=3).endswith(" and 3 more")
