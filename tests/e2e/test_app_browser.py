"""The app in a real browser: it serves Start, walks a PDF to a JSON download, survives a kill,
and keeps each browser's work to itself."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from evaluator import exports
from evaluator.rubrics import default_rubric
from evaluator.store import Store, owner_key

TIMEOUT_MS = 60_000


def _pdf(path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in (
        "Method. We counted case files from police records for 2015 to 2020. "
        "Of 240 suspects, 96 (40%) were recorded by police as belonging to group A.",
        "Limits. Only forces that replied to our request are included. "
        "We recommend that the ministry publish comparable figures every year.",
    ):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    pdf.output(str(path))
    return path


def _wait_idle(page: Page) -> None:
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=TIMEOUT_MS
    )


def _upload_and_analyse(page: Page, pdf: Path) -> None:
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(pdf))
    expect(page.get_by_text(pdf.name)).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Analyse").click()
    expect(page.get_by_role("heading", name="Checklist")).to_be_visible(timeout=TIMEOUT_MS)


def _answer(page: Page, index: int, title: str, level_label: str, why: str) -> None:
    """Answer step `index` (0-based) and wait until the store counts it."""
    expect(page.get_by_role("heading", name=f"{index + 1}. {title}")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    _wait_idle(page)
    page.get_by_test_id("stRadio").filter(has_text="Level").get_by_text(
        level_label, exact=True
    ).click()
    expect(page.get_by_role("radio", name=level_label, exact=True)).to_be_checked()
    box = page.get_by_role("textbox", name="Justification")
    box.fill(why)
    box.blur()
    expect(box).to_have_value(why)
    page.get_by_role("button", name="Save and next").click()
    # the progress line is written from the store, so it moves only once the answer is saved
    expect(page.get_by_text(re.compile(rf"^{index + 1} of \d+ questions answered$"))).to_be_visible(
        timeout=TIMEOUT_MS
    )


def test_app_serves_its_start_page_and_refuses_a_fake_pdf(page: Page, start_server, tmp_path: Path):
    server = start_server()
    page.goto(server.url)
    expect(page.get_by_role("heading", name="Report evaluator")).to_be_visible(timeout=TIMEOUT_MS)
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"just words, no PDF header")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(fake))
    expect(page.get_by_text("fake.pdf")).to_be_visible()
    page.get_by_role("button", name="Analyse").click()
    expect(page.get_by_test_id("stAlert").filter(has_text="is not a PDF")).to_be_visible()
    expect(page.get_by_role("heading", name="Checklist")).to_have_count(0)


def test_upload_complete_checklist_and_download_json(page: Page, start_server, tmp_path: Path):
    server = start_server()
    rubric = default_rubric()
    page.goto(server.url)
    _upload_and_analyse(page, _pdf(tmp_path / "browser-report.pdf"))
    for index, criterion in enumerate(rubric.criteria):
        _answer(page, index, criterion.title, "2 · adequate", f"Browser check {index + 1}.")
    total = len(rubric.criteria)
    expect(page.get_by_text(f"{total} of {total} questions answered")).to_be_visible()

    page.get_by_role("button", name="See the summary").click()
    expect(page.get_by_role("heading", name="Summary")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("66.7 / 100")).to_be_visible()
    # the traffic-light grid: colour with its mark and words (the table cells are canvas)
    expect(page.get_by_text("✓ 2 · adequate", exact=True).first).to_be_visible()

    page.get_by_role("button", name="Export this evaluation").click()
    expect(page.get_by_role("heading", name="Export")).to_be_visible(timeout=TIMEOUT_MS)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download JSON").click()
    download = info.value
    # named for the report (its cover is prose, so its file name) and the day it was saved
    assert re.fullmatch(r"browser-report-pdf-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    evaluation = exports.from_json(Path(download.path()).read_bytes())
    assert [a.level for a in evaluation.answers.values()] == [2] * total
    assert evaluation.answers[rubric.criteria[0].id].justification == "Browser check 1."
    assert evaluation.document_title == "browser-report.pdf"


def test_answers_survive_a_killed_server(page: Page, start_server, tmp_path: Path):
    rubric = default_rubric()
    first = start_server()
    page.goto(first.url)
    _upload_and_analyse(page, _pdf(tmp_path / "killed.pdf"))
    _answer(page, 0, rubric.criteria[0].title, "1 · weak", "Only one source named.")
    first.stop(kill=True)

    second = start_server(first.db_path)
    page.goto(second.url)
    expect(page.get_by_text("Continue where you left off")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text(re.compile("1 of 6 questions answered"))).to_be_visible()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("1 of 6 questions answered")).to_be_visible(timeout=TIMEOUT_MS)
    # Continue opens at the first question not answered; the answered one is a step back
    expect(page.get_by_role("heading", name=f"2. {rubric.criteria[1].title}")).to_be_visible()
    _wait_idle(page)
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_role("textbox", name="Justification")).to_have_value(
        "Only one source named."
    )


def _own_history(page: Page, url: str) -> list[str]:
    """The History rows this browser is shown (a fresh load: only the cookie says who it is)."""
    page.goto(f"{url}/history")
    expect(page.get_by_role("heading", name="History")).to_be_visible(timeout=TIMEOUT_MS)
    _wait_idle(page)
    return (
        page.get_by_test_id("stMarkdownContainer")
        .filter(has_text="answered · rubric")
        .all_inner_texts()
    )


def test_two_browsers_see_only_their_own_work_and_a_refresh_keeps_the_draft(
    browser: Browser, start_server, tmp_path: Path
):
    server = start_server()
    rubric = default_rubric()
    total = len(rubric.criteria)
    report = _pdf(tmp_path / "shared-report.pdf")  # the same report and rubric for both
    alice = browser.new_context().new_page()
    bob = browser.new_context().new_page()
    for page in (alice, bob):
        page.goto(server.url)
        _upload_and_analyse(page, report)
    _answer(alice, 0, rubric.criteria[0].title, "1 · weak", "Alice: one source only.")

    tokens = [
        {c["name"]: c for c in page.context.cookies()}["evaluator_owner"] for page in (alice, bob)
    ]
    assert [t["sameSite"] for t in tokens] == ["Strict", "Strict"]
    assert tokens[0]["value"] != tokens[1]["value"]

    # a level chosen on step 2 and not saved; then the page is reloaded
    _wait_idle(alice)
    alice.get_by_test_id("stRadio").filter(has_text="Level").get_by_text(
        "0 · absent or misleading", exact=True
    ).click()
    expect(alice.get_by_text("Draft: kept here, not saved yet.")).to_be_visible(timeout=TIMEOUT_MS)
    _wait_idle(alice)
    alice.reload()
    expect(alice.get_by_role("heading", name="Checklist")).to_be_visible(timeout=TIMEOUT_MS)
    expect(alice.get_by_text(f"1 of {total} questions answered")).to_be_visible()
    _wait_idle(alice)
    alice.get_by_text(re.compile(r"^2\. .*\(draft\)$")).click()  # the step keeping the draft
    expect(alice.get_by_role("radio", name="0 · absent or misleading", exact=True)).to_be_checked()
    expect(alice.get_by_text("Draft: kept here, not saved yet.")).to_be_visible()
    assert {c["name"]: c for c in alice.context.cookies()}["evaluator_owner"] == tokens[0]

    mine, theirs = _own_history(alice, server.url), _own_history(bob, server.url)
    assert len(mine) == 1 and f"1 of {total} answered" in mine[0]
    assert len(theirs) == 1 and f"0 of {total} answered" in theirs[0]


def test_a_level_chosen_before_a_server_restart_is_saved_after_it(
    page: Page, start_server, tmp_path: Path
):
    first = start_server()
    page.goto(first.url)
    _upload_and_analyse(page, _pdf(tmp_path / "restart.pdf"))
    _wait_idle(page)
    page.get_by_test_id("stRadio").filter(has_text="Level").get_by_text(
        "1 · weak", exact=True
    ).click()
    box = page.get_by_role("textbox", name="Justification")
    box.fill("Chosen before the restart.")
    box.blur()
    expect(page.get_by_text("Draft: kept here, not saved yet.")).to_be_visible()
    # The level's draft alone already shows that line: wait until the store holds the words too,
    # or a loaded machine kills the server before the blur's rerun has written them.
    _wait_for_draft(first.db_path, _owner_token(page), "sources", "Chosen before the restart.")
    _wait_idle(page)
    first.stop(kill=True)

    start_server(first.db_path, port=first.port)  # the open page reconnects to it
    expect(page.get_by_role("radio", name="1 · weak", exact=True)).to_be_checked()
    expect(page.get_by_role("textbox", name="Justification")).to_have_value(
        "Chosen before the restart.", timeout=TIMEOUT_MS
    )
    _wait_idle(page)
    page.get_by_role("button", name="Save answer").click()
    expect(page.get_by_text("1 of 6 questions answered")).to_be_visible()
    evaluation = Store(first.db_path).listing(owner_key(_owner_token(page)))
    assert [row.answered for row in evaluation] == [1]


def _wait_for_draft(db_path: Path, owner: str, criterion_id: str, text: str) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        record = Store(db_path).load(1, owner_key(owner))
        draft = record.drafts.get(criterion_id) if record else None
        if draft is not None and draft.justification == text:
            return
        time.sleep(0.2)
    raise AssertionError(f"the draft of {criterion_id} never held {text!r}")


def _owner_token(page: Page) -> str:
    return {c["name"]: c for c in page.context.cookies()}["evaluator_owner"]["value"]
