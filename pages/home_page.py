"""The home page: what Lien teaches, where to start, and the presenter when one is set."""

from lien import blocks, ui

view = ui.current_view()
ui.render_page(view, "home")
blocks.presenter_card(view)
