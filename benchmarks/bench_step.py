"""How long a step change on the checklist takes: server time and click to new question.

    .venv/bin/python benchmarks/bench_step.py [--tree DIR ...] [--rounds 4] [--pdf FILE]
                                              [--variant NAME=VALUE] [--time-limit 600]
                                              [--json out.json]

For each tree (a checkout of this project; default: this one) it starts a real
`streamlit run app.py` on a free loopback port with a database of its own, stores one analysed
report in it (default: the `kirkford-audit` sample, 5 pages) and opens its checklist in the
system Chromium, headless. Then it walks the questions, round after round: Save and next to the
last question, Back to the first, Next to the last, and a pick of the first question in the
question bar. With several trees (or `--variant`s) the rounds alternate between them, in an
order that rotates, so a change in the machine's load falls on all alike.

Per step change it records, from the browser's own clock (`performance.now()` in the page):

- server time: from the moment the browser sent the rerun request over the websocket to the
  moment the server's "script finished" message arrived (loopback, so network time is nil):
  what the server spends rerunning the page (or only the fragment);
- click to heading: from the click to the new question's heading being in the page.

It prints min / median / p95 per tree and per kind of step, the 1-minute load average over
its steps, the script's own wall and CPU time per step (logged by `timed_streamlit.py`, which
runs the server) and, against the first tree, the ratio of the median server times.
`--time-limit` bounds the whole run (no round starts after it; every server is stopped at the
end).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from streamlit_server import chromium_path, free_port, server_flags, wait_until_healthy
from streamlit_server import stop as stop_server

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_reports" / "kirkford-audit" / "report.pdf"

# Wraps the page's WebSocket so each frame is logged with the page's clock; small frames keep
# their bytes (the rerun request and "script finished" are small enough) to be decoded here.
WS_LOG_JS = """
(() => {
  const Native = window.WebSocket;
  window.__bench = {frames: [], clicks: [], headings: []};
  const keep = (data) => {
    if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) return null;
    const bytes = data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.length > 65536) return null;
    let text = '';
    for (const b of bytes) text += String.fromCharCode(b);
    return btoa(text);
  };
  class Logged extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        window.__bench.frames.push(['in', performance.now(), keep(event.data)]);
      });
    }
    send(data) {
      window.__bench.frames.push(['out', performance.now(), keep(data)]);
      return super.send(data);
    }
  }
  window.WebSocket = Logged;
  document.addEventListener('click', () => window.__bench.clicks.push(performance.now()), true);
  // a heading element may be kept and its text changed: note each new text it shows
  const shown = new WeakMap();
  new MutationObserver(() => {
    for (const h of document.querySelectorAll('h2')) {
      const text = h.textContent.trim();
      if (/^\\d+\\. /.test(text) && shown.get(h) !== text) {
        shown.set(h, text);
        window.__bench.headings.push([performance.now(), text]);
      }
    }
  }).observe(document, {childList: true, subtree: true, characterData: true});
})();
"""


def _load() -> float:
    return os.getloadavg()[0]


@dataclass
class Tree:
    """One checkout under test: its server, its browser page and its figures."""

    name: str
    root: Path
    workdir: Path
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    page: Any = None
    evaluation_id: int = 0
    titles: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    log_read: int = 0
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> None:
        env = {**os.environ, "EVALUATOR_DB": str(self.workdir / "bench.sqlite3"), **self.env}
        log = (self.workdir / "streamlit.log").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "timed_streamlit.py"),
                "run",
                str(self.root / "app.py"),
                *server_flags(self.port),
            ],
            cwd=self.root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(self.process, self.url, timeout, str(self.workdir))
        except RuntimeError as exc:
            raise RuntimeError(f"{self.name}: {exc}") from None

    def script_runs(self) -> list[tuple[float, float, str]]:
        """The script runs logged since the last call: (wall ms, CPU ms, "app" or "fragment")."""
        with (self.workdir / "streamlit.log").open("rb") as log:
            log.seek(self.log_read)
            lines = log.read().decode("utf-8", "replace").splitlines()
            self.log_read = log.tell()
        out = []
        for line in lines:
            parts = line.split()
            if len(parts) == 4 and parts[0] == "SCRIPT_RUN":
                out.append((float(parts[1]), float(parts[2]), parts[3]))
        return out

    def stop(self) -> None:
        stop_server(self.process)


def _store_evaluation(tree: Tree, pdf: Path) -> None:
    """Store the analysed report for this tree's reader, as Start's Analyse does."""
    from evaluator import Evaluation, analyze, default_rubric, incomplete_warnings
    from evaluator.ingest import load_bytes
    from evaluator.store import Store, owner_key
    from evaluator.titles import document_title

    data = pdf.read_bytes()
    document = load_bytes(data, pdf.name, None)
    rubric = default_rubric()
    analysis = analyze(document, rubric)
    db, owner = Store(str(tree.workdir / "bench.sqlite3")), owner_key(tree.token)
    db.save_document(document, owner)
    db.save_document_file(document.sha256, data, owner)
    evaluation = Evaluation(
        document_sha256=document.sha256,
        document_title=document_title(document),
        rubric=analysis.rubric,
        suggestions=analysis.criteria,
        analysis_incomplete=incomplete_warnings(analysis),
    )
    tree.evaluation_id = db.create(evaluation, rubric, owner)
    tree.titles = [f"{i + 1}. {c.title}" for i, c in enumerate(rubric.criteria)]


def decode_frames(frames: list[list[Any]]) -> list[tuple[str, float, str, str]]:
    """(direction, time, kind, detail) of each frame the page logged: kind is "rerun" (a rerun
    request; detail the fragment it names, "" for the whole page), "finished" (the server's
    script finished; detail its status) or "other"."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    out = []
    for direction, at, data in frames:
        kind, detail = "other", ""
        if data is not None:
            raw = base64.b64decode(data)
            try:
                if direction == "out":
                    back = BackMsg()
                    back.ParseFromString(raw)
                    if back.WhichOneof("type") == "rerun_script":
                        kind, detail = "rerun", back.rerun_script.fragment_id
                else:
                    forward = ForwardMsg()
                    forward.ParseFromString(raw)
                    if forward.WhichOneof("type") == "script_finished":
                        status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                        kind, detail = "finished", status
            except Exception:  # a frame that is not one whole message is "other"
                kind = "other"
        out.append((direction, at, kind, detail))
    return out


