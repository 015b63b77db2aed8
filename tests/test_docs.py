"""The README stays short, and every link in it and in docs/ leads to a file that exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALL_AND_RUN = "pip install -r requirements.txt && streamlit run app.py"
INSTALL_AND_TEST = "pip install -r requirements-dev.txt && python -m pytest"
# [text](target) or ![alt](target), and <a href="target">: the target up to a space or ")".
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|href=\"([^\"]+)\"")


def relative_links(path: Path) -> list[str]:
    """Every link of a Markdown file that points into the repository (not a web address)."""
    text = path.read_text(encoding="utf-8")
    targets = [a or b for a, b in LINK.findall(text)]
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:|#", t)]


def documents() -> list[Path]:
    docs = sorted((ROOT / "docs").glob("*.md"))
    return [ROOT / "README.md", ROOT / "content" / "README.md", *docs]


def test_the_readme_is_at_most_twelve_kilobytes():
    size = len((ROOT / "README.md").read_bytes())
    assert size <= 12 * 1024, f"README.md is {size} bytes; move details into docs/"


def test_every_relative_link_in_the_readme_and_docs_points_to_a_file_that_exists():
    broken = []
    for doc in documents():
        for target in relative_links(doc):
            file = target.split("#", 1)[0]
            if not (doc.parent / file).exists():
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert broken == []


def test_the_link_finder_sees_links_and_leaves_web_addresses_and_anchors_alone(tmp_path):
    doc = tmp_path / "doc.md"
    doc.write_text(
        '[a](docs/talks.md) ![b](img.png "title") [c](https://example.org) [d](#here) '
        '<a href="x.md#y">e</a>',
        encoding="utf-8",
    )
    assert relative_links(doc) == ["docs/talks.md", "img.png", "x.md#y"]


def test_the_readme_links_each_page_of_docs():
    readme = relative_links(ROOT / "README.md")
    pages = {p.name for p in (ROOT / "docs").glob("*.md")}
    linked = {Path(t.split("#", 1)[0]).name for t in readme if t.startswith("docs/")}
    assert pages - linked == set()


def test_the_readme_gives_the_two_commands_and_ci_runs_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, re.S)
    assert INSTALL_AND_RUN in blocks
    assert INSTALL_AND_TEST in blocks
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == INSTALL_AND_TEST
