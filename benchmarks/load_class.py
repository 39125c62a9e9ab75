"""A class on one server: N readers answer the same sample at once; is every answer kept, apart?

    .venv/bin/python benchmarks/load_class.py [--sessions 30] [--timeout 900] [--json out.json]
    .venv/bin/python benchmarks/load_class.py --live --postgres   # a live class on PostgreSQL

Starts one `streamlit run app.py` on a free 127.0.0.1 port with a database of its own in a
temporary folder, then drives N headless Chromium contexts (one browser; each context is a
separate reader with its own cookies). Every reader picks the same bundled sample on Start,
answers every question of the checklist with a level and a justification that carries a marker
unique to the reader and the question, then opens History.

Measured: the time from the click on the save button to the first frame painted after the
rerun that shows the saved confirmation (timed in the browser, with the rerun's own share apart),
and the peak RSS and the CPU of the server's process tree. Checked afterwards, in the database
(opened read-only) and in each reader's pages: every answer of every reader is kept, with its
level; no evaluation holds answers of two readers; each reader's History lists its own
evaluation(s) and nobody else's; a fresh reader's Start page offers nobody else's to continue.

With --live, the readers are students of a live class the script makes in the database (the
sample, blind): each opens Join a class, enters the code and a name, answers, and hands in; the
teacher's results (read through the store with the teacher's token) must hold every finished
student's hand-in with their answers. With --postgres the server keeps its data on a throwaway
PostgreSQL server started from the machine's binaries (Unix socket only), as the tests do;
--database-url names an existing one instead.

Bounded: a global timeout, a timeout on every browser step, loopback only (the browser may not
fetch anything else), and the server's whole process group is stopped on every way out.
Exit status: 0 no violation, 1 violations, 2 the run could not be set up.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import secrets
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from streamlit_server import chromium_path, free_port, server_flags, wait_until_healthy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# --- what the script looks for in the app: update here when labels change ---------------------
START_HEADING = "Report evaluator"
RESUME_OFFER = "Continue where you left off"  # Start's offer to reopen a saved evaluation
SAMPLE_OPTION = "Pick a sample report"  # the "Report" radio's option
SAMPLE_SELECT = "Sample report"  # combobox label
ANALYSE_BUTTON = "Analyse"
CHECKLIST_HEADING = "Checklist"
STEP_HEADING = "{number}. {title}"  # the heading of one question on the checklist
LEVEL_GROUP = "Level"  # radiogroup label; options are flow.choice_label(level)
JUSTIFICATION_BOX = "Justification"
SAVE_BUTTON = re.compile(r"^Save and next$")
SAVED_ALERT = "stAlertContentSuccess"  # test id of st.success's text ("Not saved" is an error)
SAVED_CONFIRMATION = re.compile(r"\bsaved\b", re.IGNORECASE)  # its text after a save
NAV_SECTION = "Evaluate a report"  # the top-bar menu that holds History
HISTORY_LINK = "History"
HISTORY_URL_PATH = "history"  # fallback when the menu cannot be used (a reload: same cookies)
HISTORY_HEADING = "History"
HISTORY_ROW_OPEN = re.compile(r"^Open$")  # one "Open" button per listed evaluation
HISTORY_ROW_KEY = re.compile(r"\bst-key-open_(\d+)\b")  # its Streamlit key names the row's id
JOIN_URL_PATH = "join"  # the live class's student page
CLASS_NAV_SECTION = "Classroom and comparison"  # the top-bar menu that holds it
JOIN_HEADING = "Join a class"
JOIN_CODE_BOX = "Class code"
JOIN_NAME_BOX = re.compile(r"^Your name in the class")
JOIN_BUTTON = re.compile(r"^Join$")
HAND_IN_BUTTON = "Hand in to your teacher"
HANDED_IN = re.compile(r"^Handed in\.")
# -----------------------------------------------------------------------------------------------

CHROMIUM_ARGS = ["--no-sandbox"]  # as in tests/e2e/conftest.py
# The page's run-state attribute can skip "running" when a starved renderer handles several
# messages at once, so the end of a save is read off the app's own WebSocket instead: the
# rerun request the click sends (BackMsg field 11, rerun_script) and the next ForwardMsg field 6
# (script_finished) with a status other than 2 (finished early for another rerun), timed at the
# first animation frame after it. Only top-level protobuf keys are read.
WIRE_JS = """(() => {
  const w = window.__loadClass = {click: null, sent: [], finished: []};
  const keys = (bytes) => {
    const out = []; let i = 0;
    const varint = () => {
      let value = 0, scale = 1, b;
      do { b = bytes[i++]; value += (b & 127) * scale; scale *= 128; } while (b & 128);
      return value;
    };
    while (i < bytes.length) {
      const key = varint(), wire = key % 8, number = Math.floor(key / 8);
      if (wire === 0) out.push([number, varint()]);
      else if (wire === 2) { const n = varint(); out.push([number, null]); i += n; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return out;
  };
  const bytesOf = (d) => d instanceof ArrayBuffer ? new Uint8Array(d)
    : ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : null;
  const Native = window.WebSocket;
  class Watched extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const bytes = bytesOf(event.data);
        if (!bytes) return;
        for (const [number, value] of keys(bytes)) {
          if (number !== 6) continue;
          const entry = {at: performance.now(), status: value, painted: null};
          w.finished.push(entry);
          requestAnimationFrame(() => setTimeout(() => { entry.painted = performance.now(); }));
        }
      });
    }
    send(data) {
      const bytes = bytesOf(data);
      if (bytes && keys(bytes).some(([number]) => number === 11)) w.sent.push(performance.now());
      return super.send(data);
    }
  }
  window.WebSocket = Watched;
})();"""
ARM_JS = """() => {
  const w = window.__loadClass;
  w.click = null;
  document.addEventListener('click', () => { if (w.click === null) w.click = performance.now(); },
    {capture: true, once: true});
}"""
# [ms from the click to the first frame painted after its rerun finished, ms from the rerun
# request to the run's end arriving], or false while waiting
SAVED_JS = """() => {
  const w = window.__loadClass;
  if (w.click === null) return false;
  const sent = w.sent.find((t) => t >= w.click);
  if (sent === undefined) return false;
  const done = w.finished.find((f) => f.at >= sent && f.status !== 2);
  return done && done.painted !== null ? [done.painted - w.click, done.at - sent] : false;
}"""
# true once every rerun the page asked for has finished and been painted
SETTLED_JS = """() => {
  const w = window.__loadClass;
  const last = w.sent[w.sent.length - 1];
  return last === undefined
    || w.finished.some((f) => f.at >= last && f.status !== 2 && f.painted !== null);
}"""
MARKER = "LC{run}-s{session:02d}-q{question}"
MARKER_RE = r"LC{run}-s(\d+)-q(\d+)"


@dataclass
class Save:
    question: int
    criterion_id: str
    marker: str
    level: int
    clicked: bool = False
    acknowledged: bool = False
    ms: float | None = None  # click to the confirmation painted
    rerun_ms: float | None = None  # rerun request sent to the run's end received
    message: str = ""


@dataclass
class Session:
    index: int
    saves: list[Save] = field(default_factory=list)
    history_ids: list[int] | None = None
    history_rows: int | None = None
    history_via: str = ""
    error: str = ""
    finished: bool = False
    blocked_requests: int = 0
    offered_resume: str = ""  # what a fresh reader's Start page offered to continue, if anything
    handed_in: bool = False  # --live: the hand-in was confirmed on the page


@dataclass
class Plan:
    run: str
    sample_id: str
    sample_title: str
    criteria: list[tuple[str, str]]  # (id, title)
    level_labels: dict[int, str]
    eager: bool = False  # type while a rerun the level's click asked for may still be running
    live_code: str = ""  # --live: the class's join code (students join instead of using Start)

    def student(self, session: int) -> str:
        return f"Reader {session:02d}"

    def marker(self, session: int, question: int) -> str:
        return MARKER.format(run=self.run, session=session, question=question + 1)

    def level(self, session: int, question: int) -> int:
        return (session + question) % 4


# --- the server -------------------------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """One `streamlit run app.py` in a process group of its own, on 127.0.0.1 only."""

    def __init__(self, db_path: Path, log_path: Path, database_url: str | None = None) -> None:
        self.db_path, self.log_path, self.database_url = db_path, log_path, database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.peak_rss_kb = 0
        self.peak_processes = 0
        self.cpu_seconds = 0.0  # user + system CPU of the tree, as last seen
        self._stop_sampling = threading.Event()
        self._sampler: threading.Thread | None = None

    def start(self, timeout: float) -> None:
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
        command += server_flags(self.port)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**os.environ, "EVALUATOR_DB": str(self.db_path)}
                | ({"EVALUATOR_DATABASE_URL": self.database_url} if self.database_url else {}),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group, so its workers stop with it
            )
        self._sampler = threading.Thread(target=self._sample, name="rss-sampler", daemon=True)
        self._sampler.start()
        wait_until_healthy(self.process, self.url, timeout, str(self.log_path), poll=0.3)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def tree(self) -> list[int]:
        if not self.alive():
            return []
        assert self.process is not None
        children, pids, todo = _children(), [], [self.process.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            todo.extend(children.get(pid, []))
        return pids

    def _sample(self) -> None:
        while not self._stop_sampling.wait(0.5):
            pids = self.tree()
            total = sum(_rss_kb(pid) for pid in pids)
            self.peak_rss_kb = max(self.peak_rss_kb, total)
            self.peak_processes = max(self.peak_processes, len(pids))
            self.cpu_seconds = max(self.cpu_seconds, sum(_cpu_seconds(pid) for pid in pids))

    def stop(self) -> None:
        self._stop_sampling.set()
        if self.process is None:
            return
        group = self.process.pid  # the group this script created for the server
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(group, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
            # the leader is gone; make sure no worker of its group outlives it
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
            break


# --- one reader in the browser ----------------------------------------------------------------


async def _idle(page: Any, timeout_ms: float) -> None:
    from playwright.async_api import expect

    await expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=timeout_ms
    )


async def _settle(page: Any, timeout_ms: float) -> None:
    """Wait until a rerun the last action may have asked for (a draft kept on change, say) has
    finished, so the next action does not race it."""
    await asyncio.sleep(0.3)
    await page.wait_for_function(SETTLED_JS, timeout=timeout_ms, polling=100)
    await _idle(page, timeout_ms)


class StepFailed(Exception):
    """A step the app refused or undid; the message says what the page showed."""


async def _alerts(page: Any) -> list[str]:
    texts = await page.get_by_test_id("stAlert").all_inner_texts()
    texts += await page.get_by_test_id("stException").all_inner_texts()
    return [" ".join(text.split()) for text in texts]


async def _answer(page: Any, plan: Plan, session: Session, save: Save, timeout_ms: float) -> None:
    from playwright.async_api import expect

    title = plan.criteria[save.question][1]
    heading = STEP_HEADING.format(number=save.question + 1, title=title)
    await expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=timeout_ms)
    await _idle(page, timeout_ms)
    label = plan.level_labels[save.level]
    group = page.get_by_role("radiogroup", name=LEVEL_GROUP)
    await group.get_by_text(label, exact=True).click(timeout=timeout_ms)
    if not plan.eager:
        await _settle(page, timeout_ms)
        await expect(group.get_by_role("radio", name=label, exact=True)).to_be_checked(
            timeout=timeout_ms
        )
    text = (
        f"Load-test reader {session.index:02d}, question {save.question + 1}: marker {save.marker}."
    )
    box = page.get_by_role("textbox", name=JUSTIFICATION_BOX)
    await box.fill(text, timeout=timeout_ms)
    await box.blur(timeout=timeout_ms)
    await _settle(page, timeout_ms)
    if (shown := await box.input_value(timeout=timeout_ms)) != text:
        raise StepFailed(f"q{save.question + 1}: the typed justification became {shown!r}")
    if not await group.get_by_role("radio", name=label, exact=True).is_checked():
        raise StepFailed(f"q{save.question + 1}: the chosen level was unselected")
    await page.evaluate(ARM_JS)
    await page.get_by_role("button", name=SAVE_BUTTON).click(timeout=timeout_ms)
    save.clicked = True
    handle = await page.wait_for_function(SAVED_JS, timeout=timeout_ms, polling=100)
    ms, rerun_ms = await handle.json_value()
    await _idle(page, timeout_ms)
    successes = await page.get_by_test_id(SAVED_ALERT).all_inner_texts()
    confirmed = [text for text in successes if SAVED_CONFIRMATION.search(text)]
    if confirmed:
        save.acknowledged, save.message = True, confirmed[0]
        save.ms, save.rerun_ms = float(ms), float(rerun_ms)
    else:
        save.message = " | ".join(await _alerts(page))[:300] or "no confirmation shown"
        raise StepFailed(f"q{save.question + 1}: save not confirmed")


async def _navigate(
    page: Any, url: str, section: str, name: str, heading: str, path: str, timeout_ms: float
) -> str:
    """Open a page through the top bar's `section` menu, as a reader does; "top bar", or
    "reload" when the bar could not be used (a reload keeps the cookies, not the state)."""
    from playwright.async_api import expect

    title = page.get_by_role("heading", name=heading, exact=True)
    try:
        await page.get_by_role("button", name=section).click(timeout=timeout_ms / 4)
        link = page.get_by_role("link", name=name, exact=True).or_(
            page.get_by_role("menuitem", name=name, exact=True)
        )
        await link.first.click(timeout=timeout_ms / 4)
        await expect(title).to_be_visible(timeout=timeout_ms / 2)
        return "top bar"
    except Exception:  # a changed top bar
        await page.goto(f"{url}/{path}", timeout=timeout_ms)
        await expect(title).to_be_visible(timeout=timeout_ms)
        return "reload"


async def _history(page: Any, url: str, session: Session, timeout_ms: float) -> None:
    session.history_via = await _navigate(
        page, url, NAV_SECTION, HISTORY_LINK, HISTORY_HEADING, HISTORY_URL_PATH, timeout_ms
    )
    await _idle(page, timeout_ms)
    buttons = page.get_by_role("button", name=HISTORY_ROW_OPEN)
    session.history_rows = await buttons.count()
    ids: list[int] = []
    holders = page.locator("[class*='st-key-open_']")
    for classes in await holders.evaluate_all("els => els.map(e => e.className)"):
        match = HISTORY_ROW_KEY.search(str(classes))
        if match:
            ids.append(int(match.group(1)))
    session.history_ids = sorted(set(ids)) if ids or not session.history_rows else None


async def _open_sample(page: Any, plan: Plan, timeout_ms: float) -> None:
    from playwright.async_api import expect

    await page.get_by_text(SAMPLE_OPTION, exact=True).click(timeout=timeout_ms)
    combo = page.get_by_role("combobox", name=SAMPLE_SELECT)
    await expect(combo).to_be_visible(timeout=timeout_ms)
    await _idle(page, timeout_ms)
    if plan.sample_title not in (await combo.input_value() or ""):
        await combo.click()
        await page.get_by_role("option", name=plan.sample_title).click(timeout=timeout_ms)
        await _idle(page, timeout_ms)
    await page.get_by_role("button", name=ANALYSE_BUTTON).click(timeout=timeout_ms)


async def _join(page: Any, url: str, plan: Plan, session: Session, timeout_ms: float) -> None:
    """--live: join the class with its code (a page load keeps the reader's cookies)."""
    from playwright.async_api import expect

    await page.goto(f"{url}/{JOIN_URL_PATH}", timeout=timeout_ms)
    await expect(page.get_by_role("heading", name=JOIN_HEADING)).to_be_visible(timeout=timeout_ms)
    await _idle(page, timeout_ms)
    await page.get_by_label(JOIN_CODE_BOX).fill(plan.live_code, timeout=timeout_ms)
    await page.get_by_label(JOIN_NAME_BOX).fill(plan.student(session.index), timeout=timeout_ms)
    await page.get_by_role("button", name=JOIN_BUTTON).click(timeout=timeout_ms)


async def _hand_in(page: Any, url: str, session: Session, timeout_ms: float) -> None:
    """--live: back to the class's page through the top bar, as a student would, and hand in."""
    from playwright.async_api import expect

    await _navigate(
        page, url, CLASS_NAV_SECTION, JOIN_HEADING, JOIN_HEADING, JOIN_URL_PATH, timeout_ms
    )
    button = page.get_by_role("button", name=HAND_IN_BUTTON)
    await expect(button).to_be_visible(timeout=timeout_ms)
    await _idle(page, timeout_ms)
    await button.click(timeout=timeout_ms)
    await expect(page.get_by_text(HANDED_IN).first).to_be_visible(timeout=timeout_ms)
    session.handed_in = True


async def _describe_failure(page: Any, session: Session, shots: Path | None) -> None:
    """Add what the page showed when a step failed: run state, alerts, and a screenshot."""
    if page is None:
        return
    try:
        state = await page.get_by_test_id("stApp").get_attribute(
            "data-test-script-state", timeout=5000
        )
        alerts = " | ".join(await _alerts(page))[:200]
        session.error += f" [page run state {state}; alerts: {alerts or 'none'}]"
        if shots is not None:
            await page.screenshot(
                path=str(shots / f"session-{session.index:02d}.png"), timeout=30_000
            )
    except Exception:
        pass


async def _loopback_only(route: Any, session: Session) -> None:
    parts = urlsplit(route.request.url)
    if parts.scheme in {"data", "blob"} or parts.hostname in {"127.0.0.1", "localhost", "::1"}:
        await route.continue_()
    else:
        session.blocked_requests += 1
        await route.abort()


async def _reader(
    browser: Any, url: str, plan: Plan, session: Session, timeout_ms: float, shots: Path | None
) -> None:
    from playwright.async_api import expect

    context = await browser.new_context()
    await context.add_init_script(WIRE_JS)
    page = None
    try:
        await context.route("**/*", lambda route: _loopback_only(route, session))
        page = await context.new_page()
        page.set_default_timeout(timeout_ms)
        if plan.live_code:  # a student goes straight to the class's page
            await _join(page, url, plan, session, timeout_ms)
        else:
            await page.goto(url, timeout=timeout_ms)
            await expect(page.get_by_role("heading", name=START_HEADING)).to_be_visible(
                timeout=timeout_ms
            )
            await _idle(page, timeout_ms)
            offer = page.get_by_test_id("stMarkdownContainer").filter(has_text=RESUME_OFFER)
            if await offer.count():  # a fresh reader has nothing to continue
                session.offered_resume = " ".join((await offer.first.inner_text()).split())[:200]
            await _open_sample(page, plan, timeout_ms)
        await expect(page.get_by_role("heading", name=CHECKLIST_HEADING)).to_be_visible(
            timeout=timeout_ms
        )
        for save in session.saves:
            await _answer(page, plan, session, save, timeout_ms)
        if plan.live_code:
            await _hand_in(page, url, session, timeout_ms)
        await _history(page, url, session, timeout_ms)
        session.finished = True
    except asyncio.CancelledError:
        session.error = session.error or "stopped by the global timeout"
        raise
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [""])[0]
        session.error = f"{type(exc).__name__}: {first}"[:300]
        await _describe_failure(page, session, shots)
    finally:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(context.close(), 30)


