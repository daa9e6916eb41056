"""Version summaries as data (canvas_versions.message, JSON) instead of finished English or Chinese text.

Each stored summary is read back once into the wording key and values it was
written from (:func:`positioning.i18n.summaries.parse_summary`: the sentences
the product wrote and a user's edits, in English or Chinese); a text that is
none of them is kept as verbatim text. Downgrading writes each summary back
as text, as it was written (cut to the old column's 400 characters).

Both read and write with the words of this release, kept beside this file
(``0006_words/``, the compiled catalogues as they were when it was written),
so a later release that rewords a sentence still reads the text this one's
predecessors stored.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from alembic import op

from positioning.i18n.catalogue import read_from
from positioning.i18n.summaries import from_json, parse_summary, summary_json, summary_text

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: The words of this release (its compiled catalogues), read whatever the current ones say.
WORDS = Path(__file__).with_name("0006_words")
#: Rows read and written at a time.
BATCH = 1000
_VERSIONS = sa.table(
    "canvas_versions",
    sa.column("id", sa.Integer()),
    sa.column("summary", sa.String(400)),
    sa.column("message", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("canvas_versions") as batch:
        batch.add_column(sa.Column("message", sa.Text(), nullable=True))
    with read_from(WORDS):
        _convert(_VERSIONS.c.summary, _VERSIONS.c.message, lambda text: summary_json(parse_summary(text)))
    with op.batch_alter_table("canvas_versions") as batch:
        batch.alter_column("message", existing_type=sa.Text(), nullable=False)
        batch.drop_column("summary")


def downgrade() -> None:
    with op.batch_alter_table("canvas_versions") as batch:
        batch.add_column(sa.Column("summary", sa.String(400), nullable=True))
    with read_from(WORDS):
        _convert(_VERSIONS.c.message, _VERSIONS.c.summary, lambda raw: summary_text(from_json(raw))[:400])
    with op.batch_alter_table("canvas_versions") as batch:
        batch.alter_column("summary", existing_type=sa.String(400), nullable=False)
        batch.drop_column("message")


def _convert(source: sa.ColumnClause, target: sa.ColumnClause, converted: Callable[[str], str]) -> None:
    """``target`` of every row set to ``source`` converted, a batch of rows at a time (each distinct text once)."""
    connection = op.get_bind()
    done: dict[str, str] = {}
    last = 0
    while True:
        rows = connection.execute(
            sa.select(_VERSIONS.c.id, source).where(_VERSIONS.c.id > last).order_by(_VERSIONS.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        changes = []
        for row_id, text in rows:
            if text not in done:
                if len(done) >= 10 * BATCH:  # remembered to convert each repeated text once, in bounded memory
                    done.clear()
                done[text] = converted(text)
            changes.append({"row": row_id, "value": done[text]})
        statement = (
            _VERSIONS.update().where(_VERSIONS.c.id == sa.bindparam("row")).values({target.name: sa.bindparam("value")})
        )
        connection.execute(statement, changes)
        last = rows[-1][0]
