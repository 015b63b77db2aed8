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
    "lien.static": 0,
    "lien.keymap": 0,
    "lien.content": 1,
    "lien.view": 2,
    "lien.layout": 2,
    "lien.quiz": 3,
    "lien.reflection": 3,
    "lien.charts": 3,
    "lien.live.records": 2,  # what the store returns: plain data, no SQLAlchemy
    "lien.live": 3,
    "lien.live.store": 3,  # the store's parts: the only modules that know SQLAlchemy
    "lien.handout": 4,
    "lien.talks": 4,
    "lien.projection": 4,
    "lien.printout": 4,
    "lien.follow": 4,
    "lien.follow_along": 4,
    "lien.check": 4,
    "lien.talk_writer": 4,
    "lien.pdf_import": 4,
    "lien.talk_edit": 4,
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
    parts = [part for part in LAYERS if module == part or module.startswith(part + ".")]
    return LAYERS[max(parts, key=len)] if parts else None  # the most precise part


# The live room's store: its package, and the talk runs that work on its transactions.
STORE = ("lien.live.store", "lien.live.runs")


def in_store(module: str) -> bool:
    return any(module == part or module.startswith(part + ".") for part in STORE)


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


def test_only_the_store_imports_sqlalchemy_and_alembic():
    paths = [ROOT / "app.py"] + [
        path
        for folder in ("lien", "screens", "bench", "devtools", "deploy")
        for path in (ROOT / folder).rglob("*.py")
    ]
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in paths
        if not in_store(module_name(path))
        for name in imports_of(path)
        if name.split(".")[0] in ("sqlalchemy", "alembic")
    ]
    assert not offenders, offenders


def test_no_chart_reaches_the_store_or_sqlalchemy_through_its_imports():
    """A chart draws records (lien.live.records), never reads the database."""
    edges = graph()
    charts = [m for m in edges if m.startswith("lien.charts.") or m == "lien.live.results"]
    assert "lien.charts.live_answers" in charts
    reaching = {}
    for chart in charts:
        seen, todo = {chart}, [chart]
        while todo:
            for target in edges[todo.pop()] - seen:
                seen.add(target)
                todo.append(target)
        if stored := sorted(m for m in seen if in_store(m)):
            reaching[chart] = stored
    assert reaching == {}


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