async def _drive(
    args: argparse.Namespace,
    url: str,
    plan: Plan,
    sessions: list[Session],
    chromium: str,
    budget: float,
    shots: Path | None,
) -> None:
    from playwright.async_api import async_playwright

    timeout_ms = args.step_timeout * 1000
    gate = asyncio.Semaphore(args.concurrency or len(sessions))

    async def one(session: Session, browser: Any) -> None:
        await asyncio.sleep(session.index * args.stagger)
        async with gate:
            await _reader(browser, url, plan, session, timeout_ms, shots)

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            tasks = [asyncio.create_task(one(session, browser)) for session in sessions]
            _, pending = await asyncio.wait(tasks, timeout=budget)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        finally:
            await asyncio.wait_for(browser.close(), 60)


# --- the checks -------------------------------------------------------------------------------


def read_evaluations(db_path: Path, scratch: Path, url: str | None = None) -> list[dict[str, Any]]:
    """Every evaluation row, read without writing to the database."""
    if url:
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(url, row_factory=dict_row) as conn:
            conn.read_only = True
            return list(conn.execute("SELECT * FROM evaluations ORDER BY id").fetchall())

    def rows(conn: sqlite3.Connection) -> list[dict[str, Any]]:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("SELECT * FROM evaluations ORDER BY id")]

    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
        try:
            return rows(conn)
        finally:
            conn.close()
    except sqlite3.Error:  # a WAL database without its -shm file: read a copy instead
        copy = scratch / "snapshot.sqlite3"
        for suffix in ("", "-wal"):
            source = Path(f"{db_path}{suffix}")
            if source.exists():
                shutil.copyfile(source, Path(f"{copy}{suffix}"))
        conn = sqlite3.connect(copy)
        try:
            return rows(conn)
        finally:
            conn.close()


