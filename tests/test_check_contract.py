"""The Check contract (issue 11): one registry, checks ordered by what they need, undeclared
writes refused, suggestions that rest on findings alone, and a seventh check that is one new
file plus its finding model (tests/toy_check.py) seen in the analysis JSON, in answer keys and
in validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import toy_check

from evaluator import answer_keys, checks
from evaluator.analysis import analyze
from evaluator.answer_keys import answer_key_model, parse_answer_key
from evaluator.checks import (
    OUT_OF_TIME,
    Check,
    CheckError,
    Context,
    findings_for,
    run_all,
    run_within,
    suggest_all,
)
from evaluator.checks.common import page_list, text_context
from evaluator.errors import InputError
from evaluator.ingest import load_path
from evaluator.models import Criterion, Document, Findings, Page, QuoteRef, Signal
from evaluator.normalise import page_list as normalise_page_list
from evaluator.rubrics import default_rubric
from evaluator.samples import sample_ids, sample_pdf_path
from evaluator.validation import score_items

SIX = ["sources", "denominators", "attribute_provenance", "scope", "extrapolation",
       "recommendations"]  # fmt: skip


def _check(criterion: str, produces: dict, needs: tuple[str, ...] = (), detect=None) -> Check:
    return Check(
        criterion=criterion,
        produces=produces,
        needs=needs,
        detect=detect or (lambda context: Findings()),
        suggest=lambda findings, context: checks.no_suggestion(criterion),
    )


@pytest.fixture
def teapots():
    checks.register(toy_check.CHECK)
    yield toy_check.CHECK
    checks.unregister("teapots")


# --- the registry ---------------------------------------------------------------------------


def test_the_built_in_checks_are_the_six_criteria_each_in_a_module_named_for_it():
    built_in = checks.builtin_checks()
    assert sorted(c.criterion for c in built_in) == sorted(SIX)
    assert sorted(c.id for c in default_rubric().criteria) == sorted(SIX)
    for check in built_in:
        module = check.detect.__module__
        assert module == f"evaluator.checks.{check.criterion}"
        assert check.suggest.__module__ == module


def test_shared_language_modules_are_not_checks():
    from evaluator.checks import common, cues

    assert not hasattr(common, "CHECK") and not hasattr(cues, "CHECK")


def test_every_built_in_list_is_a_declared_findings_field_with_one_producer():
    produced = [name for c in checks.checks() for name in c.produces]
    assert len(produced) == len(set(produced))
    assert set(produced) == set(Findings.model_fields)


def test_checks_run_after_the_checks_whose_findings_they_need():
    order = [c.criterion for c in checks.checks()]
    writer = checks.producers()
    for check in checks.checks():
        for name in check.needs:
            assert order.index(writer[name].criterion) < order.index(check.criterion)
    assert "percentages" in checks.check_for("scope").needs
    assert "percentages" in checks.check_for("sources").needs


def test_order_follows_needs_not_names():
    a = _check("aaa", {"aaa_items": Signal}, needs=("zzz_items",))
    z = _check("zzz", {"zzz_items": Signal})
    assert [c.criterion for c in checks.ordered([a, z])] == ["zzz", "aaa"]


def test_a_cycle_is_refused():
    # Built-in checks are ordered together, so a cycle among them fails on first use; one at a
    # time through `register`, a cycle cannot form (each need must already have a producer).
    a = _check("aaa", {"aaa_items": Signal}, needs=("bbb_items",))
    b = _check("bbb", {"bbb_items": Signal}, needs=("aaa_items",))
    with pytest.raises(CheckError, match="checks aaa, bbb need each other's findings"):
        checks.ordered([a, b])
    with pytest.raises(CheckError, match="needs 'loop_items', which it produces"):
        _check("loop", {"loop_items": Signal}, needs=("loop_items",))


def test_a_need_nobody_produces_is_refused_when_registered():
    with pytest.raises(CheckError, match="'ghost' needs 'no_such_list', which no check produces"):
        checks.register(_check("ghost", {"ghost_items": Signal}, needs=("no_such_list",)))
    assert checks.check_for("ghost") is None


def test_two_writers_of_one_list_or_of_one_criterion_are_refused():
    with pytest.raises(CheckError, match="both produce 'percentages'"):
        checks.register(_check("copycat", {"percentages": checks.check_for("denominators")
                                           .produces["percentages"]}))  # fmt: skip
    with pytest.raises(CheckError, match="two checks for criterion 'scope'"):
        checks.register(_check("scope", {"other_items": Signal}))
    with pytest.raises(CheckError, match="produces 'places' as Signal, but Findings declares"):
        checks.ordered([_check("wrongtype", {"places": Signal})])


def test_a_check_others_need_cannot_be_unregistered_from_under_them(teapots):
    checks.register(_check("cosy", {"cosy_items": Signal}, needs=("teapot_mentions",)))
    try:
        with pytest.raises(CheckError, match="'cosy' needs 'teapot_mentions'"):
            checks.unregister("teapots")
        assert checks.check_for("teapots") is teapots
    finally:
        checks.unregister("cosy")


# --- running ---------------------------------------------------------------------------------


def test_a_check_that_writes_a_list_it_did_not_declare_fails():
    sneaky = _check(
        "sneaky",
        {"sneaky_items": Signal},
        detect=lambda context: Findings(places=[{"page": 1, "name": "Kirkford"}]),
    )
    checks.register(sneaky)
    try:
        with pytest.raises(CheckError, match="check 'sneaky' wrote places, which it does not"):
            run_all(text_context("Some text about Kirkford."))
    finally:
        checks.unregister("sneaky")


def test_a_check_sees_only_the_findings_it_needs():
    seen = {}

    def detect(context: Context) -> Findings:
        seen.update(context.findings.lists())
        return Findings()

    checks.register(_check("reader", {"reader_items": Signal}, ("percentages",), detect))
    try:
        run_all(text_context("Of the 1,240 suspects, 512 (41.3%) were white. In Kirkford."))
    finally:
        checks.unregister("reader")
    assert seen["percentages"] and not any(v for k, v in seen.items() if k != "percentages")


def test_a_criterion_with_no_check_gets_an_honest_no_suggestion():
    rubric = default_rubric()
    extra = rubric.criteria[0].model_copy(update={"id": "tone", "title": "Tone"})
    rubric = rubric.model_copy(update={"criteria": [*rubric.criteria, extra]})
    context = text_context("Of the 1,240 suspects, 512 (41.3%) were white.")
    tone = suggest_all(rubric, run_all(context), context)[-1]
    assert tone.id == "tone" and tone.status == "no_suggestion" and tone.suggested_level is None
    assert tone.rationale != OUT_OF_TIME


def test_a_check_whose_needed_findings_were_cut_short_gets_no_suggestion():
    context = text_context("Of the 1,240 suspects, 512 (41.3%) were white, in 2019 in Kirkford.")
    findings, skipped = run_within(context, lambda: False)
    assert not skipped
    late = suggest_all(default_rubric(), findings, context, skipped={"denominators"})
    out_of_time = {s.id for s in late if s.rationale == OUT_OF_TIME}
    # scope and sources read the percentages: with them partial, they would rest on a gap.
    assert out_of_time == {"denominators", "scope", "sources"}


# --- suggestions rest on findings alone -----------------------------------------------------


@pytest.mark.parametrize("sample_id", sample_ids())
def test_every_suggestion_rests_on_its_declared_findings_alone(sample_id):
    context = Context.build(load_path(sample_pdf_path(sample_id)))
    findings = run_all(context)
    blind = Context(document=context.document.model_copy(update={"pages": []}), passages=[])
    for check in checks.builtin_checks():
        declared = findings_for(check, findings)
        expected = check.suggest(findings, context)
        assert check.suggest(declared, blind) == expected, check.criterion
        assert expected.counts, check.criterion


# --- a seventh check ---------------------------------------------------------------------------

TEAPOT_TEXT = (
    "Of the 30 households, 12 (40.0%) owned a teapot.\n\n"
    "The teapot with a chipped spout was the oldest.\n\n"
    "Nothing else was counted."
)


def _toy_rubric():
    rubric = default_rubric()
    toy = Criterion(
        id="teapots",
        title="Teapots",
        question="Are the teapots described?",
        guidance="Look for spouts.",
        why_it_matters="Tea.",
        levels={"0": "none", "1": "some", "2": "more", "3": "spouts"},
    )
    return rubric.model_copy(update={"criteria": [*rubric.criteria, toy]})


def _toy_document() -> Document:
    return Document(sha256="0" * 64, source="text", pages=[Page(number=1, text=TEAPOT_TEXT)])


def test_a_seventh_check_shows_in_the_analysis_json(teapots):
    analysis = analyze(_toy_document(), _toy_rubric())
    data = json.loads(analysis.model_dump_json())
    mentions = data["findings"]["teapot_mentions"]
    assert [m["spout"] for m in mentions] == [False, True]
    suggestion = next(c for c in data["criteria"] if c["id"] == "teapots")
    assert suggestion["suggested_level"] == 3 and suggestion["status"] == "suggested"
    assert suggestion["counts"] == {"teapots": 2, "with_spout": 1, "percentages": 1}
    assert suggestion["evidence"][0]["quote"] == "The teapot with a chipped spout was the oldest."
    assert analysis.score.complete is True


def test_without_it_registered_nothing_of_it_remains():
    analysis = analyze(_toy_document(), _toy_rubric())
    assert "teapot_mentions" not in analysis.findings.lists()
    teapots = next(c for c in analysis.criteria if c.id == "teapots")
    assert teapots.status == "no_suggestion"


KEY = """
id = "teapot-key"
title = "Teapots"
topic = "tea"
description = "A report about teapots."
teaches = "Counting spouts."
split = "tuning"

