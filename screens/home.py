"""The home page: what Lien teaches, where to start, and the presenter when one is set."""

from lien.ui import session
from lien.ui.blocks.common import presenter_card
from lien.ui.sections import render_page

view = session.current_view()
render_page(view, "home")
presenter_card(view)