def _answers(row: dict[str, Any]) -> list[dict[str, Any]]:
    data = json.loads(row.get("evaluation_json") or "{}")
    answers = data.get("answers") or {}
    if isinstance(answers, dict):
        return [{"criterion_id": key, **value} for key, value in answers.items()]
    return list(answers)


def _owner(row: dict[str, Any]) -> Any:
    """The evaluation's owner, if the schema has one (a column, or a key of the JSON)."""
    for source in (row, json.loads(row.get("evaluation_json") or "{}")):
        for key, value in source.items():
            if "owner" in key.lower() and value not in (None, ""):
                return value
    return None


@dataclass
class Findings:
    """Violations by kind, each with one line of its own."""

    tagged: list[tuple[str, str]] = field(default_factory=list)

    def add(self, kind: str, line: str) -> None:
        self.tagged.append((kind, line))

    @property
    def lines(self) -> list[str]:
        return [line for _, line in self.tagged]

    @property
    def kinds(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for kind, _ in self.tagged:
            counts[kind] = counts.get(kind, 0) + 1
        return counts


@dataclass
class Stored:
    """Where this run's answers ended up in the database."""

    found: dict[tuple[int, int], list[tuple[int, dict[str, Any]]]]  # (session, q) -> answers
    holders: dict[int, set[int]]  # evaluation id -> sessions with an answer in it
    owners: dict[int, Any]  # evaluation id -> owner, when the schema has owners

    @classmethod
    def read(cls, plan: Plan, rows: list[dict[str, Any]]) -> Stored:
        pattern = re.compile(MARKER_RE.format(run=plan.run))
        stored = cls({}, {}, {})
        for row in rows:
            stored.holders[row["id"]] = set()
            stored.owners[row["id"]] = _owner(row)
            for answer in _answers(row):
                match = pattern.search(str(answer.get("justification", "")))
                if match:
                    key = (int(match.group(1)), int(match.group(2)) - 1)
                    stored.found.setdefault(key, []).append((row["id"], answer))
                    stored.holders[row["id"]].add(key[0])
        return stored

    def of(self, session: int) -> set[int]:
        return {eid for eid, who in self.holders.items() if session in who}


def _check_answers(sessions: list[Session], stored: Stored, findings: Findings) -> int:
    """Every planned answer must be in the database with its level; returns how many are."""
    kept = 0
    for session in sessions:
        for save in session.saves:
            where = stored.found.get((session.index, save.question), [])
            if any(
                answer.get("criterion_id") == save.criterion_id
                and answer.get("level") == save.level
                for _, answer in where
            ):
                kept += 1
                continue
            name = f"session {session.index} q{save.question + 1}"
            if where:
                findings.add(
                    "answer_altered",
                    f"{name}: stored with another level or question (evaluation {where[0][0]})",
                )
            elif save.acknowledged:
                findings.add("answer_lost", f"{name}: confirmed as saved, not in the database")
            elif save.clicked:
                findings.add(
                    "save_unconfirmed",
                    f"{name}: save clicked, no confirmation, not in the database "
                    f"[{save.message or 'nothing shown'}]",
                )
            else:
                findings.add("never_saved", f"{name}: never saved (the session stopped earlier)")
    return kept


def _check_history(session: Session, stored: Stored, findings: Findings) -> None:
    """History must list the session's own evaluation(s) and nothing else."""
    mine = stored.of(session.index)
    if session.history_ids is None:
        if session.history_rows is not None and session.history_rows != len(mine):
            findings.add(
                "history_count",
                f"session {session.index}: History lists {session.history_rows} evaluation(s); "
                f"it has {len(mine)}",
            )
        return
    own_owners = {stored.owners.get(eid) for eid in mine} - {None}
    for eid in sorted(set(session.history_ids)):
        holders = stored.holders.get(eid, set())
        others = ", ".join(str(s) for s in sorted(holders - {session.index}))
        if own_owners and stored.owners.get(eid) is not None:
            foreign = stored.owners[eid] not in own_owners
        else:
            foreign = session.index not in holders
        if foreign:
            findings.add(
                "history_foreign",
                f"session {session.index}: History lists evaluation {eid}, which is not its own "
                f"({'answers of sessions ' + others if others else 'none of its answers'})",
            )
        elif others:
            findings.add(
                "history_shared",
                f"session {session.index}: History lists evaluation {eid}, which also holds "
                f"answers of sessions {others}",
            )
    for eid in sorted(mine - set(session.history_ids)):
        findings.add(
            "history_missing",
            f"session {session.index}: History does not list evaluation {eid}, which holds its "
            "answers",
        )


def check(
    plan: Plan, sessions: list[Session], rows: list[dict[str, Any]]
) -> tuple[Findings, dict[str, Any]]:
    """Violations, one line each, and the counts behind them."""
    stored = Stored.read(plan, rows)
    findings = Findings()
    kept = _check_answers(sessions, stored, findings)
    for eid, who in sorted(stored.holders.items()):
        if len(who) > 1:
            findings.add(
                "evaluation_mixed",
                f"evaluation {eid} holds answers of {len(who)} sessions: "
                + ", ".join(str(s) for s in sorted(who)),
            )
    tokens: dict[Any, set[int]] = {}
    for session in sessions:
        mine = stored.of(session.index)
        if len(mine) > 1:
            findings.add(
                "answers_split",
                f"session {session.index}: its answers are split over evaluations "
                + ", ".join(str(e) for e in sorted(mine)),
            )
        for eid in mine:
            if stored.owners.get(eid) is not None:
                tokens.setdefault(stored.owners[eid], set()).add(session.index)
        _check_history(session, stored, findings)
        if not session.finished:
            findings.add(
                "session_unfinished",
                f"session {session.index}: did not finish ({session.error or 'unknown reason'})",
            )
        if session.offered_resume:
            findings.add(
                "start_offers_foreign",
                f"session {session.index}: its first Start page offered another reader's "
                f"evaluation ({session.offered_resume})",
            )
        if session.blocked_requests:
            findings.add(
                "non_loopback_request",
                f"session {session.index}: {session.blocked_requests} non-loopback request(s) "
                "blocked",
            )
    for who in tokens.values():
        if len(who) > 1:
            findings.add(
                "owner_shared",
                f"sessions {', '.join(map(str, sorted(who)))} share one owner token",
            )
    counts = {
        "evaluations": len(rows),
        "evaluations_with_run_answers": sum(1 for who in stored.holders.values() if who),
        "answers_kept": kept,
        "sessions_keeping_nothing": sum(
            1
            for session in sessions
            if not any((session.index, q) in stored.found for q in range(len(session.saves)))
        ),
        "owners_seen": sum(1 for owner in stored.owners.values() if owner is not None),
        "sessions_per_evaluation": {
            str(eid): sorted(who) for eid, who in stored.holders.items() if who
        },
    }
    return findings, counts


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _log_findings(log_path: Path) -> dict[str, int]:
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return {}
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "database_is_locked": text.count("database is locked"),
    }


