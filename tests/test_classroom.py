"""Classroom exercises: packs, submissions, and agreement figures checked against hand working."""

from __future__ import annotations

import base64
import csv
import io
import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from evaluator.answer_keys import CriterionKey
from evaluator.classroom import (
    MAX_PACK_BYTES,
    NA,
    ExercisePack,
    Submission,
    agreement,
    alpha_sentence,
    build_key_entry,
    class_dashboard,
    dump_pack,
    dump_submission,
    import_submissions,
    kappa_reasons,
    kappa_sentence,
    key_entry_data,
    key_from_tables,
    key_to_toml,
    krippendorff_alpha,
    load_pack,
    make_pack,
    make_submission,
    parse_class_key,
    quadratic_kappa,
    spread_chart,
    student_copy,
)
from evaluator.classroom.dashboard import ONE_KEY_LEVEL
from evaluator.errors import InputError
from evaluator.models import Answer, Evaluation, RubricRef, Suggestion
from evaluator.rubrics import RUBRIC_DIR, parse_rubric
from evaluator_ui.classroom_tables import (
    class_table_csv,
    class_table_rows,
    comparison_rows,
    criterion_table,
    item_table,
    kappa_words,
    student_table,
)

DEFAULT_TOML = (RUBRIC_DIR / "default.toml").read_text(encoding="utf-8")
DEFAULT = parse_rubric(DEFAULT_TOML)
REPORT = b"Of 1,240 recorded cases in 2019-2021, 512 (41.3%) involved adult victims.\n"
SHA = "a" * 64
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

TINY_TOML = "\n".join(
    [
        'id = "tiny"',
        'version = "1"',
        'title = "Three questions"',
        *(
            f'[[criteria]]\nid = "{cid}"\ntitle = "{cid}"\nquestion = "q"\nguidance = "g"\n'
            'why_it_matters = "w"\n[criteria.levels]\n0 = "a"\n1 = "b"\n2 = "c"\n3 = "d"\n'
            for cid in ("sources", "denominators", "scope")
        ),
    ]
)
TINY = parse_rubric(TINY_TOML)


def key_entry(rating: int | str, tolerance: int = 0) -> CriterionKey:
    if rating == NA:
        return CriterionKey(not_applicable=True, justification="does not apply")
    return CriterionKey(
        level=rating,
        tolerance=tolerance,
        justification="because the method section says so",
        evidence=[{"page": 1, "quote": "recorded cases"}],
    )


def evaluation(
    ratings: dict[str, int | str | None],
    rubric=DEFAULT,
    sha: str = SHA,
    updated: datetime = T0,
    suggestions: list[Suggestion] | None = None,
) -> Evaluation:
    answers = {}
    for cid, rating in ratings.items():
        if rating is None:
            continue
        if rating == NA:
            answers[cid] = Answer(criterion_id=cid, not_applicable=True, decision="accepted")
        else:
            answers[cid] = Answer(criterion_id=cid, level=rating, decision="accepted")
    return Evaluation(
        document_sha256=sha,
        rubric=RubricRef(id=rubric.id, version=rubric.version),
        answers=answers,
        suggestions=suggestions or [],
        created_at=T0,
        updated_at=updated,
    )


def files_of(submissions: list[Submission]) -> list[tuple[str, bytes]]:
    return [(f"{s.student}.json", dump_submission(s)) for s in submissions]


# --- agreement on a single table worked by hand -------------------------------------------------


def test_agreement_matches_hand_computation():
    # key     : 0 1 2 3 2 1
    # student : 0 2 2 3 1 1
    # exact: items 1, 3, 4, 6 -> 4/6. Within one: every difference is 0 or 1 -> 6/6.
    # Quadratic kappa = 1 - Σw·O / Σw·E with w = (i-j)² (the 1/9 scale cancels).
    # Σw·O: two pairs one apart -> 1 + 1 = 2.
    # Both marginals are [1, 2, 2, 1] over levels 0..3, n = 6; Σ(i-j)²·a_i·b_j =
    #   row 0: 1·2·1 + 4·2·1 + 9·1·1 = 19; row 1: 1·1·2 + 1·2·2 + 4·1·2 = 14;
    #   row 2: 4·1·2 + 1·2·2 + 1·1·2 = 14; row 3: 9·1·1 + 4·2·1 + 1·2·1 = 19; total 66.
    # Σw·E = 66 / 6 = 11, so kappa = 1 - 2/11 = 9/11 ≈ 0.8182. (Linear weights would give 0.684.)
    key = [0, 1, 2, 3, 2, 1]
    student = [0, 2, 2, 3, 1, 1]
    result = agreement(list(zip(student, key, strict=True)))
    assert (result.compared, result.exact, result.within_one) == (6, 4, 6)
    assert result.exact_rate == pytest.approx(4 / 6, abs=1e-4)
    assert result.within_one_rate == 1.0
    assert result.kappa == pytest.approx(9 / 11, abs=1e-4)
    assert result.kappa_pairs == 6


def test_not_applicable_counts_as_a_rating_but_not_in_kappa():
    # (n/a, n/a) exact; (n/a, 2) off in both senses; (3, 1) two apart; (1, 1) exact.
    pairs = [(NA, NA), (NA, 2), (3, 1), (1, 1)]
    result = agreement(pairs)
    assert (result.compared, result.exact, result.within_one) == (4, 2, 2)
    # Kappa only sees (3, 1) and (1, 1): the key side is constant at 1 -> undefined.
    assert result.kappa_pairs == 2
    assert result.kappa is None
    assert "same level" in result.kappa_note


