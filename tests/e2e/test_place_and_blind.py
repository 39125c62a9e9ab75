"""Issue 14 in a real browser: blind mode stays with its evaluation, the address keeps the
reader's place, and feedback appears where the reader is looking."""

from __future__ import annotations

import re
import time
from pathlib import Path

from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT_MS, _answer, _pdf, _upload_and_analyse, _wait_idle

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


def _draft_of(db_path: Path, page: Page, criterion_id: str) -> tuple[object, str | None] | None:
    from test_app_browser import _owner_token

    from evaluator.store import Store, owner_key

    db = Store(db_path)
    me = owner_key(_owner_token(page))
    rows = db.listing(me)
    record = db.load(rows[0].id, me) if rows else None
    draft = record.drafts.get(criterion_id) if record else None
    return (draft.choice, draft.justification) if draft else None


def _choose(page: Page, level_label: str) -> None:
    _wait_idle(page)
    page.get_by_test_id("stRadio").filter(has_text="Level").get_by_text(
        level_label, exact=True
    ).click()
    expect(page.get_by_role("radio", name=level_label, exact=True)).to_be_checked()


def test_a_refresh_mid_question_returns_to_the_question_with_the_draft(
    page: Page, start_server, tmp_path: Path
):
    server = start_server()
    criteria = default_rubric().criteria
    page.goto(server.url)
    _upload_and_analyse(page, _pdf(tmp_path / "refresh.pdf"))
    _answer(page, 0, criteria[0].title, "1 · weak", "One source.")
    second = criteria[1]
    expect(page.get_by_role("heading", name=f"2. {second.title}")).to_be_visible()
    _wait_idle(page)
    expect(page).to_have_url(re.compile(rf"[?&]q={second.id}(?:&|$)"), timeout=TIMEOUT_MS)
    _choose(page, "0 · absent or misleading")
    box = page.get_by_role("textbox", name="Justification")
    box.click()
    box.press_sequentially("Typed, never left the box", delay=20)
    # no blur, no Save: the words reach the draft a moment after typing pauses
    deadline = time.monotonic() + 30
    while _draft_of(server.db_path, page, second.id) != (0, "Typed, never left the box"):
        assert time.monotonic() < deadline, _draft_of(server.db_path, page, second.id)
        time.sleep(0.3)
    expect(box).to_have_value("Typed, never left the box")  # typing was not disturbed
    # typing on while the sent words rerun the page loses nothing
    box.press_sequentially(" and more", delay=20)
    page.wait_for_timeout(850)  # the pause sends; keep typing as the rerun runs
    box.press_sequentially(", then on", delay=20)
    expect(box).to_have_value("Typed, never left the box and more, then on")
    full = "Typed, never left the box and more, then on"
    while _draft_of(server.db_path, page, second.id) != (0, full):
        assert time.monotonic() < deadline + 30, _draft_of(server.db_path, page, second.id)
        time.sleep(0.3)

    page.reload()
    expect(page.get_by_role("heading", name=f"2. {second.title}")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_role("radio", name="0 · absent or misleading", exact=True)).to_be_checked()
    expect(page.get_by_role("textbox", name="Justification")).to_have_value(full)
    expect(page.get_by_text("Draft: kept here, not saved yet.")).to_be_visible()
    expect(page.get_by_text("1 of 6 questions answered")).to_be_visible()


def test_a_tab_open_through_a_killed_and_restarted_server_continues(
    page: Page, start_server, tmp_path: Path
):
    first = start_server()
    criteria = default_rubric().criteria
    page.goto(first.url)
    _upload_and_analyse(page, _pdf(tmp_path / "restart-place.pdf"))
    _answer(page, 0, criteria[0].title, "1 · weak", "One source.")
    _answer(page, 1, criteria[1].title, "2 · adequate", "Counts given.")
    third = criteria[2]
    expect(page.get_by_role("heading", name=f"3. {third.title}")).to_be_visible()
    _wait_idle(page)
    first.stop(kill=True)

    start_server(first.db_path, port=first.port)  # the open tab reconnects by itself
    expect(page.get_by_role("heading", name=f"3. {third.title}")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("2 of 6 questions answered")).to_be_visible(timeout=TIMEOUT_MS)
    _answer(page, 2, third.title, "3 · exemplary", "Stated for every figure.")
    expect(page.get_by_role("heading", name=f"4. {criteria[3].title}")).to_be_visible()
    expect(page.get_by_role("heading", name="Checklist")).to_be_visible()
    page.reload()  # and the address still holds the place
    expect(page.get_by_role("heading", name=f"4. {criteria[3].title}")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.get_by_text("3 of 6 questions answered")).to_be_visible()


