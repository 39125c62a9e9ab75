"""Issue 14, item 8, in a real browser: a step change on the checklist reruns only the step's own
part of the page, and what that part shows (the progress line, the question bar's marks, the
address, the new question from its top) still moves with it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT_MS, _pdf, _upload_and_analyse, _wait_idle

from benchmarks.bench_step import WS_LOG_JS, decode_frames
from evaluator import default_rubric

FRAGMENT_DONE = "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"


def _runs_after(page: Page, click: Any) -> list[tuple[str, str]]:
    """Click, wait for the page to settle, and return what ran: each rerun request's fragment
    ("" for the whole page) and each "script finished" status, in order."""
    _wait_idle(page)
    page.evaluate("window.__bench.frames = []")
    click()
    page.wait_for_timeout(300)  # the rerun request goes out at once; the state follows
    _wait_idle(page)
    frames = decode_frames(page.evaluate("window.__bench.frames"))
    return [(kind, detail) for _, _, kind, detail in frames if kind != "other"]


def _only_the_step_ran(runs: list[tuple[str, str]]) -> None:
    requests = [detail for kind, detail in runs if kind == "rerun"]
    finished = [detail for kind, detail in runs if kind == "finished"]
    assert requests, runs
    assert all(requests), f"a rerun of the whole page was asked for: {runs}"
    assert finished, runs
    assert set(finished) == {FRAGMENT_DONE}, f"the whole page ran: {runs}"


def test_a_step_change_reruns_only_the_steps_part_and_the_page_still_follows(
    page: Page, start_server, tmp_path: Path
):
    page.set_viewport_size({"width": 1400, "height": 700})
    page.add_init_script(WS_LOG_JS)
    server = start_server()
    criteria = default_rubric().criteria
    total = len(criteria)
    page.goto(server.url)
    _upload_and_analyse(page, _pdf(tmp_path / "steps.pdf"))
    expect(page.get_by_role("heading", name=f"1. {criteria[0].title}")).to_be_visible()
    expect(page.get_by_text(f"0 of {total} questions answered")).to_be_visible()

    save_next = page.get_by_role("button", name="Save and next")
    runs = _runs_after(page, save_next.click)  # the suggestion, untouched, is saved as it is
    _only_the_step_ran(runs)
    second = page.get_by_role("heading", name=f"2. {criteria[1].title}")
    expect(second).to_be_in_viewport(timeout=TIMEOUT_MS)
    expect(page.get_by_text(f"1 of {total} questions answered")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]q={criteria[1].id}(&|$)"))
    bar = page.get_by_test_id("stRadio").filter(has=page.get_by_text("Question", exact=True))
    expect(bar.get_by_text(f"1. {criteria[0].title} ✓")).to_be_visible()

    for name, index in (("Next", 2), ("Back", 1)):
        button = page.get_by_role("button", name=name, exact=True)
        _only_the_step_ran(_runs_after(page, button.click))
        expect(page.get_by_role("heading", name=f"{index + 1}. {criteria[index].title}"))
        expect(page).to_have_url(re.compile(rf"[?&]q={criteria[index].id}(&|$)"))

    first = bar.get_by_text(f"1. {criteria[0].title}", exact=False).first
    _only_the_step_ran(_runs_after(page, first.click))
    expect(page.get_by_role("heading", name=f"1. {criteria[0].title}")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"[?&]q={criteria[0].id}(&|$)"))

    # leaving the checklist from inside its step part still opens the other page
    page.get_by_role("button", name="See the summary").click()
    expect(page.get_by_role("heading", name="Summary", exact=True)).to_be_visible(
        timeout=TIMEOUT_MS
    )
