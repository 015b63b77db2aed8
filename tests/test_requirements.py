"""Every package lien/ imports is pinned in requirements.txt, not left to what another pulls in."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Import names that differ from the name of the distribution that provides them.
DISTRIBUTION_OF = {
    "markdown_it": "markdown-it-py",
    "PIL": "pillow",
    "yaml": "pyyaml",
    "dateutil": "python-dateutil",
    "google": "protobuf",
}
# This repository's own top-level packages and modules.
FIRST_PARTY = {p.stem for p in ROOT.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}


def normalised(name: str) -> str:
    """A distribution name as the package index compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pinned(requirements: str) -> dict[str, str]:
    """Each distribution pinned with `==` in a requirements text, and its version."""
    pins = {}
    for line in requirements.splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;]+)", line)
        if match:
            pins[normalised(match[1])] = match[3]
    return pins


def third_party_imports(package: Path) -> dict[str, set[str]]:
    """Each top-level module the package imports from outside the standard library and this
    repository, with the files that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in FIRST_PARTY:
                    found.setdefault(top, set()).add(str(path.relative_to(package.parent)))
    return found


def unpinned(package: Path, requirements: str) -> list[str]:
    pins = pinned(requirements)
    return [
        f"{module} (imported by {', '.join(sorted(files))}): pin "
        f"{DISTRIBUTION_OF.get(module, module)}==<version> in requirements.txt"
        for module, files in sorted(third_party_imports(package).items())
        if normalised(DISTRIBUTION_OF.get(module, module)) not in pins
    ]


def test_every_package_lien_imports_is_pinned_in_requirements_txt():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert unpinned(ROOT / "lien", requirements) == []


def test_lien_imports_its_main_packages_so_the_scan_sees_them():
    modules = third_party_imports(ROOT / "lien")
    assert {"streamlit", "plotly", "pandas", "sqlalchemy", "markdown_it"} <= set(modules)
    assert "lien" not in modules and "json" not in modules


def test_an_import_with_no_pin_is_named_with_its_file_and_the_line_to_add(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text(
        "import os\nimport numpy as np\nfrom markdown_it import MarkdownIt\n"
        "from PIL import Image\nfrom . import b\n",
        encoding="utf-8",
    )
    requirements = "numpy>=2  # a range is not a pin\nmarkdown-it-py==4.3.0\nPillow==13.0.0\n"
    assert unpinned(package, requirements) == [
        "numpy (imported by pkg/a.py): pin numpy==<version> in requirements.txt"
    ]


def test_pins_are_read_with_extras_markers_and_comments():
    text = (
        "psycopg[binary]==3.3.9\npgserver==0.1.4; sys_platform != 'win32'\n# x==1\n-r other.txt\n"
    )
    assert pinned(text) == {"psycopg": "3.3.9", "pgserver": "0.1.4"}
