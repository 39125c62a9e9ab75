"""The Streamlit app through AppTest, and the pure decisions its pages make."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from evaluator import exports
from evaluator.models import (
    Answer,
    Evaluation,
    Evidence,
    QuoteRef,
    RubricRef,
    Suggestion,
)
from evaluator.rubrics import RUBRIC_DIR, default_rubric
from evaluator.store import Store, owner_key
from evaluator_ui import flow

APP = Path(__file__).resolve().parents[1] / "app.py"
TIMEOUT = 120  # the first analysis may build or load a classifier
SAMPLE_ID = "kirkford-audit"
ME = owner_key("reader-one-" + "x" * 32)


@pytest.fixture(autouse=True)
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh database per test, and no cached analysis leaking between tests."""
    path = tmp_path / "evaluations.sqlite3"
    monkeypatch.setenv("EVALUATOR_DB", str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


READER = "reader-one-" + "x" * 32  # one browser's owner token (AppTest sends no cookies)


def _app(token: str = READER) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["owner_token"] = token
    at.run()
    assert not at.exception, at.exception
    return at


def _pdf(lines: list[str], password: str | None = None) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.add_page()
        pdf.multi_cell(0, 6, line)
    data = bytes(pdf.output())
    if password is None:
        return data
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _texts(at: AppTest, kind: str) -> list[str]:
    return [str(element.value) for element in getattr(at, kind)]


def _open_sample(at: AppTest) -> AppTest:
    at.radio(key="source").set_value("Pick a sample report").run()
    at.selectbox(key="sample_choice").set_value(SAMPLE_ID).run()
    at.button(key="analyse_sample").click().run()
    assert not at.exception, at.exception
    return at


def _upload(at: AppTest, name: str, data: bytes, mime: str = "application/pdf") -> AppTest:
    at.file_uploader(key="upload").upload(name, data, mime).run()
    at.button(key="analyse").click().run()
    assert not at.exception, at.exception
    return at


def _answer_current(at: AppTest, criterion_id: str, choice: flow.Choice, why: str = "") -> None:
    at.radio(key=f"ck_{criterion_id}_choice").set_value(choice)
    at.text_area(key=f"ck_{criterion_id}_justification").input(why)
    at.button(key="save_next").click().run()
    assert not at.exception, at.exception


# --- pure decisions ---------------------------------------------------------------------------


def _suggestion(level: int | None = 2, status: str = "suggested") -> Suggestion:
    return Suggestion(
        id="sources", suggested_level=level, status=status, confidence=0.6, rationale="r"
    )


@pytest.mark.parametrize(
    ("blind", "answered", "revealed", "visible"),
    [
        (False, False, False, True),
        (False, True, True, True),
        (True, False, False, False),
        (True, False, True, False),  # revealing without an answer shows nothing
        (True, True, False, False),
        (True, True, True, True),
    ],
)
def test_blind_mode_shows_assistance_only_after_answer_and_reveal(
    blind: bool, answered: bool, revealed: bool, visible: bool
):
    assert flow.assistance_visible(blind, answered, revealed) is visible


def test_reveal_is_offered_only_in_blind_mode_after_answering():
    assert flow.can_reveal(True, True, False)
    assert not flow.can_reveal(True, False, False)
    assert not flow.can_reveal(True, True, True)
    assert not flow.can_reveal(False, True, False)


def test_initial_choice_never_leaks_the_suggestion_in_blind_mode():
    assert flow.initial_choice(_suggestion(2), None, blind_mode=False) == 2
    assert flow.initial_choice(_suggestion(2), None, blind_mode=True) is None
    assert flow.initial_choice(_suggestion(None, "not_applicable"), None, False) == "n/a"
    assert flow.initial_choice(_suggestion(None, "no_suggestion"), None, False) is None
    saved = flow.build_answer("sources", _suggestion(2), 1, "why")
    assert not isinstance(saved, str)
    assert flow.initial_choice(_suggestion(2), saved, blind_mode=True) == 1


def test_decision_and_required_justification():
    assert flow.decision_for(_suggestion(2), 2) == "accepted"
    assert flow.decision_for(_suggestion(2), "n/a") == "overridden"
    assert flow.decision_for(_suggestion(None, "not_applicable"), "n/a") == "accepted"
    assert flow.decision_for(_suggestion(None, "no_suggestion"), 0) == "accepted"
    assert flow.decision_for(None, 3) == "accepted"

    assert flow.build_answer("sources", _suggestion(2), None, "") == (
        "Choose a level from 0 to 3, or not applicable."
    )
    assert "differs from the suggestion" in str(
        flow.build_answer("sources", _suggestion(2), 1, " ")
    )
    assert "every answer needs one" in str(
        flow.build_answer("sources", _suggestion(2), 2, "", blind_mode=True)
    )
    answer = flow.build_answer(
        "sources",
        _suggestion(2),
        "n/a",
        "  only one region  ",
        dismissed=[QuoteRef(page=1, quote="q")],
    )
    assert not isinstance(answer, str)
    assert (answer.not_applicable, answer.level, answer.decision) == (True, None, "overridden")
    assert answer.justification == "only one region"
    assert answer.dismissed_evidence == [QuoteRef(page=1, quote="q")]


def test_upload_limit_message():
    assert flow.upload_problem("a.pdf", 50 * 1024 * 1024, 50) is None
    message = flow.upload_problem("a.pdf", 60 * 1024 * 1024, 50)
    assert message is not None and message.startswith("a.pdf is 60.0 MB; the limit is 50 MB")


# --- pages --------------------------------------------------------------------------------------


def test_start_page_offers_upload_sample_rubric_password_and_blind_mode():
    at = _app()
    assert _texts(at, "title") == ["Report evaluator"]
    assert at.selectbox(key="rubric_choice").value == "default"
    assert at.file_uploader(key="upload") is not None
    assert at.text_input(key="pdf_password").value == ""
    assert at.button(key="analyse").disabled
    at.checkbox(key="blind_box").check().run()
    assert at.checkbox(key="blind_box").value is True
    at.radio(key="source").set_value("Pick a sample report").run()
    at.selectbox(key="sample_choice").set_value(SAMPLE_ID).run()
    assert at.selectbox(key="sample_choice").value == SAMPLE_ID
    assert at.button(key="analyse_sample") is not None


@pytest.mark.parametrize(
    ("route", "title"),
    [([], "Checklist"), (["to_summary"], "Summary"), (["to_summary", "to_export"], "Export")],
)
def test_pages_without_an_open_evaluation_say_how_to_open_one(route: list[str], title: str):
    at = _open_sample(_app())
    for key in route:
        at.button(key=key).click().run()
    assert _texts(at, "title") == [title]
    assert at.query_params["evaluation"] == str(at.session_state["eval_id"])
    del at.session_state["eval_id"]  # as in a fresh browser session at the bare address
    at.query_params.pop("evaluation")
    at.run()
    assert _texts(at, "title") == [title]
    assert any("No evaluation is open" in text for text in _texts(at, "info"))
    at.button(key="goto_history").click().run()
    assert _texts(at, "title") == ["History"]


def test_refused_files_get_a_clear_message():
    at = _app()
    _upload(at, "notes.pdf", b"plain words, no PDF header")
    assert any("not a PDF" in text for text in _texts(at, "error"))
    assert "eval_id" not in at.session_state

    at = _app()
    _upload(at, "locked.pdf", _pdf(["Secret page."], password="pw"))
    assert any("encrypted" in text for text in _texts(at, "error"))
    assert any("password" in text for text in _texts(at, "info"))


def test_encrypted_pdf_opens_with_its_password():
    at = _app()
    at.text_input(key="pdf_password").input("pw").run()
    _upload(at, "locked.pdf", _pdf(["In 2019, 12 of 40 cases (30%) were referred."], "pw"))
    assert _texts(at, "title") == ["Checklist"]


def test_upload_over_the_limit_is_refused_in_code():
    previous = st.get_option("server.maxUploadSize")
    st.config.set_option("server.maxUploadSize", 1)
    try:
        at = _app()
        _upload(at, "big.txt", b"word " * 300_000, "text/plain")
    finally:
        st.config.set_option("server.maxUploadSize", previous)
    assert any("the limit is 1 MB" in text for text in _texts(at, "error"))
    assert "eval_id" not in at.session_state


def test_main_flow_sample_to_export(db_path: Path):
    """Pick a sample, walk all six steps, override one with a reason, reach summary and export."""
    rubric = default_rubric()
    at = _open_sample(_app())
    assert _texts(at, "title") == ["Checklist"]
    evaluation_id = at.session_state["eval_id"]
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None
    suggestions = {s.id: s for s in record.evaluation.suggestions}
    assert [s.id for s in record.evaluation.suggestions] == [c.id for c in rubric.criteria]
    first = rubric.criteria[0].id
    dismissed = None

    for index, criterion in enumerate(rubric.criteria):
        cid = criterion.id
        assert _texts(at, "header")[0] == f"{index + 1}. {criterion.title}"
        suggestion = suggestions[cid]
        preselected = at.radio(key=f"ck_{cid}_choice").value
        assert preselected == flow.suggested_choice(suggestion)
        if cid == first and suggestion.evidence:
            at.button(key=f"ck_dismiss_{cid}_0").click().run()
            dismissed = QuoteRef(
                page=suggestion.evidence[0].page, quote=suggestion.evidence[0].quote
            )
        if index == 0:
            other = 1 if preselected != 1 else 2
            _answer_current(at, cid, other)  # overriding without a reason is refused
            assert any("differs from the suggestion" in t for t in _texts(at, "error"))
            assert _texts(at, "header")[0].startswith("1. ")
            _answer_current(at, cid, other, "The case list cannot be rebuilt from the annex.")
        elif index == 3:
            at.number_input(key=f"ck_{cid}_new_page").set_value(2)
            at.text_area(key=f"ck_{cid}_new_quote").input("a quote of my own")
            at.button(key=f"ck_{cid}_add_quote").click().run()
            _answer_current(at, cid, preselected if preselected is not None else 2)
        else:
            _answer_current(at, cid, preselected if preselected is not None else 2)
        assert any("Answer saved." in t for t in _texts(at, "success"))

    assert at.progress[0].value == 100  # AppTest reports progress as a percentage
    at.button(key="to_summary").click().run()
    assert _texts(at, "title") == ["Summary"]

    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None
    evaluation = record.evaluation
    assert set(evaluation.answers) == {c.id for c in rubric.criteria}
    assert evaluation.answers[first].decision == "overridden"
    assert evaluation.answers[first].justification.startswith("The case list")
    if dismissed is not None:
        assert evaluation.answers[first].dismissed_evidence == [dismissed]
    added = evaluation.answers[rubric.criteria[3].id].added_evidence
    assert added == [QuoteRef(page=2, quote="a quote of my own", found=False)]
    result = exports.evaluation_score(evaluation, rubric)
    assert at.metric[0].value == f"{result.value:.1f} / 100"
    assert at.metric[1].value == result.band
    assert at.dataframe  # breakdown and changes tables are rendered

    at.button(key="to_export").click().run()
    assert _texts(at, "title") == ["Export"]
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download JSON", "Download Markdown", "Download HTML scorecard"]
    assert exports.from_json(exports.to_json(evaluation)) == evaluation
    markdown = exports.to_markdown(evaluation, rubric)
    assert "The case list cannot be rebuilt from the annex." in markdown
    assert "“a quote of my own” *(not found on p. 2 — the reader's own wording)*" in markdown
    assert f"{result.value:.1f} / 100" in markdown


def test_moving_between_steps_does_not_analyse_again(monkeypatch: pytest.MonkeyPatch):
    import evaluator_ui.session as session_module

    at = _open_sample(_app())
    calls: list[str] = []
    monkeypatch.setattr(session_module, "analyze_apart", lambda *a: calls.append("x"))
    at.button(key="next").click().run()
    at.button(key="next").click().run()
    at.button(key="back").click().run()
    assert _texts(at, "header")[0].startswith("2. ")
    at.button(key="to_summary").click().run()
    assert calls == []


def test_restart_restores_an_evaluation_in_progress(db_path: Path):
    rubric = default_rubric()
    at = _open_sample(_app())
    first, second = rubric.criteria[0].id, rubric.criteria[1].id
    _answer_current(at, first, 0, "nothing about selection")
    _answer_current(at, second, "n/a", "no percentages at all")

    # a new server: empty caches, new session, same database file
    st.cache_data.clear()
    st.cache_resource.clear()
    again = _app()
    assert any("2 of 6 questions answered" in t for t in _texts(again, "markdown"))
    again.button(key="continue_latest").click().run()
    assert _texts(again, "title") == ["Checklist"]
    assert again.progress[0].value == round(100 * 2 / 6)
    # Continue opens where the reader left off: the first question not answered yet
    assert again.query_params["q"] == rubric.criteria[2].id
    assert _texts(again, "header")[0] == f"3. {rubric.criteria[2].title}"
    again.button(key="back").click().run()
    assert again.radio(key=f"ck_{second}_choice").value == "n/a"
    again.button(key="back").click().run()
    assert again.radio(key=f"ck_{first}_choice").value == 0
    assert again.text_area(key=f"ck_{first}_justification").value == "nothing about selection"

    # opening the same file again resumes rather than starting over
    _open_sample(_app())
    assert Store(db_path).listing(ME)[0].answered == 2
    assert len(Store(db_path).listing(ME)) == 1


def test_on_a_postgresql_server_answers_survive_a_restart_and_no_file_is_made(
    db_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("EVALUATOR_DATABASE_URL", pg_url)
    at = _app()
    note = " ".join(_texts(at, "caption"))
    assert "database server" in note and "EVALUATOR_DATABASE_URL" in note
    rubric = default_rubric()
    at = _open_sample(at)
    _answer_current(at, rubric.criteria[0].id, 1, "one source, no selection rule")

    st.cache_data.clear()  # a new server process, or another replica on the same database
    st.cache_resource.clear()
    again = _app()
    assert any("1 of 6 questions answered" in t for t in _texts(again, "markdown"))
    record = Store(pg_url).load(Store(pg_url).listing(ME)[0].id, ME)
    assert record is not None and record.evaluation.answers[rubric.criteria[0].id].level == 1
    assert not db_path.exists()  # the SQLite file was never the store


def test_blind_mode_hides_suggestion_and_evidence_until_answer_and_reveal():
    at = _app()
    at.checkbox(key="blind_box").check().run()
    _open_sample(at)
    cid = default_rubric().criteria[0].id
    markdown = " ".join(_texts(at, "markdown"))
    assert "Suggested:" not in markdown and "Evidence from the report" not in markdown
    assert at.radio(key=f"ck_{cid}_choice").value is None
    assert any("Blind mode" in t for t in _texts(at, "info"))
    assert not [b for b in at.button if b.key == f"ck_reveal_{cid}"]

    at.radio(key=f"ck_{cid}_choice").set_value(2)
    at.button(key="save").click().run()
    assert any("every answer needs one" in t for t in _texts(at, "error"))
    at.text_area(key=f"ck_{cid}_justification").input("my reading")
    at.button(key="save").click().run()
    assert "Suggested:" not in " ".join(_texts(at, "markdown"))
    at.button(key=f"ck_reveal_{cid}").click().run()
    markdown = " ".join(_texts(at, "markdown"))
    assert "Evidence from the report" in markdown and "Suggested:" in markdown


def test_history_open_duplicate_delete_and_import(db_path: Path, tmp_path: Path):
    at = _open_sample(_app())
    first = default_rubric().criteria[0].id
    _answer_current(at, first, 3, "full method")
    evaluation_id = at.session_state["eval_id"]
    exported = exports.to_json(Store(db_path).load(evaluation_id, ME).evaluation)

    at = _app()
    at.button(key="to_history").click().run()
    assert _texts(at, "title") == ["History"]
    at.button(key=f"duplicate_{evaluation_id}").click().run()
    rows = Store(db_path).listing(ME)
    assert len(rows) == 2
    copy_id = next(r.id for r in rows if r.id != evaluation_id)
    assert rows[0].label.endswith("(copy)")

    at.button(key=f"delete_{copy_id}").click().run()
    assert any("for good" in t for t in _texts(at, "warning"))
    at.button(key=f"cancel_{copy_id}").click().run()
    assert len(Store(db_path).listing(ME)) == 2
    at.button(key=f"delete_{copy_id}").click().run()
    at.button(key=f"confirm_{copy_id}").click().run()
    assert [r.id for r in Store(db_path).listing(ME)] == [evaluation_id]

    at.file_uploader(key="import").upload("mine.json", exported.encode(), "application/json")
    at.run()
    at.button(key="import_button").click().run()
    assert any(t.startswith(r"Imported mine\.json") for t in _texts(at, "success"))
    rows = Store(db_path).listing(ME)
    imported = next(r.id for r in rows if r.id != evaluation_id)
    restored = Store(db_path).load(imported, ME)
    assert restored is not None
    assert restored.evaluation == exports.from_json(exported)

    at.file_uploader(key="import").upload("broken.json", b"{", "application/json")
    at.run()
    at.button(key="import_button").click().run()
    assert any(t.startswith(r"broken\.json: not valid JSON") for t in _texts(at, "error"))

    at.button(key=f"open_{imported}").click().run()
    assert _texts(at, "title") == ["Checklist"]
    assert at.session_state["eval_id"] == imported
    assert at.query_params["q"] == default_rubric().criteria[1].id  # the first not answered
    at.button(key="back").click().run()
    assert at.radio(key=f"ck_{first}_choice").value == 3


def test_evidence_can_be_seen_in_the_report_and_dismissed_after_saving(db_path: Path):
    at = _open_sample(_app())
    rubric = default_rubric()
    cid = rubric.criteria[0].id
    record = Store(db_path).load(at.session_state["eval_id"], ME)
    assert record is not None
    evidence: list[Evidence] = record.evaluation.suggestions[0].evidence
    assert evidence, "the sample's sources question should come with evidence"
    assert at.button(key=f"ck_see_{cid}_e0").label.endswith(f"on page {evidence[0].page}")
    at.button(key="save").click().run()  # accept the suggestion
    at.button(key=f"ck_dismiss_{cid}_0").click().run()
    stored = Store(db_path).load(at.session_state["eval_id"], ME)
    assert stored is not None
    assert stored.evaluation.answers[cid].dismissed_evidence == [
        QuoteRef(page=evidence[0].page, quote=evidence[0].quote)
    ]
    at.button(key=f"ck_dismiss_{cid}_0").click().run()
    stored = Store(db_path).load(at.session_state["eval_id"], ME)
    assert stored is not None and stored.evaluation.answers[cid].dismissed_evidence == []


def test_markup_in_a_file_name_is_shown_as_text(db_path: Path):
    at = _app()
    assert any(str(db_path) in text for text in _texts(at, "caption"))  # says where data goes
    _upload(at, "*bold* <i>x</i>.txt", b"In 2021, 3 of 12 cases (25%) were referred.", "text/plain")
    caption = _texts(at, "caption")[0]
    assert caption.startswith(r"\*bold\* &lt;i&gt;x&lt;/i&gt;\.txt · ")


def test_evidence_quoting_someone_elses_claim_says_whose_it_is_as_text(db_path: Path):
    # The speaker's name is the document's own text: shown, never rendered as markup.
    report = (
        "The *Wexshire* <b>campaign</b> claims that 90% of the offenders were Valdorian. That "
        "figure cannot be reproduced: the campaign gives no source and no count.\n\n"
        "Police records for 2019 to 2023 list 212 people charged, 31 of them (14.6%) recorded "
        "as Valdorian nationals."
    )
    at = _upload(_app(), "critique.txt", report.encode(), "text/plain")
    captions = " ".join(_texts(at, "caption"))
    assert "which the document disputes" in captions
    assert r"The \*Wexshire\* &lt;b&gt;campaign&lt;/b&gt;" in captions
    assert "<b>" not in captions


def test_the_claims_a_report_relays_are_listed_as_text_and_kept_for_blind_readers():
    report = (
        b"The *Wexshire* <b>campaign</b> claims that 90% of the offenders were Valdorian. That "
        b"figure cannot be reproduced: the campaign gives no source and no count.\n\n"
        b"Officers said the records for 2019 to 2023 were incomplete."
    )
    at = _upload(_app(), "critique.txt", report, "text/plain")
    labels = [e.label for e in at.expander]
    assert "Claims the report relays from others: 2, 1 disputed by the report" in labels
    markdown = " ".join(_texts(at, "markdown"))
    assert (
        r"from The \*Wexshire\* &lt;b&gt;campaign&lt;/b&gt; · *disputed by the report*" in markdown
    )
    assert "from Officers · *passed on*" in markdown and "<b>" not in markdown

    blind = _app()
    blind.checkbox(key="blind_box").check().run()
    _upload(blind, "critique.txt", report, "text/plain")
    assert not [e for e in blind.expander if e.label.startswith("Claims the report relays")]


def test_blind_mode_keeps_unrevealed_suggestions_out_of_summary_and_exports():
    rubric = default_rubric()
    ids = [c.id for c in rubric.criteria]
    evaluation = Evaluation(
        document_sha256="e" * 64,
        rubric=RubricRef(id=rubric.id, version=rubric.version),
        suggestions=[_suggestion(2).model_copy(update={"id": cid}) for cid in ids],
        answers={
            ids[0]: Answer(criterion_id=ids[0], level=1, decision="overridden", justification="x"),
            ids[1]: Answer(criterion_id=ids[1], level=2, decision="accepted"),
        },
    )
    assert flow.shown_to_reader(evaluation, False, set()) is evaluation
    shown = flow.shown_to_reader(evaluation, True, {ids[0], ids[2]})
    assert [s.id for s in shown.suggestions] == [ids[0]]  # answered and revealed only
    assert shown.answers == evaluation.answers


def test_unsaved_change_ignores_an_untouched_preselection():
    suggestion = _suggestion(2)
    assert not flow.has_unsaved_change(suggestion, None, 2, "", blind_mode=False)
    assert flow.has_unsaved_change(suggestion, None, 2, "because", blind_mode=False)
    assert flow.has_unsaved_change(suggestion, None, 1, "", blind_mode=False)
    assert not flow.has_unsaved_change(suggestion, None, None, " ", blind_mode=True)
    assert flow.has_unsaved_change(suggestion, None, 2, "", blind_mode=True)
    saved = Answer(criterion_id="sources", level=1, decision="overridden", justification="why")
    assert not flow.has_unsaved_change(suggestion, saved, 1, " why ", blind_mode=False)
    assert flow.has_unsaved_change(suggestion, saved, 1, "other", blind_mode=False)
    assert flow.has_unsaved_change(suggestion, saved, "n/a", "why", blind_mode=False)


def test_leaving_a_step_saves_its_change_or_stays_with_the_reason(db_path: Path):
    rubric = default_rubric()
    first, second = rubric.criteria[0].id, rubric.criteria[1].id
    at = _open_sample(_app())
    evaluation_id = at.session_state["eval_id"]

    at.button(key="next").click().run()  # untouched: nothing is accepted on the reader's behalf
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None and record.evaluation.answers == {}
    assert _texts(at, "header")[0].startswith("2. ")

    preselected = at.radio(key=f"ck_{second}_choice").value
    other = 0 if preselected != 0 else 1
    at.radio(key=f"ck_{second}_choice").set_value(other)
    at.button(key="back").click().run()  # an override with no reason cannot be saved
    assert _texts(at, "header")[0].startswith("2. ")
    assert any("differs from the suggestion" in t for t in _texts(at, "error"))

    at.text_area(key=f"ck_{second}_justification").input("Shares lack their counts.")
    at.button(key="back").click().run()
    assert _texts(at, "header")[0].startswith("1. ")
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None
    assert record.evaluation.answers[second].level == other
    assert first not in record.evaluation.answers


def test_start_page_says_so_when_no_samples_are_installed(monkeypatch: pytest.MonkeyPatch):
    import sys

    monkeypatch.setitem(sys.modules, "evaluator.samples", None)  # import now fails
    at = _app()
    at.radio(key="source").set_value("Pick a sample report").run()
    assert not at.exception
    assert any("No sample reports are installed" in t for t in _texts(at, "info"))


# --- owners, drafts, stale tabs, a busy or damaged database, rubric text (issue 10) ------------

OTHER_READER = "reader-two-" + "y" * 32


def _goto(at: AppTest, url_path: str) -> AppTest:
    """Switch page as the top bar does (AppTest's switch_page needs a file; ours are functions)."""
    at._page_hash = next(
        page_hash
        for page_hash, info in at._registered_pages.items()
        if info.get("url_pathname") == url_path
    )
    at.run()
    assert not at.exception, at.exception
    return at


def test_two_readers_on_one_server_each_see_only_their_own_work(db_path: Path):
    first = default_rubric().criteria[0].id
    mine = _open_sample(_app())
    _answer_current(mine, first, 3, "full method")
    theirs = _open_sample(_app(OTHER_READER))  # same report, same rubric: a fresh evaluation
    assert theirs.session_state["eval_id"] != mine.session_state["eval_id"]
    assert (
        theirs.radio(key=f"ck_{first}_choice").value != 3
        or not Store(db_path).listing(owner_key(OTHER_READER))[0].answered
    )

    for token, own in ((READER, mine), (OTHER_READER, theirs)):
        at = _app(token)
        assert [b.key for b in at.button if b.key == "continue_latest"] == ["continue_latest"]
        at.button(key="to_history").click().run()
        keys = {b.key for b in at.button if b.key and b.key.startswith("open_")}
        assert keys == {f"open_{own.session_state['eval_id']}"}

    # another reader cannot open mine by putting its number in the address
    stranger = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    stranger.session_state["owner_token"] = OTHER_READER
    stranger.query_params["evaluation"] = str(mine.session_state["eval_id"])
    _goto(stranger.run(), "checklist")
    assert any("No evaluation is open" in t for t in _texts(stranger, "info"))


def test_the_owner_token_comes_from_the_browser_cookie_or_is_made_and_written():
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    token = at.session_state["owner_token"]
    assert len(token) >= 32
    script = " ".join(str(h.proto.body) for h in at.get("html"))
    assert f"evaluator_owner={token};" in script and "SameSite=Strict" in script
    assert _app(token).session_state["owner_token"] == token
    at.run()  # written once per session
    assert not at.get("html")


def _reopened(evaluation_id: int) -> AppTest:
    """A new session (after a reload or a server restart: new caches) on the checklist of the
    evaluation the address names."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["owner_token"] = READER
    at.query_params["evaluation"] = str(evaluation_id)
    return _goto(at.run(), "checklist")


def test_an_unsaved_level_is_a_draft_that_survives_a_page_switch_and_a_restart(db_path: Path):
    rubric = default_rubric()
    cid = rubric.criteria[0].id
    at = _open_sample(_app())
    evaluation_id = at.session_state["eval_id"]
    preselected = at.radio(key=f"ck_{cid}_choice").value
    other = 0 if preselected != 0 else 1
    at.radio(key=f"ck_{cid}_choice").set_value(other).run()
    at.text_area(key=f"ck_{cid}_justification").input("Names no dataset.").run()
    assert any("Draft" in t for t in _texts(at, "caption"))
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None and cid not in record.evaluation.answers
    assert (record.drafts[cid].choice, record.drafts[cid].justification) == (
        other,
        "Names no dataset.",
    )

    _goto(at, "history")  # the checklist's widgets are gone from the session now
    _goto(at, "checklist")
    assert at.radio(key=f"ck_{cid}_choice").value == other
    assert at.text_area(key=f"ck_{cid}_justification").value == "Names no dataset."

    again = _reopened(evaluation_id)  # a restarted server: the address names the evaluation
    assert again.radio(key=f"ck_{cid}_choice").value == other
    again.button(key="save").click().run()
    assert any("Answer saved." in t for t in _texts(again, "success"))
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None and record.drafts == {}
    assert record.evaluation.answers[cid].level == other
    assert record.evaluation.answers[cid].justification == "Names no dataset."


def _two_tabs() -> tuple[AppTest, AppTest, int]:
    """One reader with the same evaluation open in two tabs."""
    first_tab = _open_sample(_app())
    evaluation_id = first_tab.session_state["eval_id"]
    second_tab = _app()
    second_tab.button(key="continue_latest").click().run()
    assert second_tab.session_state["eval_id"] == evaluation_id
    return first_tab, second_tab, evaluation_id


def test_a_stale_tab_is_told_shown_the_newer_answer_and_overwrites_nothing(db_path: Path):
    cid = default_rubric().criteria[0].id
    first_tab, second_tab, evaluation_id = _two_tabs()

    first_tab.radio(key=f"ck_{cid}_choice").set_value(1)
    first_tab.text_area(key=f"ck_{cid}_justification").input("Only one source, tab one.")
    first_tab.button(key="save").click().run()
    second_tab.radio(key=f"ck_{cid}_choice").set_value(3)
    second_tab.text_area(key=f"ck_{cid}_justification").input("Tab two thinks it is fine.")
    second_tab.button(key="save").click().run()
    warning = " ".join(_texts(second_tab, "warning"))
    assert "saved in another tab or window" in warning and "Only one source, tab one" in warning
    assert second_tab.radio(key=f"ck_{cid}_choice").value == 3  # the reader's choice stays
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None and record.evaluation.answers[cid].level == 1

    second_tab.button(key=f"ck_{cid}_replace").click().run()  # the reader chooses theirs
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None and record.evaluation.answers[cid].level == 3

    # the first tab, untouched since its save, now shows the newer answer instead of its own
    first_tab.run()
    assert first_tab.radio(key=f"ck_{cid}_choice").value == 3
    assert any("changed in another tab" in t for t in _texts(first_tab, "info"))


def test_a_tab_is_told_of_another_tabs_unsaved_choice_and_replaces_it_only_if_asked(
    db_path: Path,
):
    cid = default_rubric().criteria[0].id
    first_tab, second_tab, evaluation_id = _two_tabs()
    first_tab.radio(key=f"ck_{cid}_choice").set_value(0).run()
    first_tab.text_area(key=f"ck_{cid}_justification").input("tab A reason").run()

    suggested = second_tab.radio(key=f"ck_{cid}_choice").value
    assert suggested not in (0, 2)
    second_tab.run()  # any rerun: the other tab's choice is named, not taken over
    assert any("tab A reason" in t for t in _texts(second_tab, "warning"))
    assert second_tab.radio(key=f"ck_{cid}_choice").value == suggested
    assert second_tab.text_area(key=f"ck_{cid}_justification").value == ""
    second_tab.radio(key=f"ck_{cid}_choice").set_value(2).run()
    second_tab.text_area(key=f"ck_{cid}_justification").input("tab B reason").run()
    warning = " ".join(_texts(second_tab, "warning"))
    assert "another tab or window has an unsaved choice" in warning and "tab A reason" in warning
    assert second_tab.radio(key=f"ck_{cid}_choice").value == 2  # the reader's choice stays
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None
    assert (record.drafts[cid].choice, record.drafts[cid].justification) == (0, "tab A reason")
    second_tab.button(key="save").click().run()  # saving would drop tab A's draft: refused too
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None and cid not in record.evaluation.answers

    reloaded = _reopened(evaluation_id)  # tab A, reloaded, still shows its own unsaved choice
    assert reloaded.radio(key=f"ck_{cid}_choice").value == 0
    assert reloaded.text_area(key=f"ck_{cid}_justification").value == "tab A reason"

    # tab B chooses to keep its own; tab A is then told in turn
    second_tab.button(key=f"ck_{cid}_keep_mine").click().run()
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None and record.drafts[cid].justification == "tab B reason"
    first_tab.text_area(key=f"ck_{cid}_justification").input("tab A changed its mind").run()
    assert any("tab B reason" in t for t in _texts(first_tab, "warning"))
    first_tab.button(key=f"ck_{cid}_take_draft").click().run()
    assert first_tab.radio(key=f"ck_{cid}_choice").value == 2
    assert first_tab.text_area(key=f"ck_{cid}_justification").value == "tab B reason"
    assert not any("unsaved choice" in t for t in _texts(first_tab, "warning"))
    first_tab.button(key="save").click().run()
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None and record.drafts == {}
    assert record.evaluation.answers[cid].justification == "tab B reason"


def test_quotes_dismissed_in_two_tabs_are_merged_not_replaced(db_path: Path):
    cid = default_rubric().criteria[0].id
    first_tab, second_tab, evaluation_id = _two_tabs()
    first_tab.button(key=f"ck_dismiss_{cid}_0").click().run()
    second_tab.button(key=f"ck_dismiss_{cid}_1").click().run()
    first_tab.button(key="save").click().run()
    record = Store(db_path).load(evaluation_id, ME)
    assert record is not None
    evidence = record.evaluation.suggestions[0].evidence
    assert record.evaluation.answers[cid].dismissed_evidence == [
        QuoteRef(page=e.page, quote=e.quote) for e in evidence[:2]
    ]


def test_a_busy_database_is_one_line_beside_save_and_the_choice_stays(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from evaluator.store import StoreError

    cid = default_rubric().criteria[0].id
    at = _open_sample(_app())

    def busy(*args, **kwargs):
        raise StoreError(f"{db_path}: still busy after 6 retries (database is locked)")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "save_answer", busy)
        at.radio(key=f"ck_{cid}_choice").set_value("n/a").run()
        at.text_area(key=f"ck_{cid}_justification").input("No figures at all.").run()
        at.button(key="save").click().run()
    assert not at.exception
    errors = [t for t in _texts(at, "error") if "still busy" in t]
    assert len(errors) == 1 and "\n" not in errors[0] and "choice is still here" in errors[0]
    assert at.radio(key=f"ck_{cid}_choice").value == "n/a"
    assert at.text_area(key=f"ck_{cid}_justification").value == "No figures at all."
    at.button(key="save").click().run()
    record = Store(db_path).load(at.session_state["eval_id"], ME)
    assert record is not None and record.evaluation.answers[cid].not_applicable


def test_a_corrupt_database_is_one_line_on_start_not_a_traceback(db_path: Path):
    db_path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    at = _app()
    assert not at.exception
    errors = _texts(at, "error")
    assert errors and "not a usable SQLite database" in errors[0]
    assert "evaluations\\.sqlite3" in errors[0] and "\n" not in errors[0]
    _open_sample(at)  # analysing works; saving says why it cannot
    assert any("cannot be saved" in t for t in _texts(at, "error"))
    assert _texts(at, "title") == ["Report evaluator"]


def test_older_evaluations_are_hidden_until_claimed_with_the_server_code(db_path: Path):
    import sqlite3

    from evaluator_ui import session as session_module

    _open_sample(_app())
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE evaluations SET owner = NULL")  # as the v1 → v2 migration leaves them
    st.cache_resource.clear()
    at = _app()
    at.button(key="to_history").click().run()
    assert not [b for b in at.button if b.key and b.key.startswith("open_")]
    at.text_input(key="claim_code").input("guess").run()
    at.button(key="claim_button").click().run()
    assert any("not the code" in t for t in _texts(at, "error"))
    _app(OTHER_READER)
    at.text_input(key="claim_code").input(session_module.claim_code()).run()
    at.button(key="claim_button").click().run()
    assert any("1 older evaluation is now yours" in t for t in _texts(at, "success"))
    assert [b for b in at.button if b.key and b.key.startswith("open_")]
    assert Store(db_path).listing(owner_key(OTHER_READER)) == []


PAYLOAD = (
    "![x](http://127.0.0.1:9/x.png) <img src=http://127.0.0.1:9/y.png> [link](javascript:alert(1))"
)


def test_rubric_text_is_plain_text_never_markup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    text = (RUBRIC_DIR / "default.toml").read_text()
    for old in (
        'id = "default"',
        'title = "Sources and sampling"',
        'question = "Which datasets and sampling frames stand behind the figures?"',
    ):
        assert old in text
    text = text.replace('id = "default"', 'id = "hostile"', 1)
    text = text.replace('title = "Sources and sampling"', f'title = "Sources {PAYLOAD}"', 1)
    text = text.replace(
        'question = "Which datasets and sampling frames stand behind the figures?"',
        f'question = "{PAYLOAD}"',
        1,
    )
    text = text.replace('guidance = """\n', f'guidance = """\n{PAYLOAD} ', 1)
    text = text.replace('[criteria.levels]\n0 = "', f'[criteria.levels]\n0 = "{PAYLOAD} ', 1)
    folder = tmp_path / "rubrics"
    folder.mkdir()
    (folder / "hostile.toml").write_text(text)
    monkeypatch.setenv("EVALUATOR_RUBRIC_DIRS", str(folder))

    at = _app()
    at.selectbox(key="rubric_choice").set_value("hostile").run()
    _open_sample(at)
    assert _texts(at, "title") == ["Checklist"]
    assert PAYLOAD in _texts(at, "text")  # the question, word for word
    assert any(t.startswith(PAYLOAD) for t in _texts(at, "text"))  # the guidance
    rendered = _texts(at, "markdown") + _texts(at, "caption") + _texts(at, "header")
    rendered += list(at.radio(key="ck_step_nav").proto.options)
    rendered += list(at.radio(key="ck_sources_choice").proto.captions)
    for markup in ("![x](", "<img", "](javascript:", "[link]"):
        assert not [t for t in rendered if markup in t], markup
    assert any("&lt;img src" in t for t in rendered)  # shown, escaped
    assert not at.get("image") and not at.get("link_button") and not at.get("page_link")


def test_a_busy_database_on_history_is_one_line(db_path: Path, monkeypatch: pytest.MonkeyPatch):
    from evaluator.store import StoreError

    at = _open_sample(_app())
    evaluation_id = at.session_state["eval_id"]
    at = _app()
    at.button(key="to_history").click().run()

    def busy(*args, **kwargs):
        raise StoreError(f"{db_path}: still busy after 6 retries (database is locked)")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "duplicate", busy)
        at.button(key=f"duplicate_{evaluation_id}").click().run()
    assert not at.exception
    assert [t for t in _texts(at, "error") if "still busy" in t]
    assert len(Store(db_path).listing(ME)) == 1


def test_an_analysis_cut_by_its_budget_says_so_on_checklist_and_summary(
    monkeypatch: pytest.MonkeyPatch,
):
    # A budget far below the sample's length cuts the analysis: the reader must be told.
    monkeypatch.setenv("EVALUATOR_MAX_ANALYSIS_CHARS", "1000")
    at = _open_sample(_app())
    notes = [t for t in _texts(at, "warning") if "suggestions are incomplete" in t]
    assert len(notes) == 1 and "analysis incomplete" in notes[0]
    _goto(at, "summary")
    assert any("suggestions are incomplete" in t for t in _texts(at, "warning"))


def test_a_score_with_unanswered_questions_is_shown_as_incomplete():
    rubric = default_rubric()
    at = _open_sample(_app())
    first = rubric.criteria[0].id
    _answer_current(at, first, 2, "Rated by hand for this test.")
    _goto(at, "summary")
    assert at.metric[0].label == "Score so far (incomplete)"
    notes = [t for t in _texts(at, "warning") if t.startswith("Incomplete:")]
    assert len(notes) == 1
    assert f"{len(rubric.criteria) - 1} questions not answered yet" in notes[0]
    assert rubric.criteria[1].title in notes[0] and rubric.criteria[0].title not in notes[0]
    # The breakdown says which questions count, and shows no "0 out of 0" for the rest.
    rows = at.dataframe[0].value.to_dict("records")
    answered, other = rows[0], rows[1]
    assert answered["counts"] == "yes" and answered["out of"] == 100.0
    assert other["counts"] == "not yet: no answer"
    assert other["points"] is None or other["points"] != other["points"]  # None or NaN


def test_a_whole_analysis_carries_no_incomplete_note():
    at = _open_sample(_app())
    assert not [t for t in _texts(at, "warning") if "suggestions are incomplete" in t]


# --- blind mode belongs to the evaluation (issue 14, item 3) -----------------------------------

EXERCISE_REPORT = (
    b"Method. We used police records for 2019 to 2021 in Kirkford, supplied under a freedom of "
    b"information request. Of 1,240 recorded cases, 512 (41.3%) involved adult victims.\n"
)


def _goto(at: AppTest, url_path: str) -> AppTest:
    """Open a page registered by st.navigation (callable pages have no file to switch to)."""
    page_hash = next(
        h
        for h, info in at._registered_pages.items()
        if info.get("url_pathname") in {url_path, "" if url_path == "start" else url_path}
    )
    at._page_hash = page_hash
    at.run()
    at._page_hash = ""
    assert not at.exception, at.exception
    return at


def _open_blind_exercise(at: AppTest) -> AppTest:
    from evaluator import classroom as cls
    from evaluator.rubrics import RUBRIC_DIR as DIR

    toml = (DIR / "default.toml").read_text(encoding="utf-8")
    pack = cls.make_pack(
        title="Exercise",
        report=EXERCISE_REPORT,
        report_filename="kirkford.txt",
        rubric_toml=toml,
        answer_key={},
        instructions="",
        blind_mode=True,
    )
    _goto(at, "exercise")
    at.file_uploader(key="cls_pack_upload").upload(
        "k.exercise.json", cls.dump_pack(cls.student_copy(pack)), "application/json"
    )
    at.run()
    at.button(key="cls_start").click().run()
    assert not at.exception, at.exception
    assert _texts(at, "title") == ["Checklist"]
    assert "Required in this exercise." in _texts(at, "caption")
    return at


def _shows_as_blind(at: AppTest) -> bool:
    return "Required in this exercise." in _texts(at, "caption") or any(
        "Blind mode" in text for text in _texts(at, "info")
    )


def test_blind_mode_is_the_evaluations_not_left_over_from_an_exercise(db_path: Path):
    """The leak in issue 14: after a blind exercise, the Start box stayed ticked and an ordinary
    evaluation reopened from History showed as blind."""
    at = _open_sample(_app())
    ordinary = at.session_state["eval_id"]
    assert not _shows_as_blind(at)
    _open_blind_exercise(at)
    exercise = at.session_state["eval_id"]
    assert exercise != ordinary
    assert Store(db_path).load(exercise, ME).evaluation.blind_mode is True
    assert Store(db_path).load(ordinary, ME).evaluation.blind_mode is False

    _goto(at, "history")
    rows = {row.id: row for row in Store(db_path).listing(ME)}
    assert rows[exercise].blind_mode and not rows[ordinary].blind_mode
    assert sum("blind mode" in text for text in _texts(at, "markdown")) == 1
    at.button(key=f"open_{ordinary}").click().run()
    assert _texts(at, "title") == ["Checklist"]
    assert not _shows_as_blind(at)
    assert "Evidence from the report" in " ".join(_texts(at, "markdown"))

    _goto(at, "start")
    assert at.checkbox(key="blind_box").value is False  # a choice for the next one, unticked


def test_the_exercise_report_analysed_on_start_is_a_separate_ordinary_evaluation(db_path: Path):
    at = _open_blind_exercise(_app())
    exercise = at.session_state["eval_id"]
    _goto(at, "start")
    _upload(at, "kirkford.txt", EXERCISE_REPORT, "text/plain")
    assert at.session_state["eval_id"] != exercise
    assert not _shows_as_blind(at)
    _goto(at, "exercise")  # the ordinary evaluation is not the exercise's: nothing to hand in
    assert "Exercise" in _texts(at, "header")  # the pack is still loaded
    assert "Your answers" not in _texts(at, "header")
    # and going back to the exercise resumes it, blind
    at = _open_blind_exercise(at)
    assert at.session_state["eval_id"] == exercise


def test_a_blind_evaluation_chosen_on_start_stays_blind_when_reopened(db_path: Path):
    at = _app()
    at.checkbox(key="blind_box").check().run()
    _open_sample(at)
    blind_id = at.session_state["eval_id"]
    assert _shows_as_blind(at)
    at = _app()  # a new session: nothing in it says "blind"
    at.button(key="to_history").click().run()
    at.button(key=f"open_{blind_id}").click().run()
    assert _shows_as_blind(at)


# --- the place in the address (issue 14, item 2) ------------------------------------------------


def _app_at(params: dict[str, str], token: str = READER) -> AppTest:
    """A new session (a reload, a restart or a shared link) at the checklist's address."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["owner_token"] = token
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return _goto(at, "checklist")


def test_the_address_names_the_question_and_a_reload_returns_to_it_with_the_draft(db_path: Path):
    criteria = default_rubric().criteria
    at = _open_sample(_app())
    evaluation_id = at.session_state["eval_id"]
    assert at.query_params["q"] == criteria[0].id
    _answer_current(at, criteria[0].id, 1, "one source")
    assert at.query_params["q"] == criteria[1].id
    at.button(key="next").click().run()
    third = criteria[2].id
    assert at.query_params["q"] == third
    at.radio(key=f"ck_{third}_choice").set_value(0).run()  # kept as a draft at once
    at.text_area(key=f"ck_{third}_justification").input("typed so far").run()

    again = _app_at({"evaluation": str(evaluation_id), "q": third})
    assert _texts(again, "header")[0] == f"3. {criteria[2].title}"
    assert again.radio(key=f"ck_{third}_choice").value == 0
    assert again.text_area(key=f"ck_{third}_justification").value == "typed so far"
    assert "Draft: kept here, not saved yet." in _texts(again, "caption")
    assert again.query_params["q"] == third


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"evaluation": "abc"}, "not one of yours"),
        ({"evaluation": "9" * 40}, "not one of yours"),
        ({"evaluation": "-1"}, "not one of yours"),
        ({"evaluation": "<script>alert(1)</script>"}, "not one of yours"),
        ({"evaluation": "999"}, "not one of yours"),
    ],
)
def test_a_bad_evaluation_in_the_address_is_a_clear_message(
    db_path: Path, params: dict[str, str], message: str
):
    _open_sample(_app())
    at = _app_at(params)
    assert _texts(at, "title") == ["Checklist"]
    assert any(message in text for text in _texts(at, "warning"))
    assert any("No evaluation is open" in text for text in _texts(at, "info"))
    assert "evaluation" not in at.query_params


