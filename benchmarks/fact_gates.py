"""What a gate per passage fact could save: the CPU each `@passage_fact` spends on passages where
every pattern it tries is ruled out by the prefilter's needles (docs/performance.md, session 17).

    .venv/bin/python benchmarks/fact_gates.py FILE.pdf

For each fact, on every passage of the file: whether any of its filtered patterns was actually
searched (the prefilter let it through), and the CPU of the fact on the passages where none
was. That CPU is the most a gate (one needle test in place of the fact) could save; a gate also
needs its fact's whole code path checked, since a fact may read more than its patterns.
In-process and warm: a map of where the time goes, not what a user waits for.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from evaluator.analysis import within_budget
from evaluator.checks import checks, parallel, prefilter
from evaluator.ingest.documents import _build
from evaluator.ingest.extraction import extract_pdf
from evaluator.limits import limits_from_env
from evaluator.segment import segment


def passages_of(path: Path) -> list:
    data = path.read_bytes()
    limits = limits_from_env()
    extracted = extract_pdf(data, None, limits)
    raw = [extracted.texts.get(i, "") for i in range(extracted.page_count)]
    document = _build(raw, data=data, source="pdf", title=None, filename=None, warnings=[])
    analysed, _ = within_budget(document, limits.max_analysis_chars)
    return segment(analysed)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.split("\n\n")[1].strip())
        return 2
    passages = passages_of(Path(sys.argv[1]))
    checks()  # installs the prefilter in every check module
    for _ in range(2):  # warm: texts folded and scanned, as in the middle of an analysis
        for fact, feed in parallel._FACTS.values():
            for passage in passages:
                fact(*feed(passage))
    searched = [0]
    for kind in (prefilter.Filtered, prefilter.Branched):
        absent = kind._absent

        def counting(self, text, absent=absent):
            ruled_out = absent(self, text)
            searched[0] += not ruled_out
            return ruled_out

        kind._absent = counting
    total_all = total_gated = 0.0
    print("| fact | passages all ruled out | CPU on those, s | CPU on all, s |")
    print("|---|---|---|---|")
    for name, (fact, feed) in sorted(parallel._FACTS.items()):
        gated = []
        for passage in passages:
            searched[0] = 0
            fact(*feed(passage))
            if not searched[0]:
                gated.append(passage)
        started = time.process_time()
        for passage in gated:
            fact(*feed(passage))
        on_gated = time.process_time() - started
        started = time.process_time()
        for passage in passages:
            fact(*feed(passage))
        on_all = time.process_time() - started
        total_gated += on_gated
        total_all += on_all
        short = name.removeprefix("evaluator.checks.")
        print(f"| {short} | {len(gated)}/{len(passages)} | {on_gated:.3f} | {on_all:.3f} |")
    print(f"| all facts | | {total_gated:.3f} | {total_all:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