@pytest.mark.parametrize(
    ("first", "second", "why"),
    [
        ([2, 2, 2], [1, 2, 3], "same level"),  # a constant student: kappa would be 0 by formula
        ([1, 1], [1, 1], "same level"),  # both constant: 0/0
        ([2], [3], "fewer than two"),
        ([], [], "fewer than two"),
    ],
)
def test_kappa_is_undefined_not_a_crash(first, second, why):
    value, note = quadratic_kappa(first, second)
    assert value is None
    assert why in note


def test_kappa_reaches_minus_one_for_reversed_ratings():
    # Pairs (0,3) and (3,0): Σw·O = 9 + 9 = 18; marginals [1,0,0,1] both, n = 2:
    # Σw·E = (9·1·1 + 9·1·1) / 2 = 9; kappa = 1 - 18/9 = -1.
    assert quadratic_kappa([0, 3], [3, 0]) == (-1.0, "")


# Krippendorff's worked example ("Computing Krippendorff's Alpha-Reliability", 2011): four
# observers, twelve units, values 1-5, '*' missing. Published: nominal 0.743, ordinal 0.815,
# interval 0.849.
#   A: 1 2 3 3 2 1 4 1 2 * * *
#   B: 1 2 3 3 2 2 4 1 2 5 * 3
#   C: * 3 3 3 2 3 4 2 2 5 1 *
#   D: 1 2 3 3 2 4 4 1 2 5 1 *
PAPER_UNITS = [
    [1, 1, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [5, 5, 5],
    [1, 1],
    [3],
]


@pytest.mark.parametrize(
    ("metric", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_krippendorff_alpha_matches_the_published_example(metric, published):
    value, note = krippendorff_alpha(PAPER_UNITS, metric)
    assert value == pytest.approx(published, abs=5e-4)
    assert note == ""


def test_krippendorff_alpha_small_case_by_hand():
    # Two units rated by two students: [0, 0] and [0, 1]. Coincidences: o(0,0) = 2 (unit 1)
    # + 0, o(0,1) = o(1,0) = 1 (unit 2). Totals n0 = 3, n1 = 1, n = 4.
    # Nominal: Do ∝ o(0,1) + o(1,0) = 2; De ∝ (n0·n1 + n1·n0) = 6;
    #   alpha = 1 - (n - 1)·2/6 = 1 - 3·2/6 = 0.
    assert krippendorff_alpha([[0, 0], [0, 1]], "nominal") == (0.0, "")
    # Perfect agreement on two different levels: [0, 0], [3, 3] -> alpha = 1.
    assert krippendorff_alpha([[0, 0], [3, 3]])[0] == 1.0


@pytest.mark.parametrize(
    ("units", "why"),
    [([[2, 2], [2, 2, 2]], "same level"), ([[1], [2]], "two or more"), ([], "two or more")],
)
def test_krippendorff_alpha_undefined_cases(units, why):
    value, note = krippendorff_alpha(units)
    assert value is None
    assert why in note


# --- a small class worked by hand ---------------------------------------------------------------

# Key: sources 2, denominators 1, scope n/a.
#   ana: 2, 1, n/a   -> 3 compared, 3 exact, 3 within one
#   ben: 3, 1, 2     -> 3 compared, 1 exact (denominators), 2 within one (scope n/a vs 2 is off)
#   cai: 1, 3, n/a   -> 3 compared, 1 exact (scope), 2 within one (denominators 3 vs 1 is off)
#   dee: 2, –, n/a   -> 2 compared (denominators unanswered), 2 exact, 2 within one
SMALL_KEY = {
    "sources": key_entry(2, tolerance=1),
    "denominators": key_entry(1),
    "scope": key_entry(NA),
}
SMALL_CLASS = {
    "ana": {"sources": 2, "denominators": 1, "scope": NA},
    "ben": {"sources": 3, "denominators": 1, "scope": 2},
    "cai": {"sources": 1, "denominators": 3, "scope": NA},
    "dee": {"sources": 2, "denominators": None, "scope": NA},
}


def small_class() -> list[Submission]:
    return [make_submission(name, evaluation(r, TINY)) for name, r in SMALL_CLASS.items()]


def test_small_class_per_criterion_by_hand():
    board = class_dashboard(small_class(), TINY, {SHA: SMALL_KEY}, {SHA: "Report A"})
    by_id = {c.criterion_id: c for c in board.criteria}

    sources = by_id["sources"]
    assert sources.distribution == {"0": 0, "1": 1, "2": 2, "3": 1, NA: 0, "unanswered": 0}
    assert (sources.agreement.compared, sources.agreement.exact) == (4, 2)
    assert sources.agreement.within_one == 4
    # One report: the key says 2 for every student, so kappa cannot say anything.
    assert sources.agreement.kappa is None

    denominators = by_id["denominators"]
    assert denominators.distribution["1"] == 2
    assert denominators.distribution["unanswered"] == 1
    assert (denominators.agreement.compared, denominators.agreement.exact) == (3, 2)
    assert denominators.agreement.within_one_rate == pytest.approx(2 / 3, abs=1e-4)

    scope = by_id["scope"]
    assert scope.distribution[NA] == 3
    assert (scope.agreement.exact, scope.agreement.within_one) == (3, 3)
    assert scope.agreement.kappa_pairs == 0

    # Among students (key aside), levels only: sources [2, 3, 1, 2], denominators [1, 1, 3],
    # scope [2] (one level: not pairable). Ordinal alpha from the same routine as the paper's:
    assert board.class_alpha == krippendorff_alpha([[2, 3, 1, 2], [1, 1, 3]])[0]
    # Items to discuss: exact 2/4 (sources) < 2/3 (denominators) < 3/4 (scope).
    assert [i.criterion_id for i in board.lowest] == ["sources", "denominators", "scope"]
    # Tolerance 1 on sources: 2, 3, 1, 2 are all within it.
    assert board.lowest[0].within_tolerance == 4
    assert board.lowest[0].key == "2"


def test_small_class_per_student_by_hand():
    board = class_dashboard(small_class(), TINY, {SHA: SMALL_KEY})
    students = {s.student: s.agreement for s in board.per_student}
    assert [s.student for s in board.per_student] == ["ana", "ben", "cai", "dee"]
    assert (students["ana"].exact, students["ana"].compared) == (3, 3)
    assert (students["ben"].exact, students["ben"].within_one) == (1, 2)
    assert (students["cai"].exact, students["cai"].within_one) == (1, 2)
    assert (students["dee"].exact, students["dee"].compared) == (2, 2)
    # ana: level pairs (2,2), (1,1): no disagreement -> kappa 1.
    assert students["ana"].kappa == pytest.approx(1.0)
    # ben: pairs (3,2), (1,1). Σw·O = 1. Student levels {1, 3}, key levels {1, 2}, n = 2:
    #   Σw·E = [(1-1)² + (1-2)² + (3-1)² + (3-2)²] / 2 = 6/2 = 3 -> kappa = 1 - 1/3 = 0.6667.
    assert students["ben"].kappa == pytest.approx(2 / 3, abs=1e-4)
    # cai: pairs (1,2), (3,1). Σw·O = 1 + 4 = 5; same marginals as ben -> Σw·E = 3;
    #   kappa = 1 - 5/3 = -0.6667.
    assert students["cai"].kappa == pytest.approx(-2 / 3, abs=1e-4)
    # dee: one level pair only.
    assert students["dee"].kappa is None


def test_per_criterion_kappa_across_two_reports():
    # Report A key sources 2, report B key sources 0; three students rate both.
    #   pairs (student, key): A: (2,2) (3,2) (2,2); B: (0,0) (1,0) (0,0)
    # Student marginals: 0:2, 1:1, 2:2, 3:1; key marginals: 0:3, 2:3; n = 6.
    # Σw·O = 1 + 1 = 2.
    # Σ(i-j)²·s_i·k_j = s0: 0·2·3 + 4·2·3 = 24; s1: 1·1·3 + 1·1·3 = 6; s2: 4·2·3 + 0 = 24;
    #   s3: 9·1·3 + 1·1·3 = 30; total 84; Σw·E = 84/6 = 14; kappa = 1 - 2/14 = 6/7 ≈ 0.8571.
    other = "b" * 64
    keys = {SHA: {"sources": key_entry(2)}, other: {"sources": key_entry(0)}}
    subs = []
    for name, a, b in (("x", 2, 0), ("y", 3, 1), ("z", 2, 0)):
        subs.append(make_submission(name, evaluation({"sources": a}, TINY, SHA)))
        subs.append(make_submission(name, evaluation({"sources": b}, TINY, other)))
    board = class_dashboard(subs, TINY, keys)
    sources = next(c for c in board.criteria if c.criterion_id == "sources")
    assert sources.agreement.kappa == pytest.approx(6 / 7, abs=1e-4)
    assert board.students == 3
    assert {s.submissions for s in board.per_student} == {2}


def test_dashboard_without_a_key_still_shows_the_spread():
    board = class_dashboard(small_class(), TINY, {SHA: None})
    assert all(c.agreement is None for c in board.criteria)
    assert board.criteria[0].distribution["2"] == 2
    # Lowest consensus first: sources 2/4 = 0.5, denominators 2/3, scope 3/4.
    assert [i.criterion_id for i in board.lowest] == ["sources", "denominators", "scope"]
    assert board.lowest[0].consensus == 0.5


def test_tool_suggestion_is_shown_beside_the_key():
    tool = [
        Suggestion(
            id="sources",
            suggested_level=1,
            status="suggested",
            confidence=0.6,
            rationale="r",
        )
    ]
    subs = [make_submission("ana", evaluation({"sources": 2}, TINY, suggestions=tool))]
    board = class_dashboard(subs, TINY, {SHA: SMALL_KEY})
    item = next(i for i in board.items if i.criterion_id == "sources")
    assert (item.tool, item.key) == ("1", "2")
    # Only sources has both a suggestion and a key entry: 1 against 2, within one, not exact.
    assert (board.tool.compared, board.tool.exact, board.tool.within_one) == (1, 0, 1)


# --- the class table ----------------------------------------------------------------------------


def test_class_table_csv_has_one_row_per_student_and_question():
    subs = small_class()
    subs[1] = make_submission(
        "=cmd|' /C calc'!A0",
        evaluation({"sources": 3}, TINY).model_copy(
            update={
                "answers": {
                    "sources": Answer(
                        criterion_id="sources",
                        level=3,
                        decision="overridden",
                        justification="+ the annex lists every force",
                    )
                }
            }
        ),
    )
    text = class_table_csv(class_table_rows(subs, TINY, {SHA: SMALL_KEY}, {SHA: "Report A"}))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4 * 3
    ana_sources = next(r for r in rows if r["student"] == "ana" and r["criterion"] == "sources")
    assert ana_sources["student_rating"] == "2"
    assert ana_sources["key_rating"] == "2"
    assert ana_sources["agreement"] == "exact"
    assert ana_sources["report"] == "Report A"
    cai_den = next(r for r in rows if r["student"] == "cai" and r["criterion"] == "denominators")
    assert cai_den["agreement"] == "off"
    dee_den = next(r for r in rows if r["student"] == "dee" and r["criterion"] == "denominators")
    assert dee_den["agreement"] == "unanswered"
    # Text that a spreadsheet would run as a formula is defused.
    odd = [r for r in rows if r["student"].startswith("'=")]
    assert len(odd) == 3
    assert odd[0]["justification"].startswith("'+")


# --- packs --------------------------------------------------------------------------------------


def teacher_pack(**changes) -> ExercisePack:
    options = dict(
        title="Reading the Kirkford audit",
        report=REPORT,
        report_filename="kirkford.txt",
        rubric_toml=DEFAULT_TOML,
        answer_key={"sources": key_entry(2), "scope": key_entry(NA)},
        teacher_notes="Content warning first. Keep discussion on the reporting.",
        instructions="Answer each question before you reveal the suggestion.",
        blind_mode=True,
        key_released=False,
    )
    options.update(changes)
    return make_pack(**options)


def test_pack_round_trips():
    pack = teacher_pack()
    again = load_pack(dump_pack(pack), "pack.json")
    assert again == pack
    assert again.report_bytes() == REPORT
    assert again.rubric() == DEFAULT
    assert again.answer_key["sources"].level == 2
    assert again.settings.blind_mode is True


def test_a_report_too_large_for_a_pack_is_refused_when_making_it():
    with pytest.raises(InputError) as caught:
        teacher_pack(report=b"x" * MAX_PACK_BYTES)
    assert caught.value.code == "too_large"
    assert caught.value.message.startswith("kirkford.txt is ")


def test_student_copy_hides_notes_and_unreleased_key():
    pack = teacher_pack()
    copy = load_pack(dump_pack(student_copy(pack)), "student.json")
    assert copy.audience == "student"
    assert copy.teacher_notes == ""
    assert copy.answer_key is None
    assert b"method section" not in dump_pack(student_copy(pack))  # the key's justification
    released = student_copy(teacher_pack(key_released=True))
    assert released.answer_key["sources"].level == 2
    assert released.instructions.startswith("Answer each")


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: d.update(report_base64=base64.b64encode(b"other").decode()), "altered"),
        (lambda d: d.update(report_base64="***"), "base64"),
        (lambda d: d["settings"].update(show_key=True), "unknown key"),
        (lambda d: d.update(rubric_toml="id = ["), "invalid TOML"),
        (lambda d: d["answer_key"].update(bogus=d["answer_key"]["sources"]), "not in the rubric"),
        (lambda d: d.update(audience="student"), "student copy"),
        (lambda d: d.update(answer_key=None, settings={"key_released": True}), "no answer key"),
    ],
)
def test_damaged_pack_gives_one_clear_line(mutate, needle):
    data = json.loads(dump_pack(teacher_pack()))
    mutate(data)
    with pytest.raises(InputError) as caught:
        load_pack(json.dumps(data).encode(), "class.exercise.json")
    assert caught.value.message.startswith("class.exercise.json: ")
    assert needle in caught.value.message
    assert "\n" not in caught.value.message


