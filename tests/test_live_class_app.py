"""The live classroom through the app's own controls and addresses (AppTest): a teacher makes a
class and watches answers arrive; students join, answer and hand in; and the attacks a student's
session can try: asking for the key or the notes, reading or changing another student's work,
opening the teacher page without or with a wrong token, and guessing codes past the limit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from test_classroom_app import REPORT, RUBRIC, goto, pack, shown

from evaluator import classroom as cls
from evaluator.classroom import live
from evaluator.store import Store, default_db_path, owner_key

APP = Path(__file__).resolve().parent.parent / "app.py"
NOTES = "Teacher only: the 61% has no denominator."
KEY_WORDS = "police records named"  # the justification in test_classroom_app.pack()'s key
TEACHER, ANA, BEN, EVE = ("t" * 40, "a" * 40, "b" * 40, "e" * 40)


@pytest.fixture(autouse=True)
def private_store(tmp_path, monkeypatch):
    monkeypatch.setenv("EVALUATOR_DB", str(tmp_path / "evaluations.db"))


def _app(owner_token: str, /, **params: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["owner_token"] = owner_token
    at.query_params.update(params)
    return at


def _teacher_pack() -> cls.ExercisePack:
    return pack(blind=True).model_copy(update={"teacher_notes": NOTES})


def make_class() -> tuple[AppTest, str, str, str]:
    """The teacher's session on its dashboard, with the class id, the token and the code."""
    at = goto(_app(TEACHER).run(), "live-class")
    at.radio(key="live_source").set_value("A teacher copy of an exercise").run()
    at.file_uploader(key="live_pack").upload(
        "kirkford-teacher.exercise.json", cls.dump_pack(_teacher_pack()), "application/json"
    )
    at.run()
    at.button(key="live_create").click().run()
    assert not at.exception
    class_id, token = at.query_params["class"], at.query_params["token"]
    code = re.search(r"Join code: `([A-Z0-9-]+)`", shown(at)).group(1)
    assert live.normalise_code(code)
    return at, class_id, token, code


def join(token: str, code: str, name: str) -> AppTest:
    at = goto(_app(token).run(), "join")
    at.text_input(key="live_code").input(code)
    at.text_input(key="live_name").input(name)
    at.button[0].click().run()  # the form's Join button
    return at


def answer_first(at: AppTest, level: int = 1) -> None:
    first = RUBRIC.criteria[0].id
    at.radio(key=f"ck_{first}_choice").set_value(level)
    at.text_area(key=f"ck_{first}_justification").input("The source is named.")
    at.button(key="save").click().run()
    assert not at.exception


def hand_in(at: AppTest) -> AppTest:
    goto(at, "join")
    at.button(key="live_submit").click().run()
    assert "Handed in" in shown(at)
    return at


def test_a_teacher_makes_a_class_and_gets_a_code_and_a_link_with_a_token():
    at, class_id, token, _ = make_class()
    text = shown(at)
    assert f"class={class_id}" in text and f"token={token}" in text
    assert NOTES in text  # the teacher's own page has the notes
    store = Store(default_db_path())
    assert store.live_class(class_id, token).pack.teacher_notes == NOTES
    # A different first character ("x" + token[1:] is the token itself one time in 32 or so).
    wrong = ("y" if token[0] == "x" else "x") + token[1:]
    assert store.live_class(class_id, wrong) is None


def test_a_class_no_one_has_joined_says_so_instead_of_an_empty_table():
    at, *_ = make_class()
    assert "No one has joined yet." in shown(at)
    assert not at.get("dataframe")


