"""The therapy page: its text and blocks come from content/<lang>/pages/therapy.toml."""

from lien.ui import session
from lien.ui.sections import render_page

render_page(session.current_view(), "therapy")
