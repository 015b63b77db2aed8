"""The attachment page: its text and blocks come from content/<lang>/pages/attachment.toml."""

from lien import ui

ui.render_page(ui.current_view(), "attachment")
