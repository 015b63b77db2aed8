"""The shape of the code: imports run one way, and only lien.ui knows Streamlit."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from lien.content import ROOT

PACKAGE = ROOT / "lien"

# Each part of lien and the layer it sits on: a module may import its own layer or lower ones.
LAYERS = {
    "lien.sitemap": 0,
    "lien.text": 0,
    "lien.static": 0,
    "lien.keymap": 0,
    "lien.html": 0,
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
    "lien.check": 4,
    "lien.talk_writer": 4,
    "lien.pdf_import": 4,
    "lien.talk_edit": 4,
    "lien.run_markers": 4,
    "lien.web": 5,
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


def test_the_web_package_and_the_streamlit_layer_never_import_each_other():
    edges = graph()
    crossing = [
        f"{source} imports {target}"
        for source, targets in edges.items()
        for target in targets
        if (source.startswith("lien.web") and target.startswith("lien.ui"))
        or (source.startswith("lien.ui") and target.startswith("lien.web"))
    ]
    assert not crossing, crossing


def test_every_route_beside_the_pages_is_in_the_web_package():
    # A Starlette route (or the middleware's ASGI types) outside lien/web would be a route
    # family wired somewhere else.
    outside = [
        f"{module_name(path)} imports {name}"
        for path in PACKAGE.rglob("*.py")
        if not module_name(path).startswith("lien.web")
        for name in imports_of(path)
        if name.startswith(("starlette.routing", "starlette.middleware", "starlette.types"))
    ]
    assert not outside, outside


def private_imports(path: Path) -> list[str]:
    """`from lien.x import _name`: a private name of another module of Lien."""
    return [
        f"{path.relative_to(path.parents[1]).as_posix()} imports {node.module}.{alias.name}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("lien")
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]


def test_no_module_of_lien_imports_a_private_name_of_another(tmp_path):
    found = [line for path in sorted(PACKAGE.rglob("*.py")) for line in private_imports(path)]
    assert not found, found
    # The scan sees one, as web.py's sign-in page did (`from lien.live.web import _CSS`).
    example = tmp_path / "example.py"
    example.write_text("from lien.web.toolkit import PHONE_CSS, _secret\n", encoding="utf-8")
    assert [line.split(" imports ")[1] for line in private_imports(example)] == [
        "lien.web.toolkit._secret"
    ]


# Where HTML is written from code, one way each: lien.html's Jinja environment, Markdown
# renderer and escape. lien.handout still builds its own environment and renderer until the
# chart catalogue's branch (issue 25, requirement 2) hands them to lien.html.
_HTML_MAKERS = {"lien.html"}


def test_one_jinja_environment_one_markdown_renderer_and_one_escape():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        if name in _HTML_MAKERS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                called = node.func.attr if isinstance(node.func, ast.Attribute) else None
                called = called or (node.func.id if isinstance(node.func, ast.Name) else None)
                if called in ("Environment", "MarkdownIt"):
                    offenders.append(f"{name} makes a {called}")
        for imported in imports_of(path):
            if imported in ("html", "markupsafe.escape", "markdown_it", "jinja2.Environment"):
                offenders.append(f"{name} imports {imported}")
    assert not offenders, offenders


def test_the_deployment_needs_nothing_of_the_developers_tools():
    found = [
        f"{path.name} imports {name}"
        for path in (ROOT / "deploy").rglob("*.py")
        for name in imports_of(path)
        if name.split(".")[0] in ("devtools", "tests", "bench")
    ]
    assert not found, found


_PARAMETER_IN_TEXT = re.compile(r"[?&]([a-z_]+)=")


def literal_parameters(path: Path) -> list[str]:
    """URL parameter names written as text in code: `query_params.get("x")`,
    `query_params["x"]`, or "?x=" / "&x=" in a string (an address being built)."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if (
                node.func.attr in ("get", "pop")
                and isinstance(owner, ast.Attribute)
                and owner.attr == "query_params"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append(node.args[0].value)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "query_params"
            and isinstance(node.slice, ast.Constant)
        ):
            found.append(node.slice.value)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings  # what a docstring says is no address
        ):
            found.extend(_PARAMETER_IN_TEXT.findall(node.value))
    return found


def test_every_url_parameter_is_named_once_in_the_sitemap(tmp_path):
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "screens").glob("*.py"), ROOT / "app.py"]
    written = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in files
        if path.name != "sitemap.py"
        for name in literal_parameters(path)
    }
    assert not written, sorted(written)
    defined = [
        f"{path.relative_to(ROOT)}: {target.id}"
        for path in files
        if path.name != "sitemap.py"
        for node in ast.parse(path.read_text(encoding="utf-8")).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.endswith("_PARAM")
    ]
    assert not defined, defined
    example = tmp_path / "example.py"
    example.write_text(
        'a = request.query_params.get("code")\nb = st.query_params["room"]\nc = f"/x?lang={l}"\n',
        encoding="utf-8",
    )
    assert literal_parameters(example) == ["code", "room", "lang"]


# A page block is named after the logic it draws (lien/quiz.py, lien/ui/blocks/quiz.py).
_BLOCKS = ROOT / "lien" / "ui" / "blocks"


def test_no_two_modules_of_lien_have_the_same_name_or_differ_by_a_final_s():
    stems: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path.name == "__init__.py" or "migrations" in path.parts or path.parent == _BLOCKS:
            continue
        stems.setdefault(path.stem, []).append(str(path.relative_to(ROOT)))
    same = [paths for paths in stems.values() if len(paths) > 1]
    plural = [(*stems[stem], *stems[stem + "s"]) for stem in sorted(stems) if stem + "s" in stems]
    assert not same and not plural, (same, plural)
