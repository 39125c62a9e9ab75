"""The learned-level experiment (evaluator/validation/level_model.py): its table must describe
the checks as they are, and its held-out report must compare like with like."""

from __future__ import annotations

import pytest

from evaluator.models import Suggestion
from evaluator.validation import level_model as lm
from evaluator.validation.real import RealResult, rules_view


def _suggestion(criterion: str, status: str = "suggested", level: int | None = 1, **counts):
    return Suggestion(
        id=criterion,
        suggested_level=level,
        status=status,
        confidence=0.5,
        rationale="r",
        counts=counts,
    )


def test_features_are_each_checks_kind_and_which_counts_are_non_zero():
    suggestions = [_suggestion(c) for c in lm.CRITERIA]
    suggestions[0] = _suggestion("sources", figures=3, named_sources=0)
    suggestions[4] = _suggestion("extrapolation", "not_applicable", None)
    values = lm.feature_values(suggestions)
    assert values is not None
    assert values["sources=1"] == 1.0 and values["extrapolation=na"] == 1.0
    assert values["sources/figures"] == 1.0  # presence, not size
    assert "sources/named_sources" not in values
    # No suggestion from one check (another language, the time budget): nothing to read.
    suggestions[2] = _suggestion("attribute_provenance", "no_suggestion", None)
    assert lm.feature_values(suggestions) is None


def test_choose_takes_the_highest_score_and_the_first_of_equals():
    model = lm.CriterionModel(classes=["0", "1"], intercept=[0.0, 0.0], coef=[[0.0], [1.0]])
    assert lm.choose(model, ["f"], {"f": 1.0}) == "1"
    assert lm.choose(model, ["f"], {}) == "0"


def _row(set_: str, i: int, signal: bool) -> lm.TableRow:
    labels = {c: lm.TableLabel(level=1, acceptable=[1]) for c in lm.CRITERIA}
    labels["sources"] = lm.TableLabel(level=2 if signal else 0, acceptable=[2] if signal else [0])
    features = {f"{c}=1": 1.0 for c in lm.CRITERIA}
    if signal:
        features["sources/method_statements"] = 1.0
    return lm.TableRow(set=set_, id=f"{set_}-{i}", chars=2000, features=features, labels=labels)


def test_held_out_learns_what_the_checks_level_misses():
    # The checks say 1 everywhere; the label of sources follows one count. A model fitted on
    # the other sets learns it; the constant cannot.
    rows = [_row(s, i, i % 2 == 0) for s in ("a", "b", "c") for i in range(12)]
    held = [h for h in lm.held_out_choices(rows) if h.criterion == "sources"]
    assert sum(h.model in h.acceptable for h in held) == len(held)
    assert sum(h.checks in h.acceptable for h in held) == 0
    assert sum(h.constant in h.acceptable for h in held) == len(held) // 2
    shown = lm.format_choices(lm.held_out_choices(rows))
    assert "| model | 216/216 (100.0%)" in shown
    # Per set, the model's scores rank the documents as the labels do; the checks' and the
    # constant's are all alike, so they have no rank correlation.
    assert "| a | – | 1.00 | 1.00 | – |" in shown
    # Per question: sources is learned (checks 0, model 36 of 36; shipped, as LEARNED chooses
    # it for every length), the others are 1 throughout.
    assert "| sources | 0/36 | 36/36 | 36/36 | 18/36 |" in shown
    assert "| scope | 36/36 | 36/36 | 36/36 | 36/36 |" in shown
    # The model beats the rules on sources in every set (12 documents each), ties elsewhere.
    assert "| sources | +12 +12 +12 | 3 / 0 |" in shown
    assert "| scope | +0 +0 +0 | 0 / 0 |" in shown


def test_held_out_sets_can_be_chosen_and_samples_join_every_fit():
    rows = [_row(s, i, i % 2 == 0) for s in ("a", "b", "c") for i in range(12)]
    # Samples that contradict the real rows, at weight 5, pull the model the other way.
    samples = [_row(lm.SAMPLES_SET, i, i % 2 == 1) for i in range(12)]
    for row in samples:
        level = 0 if "sources/method_statements" in row.features else 2
        row.labels["sources"] = lm.TableLabel(level=level, acceptable=[level])
    alone = lm.held_out_choices(rows, sets=["a"])
    pulled = lm.held_out_choices(rows, samples=samples, sets=["a"])
    assert {h.set for h in alone} == {h.set for h in pulled} == {"a"}
    right = [sum(h.model in h.acceptable for h in held if h.criterion == "sources")
             for held in (alone, pulled)]  # fmt: skip
    assert right[0] == 12 and right[1] < 12


