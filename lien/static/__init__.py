"""The browser code of the Streamlit pages, as files: CSS and JavaScript, read once.

Each view injects its file as before (st.html, or the index page's head): `style("x.css")`
is the file in a <style> element, `script("x.js")` in a <script> element. The phone pages
keep their own beside their templates (lien/live/templates). A file that takes values from
Python (the projector's keys, lien.keymap) names them with a placeholder its module replaces.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def read(name: str) -> str:
    """The text of one file of this folder (read once per process)."""
    return (files(__name__) / name).read_text(encoding="utf-8")


@cache
def style(name: str) -> str:
    return f"<style>\n{read(name)}</style>\n"


@cache
def script(name: str) -> str:
    return f"<script>\n{read(name)}</script>\n"
