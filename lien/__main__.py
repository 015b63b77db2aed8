"""Command line: `python -m lien check`."""

import sys

from lien.check import main

sys.exit(main())