# --- main -------------------------------------------------------------------------------------


def _plan(sample: str | None, eager: bool) -> Plan:
    from evaluator import default_rubric
    from evaluator.samples import list_samples
    from evaluator_ui import flow

    samples = list(list_samples())
    if not samples:
        raise RuntimeError("no bundled sample report is installed")
    chosen = next((s for s in samples if s.id == sample), None) if sample else samples[0]
    if chosen is None:
        raise RuntimeError(f"no sample {sample!r}; known: {', '.join(s.id for s in samples)}")
    rubric = default_rubric()
    return Plan(
        run=secrets.token_hex(3),
        sample_id=chosen.id,
        sample_title=chosen.title,
        criteria=[(c.id, c.title) for c in rubric.criteria],
        level_labels={level: flow.choice_label(level) for level in range(4)},
        eager=eager,
    )


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30, help="readers at once (default 30)")
    parser.add_argument("--sample", help="bundled sample id (default: the first listed)")
    parser.add_argument("--timeout", type=float, default=900, help="whole run, s (default 900)")
    parser.add_argument(
        "--step-timeout", type=float, default=180, help="one browser step, s (default 180)"
    )
    parser.add_argument(
        "--stagger", type=float, default=1.0, help="s between readers' starts (default 1)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=0, help="readers active at once (default: all)"
    )
    parser.add_argument(
        "--eager",
        action="store_true",
        help="type the justification at once after choosing a level, without waiting for a "
        "rerun the choice may cause (a reader who does not wait for the page)",
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="the readers are students of a live class: they join with its code and hand in",
    )
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="keep the data on a throwaway PostgreSQL server started from this machine's binaries",
    )
    parser.add_argument(
        "--database-url", help="keep the data on this PostgreSQL server (postgresql://...)"
    )
    parser.add_argument("--json", type=Path, help="also write the report here as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the database and server log")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 200:
        parser.error("--sessions must be between 1 and 200")
    if args.timeout <= 0 or args.step_timeout <= 0 or args.stagger < 0 or args.concurrency < 0:
        parser.error("timeouts must be positive, --stagger and --concurrency not negative")
    return args


