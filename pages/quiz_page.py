"""The quiz page: its text comes from content/<lang>/pages/quiz.toml, the round is a block."""

from lien import ui

ui.render_page(ui.current_view(), "quiz")