def test_another_readers_evaluation_in_the_address_does_not_open(db_path: Path):
    at = _open_sample(_app())
    theirs = at.session_state["eval_id"]
    other = _app_at({"evaluation": str(theirs)}, token="reader-two-" + "y" * 32)
    assert any("not one of yours" in text for text in _texts(other, "warning"))
    assert "eval_id" not in other.session_state
    assert not [r for r in other.radio if str(r.key).startswith("ck_")]


@pytest.mark.parametrize("named", ["nope", "<b>x</b>", "sources" * 50, ""])
def test_an_unknown_question_in_the_address_opens_the_first_unanswered(db_path: Path, named: str):
    criteria = default_rubric().criteria
    at = _open_sample(_app())
    _answer_current(at, criteria[0].id, 1, "one source")
    at = _app_at({"evaluation": str(at.session_state["eval_id"]), "q": named})
    assert _texts(at, "header")[0] == f"2. {criteria[1].title}"
    assert at.query_params["q"] == criteria[1].id
    warned = any("does not have" in text for text in _texts(at, "warning"))
    assert warned is bool(named)


# --- feedback where the eye is (issue 14, item 4) -----------------------------------------------


def _in_order(at: AppTest) -> list[str]:
    """The main area's elements in the order drawn: a button by its key, an alert by its text."""
    out: list[str] = []

    def walk(node: object) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for index in sorted(children):
                walk(children[index])
            return
        kind = getattr(node, "type", "")
        if kind == "button":
            out.append(f"button:{node.key}")  # type: ignore[attr-defined]
        elif kind in {"alert", "success", "error", "warning", "info"} or kind.startswith("alert"):
            out.append(f"{kind}:{node.value}")  # type: ignore[attr-defined]
        elif kind == "header":
            out.append(f"header:{node.value}")  # type: ignore[attr-defined]

    walk(at.main)
    return out