def _step(tree: Tree, kind: str, click: Any, target: str, timeout_ms: int = 60_000) -> None:
    """Click, wait until the new question's heading is there and the run is over, and record."""
    from playwright.sync_api import expect

    page = tree.page
    page.evaluate("window.__bench.frames = []; window.__bench.clicks = []")
    page.evaluate("window.__bench.headings = []")
    tree.script_runs()  # forget runs before this click
    load = _load()
    click()
    expect(page.get_by_role("heading", name=target, exact=True)).to_be_visible(timeout=timeout_ms)
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout_ms)
    log = page.evaluate("window.__bench")
    runs = tree.script_runs()
    frames = decode_frames(log["frames"])
    clicked = log["clicks"][0] if log["clicks"] else None
    sent = next((at for d, at, k, _ in frames if d == "out" and k == "rerun"), None)
    done = [at for d, at, k, _ in frames if d == "in" and k == "finished"]
    heading = next((at for at, text in log["headings"] if text == target), None)
    tree.rows.append(
        {
            "kind": kind,
            "target": target,
            "load": load,
            "server_ms": None if sent is None or not done else done[-1] - sent,
            "script_wall_ms": sum(wall for wall, _, _ in runs),
            "script_cpu_ms": sum(cpu for _, cpu, _ in runs),
            "scopes": [scope for _, _, scope in runs],
            "reruns": sum(1 for d, _, k, _ in frames if d == "out" and k == "rerun"),
            "click_to_heading_ms": None
            if clicked is None or heading is None
            else heading - clicked,
        }
    )
    # the next click must not land before the page has settled
    page.wait_for_timeout(150)


