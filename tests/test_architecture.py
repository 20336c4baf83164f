"""The floors of the package (docs/architecture.md): every import points down or stays on its
floor, no modules import each other in a circle, and gapcheck modules are imported at the top of
a file, where a reader sees them."""

from __future__ import annotations

import ast
from pathlib import Path

from support.files import ROOT

PACKAGE = ROOT / "gapcheck"

# Lowest first. A module may import modules of its own floor and of the floors below it.
FLOORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ground", ("model", "errors", "messages", "notes", "text", "version", "schema", "schemas", "atomic", "jsonfile", "collector", "inputs")),
    ("matching", ("matching",)),
    ("rules", ("rules",)),
    ("readers", ("readers",)),
    ("files", ("files",)),
    ("outputs", ("outputs",)),
    ("workflows", ("workflows",)),
    ("cli", ("cli",)),
    ("face", ("__init__", "__main__", "frames")),
)

# Imports of gapcheck modules inside functions, each with the reason (none today).
LATE_IMPORTS: dict[tuple[str, str], str] = {}


def floor_of(module: str) -> int:
    """gapcheck.rules.diff → the index of the floor of 'rules'."""
    parts = module.split(".")
    first = parts[1] if len(parts) > 1 else "__init__"
    for number, (_, tops) in enumerate(FLOORS):
        if first in tops:
            return number
    raise AssertionError(f"{module} is on no floor: add its folder to FLOORS and to docs/architecture.md")


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "__init__" and len(relative.parts) > 2 else relative.parts
    return ".".join(parts)


def _resolve(node: ast.ImportFrom, known: set[str]) -> list[str]:
    """The gapcheck modules an import names: `from gapcheck.outputs import report_html` imports the
    module gapcheck.outputs.report_html, `from gapcheck.model import Spec` the module gapcheck.model."""
    base = node.module or ""
    found = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        found.append(candidate if candidate in known else base)
    return found


def imports(source: str, known: set[str]) -> list[tuple[str, bool]]:
    """(imported gapcheck module, whether the import sits inside a function) for one file."""
    tree = ast.parse(source)
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((a.name, inside) for a in child.names if a.name.split(".")[0] == "gapcheck")
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and (child.module or "").split(".")[0] == "gapcheck":
                found.extend((m, inside) for m in _resolve(child, known))
            visit(child, inside)

    visit(tree, False)
    return found


def graph() -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    """module → the gapcheck modules it imports; and the imports that sit inside functions."""
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(files)
    edges: dict[str, set[str]] = {}
    late = []
    for module, path in files.items():
        edges[module] = set()
        for target, inside in imports(path.read_text("utf-8"), known):
            if target == "gapcheck" and module != "gapcheck":
                target = "gapcheck.__init__"
            edges[module].add(target)
            if inside:
                late.append((module, target))
    return edges, late


def upward(edges: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in edges.items():
        for target in targets:
            if target != module and floor_of(target) > floor_of(module):
                found.append(
                    f"{module} ({FLOORS[floor_of(module)][0]}) imports {target} ({FLOORS[floor_of(target)][0]})"
                )
    return sorted(found)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return groups


def test_every_import_points_down_or_stays_on_its_floor():
    edges, _ = graph()
    assert upward(edges) == []


def test_no_modules_import_each_other_in_a_circle():
    edges, _ = graph()
    assert cycles(edges) == []


def test_gapcheck_modules_are_imported_at_the_top_of_a_file():
    _, late = graph()
    unexplained = [f"{module} imports {target} inside a function" for module, target in late if (module, target) not in LATE_IMPORTS]
    assert unexplained == []


def test_every_module_is_on_a_floor():
    edges, _ = graph()
    for module in edges:
        floor_of(module)


def test_the_checks_see_what_they_must_refuse():
    """The rules above fail on an upward import, a circle and a late import (so they can fail)."""
    known = {"gapcheck.model", "gapcheck.rules.diff", "gapcheck.outputs.report", "gapcheck.outputs"}
    assert imports("from gapcheck.outputs import report\n", known) == [("gapcheck.outputs.report", False)]
    assert imports("def f():\n    from gapcheck.model import Spec\n", known) == [("gapcheck.model", True)]
    assert upward({"gapcheck.rules.diff": {"gapcheck.outputs.report"}}) == [
        "gapcheck.rules.diff (rules) imports gapcheck.outputs.report (outputs)"
    ]
    assert cycles({"gapcheck.rules.a": {"gapcheck.rules.b"}, "gapcheck.rules.b": {"gapcheck.rules.a"}}) == [
        ["gapcheck.rules.a", "gapcheck.rules.b"]
    ]