@pytest.mark.parametrize("objective", ["acceptable", "level"])
def test_two_levels_are_told_apart_in_the_right_order(objective):
    # With two classes sklearn keeps one row of weights, for the class it sorts second; "na"
    # sorts after the digits, so the rows must follow the levels, not sklearn's order.
    rows = [_row(s, i, i % 2 == 0) for s in ("a", "b", "c") for i in range(12)]
    for row in rows:
        signal = "sources/method_statements" in row.features
        row.labels["sources"] = lm.TableLabel(
            level="na" if signal else 1, acceptable=["na"] if signal else [1]
        )
    held = [h for h in lm.held_out_choices(rows, objective=objective) if h.criterion == "sources"]
    assert all(h.model == h.label for h in held)


def test_the_committed_table_matches_the_checks_on_the_committed_texts():
    # A check changed without `python -m evaluator.validation level-model table`: stale.
    fresh = {(r.set, r.id): r for r in lm.build_table([])[0]}
    committed = {(r.set, r.id): r for r in lm.read_table()}
    assert fresh, "no committed text was analysed"
    for key, row in fresh.items():
        assert key in committed, key
        assert committed[key].features == row.features, key
        assert committed[key].labels == row.labels, key


def test_keep_refreshes_the_rows_at_hand_and_keeps_the_others_in_order():
    def row(id_: str, value: float) -> lm.TableRow:
        return lm.TableRow(set="s", id=id_, chars=1, features={"x": value}, labels={})

    old = [row("a", 0), row("b", 0), row("c", 0)]
    merged = lm.merge_rows(old, [row("b", 1), row("d", 1)])
    assert [(r.id, r.features["x"]) for r in merged] == [("a", 0), ("b", 1), ("c", 0), ("d", 1)]


def test_samples_shows_what_the_model_would_do_to_each_sample_against_its_key():
    # Synthetic rows: only scope's labels vary (1 or 2, with a count), so only scope gets a
    # model; the other questions keep the checks' levels, and the keys judge the moves.
    from evaluator.samples import sample_ids

    rows = [_row(s, i, False) for s in ("a", "b") for i in range(6)]
    for row in rows[::2]:
        row.labels["scope"] = lm.TableLabel(level=2, acceptable=[2])
        row.features["scope/places"] = 1.0
    shown = lm.sample_choices(rows)
    lines = shown.splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == sample_ids()
    total = 6 * len(sample_ids())
    changes = [line.split(": ", 1)[1] for line in lines[:-1]]
    moved = [part for change in changes if change != "unchanged" for part in change.split(", ")]
    assert moved and all(part.startswith("scope ") for part in moved)
    assert lines[-1].startswith(f"{len(moved)} of {total} levels moved; the keys accept ")
    assert "recommendations" not in shown


def test_a_records_documents_are_chosen_from_what_the_checks_found_when_it_was_measured():
    """`level-model records`: the features come from the record's own suggestions and counts,
    and the model is fitted on the table's other sets only."""
    from evaluator.validation.calibration import MeasurementRecord
    from evaluator.validation.real import RealResult

    rows = [_row(s, i, i % 2 == 0) for s in ("a", "b", "c") for i in range(12)]

    def result(doc: str, criterion: str, label: int, signal: bool) -> RealResult:
        counts = {"method_statements": 1} if signal and criterion == "sources" else {}
        return RealResult(
            document=doc, split="test", criterion=criterion, label=label,
            acceptable_levels=[label], suggested=1, confidence=0.5,
            acceptable=label == 1, within_one=True, exact=label == 1, counts=counts,
        )  # fmt: skip

    results = []
    for i in range(4):
        signal = i % 2 == 0
        for criterion in lm.CRITERIA:
            label = (2 if signal else 0) if criterion == "sources" else 1
            results.append(result(f"w{i}", criterion, label, signal))
    record = MeasurementRecord(set="whole", measured_at="now", commit="x", results=results)
    assert lm.record_features(results)["w0"]["sources/method_statements"] == 1.0
    assert "sources/method_statements" not in lm.record_features(results)["w1"]
    held = [h for h in lm.record_choices(rows, [record]) if h.criterion == "sources"]
    assert [h.model for h in held] == [2, 0, 2, 0]
    assert all(h.checks == 1 for h in held)
    # A document some check made no suggestion for is left out.
    gap = [*results[:-1], results[-1].model_copy(update={"suggested": None})]
    assert set(lm.record_features(gap)) == {"w0", "w1", "w2"}