@pytest.mark.parametrize(
    ("data", "code"), [(b"", "empty"), (b"\xff\xfe{", "not_json"), (b"[1, 2]", "not_a_pack")]
)
def test_not_a_pack_at_all(data, code):
    with pytest.raises(InputError) as caught:
        load_pack(data, "x.json")
    assert caught.value.code == code


# --- importing submissions ----------------------------------------------------------------------


def test_damaged_and_duplicate_submissions_are_named_and_skipped():
    good = small_class()
    newer = make_submission(
        "Ana ", evaluation({"sources": 3}, TINY, updated=T0 + timedelta(hours=1))
    )
    bare = evaluation({"sources": 1}, TINY).model_dump_json().encode()
    other_report = make_submission("eve", evaluation({"sources": 1}, TINY, sha="c" * 64))
    files = [
        *files_of(good),
        ("broken.json", b'{"kind": "report-evaluator/submission", "student": '),
        ("photo.png", b"\x89PNG\r\n\x1a\n"),
        ("deep.json", b"[" * 200_000 + b"]" * 200_000),
        ("wrong-shape.json", json.dumps({"kind": "report-evaluator/submission"}).encode()),
        ("ana-again.json", dump_submission(newer)),
        ("fred.json", bare),
        ("eve.json", dump_submission(other_report)),
        ("old-rubric.json", dump_submission(make_submission("gus", evaluation({}, DEFAULT)))),
    ]
    result = import_submissions(files, rubric=TINY, reports=[SHA])
    problems = {p.name: p for p in result.problems}
    assert problems["broken.json"].kind == "damaged"
    assert "bad JSON" in problems["broken.json"].message
    assert problems["photo.png"].kind == "damaged"
    assert "nested 200000 levels deep" in problems["deep.json"].message
    assert problems["wrong-shape.json"].kind == "damaged"
    assert "student" in problems["wrong-shape.json"].message
    # Two differing ones from ana (case and spacing differ): held back for the teacher.
    [conflict] = result.conflicts
    assert sorted(c.name for c in conflict.candidates) == ["ana-again.json", "ana.json"]
    assert problems["eve.json"].kind == "other_report"
    assert problems["old-rubric.json"].kind == "other_rubric"
    accepted = {i.name: i.submission for i in result.accepted}
    assert sorted(accepted) == ["ben.json", "cai.json", "dee.json", "fred.json"]
    assert accepted["fred.json"].student == "fred"
    assert any("fred.json" in note for note in result.notes)
    ref = next(c.ref for c in conflict.candidates if c.name == "ana-again.json")
    chosen = import_submissions(files, rubric=TINY, reports=[SHA], keep={ref})
    assert not chosen.conflicts
    accepted = {i.name: i.submission for i in chosen.accepted}
    assert accepted["ana-again.json"].evaluation.answers["sources"].level == 3
    assert "ana.json" not in accepted
    assert "you chose ana-again.json" in {p.name: p for p in chosen.problems}["ana.json"].message