def _spread(values: list[float]) -> dict[str, float | int | None]:
    return {
        "count": len(values),
        "median": statistics.median(values) if values else None,
        "p95": _percentile(values, 0.95),
        "max": max(values) if values else None,
    }


def _print(report: dict[str, Any], per_kind: int = 5) -> None:
    def ms(value: float | None) -> str:
        return "–" if value is None else f"{value:,.0f} ms"

    a, t, r, c = report["answers"], report["save_ms"], report["rerun_ms"], report["database"]
    mode = " as a live class" if report["live"] else ""
    print(
        f"class load: {report['sessions']} session(s){mode} on one server ({report['engine']}), "
        f"sample {report['sample']}{' (eager typing)' if report['eager'] else ''}, load average at "
        f"start {report['load_average_start']:.2f} "
        f"(end {report['load_average_end']:.2f}), {report['wall_seconds']:.0f} s"
    )
    print(
        f"  sessions finished {report['sessions_finished']} of {report['sessions']}; "
        f"answers attempted {a['attempted']}, confirmed {a['acknowledged']}, kept "
        f"{a['kept']} of {a['planned']}; sessions keeping none of their answers "
        f"{c['sessions_keeping_nothing']}"
    )
    if report["live"]:
        lv = report["live"]
        print(
            f"  hand-ins: confirmed {lv['handed_in_confirmed']}, reached the teacher "
            f"{lv['reached_teacher']}, complete with every saved answer {lv['complete']}"
        )
    print(
        f"  save time, click to confirmation painted ({t['count']} saves): median "
        f"{ms(t['median'])}, p95 {ms(t['p95'])}, max {ms(t['max'])}"
    )
    print(
        f"    of which rerun request to run finished: median {ms(r['median'])}, "
        f"p95 {ms(r['p95'])}, max {ms(r['max'])}"
    )
    print(
        f"  server: peak RSS {report['server_peak_rss_mb']:.0f} MB (sum over up to "
        f"{report['server_peak_processes']} processes), CPU {report['server_cpu_seconds']:.0f} s; "
        "log: " + ", ".join(f"{k} {v}" for k, v in report["server_log"].items())
    )
    print(
        f"  database: {c['evaluations']} evaluation(s), {c['evaluations_with_run_answers']} "
        f"holding this run's answers, {c['owners_seen']} with an owner"
    )
    kinds = report["violation_kinds"]
    print(
        f"  violations: {len(report['violations'])}"
        + (" (" + ", ".join(f"{kind} {n}" for kind, n in kinds.items()) + ")" if kinds else "")
    )
    for kind in kinds:
        lines = [line for k, line in report["violations_by_kind"] if k == kind]
        for line in lines[:per_kind]:
            print(f"    - {line}")
        if len(lines) > per_kind:
            print(f"      … and {len(lines) - per_kind} more {kind} (see --json)")
    print("PASS" if not report["violations"] else "FAIL")