def _open(tree: Tree, browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_cookies([{"name": "evaluator_owner", "value": tree.token, "url": tree.url}])
    context.add_init_script(WS_LOG_JS)
    tree.page = context.new_page()
    tree.page.goto(f"{tree.url}/checklist?evaluation={tree.evaluation_id}")
    expect(tree.page.get_by_role("heading", name=tree.titles[0], exact=True)).to_be_visible(
        timeout=120_000
    )
    expect(tree.page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=120_000
    )


def _round(tree: Tree) -> None:
    try:
        _walk(tree)
    except AssertionError as exc:
        raise AssertionError(f"{tree.name}: {str(exc).splitlines()[0]}") from exc


def _walk(tree: Tree) -> None:
    page, titles = tree.page, tree.titles
    last = len(titles) - 1

    def button(name: str) -> Any:
        return lambda: page.get_by_role("button", name=name, exact=True).click()

    for i in range(1, last + 1):
        _step(tree, "save_next", button("Save and next"), titles[i])
    for i in range(last - 1, -1, -1):
        _step(tree, "back", button("Back"), titles[i])
    for i in range(1, last + 1):
        _step(tree, "next", button("Next"), titles[i])
    bar = page.get_by_test_id("stRadio").filter(has=page.get_by_text("Question", exact=True))
    _step(tree, "pick", lambda: bar.get_by_text(titles[0], exact=False).first.click(), titles[0])


def _summary(values: list[float]) -> str:
    if not values:
        return "no data"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"n={len(values):3d}  min {ordered[0]:6.0f}  median {statistics.median(ordered):6.0f}  "
        f"p95 {p95:6.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", type=Path, action="append", help="a checkout (repeatable)")
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="also run the last tree with this environment setting (repeatable), e.g. "
        "STREAMLIT_RUNNER_POST_SCRIPT_GC=true",
    )
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--pdf", type=Path, default=SAMPLE)
    parser.add_argument("--time-limit", type=float, default=600)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = chromium_path()
    if chromium is None:
        print("no system Chromium (set CHROMIUM_PATH)", file=sys.stderr)
        return 2
    started = time.monotonic()
    roots = [root.resolve() for root in (args.tree or [ROOT])]
    print(f"load average before: {os.getloadavg()}; report {args.pdf.name}")
    with tempfile.TemporaryDirectory(prefix="bench_step_") as tmp:
        plan = [(root, {}) for root in roots]
        plan += [(roots[-1], dict([v.split("=", 1)])) for v in args.variant]
        trees = []
        for index, (root, env) in enumerate(plan):
            workdir = Path(tmp) / str(index)
            workdir.mkdir()
            label = " ".join(f"{k}={v}" for k, v in env.items())
            trees.append(Tree(f"{index}:{root} {label}".strip(), root, workdir, env=env))
        try:
            for tree in trees:
                _store_evaluation(tree, args.pdf)
                tree.start()
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
                for tree in trees:
                    _open(tree, browser)
                    _round(tree)  # a warm-up round, not counted: first runs fill the caches
                    tree.rows.clear()
                for number in range(args.rounds):
                    # the order rotates, so no tree always runs just after another
                    shift = number % len(trees)
                    for tree in trees[shift:] + trees[:shift]:
                        if time.monotonic() - started > args.time_limit:
                            break
                        _round(tree)
                browser.close()
        finally:
            for tree in trees:
                tree.stop()
    print(f"load average after: {os.getloadavg()}")
    medians = []
    for tree in trees:
        print(f"\n{tree.name}")
        loads = [row["load"] for row in tree.rows]
        if loads:
            print(f"  1-min load during its steps: {min(loads):.2f}–{max(loads):.2f}")
        server = [r["server_ms"] for r in tree.rows if r["server_ms"] is not None]
        medians.append(statistics.median(server) if server else float("nan"))
        print(f"  server time, all steps:      {_summary(server)}")
        for kind in ("save_next", "back", "next", "pick"):
            values = [r["server_ms"] for r in tree.rows if r["kind"] == kind and r["server_ms"]]
            print(f"    {kind:<10}                 {_summary(values)}")
        for name, label in (("script_wall_ms", "script wall"), ("script_cpu_ms", "script CPU")):
            values = [r[name] for r in tree.rows if r["scopes"]]
            print(f"  {label + ' per step:':<29}{_summary(values)}")
        scopes = sorted({" + ".join(r["scopes"]) for r in tree.rows})
        print(f"  script runs per step: {scopes}")
        heading = [r["click_to_heading_ms"] for r in tree.rows if r["click_to_heading_ms"]]
        print(f"  click to new heading:        {_summary(heading)}")
        extra = sum(1 for r in tree.rows if r["reruns"] != 1)
        print(f"  steps with other than one rerun request: {extra}")
    for tree, median in list(zip(trees, medians, strict=True))[1:]:
        print(f"\nmedian server time, {tree.name} ÷ {trees[0].name}: {median / medians[0]:.2f}")
    if args.json:
        args.json.write_text(
            json.dumps({t.name: t.rows for t in trees}, indent=1), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
