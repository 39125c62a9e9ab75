"""The SQLite store: where it lives, what it keeps, and that a new process sees the same data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from evaluator.models import Answer, Document, Evaluation, Page, QuoteRef, RubricRef, Suggestion
from evaluator.rubrics import default_rubric
from evaluator.store import DB_ENV, Store, StoreError, default_db_path

SHA = "a" * 64
OTHER = "b" * 64


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


@pytest.fixture
def db(tmp_path: Path) -> Store:
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
    evaluation_id = db.create(_evaluation(), rubric)
    answer = Answer(
        criterion_id="sources",
        level=1,
        decision="overridden",
        justification="no selection rules",
        dismissed_evidence=[QuoteRef(page=2, quote="Two.")],
        added_evidence=[QuoteRef(page=1, quote="One.")],
    )
    db.save_answer(evaluation_id, answer)

    reopened = Store(db.path)  # what a restarted server does
    record = reopened.load(evaluation_id)
    assert record is not None
    assert record.evaluation.answers == {"sources": answer}
    assert record.rubric == rubric
    assert reopened.find(SHA, rubric.id, rubric.version) == evaluation_id
    assert reopened.find(SHA, rubric.id, "0.0") is None
    assert reopened.find(OTHER, rubric.id, rubric.version) is None


def test_saving_an_answer_twice_replaces_it_and_moves_updated_at(db: Store):
    evaluation_id = db.create(_evaluation(), default_rubric())
    first = db.save_answer(
        evaluation_id, Answer(criterion_id="scope", level=2, decision="accepted")
    )
    second = db.save_answer(
        evaluation_id, Answer(criterion_id="scope", not_applicable=True, decision="accepted")
    )
    assert second.updated_at >= first.updated_at
    stored = db.load(evaluation_id)
    assert stored is not None
    assert stored.evaluation.answers["scope"].not_applicable
    assert len(stored.evaluation.answers) == 1


def test_documents_are_kept_for_their_text(db: Store):
    assert db.document(SHA) is None
    db.save_document(_document())
    db.save_document(_document())  # storing again is harmless
    assert db.document(SHA) == _document()


def test_duplicate_gets_its_own_row_and_becomes_the_latest(db: Store):
    rubric = default_rubric()
    original = db.create(_evaluation(), rubric, label="mine")
    db.save_answer(
        original, Answer(criterion_id="sources", level=3, decision="overridden", justification="x")
    )
    copy = db.duplicate(original)
    assert copy != original
    copied = db.load(copy)
    assert copied is not None
    assert copied.label == "mine (copy)"
    assert set(copied.evaluation.answers) == {"sources"}
    assert db.find(SHA, rubric.id, rubric.version) == copy
    # editing the copy leaves the original alone
    db.save_answer(
        copy, Answer(criterion_id="scope", level=0, decision="overridden", justification="y")
    )
    kept = db.load(original)
    assert kept is not None and set(kept.evaluation.answers) == {"sources"}


def test_delete_drops_a_document_only_when_nothing_uses_it(db: Store):
    rubric = default_rubric()
    db.save_document(_document())
    first = db.create(_evaluation(), rubric)
    second = db.duplicate(first)
    assert db.delete(first)
    assert db.document(SHA) is not None
    assert db.delete(second)
    assert db.document(SHA) is None
    assert db.load(second) is None
    assert not db.delete(second)


def test_listing_counts_answers_and_notes_missing_documents(db: Store):
    rubric = default_rubric()
    db.save_document(_document(SHA))
    with_doc = db.create(_evaluation(SHA), rubric, label="has text")
    without_doc = db.create(_evaluation(OTHER), rubric, label="imported")
    db.save_answer(with_doc, Answer(criterion_id="sources", level=2, decision="accepted"))
    rows = {row.id: row for row in db.listing()}
    assert (rows[with_doc].answered, rows[with_doc].total) == (1, len(rubric.criteria))
    assert rows[with_doc].has_document and not rows[without_doc].has_document
    assert db.listing()[0].id == with_doc  # most recently changed first


def test_rubric_is_kept_with_the_evaluation(db: Store):
    rubric = default_rubric()
    db.create(_evaluation(), rubric)
    assert db.rubric(rubric.id, rubric.version) == rubric
    assert db.rubric(rubric.id, "9.9") is None


def test_evaluation_and_rubric_must_agree(db: Store):
    rubric = default_rubric().model_copy(update={"version": "9.9"})
    with pytest.raises(ValueError, match=r"not default v9\.9"):
        db.create(_evaluation(), rubric)


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
        db.save_answer(42, Answer(criterion_id="scope", level=2, decision="accepted"))


def test_answers_saved_at_the_same_time_are_all_kept(db: Store):
    """Two tabs saving different answers to one evaluation must not overwrite each other."""
    from concurrent.futures import ThreadPoolExecutor

    rubric = default_rubric()
    evaluation_id = db.create(_evaluation(), rubric)
    ids = [c.id for c in rubric.criteria]

    def save(criterion_id: str) -> None:
        for level in (0, 1, 2, 3) * 15:
            Store(db.path).save_answer(
                evaluation_id, Answer(criterion_id=criterion_id, level=level, decision="accepted")
            )

    with ThreadPoolExecutor(max_workers=len(ids)) as pool:
        list(pool.map(save, ids))
    record = db.load(evaluation_id)
    assert record is not None
    assert {key: a.level for key, a in record.evaluation.answers.items()} == dict.fromkeys(ids, 3)
