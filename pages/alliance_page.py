"""The alliance page: its text and blocks come from content/<lang>/pages/alliance.toml."""

from lien import ui

ui.render_page(ui.current_view(), "alliance")
