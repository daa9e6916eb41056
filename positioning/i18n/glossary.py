"""The Chinese wording's glossary: one term per concept, and the variants it replaces.

A concept named in an English message (by the pattern ``english``) is worded with ``chinese`` in its
Chinese translation, and no Chinese text of the product (the catalogue, the docs, the examples) uses a
variant in ``forbidden``. tests/test_glossary.py holds the catalogue and the docs to it; a translator
adding a message reads it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Term:
    """One concept's wording."""

    #: A regular expression finding the concept in English text (case-insensitive; placeholders removed).
    english: str
    #: The one Chinese term (a translation naming the concept contains it).
    chinese: str
    #: Regular expressions of the variants never used instead.
    forbidden: tuple[str, ...] = ()


GLOSSARY = MappingProxyType(
    {
        "factor": Term(r"\bfactors?\b", "要素", ("因素",)),
        "competitor": Term(r"\b(competitors?|rivals?)\b", "对手", ("竞争者",)),
        "shortlist": Term(r"\bshortlist", "入围", ("短名单", "候选名单")),
        "importance": Term(r"\bimportance\b", "重视度", ("重要性", "重要度")),
        "rater": Term(r"\braters?\b", "评分人", ("评委", "打分人")),
        "segment": Term(r"\bsegments?\b", "细分", ("细分市场",)),
        "workshop": Term(r"\bworkshops?\b", "工作坊", ("研讨会",)),
        "weight": Term(r"\bweights?\b", "权重"),
        "strategy canvas": Term(r"\bstrategy canvas", "战略布局图", ("战略画布",)),
        # "A, B, C and 3 more": the count is of those not named, never read as a total ("等 3 项").
        "and n more": Term(r"\band \d+ more\b", "另外", (r"等\s*(\d+|\{n\})\s*项",)),
    }
)

#: Messages whose English names a concept that the Chinese rightly leaves unnamed, and why.
ELIDED = MappingProxyType(
    {
        "edit_not_a_canvas": "lists the file's keys (players, factors), kept in English",
        "load_empty": "lists the file's keys (players, factors), kept in English",
        "book_header": "lists the workbook's column headers (Factor...), kept in English",
    }
)
