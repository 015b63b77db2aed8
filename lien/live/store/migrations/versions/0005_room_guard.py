"""A room's own guard against stuffing (issue 21): its cap on phones, its cap on phones per
network address, and whether it takes new phones at all (the presenter's one click).
Existing rooms get none of the caps (the defaults of settings apply) and stay open to joins."""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    with op.batch_alter_table("live_rooms") as batch:
        batch.add_column(sa.Column("max_phones", sa.Integer))
        batch.add_column(sa.Column("per_address", sa.Integer))
        batch.add_column(
            sa.Column("joins_closed", sa.Boolean, nullable=False, server_default=sa.false())
        )
