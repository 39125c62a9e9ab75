"""The store: where it lives, what it keeps, and that a new process sees the same data.

Tests that take `db` run twice, on an SQLite file and on a PostgreSQL schema; the rest are about
SQLite files (locks, WAL, damaged files, migrations from earlier releases)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from evaluator.databases import DATABASE_URL_ENV
from evaluator.models import Answer, Document, Evaluation, Page, QuoteRef, RubricRef, Suggestion
from evaluator.rubrics import default_rubric
from evaluator.store import (
    DB_ENV,
    SCHEMA_VERSION,
    StaleAnswer,
    StaleDraft,
    Store,
    StoreError,
    default_db_path,
    default_location,
    owner_key,
    shown_location,
)

SHA = "a" * 64
OTHER = "b" * 64
ME = owner_key("my-browser-token")


def _evaluation(sha: str = SHA) -> Evaluation:
    rubric = default_rubric()
    return Evaluation(
        document_sha256=sha,
        document_title="Test report",
        rubric=RubricRef(id=rubric.id, version=rubric.version, title=rubric.title),
        suggestions=[
            Suggestion(
                id=c.id, suggested_level=2, status="suggested", confidence=0.5, rationale="r"
            )
            for c in rubric.criteria
        ],
    )


def _document(sha: str = SHA) -> Document:
    return Document(
        sha256=sha,
        source="text",
        filename="r.txt",
        pages=[Page(number=1, text="One."), Page(number=2, text="Two.")],
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if request.param == "postgresql":
        return Store(request.getfixturevalue("pg_url"))
    return Store(tmp_path / "nested" / "evaluations.sqlite3")


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Store:
    return Store(tmp_path / "nested" / "evaluations.sqlite3")


def test_default_path_prefers_env_then_xdg_then_home():
    assert default_db_path({DB_ENV: "/x/e.db", "XDG_DATA_HOME": "/d"}) == Path("/x/e.db")
    assert default_db_path({"XDG_DATA_HOME": "/d", "HOME": "/h"}) == Path(
        "/d/report-evaluator/evaluations.sqlite3"
    )
    assert default_db_path({"HOME": "/h"}) == Path(
        "/h/.local/share/report-evaluator/evaluations.sqlite3"
    )


def test_answers_survive_a_new_store_on_the_same_file(db: Store):
    rubric = default_rubric()
    evaluation_id = db.create(_evaluation(), rubric, ME)
    answer = Answer(
        criterion_id="sources",
        level=1,
        decision="overridden",
        justification="no selection rules",
        dismissed_evidence=[QuoteRef(page=2, quote="Two.")],
        added_evidence=[QuoteRef(page=1, quote="One.")],
    )
    db.save_answer(evaluation_id, answer, ME)

    reopened = Store(db.location)  # what a restarted server does
    record = reopened.load(evaluation_id, ME)
    assert record is not None
    assert record.evaluation.answers == {"sources": answer}
    assert record.rubric == rubric
    assert reopened.find(SHA, rubric.id, rubric.version, ME) == evaluation_id
    assert reopened.find(SHA, rubric.id, "0.0", ME) is None
    assert reopened.find(OTHER, rubric.id, rubric.version, ME) is None


def test_saving_an_answer_twice_replaces_it_and_moves_updated_at(db: Store):
    evaluation_id = db.create(_evaluation(), default_rubric(), ME)
    first, one = db.save_answer(
        evaluation_id, Answer(criterion_id="scope", level=2, decision="accepted"), ME
    )
    second, two = db.save_answer(
        evaluation_id, Answer(criterion_id="scope", not_applicable=True, decision="accepted"), ME
    )
    assert second.updated_at >= first.updated_at
    assert (one, two) == (1, 2)  # each save moves the answer's version on
    stored = db.load(evaluation_id, ME)
    assert stored is not None
    assert stored.evaluation.answers["scope"].not_applicable
    assert len(stored.evaluation.answers) == 1


def test_documents_are_kept_for_their_text(db: Store):
    assert db.document(SHA, ME) is None
    db.save_document(_document(), ME)
    db.save_document(_document(), ME)  # storing again is harmless
    assert db.document(SHA, ME) == _document()


def test_duplicate_gets_its_own_row_and_becomes_the_latest(db: Store):
    rubric = default_rubric()
    original = db.create(_evaluation(), rubric, ME, label="mine")
    db.save_answer(
        original,
        Answer(criterion_id="sources", level=3, decision="overridden", justification="x"),
        ME,
    )
    copy = db.duplicate(original, ME)
    assert copy != original
    copied = db.load(copy, ME)
    assert copied is not None
    assert copied.label == "mine (copy)"
    assert set(copied.evaluation.answers) == {"sources"}
    assert db.find(SHA, rubric.id, rubric.version, ME) == copy
    # editing the copy leaves the original alone
    db.save_answer(
        copy, Answer(criterion_id="scope", level=0, decision="overridden", justification="y"), ME
    )
    kept = db.load(original, ME)
    assert kept is not None and set(kept.evaluation.answers) == {"sources"}


def test_delete_drops_a_document_only_when_nothing_uses_it(db: Store):
    rubric = default_rubric()
    db.save_document(_document(), ME)
    first = db.create(_evaluation(), rubric, ME)
    second = db.duplicate(first, ME)
    assert db.delete(first, ME)
    assert db.document(SHA, ME) is not None
    assert db.delete(second, ME)
    assert db.document(SHA, ME) is None
    assert db.load(second, ME) is None
    assert not db.delete(second, ME)


def test_listing_counts_answers_and_notes_missing_documents(db: Store):
    rubric = default_rubric()
    db.save_document(_document(SHA), ME)
    with_doc = db.create(_evaluation(SHA), rubric, ME, label="has text")
    without_doc = db.create(_evaluation(OTHER), rubric, ME, label="imported")
    db.save_answer(with_doc, Answer(criterion_id="sources", level=2, decision="accepted"), ME)
    rows = {row.id: row for row in db.listing(ME)}
    assert (rows[with_doc].answered, rows[with_doc].total) == (1, len(rubric.criteria))
    assert rows[with_doc].has_document and not rows[without_doc].has_document
    assert db.listing(ME)[0].id == with_doc  # most recently changed first


def test_rubric_is_kept_with_the_evaluation(db: Store):
    rubric = default_rubric()
    db.create(_evaluation(), rubric, ME)
    assert db.rubric(rubric.id, rubric.version) == rubric
    assert db.rubric(rubric.id, "9.9") is None


def test_evaluation_and_rubric_must_agree(db: Store):
    rubric = default_rubric().model_copy(update={"version": "9.9"})
    with pytest.raises(ValueError, match=r"not default v9\.9"):
        db.create(_evaluation(), rubric, ME)


def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path: Path):
    bad = tmp_path / "evaluations.sqlite3"
    bad.write_bytes(b"this is not a database, just some text " * 100)
    with pytest.raises(StoreError, match="not a usable SQLite database"):
        Store(bad)


def test_a_newer_schema_is_refused(tmp_path: Path):
    path = tmp_path / "new.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="newer version"):
        Store(path)


def test_a_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create its folder"):
        Store(blocker / "sub" / "e.sqlite3")


def test_save_answer_to_a_missing_evaluation_is_a_key_error(db: Store):
    with pytest.raises(KeyError):
        db.save_answer(42, Answer(criterion_id="scope", level=2, decision="accepted"), ME)


def test_answers_saved_at_the_same_time_are_all_kept(db: Store):
    """Two tabs saving different answers to one evaluation must not overwrite each other."""
    from concurrent.futures import ThreadPoolExecutor

    rubric = default_rubric()
    evaluation_id = db.create(_evaluation(), rubric, ME)
    ids = [c.id for c in rubric.criteria]

    def save(criterion_id: str) -> None:
        for level in (0, 1, 2, 3) * 15:
            Store(db.location).save_answer(
                evaluation_id,
                Answer(criterion_id=criterion_id, level=level, decision="accepted"),
                ME,
            )

    with ThreadPoolExecutor(max_workers=len(ids)) as pool:
        list(pool.map(save, ids))
    record = db.load(evaluation_id, ME)
    assert record is not None
    assert {key: a.level for key, a in record.evaluation.answers.items()} == dict.fromkeys(ids, 3)


# --- owners, versions, drafts, locking, damage, migration (issue 10) ---------------------------

THEM = owner_key("someone-elses-token")


def test_each_owner_sees_and_changes_only_their_own_evaluations(db: Store):
    rubric = default_rubric()
    db.save_document(_document(), ME)
    mine = db.create(_evaluation(), rubric, ME, label="mine")
    theirs = db.create(_evaluation(), rubric, THEM, label="theirs")
    assert [row.id for row in db.listing(ME)] == [mine]
    assert [row.id for row in db.listing(THEM)] == [theirs]
    assert db.find(SHA, rubric.id, rubric.version, ME) == mine
    assert db.find(SHA, rubric.id, rubric.version, THEM) == theirs
    assert db.load(mine, THEM) is None
    assert db.document(SHA, THEM) is None  # knowing a hash does not open someone's text
    assert not db.delete(mine, THEM)
    with pytest.raises(KeyError):
        db.duplicate(mine, THEM)
    with pytest.raises(KeyError):
        db.save_answer(mine, Answer(criterion_id="scope", level=0, decision="accepted"), THEM)
    db.rename(mine, "taken", THEM)
    record = db.load(mine, ME)
    assert record is not None and record.label == "mine" and record.evaluation.answers == {}


def test_find_or_create_makes_one_evaluation_per_owner_under_concurrent_clicks(db: Store):
    # Two Analyse clicks of one reader racing each other must open one evaluation, not two.
    import threading

    path, rubric = db.location, default_rubric()
    results: list[tuple[int, bool]] = []
    barrier = threading.Barrier(8)

    def click(owner: str) -> None:
        db = Store(path)
        barrier.wait()
        results.append(db.find_or_create(_evaluation(), rubric, owner))

    threads = [threading.Thread(target=click, args=(ME if i % 2 else THEM,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db = Store(path)
    assert len(db.listing(ME)) == 1 and len(db.listing(THEM)) == 1
    assert sorted(existed for _, existed in results) == [False] * 2 + [True] * 6


def test_the_database_holds_a_hash_of_the_token_never_the_token(tmp_path: Path):
    token = "raw-token-that-must-not-be-stored-0123456789"
    db = Store(tmp_path / "e.sqlite3")
    db.create(_evaluation(), default_rubric(), owner_key(token))
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert token.encode() not in stored
    assert owner_key(token).encode() in stored


def test_a_stale_tab_is_told_and_nothing_is_overwritten(db: Store):
    evaluation_id = db.create(_evaluation(), default_rubric(), ME)
    first = Answer(criterion_id="scope", level=2, decision="accepted")
    _, version = db.save_answer(evaluation_id, first, ME, expected_version=0)
    assert version == 1
    later = Answer(criterion_id="scope", level=0, decision="overridden", justification="no")
    with pytest.raises(StaleAnswer) as caught:  # this tab read the answer before it existed
        db.save_answer(evaluation_id, later, ME, expected_version=0)
    assert (caught.value.current, caught.value.version) == (first, 1)
    record = db.load(evaluation_id, ME)
    assert record is not None and record.evaluation.answers["scope"] == first
    assert record.version("scope") == 1
    _, version = db.save_answer(evaluation_id, later, ME, expected_version=1)
    assert version == 2


def test_quote_edits_from_two_tabs_merge_and_a_save_keeps_them(db: Store):
    evaluation_id = db.create(_evaluation(), default_rubric(), ME)
    one, two = QuoteRef(page=1, quote="One."), QuoteRef(page=2, quote="Two.")
    mine = QuoteRef(page=1, quote="My own.")
    db.edit_evidence(evaluation_id, "sources", ME, "dismiss", one)  # tab A, before any answer
    db.edit_evidence(evaluation_id, "sources", ME, "dismiss", two)  # tab B
    db.edit_evidence(evaluation_id, "sources", ME, "add", mine)
    record = db.load(evaluation_id, ME)
    assert record is not None
    draft = record.drafts["sources"]
    assert (draft.dismissed, draft.added, draft.has_choice) == ([one, two], [mine], False)

    # a tab whose answer carries stale (empty) lists cannot replace the stored ones
    stale = Answer(criterion_id="sources", level=1, decision="overridden", justification="x")
    evaluation, _ = db.save_answer(evaluation_id, stale, ME, evidence_from_store=True)
    assert evaluation.answers["sources"].dismissed_evidence == [one, two]
    assert evaluation.answers["sources"].added_evidence == [mine]
    db.edit_evidence(evaluation_id, "sources", ME, "restore", one)
    db.edit_evidence(evaluation_id, "sources", ME, "remove", mine)
    record = db.load(evaluation_id, ME)
    assert record is not None and record.drafts == {}  # saving dropped the draft
    assert record.evaluation.answers["sources"].dismissed_evidence == [two]
    assert record.evaluation.answers["sources"].added_evidence == []


def test_a_draft_is_kept_until_its_answer_is_saved(db: Store):
    evaluation_id = db.create(_evaluation(), default_rubric(), ME)
    db.save_draft(evaluation_id, "scope", ME, "n/a", "only one town", 0)
    record = Store(db.location).load(evaluation_id, ME)  # a restarted server reads it back
    assert record is not None
    draft = record.drafts["scope"]
    assert (draft.has_choice, draft.choice, draft.justification) == (True, "n/a", "only one town")
    assert "scope" not in record.evaluation.answers
    db.save_answer(
        evaluation_id, Answer(criterion_id="scope", not_applicable=True, decision="accepted"), ME
    )
    record = db.load(evaluation_id, ME)
    assert record is not None and record.drafts == {}
    db.save_draft(evaluation_id, "scope", ME, 1, "", 1)
    db.discard_draft(evaluation_id, "scope", THEM)  # not theirs to discard
    assert "scope" in (db.load(evaluation_id, ME) or record).drafts
    db.discard_draft(evaluation_id, "scope", ME)
    assert (db.load(evaluation_id, ME) or record).drafts == {}


def test_a_tab_cannot_overwrite_another_tabs_unsaved_choice_unseen(db: Store):
    # Two tabs of one reader on one question: each states the draft version it last saw.
    evaluation_id = db.create(_evaluation(), default_rubric(), ME)
    mine = db.save_draft(evaluation_id, "scope", ME, 0, "tab A reason", 0, expected_draft=0)
    with pytest.raises(StaleDraft) as caught:  # tab B never saw tab A's draft
        db.save_draft(evaluation_id, "scope", ME, 3, "tab B reason", 0, expected_draft=0)
    assert (caught.value.version, caught.value.current.choice) == (mine, 0)
    assert caught.value.current.justification == "tab A reason"
    record = db.load(evaluation_id, ME)
    assert record is not None and record.drafts["scope"].justification == "tab A reason"
    assert record.drafts["scope"].version == mine
    with pytest.raises(StaleDraft):  # saving the answer would drop tab A's draft too
        db.save_answer(
            evaluation_id,
            Answer(criterion_id="scope", level=3, decision="accepted"),
            ME,
            expected_draft=0,
        )
    # a tab's own draft is never another's, even if it lost track of the version it wrote
    again_a = db.save_draft(evaluation_id, "scope", ME, 1, "A", 0, expected_draft=mine, tab="a")
    assert db.save_draft(evaluation_id, "scope", ME, 1, "A2", 0, expected_draft=0, tab="a")
    with pytest.raises(StaleDraft):
        db.save_draft(evaluation_id, "scope", ME, 3, "B", 0, expected_draft=0, tab="b")
    mine = again_a + 1
    # tab B chose to keep its own: it now states the version it was shown
    theirs = db.save_draft(evaluation_id, "scope", ME, 3, "tab B reason", 0, expected_draft=mine)
    assert theirs > mine
    with pytest.raises(StaleDraft):
        db.save_draft(evaluation_id, "scope", ME, 1, "tab A again", 0, expected_draft=mine)
    db.save_answer(
        evaluation_id,
        Answer(criterion_id="scope", level=3, decision="accepted"),
        ME,
        expected_draft=theirs,
    )
    # a saved (dropped) draft's version is never handed out again
    again = db.save_draft(evaluation_id, "scope", ME, 2, "", 1, expected_draft=0)
    assert again > theirs
    with pytest.raises(StaleDraft):
        db.save_draft(evaluation_id, "scope", ME, 1, "", 1, expected_draft=theirs)
    with pytest.raises(StaleDraft):  # nor can it drop the newer draft
        db.discard_draft(evaluation_id, "scope", ME, expected_draft=theirs)
    record = db.load(evaluation_id, ME)
    assert record is not None and record.drafts["scope"].version == again
    db.discard_draft(evaluation_id, "scope", ME, expected_draft=again)
    assert (db.load(evaluation_id, ME) or record).drafts == {}


@pytest.mark.parametrize(
    ("column", "call"),
    [
        ("answer_versions", "load"),
        ("answer_versions", "save_answer"),
        ("answer_versions", "duplicate"),
        ("evaluation_json", "load"),
        ("rubric_json", "load"),
        ("evaluation_json", "listing"),
    ],
)
def test_deeply_nested_json_in_a_row_is_a_store_error_not_a_recursion_error(
    db: Store, column: str, call: str
):
    evaluation_id = db.create(_evaluation(), default_rubric(), ME)
    _damage(db, f"UPDATE evaluations SET {column} = '{'[' * 100_000 + ']' * 100_000}'")
    calls = {
        "load": lambda: db.load(evaluation_id, ME),
        "save_answer": lambda: db.save_answer(
            evaluation_id, Answer(criterion_id="scope", level=1, decision="accepted"), ME
        ),
        "duplicate": lambda: db.duplicate(evaluation_id, ME),
        "listing": lambda: db.listing(ME),
    }
    if call == "listing":
        assert [row.damaged for row in calls[call]()] == [True]
        return
    with pytest.raises(StoreError) as caught:
        calls[call]()
    assert "damaged" in str(caught.value) and "nested" in str(caught.value)


def test_a_recursion_error_inside_a_call_is_a_store_error(db: Store):
    def deep(conn: sqlite3.Connection) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    with pytest.raises(StoreError) as caught:
        db._run(deep)
    assert db.where in str(caught.value)


def test_the_database_is_in_wal_mode(sqlite_db: Store):
    with sqlite3.connect(sqlite_db.location) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_save_waits_for_a_write_lock_held_by_another_connection(tmp_path: Path):
    db = Store(tmp_path / "e.sqlite3", busy_timeout=0.01)
    evaluation_id = db.create(_evaluation(), default_rubric(), ME)
    other = sqlite3.connect(db.location, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    waits: list[float] = []

    def release_then_wait(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            other.rollback()

    db._sleep = release_then_wait
    answer = Answer(criterion_id="scope", level=3, decision="overridden", justification="x")
    db.save_answer(evaluation_id, answer, ME)
    other.close()
    assert len(waits) == 2 and waits[1] > waits[0]  # retried, backing off
    record = db.load(evaluation_id, ME)
    assert record is not None and record.evaluation.answers["scope"] == answer


def test_a_lock_that_is_never_released_is_one_line_and_loses_nothing(tmp_path: Path):
    db = Store(tmp_path / "e.sqlite3", busy_timeout=0.01, retries=3)
    evaluation_id = db.create(_evaluation(), default_rubric(), ME)
    db._sleep = lambda seconds: None
    other = sqlite3.connect(db.location, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as caught:
            db.save_answer(
                evaluation_id, Answer(criterion_id="scope", level=1, decision="accepted"), ME
            )
    finally:
        other.close()
    message = str(caught.value)
    assert "\n" not in message and db.where in message and "after 3 retries" in message


def _damage(db: Store, sql: str) -> None:
    """Write a row behind the store's back, as a bug or a damaged disk would (either engine)."""
    with db.engine.transaction(write=True) as conn:
        conn.execute(sql)


