"""Rewrite evaluator/data/pattern_needles.json: the literal needles of the checks' patterns.

    .venv/bin/python scripts/pattern_needles.py

Run it after changing a check's regular expressions (tests/test_prefilter.py says when). A
stale file never changes a result: a pattern missing from it is read at run time, which only
costs start-up time (see evaluator/checks/prefilter.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluator.checks import checks, prefilter

if __name__ == "__main__":
    checks()  # imports the check modules, which installs their patterns
    prefilter.write_table()
    print(f"wrote {prefilter.TABLE_PATH}")
