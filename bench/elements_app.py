"""bench/elements.py's page: a title, then K elements of one kind (LIEN_KIND, LIEN_COUNT)."""

import os

from bench import elements_kinds

elements_kinds.draw(os.environ["LIEN_KIND"], int(os.environ["LIEN_COUNT"]))