[criteria.teapots]
level = 3
justification = "The spout is described."
evidence = [{ page = 1, quote = "The teapot with a chipped spout was the oldest." }]

[[teapot_mentions]]
page = 1
sentence = "Of the 30 households, 12 (40.0%) owned a teapot."
spout = true

[[teapot_mentions]]
page = 1
sentence = "The teapot with a chipped spout was the oldest."
spout = true
"""


def test_a_seventh_check_is_keyed_and_scored_by_validation(teapots, tmp_path: Path):
    path = tmp_path / "key.toml"
    path.write_text(KEY, encoding="utf-8")
    key = parse_answer_key(path)
    assert [m.spout for m in key.teapot_mentions] == [True, True]
    assert (1, "The teapot with a chipped spout was the oldest.") in key.quotes()
    analysis = analyze(_toy_document(), _toy_rubric())
    tp, fp, fn, fields = score_items(analysis.findings, key)["teapot_mentions"]
    assert (tp, fp, fn) == (2, 0, 0)
    assert (fields["spout"].right, fields["spout"].total) == (1, 2)


def test_a_seventh_checks_key_items_are_checked_like_any_other(teapots, tmp_path: Path):
    path = tmp_path / "key.toml"
    path.write_text(KEY.replace("spout = true\n", "spout = true\nlid = 1\n", 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"teapot_mentions\[0\]\.lid: unknown key"):
        parse_answer_key(path)
    path.write_text(KEY.replace("owned a teapot", "owned a kettle"), encoding="utf-8")
    with pytest.raises(InputError, match="a teapot mention names a teapot"):
        parse_answer_key(path)


def test_a_teacher_can_load_a_class_key_that_lists_a_seventh_checks_items(teapots):
    import tomllib

    from evaluator.classroom import parse_class_key

    assert set(parse_class_key(KEY)) == set(tomllib.loads(KEY)["criteria"])


# --- one of each --------------------------------------------------------------------------------


def test_answer_key_items_are_derived_from_the_finding_models():
    model = answer_key_model()
    for check in checks.builtin_checks():
        for name, spec in check.answer_key.items():
            item = model.model_fields[name].annotation.__args__[0]
            finding = check.produces[name]
            assert list(item.model_fields) == list(spec.fields)
            for field in spec.fields:
                assert item.model_fields[field].annotation == finding.model_fields[field].annotation
    assert set(model.keyed) == {
        "percentages", "attribute_claims", "time_periods", "places", "scope_overlaps",
        "scale_claims", "recommendations",
    }  # fmt: skip
    evidence = answer_keys.CriterionKey.model_fields["evidence"].annotation
    assert evidence == list[QuoteRef]


def test_one_grim_and_one_page_list():
    from evaluator.checks import denominators

    assert not hasattr(answer_keys, "grim_consistent") and not hasattr(answer_keys, "Quote")
    assert denominators.grim_consistent(41.3, 1240, 1) and not denominators.grim_consistent(
        24.0, 30, 1
    )
    assert page_list.func is normalise_page_list
    assert page_list([5, 3, 3, 4]) == "p. 3, p. 4, p. 5"
    assert page_list(range(1, 10)) == "p. 1, p. 2, p. 3, p. 4, p. 5, p. 6 and 3 more pages"
    assert normalise_page_list([9, 2, 5, 6, 7]) == "2, 5–7, 9"


def test_every_signal_kind_in_the_snapshots_is_documented_in_the_schema():
    snapshots = Path(__file__).parent / "snapshots" / "analysis"
    seen: set[tuple[str, str]] = set()
    for path in snapshots.glob("*.json"):
        findings = json.loads(path.read_text(encoding="utf-8"))["findings"]
        seen |= {(name, s["kind"]) for name in findings if name.endswith("_signals")
                 for s in findings[name]}  # fmt: skip
    assert {name for name, _ in seen} == {
        n for n in Findings.model_fields if n.endswith("_signals")
    }
    for name, kind in seen:
        assert f"{kind}:" in Findings.model_fields[name].description, (name, kind)
