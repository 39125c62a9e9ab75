"""Issue 15 in a real browser: a class of five students, each in a browser context of their own
(their own cookie, so their own owner), joins with the code, answers blind, hands in, and the
teacher's dashboard, opened from the teacher link, shows all five. Two app processes share the
database, as two replicas behind a proxy would: students alternate between them, and each
replica's dashboard shows the whole class. On PostgreSQL when the machine has it (the `pg_url`
fixture), else on one SQLite file."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from test_app_browser import TIMEOUT_MS, _answer, _wait_idle
from test_place_and_blind import EXERCISE_REPORT

from evaluator import classroom as cls
from evaluator.answer_keys import CriterionKey
from evaluator.classroom import live
from evaluator.databases import DATABASE_URL_ENV
from evaluator.rubrics import RUBRIC_DIR, default_rubric
from evaluator.store import Store

STUDENTS = ["Ana", "Ben", "Chidi", "Dana", "Émile"]
KEY_WORDS = "The police records are named as the source."


def _database(request: pytest.FixtureRequest, tmp_path) -> tuple[str, dict[str, str]]:
    try:
        url = request.getfixturevalue("pg_url")
    except pytest.skip.Exception:  # no PostgreSQL here: the same test on a file
        return str(tmp_path / "class.sqlite3"), {}
    return url, {DATABASE_URL_ENV: url}


def _join(page: Page, url: str, code: str, name: str) -> None:
    page.goto(f"{url}/join")
    expect(page.get_by_role("heading", name="Join a class")).to_be_visible(timeout=TIMEOUT_MS)
    _wait_idle(page)
    page.get_by_label("Class code").fill(code.lower())
    page.get_by_label("Your name in the class").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", name="Checklist")).to_be_visible(timeout=TIMEOUT_MS)


def _metric(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label)


def test_a_class_of_five_on_two_replicas_hands_in_and_each_dashboard_shows_all_five(
    browser: Browser, start_server, request: pytest.FixtureRequest, tmp_path
):
    location, env = _database(request, tmp_path)
    replicas = [start_server(db_path=tmp_path / "class.sqlite3", env=env) for _ in range(2)]
    rubric = default_rubric()
    first = rubric.criteria[0]
    pack = cls.make_pack(
        title="Kirkford class",
        report=EXERCISE_REPORT,
        report_filename="kirkford.txt",
        rubric_toml=(RUBRIC_DIR / "default.toml").read_text(encoding="utf-8"),
        answer_key={
            first.id: CriterionKey(
                level=2, justification=KEY_WORDS, evidence=[{"page": 1, "quote": "police"}]
            )
        },
        teacher_notes="Teacher only.",
    )
    token = live.new_teacher_token()
    made = Store(location).create_live_class(
        pack, live.token_hash(token), datetime.now(UTC) + timedelta(hours=1)
    )
    code = live.format_code(made.code)

    contexts = [browser.new_context() for _ in STUDENTS]
    teacher = browser.new_context().new_page()
    link = f"/live-class?class={made.id}&token={token}"
    try:
        for index, (context, name) in enumerate(zip(contexts, STUDENTS, strict=True)):
            if index == len(STUDENTS) - 1:  # the teacher watches as the last one hands in
                teacher.goto(replicas[1].url + link)  # the other replica than hers
                expect(_metric(teacher, "Handed in")).to_contain_text("4", timeout=TIMEOUT_MS)
            server = replicas[index % 2]
            page = context.new_page()
            _join(page, server.url, code, name)
            expect(page.get_by_text("Required in this exercise.")).to_be_visible()  # blind
            expect(page.get_by_text(KEY_WORDS)).to_have_count(0)
            _answer(page, 0, first.title, "1 · weak", f"{name}: one source only.")
            page.goto(f"{server.url}/join")
            expect(page.get_by_text(f"You joined as {name}.")).to_be_visible(timeout=TIMEOUT_MS)
            _wait_idle(page)
            page.get_by_role("button", name="Hand in to your teacher").click()
            expect(page.get_by_text("Handed in.", exact=False).first).to_be_visible(
                timeout=TIMEOUT_MS
            )
            expect(page.get_by_text(KEY_WORDS)).to_have_count(0)

        # the open dashboard refreshes by itself (no reload, no click) to show the fifth
        expect(_metric(teacher, "Handed in")).to_contain_text("5", timeout=TIMEOUT_MS)
        for server in replicas:  # and both replicas show the whole class
            teacher.goto(server.url + link)
            expect(teacher.get_by_text(f"Join code: {code}")).to_be_visible(timeout=TIMEOUT_MS)
            expect(_metric(teacher, "Handed in")).to_contain_text("5", timeout=TIMEOUT_MS)
            expect(_metric(teacher, "Joined")).to_contain_text("5")
            expect(teacher.get_by_text(re.compile(r"^Handed in: "))).to_have_text(
                "Handed in: " + ", ".join(STUDENTS)
            )
            expect(teacher.get_by_role("heading", name="Per student")).to_be_visible()

        # a student's browser on the teacher page without the token sees nothing of the class
        snoop = contexts[0].new_page()
        snoop.goto(f"{replicas[0].url}/live-class?class={made.id}")
        expect(snoop.get_by_text("does not open a class", exact=False)).to_be_visible(
            timeout=TIMEOUT_MS
        )
        expect(snoop.get_by_text("Teacher only.")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()
