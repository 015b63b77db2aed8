"""Helpers the tests share: content copies to break, AppTest runs, browser checks."""

from tests.helpers.content import edit, problems_of

__all__ = ["edit", "problems_of"]
