"""scripts/dev.py: the app installs only what it runs; the test command adds the test tools."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def dev(monkeypatch):
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "scripts" / "dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(module, "find_uv", lambda: ["uv"])
    monkeypatch.setattr(module, "run", lambda uv, *args: calls.append(args) or 0)
    module.calls = calls
    return module


def test_the_app_syncs_without_the_dev_group(dev):
    assert dev.main(["app"]) == 0
    (call,) = dev.calls
    assert call[:3] == ("run", "--locked", "--no-dev") and "streamlit" in call


def test_the_test_command_keeps_the_dev_group(dev):
    assert dev.main(["test", "-q"]) == 0
    assert dev.calls and all("--locked" in c and "--no-dev" not in c for c in dev.calls)
    assert dev.calls[-1][-2:] == ("pytest", "-q")


def test_test_tools_live_in_the_dev_group_and_bytecode_is_compiled():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = " ".join(project["project"]["dependencies"])
    for tool in ("pytest", "pytest-playwright", "ruff", "hypothesis", "fpdf2"):
        assert tool not in runtime
        assert any(d.startswith(tool) for d in project["dependency-groups"]["dev"]), tool
    assert project["tool"]["uv"]["compile-bytecode"] is True
