"""Each user's PowerPoint template for the decks downloaded from the app.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deck_templates",
        sa.Column("owner", sa.String(400), primary_key=True),
        sa.Column("name", sa.String(400), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("deck_templates")
