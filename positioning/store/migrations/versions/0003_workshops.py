"""Live scoring workshops: their participants and scores.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("canvas_id", sa.String(32), sa.ForeignKey("canvases.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("closed", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_workshops_canvas_id", "workshops", ["canvas_id"])
    op.create_table(
        "workshop_participants",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("workshop", sa.String(64), sa.ForeignKey("workshops.token", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(400), nullable=False),
        sa.Column("created", sa.DateTime(), nullable=False),
        sa.Column("finished", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_workshop_participants_workshop", "workshop_participants", ["workshop"])
    op.create_table(
        "workshop_scores",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "participant",
            sa.String(64),
            sa.ForeignKey("workshop_participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("factor", sa.String(400), nullable=False),
        sa.Column("criterion", sa.String(32), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("updated", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("participant", "factor", "criterion", name="uq_workshop_scores_cell"),
    )
    op.create_index("ix_workshop_scores_participant", "workshop_scores", ["participant"])


def downgrade() -> None:
    op.drop_index("ix_workshop_scores_participant", table_name="workshop_scores")
    op.drop_table("workshop_scores")
    op.drop_index("ix_workshop_participants_workshop", table_name="workshop_participants")
    op.drop_table("workshop_participants")
    op.drop_index("ix_workshops_canvas_id", table_name="workshops")
    op.drop_table("workshops")