def test_the_shipped_level_model_is_current():
    # A check, the table or a measurement record changed without
    # `python -m evaluator.validation level-model train`: the analysis ships a stale model.
    from evaluator.learned_levels import load_level_model

    real, samples = lm.training_rows()
    shipped = load_level_model()
    assert shipped is not None
    assert lm.same_model(shipped, lm.train(real, samples)), "run level-model train"
    assert set(shipped.criteria) == set(lm.LEARNED)


def test_train_learns_and_states_its_held_out_confidence():
    rows = [_row(s, i, i % 2 == 0) for s in ("a", "b", "c") for i in range(12)]
    for row in rows:  # scope follows the same count as sources
        row.labels["scope"] = row.labels["sources"]
    two = {"sources": 0, "scope": 0}
    model = lm.train(rows, [], learned=two)
    assert set(model.criteria) == {"sources", "scope"} and model.documents == 36
    # Held out one set at a time, every choice was right: (18 + 1) / (18 + 2) for each level.
    assert model.criteria["sources"].confidence == {"0": 0.95, "2": 0.95}
    assert lm.same_model(model, lm.train(rows, [], learned=two))
    nudged = model.model_copy(deep=True)
    nudged.criteria["scope"].coef[0][0] += 0.01
    assert not lm.same_model(model, nudged)


def _result(criterion: str, suggested, **chosen) -> RealResult:
    return RealResult(
        document="d",
        split="test",
        criterion=criterion,
        label=1,
        acceptable_levels=[1],
        suggested=suggested,
        confidence=0.5,
        acceptable=suggested == 1,
        within_one=True,
        exact=suggested == 1,
        counts={"figures": 2},
        **chosen,
    )


def test_records_are_read_as_the_rules_gave_them():
    # A record measured with the model keeps the rules' level: features and calibration read it.
    results = [_result(c, 1) for c in lm.CRITERIA]
    results[3] = _result("scope", 1, chosen_by="model", rules_level=2)
    values = lm.record_features(results)["d"]
    assert values["scope=2"] == 1.0 and "scope=1" not in values
    rules = rules_view(results[3])
    assert (rules.suggested, rules.acceptable, rules.exact, rules.within_one) == (
        2,
        False,
        False,
        True,
    )
    assert rules_view(results[0]) is results[0]


def test_rows_carry_their_texts_length_bin_and_the_table_keeps_the_checks_alone():
    row = lm.TableRow(set="s", id="a", chars=0, features={"x": 1.0}, labels={})
    longer = lm.with_length(row, 12_000)
    assert longer.chars == 12_000 and longer.features == {"x": 1.0, "length=long": 1.0}
    assert row.features == {"x": 1.0}
    lengths = lm.document_chars()
    main = {k: v for k, v in lengths.items() if k[0] == "main"}
    assert main and all(lengths[("main-test", doc)] == n for (_, doc), n in main.items())
    assert all(n > 0 for n in lengths.values())


def test_a_criterion_learned_for_long_texts_states_its_confidence_on_long_texts_only():
    # On long texts sources follows the count; on the short third of them it goes against it,
    # so a confidence counted over every text would be far lower.
    rows = []
    for s in ("a", "b", "c"):
        for i in range(12):
            short = i % 3 == 0
            row = lm.with_length(_row(s, i, i % 2 == 0), 100 if short else 5_000)
            if short:
                level = 0 if i % 2 == 0 else 2
                row.labels["sources"] = lm.TableLabel(level=level, acceptable=[level])
            rows.append(row)
    model = lm.train(rows, [], learned={"sources": 3_000})
    assert model.criteria["sources"].min_chars == 3_000
    # 24 long texts held out, every choice right: (12 + 1) / (12 + 2) for each level.
    assert model.criteria["sources"].confidence == {"0": 0.929, "2": 0.929}