@pytest.mark.parametrize(
    ("sql", "call"),
    [
        ("UPDATE evaluations SET evaluation_json = '{\"x\": 1}'", "load"),
        ("UPDATE evaluations SET rubric_json = 'not json'", "load"),
        ("UPDATE evaluations SET answer_versions = '[1'", "load"),
        ("UPDATE evaluations SET evaluation_json = '{'", "save_answer"),
        ("UPDATE evaluations SET rubric_json = '{}'", "rubric"),
        ("UPDATE documents SET document_json = '{\"sha256\": 5}'", "document"),
        ("INSERT INTO drafts VALUES (1, 'scope', '{\"choice\": 9}', 'now', 1)", "load"),
    ],
)
def test_a_damaged_row_is_a_store_error_naming_the_file(db: Store, sql: str, call: str):
    rubric = default_rubric()
    db.save_document(_document(), ME)
    evaluation_id = db.create(_evaluation(), rubric, ME)
    assert evaluation_id == 1
    _damage(db, sql)
    calls = {
        "load": lambda: db.load(evaluation_id, ME),
        "save_answer": lambda: db.save_answer(
            evaluation_id, Answer(criterion_id="scope", level=1, decision="accepted"), ME
        ),
        "rubric": lambda: db.rubric(rubric.id, rubric.version),
        "document": lambda: db.document(SHA, ME),
    }
    with pytest.raises(StoreError) as caught:
        calls[call]()
    assert db.where in str(caught.value) and "damaged" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_damaged_row_is_listed_as_damaged_beside_the_others(db: Store):
    rubric = default_rubric()
    good = db.create(_evaluation(), rubric, ME)
    bad = db.create(_evaluation(OTHER), rubric, ME)
    _damage(db, f"UPDATE evaluations SET evaluation_json = 'x' WHERE id = {bad}")
    rows = {row.id: row for row in db.listing(ME)}
    assert rows[bad].damaged and not rows[good].damaged