def _after(order: list[str], first: str, then: str) -> bool:
    hits = [i for i, item in enumerate(order) if item.startswith(then)]
    return first in order and bool(hits) and hits[0] == order.index(first) + 1


def test_save_messages_appear_beside_the_button_pressed(db_path: Path):
    criteria = default_rubric().criteria
    cid = criteria[0].id
    at = _open_sample(_app())
    at.radio(key=f"ck_{cid}_choice").set_value(0)
    at.button(key="save").click().run()  # an override with no reason: refused
    order = _in_order(at)
    assert _after(order, "button:save_next", "error:Write a justification"), order

    at.button(key="next").click().run()  # refused too: the message is by Back and Next
    order = _in_order(at)
    assert _after(order, "button:to_summary", "error:Write a justification"), order
    assert len([item for item in order if item.startswith("error:")]) == 1

    at.text_area(key=f"ck_{cid}_justification").input("nothing named")
    at.button(key="save").click().run()
    order = _in_order(at)
    assert _after(order, "button:save_next", "success:Answer saved."), order

    at.button(key="save_next").click().run()  # a new question: the message sits at its top
    order = _in_order(at)
    assert order.index("success:Answer saved.") < order.index(f"header:2. {criteria[1].title}")
    assert len([item for item in order if item.startswith("success:")]) == 1