def test_duplicates_with_and_without_a_time_zone_do_not_break_the_import():
    aware = make_submission("ana", evaluation({"sources": 1}, TINY, updated=T0))
    naive = json.loads(dump_submission(make_submission("ana", evaluation({"sources": 2}, TINY))))
    naive["evaluation"]["updated_at"] = "2026-01-05T10:00:00"  # no zone: read as UTC, 1 h later
    files = [("a.json", dump_submission(aware)), ("b.json", json.dumps(naive).encode())]
    result = import_submissions(files, rubric=TINY)
    assert result.accepted == []
    times = {c.name: c.updated_at for c in result.conflicts[0].candidates}
    assert times["b.json"] == datetime(2026, 1, 5, 10, tzinfo=UTC)
    assert times["a.json"] == T0


def test_a_classmate_cannot_replace_a_submission_with_a_padded_name_and_a_future_time():
    """Issue 10, item 7: ' ANA ' with an updated_at in 2099 used to replace ana's hand-in."""
    mine = make_submission("ana", evaluation({"sources": 2}, TINY, updated=T0))
    forged = make_submission(
        " ＡＮＡ ", evaluation({"sources": 0}, TINY, updated=datetime(2099, 1, 1, tzinfo=UTC))
    )
    files = [("ana.json", dump_submission(mine)), ("forged.json", dump_submission(forged))]
    for order in (files, files[::-1]):
        result = import_submissions(order, rubric=TINY, now=T0 + timedelta(days=1))
        assert result.accepted == []  # neither counts until the teacher chooses
        [conflict] = result.conflicts
        candidates = {c.name: c for c in conflict.candidates}
        assert candidates["forged.json"].updated_at is None
        assert "in the future: not trusted" in candidates["forged.json"].note
        assert candidates["ana.json"].updated_at == T0
        assert "none is counted until you choose one" in conflict.message


