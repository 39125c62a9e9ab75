"""The live classroom's rules (evaluator.classroom.live) and its store methods, the latter on an
SQLite file and on a PostgreSQL schema; and a database from the current release (schema 3)
upgrading to the live classroom's schema without loss."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evaluator import classroom as cls
from evaluator.answer_keys import CriterionKey
from evaluator.classroom import live
from evaluator.errors import InputError
from evaluator.models import Answer, Evaluation, Suggestion
from evaluator.rubrics import RUBRIC_DIR, parse_rubric
from evaluator.store import SCHEMA_VERSION, Store, owner_key

RUBRIC_TOML = (RUBRIC_DIR / "default.toml").read_text(encoding="utf-8")
RUBRIC = parse_rubric(RUBRIC_TOML)
REPORT = b"Method. We used police records for 2019 to 2021. Of 1,240 cases, 512 were adults.\n"
KEY_WORDS = "the key says police records are named"
NOTES = "teacher only: discuss the denominators"
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
ANA, BEN = owner_key("ana-browser-" + "a" * 32), owner_key("ben-browser-" + "b" * 32)


def _pack(**settings) -> cls.ExercisePack:
    key = {
        "sources": CriterionKey(
            level=2, justification=KEY_WORDS, evidence=[{"page": 1, "quote": "police records"}]
        )
    }
    return cls.make_pack(
        title="Kirkford",
        report=REPORT,
        report_filename="kirkford.txt",
        rubric_toml=RUBRIC_TOML,
        answer_key=key,
        teacher_notes=NOTES,
        **settings,
    )


def _evaluation(sha: str) -> Evaluation:
    return Evaluation(
        document_sha256=sha,
        rubric={"id": RUBRIC.id, "version": RUBRIC.version},
        suggestions=[
            Suggestion(id=c.id, suggested_level=1, status="suggested", confidence=0.5, rationale="")
            for c in RUBRIC.criteria
        ],
        blind_mode=True,
    )


# --- the rules ------------------------------------------------------------------------------


def test_a_join_code_uses_only_unambiguous_characters_and_enough_of_them():
    assert not set(live.CODE_ALPHABET) & set("01ILOUV")
    codes = {live.new_join_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == live.CODE_LENGTH and set(c) <= set(live.CODE_ALPHABET) for c in codes)
    assert live.code_bits() > 38


def test_a_code_is_read_however_it_is_typed_and_anything_else_is_no_code():
    code = "ABCD2345"
    assert live.format_code(code) == "ABCD-2345"
    assert live.normalise_code(" abcd-2345 ") == code
    assert live.normalise_code("ab cd 23 45") == code
    for wrong in ("", "ABCD234", "ABCD23456", "ABCD-O345", "ABCD 1345", "ＡBCD2345", "ABCD234\x00"):
        assert live.normalise_code(wrong) is None, wrong


def test_a_code_expires_within_the_allowed_hours():
    assert live.code_expiry(NOW, 2) == NOW + timedelta(hours=2)
    for hours in (0, -1, live.MAX_CODE_HOURS + 1):
        with pytest.raises(InputError):
            live.code_expiry(NOW, hours)


def test_the_teacher_token_is_long_random_and_only_its_hash_matches():
    token = live.new_teacher_token()
    assert len(token) >= 43 and token != live.new_teacher_token()
    stored = live.token_hash(token)
    assert token not in stored and len(stored) == 64
    assert live.token_matches(token, stored)
    for wrong in (None, "", token[:-1], token + "x", stored, "x" * 10_000):
        assert not live.token_matches(wrong, stored)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "enter a display name"),
        ("   ", "enter a display name"),
        ("a" * (live.MAX_DISPLAY_NAME + 1), "at most"),
        ("ana\x07", "control characters"),
        ("an\u200ba", "may not contain"),
        ("\u2066ana", "may not contain"),
        ("ana\u180b", "invisible characters"),
        ("Pаul", "look-alike alphabets"),  # a Cyrillic a inside a Latin name
    ],
)
def test_a_display_name_refuses_what_would_hide_or_fake_a_student(typed: str, problem: str):
    with pytest.raises(InputError) as caught:
        live.display_name(typed)
    assert problem in caught.value.message


def test_a_display_name_is_tidied_and_other_alphabets_are_welcome():
    assert live.display_name("  Ana   María ") == "Ana María"
    assert live.display_name("Ζωή") == "Ζωή"
    assert live.display_name("李雷") == "李雷"


def test_joining_is_refused_once_a_session_or_the_server_has_too_many_wrong_codes():
    limits = live.JoinLimits(per_session=3, overall=10)
    assert live.join_decision(2, 9, limits).allowed
    session = live.join_decision(3, 3, limits)
    assert not session.allowed and "this browser" in session.message
    overall = live.join_decision(0, 10, limits)
    assert not overall.allowed and "this server" in overall.message


# --- the store, on both engines -------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "postgresql":
        return Store(request.getfixturevalue("pg_url"))
    return Store(tmp_path / "live.sqlite3")


def _class(db: Store, **settings) -> tuple[str, str, str]:
    token = live.new_teacher_token()
    made = db.create_live_class(_pack(**settings), live.token_hash(token), NOW + timedelta(hours=2))
    return made.id, made.code, token


def _start(db: Store, class_id: str, owner: str) -> int:
    """What the app does after joining: the student's own evaluation of the class's report."""
    membership = db.membership(class_id, owner)
    assert membership is not None
    evaluation_id = db.create(_evaluation(membership.pack.report_sha256), RUBRIC, owner)
    assert db.link_live_evaluation(class_id, owner, evaluation_id)
    return evaluation_id


def test_the_database_keeps_a_hash_of_the_teacher_token_and_the_link_opens_the_class(db: Store):
    class_id, code, token = _class(db)
    assert live.normalise_code(code) == code
    opened = db.live_class(class_id, token)
    assert opened is not None and opened.pack.teacher_notes == NOTES and opened.pack.answer_key
    for wrong in (None, "", token[:-1] + ("A" if token[-1] != "A" else "B")):
        assert db.live_class(class_id, wrong) is None
    assert db.live_class("not-a-class", token) is None
    stored = db._run(lambda conn: conn.execute("SELECT token_hash FROM live_classes").fetchall())
    assert stored == [(live.token_hash(token),)]


def test_a_student_joins_with_the_code_and_sees_no_key_and_no_notes(db: Store):
    class_id, code, _ = _class(db)
    joined = db.join_live_class(live.format_code(code).lower(), " Ana ", ANA, session="s1", now=NOW)
    assert (joined.class_id, joined.name, joined.title) == (class_id, "Ana", "Kirkford")
    assert joined.pack.audience == "student"
    assert joined.pack.answer_key is None and joined.pack.teacher_notes == ""
    assert KEY_WORDS not in joined.pack.model_dump_json()
    assert NOTES not in joined.pack.model_dump_json()
    assert db.memberships(ANA) == [joined] and db.memberships(BEN) == []


def test_a_class_starts_with_the_key_held_back_even_from_a_pack_that_released_it(db: Store):
    class_id, code, token = _class(db, key_released=True)
    assert not db.live_class(class_id, token).key_released
    assert db.join_live_class(code, "Ana", ANA, session="s1", now=NOW).pack.answer_key is None


def test_a_released_key_reaches_students_and_the_notes_never_do(db: Store):
    class_id, code, token = _class(db)
    db.join_live_class(code, "Ana", ANA, session="s1", now=NOW)
    assert not db.release_live_key(class_id, "wrong", True)
    assert db.membership(class_id, ANA).pack.answer_key is None
    assert db.release_live_key(class_id, token, True)
    pack = db.membership(class_id, ANA).pack
    assert pack.visible_key()["sources"].justification == KEY_WORDS
    assert pack.teacher_notes == ""
    _start(db, class_id, ANA)
    with pytest.raises(InputError) as caught:  # no hand-in written with the key in view
        db.submit_live(class_id, ANA)
    assert caught.value.code == "key_released"
    assert db.release_live_key(class_id, token, False)
    assert db.membership(class_id, ANA).pack.answer_key is None
    assert db.submit_live(class_id, ANA).student == "Ana"


def test_a_name_is_unique_in_its_class_and_a_browser_rejoins_its_own_place(db: Store):
    _, code, _ = _class(db)
    db.join_live_class(code, "Ana María", ANA, session="s1", now=NOW)
    for same in ("ana maría", "ANA  MARÍA", "Ana Mari\u0301a"):
        with pytest.raises(InputError) as caught:
            db.join_live_class(code, same, BEN, session="s2", now=NOW)
        assert caught.value.code == "name_taken"
    again = db.join_live_class(code, "Someone else", ANA, session="s1", now=NOW)
    assert again.name == "Ana María"  # the place it has, not a second one
    assert db.join_live_class(code, "Ben", BEN, session="s2", now=NOW).name == "Ben"


def test_an_expired_code_admits_no_one(db: Store):
    _, code, _ = _class(db)
    with pytest.raises(InputError) as caught:
        db.join_live_class(code, "Ana", ANA, session="s1", now=NOW + timedelta(hours=3))
    assert caught.value.code == "expired_code"


def test_wrong_codes_are_limited_per_session_and_across_the_server(db: Store):
    _, code, _ = _class(db)
    limits = live.JoinLimits(per_session=3, overall=5)
    for _ in range(3):
        with pytest.raises(InputError) as caught:
            db.join_live_class("ZZZZ-ZZZZ", "Eve", BEN, session="eve", now=NOW, limits=limits)
        assert caught.value.code == "wrong_code"
    with pytest.raises(InputError) as caught:  # even the right code, from that session
        db.join_live_class(code, "Eve", BEN, session="eve", now=NOW, limits=limits)
    assert caught.value.code == "rate_limited"
    # another session still joins, until the server as a whole has seen too many wrong codes
    assert db.join_live_class(code, "Ana", ANA, session="ana", now=NOW, limits=limits)
    for session in ("x1", "x2"):
        with pytest.raises(InputError):
            db.join_live_class("ZZZZ-ZZZY", "X", session, session=session, now=NOW, limits=limits)
    with pytest.raises(InputError) as caught:
        db.join_live_class(code, "Cy", "cy", session="cy", now=NOW, limits=limits)
    assert caught.value.code == "rate_limited" and "server" in caught.value.message
    # the window passes, and the old failures are forgotten
    later = NOW + limits.window + timedelta(seconds=1)
    assert db.join_live_class(code, "Eve", BEN, session="eve", now=later, limits=limits)
    left = db._run(lambda conn: conn.execute("SELECT count(*) FROM live_join_failures").fetchone())
    assert left[0] == 0


def test_the_limit_holds_for_two_processes_on_one_database(db: Store):
    """Failures live in the database: a second Store (another replica) counts the first's."""
    _, code, _ = _class(db)
    other = Store(db.location)
    limits = live.JoinLimits(per_session=2, overall=100)
    for store in (db, other):
        with pytest.raises(InputError):
            store.join_live_class("ZZZZ-ZZZZ", "Eve", BEN, session="eve", now=NOW, limits=limits)
    with pytest.raises(InputError) as caught:
        db.join_live_class(code, "Eve", BEN, session="eve", now=NOW, limits=limits)
    assert caught.value.code == "rate_limited"


