"""Each user's PowerPoint template for the decks they download from the app.

One template per user, kept in the workspace's database (so it is there after
a reload, on another machine and after a restart), checked before it is kept
(:func:`positioning.output.deck_template.open_template`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from positioning.output.deck_template import open_template
from positioning.store.db import Database
from positioning.store.models import DeckTemplateRow, utcnow

#: The largest template the app keeps: it comes as base64 in one request, within the server's request cap.
APP_TEMPLATE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class DeckTemplate:
    name: str
    data: bytes


class DeckTemplates:
    """The deck template of ``owner`` in ``database``."""

    def __init__(self, database: Database, owner: str) -> None:
        self.database = database
        self.owner = owner

    def get(self) -> DeckTemplate | None:
        with self.database.session() as session:
            row = session.get(DeckTemplateRow, self.owner)
            return DeckTemplate(row.name, row.data) if row else None

    def put(self, name: str, data: bytes) -> DeckTemplate:
        """Keep ``data`` as the owner's template, once it opens as one (:class:`TemplateError` if not)."""
        open_template(data, name=name)
        with self.database.session() as session:
            row = session.get(DeckTemplateRow, self.owner) or DeckTemplateRow(owner=self.owner)
            row.name, row.data, row.updated = name[:400], data, utcnow()
            session.add(row)
        return DeckTemplate(name, data)

    def clear(self) -> None:
        with self.database.session() as session:
            session.execute(delete(DeckTemplateRow).where(DeckTemplateRow.owner == self.owner))

    def name(self) -> str | None:
        with self.database.session() as session:
            return session.scalar(select(DeckTemplateRow.name).where(DeckTemplateRow.owner == self.owner))
