"""Fuzzing the parsers people feed files to: packs, submissions, exported evaluations, rubrics.

Every input either parses or raises the module's one-line error type, never anything else; what
parses exports with no raw `<` in Markdown, no unexpected tag in HTML and no control or bidi
character anywhere. Deterministic (derandomize) and bounded for CI on two cores: a few hundred
examples in all, each a few milliseconds.
"""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluator import classroom as cls
from evaluator import exports
from evaluator.errors import InputError
from evaluator.models import Answer, Evaluation, Evidence, QuoteRef, RubricRef, Suggestion
from evaluator.rubrics import RUBRIC_DIR, RubricError, parse_rubric
from evaluator_ui import classroom_tables

RUBRIC_TOML = (RUBRIC_DIR / "default.toml").read_text(encoding="utf-8")
RUBRIC = parse_rubric(RUBRIC_TOML)
FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
TAG = re.compile(
    r"<(?!/?(?:html|head|meta|title|style|body|h1|h2|p|em|strong|table|thead|tbody|tr|th|td|"
    r"span|div|ul|li|blockquote|section|code)\b|!DOCTYPE)",
    re.IGNORECASE,
)

FRAGMENTS = [
    "<script>",
    "</b>",
    "<img src=x onerror=alert(1)>",
    "![i](http://e.invalid/x.png)",
    "[a](javascript:x)",
    "`",
    "*",
    "_",
    "# ",
    "\n> ",
    "|",
    "\\",
    ":red[",
    "$",
    "&amp;",
    "\x1b[2J",
    "\x07",
    "\x9b",
    "\u202e",
    "\u2066",
    "\u200f",
    "\r\n",
    "\t",
    "/dev/zero",
    "../",
]
texts = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(FRAGMENTS)), max_size=6).map(
    "".join
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


def mutated(base: dict, data: st.DataObject) -> bytes:
    """A valid document with some keys replaced or added by random JSON, or raw bytes."""
    raw = json.loads(json.dumps(base))
    for _ in range(data.draw(st.integers(0, 3))):
        key = data.draw(st.sampled_from([*raw, "extra"]))
        raw[key] = data.draw(json_values)
    text = json.dumps(raw)
    if data.draw(st.booleans()):
        cut = data.draw(st.integers(0, len(text)))
        text = text[:cut] + data.draw(texts) + text[cut:]
    return text.encode("utf-8", "surrogatepass")


def assert_exports_safe(evaluation: Evaluation) -> None:
    markdown = exports.to_markdown(evaluation, RUBRIC)
    page = exports.to_html(evaluation, RUBRIC)
    assert "<" not in markdown
    assert not TAG.search(page)
    assert not INVISIBLE.search(markdown) and not INVISIBLE.search(page)


def one_line(message: str) -> None:
    assert message and "\n" not in message


# --- packs ----------------------------------------------------------------------------------------

PACK = json.loads(
    cls.dump_pack(
        cls.make_pack(
            title="T", report=b"x 41% y", report_filename="r.txt", rubric_toml=RUBRIC_TOML
        )
    )
)


@FUZZ
@given(st.data())
def test_load_pack_parses_or_refuses_in_one_line(data):
    try:
        pack = cls.load_pack(mutated(PACK, data), "p.json")
    except InputError as exc:
        one_line(exc.message)
        return
    assert pack.rubric().id == RUBRIC.id


@FUZZ
@given(st.binary(max_size=300))
def test_load_pack_takes_any_bytes(data):
    try:
        cls.load_pack(data, "p.json")
    except InputError as exc:
        one_line(exc.message)


# --- evaluations and submissions ------------------------------------------------------------------

quotes = st.builds(QuoteRef, page=st.integers(1, 50), quote=texts.filter(str.strip))


@st.composite
def evaluations(draw) -> Evaluation:
    first = RUBRIC.criteria[0].id
    quote = draw(texts)
    suggestion = Suggestion(
        id=first,
        suggested_level=draw(st.sampled_from([None, 0, 1, 2, 3])),
        status="suggested",
        confidence=0.5,
        rationale=draw(texts),
        evidence=[Evidence(page=1, quote=quote, signal=draw(texts))] if quote else [],
    )
    answer = Answer(
        criterion_id=first,
        level=draw(st.integers(0, 3)),
        decision="overridden",
        justification=draw(texts) + "why",
        added_evidence=draw(st.lists(quotes, max_size=2)),
    )
    return Evaluation(
        document_sha256=draw(st.sampled_from(["a" * 64, "0123456789abcdef" * 4])),
        document_title=draw(st.none() | texts),
        rubric=RubricRef(id=RUBRIC.id, version=RUBRIC.version),
        suggestions=[suggestion],
        answers={first: answer},
    )


@FUZZ
@given(evaluations())
def test_exported_evaluations_round_trip_and_export_safely(evaluation):
    again = exports.from_json(exports.to_json(evaluation))
    assert again == evaluation
    assert_exports_safe(again)


EVALUATION = json.loads(
    exports.to_json(
        Evaluation(
            document_sha256="a" * 64,
            rubric=RubricRef(id=RUBRIC.id, version=RUBRIC.version),
            answers={"sources": Answer(criterion_id="sources", level=1, decision="accepted")},
        )
    )
)


@FUZZ
@given(st.data())
def test_from_json_parses_or_refuses_in_one_line(data):
    try:
        evaluation = exports.from_json(mutated(EVALUATION, data))
    except InputError as exc:
        one_line(exc.message)
        return
    assert_exports_safe(evaluation)


SUBMISSION = json.loads(
    cls.dump_submission(cls.make_submission("ana", Evaluation.model_validate(EVALUATION)))
)


@FUZZ
@given(st.data())
def test_submissions_parse_or_are_one_problem(data):
    files = [(f"s{i}.json", mutated(SUBMISSION, data)) for i in range(data.draw(st.integers(1, 3)))]
    for name, blob in files:
        try:
            cls.parse_submission(blob, name)
        except InputError as exc:
            one_line(exc.message)
    result = cls.import_submissions(files, rubric=RUBRIC)
    handled = {i.name for i in result.accepted} | {p.name for p in result.problems}
    handled |= {c.name for conflict in result.conflicts for c in conflict.candidates}
    assert handled == {name for name, _ in files}
    for problem in result.problems:
        one_line(problem.message)
    rows = classroom_tables.class_table_rows([i.submission for i in result.accepted], RUBRIC, {})
    table = classroom_tables.class_table_csv(rows)
    assert not INVISIBLE.search(table.replace("\n", "").replace("\r", ""))


# --- rubrics --------------------------------------------------------------------------------------


@FUZZ
@given(st.text(max_size=400))
def test_parse_rubric_takes_any_text(text):
    try:
        parse_rubric(text, "r.toml")
    except RubricError as exc:
        one_line(str(exc))


@FUZZ
@given(texts, texts, st.data())
def test_rubrics_with_hostile_text_parse_or_refuse_and_export_safely(title, label, data):
    toml = RUBRIC_TOML.replace('title = "', f"title = {json.dumps(title)} #", 1)
    toml += f"\n[[bands]]\nmin = 0\nlabel = {json.dumps(label)}\n"
    if data.draw(st.booleans()):
        cut = data.draw(st.integers(0, len(toml)))
        toml = (
            toml[:cut] + data.draw(st.sampled_from(["[", "{", "]]", '"', "\n[x]\n"])) + toml[cut:]
        )
    try:
        rubric = parse_rubric(toml, "r.toml")
    except RubricError as exc:
        one_line(str(exc))
        return
    evaluation = Evaluation.model_validate(EVALUATION)
    markdown = exports.to_markdown(evaluation, rubric)
    assert "<" not in markdown and not INVISIBLE.search(markdown)
    assert not TAG.search(exports.to_html(evaluation, rubric))
