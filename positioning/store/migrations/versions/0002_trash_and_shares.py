"""The trash (canvases.deleted) and read-only share links.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("canvases") as batch:
        batch.add_column(sa.Column("deleted", sa.DateTime(), nullable=True))
    op.create_table(
        "shares",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("canvas_id", sa.String(32), sa.ForeignKey("canvases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("revoked", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_shares_canvas_id", "shares", ["canvas_id"])


def downgrade() -> None:
    op.drop_index("ix_shares_canvas_id", table_name="shares")
    op.drop_table("shares")
    with op.batch_alter_table("canvases") as batch:
        batch.drop_column("deleted")
