"""A rehearsal leaves no empty room behind (issue 24): leaving present mode deletes the run's
live room when no phone ever joined it (a rehearsal, or a talk nobody joined), so /live's list
of open rooms holds only rooms with someone's answers to keep. A room a phone joined stays
until the presenter deletes it or it expires (LIEN_ROOM_HOURS). A projector's tab closed
without leaving present mode: the store no longer lists the empty room, and deletes it, once
neither it nor its run changed for two hours (lien.live.store.rooms.abandoned)."""

from __future__ import annotations

from lien.live.runs import current_runs
from lien.live.store import current_store


def forget_empty_room(run_id: str) -> bool:
    """Delete the run's room when no phone joined it; True when it was deleted (or gone).

    Raises StoreUnavailable when the database cannot be used (nothing is deleted then)."""
    runs, store = current_runs(), current_store()
    run = runs.run(run_id)
    if run is None or not run.room_code:
        return False
    room = store.room(run.room_code)
    if room is not None and (room.participants > 0 or store.member_order(room.code)):
        return False
    if room is not None:
        store.delete_room(room.code)
    runs.set_room(run_id, None)
    return True
