"""The therapy page: its text and blocks come from content/<lang>/pages/therapy.toml."""

from lien import ui

ui.render_page(ui.current_view(), "therapy")
