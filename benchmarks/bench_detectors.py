"""Time the percentage, source and scope detectors against text extraction.

    .venv/bin/python benchmarks/bench_detectors.py [PDF ...]

With no arguments it uses the long reports in ../shared/corpus/long when present, plus a
synthetic unsplit passage of 10,000 and 100,000 characters to show the cost stays linear.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evaluator.checks import Context, scope, sources, text_context  # noqa: E402
from evaluator.checks import denominators as percentages  # noqa: E402
from evaluator.ingest import load_path  # noqa: E402

MODULES = (percentages, sources, scope)


def _detect_seconds(context: Context) -> float:
    start = time.perf_counter()
    for module in MODULES:
        module.suggest(module.detect(context), context)
    return time.perf_counter() - start


def main(paths: list[str]) -> None:
    if not paths:
        corpus = ROOT.parent / "shared" / "corpus" / "long"
        paths = [str(p) for p in sorted(corpus.glob("*.pdf"))[:4]]
    for path in paths:
        start = time.perf_counter()
        document = load_path(path)
        extract = time.perf_counter() - start
        context = Context.build(document)
        seconds = _detect_seconds(context)
        print(
            f"{Path(path).name}: {len(document.pages)} pages, {len(context.passages)} passages, "
            f"extract {extract:.2f} s, detect+suggest {seconds:.2f} s"
        )
    random.seed(0)
    words = ["12.5%", "1,240", "of", "the", "Police", "in", "2019/20", "to", "most", "offenders"]
    words += ["(", ")", "n", "=", "53", "out", "since", "1980s", "We", "searched", "Kirkford"]
    for size in (10_000, 100_000):
        text = ""
        while len(text) < size:
            text += random.choice(words) + " "
        seconds = _detect_seconds(text_context(text))
        print(f"unsplit passage of {size:,} characters: detect+suggest {seconds:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
