"""User names as the login proxy meant them: UTF-8, not UTF-8 bytes read as Latin-1.

Until this release the ``X-Forwarded-User`` header was read as Latin-1 (as WSGI hands headers over),
so "José 李" was stored as "JosÃ© æ\\x9d\\x8e"; the app now reads the header's bytes as UTF-8
(:func:`positioning.http.auth.header_text`). So that such a user still finds their canvases, versions,
deck template and jobs, each stored name that is UTF-8 read as Latin-1 is written back as it was meant.
A name that is not (ASCII, or real Latin-1 such as "José" sent as one byte per letter) is left as it is.
Downgrading changes nothing: the older release would read the names the other way again, and a name
cannot be told apart once meant.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: The columns that hold a user's name: (table, column).
USER_COLUMNS = (("canvases", "owner"), ("canvas_versions", "author"), ("deck_templates", "owner"), ("jobs", "owner"))


def meant(name: str) -> str:
    """``name`` as the proxy meant it: its UTF-8 bytes once read as Latin-1, decoded as UTF-8; else as it is.

    >>> meant("JosÃ© æ\\x9d\\x8e"), meant("José"), meant("alice")
    ('José 李', 'José', 'alice')
    """
    if name.isascii():
        return name
    try:
        return name.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


def upgrade() -> None:
    bind = op.get_bind()
    for table_name, column_name in USER_COLUMNS:
        table = sa.table(table_name, sa.column(column_name, sa.String()))
        column = table.c[column_name]
        names = bind.execute(sa.select(column).distinct()).scalars().all()
        taken = set(names)
        for name in names:
            fixed = meant(name)
            if fixed == name or (table_name == "deck_templates" and fixed in taken):
                continue  # a deck template is one per user: one saved under the right name already wins
            bind.execute(sa.update(table).where(column == name).values({column_name: fixed}))


def downgrade() -> None:
    """Nothing to undo (see the module's docstring)."""
