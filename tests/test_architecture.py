"""The shape of the package: no import cycle, and measurement stays out of the analysis path.

The import graph is read from the source with `ast` (nothing is imported), counting imports made
inside functions too: a lazy import still ties two modules together. Imports under
`if TYPE_CHECKING:` never run and are left out.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "evaluator"
VALIDATION = f"{PACKAGE}.validation"
# Only the `validate` command may reach measurement, and it imports it inside the command.
MAY_IMPORT_VALIDATION = {f"{PACKAGE}.cli"}
# The analysis path under either name the checks have had; whichever exists is used.
ANALYSIS_PATH = (
    PACKAGE,
    f"{PACKAGE}.analysis",
    f"{PACKAGE}.ingest",
    f"{PACKAGE}.checks",
    f"{PACKAGE}.detectors",
    f"{PACKAGE}.suggest",
    f"{PACKAGE}.scoring",
    f"{PACKAGE}.classifier",
)


# --- the import graph, from source --------------------------------------------------------------


def module_files(root: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every .py file of `package` under `root`."""
    out = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Imports(ast.NodeVisitor):
    """Every import statement that can run, at any depth."""

    def __init__(self) -> None:
        self.found: list[ast.Import | ast.ImportFrom] = []

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        self.found.append(node)

    visit_ImportFrom = visit_Import

    def visit_If(self, node: ast.If) -> None:
        if not _is_type_checking(node.test):
            self.generic_visit(node)
            return
        for statement in node.orelse:
            self.visit(statement)


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of the package that module `name` imports (by name or as a submodule)."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()

    def add(target: str, names: list[str]) -> None:
        for alias in names:
            if f"{target}.{alias}" in modules:  # `from . import attributes`: a submodule
                found.add(f"{target}.{alias}")
            elif target in modules:
                found.add(target)

    visitor = _Imports()
    visitor.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
    for node in visitor.found:
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                prefixes = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
                found.update(next(([p] for p in prefixes if p in modules), []))
        elif node.level:
            base = name.split(".") if is_package else name.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
            add(target, [a.name for a in node.names])
        elif node.module:
            add(node.module, [a.name for a in node.names])
    found.discard(name)
    return found


def import_graph(root: Path = ROOT, package: str = PACKAGE) -> dict[str, set[str]]:
    modules = module_files(root, package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One named cycle per strongly connected group of modules (Tarjan), e.g. [a, b, a]."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # recursion depth is bounded by the number of modules
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_path_within(group, graph) for group in groups]


def _path_within(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest way round from the group's first module back to itself."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node] & group):
                if nxt == start:
                    return [*paths[node], start]
                if nxt not in paths:
                    paths[nxt] = [*paths[node], nxt]
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"{sorted(group)} is not a cycle")  # pragma: no cover


# --- the walker itself ---------------------------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_walker_names_a_cycle_made_by_a_lazy_import(tmp_path: Path):
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "X = 1\n",
            "pkg/sub/a.py": "from ..b import run\n",
            "pkg/b.py": "def run():\n    from .sub import a\n",
            "pkg/c.py": "import typing\nif typing.TYPE_CHECKING:\n    from . import d\n",
            "pkg/d.py": "import pkg.c\n",
        },
    )
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.sub.a"] == {"pkg.b"}
    assert graph["pkg.b"] == {"pkg.sub.a"}
    assert graph["pkg.c"] == set()  # a TYPE_CHECKING import never runs
    assert graph["pkg.d"] == {"pkg.c"}
    assert cycles(graph) == [["pkg.b", "pkg.sub.a", "pkg.b"]]


def test_walker_resolves_names_and_submodules(tmp_path: Path):
    _write(
        tmp_path,
        {
            "pkg/__init__.py": "from .sub import X\n",
            "pkg/sub/__init__.py": "from . import a\nX = 1\n",
            "pkg/sub/a.py": "import os\nfrom pkg.sub import X\n",
        },
    )
    graph = import_graph(tmp_path, "pkg")
    assert graph == {"pkg": {"pkg.sub"}, "pkg.sub": {"pkg.sub.a"}, "pkg.sub.a": {"pkg.sub"}}
    assert cycles(graph) == [["pkg.sub", "pkg.sub.a", "pkg.sub"]]


# --- the package ---------------------------------------------------------------------------------


def test_no_import_cycle_in_the_package():
    graph = import_graph()
    assert f"{PACKAGE}.analysis" in graph  # the walker read the package
    found = cycles(graph)
    assert not found, "import cycles: " + "; ".join(" -> ".join(c) for c in found)


def test_only_the_cli_imports_validation():
    graph = import_graph()
    importers = sorted(
        name
        for name, targets in graph.items()
        if not (name == VALIDATION or name.startswith(VALIDATION + "."))
        and any(t == VALIDATION or t.startswith(VALIDATION + ".") for t in targets)
    )
    assert set(importers) <= MAY_IMPORT_VALIDATION, importers


def test_analysis_path_cannot_reach_validation_even_lazily():
    graph = import_graph()
    seen: set[str] = set()
    todo = [m for m in ANALYSIS_PATH if m in graph]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name])
    reached = sorted(m for m in seen if m.startswith(VALIDATION))
    assert not reached, f"the analysis path reaches {reached}"


_PROBE = """
import contextlib, importlib, io, json, sys
for name in {roots!r}:
    try:
        importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
from evaluator.analysis import analyze
from evaluator.models import Document, Page
from evaluator.rubrics import resolve_rubric
# Runs every check once, so modules they import lazily are loaded too.
analyze(Document(sha256="0" * 64, source="text",
                 pages=[Page(number=1, text="In 2020, 12 of 40 councils (30%) replied.")]),
        resolve_rubric())
from evaluator.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(["--help"])  # `evaluator --help`
print(json.dumps(sorted(m for m in sys.modules if m.startswith("evaluator"))))
"""


def test_analysing_a_report_and_cli_help_leave_validation_unimported():
    result = subprocess.run(
        [sys.executable, "-c", _PROBE.format(roots=ANALYSIS_PATH)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert f"{PACKAGE}.analysis" in loaded  # the probe really ran the analysis path
    assert [m for m in loaded if m.startswith(VALIDATION)] == []