@pytest.mark.parametrize("forged_time", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+01:00"])
def test_a_time_beyond_what_a_datetime_holds_is_untrusted_not_a_crash(forged_time: str):
    # Shifting these to UTC overflows: it used to raise OverflowError out of the import.
    mine = make_submission("ana", evaluation({"sources": 2}, TINY, updated=T0))
    forged = json.loads(
        dump_submission(make_submission("Ana", evaluation({"sources": 0}, TINY, updated=T0)))
    )
    forged["evaluation"]["updated_at"] = forged_time
    files = [("ana.json", dump_submission(mine)), ("forged.json", json.dumps(forged).encode())]
    result = import_submissions(files, rubric=TINY, now=T0 + timedelta(days=1))
    [conflict] = result.conflicts
    candidates = {c.name: c for c in conflict.candidates}
    assert candidates["forged.json"].updated_at is None
    assert "out of range: not trusted" in candidates["forged.json"].note


@pytest.mark.parametrize(
    "lookalike",
    ["a\u200bna", "ana\ufe0f", "an\u034fa", "ANA\u3164", "ana\u00ad", "ana\U000e0001", "\u0430na"],
)
def test_a_name_that_only_looks_like_another_is_refused(lookalike: str):
    # Invisible characters or a Cyrillic "а" make a second "ana" the teacher cannot tell apart.
    with pytest.raises(InputError):
        make_submission(lookalike, evaluation({}, TINY))
    assert make_submission("a\u0308na", evaluation({}, TINY)).student == "a\u0308na"
    assert make_submission("Анна", evaluation({}, TINY)).student == "Анна"  # one alphabet


def test_identical_resubmissions_count_once_without_a_conflict():
    first = make_submission("ana", evaluation({"sources": 2}, TINY, updated=T0))
    again = make_submission("Ana", evaluation({"sources": 2}, TINY, updated=T0 + timedelta(1)))
    files = [("a.json", dump_submission(first)), ("b.json", dump_submission(again))]
    result = import_submissions(files, rubric=TINY)
    assert [i.name for i in result.accepted] == ["a.json"]
    assert not result.conflicts
    assert "the same answers as a.json" in result.problems[0].message


def test_student_key_normalises_width_case_and_spacing():
    from evaluator.classroom import student_key

    assert student_key("  Ａｎａ \t Lee ") == student_key("ana lee") == "ana lee"
    assert student_key("STRASSE") == student_key("straße")


def test_submission_name_is_checked():
    with pytest.raises(InputError):
        make_submission("   ", evaluation({}, TINY))
    with pytest.raises(InputError):
        make_submission("a\x00b", evaluation({}, TINY))
    assert make_submission("  Ana   Lee ", evaluation({}, TINY)).student == "Ana Lee"


# --- thirty students, checked against an independent computation --------------------------------


def independent_qwk(first: list[int], second: list[int]) -> float:
    """Weighted kappa written out from its definition, without scikit-learn."""
    n = len(first)
    observed = sum((a - b) ** 2 for a, b in zip(first, second, strict=True)) / n
    expected = sum(
        (i - j) ** 2 * first.count(i) * second.count(j) for i in range(4) for j in range(4)
    ) / (n * n)
    return 1 - observed / expected


def test_thirty_submissions_load_and_match_an_independent_computation():
    rng = random.Random(7)
    ids = [c.id for c in DEFAULT.criteria]
    key_levels = {"sources": 2, "denominators": 1, "attribute_provenance": NA, "scope": 3,
                  "extrapolation": 0, "recommendations": 2}  # fmt: skip
    key = {cid: key_entry(level) for cid, level in key_levels.items()}
    table: dict[str, dict[str, int | str | None]] = {}
    for n in range(30):
        row: dict[str, int | str | None] = {}
        for cid in ids:
            roll = rng.random()
            if roll < 0.05:
                row[cid] = None
            elif roll < 0.12:
                row[cid] = NA
            else:
                row[cid] = rng.randint(0, 3)
        table[f"student {n:02d}"] = row
    subs = [make_submission(name, evaluation(row)) for name, row in table.items()]
    result = import_submissions(files_of(subs), rubric=DEFAULT, reports=[SHA])
    assert result.problems == []
    assert len(result.accepted) == 30
    board = class_dashboard(
        [i.submission for i in result.accepted], DEFAULT, {SHA: key}, {SHA: "Kirkford"}
    )
    assert (board.students, board.submissions) == (30, 30)

    for stats in board.criteria:
        ratings = [row[stats.criterion_id] for row in table.values()]
        k = key_levels[stats.criterion_id]
        given = [r for r in ratings if r is not None]
        assert stats.distribution["unanswered"] == ratings.count(None)
        assert stats.distribution[NA] == ratings.count(NA)
        assert sum(stats.distribution.values()) == 30
        assert stats.agreement.compared == len(given)
        assert stats.agreement.exact == sum(r == k for r in given)
        near = sum(
            r == k or (isinstance(r, int) and isinstance(k, int) and abs(r - k) <= 1) for r in given
        )
        assert stats.agreement.within_one == near

    for stats in board.per_student:
        row = table[stats.student]
        pairs = [(row[c], key_levels[c]) for c in ids if row[c] is not None]
        assert stats.agreement.exact == sum(a == b for a, b in pairs)
        levels = [(a, b) for a, b in pairs if isinstance(a, int) and isinstance(b, int)]
        mine, theirs = [a for a, _ in levels], [b for _, b in levels]
        if len(set(mine)) > 1 and len(set(theirs)) > 1:
            assert stats.agreement.kappa == pytest.approx(independent_qwk(mine, theirs), abs=1e-4)
        else:
            assert stats.agreement.kappa is None

    worst = min(board.items, key=lambda i: i.agreement.exact_rate if i.agreement else 2)
    assert board.lowest[0].agreement.exact_rate == worst.agreement.exact_rate
    rows = class_table_rows([i.submission for i in result.accepted], DEFAULT, {SHA: key})
    assert len(rows) == 30 * len(ids)


# --- helpers behind the pages -------------------------------------------------------------------


def test_parse_class_key_reads_bare_criteria_tables():
    text = (
        '[criteria.sources]\nlevel = 2\ntolerance = 1\njustification = "named"\n'
        '[[criteria.sources.evidence]]\npage = 1\nquote = "police records"\n'
        '[criteria.scope]\nnot_applicable = true\njustification = "no places"\n'
    )
    key = parse_class_key(text, "key.toml")
    assert key["sources"].level == 2 and key["sources"].tolerance == 1
    assert key["scope"].not_applicable
    with pytest.raises(InputError) as caught:
        parse_class_key(text.replace("tolerance", "tolerence"), "key.toml")
    assert "unknown key" in caught.value.message
    with pytest.raises(InputError):
        parse_class_key("[criteria", "key.toml")


def test_a_sample_answer_key_fits_in_a_pack():
    samples = pytest.importorskip("evaluator.samples")
    installed = samples.sample_ids()
    if not installed:
        pytest.skip("no sample reports installed")
    sample = installed[0]
    path = samples.SAMPLES_DIR / sample / samples.KEY_NAME
    key = parse_class_key(path.read_text(encoding="utf-8"), path.name)
    assert key == dict(samples.load_answer_key(sample).criteria)
    pack = teacher_pack(answer_key=key, report=samples.sample_pdf_path(sample).read_bytes())
    assert load_pack(dump_pack(pack)).answer_key == key


def test_build_key_entry_from_form_fields():
    assert build_key_entry(None, 0, "", None, "") is None
    entry = build_key_entry(2, 1, " named ", 3, "  police   records ")
    assert (entry.level, entry.tolerance, entry.evidence[0].page) == (2, 1, 3)
    assert entry.evidence[0].quote == "police records"
    assert build_key_entry(NA, 0, "no places", None, "").not_applicable
    assert "quote" in build_key_entry(2, 0, "named", 1, "")
    assert isinstance(build_key_entry(1, 0, "", 1, "q"), str)  # no justification


@pytest.mark.parametrize(
    ("kappa", "words"),
    [
        (None, "undefined"),
        (-0.3, "poor"),
        (0.0, "poor"),
        (0.15, "slight"),
        (0.4, "fair"),
        (0.55, "moderate"),
        (0.61, "substantial"),
        (0.81, "almost perfect"),
        (1.0, "almost perfect"),
    ],
)
def test_kappa_words_follow_landis_and_koch(kappa, words):
    assert kappa_words(kappa) == words


def test_comparison_rows_hide_the_tool_and_key_until_answered():
    tool = [
        Suggestion(id=c, suggested_level=1, status="suggested", confidence=0.8, rationale="r")
        for c in ("sources", "denominators", "scope")
    ]
    ev = evaluation({"sources": 3, "denominators": 1}, TINY, suggestions=tool)
    blind = comparison_rows(ev, TINY, SMALL_KEY, blind_mode=True, revealed={"sources"})
    by_q = {r["question"]: r for r in blind}
    assert by_q["sources"]["tool's suggestion"] == "1"  # answered and revealed
    assert by_q["denominators"]["tool's suggestion"].startswith("hidden")  # not revealed
    assert by_q["scope"]["tool's suggestion"].startswith("hidden")
    assert by_q["scope"]["answer key"] == "hidden until you answer and reveal"
    assert by_q["denominators"]["answer key"].startswith("hidden")  # answered, not revealed
    assert by_q["denominators"]["agreement"] == ""
    assert (by_q["sources"]["answer key"], by_q["sources"]["agreement"]) == ("2", "within one")
    no_key = comparison_rows(ev, TINY, None, blind_mode=False, revealed=())
    assert all(r["tool's suggestion"] == "1" for r in no_key)
    assert all("answer key" not in r for r in no_key)
    open_rows = {r["question"]: r for r in comparison_rows(ev, TINY, SMALL_KEY, False, ())}
    assert open_rows["denominators"]["agreement"] == "exact"  # answered: no reveal needed
    assert open_rows["scope"]["answer key"] == "hidden until you answer"
    zero = {"sources": key_entry(0)}
    rows = comparison_rows(ev, TINY, zero, blind_mode=False, revealed=())
    assert (rows[0]["answer key"], rows[0]["agreement"]) == ("0", "off")  # a key of 0 is a key


def test_tables_for_the_dashboard():
    board = class_dashboard(small_class(), TINY, {SHA: SMALL_KEY}, {SHA: "Report A"})
    criteria = {r["question"]: r for r in criterion_table(board)}
    assert criteria["sources"]["exact"] == "2/4 (50%)"
    # One report: the key gives this question one level, and the table says why below it.
    assert criteria["sources"]["weighted kappa"] == "not computed (see below)"
    # whichever level the key gives, it is one reason: one line for all such questions
    assert kappa_reasons(board) == {
        ONE_KEY_LEVEL: ["sources", "denominators"],
        "kappa compares levels 0–3, and every answer here is or meets “not applicable”": ["scope"],
    }
    assert criteria["denominators"]["unanswered"] == 1
    students = {r["student"]: r for r in student_table(board)}
    assert students["ben"]["weighted kappa"] == "0.67 (substantial)"
    assert students["cai"]["weighted kappa"] == "-0.67 (poor)"
    items = item_table(board.lowest)
    assert items[0]["question"] == "sources"
    assert items[0]["class answers"] == "1: 1, 2: 2, 3: 1"


# --- the package's surface ----------------------------------------------------------------------


def test_the_classroom_package_re_exports_every_public_name_of_its_modules():
    import importlib
    import inspect

    from evaluator import classroom

    assert sorted(classroom.__all__) == sorted(set(classroom.__all__))
    for name in classroom.__all__:
        assert hasattr(classroom, name), name
    for module in ("packs", "submissions", "agreement", "dashboard"):
        loaded = importlib.import_module(f"evaluator.classroom.{module}")
        own = [
            name
            for name, value in vars(loaded).items()
            if not name.startswith("_")
            and (inspect.isfunction(value) or inspect.isclass(value))
            and value.__module__ == loaded.__name__
        ]
        missing = [name for name in own if name not in classroom.__all__]
        assert missing == [], f"evaluator.classroom.{module}: {missing}"


def test_the_classroom_core_does_not_import_the_app():
    import subprocess
    import sys

    code = (
        "import sys, evaluator.classroom; "
        "print(sorted(m for m in sys.modules if m.startswith(('evaluator_ui', 'streamlit'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- issue 14, item 7: agreement in plain words, kappa or its reason, the key editor -----------


@pytest.mark.parametrize(
    ("alpha", "words"),
    [
        (-0.74, "less than chance would (α = −0.74): their levels differ 1.7 times as much"),
        (0.02, "about as often as they would by picking levels at random"),
        (0.3, "only a little more often than chance"),
        (0.7, "somewhat more often than chance"),
        (0.9, "largely agree with each other (α = 0.90): their levels differ only 10%"),
    ],
)
def test_alpha_is_one_sentence_a_teacher_understands(alpha, words):
    sentence = alpha_sentence(alpha)
    assert words in sentence
    assert sentence.count(". ") == 0 and sentence.endswith(".")  # one sentence


@pytest.mark.parametrize(
    ("kappa", "words"),
    [
        (-0.06, "no better than chance would (weighted kappa −0.06, over 42 answers)"),
        (0.0, "no better than chance"),
        (0.55, "with moderate agreement beyond chance (weighted kappa 0.55, over 42 answers)"),
    ],
)
def test_kappa_against_the_key_is_one_sentence(kappa, words):
    assert words in kappa_sentence(kappa, 42, "", kappa_words(kappa))


def test_alpha_without_a_value_says_why():
    assert alpha_sentence(None, "every student chose the same level on every question") == (
        "Agreement between students cannot be measured yet: every student chose the same level "
        "on every question."
    )


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        ([2, 2, 2], [1, 2, 3], "every student chose the same level (2 · adequate) every time"),
        ([1, 2, 3], [0, 0, 0], "the key gives the same level (0 · absent or misleading)"),
        ([1, 1], [3, 3], "the key gives the same level (3 · exemplary): with no spread"),
        ([2], [3], "fewer than two pairs of levels to compare (1)"),
    ],
)
def test_kappa_gives_its_specific_reason(first, second, reason):
    pairs = list(zip(first, second, strict=True))
    result = agreement(pairs)
    assert result.kappa is None
    assert reason in result.kappa_note


