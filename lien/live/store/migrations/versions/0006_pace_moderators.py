"""Issue 24: the phones' pace signal (lien/live/store/pace.py: per room, kind and hashed phone, the
time of its last tap, kept two minutes) and the moderator links (lien/live/store/moderators.py: per
link, its room and the hash of its token).

Those modules declare the tables on the store's metadata when loaded; a database may already
hold them (a test database whose schema was dropped by that metadata but for them): they are
created here only when missing."""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "live_pace" not in existing:
        _pace()
    if "live_moderators" not in existing:
        _moderators()


def _pace() -> None:
    op.create_table(
        "live_pace",
        sa.Column("room_code", sa.String(12), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("room_code", "kind", "phone"),
    )
    op.create_index("live_pace_at", "live_pace", ["at"])


def _moderators() -> None:
    op.create_table(
        "live_moderators",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("room_code", sa.String(12), nullable=False),
        sa.Column("created_at", sa.Float, nullable=False),
    )
    op.create_index("live_moderators_room", "live_moderators", ["room_code"])