def test_a_student_submits_only_their_own_work_and_the_teacher_sees_it(db: Store):
    class_id, code, token = _class(db)
    db.join_live_class(code, "Ana", ANA, session="a", now=NOW)
    db.join_live_class(code, "Ben", BEN, session="b", now=NOW)
    ana_eval = _start(db, class_id, ANA)
    # Ben cannot link, read or submit Ana's evaluation as his
    assert not db.link_live_evaluation(class_id, BEN, ana_eval)
    assert db.load(ana_eval, BEN) is None
    with pytest.raises(InputError) as caught:
        db.submit_live(class_id, BEN)
    assert caught.value.code == "nothing_to_submit"
    with pytest.raises(InputError):
        db.submit_live(class_id, owner_key("never-joined-" + "c" * 32))
    db.save_answer(
        ana_eval,
        Answer(criterion_id="sources", level=2, decision="overridden", justification="named"),
        ANA,
    )
    submitted = db.submit_live(class_id, ANA)
    assert submitted.student == "Ana" and submitted.evaluation.answers["sources"].level == 2
    assert db.live_results(class_id, "wrong") is None
    results = db.live_results(class_id, token)
    assert [(r.name, r.answered, r.submitted_at is not None) for r in results.roster] == [
        ("Ana", 1, True),
        ("Ben", 0, False),
    ]
    assert [s.student for s in results.submissions] == ["Ana"]
    board = cls.class_dashboard(
        results.submissions, RUBRIC, {submitted.evaluation.document_sha256: _pack().answer_key}
    )
    assert board.students == 1 and board.submissions == 1


