"""README.md documents every command of the CLI, and every command line it shows runs (in this
process, through `cli.main`) with the exit status it states (0 unless its comment says `exit N`)."""

from __future__ import annotations

import argparse
import glob
import io
import re
import shlex
from pathlib import Path

import pytest

from evaluator import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PROGRAMS = (["evaluator"], ["python", "-m", "evaluator"], ["python3", "-m", "evaluator"])


def _code_lines(markdown: str) -> list[str]:
    """Lines of indented and fenced code blocks."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif fenced or line.startswith("    "):
            lines.append(line.strip())
    return lines


def _argv(line: str) -> list[str] | None:
    """The arguments after the program name, for a line that runs the evaluator; else None."""
    words = shlex.split(line, comments=True)
    for program in PROGRAMS:
        if words[: len(program)] == program:
            return words[len(program) :]
    return None


def _expected_status(line: str) -> int:
    comment = line.partition("#")[2]
    stated = re.search(r"\bexit (\d+)\b", comment)
    return int(stated.group(1)) if stated else 0


COMMANDS = [line for line in _code_lines(README) if _argv(line) is not None]


def _subcommands() -> list[str]:
    parser = cli.build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(action.choices)


def test_the_readme_shows_and_describes_every_command() -> None:
    shown = {argv[0] for argv in map(_argv, COMMANDS) if argv}
    commands = _subcommands()
    assert len(commands) >= 6
    missing = [c for c in commands if c not in shown or f"**`{c}" not in README]
    assert not missing, f"README.md lacks an example or a description of: {missing}"


def test_the_readme_commands_are_found() -> None:
    assert _argv("evaluator analyze x.pdf  # a comment") == ["analyze", "x.pdf"]
    assert _argv("python -m evaluator rubrics") == ["rubrics"]
    assert _argv("python3 scripts/dev.py app") is None
    assert _expected_status("evaluator analyze no.pdf   # exit 2: one line") == 2
    assert len(COMMANDS) >= len(_subcommands())


def _expand(argv: list[str]) -> list[str]:
    out: list[str] = []
    for word in argv:
        matches = sorted(glob.glob(word)) if "*" in word else []
        out.extend(matches or [word])
    return out


@pytest.mark.parametrize("line", COMMANDS)
def test_every_readme_command_runs(
    line: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("EVALUATOR_RUBRIC_DIRS", raising=False)
    out, err = io.StringIO(), io.StringIO()
    try:
        status = cli.main(_expand(_argv(line) or []), out, err)
    except SystemExit as exit_:  # --help and --version end through argparse
        status = exit_.code or 0
        out.write(capsys.readouterr().out)
    assert status == _expected_status(line), err.getvalue()
    assert out.getvalue().strip() or err.getvalue().strip()


def test_the_readme_python_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip()
