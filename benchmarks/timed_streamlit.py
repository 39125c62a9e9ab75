"""`streamlit run` that also logs each script run's wall and CPU time (for bench_step.py).

    python benchmarks/timed_streamlit.py run app.py [streamlit options]

Each run of the page script, full or fragment only, ends with one line on stderr:
`SCRIPT_RUN wall_ms cpu_ms fragment|app`. The CPU time is the script thread's own, so it says
what a run costs with less of the machine's load in it than the wall time.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

_run = script_runner.ScriptRunner._run_script


def _timed(self: Any, rerun_data: Any) -> None:
    wall, cpu = time.perf_counter(), time.thread_time()
    try:
        _run(self, rerun_data)
    finally:
        scope = "fragment" if rerun_data.fragment_id_queue else "app"
        print(
            f"SCRIPT_RUN {(time.perf_counter() - wall) * 1000:.1f} "
            f"{(time.thread_time() - cpu) * 1000:.1f} {scope}",
            file=sys.stderr,
            flush=True,
        )


script_runner.ScriptRunner._run_script = _timed  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.argv[0] = "streamlit"
    sys.exit(cli.main())
