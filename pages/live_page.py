"""The live room page: for the presenter of a talk, behind the presenter token."""

from lien import ui
from lien.live.page import render_live

render_live(ui.current_view())
