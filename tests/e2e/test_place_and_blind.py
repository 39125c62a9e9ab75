"""Issue 14 in a real browser: blind mode stays with its evaluation, the address keeps the
reader's place, and feedback appears where the reader is looking."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT_MS, _pdf, _upload_and_analyse, _wait_idle

from evaluator import classroom as cls
from evaluator.rubrics import RUBRIC_DIR, default_rubric

EXERCISE_REPORT = (
    b"Method. We used police records for 2019 to 2021 in Kirkford, supplied under a freedom of "
    b"information request. Of 1,240 recorded cases, 512 (41.3%) involved adult victims.\n"
)
BLIND_CAPTION = "Required in this exercise."
ORDINARY_CAPTION = "Required when your level differs from the tool's suggestion."


def _exercise_file(tmp_path: Path) -> Path:
    pack = cls.make_pack(
        title="Kirkford exercise",
        report=EXERCISE_REPORT,
        report_filename="kirkford.txt",
        rubric_toml=(RUBRIC_DIR / "default.toml").read_text(encoding="utf-8"),
        answer_key={},
        instructions="Answer first.",
        blind_mode=True,
    )
    path = tmp_path / "kirkford.exercise.json"
    path.write_bytes(cls.dump_pack(cls.student_copy(pack)))
    return path


def _nav(page: Page, name: str) -> None:
    """Move within the same browser session, as a reader does (a page load would start anew)."""
    _wait_idle(page)
    # the top bar groups pages in sections: open the section's menu, then the page
    page.get_by_test_id("stTopNavSection").filter(has_text="Evaluate a report").click()
    page.get_by_test_id("stTopNavDropdownLink").filter(has_text=re.compile(f"^{name}$")).click()
    expect(
        page.get_by_role("heading", name=name if name != "Start" else "Report evaluator")
    ).to_be_visible(timeout=TIMEOUT_MS)
    _wait_idle(page)


def test_an_exercise_opened_and_closed_leaves_the_next_ordinary_evaluation_non_blind(
    page: Page, start_server, tmp_path: Path
):
    server = start_server()
    page.goto(f"{server.url}/exercise")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        str(_exercise_file(tmp_path))
    )
    expect(page.get_by_text("Kirkford exercise")).to_be_visible(timeout=TIMEOUT_MS)
    _wait_idle(page)
    page.get_by_role("button", name="Start or continue the exercise").click()
    expect(page.get_by_role("heading", name="Checklist")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(BLIND_CAPTION)).to_be_visible()
    _wait_idle(page)

    _nav(page, "Start")
    blind_box = page.get_by_role("checkbox", name=re.compile("^Blind mode"))
    expect(blind_box).not_to_be_checked()
    _upload_and_analyse(page, _pdf(tmp_path / "ordinary.pdf"))
    expect(page.get_by_text(ORDINARY_CAPTION)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(BLIND_CAPTION)).to_have_count(0)
    expect(page.get_by_text("Evidence from the report")).to_be_visible()

    # back to the exercise and out again through History: each keeps its own mode
    _nav(page, "History")
    page.get_by_role("button", name="Open").last.click()  # the older row: the exercise
    expect(page.get_by_text(BLIND_CAPTION)).to_be_visible(timeout=TIMEOUT_MS)
    _nav(page, "History")
    page.get_by_role("button", name="Open").first.click()  # the newest: the ordinary one
    expect(page.get_by_text(ORDINARY_CAPTION)).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(BLIND_CAPTION)).to_have_count(0)
    assert default_rubric().criteria  # the rubric the captions belong to is installed
