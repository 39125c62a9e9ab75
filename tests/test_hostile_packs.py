"""Hostile input beyond PDFs: crafted packs, submissions and imported evaluations, and markup or
terminal payloads through every export. Each ends with a one-line error or with safe output.

Nothing here is timed: a hang or a runaway parser shows up as the suite not finishing, a crash
as an exception other than the module's own error type.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from evaluator import batch, exports
from evaluator import classroom as cls
from evaluator.answer_keys import CriterionKey
from evaluator.errors import InputError
from evaluator.models import Answer, Evaluation, Evidence, QuoteRef, RubricRef, Suggestion
from evaluator.rubrics import RUBRIC_DIR, RubricError, parse_rubric, rubric_by_id
from evaluator.store import Store
from evaluator_ui import classroom_tables

RUBRIC_TOML = (RUBRIC_DIR / "default.toml").read_text(encoding="utf-8")
RUBRIC = parse_rubric(RUBRIC_TOML)
REPORT = b"Of 1,240 recorded cases, 512 (41.3%) involved adults.\n"
DEEP_TOML = 'id = "deep"\nx = ' + "[" * 500 + "]" * 500 + "\n"
PATH_IDS = ["/dev/zero", "/etc/passwd", "../x", "..", "/tmp", "rubrics/default", "C:\\x"]

MARKUP = (
    '<script>alert(1)</script><img src="http://listener.invalid/x.png"> '
    "![i](http://listener.invalid/y.png) [a](javascript:alert(1)) **b** `c` :red[d] $e$ # f | g"
)
TERMINAL = "\x1b[2J\x1b]0;owned\x07\x9b31m \u202egnp.exe\u202c \u2066x\u2069 \u200f"
PAYLOAD = f"{MARKUP} {TERMINAL}"
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def one_line_error(caught: pytest.ExceptionInfo) -> str:
    message = getattr(caught.value, "message", str(caught.value))
    assert "\n" not in message and message.strip()
    return message


# --- packs ----------------------------------------------------------------------------------------


def pack_dict(**changes: object) -> dict:
    key = {
        "sources": CriterionKey(
            level=2, justification="named", evidence=[{"page": 1, "quote": "q"}]
        )
    }
    pack = cls.make_pack(
        title="T",
        report=REPORT,
        report_filename="r.txt",
        rubric_toml=RUBRIC_TOML,
        answer_key=key,
        teacher_notes="secret notes",
    )
    raw = json.loads(cls.dump_pack(pack))
    raw.update(changes)
    return raw


def load(raw: dict | bytes) -> cls.ExercisePack:
    data = raw if isinstance(raw, bytes) else json.dumps(raw).encode()
    return cls.load_pack(data, "hostile.exercise.json")


HOSTILE_PACKS = {
    "huge base64": (
        b'{"kind": "report-evaluator/exercise-pack", "report_base64": "'
        + b"A" * (cls.MAX_PACK_BYTES + 10)
        + b'"}',
        "over the",
    ),
    "base64 not base64": (pack_dict(report_base64="@@@@"), "not valid base64"),
    "altered report": (
        pack_dict(report_base64=base64.b64encode(b"other").decode()),
        "does not match report_sha256",
    ),
    "title a number": (pack_dict(title=7), "title"),
    "settings a list": (pack_dict(settings=[1, 2]), "settings"),
    "key a string": (pack_dict(answer_key="all 3"), "answer_key"),
    "unknown key": (pack_dict(run="rm -rf /"), "unknown key"),
    "deep JSON": (pack_dict(settings=json.loads("[" * 30 + "]" * 30)), "settings"),
    "deeper JSON": (b"[" * 100_000 + b"]" * 100_000, "nested 100000 levels deep"),
    "path-like report name": (pack_dict(report_filename="../../etc/passwd"), "not a path"),
    "absolute report name": (pack_dict(report_filename="/dev/zero"), "not a path"),
    "hostile rubric": (pack_dict(rubric_toml=DEEP_TOML), "nested 500 levels deep"),
    "huge rubric": (pack_dict(rubric_toml="# " + "x" * 600_000), "a rubric may have"),
    "student copy with notes": (pack_dict(audience="student"), "must not carry teacher notes"),
    "student copy with hidden key": (
        pack_dict(audience="student", teacher_notes=""),
        "must not carry an unreleased answer key",
    ),
    "not a pack": (b'{"kind": "something else"}', "not an exercise pack"),
    "not UTF-8": (b"\xff\xfe\x00", "not UTF-8"),
}


@pytest.mark.parametrize("case", list(HOSTILE_PACKS))
def test_a_crafted_pack_is_refused_in_one_line(case):
    raw, expected = HOSTILE_PACKS[case]
    with pytest.raises(InputError) as caught:
        load(raw)
    assert expected in one_line_error(caught)
    assert one_line_error(caught).startswith("hostile.exercise.json: ")


def test_a_student_copy_never_carries_the_notes_or_an_unreleased_key():
    pack = load(pack_dict())
    copy = cls.student_copy(pack)
    text = cls.dump_pack(copy).decode()
    assert "secret notes" not in text and '"named"' not in text
    assert load(json.loads(text)).answer_key is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [(DEEP_TOML, "nested 500 levels deep"), ("# " + "x" * 600_000, "larger than")],
)
def test_a_crafted_answer_key_upload_is_one_line(text, expected):
    with pytest.raises(InputError) as caught:
        cls.parse_class_key(text, "key.toml")
    assert expected in one_line_error(caught)


# --- submissions ----------------------------------------------------------------------------------


def evaluation(**changes: object) -> Evaluation:
    base = Evaluation(
        document_sha256="a" * 64,
        rubric=RubricRef(id=RUBRIC.id, version=RUBRIC.version),
        answers={"sources": Answer(criterion_id="sources", level=2, decision="accepted")},
    )
    return base.model_copy(update=changes)


def submission_json(**changes: object) -> dict:
    submission = cls.make_submission("ana", evaluation())
    raw = json.loads(cls.dump_submission(submission))
    raw["evaluation"].update(changes)
    return raw


@pytest.mark.parametrize("rubric_id", PATH_IDS)
def test_a_submission_naming_a_rubric_by_path_is_refused(rubric_id):
    data = json.dumps(submission_json(rubric={"id": rubric_id, "version": "1"})).encode()
    with pytest.raises(InputError) as caught:
        cls.parse_submission(data, "s.json")
    assert "not a rubric id" in one_line_error(caught)
    result = cls.import_submissions([("s.json", data)])
    assert result.accepted == [] and result.problems[0].kind == "damaged"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"[" * 50_000 + b"]" * 50_000, "nested 50000 levels deep"),
        (b'{"kind": "report-evaluator/submission", "x": "' + b"y" * 3_000_000 + b'"}', "limit"),
        (json.dumps(submission_json(answers=[1, 2])).encode(), "answers"),
        (json.dumps({**submission_json(), "student": "a\u202eb"}).encode(), "control"),
        (json.dumps({**submission_json(), "student": 5}).encode(), "student"),
    ],
)
def test_a_crafted_submission_is_one_problem_and_stops_nothing(data, expected):
    good = cls.dump_submission(cls.make_submission("ben", evaluation()))
    result = cls.import_submissions([("bad.json", data), ("ben.json", good)])
    assert [i.name for i in result.accepted] == ["ben.json"]
    [problem] = result.problems
    assert problem.name == "bad.json" and expected in problem.message
    assert "\n" not in problem.message


# --- imported evaluations -------------------------------------------------------------------------


@pytest.mark.parametrize("rubric_id", PATH_IDS)
def test_an_imported_evaluation_cannot_name_a_file(rubric_id):
    data = json.loads(exports.to_json(evaluation()))
    data["rubric"]["id"] = rubric_id
    with pytest.raises(InputError) as caught:
        exports.from_json(json.dumps(data))
    assert "not a rubric id" in one_line_error(caught)
    with pytest.raises(RubricError, match="not a rubric id"):
        rubric_by_id(rubric_id)


def test_history_import_never_opens_the_named_file(tmp_path):
    """Issue 10, item 1: History → Import resolved `rubric.id` as a path when it had a '/'."""
    history = pytest.importorskip("evaluator_ui.history")
    stolen = tmp_path / "stolen.toml"
    stolen.write_text(RUBRIC_TOML.replace('id = "default"', 'id = "stolen"', 1))
    db = Store(tmp_path / "db.sqlite3")
    for ref in (str(stolen), "/dev/zero", "/etc/passwd", str(tmp_path), "../x"):
        found = history.rubric_for(db, evaluation(rubric=RubricRef(id=ref, version="1.0")))
        assert isinstance(found, str) and "not a rubric id" in found


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested 100000 levels deep"),
        (" " * (exports.MAX_EVALUATION_BYTES + 1), "an evaluation may have"),
        ('{"document_sha256": 5}', "not an exported evaluation"),
        (exports.to_json(evaluation(document_sha256="<b>x</b>")), "not a SHA-256"),
        ("{" + '"a": 1, ' * 10 + "}", "not valid JSON"),
    ],
)
def test_a_crafted_evaluation_import_is_one_line(data, expected):
    with pytest.raises(InputError) as caught:
        exports.from_json(data)
    assert expected in one_line_error(caught)


# --- payloads through every export ----------------------------------------------------------------


def hostile_evaluation() -> Evaluation:
    first = RUBRIC.criteria[0].id
    suggestion = Suggestion(
        id=first,
        suggested_level=2,
        status="suggested",
        confidence=0.8,
        rationale=PAYLOAD,
        evidence=[Evidence(page=1, quote=PAYLOAD, signal=PAYLOAD)],
    )
    answer = Answer(
        criterion_id=first,
        level=1,
        decision="overridden",
        justification=PAYLOAD,
        added_evidence=[QuoteRef(page=2, quote=PAYLOAD)],
    )
    return evaluation(
        document_sha256=PAYLOAD,
        document_title=PAYLOAD,
        rubric=RubricRef(id=RUBRIC.id, version=RUBRIC.version),
        suggestions=[suggestion],
        answers={first: answer},
    )


def hostile_rubric():
    criteria = [c.model_copy(update={"title": PAYLOAD}) for c in RUBRIC.criteria]
    bands = [b.model_copy(update={"label": PAYLOAD}) for b in RUBRIC.bands]
    return RUBRIC.model_copy(update={"title": PAYLOAD, "criteria": criteria, "bands": bands})


ALLOWED_TAGS = re.compile(
    r"<(?!/?(?:html|head|meta|title|style|body|h1|h2|p|em|strong|table|thead|tbody|tr|th|td|"
    r"span|div|ul|li|blockquote|section|code)\b|!DOCTYPE)",
    re.IGNORECASE,
)


def assert_safe(text: str, markup: str) -> None:
    assert not INVISIBLE.search(text), markup
    assert "u202e" in text and "u001b" in text, markup
    if markup == "html":
        assert not ALLOWED_TAGS.search(text)
        assert 'listener.invalid/x.png"' not in text  # the attribute stays text
    elif markup == "md":
        # no "<", and no "](" or ":red[" that a backslash does not neutralise
        assert "<" not in text and not re.search(r"(?<!\\)\]\(", text) and ":red[" not in text


def test_an_evaluation_export_keeps_every_payload_as_text():
    evaluation_, rubric = hostile_evaluation(), hostile_rubric()
    assert_safe(exports.to_markdown(evaluation_, rubric), "md")
    assert_safe(exports.to_html(evaluation_, rubric), "html")


def test_a_batch_export_keeps_every_payload_as_text():
    rows = [
        batch.failed_row(f"/reports/{PAYLOAD}.pdf", "not_pdf", PAYLOAD),
        batch.BatchRow(file=f"{PAYLOAD}.txt", ok=True, score=50.0, band=PAYLOAD, complete=False),
    ]
    report = batch.build_report(RUBRIC, rows)
    report.reports[1].cells = [
        batch.GridCell(id=c.id, level=None, status="no_suggestion", confidence=0.0)
        for c in RUBRIC.criteria
    ]
    assert_safe(batch.render_markdown(report), "md")
    assert_safe(batch.render_html(report), "html")
    assert_safe(batch.render_table(report), "table")
    csv_text = batch.render_csv(report)
    assert_safe(csv_text, "csv")
    assert "\n'=" not in csv_text


def test_the_class_table_keeps_every_payload_as_text():
    submission = cls.make_submission("ana", hostile_evaluation())
    rows = classroom_tables.class_table_rows([submission], RUBRIC, {}, {PAYLOAD: PAYLOAD})
    rows[0]["justification"] = "=HYPERLINK(" + PAYLOAD
    text = classroom_tables.class_table_csv(rows)
    assert_safe(text, "csv")
    assert "'=HYPERLINK(" in text and ",=HYPERLINK" not in text


def test_the_bundled_rubric_folder_is_untouched():
    assert Path(RUBRIC_DIR / "default.toml").is_file()
