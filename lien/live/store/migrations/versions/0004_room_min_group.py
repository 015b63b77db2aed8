"""A room opened for a talk keeps the talk's `min_group` (talks' TOML) for its personal
questions that set none of their own. Existing rooms get none: their questions' own rule."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("live_rooms") as batch:
        batch.add_column(sa.Column("min_group", sa.Integer))
