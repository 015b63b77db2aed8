"""The sources page: its text and blocks come from content/<lang>/pages/sources.toml."""

from lien import ui

ui.render_page(ui.current_view(), "sources")
