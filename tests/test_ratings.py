"""One rating vocabulary (issue 11): every output names, colours and marks a level the same way,
and only `evaluator.ratings` spells the vocabulary out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluator import batch, cli, exports, ratings
from evaluator import classroom as cls
from evaluator.analysis import analyze
from evaluator.ingest import load_bytes
from evaluator.models import Answer, Evaluation, RubricRef, Suggestion
from evaluator.rubrics import default_rubric
from evaluator_ui import classroom_tables, flow

ROOT = Path(__file__).resolve().parent.parent
RATINGS = [*ratings.LEVELS, ratings.NOT_APPLICABLE]


def _suggestion(cid: str, rating: ratings.Rating) -> Suggestion:
    if rating == ratings.NOT_APPLICABLE:
        return Suggestion(
            id=cid, suggested_level=None, status="not_applicable", confidence=0.9, rationale="r"
        )
    return Suggestion(
        id=cid, suggested_level=rating, status="suggested", confidence=0.9, rationale="r"
    )


def _answer(cid: str, rating: ratings.Rating) -> Answer:
    if rating == ratings.NOT_APPLICABLE:
        return Answer(criterion_id=cid, not_applicable=True, decision="accepted")
    return Answer(criterion_id=cid, level=rating, decision="accepted")


@pytest.fixture(scope="module")
def analysis():
    return analyze(load_bytes(b"A report with no figures at all.\n", "r.txt"), default_rubric())


@pytest.mark.parametrize("rating", RATINGS, ids=str)
def test_every_output_names_and_colours_a_rating_alike(rating, analysis):
    rubric = default_rubric()
    cid = rubric.criteria[0].id
    swatch = ratings.swatch_of(rating)
    suggestion = _suggestion(cid, rating)

    # The app's level choice and the reader's grid, chart and exports.
    if isinstance(rating, int):
        assert flow.choice_label(rating) == swatch.label
    evaluation = Evaluation(
        document_sha256="a" * 64,
        rubric=RubricRef(id=rubric.id, version=rubric.version, title=rubric.title),
        suggestions=[suggestion],
        answers={cid: _answer(cid, rating)},
    )
    cell = exports.grid(evaluation, rubric)[0]
    assert cell.swatch == swatch
    assert f"| {swatch.mark} {swatch.label} | {ratings.short(rating)} |" in exports.to_markdown(
        evaluation, rubric
    )
    assert f'background:{swatch.fill};color:{swatch.ink}">{swatch.mark} {swatch.label}</td>' in (
        exports.grid_html(evaluation, rubric)
    )
    assert exports.changes(evaluation)[0].chosen == ratings.short(rating)

    # The batch grid across files.
    every = [_suggestion(c.id, rating) for c in rubric.criteria]
    row = batch.row_from_analysis("f.txt", analysis.model_copy(update={"criteria": every}))
    assert row.cells[0].swatch == swatch
    assert row.cells[0].label == (swatch.label if isinstance(rating, int) else "n/a")
    assert f"background:{swatch.fill};color:{swatch.ink}" in batch.grid_html(
        batch.build_report(rubric, [row])
    )

    # The terminal table.
    text = cli.format_text(analysis.model_copy(update={"criteria": [suggestion]}))
    assert re.search(rf"^{cid}\s+{re.escape(ratings.short(rating))}\s", text, re.M)

    # The classroom's figures and comparison rows.
    assert cls.rating_text(cls.rating_of_answer(evaluation, cid)) == ratings.short(rating)
    assert cls.rating_of_suggestion(suggestion) == rating
    compared = classroom_tables.comparison_rows(
        evaluation, rubric, None, blind_mode=False, revealed=[]
    )[0]
    assert compared["your answer"] == compared["tool's suggestion"] == ratings.short(rating)


def test_the_palette_keeps_colours_distinct_and_words_beside_each():
    swatches = [*ratings.PALETTE.values(), ratings.NO_SUGGESTION, ratings.FAILED]
    assert len({(s.fill, s.ink) for s in swatches}) == len(swatches)
    assert all(s.label for s in swatches)
    assert [ratings.label(level) for level in ratings.LEVELS] == [
        f"{level} · {name}" for level, name in ratings.LEVEL_NAMES.items()
    ]


# Where the vocabulary may still be spelled out, and why.
ALLOWED = {
    "evaluator/ratings.py": "the vocabulary itself",
    "evaluator/models.py": "the JSON Schema's description of a level is a literal",
}


def _spellings() -> list[str]:
    """Patterns for a copy of the vocabulary: a level name as a string of its own or after "·",
    a palette colour, the exemplary mark, the unrated label."""
    names = [rf"[\"'·] ?{re.escape(name)}[\"']" for name in ratings.LEVEL_NAMES.values()]
    colours = [re.escape(s.fill) for s in ratings.PALETTE.values() if s.fill != "#FFFFFF"]
    return [*names, *colours, "✓✓", "not rated yet", "absent or misleading"]


def test_no_module_but_ratings_spells_out_a_level_name_colour_or_mark():
    """A second copy of the vocabulary would drift; this finds one the moment it is written."""
    found = []
    for folder in ("evaluator", "evaluator_ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name in ALLOWED:
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{name}: {p}" for p in _spellings() if re.search(p, text, re.I)]
    assert found == []