def test_a_corrupt_file_is_one_line_on_any_call(tmp_path: Path):
    path = tmp_path / "e.sqlite3"
    db = Store(path)
    db.create(_evaluation(), default_rubric(), ME)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the header, wreck the schema page
    path.write_bytes(bytes(data))
    for wal in tmp_path.glob("e.sqlite3-*"):
        wal.unlink()
    with pytest.raises(StoreError) as caught:
        Store(path).listing(ME)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


# The schema this app shipped before owners existed (user_version 1), as that code wrote it.
V1_DDL = """
CREATE TABLE documents (sha256 TEXT PRIMARY KEY, filename TEXT, title TEXT, source TEXT NOT NULL,
    pages INTEGER NOT NULL, document_json TEXT NOT NULL, stored_at TEXT NOT NULL);
CREATE TABLE evaluations (id INTEGER PRIMARY KEY AUTOINCREMENT, document_sha256 TEXT NOT NULL,
    rubric_id TEXT NOT NULL, rubric_version TEXT NOT NULL, label TEXT NOT NULL,
    rubric_json TEXT NOT NULL, evaluation_json TEXT NOT NULL, created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL);
CREATE INDEX evaluations_key ON evaluations (document_sha256, rubric_id, rubric_version);
PRAGMA user_version = 1;
"""


