"""Alembic's environment for the live room's store: always run on a connection the store gives.

The store (lien.live.store.Store) runs the migrations itself on first use; this file is only
read by Alembic then. It needs no alembic.ini: the store passes the connection in
`config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=True,  # SQLite alters a table by copying it: batch mode does that
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