def test_one_report_still_gets_a_kappa_over_all_questions():
    """Per question the key is a single level (no kappa); pooled over questions it varies."""
    board = class_dashboard(small_class(), TINY, {SHA: SMALL_KEY}, {SHA: "Report A"})
    assert all(c.agreement.kappa is None for c in board.criteria)
    pooled = board.class_kappa
    assert pooled is not None and pooled.kappa is not None
    # level pairs (student, key): sources 2-2, 3-2, 1-2, 2-2; denominators 1-1, 1-1, 3-1
    expected = quadratic_kappa([2, 3, 1, 2, 1, 1, 3], [2, 2, 2, 2, 1, 1, 1])[0]
    assert pooled.kappa == expected and pooled.kappa_pairs == 7


def test_the_dashboard_chart_marks_the_key_and_keeps_question_order():
    board = class_dashboard(small_class(), TINY, {SHA: SMALL_KEY}, {SHA: "Report A"})
    spec = spread_chart(board)
    labels = spec["encoding"]["y"]["sort"]
    assert [label.split("\n")[0] for label in labels] == ["sources", "denominators", "scope"]
    assert labels[0].endswith("key: 2 · adequate") and labels[2].endswith("not applicable")
    keyed = {(v["question"].split("\n")[0], v["state"]) for v in spec["data"]["values"] if v["key"]}
    assert keyed == {
        ("sources", "2 · adequate"),
        ("denominators", "1 · weak"),
        ("scope", "not applicable"),
    }


