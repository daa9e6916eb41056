"""Canvases and their versions.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "canvases",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("owner", sa.String(400), nullable=False),
        sa.Column("title", sa.String(400), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_canvases_owner_updated", "canvases", ["owner", "updated"])
    op.create_table(
        "canvas_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("canvas_id", sa.String(32), sa.ForeignKey("canvases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("yaml", sa.Text(), nullable=False),
        sa.Column("author", sa.String(400), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("summary", sa.String(400), nullable=False),
        sa.UniqueConstraint("canvas_id", "number", name="uq_canvas_versions_number"),
    )


def downgrade() -> None:
    op.drop_table("canvas_versions")
    op.drop_index("ix_canvases_owner_updated", table_name="canvases")
    op.drop_table("canvases")
