"""The quiz page: its text comes from content/<lang>/pages/quiz.toml, the round is a block."""

from lien.ui import session
from lien.ui.sections import render_page

render_page(session.current_view(), "quiz")
