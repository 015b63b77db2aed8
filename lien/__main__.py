"""Command line: `python -m lien check` (validate content), `python -m lien serve` (start
the app for the room and open the presenter's start page)."""

import sys

if sys.argv[1:2] == ["serve"]:
    from lien.serve import main as serve

    sys.exit(serve(sys.argv[2:]))

from lien.check import main

sys.exit(main())
