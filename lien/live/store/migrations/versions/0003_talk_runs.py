"""Talk runs (lien/live/runs.py): where a talk being presented stands, and its moves.

The talks' code of earlier versions created these tables itself (create_all, checkfirst), so a
database may already hold them: they are created here only when missing.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "live_talk_runs" not in existing:
        op.create_table(
            "live_talk_runs",
            sa.Column("run_id", sa.String(32), primary_key=True),
            sa.Column("talk_id", sa.String(64), nullable=False),
            sa.Column("lang", sa.String(8), nullable=False),
            sa.Column("slide", sa.Integer, nullable=False),
            sa.Column("item_id", sa.String(160), nullable=False),
            sa.Column("blank", sa.Boolean, nullable=False),
            sa.Column("started_at", sa.Float, nullable=False),
            sa.Column("updated_at", sa.Float, nullable=False, index=True),
            sa.Column("room_code", sa.String(12), nullable=True),
        )
    if "live_talk_steps" not in existing:
        op.create_table(
            "live_talk_steps",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("run_id", sa.String(32), nullable=False, index=True),
            sa.Column("item_id", sa.String(160), nullable=False),
            sa.Column("at", sa.Float, nullable=False),
        )