def _sessions(plan: Plan, count: int) -> list[Session]:
    return [
        Session(
            index=index,
            saves=[
                Save(q, cid, plan.marker(index, q), plan.level(index, q))
                for q, (cid, _) in enumerate(plan.criteria)
            ],
        )
        for index in range(count)
    ]


def _live_class(location: str, plan: Plan) -> tuple[str, str]:
    """--live: a class of the plan's sample (blind, with the sample's key) made in the database
    the server will use, as the teacher page makes it; returns its id and the teacher's token."""
    from datetime import UTC, datetime, timedelta

    from evaluator import DEFAULT_RUBRIC_ID, available_rubrics, read_rubric_file, samples
    from evaluator import classroom as cls
    from evaluator.classroom import live
    from evaluator.store import Store

    pack = cls.make_pack(
        title=f"Load test {plan.run}",
        report=Path(samples.sample_pdf_path(plan.sample_id)).read_bytes(),
        report_filename=f"{plan.sample_id}.pdf",
        rubric_toml=read_rubric_file(
            next(path for path, r in available_rubrics()[0] if r.id == DEFAULT_RUBRIC_ID)
        ),
        answer_key=dict(samples.load_answer_key(plan.sample_id).criteria),
        blind_mode=True,
    )
    token = live.new_teacher_token()
    made = Store(location).create_live_class(
        pack, live.token_hash(token), datetime.now(UTC) + timedelta(hours=2)
    )
    plan.live_code = live.format_code(made.code)
    return made.id, token