# --- issue 14, item 5: names and records ------------------------------------------------------


def _stored(db_path: Path, at: AppTest) -> Evaluation:
    record = Store(db_path).load(at.session_state["eval_id"], ME)
    assert record is not None
    return record.evaluation


def test_a_sample_goes_by_its_title_not_report_pdf(db_path: Path):
    from evaluator.samples import list_samples

    title = next(s.title for s in list_samples() if s.id == SAMPLE_ID)
    at = _open_sample(_app())
    evaluation = _stored(db_path, at)
    assert evaluation.document_title == title
    document = Store(db_path).document(evaluation.document_sha256, ME)
    assert document is not None and document.filename == f"{SAMPLE_ID}.pdf"
    # said on the Checklist, where the reader lands, and not again on a later visit to Start
    started = f"Started a new evaluation of {exports.md_escape(title)}."
    assert at.title[0].value == "Checklist"
    assert started in _texts(at, "success")
    assert "start_message" not in at.session_state
    shown = _texts(at, "caption") + _texts(at, "markdown")
    assert any(exports.md_escape(title) in text for text in _texts(at, "caption"))
    assert not any("report.pdf" in text for text in shown)


def test_an_upload_with_a_junk_metadata_title_is_titled_from_its_cover(db_path: Path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("HHS2022B")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Hate Crime Recorded in Brackenfield\n\nIn 2019, 12 of 40 cases were.")
    at = _upload(_app(), "HHS2022B.pdf", bytes(pdf.output()))
    assert _texts(at, "title") == ["Checklist"]
    assert _stored(db_path, at).document_title == "Hate Crime Recorded in Brackenfield"


def test_the_reader_edits_the_title_and_gives_their_name_on_export(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
):
    offered: list[str] = []  # AppTest does not report a download's file name: note it here
    original = st.download_button

    def download_button(*args, **kwargs):
        offered.append(kwargs["file_name"])
        return original(*args, **kwargs)

    monkeypatch.setattr(st, "download_button", download_button)

    def _download_names(at: AppTest) -> list[str]:
        names = offered[-3:]
        offered.clear()
        return names

    at = _open_sample(_app())
    for key in ("to_summary", "to_export"):
        at.button(key=key).click().run()
    assert _texts(at, "title") == ["Export"]
    evaluation_id = at.session_state["eval_id"]
    before = _stored(db_path, at)
    date = before.updated_at.strftime("%Y-%m-%d")
    assert (
        _download_names(at)[0]
        == f"independent-audit-of-child-sexual-exploitation-case-records-{date}.json"
    )

    at.text_input(key=f"details_title_{evaluation_id}").input("Kirkford audit: <b>[v1.0]</b>")
    at.text_input(key=f"details_name_{evaluation_id}").input("  Zoë   Lovelace ")
    next(b for b in at.button if b.label == "Save title and name").click().run()
    assert not at.exception, at.exception
    assert any("Title and name saved" in text for text in _texts(at, "success"))

    after = _stored(db_path, at)
    assert after.document_title == "Kirkford audit: <b>[v1.0]</b>"
    assert after.evaluator_name == "Zoë Lovelace"
    assert after.answers == before.answers
    names = _download_names(at)
    stem = f"kirkford-audit-b-v1-0-b-{after.updated_at.strftime('%Y-%m-%d')}-zoe-lovelace"
    assert names == [f"{stem}.json", f"{stem}.md", f"{stem}.html"]
    preview = at.code[0].value
    assert preview.startswith("# Evaluation: Kirkford audit: &lt;b>\\[v1.0\\]&lt;/b>\n")
    assert "- Evaluator: Zoë Lovelace" in preview and "- Last saved: " in preview
    assert any("last saved" in text for text in _texts(at, "caption"))

    # a rerun keeps both as stored; History and Summary show the new title and the name
    at.run()
    assert at.text_input(key=f"details_name_{evaluation_id}").value == "Zoë Lovelace"
    assert Store(db_path).listing(ME)[0].label == "Kirkford audit: <b>[v1.0]</b>"
    caption = _texts(_goto(at, "summary"), "caption")[0]
    assert caption.startswith(exports.md_escape("Kirkford audit: <b>[v1.0]</b>"))
    assert " · by Zoë Lovelace · started " in caption and " · last saved " in caption
    assert "Kirkford audit" in " ".join(_texts(_goto(at, "history"), "markdown"))


def test_repeated_controls_have_names_of_their_own(db_path: Path):
    """A screen reader lists buttons by name: each quote's and each saved row's say which."""
    at = _open_sample(_app())
    cid = default_rubric().criteria[0].id
    for quote in ("first own quote", "second own quote"):
        at.text_area(key=f"ck_{cid}_new_quote").input(quote)
        at.button(key=f"ck_{cid}_add_quote").click().run()
    labels = [b.label for b in at.button]
    assert len(labels) == len(set(labels)), labels
    assert {"Mark quote 1 irrelevant", "Mark quote 2 irrelevant"} <= set(labels)
    assert {"Remove your quote 1", "Remove your quote 2"} <= set(labels)
    expanders = [e.label for e in at.expander]
    assert len(expanders) == len(set(expanders)), expanders

    _goto(at, "history")
    evaluation_id = at.session_state["eval_id"]
    at.button(key=f"duplicate_{evaluation_id}").click().run()
    labels = [b.label for b in at.button]
    assert len(labels) == len(set(labels)), labels
    assert {"Open evaluation 1", "Open evaluation 2", "Delete evaluation 2"} <= set(labels)


# --- issue 14, item 8: the step's part reruns alone, and survives a restart ---------------------


def test_a_rerun_naming_a_fragment_the_session_has_not_drawn_reruns_the_whole_page(
    monkeypatch: pytest.MonkeyPatch,
):
    from types import SimpleNamespace

    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime.app_session import AppSession

    from evaluator_ui import reconnect

    asked: list[ClientState | None] = []
    monkeypatch.setattr(AppSession, "request_rerun", lambda self, state: asked.append(state))
    reconnect.install()
    reconnect.install()  # once only: a second call does not wrap it again
    session = SimpleNamespace(has_fragment=lambda fragment: fragment == "drawn")
    AppSession.request_rerun(session, ClientState(fragment_id="gone", query_string="q=x"))
    AppSession.request_rerun(session, ClientState(fragment_id="drawn"))
    AppSession.request_rerun(session, None)
    assert [s.fragment_id if s else None for s in asked] == ["", "drawn", None]
    assert asked[0] is not None and asked[0].query_string == "q=x"  # the tab's values are kept


def test_the_checklist_draws_the_reconnect_watcher(db_path: Path):
    at = _open_sample(_app())
    assert _texts(at, "title") == ["Checklist"]
    scripts = [str(getattr(e, "proto", "")) for e in at.get("html")]
    assert any("__evaluatorRerunOnReconnect" in s for s in scripts)