def test_students_join_answer_blind_hand_in_and_the_dashboard_shows_them():
    teacher, class_id, _token, code = make_class()
    ana = join(ANA, code, "Ana")
    assert not ana.exception
    assert ana.title[0].value == "Checklist"
    assert ana.session_state["live_class_id"] == class_id
    answer_first(ana, level=2)
    hand_in(ana)
    ben = join(BEN, code.lower().replace("-", " "), "Ben")
    assert ben.title[0].value == "Checklist"

    teacher.button(key="live_refresh").click().run()
    text = shown(teacher)
    assert "Ana" in text and "Ben" in text
    roster = {r["student"]: r for r in teacher.dataframe[0].value.to_dict("records")}
    assert roster["Ana"]["answered"] == "1 of 6" and roster["Ana"]["handed in"] != "not yet"
    assert roster["Ben"]["handed in"] == "not yet"
    students = teacher.dataframe[3].value.to_dict("records")
    assert [s["student"] for s in students] == ["Ana"]


def test_a_student_never_sees_the_key_or_notes_until_the_teacher_releases_the_key():
    teacher, class_id, _token, code = make_class()
    ana = join(ANA, code, "Ana")
    answer_first(ana)
    ana.button(key=f"ck_reveal_{RUBRIC.criteria[0].id}").click().run()
    for page in ("checklist", "join", "exercise"):
        goto(ana, page)
        assert KEY_WORDS not in shown(ana) and NOTES not in shown(ana)
    goto(ana, "join")
    rows = ana.dataframe[0].value.to_dict("records")
    assert "answer key" not in rows[0]
    # asking for the teacher page with the class's id: no token, no class
    snoop = goto(_app(ANA, **{"class": class_id}).run(), "live-class")
    assert "does not open a class" in shown(snoop)
    assert NOTES not in shown(snoop) and KEY_WORDS not in shown(snoop)
    assert not snoop.get("toggle")

    teacher.toggle(key="live_release").set_value(True).run()
    goto(ana, "join")
    rows = ana.dataframe[0].value.to_dict("records")
    assert rows[0]["answer key"] == "2"  # answered and revealed: the released key shows
    assert rows[1]["answer key"].startswith("hidden")
    assert NOTES not in shown(ana)


@pytest.mark.parametrize("wrong", ["", "not-the-token", "t" * 43, None])
def test_the_teacher_page_opens_nothing_without_the_right_token(wrong: str | None):
    _, class_id, token, _ = make_class()
    params = {"class": class_id} | ({"token": wrong} if wrong is not None else {})
    at = goto(_app(EVE, **params).run(), "live-class")
    text = shown(at)
    assert "does not open a class" in text
    assert NOTES not in text and "Join code" not in text and token not in text
    assert not at.get("toggle") and not at.get("dataframe")
    # an unknown class with the real token reads the same: nothing to probe
    other = goto(_app(EVE, **{"class": "0" * 16, "token": token}).run(), "live-class")
    assert "does not open a class" in shown(other)


def test_a_student_cannot_read_or_hand_in_another_students_work():
    _, class_id, token, code = make_class()
    ana = join(ANA, code, "Ana")
    answer_first(ana, level=3)
    ana_eval = ana.session_state["eval_id"]
    ben = join(BEN, code, "Ben")
    assert ben.session_state["eval_id"] != ana_eval
    # Ben puts Ana's evaluation in the address: it is not his, so none opens
    peek = _app(BEN, evaluation=str(ana_eval)).run()
    goto(peek, "checklist")
    assert any("not one of yours" in str(w.value) for w in peek.warning) or (
        "No evaluation is open" in shown(peek)
    )
    assert "The source is named." not in shown(peek)
    # Ben's class page shows his own answers only, and handing in hands in his
    goto(ben, "join")
    rows = ben.dataframe[0].value.to_dict("records")
    assert rows[0]["your answer"] == "not answered"
    hand_in(ben)
    results = Store(default_db_path()).live_results(class_id, token)
    (only,) = results.submissions
    assert only.student == "Ben" and only.evaluation.answers == {}
    # the same name from another browser is refused, so no one hands in as Ana
    eve = join(EVE, code, "ana")
    assert "already uses that name" in shown(eve)
    assert eve.title[0].value == "Join a class"