def _hand_ins(location: str, class_id: str, token: str) -> list[Any]:
    from evaluator.store import Store

    results = Store(location).live_results(class_id, token)
    return [] if results is None else results.submissions


def check_hand_ins(
    plan: Plan, sessions: list[Session], submissions: list[Any], findings: Findings
) -> int:
    """--live: every confirmed hand-in reached the teacher, under its student's name, with every
    answer that student saved; returns how many did."""
    by_name: dict[str, list[Any]] = {}
    for submission in submissions:
        by_name.setdefault(submission.student, []).append(submission)
    complete = 0
    for session in sessions:
        name = plan.student(session.index)
        mine = by_name.pop(name, [])
        if not session.handed_in:
            continue
        if len(mine) != 1:
            findings.add("hand_in_missing", f"{name}: {len(mine)} hand-ins reached the teacher")
            continue
        answers = mine[0].evaluation.answers
        missing = [
            s.question + 1
            for s in session.saves
            if s.acknowledged
            and not (
                (answer := answers.get(s.criterion_id)) is not None
                and answer.level == s.level
                and s.marker in answer.justification
            )
        ]
        if missing:
            findings.add("hand_in_altered", f"{name}: the hand-in lacks questions {missing}")
        else:
            complete += 1
    for name in by_name:
        findings.add("hand_in_foreign", f"a hand-in under {name!r}, which no reader used")
    return complete


