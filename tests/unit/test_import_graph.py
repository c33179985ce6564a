"""The modules of nodeshot_migrate import each other without a circle, and
none imports another's private names (issue 20, item 5).

Every import statement counts, those inside functions too: an import moved
into a function still closes the circle it was moved to hide."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "nodeshot_migrate"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path, known: set[str]) -> list[tuple[str, list[str]]]:
    """(imported module, names taken from it) for every import of `path`
    that resolves to a module in `known`."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names if alias.name in known]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            names = [alias.name for alias in node.names]
            # `from package import module` imports that module
            submodules = [f"{source}.{n}" for n in names if f"{source}.{n}" in known]
            found += [(sub, []) for sub in submodules]
            rest = [n for n in names if f"{source}.{n}" not in known]
            if source in known and (rest or not submodules):
                found.append((source, rest))
    return found


def import_graph(root: Path) -> tuple[dict[str, set[str]], list[str]]:
    """module -> modules it imports, and the private names taken across modules."""
    files = {module_name(p, root): p for p in root.rglob("*.py")}
    known = set(files)
    graph: dict[str, set[str]] = {name: set() for name in files}
    private = []
    for name, path in files.items():
        for source, names in imports_of(path, root, known):
            if source != name:
                graph[name].add(source)
            private += [f"{name} imports {source}.{n}" for n in names if n.startswith("_") and source != name]
    return graph, private


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (or a
    module importing itself), by Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_nodeshot_migrate_has_no_import_cycle():
    graph, _ = import_graph(PACKAGE_DIR)
    assert "nodeshot_migrate.legacy.load" in graph  # the walk saw the subpackage
    assert cycles(graph) == []


def test_no_module_imports_another_modules_private_names():
    _, private = import_graph(PACKAGE_DIR)
    assert private == []


def test_the_loaders_are_layered():
    """Exporters and the landing know no driver; the drivers know no load sequence."""
    graph, _ = import_graph(PACKAGE_DIR)
    legacy = "nodeshot_migrate.legacy."
    for low in ("landing", "legacy_process", "export_mysql", "export_sqlite", "exporters"):
        reached = {m for m in graph[legacy + low] if m.startswith(legacy)}
        assert not reached & {legacy + d for d in ("client", "fdw", "pgloader", "dirty_text", "load")}, low
    for driver in ("client", "fdw", "pgloader", "dirty_text"):
        assert legacy + "load" not in graph[legacy + driver]


def write_package(root: Path, files: dict[str, str]) -> Path:
    package = root / "pkg"
    for relative, text in files.items():
        path = package / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return package


@pytest.mark.parametrize(
    "files",
    [
        # the circle of the old loaders: broken by an import inside a function
        {"__init__.py": "", "a.py": "from .b import f\n", "b.py": "def f():\n    from .a import g\n"},
        # through `from package import module`, three modules round
        {"__init__.py": "", "a.py": "from . import b\n", "b.py": "from pkg import c\n", "c.py": "import pkg.a\n"},
        # in a subpackage, reaching up
        {"__init__.py": "", "top.py": "from .sub.x import y\n", "sub/__init__.py": "",
         "sub/x.py": "from ..top import z\n"},
    ],
)
def test_the_walk_finds_a_cycle(tmp_path, files):
    graph, _ = import_graph(write_package(tmp_path, files))
    assert len(cycles(graph)) == 1


def test_the_walk_finds_a_private_import(tmp_path):
    package = write_package(tmp_path, {"__init__.py": "", "a.py": "_x = 1\n", "b.py": "from .a import _x\n"})
    assert import_graph(package)[1] == ["pkg.b imports pkg.a._x"]


def test_a_layered_package_has_no_cycle(tmp_path):
    package = write_package(
        tmp_path, {"__init__.py": "", "a.py": "from . import b\nfrom .c import x\n", "b.py": "from .c import x\n",
                   "c.py": "x = 1\n"}
    )
    assert cycles(import_graph(package)[0]) == []
