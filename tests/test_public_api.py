"""The public API: what `evaluator.__all__` names resolves, `import evaluator` stays light, and the
app and the benchmarks import only the public names and modules."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import evaluator

ROOT = Path(__file__).resolve().parent.parent

# The modules that are public besides `evaluator.__all__`; the facade's docstring names each.
PUBLIC_MODULES = {
    "evaluator.checks",
    "evaluator.escaping",
    "evaluator.ingest",
    "evaluator.store",
    "evaluator.exports",
    "evaluator.batch",
    "evaluator.compare",
    "evaluator.classroom",
    "evaluator.samples",
    "evaluator.ratings",
    "evaluator.titles",
    "evaluator.page_images",
    "evaluator.wording",
}

HEAVY = ("pydantic", "pypdf", "sklearn", "scipy", "pandas", "numpy", "streamlit")


def test_every_public_name_resolves() -> None:
    assert len(set(evaluator.__all__)) == len(evaluator.__all__)
    for name in evaluator.__all__:
        assert getattr(evaluator, name) is not None, name
    assert set(dir(evaluator)) >= set(evaluator.__all__)


def test_public_names_are_the_objects_the_core_uses() -> None:
    from evaluator.analysis import analyze
    from evaluator.errors import InputError
    from evaluator.models import Document
    from evaluator.rubrics import RubricError, resolve_rubric

    assert evaluator.analyze is analyze and evaluator.Document is Document
    assert evaluator.InputError is InputError and evaluator.RubricError is RubricError
    assert evaluator.resolve_rubric is resolve_rubric


def test_load_takes_bytes_or_a_path(tmp_path: Path) -> None:
    text = b"# Counts\n\nOf 30 cases, 12 (40.0%) were recorded."
    from_bytes = evaluator.load(text, filename="counts.md", cache=False)
    path = tmp_path / "counts.md"
    path.write_bytes(text)
    from_path = evaluator.load(path, cache=False)
    assert from_bytes.pages == from_path.pages and from_path.filename == "counts.md"
    analysis = evaluator.analyze(from_path, evaluator.resolve_rubric())
    assert isinstance(analysis, evaluator.Analysis)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        evaluator.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("evaluator.no_such_name resolved")


def test_import_evaluator_loads_no_heavy_library() -> None:
    probe = (
        "import json, sys, evaluator\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_the_facade_docstring_names_every_public_module() -> None:
    doc = evaluator.__doc__ or ""
    for module in PUBLIC_MODULES:
        assert f"`{module}`" in doc, module


def _imported_modules(tree: ast.AST) -> set[str]:
    """What a file imports from `evaluator` that is not public, as dotted names."""
    internal: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name
                if name.startswith("evaluator.") and name not in PUBLIC_MODULES:
                    internal.add(name)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            module = node.module
            if module == "evaluator":
                for alias in node.names:
                    as_module = f"evaluator.{alias.name}"
                    if alias.name not in evaluator.__all__ and as_module not in PUBLIC_MODULES:
                        internal.add(as_module)
            elif module.startswith("evaluator.") and module not in PUBLIC_MODULES:
                internal |= {f"{module}.{alias.name}" for alias in node.names}
    return internal


def _internal_imports() -> set[str]:
    files = [ROOT / "app.py", *(ROOT / "evaluator_ui").rglob("*.py")]
    # The profilers time the pipeline's internal steps one by one, so they reach past the facade
    # on purpose; every other benchmark measures what a user runs.
    profilers = {"profile_steps.py", "regex_cost.py", "fact_gates.py"}
    files += [p for p in (ROOT / "benchmarks").rglob("*.py") if p.name not in profilers]
    found = set()
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        relative = path.relative_to(ROOT).as_posix()
        found |= {f"{relative}: {module}" for module in _imported_modules(tree)}
    return found


def test_the_app_and_the_benchmarks_import_only_the_public_api() -> None:
    new = _internal_imports()
    assert not new, "import these from `evaluator` or a public module instead:\n" + "\n".join(
        sorted(new)
    )


def test_the_import_check_sees_internal_imports() -> None:
    source = (
        "import evaluator.models\n"
        "from evaluator import analyze, store, segment\n"
        "from evaluator.rubrics import rubric_by_id\n"
        "from evaluator.batch import render\n"
        "from .local import x\n"
    )
    assert _imported_modules(ast.parse(source)) == {
        "evaluator.models",
        "evaluator.segment",
        "evaluator.rubrics.rubric_by_id",
    }