def test_the_key_editor_builds_the_same_key_as_the_toml_path():
    tables = {
        "sources": key_entry_data(2, 1, " named\n", 3, "  police   records "),
        "scope": key_entry_data(NA, 0, "no places", None, ""),
        "denominators": key_entry_data(None, 0, "ignored", 1, "ignored"),
    }
    assert tables["denominators"] is None  # "not in the key"
    key, problems = key_from_tables({k: v for k, v in tables.items() if v is not None})
    assert problems == {}
    assert key["sources"].evidence[0].quote == "police records"
    assert parse_class_key(key_to_toml(key), "made.toml") == key


def test_the_key_editor_names_each_questions_problem():
    key, problems = key_from_tables(
        {
            "sources": key_entry_data(2, 0, "named", 1, ""),  # a level needs a quote
            "scope": key_entry_data(1, 0, "", 1, "q"),  # and a reason
            "denominators": key_entry_data(1, 9, "ok", 1, "q"),  # tolerance 0-3
        }
    )
    assert key == {}
    assert set(problems) == {"sources", "scope", "denominators"}
    assert problems["sources"] == "give a quote from the report that shows it"
    assert problems["scope"] == "write why you expect this level (the notes)"
    assert problems["denominators"] == "tolerance is 0 to 3 levels either side"


@pytest.mark.parametrize(
    "text", ['quote "with" \\ back\\slash', "tab\tnew\nline\x7fdel", "emoji 😀 and ü", "]]\n[x]"]
)
def test_a_key_with_awkward_text_round_trips_through_toml(text):
    key, problems = key_from_tables({"sources": key_entry_data(1, 0, text, 2, text)})
    assert problems == {}
    assert parse_class_key(key_to_toml(key)) == key