def _split_row(set_: str, i: int) -> lm.TableRow:
    """Rows alike to the checks, whose readers split: 5 in 12 rate sources 0 and accept 1 too, 4
    rate it 2 and accept 1 too, 3 accept 0 alone."""
    row = _row(set_, i, False)
    level, acceptable = ([(0, [0, 1])] * 5 + [(2, [1, 2])] * 4 + [(0, [0])] * 3)[i]
    row.labels["sources"] = lm.TableLabel(level=level, acceptable=acceptable)
    return row


def test_the_acceptable_objective_chooses_what_readers_accept_most_often():
    # The readers' commonest level is 0 (8 of 12, acceptable 8 times); the level most often
    # acceptable is 1 (9 of 12). The shipped objective fits the second.
    rows = [_split_row(s, i) for s in ("a", "b", "c") for i in range(12)]
    by_level = [h for h in lm.held_out_choices(rows, objective="level") if h.criterion == "sources"]
    by_acceptable = [h for h in lm.held_out_choices(rows) if h.criterion == "sources"]
    assert {h.model for h in by_level} == {0}
    assert {h.model for h in by_acceptable} == {1}
    assert sum(h.model in h.acceptable for h in by_acceptable) == 27
    assert sum(h.model in h.acceptable for h in by_level) == 24


def test_a_kind_every_reader_accepts_is_chosen_without_a_fit():
    rows = [_row(s, i, i % 2 == 0) for s in ("a", "b") for i in range(6)]
    for row in rows:
        row.labels["sources"] = lm.TableLabel(
            level="na", acceptable=["na", 1] if row.id[-1] in "02" else ["na"]
        )
    features = sorted({f for r in rows for f in r.features})
    fitted = lm._fit_one(rows, "sources", features, lm.C, objective="acceptable")
    assert fitted is not None and fitted.classes == ["na", "1"]
    assert fitted.intercept[0] == lm.SURE and not any(fitted.coef[0])
    assert all(lm.choose(fitted, features, r.features) == "na" for r in rows)


def test_the_checks_kind_stays_where_the_model_is_barely_likelier_to_be_accepted():
    # Scores are log-odds of being acceptable: 0 is a chance of 0.5, 0.1 about 0.525, 2 about
    # 0.88.
    model = lm.CriterionModel(classes=["0", "1"], intercept=[0.0, 0.1], coef=[[0.0], [2.0]])
    assert lm.choose(model, ["f"], {}, rules="0") == "1"  # no margin: the best
    assert lm.choose(model, ["f"], {}, rules="0", keep_within=0.05) == "0"
    assert lm.choose(model, ["f"], {"f": 1.0}, rules="0", keep_within=0.05) == "1"
    # A checks' kind the model never learned (no row accepted it) cannot be kept.
    assert lm.choose(model, ["f"], {}, rules="na", keep_within=0.05) == "1"
    # The shipped model carries its margin, and the held-out figures use the same one.
    shipped = lm.load_level_model()
    assert shipped is not None and shipped.keep_rules_within == lm.KEEP_RULES_WITHIN > 0


def _near_row(set_: str, i: int) -> lm.TableRow:
    """The checks say sources 1 throughout; of 24 readers 17 accept 1 and 18 accept 2."""
    row = _row(set_, i, False)
    acceptable = ([[1, 2]] * 12 + [[1]] * 5 + [[2]] * 6 + [[0]])[i]
    row.labels["sources"] = lm.TableLabel(level=acceptable[0], acceptable=acceptable)
    return row


def test_held_out_choices_keep_the_checks_kind_within_the_margin(monkeypatch):
    rows = [_near_row(s, i) for s in ("a", "b", "c") for i in range(24)]

    def sources_choices() -> set:
        return {h.model for h in lm.held_out_choices(rows) if h.criterion == "sources"}

    assert sources_choices() == {1}  # 2 is likelier by about 0.04: the checks' 1 stays
    monkeypatch.setattr(lm, "KEEP_RULES_WITHIN", 0.0)
    assert sources_choices() == {2}
    # The "level" objective's scores are no chances, so it never keeps by a margin.
    monkeypatch.setattr(lm, "KEEP_RULES_WITHIN", 0.05)
    assert lm.keep_within("level") == 0.0 and lm.keep_within("acceptable") == 0.05
