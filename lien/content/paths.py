"""Where content/ and data/ are read from."""

from __future__ import annotations

import os
from pathlib import Path

# The repository: content/, data/, screens/ and assets/ sit beside the lien package.
ROOT = Path(__file__).resolve().parent.parent.parent


def content_root() -> Path:
    """Where content/ and data/ are read: the repository, or LIEN_CONTENT_ROOT when set."""
    return Path(os.environ.get("LIEN_CONTENT_ROOT") or ROOT)
