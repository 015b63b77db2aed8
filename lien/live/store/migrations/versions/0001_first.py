"""The store as the first version of Lien shipped it: rooms, participants, answers.

A database made by that version has these tables and no alembic_version: the store stamps it
with this revision, then upgrades it.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "live_rooms",
        sa.Column("code", sa.String(12), primary_key=True),
        sa.Column("created_at", sa.Float, nullable=False),
        sa.Column("expires_at", sa.Float, nullable=False, index=True),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(64)),
        sa.Column("phase", sa.String(10), nullable=False),
    )
    op.create_table(
        "live_members",
        sa.Column("room_code", sa.String(12), nullable=False),
        sa.Column("participant", sa.String(64), nullable=False),
        sa.Column("joined_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("room_code", "participant"),
    )
    op.create_table(
        "live_answers",
        sa.Column("room_code", sa.String(12), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("participant", sa.String(64), nullable=False),
        sa.Column("option_id", sa.String(64), nullable=False),
        sa.Column("answered_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("room_code", "round", "participant"),
    )