def test_guessing_codes_stops_at_the_limit_even_for_the_right_code():
    _, _, _, code = make_class()
    eve = goto(_app(EVE).run(), "join")
    for attempt in range(live.JoinLimits().per_session):
        eve.text_input(key="live_code").input(f"ZZZZ-ZZ{live.CODE_ALPHABET[attempt]}Z")
        eve.text_input(key="live_name").input("Eve")
        eve.button[0].click().run()
        assert "No class has this code" in shown(eve)
    eve.text_input(key="live_code").input(code)
    eve.button[0].click().run()
    assert "Too many wrong codes" in shown(eve)
    assert eve.title[0].value == "Join a class"
    assert Store(default_db_path()).memberships(owner_key(EVE)) == []


def test_a_display_name_with_invisible_characters_is_refused():
    _, _, _, code = make_class()
    at = join(ANA, code, "An\u200ba")
    assert "may not contain" in shown(at)
    assert at.title[0].value == "Join a class"


def _create(at: AppTest) -> tuple[str, str]:
    at.button(key="live_create").click().run()
    assert not at.exception, at.exception
    return at.query_params["class"], at.query_params["token"]


def test_a_class_from_the_report_open_now_carries_its_text_and_title():
    at = _app(TEACHER).run()
    at.file_uploader(key="upload").upload("kirkford.txt", REPORT, "text/plain").run()
    at.button(key="analyse").click().run()
    goto(at, "live-class")
    assert at.radio(key="live_source").value == "The report open now"
    next(box for box in at.text_input if box.label == "Title").input("Kirkford, live").run()
    class_id, token = _create(at)
    made = Store(default_db_path()).live_class(class_id, token)
    assert made.title == "Kirkford, live" and made.pack.answer_key is None
    assert b"police records" in made.pack.report_bytes()
    assert made.pack.settings.blind_mode


def test_a_class_from_a_sample_takes_its_key_and_notes_only_with_the_teacher_code(monkeypatch):
    from evaluator import samples

    monkeypatch.setenv(samples.TEACHER_CODE_ENV, "open-sesame-42")
    sample_id = samples.list_samples()[0].id
    at = goto(_app(TEACHER).run(), "live-class")
    at.radio(key="live_source").set_value("A sample report").run()
    at.selectbox(key="live_sample").set_value(sample_id).run()
    at.text_input(key="live_teacher_code").input("wrong").run()
    assert "not the teacher code" in shown(at)
    class_id, token = _create(at)
    assert Store(default_db_path()).live_class(class_id, token).pack.answer_key is None

    at = goto(_app(TEACHER).run(), "live-class")
    at.radio(key="live_source").set_value("A sample report").run()
    at.selectbox(key="live_sample").set_value(sample_id).run()
    at.text_input(key="live_teacher_code").input("open-sesame-42").run()
    class_id, token = _create(at)
    made = Store(default_db_path()).live_class(class_id, token)
    key = samples.load_answer_key(sample_id).criteria
    assert made.pack.answer_key == dict(key)
    assert made.pack.teacher_notes == samples.load_teacher_notes(sample_id)


def test_after_the_key_is_released_hand_ins_are_closed():
    teacher, _, _, code = make_class()
    ana = join(ANA, code, "Ana")
    answer_first(ana)
    teacher.toggle(key="live_release").set_value(True).run()
    goto(ana, "join")
    ana.button(key="live_submit").click().run()
    assert "hand-ins are closed" in shown(ana)


def test_the_teacher_comes_back_to_the_class_after_visiting_another_page():
    teacher, _, _, code = make_class()
    goto(teacher, "history")
    teacher.query_params.clear()  # a page switch leaves the address without the link
    goto(teacher, "live-class")
    assert f"Join code: `{code}`" in shown(teacher)
    teacher.button(key="live_another").click().run()
    assert [r.label for r in teacher.radio] == ["Exercise from"]
    assert "Join code" not in shown(teacher)
