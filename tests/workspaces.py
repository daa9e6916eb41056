"""A small workspace for the backup tests: made through the store as the app
makes it (two owners, versions, the trash, shares, workshops, a deck
template), plus version texts that only the database holds, and read back as
plain rows to compare two databases."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import insert, select

from positioning.i18n.summaries import summary_json, verbatim
from positioning.store.db import Database
from positioning.store.deck_templates import DeckTemplates
from positioning.store.models import Base, VersionRow
from positioning.store.repository import Repository
from positioning.store.workshops import Workshops, finish, join, put_score
from tests.conftest import ROOT
from tests.factory import make_canvas

#: Version texts the writer would never make, kept as they are: CRLF line ends, a comment, trailing
#: spaces, no final newline, Chinese; and one the current rules refuse (an old version may be so).
ODD_TEXT = "# kept as typed\r\ntitle:   'Air travel'  \r\nsubject: 我们\r\nplayers: [{name: 我们}, {name: Them}]\r\n"
REFUSED_TEXT = "title: an old version\nfactors: []\n"
#: Columns the database numbers itself (not part of the workspace).
ROW_NUMBERS = {"canvas_versions": "id", "workshop_scores": "id"}


def seed(database: Database) -> dict[str, Any]:
    """Fill ``database`` with a bit of everything; the ids of what it made."""
    ann, bob = Repository(database, "ann"), Repository(database, "bob")
    kept = ann.create(make_canvas(title="Kept"))
    ann.save(kept.id, make_canvas({"Us": [9, 2, 5], "Them": [5, 5, 5]}, title="Kept"), expected=1, summary="Us up")
    ann.save(kept.id, make_canvas({"Us": [9, 3, 5], "Them": [5, 5, 5]}, title="Kept"), expected=2, summary="F2")
    ann.restore_version(kept.id, 1)
    live = ann.share(kept.id)
    revoked = ann.share(kept.id)
    ann.revoke(kept.id, revoked.token)
    trashed = ann.create(make_canvas(title="In the trash"))
    ann.delete(trashed.id)
    theirs = bob.create(make_canvas({"Ours": [1, 2, 3], "Yours": [3, 2, 1]}, title="Bob's", subject="Ours"))
    _add_version(database, theirs.id, 2, ODD_TEXT)
    _add_version(database, theirs.id, 3, REFUSED_TEXT)
    closed = Workshops(ann).start(kept.id)
    for name, score in (("Zoë", 4.5), ("Li Wei", 2.0)):
        person = join(database, closed.token, name)
        put_score(database, closed.token, person.id, "F1", "capability", score)
        put_score(database, closed.token, person.id, "F2", "barriers", 1)
    finish(database, closed.token, person.id)
    Workshops(ann).close(kept.id, closed.token)
    open_one = Workshops(ann).start(kept.id)
    join(database, open_one.token, "Nobody yet")
    template = (ROOT / "positioning" / "output" / "templates" / "default.pptx").read_bytes()
    DeckTemplates(database, "bob").put("brand.pptx", template)
    return {"kept": kept.id, "trashed": trashed.id, "theirs": theirs.id, "share": live.token, "workshop": closed.token}


def _add_version(database: Database, canvas_id: str, number: int, text: str) -> None:
    """A version row written as an older app (or another tool) might have: the text is not re-dumped."""
    when = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=timezone.utc)
    with database.session() as session:
        session.execute(
            insert(VersionRow).values(
                canvas_id=canvas_id,
                number=number,
                yaml=text,
                author="bob",
                created=when,
                message=summary_json(verbatim("By hand")),
            )
        )
        canvases = Base.metadata.tables["canvases"]
        session.execute(canvases.update().where(canvases.c.id == canvas_id).values(version=number, updated=when))


def rows(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows without the numbers the database gives them, sorted: two workspaces are the
    same when these are equal."""
    found = {}
    with database.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name != ROW_NUMBERS.get(table.name)]
            found[table.name] = sorted(connection.execute(select(*columns)).all(), key=repr)
    return {name: [tuple(row) for row in table] for name, table in found.items()}
