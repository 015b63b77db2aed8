"""The reflection page: its text and blocks come from content/<lang>/pages/reflection.toml."""

from lien import ui

ui.render_page(ui.current_view(), "reflection")
