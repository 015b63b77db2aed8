"""Signed phone tokens, limits kept in the store, question kinds, pause, rounds with times.

- live_rooms: a per-room secret (signs the phones' tokens), a participant counter (the join
  cap is checked on it in one statement), paused, when the current question opened.
- live_answers: a text (words, a short free text) and a moderation status.
- live_rounds: each question asked in a room, with when it opened, closed and was revealed.
- live_asks, live_votes: the audience's questions and their upvotes.
- live_hidden_words: words the presenter hid from a word cloud.
- live_limits: token buckets (answers per phone, joins per address, presenter guesses), so
  that every replica counts the same.
Existing rooms keep their answers: their secret is drawn here, their counter counted.
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    with op.batch_alter_table("live_rooms") as batch:
        batch.add_column(sa.Column("secret", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("participants", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("paused", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("opened_at", sa.Float))
    with op.batch_alter_table("live_answers") as batch:
        batch.add_column(sa.Column("text", sa.String(400)))
        batch.add_column(sa.Column("status", sa.String(10)))
    op.create_table(
        "live_rounds",
        sa.Column("room_code", sa.String(12), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("opened_at", sa.Float, nullable=False),
        sa.Column("closed_at", sa.Float),
        sa.Column("revealed_at", sa.Float),
        sa.PrimaryKeyConstraint("room_code", "round"),
    )
    op.create_table(
        "live_asks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("room_code", sa.String(12), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("participant", sa.String(64), nullable=False),
        sa.Column("text", sa.String(400), nullable=False),
        sa.Column("asked_at", sa.Float, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("votes", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("live_asks_room", "live_asks", ["room_code", "round"])
    op.create_table(
        "live_votes",
        sa.Column("ask_id", sa.Integer, nullable=False),
        sa.Column("participant", sa.String(64), nullable=False),
        sa.Column("room_code", sa.String(12), nullable=False),
        sa.PrimaryKeyConstraint("ask_id", "participant"),
    )
    op.create_index("live_votes_room", "live_votes", ["room_code"])
    op.create_table(
        "live_hidden_words",
        sa.Column("room_code", sa.String(12), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("word", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("room_code", "round", "word"),
    )
    op.create_table(
        "live_limits",
        sa.Column("key", sa.String(160), primary_key=True),
        sa.Column("tokens", sa.Float, nullable=False),
        sa.Column("at", sa.Float, nullable=False, index=True),
    )
    conn = op.get_bind()
    rooms = sa.table(
        "live_rooms", sa.column("code"), sa.column("secret"), sa.column("participants")
    )
    members = sa.table("live_members", sa.column("room_code"))
    for (code,) in conn.execute(sa.select(rooms.c.code)).all():
        count = conn.execute(
            sa.select(sa.func.count()).select_from(members).where(members.c.room_code == code)
        ).scalar_one()
        conn.execute(
            rooms.update()
            .where(rooms.c.code == code)
            .values(secret=secrets.token_urlsafe(32), participants=count)
        )