def test_a_second_hand_in_replaces_the_first(db: Store):
    class_id, code, token = _class(db)
    db.join_live_class(code, "Ana", ANA, session="a", now=NOW)
    ana_eval = _start(db, class_id, ANA)
    db.submit_live(class_id, ANA)
    db.save_answer(ana_eval, Answer(criterion_id="scope", level=1, decision="accepted"), ANA)
    db.submit_live(class_id, ANA)
    (only,) = db.live_results(class_id, token).submissions
    assert set(only.evaluation.answers) == {"scope"}


def test_thirty_students_joining_at_once_each_get_a_place(db: Store):
    class_id, code, token = _class(db)
    errors: list[BaseException] = []

    def join(i: int) -> None:
        try:
            owner = owner_key(f"student-{i}-" + "s" * 32)
            db.join_live_class(code, f"Student {i}", owner, session=owner, now=NOW)
            _start(db, class_id, owner)
            db.submit_live(class_id, owner)
        except BaseException as exc:  # collected: a thread's error must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=join, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    results = db.live_results(class_id, token)
    assert len(results.roster) == 30 and len(results.submissions) == 30


# --- upgrading a database from the current release ------------------------------------------

SCHEMA_3_FILE = Path(__file__).parent / "fixtures" / "store_schema3.sqlite3"
SCHEMA_3_OWNER = owner_key("release-3-reader-" + "y" * 32)


def test_a_schema_3_database_from_the_current_release_upgrades_and_loses_nothing(tmp_path: Path):
    """The fixture was written by the release's own store (schema 3, commit cf83f37 on main): an
    evaluation with a saved answer, a draft, a title and an evaluator's name."""
    path = tmp_path / "release3.sqlite3"
    shutil.copyfile(SCHEMA_3_FILE, path)  # never upgrade the fixture in place
    tables = ("documents", "document_owners", "evaluations", "drafts")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        before = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables}

    db = Store(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in tables} == before
    (row,) = db.listing(SCHEMA_3_OWNER)
    record = db.load(row.id, SCHEMA_3_OWNER)
    assert record.evaluation.blind_mode is True
    assert record.evaluation.evaluator_name == "Ada"
    assert record.evaluation.answers["sources"].justification == "named the police"
    assert record.drafts["scope"].justification == "half typed"
    # and the new tables work in it
    token = live.new_teacher_token()
    made = db.create_live_class(_pack(), live.token_hash(token), NOW + timedelta(hours=1))
    assert db.join_live_class(made.code, "Ana", ANA, session="a", now=NOW).class_id == made.id
