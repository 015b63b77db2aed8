"""The reflection page: its text and blocks come from content/<lang>/pages/reflection.toml."""

from lien.ui import session
from lien.ui.sections import render_page

render_page(session.current_view(), "reflection")
