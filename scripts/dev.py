"""Set up and run the project with nothing but Python 3.11: `python3 scripts/dev.py app|test`.

It finds uv, or installs a pinned uv into `.cache/uv-tool` (a private venv, so it works where the
system Python refuses `pip install`), then lets uv build `.venv` from the committed `uv.lock`:
`app` installs the project's dependencies only, `test` adds the dev group (test and lint tools).
Modules are compiled to bytecode as they are installed (`compile-bytecode` in pyproject.toml).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UV_VERSION = "0.13.9"
TOOL_VENV = ROOT / ".cache" / "uv-tool"


def _uv_version(command: list[str]) -> str | None:
    try:
        result = subprocess.run([*command, "--version"], capture_output=True, text=True)
    except OSError:
        return None
    return result.stdout.split()[1] if result.returncode == 0 and result.stdout else None


def find_uv() -> list[str]:
    tool_bin = TOOL_VENV / ("Scripts" if os.name == "nt" else "bin")
    candidates = [[str(tool_bin / "uv")]]
    if shutil.which("uv"):
        candidates.append(["uv"])
    for command in candidates:
        if _uv_version(command) == UV_VERSION:
            return command
    print(f"Installing uv {UV_VERSION} into {TOOL_VENV.relative_to(ROOT)} …", flush=True)
    venv.EnvBuilder(with_pip=True, clear=True).create(TOOL_VENV)
    subprocess.run(
        [str(tool_bin / "python"), "-m", "pip", "install", "--quiet", f"uv=={UV_VERSION}"],
        check=True,
    )
    return [str(tool_bin / "uv")]


def run(uv: list[str], *args: str) -> int:
    print("$ uv " + " ".join(args), flush=True)
    return subprocess.run([*uv, *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test"}:
        print("usage: python3 scripts/dev.py app [streamlit args] | test [pytest args]")
        return 2
    uv = find_uv()
    command, rest = argv[0], argv[1:]
    if command == "app":
        # The app needs only the project's dependencies: the dev group (pytest, Playwright, ruff
        # and the like) is installed by the test command, never for the app.
        return run(uv, "run", "--locked", "--no-dev", "streamlit", "run", "app.py", *rest)
    for step in (
        ("run", "--locked", "ruff", "format", "--check", "."),
        ("run", "--locked", "ruff", "check", "."),
    ):
        if code := run(uv, *step):
            return code
    return run(uv, "run", "--locked", "pytest", *rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
