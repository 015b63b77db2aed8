"""The live room page: for the presenter of a talk, behind the presenter token."""

from lien.ui import session
from lien.ui.live import render_live

render_live(session.current_view())