def test_a_schema_1_database_migrates_to_2_and_loses_nothing(tmp_path: Path):
    path = tmp_path / "old.sqlite3"
    rubric = default_rubric()
    answer = Answer(criterion_id="sources", level=1, decision="overridden", justification="old")
    evaluations = [
        _evaluation().model_copy(update={"answers": {"sources": answer}}),
        _evaluation(OTHER),
    ]
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_DDL)
        document = _document()
        conn.execute(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
            (SHA, "r.txt", None, "text", 2, document.model_dump_json(), "2025-01-01T00:00:00"),
        )
        for index, evaluation in enumerate(evaluations):
            conn.execute(
                "INSERT INTO evaluations (document_sha256, rubric_id, rubric_version, label, "
                "rubric_json, evaluation_json, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)",
                (
                    evaluation.document_sha256,
                    rubric.id,
                    rubric.version,
                    f"old {index}",
                    rubric.model_dump_json(by_alias=True),
                    evaluation.model_dump_json(),
                    "2025-01-01T00:00:00",
                    f"2025-01-0{index + 1}T00:00:00",
                ),
            )

    db = Store(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM evaluations").fetchone()[0] == 2
    # kept, but nobody's until claimed: on a shared server they could be anyone's
    assert db.listing(ME) == [] and db.listing(THEM) == []
    assert db.unowned_count() == 2
    assert db.claim_unowned(ME) == 2
    assert db.unowned_count() == 0 and db.listing(THEM) == []
    rows = db.listing(ME)
    assert [row.label for row in rows] == ["old 1", "old 0"]
    assert rows[1].has_document and rows[1].answered == 1
    record = db.load(rows[1].id, ME)
    assert record is not None
    assert record.evaluation == evaluations[0] and record.rubric == rubric
    assert record.version("sources") == 0  # an answer from before versions: the first version
    assert db.document(SHA, ME) == _document()
    assert Store(path).listing(ME) == rows  # opening again changes nothing


# Written by the release before blind mode was stored (schema 2), with that release's code:
# one document, one evaluation with a saved answer (version 1) and an unsaved draft.
SCHEMA_2_FILE = Path(__file__).parent / "fixtures" / "store_schema2.sqlite3"
SCHEMA_2_OWNER = owner_key("release-2-reader-" + "x" * 32)


def test_a_schema_2_database_upgrades_to_3_and_loses_nothing(tmp_path: Path):
    path = tmp_path / "release2.sqlite3"
    path.write_bytes(SCHEMA_2_FILE.read_bytes())  # never upgrade the fixture in place
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
        before = conn.execute("SELECT * FROM evaluations").fetchall()
        drafts_before = conn.execute("SELECT * FROM drafts").fetchall()

    db = Store(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        after = conn.execute("SELECT * FROM evaluations").fetchall()
        assert [row[:-1] for row in after] == before  # every old column as it was
        assert [row[-1] for row in after] == [0] * len(before)  # none was blind
        assert conn.execute("SELECT * FROM drafts").fetchall() == drafts_before
    rows = db.listing(SCHEMA_2_OWNER)
    assert len(rows) == 1 and rows[0].answered == 1 and rows[0].has_document
    record = db.load(rows[0].id, SCHEMA_2_OWNER)
    assert record is not None
    assert record.evaluation.blind_mode is False
    assert record.evaluation.answers["sources"].justification == "only one year"
    assert record.version("sources") == 1
    assert record.drafts["scope"].choice == 2 and record.drafts["scope"].justification == (
        "half typed"
    )
    # an ordinary evaluation of the same report resumes it; a blind one is a new evaluation
    evaluation = record.evaluation.model_copy(update={"answers": {}})
    assert db.find_or_create(evaluation, record.rubric, SCHEMA_2_OWNER) == (rows[0].id, True)
    blind = evaluation.model_copy(update={"blind_mode": True})
    blind_id, existed = db.find_or_create(blind, record.rubric, SCHEMA_2_OWNER)
    assert not existed and blind_id != rows[0].id
    stored = db.load(blind_id, SCHEMA_2_OWNER)
    assert stored is not None and stored.evaluation.blind_mode is True
    assert db.find_or_create(blind, record.rubric, SCHEMA_2_OWNER) == (blind_id, True)
    assert Store(path).listing(SCHEMA_2_OWNER)[-1] == db.listing(SCHEMA_2_OWNER)[-1]


def test_an_evaluation_exported_before_blind_mode_imports_as_not_blind():
    from evaluator import exports

    old = _evaluation().model_dump(mode="json")
    old.pop("blind_mode")
    evaluation = exports.from_json(json.dumps(old).encode())
    assert evaluation.blind_mode is False
    blind = _evaluation().model_copy(update={"blind_mode": True})
    assert exports.from_json(exports.to_json(blind).encode()).blind_mode is True


# --- issue 14, item 5: the title and the evaluator's name live in the evaluation's JSON --------


def test_the_title_and_the_evaluators_name_are_kept_and_the_history_label_follows(db: Store):
    rubric = default_rubric()
    evaluation_id = db.create(_evaluation(), rubric, ME)
    db.save_answer(evaluation_id, Answer(criterion_id="sources", level=2, decision="accepted"), ME)
    before = db.load(evaluation_id, ME)
    assert before is not None
    saved = db.set_details(
        evaluation_id, ME, title="  Housing   Register review ", evaluator_name="Ada  L."
    )
    assert (saved.document_title, saved.evaluator_name) == ("Housing Register review", "Ada L.")
    assert saved.updated_at >= before.evaluation.updated_at
    after = Store(db.location).load(evaluation_id, ME)  # a new process sees it
    assert after is not None
    assert after.evaluation.document_title == "Housing Register review"
    assert after.evaluation.evaluator_name == "Ada L."
    assert after.label == "Housing Register review"
    assert after.evaluation.answers == before.evaluation.answers
    assert after.versions == before.versions  # no answer moved on
    assert db.listing(ME)[0].label == "Housing Register review"
    # blank clears the name; a blank title falls back to the hash, never an empty label
    cleared = db.set_details(evaluation_id, ME, title=" ", evaluator_name="")
    assert cleared.document_title is None and cleared.evaluator_name is None
    record = db.load(evaluation_id, ME)
    assert record is not None and record.label == SHA[:12]


def test_only_the_owner_sets_the_details_and_a_long_name_is_cut(db: Store):
    evaluation_id = db.create(_evaluation(), default_rubric(), ME)
    with pytest.raises(KeyError):
        db.set_details(evaluation_id, owner_key("someone-else"), title="x", evaluator_name="y")
    saved = db.set_details(evaluation_id, ME, title="t" * 1000, evaluator_name="n" * 1000)
    assert len(saved.document_title or "") == 300 and len(saved.evaluator_name or "") == 200


def test_a_database_written_before_evaluator_names_opens_without_loss(tmp_path: Path):
    """The release before this one wrote evaluations with no `evaluator_name` and quotes with no
    `found`: the same schema (3), so nothing migrates, and they read as no name, unchecked."""
    path = tmp_path / "evaluations.sqlite3"
    db = Store(path)
    evaluation_id = db.create(_evaluation(), default_rubric(), ME)
    answer = Answer(
        criterion_id="sources",
        level=1,
        decision="accepted",
        added_evidence=[QuoteRef(page=1, quote="One.")],
    )
    db.save_answer(evaluation_id, answer, ME)
    with sqlite3.connect(path) as conn:
        (text,) = conn.execute("SELECT evaluation_json FROM evaluations").fetchone()
        data = json.loads(text)
        data.pop("evaluator_name")
        for quote in data["answers"]["sources"]["added_evidence"]:
            quote.pop("found")
        conn.execute("UPDATE evaluations SET evaluation_json = ?", (json.dumps(data),))
    reopened = Store(path)
    record = reopened.load(evaluation_id, ME)
    assert record is not None
    assert record.evaluation.evaluator_name is None
    assert record.evaluation.answers["sources"].added_evidence == [QuoteRef(page=1, quote="One.")]
    assert record.evaluation.document_title == "Test report"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# --- PostgreSQL (issue 15) ----------------------------------------------------------------------


def test_the_location_comes_from_the_database_url_else_the_sqlite_file():
    url = "postgresql://app:secret@db.internal/evaluations"
    assert default_location({DATABASE_URL_ENV: url, DB_ENV: "/x/e.db"}) == url
    assert default_location({DB_ENV: "/x/e.db"}) == "/x/e.db"
    with pytest.raises(StoreError, match="must start with postgresql://"):
        default_location({DATABASE_URL_ENV: "mysql://app:secret@db/e"})


def test_an_unreachable_server_is_one_line_without_the_password():
    with pytest.raises(StoreError) as caught:
        Store("postgresql://app:s3cret-pw@127.0.0.1:9/evaluations?connect_timeout=2", retries=0)
    message = str(caught.value)
    assert "s3cret-pw" not in message and "app:***@127.0.0.1:9" in message
    assert "\n" not in message and "cannot use the PostgreSQL server" in message


def test_a_nul_in_a_stored_name_is_kept_readable_on_both_engines(db: Store):
    document = _document().model_copy(update={"filename": "evil\x00name.pdf"})
    db.save_document(document, ME)
    stored = db.document(SHA, ME)
    assert stored is not None and stored.filename in {"evil\x00name.pdf", "evil\ufffdname.pdf"}


def test_a_server_schema_from_a_newer_release_is_refused(pg_url: str):
    Store(pg_url)
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE evaluator_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer version"):
        Store(pg_url)


def test_two_replicas_on_one_server_see_one_history_and_no_lost_answer(pg_url: str):
    # Two app processes behind a load balancer are two Store objects on one database.
    import threading

    first, second = Store(pg_url), Store(pg_url)
    rubric = default_rubric()
    evaluation_id = first.create(_evaluation(), rubric, ME)
    ids = [c.id for c in rubric.criteria]

    def save(replica: Store, criterion_id: str) -> None:
        for level in (0, 1, 2, 3) * 5:
            replica.save_answer(
                evaluation_id,
                Answer(criterion_id=criterion_id, level=level, decision="accepted"),
                ME,
            )

    threads = [
        threading.Thread(target=save, args=(first if i % 2 else second, key))
        for i, key in enumerate(ids)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seen = [replica.load(evaluation_id, ME) for replica in (first, second)]
    assert all(record is not None for record in seen)
    assert seen[0].evaluation.answers == seen[1].evaluation.answers  # type: ignore[union-attr]
    assert {k: a.level for k, a in seen[0].evaluation.answers.items()} == dict.fromkeys(ids, 3)  # type: ignore[union-attr]
    assert (
        [r.id for r in first.listing(ME)] == [r.id for r in second.listing(ME)] == [evaluation_id]
    )


def test_a_server_address_is_shown_without_its_password():
    assert shown_location("postgresql://app:pw@db:5432/e?sslmode=require") == (
        "postgresql://app:***@db:5432/e?sslmode=require",
        True,
    )
    assert shown_location("postgresql://db/e") == ("postgresql://db/e", True)
    assert shown_location("/srv/e.sqlite3") == ("/srv/e.sqlite3", False)


# --- a PDF's bytes for page images (issue 14, schema 5) ------------------------------------------

KIRKFORD_PDF = Path(__file__).parents[1] / "sample_reports" / "kirkford-audit" / "report.pdf"


def test_a_pdfs_bytes_are_kept_only_for_its_reader_and_go_with_its_last_evaluation(db: Store):
    data = KIRKFORD_PDF.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    db.save_document(_document(sha), ME)
    evaluation_id = db.create(_evaluation(sha), default_rubric(), ME)
    assert db.document_file(sha, ME) is None  # none kept yet: the page is shown as text
    assert not db.save_document_file(sha, data, THEM)  # not this reader's document
    assert not db.save_document_file(sha, data + b" ", ME)  # not its bytes
    assert db.save_document_file(sha, data, ME)
    assert db.document_file(sha, ME) == data
    assert db.document_file(sha, THEM) is None  # a hash alone does not open it
    assert db.delete(evaluation_id, ME)
    db.save_document(_document(sha), ME)
    assert db.document_file(sha, ME) is None  # gone with the last evaluation that read it


def test_a_pdf_over_the_size_limit_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import evaluator.store as store_module

    db = Store(tmp_path / "e.sqlite3")
    data = b"%PDF-1.4 " + b"x" * 100
    sha = hashlib.sha256(data).hexdigest()
    db.save_document(_document().model_copy(update={"sha256": sha}), ME)
    monkeypatch.setattr(store_module, "MAX_FILE_BYTES", 50)
    assert not db.save_document_file(sha, data, ME)
    monkeypatch.setattr(store_module, "MAX_FILE_BYTES", 500)
    assert db.save_document_file(sha, data, ME) and db.document_file(sha, ME) == data
