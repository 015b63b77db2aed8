"""The presenter's start page (/start): the talk, the network check, the room."""

from lien.ui import session
from lien.ui.start import render_start

render_start(session.current_view())