def _database(args: argparse.Namespace) -> tuple[str | None, Any]:
    """(the PostgreSQL address to use or None for SQLite, a throwaway server to stop or None)."""
    if args.database_url:
        return args.database_url, None
    if not args.postgres:
        return None, None
    sys.path.insert(0, str(ROOT / "tests"))
    from postgres_server import Server as PgServer
    from postgres_server import binaries

    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("--postgres: no PostgreSQL binaries (initdb) on this machine")
    pg = PgServer(bin_dir)
    try:
        return pg.start(), pg
    except Exception:
        pg.stop()
        raise


def _run(
    args: argparse.Namespace, plan: Plan, sessions: list[Session], chromium: str, scratch: Path
) -> tuple[Server, list[dict[str, Any]], Findings, list[Any] | None]:
    """Serve, drive the readers, read the database; the servers are stopped on every way out."""
    findings = Findings()
    pg = None
    server = Server(scratch / "class.sqlite3", scratch / "streamlit.log")
    started = time.monotonic()
    rows: list[dict[str, Any]] = []
    hand_ins: list[Any] | None = None
    try:
        server.database_url, pg = _database(args)
        location = server.database_url or str(server.db_path)
        live_class = _live_class(location, plan) if args.live else None
        server.start(timeout=min(180, args.timeout))
        budget = max(1.0, args.timeout - (time.monotonic() - started))
        shots = scratch if args.keep else None
        asyncio.run(_drive(args, server.url, plan, sessions, chromium, budget, shots))
        if not server.alive():
            findings.add("server_died", "the server was no longer running at the end of the run")
        rows = read_evaluations(server.db_path, scratch, server.database_url)
        if live_class is not None:
            hand_ins = _hand_ins(location, *live_class)
    except Exception as exc:  # a setup failure is one line in the report, not a traceback
        findings.add("run_incomplete", f"run not completed: {type(exc).__name__}: {exc}")
    except KeyboardInterrupt:
        findings.add("run_incomplete", "run not completed: interrupted")
    finally:
        server.stop()
        if pg is not None:
            pg.stop()
    return server, rows, findings, hand_ins


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        import playwright.async_api  # noqa: F401
    except ModuleNotFoundError:
        print("load_class: the playwright package is missing (dev dependency pytest-playwright)")
        return 2
    chromium = chromium_path()
    if chromium is None:
        print("load_class: no Chromium found (set CHROMIUM_PATH or install chromium)")
        return 2
    try:
        plan = _plan(args.sample, args.eager)
    except RuntimeError as exc:
        print(f"load_class: {exc}")
        return 2
    sessions = _sessions(plan, args.sessions)
    load_start = os.getloadavg()[0]
    scratch = Path(tempfile.mkdtemp(prefix="load-class-"))
    started = time.monotonic()
    server, rows, setup, hand_ins = _run(args, plan, sessions, chromium, scratch)
    wall = time.monotonic() - started
    incomplete = "run_incomplete" in setup.kinds
    findings, counts = check(plan, sessions, rows) if not incomplete else (Findings(), {})
    complete = check_hand_ins(plan, sessions, hand_ins, findings) if hand_ins is not None else 0
    for kind, line in setup.tagged:
        findings.add(kind, line)
    times = [s.ms for session in sessions for s in session.saves if s.ms is not None]
    report: dict[str, Any] = {
        "sessions": args.sessions,
        "sessions_finished": sum(1 for s in sessions if s.finished),
        "sample": plan.sample_id,
        "eager": plan.eager,
        "run_marker": plan.run,
        "engine": "postgresql" if server.database_url else "sqlite",
        "live": {
            "handed_in_confirmed": sum(1 for s in sessions if s.handed_in),
            "reached_teacher": len(hand_ins or []),
            "complete": complete,
        }
        if args.live
        else None,
        "load_average_start": load_start,
        "load_average_end": os.getloadavg()[0],
        "wall_seconds": wall,
        "answers": {
            "planned": sum(len(s.saves) for s in sessions),
            "attempted": sum(1 for s in sessions for x in s.saves if x.clicked),
            "acknowledged": sum(1 for s in sessions for x in s.saves if x.acknowledged),
            "kept": counts.get("answers_kept", 0),
        },
        "save_ms": _spread(times),
        "rerun_ms": _spread(
            [x.rerun_ms for session in sessions for x in session.saves if x.rerun_ms is not None]
        ),
        "server_peak_rss_mb": server.peak_rss_kb / 1024,
        "server_peak_processes": server.peak_processes,
        "server_cpu_seconds": server.cpu_seconds,
        "server_log": _log_findings(server.log_path),
        "database": {
            key: counts.get(key, 0)
            for key in (
                "evaluations",
                "evaluations_with_run_answers",
                "sessions_keeping_nothing",
                "owners_seen",
            )
        }
        | {"sessions_per_evaluation": counts.get("sessions_per_evaluation", {})},
        "violation_kinds": findings.kinds,
        "violations": findings.lines,
        "violations_by_kind": findings.tagged,
        "per_session": [asdict(s) for s in sessions],
    }
    _print(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    if args.keep:
        print(f"  kept: {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    if incomplete:
        return 2
    return 1 if findings.lines else 0


if __name__ == "__main__":
    sys.exit(main())