def test_save_and_next_shows_the_new_question_from_its_top_and_messages_by_the_buttons(
    page: Page, start_server, tmp_path: Path
):
    page.set_viewport_size({"width": 1400, "height": 700})
    server = start_server()
    criteria = default_rubric().criteria
    page.goto(server.url)
    _upload_and_analyse(page, _pdf(tmp_path / "scroll.pdf"))
    _wait_idle(page)
    first_heading = page.get_by_role("heading", name=f"1. {criteria[0].title}")
    save = page.get_by_role("button", name="Save answer")
    _choose(page, "0 · absent or misleading")
    save.scroll_into_view_if_needed()
    save.click()  # an override with no reason: refused, and said beside the button
    message = page.get_by_test_id("stAlert").filter(has_text="Write a justification")
    expect(message).to_be_in_viewport()
    expect(save).to_be_in_viewport()
    gap = message.bounding_box()["y"] - save.bounding_box()["y"]
    assert 0 < gap < 200, gap

    box = page.get_by_role("textbox", name="Justification")
    box.fill("Nothing about the sources.")
    box.blur()
    _wait_idle(page)
    page.get_by_role("button", name="Save and next").click()
    heading = page.get_by_role("heading", name=f"2. {criteria[1].title}")
    expect(heading).to_be_visible(timeout=TIMEOUT_MS)
    expect(heading).to_be_in_viewport(timeout=10_000)
    expect(page.get_by_text("Answer saved.")).to_be_in_viewport()
    expect(first_heading).to_have_count(0)

    # Next, from the bottom of the page, also lands at the top of the next question
    _wait_idle(page)
    nxt = page.get_by_role("button", name="Next", exact=True)
    # A short window, so the question's heading and its Next button cannot both be in view
    # however short the question's evidence is.
    page.set_viewport_size({"width": 1400, "height": 360})
    nxt.scroll_into_view_if_needed()
    expect(heading).not_to_be_in_viewport()  # the test would prove nothing otherwise
    page.set_viewport_size({"width": 1400, "height": 700})
    nxt.click()
    third = page.get_by_role("heading", name=f"3. {criteria[2].title}")
    expect(third).to_be_visible(timeout=TIMEOUT_MS)
    expect(third).to_be_in_viewport(timeout=10_000)


def test_words_typed_just_before_a_reload_are_kept(page: Page, start_server, tmp_path: Path):
    server = start_server()
    criteria = default_rubric().criteria
    page.goto(server.url)
    _upload_and_analyse(page, _pdf(tmp_path / "unload.pdf"))
    _choose(page, "0 · absent or misleading")
    box = page.get_by_role("textbox", name="Justification")
    box.click()
    box.press_sequentially("Reloaded at once", delay=10)
    page.reload()  # no pause: the words go as the page unloads
    expect(page.get_by_role("heading", name=f"1. {criteria[0].title}")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    expect(page.get_by_role("textbox", name="Justification")).to_have_value("Reloaded at once")


def test_words_whose_send_was_lost_at_unload_are_put_back_from_the_tab(
    page: Page, start_server, tmp_path: Path
):
    """The server stops a closing tab's run, so the send at unload can be lost. Here it is lost
    for certain: the words are only in the tab's storage, as the unload leaves them, and the
    reloaded page must put them in the box and keep them as the draft."""
    from evaluator_ui.checklist import KEEP_TYPING_STORE

    server = start_server()
    first = default_rubric().criteria[0]
    page.goto(server.url)
    _upload_and_analyse(page, _pdf(tmp_path / "lost.pdf"))
    _choose(page, "0 · absent or misleading")
    _wait_idle(page)
    kept = {"key": f"ck_{first.id}_justification", "value": "Only the tab kept this"}
    page.evaluate(
        "([store, kept]) => sessionStorage.setItem(store, JSON.stringify("
        "{...kept, page: location.pathname + location.search}))",
        [KEEP_TYPING_STORE, kept],
    )
    page.reload()  # nothing was typed on this page, so its unload leaves the storage alone
    box = page.get_by_role("textbox", name="Justification")
    expect(box).to_have_value("Only the tab kept this", timeout=TIMEOUT_MS)
    deadline = time.monotonic() + 30
    while _draft_of(server.db_path, page, first.id) != (0, "Only the tab kept this"):
        assert time.monotonic() < deadline, _draft_of(server.db_path, page, first.id)
        time.sleep(0.2)
    assert page.evaluate(f"sessionStorage.getItem({KEEP_TYPING_STORE!r})") is None

    # Words kept for another page are not put into this one. A plain reload first, so that the
    # page the words are planted in has had nothing typed or put back, and leaves them alone.
    page.reload()
    expect(box).to_have_value("Only the tab kept this", timeout=TIMEOUT_MS)
    _wait_idle(page)
    page.evaluate(
        "([store, kept]) => sessionStorage.setItem(store, JSON.stringify("
        "{...kept, page: '/checklist?evaluation=999'}))",
        [KEEP_TYPING_STORE, {**kept, "value": "Meant for another evaluation"}],
    )
    page.reload()
    expect(box).to_have_value("Only the tab kept this", timeout=TIMEOUT_MS)
    time.sleep(1)
    expect(box).to_have_value("Only the tab kept this")
    assert page.evaluate(f"sessionStorage.getItem({KEEP_TYPING_STORE!r})") is None
