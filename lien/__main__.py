"""Command line: `python -m lien check`, `python -m lien import-pdf FILE --talk ID`."""

import sys

if sys.argv[1:2] == ["import-pdf"]:
    from lien.pdf_import import main as import_main

    sys.exit(import_main(sys.argv[2:]))

from lien.check import main

sys.exit(main())
