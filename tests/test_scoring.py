"""The score rule: weights, not-applicable criteria, unrated criteria, bands."""

import pytest

from evaluator.models import Rubric, Suggestion
from evaluator.rubrics import default_rubric
from evaluator.scoring import NOT_APPLICABLE, SCORE_RULE, ratings_from_suggestions, score


def make_rubric(weights: dict[str, float]) -> Rubric:
    levels = {"0": "a", "1": "b", "2": "c", "3": "d"}
    return Rubric.model_validate(
        {
            "id": "t",
            "version": "1",
            "title": "T",
            "criteria": [
                {
                    "id": cid,
                    "title": cid,
                    "question": "?",
                    "guidance": "g",
                    "why_it_matters": "w",
                    "levels": levels,
                    "weight": w,
                }
                for cid, w in weights.items()
            ],
        }
    )


def test_equal_weights_average_the_levels():
    rubric = make_rubric({"a": 1, "b": 1, "c": 1})
    result = score(rubric, {"a": 3, "b": 2, "c": 0})
    assert result.value == pytest.approx(100 * 5 / 9, abs=0.05)  # 55.6
    assert result.band == "adequate"
    assert result.complete
    assert [c.points for c in result.contributions] == [33.33, 22.22, 0.0]
    assert sum(c.max_points for c in result.contributions) == pytest.approx(100, abs=0.02)


def test_weights_change_the_score():
    rubric = make_rubric({"a": 3, "b": 1})
    # (3 × 3/3 + 1 × 0/3) / 4 = 0.75
    assert score(rubric, {"a": 3, "b": 0}).value == 75.0
    assert score(rubric, {"a": 0, "b": 3}).value == 25.0


def test_not_applicable_leaves_the_denominator():
    rubric = make_rubric({"a": 1, "b": 1, "c": 2})
    with_na = score(rubric, {"a": 3, "b": 1, "c": NOT_APPLICABLE})
    assert with_na.value == pytest.approx(100 * 4 / 6, abs=0.05)  # only a and b count
    na = with_na.contributions[2]
    assert (na.status, na.points, na.max_points) == ("not_applicable", 0.0, 0.0)
    assert with_na.contributions[0].max_points == 50.0
    assert with_na.complete


def test_all_not_applicable_has_no_score_not_zero():
    rubric = make_rubric({"a": 1, "b": 1})
    result = score(rubric, {"a": NOT_APPLICABLE, "b": NOT_APPLICABLE})
    assert result.value is None
    assert result.band == "not scored"
    assert result.complete


def test_nothing_rated_has_no_score_and_is_incomplete():
    result = score(make_rubric({"a": 1}), {})
    assert result.value is None
    assert not result.complete
    assert result.contributions[0].status == "unrated"


def test_partly_rated_scores_what_is_rated_and_says_it_is_incomplete():
    result = score(make_rubric({"a": 1, "b": 1}), {"a": 3})
    assert result.value == 100.0
    assert not result.complete


@pytest.mark.parametrize(
    ("level", "band"), [(0, "poor"), (1, "weak"), (2, "adequate"), (3, "strong")]
)
def test_bands_follow_the_rubric(level, band):
    assert score(make_rubric({"a": 1}), {"a": level}).band == band


def test_bad_ratings_are_refused():
    rubric = make_rubric({"a": 1})
    with pytest.raises(ValueError, match="outside 0–3"):
        score(rubric, {"a": 4})
    with pytest.raises(ValueError, match="not in rubric"):
        score(rubric, {"zzz": 1})


def test_the_rule_is_stated_in_the_output():
    result = score(default_rubric(), {})
    assert result.rule == SCORE_RULE
    assert "not-applicable" in result.rule


def test_suggestions_become_ratings():
    suggestions = [
        Suggestion(id="a", suggested_level=2, status="suggested", confidence=0.5, rationale="r"),
        Suggestion(
            id="b", suggested_level=None, status="not_applicable", confidence=0.9, rationale="r"
        ),
        Suggestion(
            id="c", suggested_level=None, status="no_suggestion", confidence=0.0, rationale="r"
        ),
    ]
    assert ratings_from_suggestions(suggestions) == {"a": 2, "b": NOT_APPLICABLE}
