"""The shape of the code: imports run one way, and only lien.ui knows Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lien.content import ROOT

PACKAGE = ROOT / "lien"

# Each part of lien and the layer it sits on: a module may import its own layer or lower ones.
LAYERS = {
    "lien.sitemap": 0,
    "lien.text": 0,
    "lien.compression": 0,
    "lien.content": 1,
    "lien.view": 2,
    "lien.layout": 2,
    "lien.quiz": 3,
    "lien.reflection": 3,
    "lien.charts": 3,
    "lien.live": 3,
    "lien.handout": 4,
    "lien.talks": 4,
    "lien.projection": 4,
    "lien.printout": 4,
    "lien.follow": 4,
    "lien.check": 4,
    "lien.talk_writer": 4,
    "lien.pdf_import": 4,
    "lien.talk_edit": 4,
    "lien.shedding": 4,
    "lien.serve": 5,
    "lien.__main__": 5,
    "lien.ui": 6,
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module this file imports, at its top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from lien.ui import chart` imports the module lien.ui.chart.
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in package.rglob("*.py")}
    return {
        name: {i for i in imports_of(path) if i in modules and i != name}
        for name, path in modules.items()
    }


def layer(module: str) -> int | None:
    if module == "lien":  # the package's own __init__: a docstring only
        return 0
    for part, level in LAYERS.items():
        if module == part or module.startswith(part + "."):
            return level
    return None


def test_every_module_of_lien_has_a_layer():
    assert [m for m in graph() if layer(m) is None] == []


@pytest.mark.parametrize("package", ["lien", "bench", "devtools", "deploy"])
def test_no_package_imports_a_module_in_a_circle(package):
    edges = graph(ROOT / package)
    state: dict[str, str] = {}  # "open" while on the path, "done" once explored

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                cycle = [*path[path.index(target) :], target]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])


def test_imports_point_down_the_layers_never_up():
    upward = [
        f"{source} imports {target}"
        for source, targets in graph().items()
        for target in targets
        if layer(target) > layer(source)
    ]
    assert not upward, upward


def test_only_the_streamlit_layer_imports_streamlit():
    offenders = [
        f"{module_name(path)} imports {name}"
        for path in PACKAGE.rglob("*.py")
        if not module_name(path).startswith("lien.ui")
        for name in imports_of(path)
        if name == "streamlit" or name.startswith(("streamlit.", "lien.ui"))
    ]
    assert not offenders, offenders


def test_the_pages_and_the_benchmark_apps_reach_lien_only_through_its_layers():
    # Page scripts are thin: they call lien.ui, never content files or charts themselves.
    for path in sorted((ROOT / "screens").glob("*.py")):
        assert {i for i in imports_of(path) if i.startswith("lien")} <= {
            "lien.ui",
            "lien.ui.session",
            "lien.ui.sections",
            "lien.ui.blocks.common",
            "lien.ui.blocks.common.presenter_card",
            "lien.ui.sections.render_page",
            "lien.ui.session.current_view",
            "lien.ui.live",
            "lien.ui.live.render_live",
            "lien.ui.start",
            "lien.ui.start.render_start",
        }, path.name


def test_nothing_in_the_project_imports_the_tests():
    for folder in ("lien", "bench", "devtools", "screens"):
        for path in (ROOT / folder).rglob("*.py"):
            assert not any(i.split(".")[0] == "tests" for i in imports_of(path)), path


def test_every_block_name_content_may_use_has_a_renderer_and_back():
    from lien.sitemap import BLOCK_NAMES
    from lien.ui.blocks import BLOCKS

    assert set(BLOCKS) == set(BLOCK_NAMES)
