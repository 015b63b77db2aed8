"""Lien's content and data: typed records, their loading and checks, and the shared cache.

Nothing here imports Streamlit: `python -m lien check`, the phone routes and the tests use it
as the pages do.
"""

from lien.content.bundle import Bundle
from lien.content.cache import BUNDLES, BundleCache, per_content
from lien.content.loader import load_bundle
from lien.content.paths import ROOT, content_root
from lien.content.problems import ContentError, Problem

__all__ = [
    "BUNDLES",
    "ROOT",
    "Bundle",
    "BundleCache",
    "ContentError",
    "Problem",
    "content_root",
    "load_bundle",
    "per_content",
]
