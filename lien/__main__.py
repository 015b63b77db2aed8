"""Command line: `python -m lien check` (validate content), `python -m lien serve` (start
the app for the room and open the presenter's start page), `python -m lien import-pdf FILE
--talk ID` (a deck's pages as a talk's own slides)."""

import sys

if sys.argv[1:2] == ["serve"]:
    from lien.serve import main as serve

    sys.exit(serve(sys.argv[2:]))
if sys.argv[1:2] == ["import-pdf"]:
    from lien.pdf_import import main as import_main

    sys.exit(import_main(sys.argv[2:]))

from lien.check import main

sys.exit(main())
