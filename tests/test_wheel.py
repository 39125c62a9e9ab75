"""The built wheel works on its own: installed in a fresh venv, away from the checkout, it has the
default rubric and analyses a report (issue 11: the rubric used to live outside the package)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from evaluator.rubrics import default_rubric

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PDF = ROOT / "sample_reports" / "wexshire-campaign" / "report.pdf"


def _uv() -> str | None:
    """The pinned uv that scripts/dev.py installs, else any uv on PATH."""
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "scripts" / "dev.py")
    assert spec and spec.loader
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    pinned = dev.TOOL_VENV / ("Scripts" if os.name == "nt" else "bin") / "uv"
    return str(pinned) if pinned.is_file() else shutil.which("uv")


def _index_reachable() -> bool:
    index = os.environ.get("UV_DEFAULT_INDEX") or os.environ.get("UV_INDEX_URL")
    host = urlparse(index).hostname if index else "pypi.org"
    try:
        socket.create_connection((host or "pypi.org", 443), timeout=5).close()
    except OSError:
        return False
    return True


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_the_wheel_installs_in_a_fresh_venv_and_analyses_a_sample(tmp_path: Path) -> None:
    uv = _uv()
    if uv is None:
        pytest.skip("no uv found: run `python3 scripts/dev.py test`, which installs the pinned uv")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env.pop("EVALUATOR_RUBRIC_DIRS", None)  # only what the wheel ships

    built = _run([uv, "build", "--wheel", "--out-dir", str(tmp_path / "dist")], ROOT, env)
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("report_evaluator-*.whl")

    venv = tmp_path / "venv"
    made = _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], tmp_path, env)
    assert made.returncode == 0, made.stderr
    # Dependencies at the locked versions, so the cache that built .venv serves them.
    pins = tmp_path / "pins.txt"
    export = [uv, "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes"]
    exported = _run([*export, "--quiet", "--output-file", str(pins)], ROOT, env)
    assert exported.returncode == 0, exported.stderr
    install = [uv, "pip", "install", "--python", str(venv / "bin" / "python"), str(wheel)]
    installed = _run([*install, "--constraints", str(pins)], tmp_path, env)
    if installed.returncode != 0:
        installed = _run([*install, "--constraints", str(pins), "--offline"], tmp_path, env)
    if installed.returncode != 0 and not _index_reachable():
        pytest.skip("the package index is unreachable and the uv cache lacks the dependencies")
    assert installed.returncode == 0, installed.stderr

    outside = tmp_path / "elsewhere"  # not the checkout, so only the installed copy is found
    outside.mkdir()
    evaluator = str(venv / "bin" / "evaluator")
    rubrics = _run([evaluator, "rubrics", "--format", "json"], outside, env)
    assert rubrics.returncode == 0, rubrics.stderr
    (listed,) = json.loads(rubrics.stdout)["rubrics"]
    assert listed["id"] == "default" and Path(listed["path"]).is_relative_to(venv)

    samples = _run([evaluator, "samples"], outside, env)  # teaching material stays behind
    assert samples.returncode == 0 and samples.stdout == "", samples.stderr

    analysed = _run([evaluator, "analyze", str(SAMPLE_PDF), "--format", "json"], outside, env)
    assert analysed.returncode == 0, analysed.stderr
    analysis = json.loads(analysed.stdout)
    assert analysis["rubric"]["id"] == "default"
    expected = [criterion.id for criterion in default_rubric().criteria]
    assert len(expected) == 6
    assert [c["id"] for c in analysis["criteria"]] == expected
    assert analysis["document"]["pages"] > 0 and analysis["score"]["value"] is not None
