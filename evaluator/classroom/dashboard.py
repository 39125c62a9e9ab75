"""The class dashboard: per question, per student and per item, how the class's ratings spread
and agree with the answer key and with the tool, as figures (the pages shape them for display)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field

from .. import charts
from ..answer_keys import CriterionKey
from ..models import Rubric
from ..ratings import Rating, rating_of_suggestion
from .agreement import (
    NA,
    Agreement,
    agreement,
    distribution,
    krippendorff_alpha,
    rating_of_answer,
    rating_of_key,
    rating_text,
)
from .submissions import Submission, student_key


class ReportRef(BaseModel):
    sha256: str
    title: str
    has_key: bool


class CriterionStats(BaseModel):
    criterion_id: str
    title: str
    distribution: dict[str, int]
    agreement: Agreement | None = Field(description="null when no loaded report has a key")


class StudentStats(BaseModel):
    student: str
    submissions: int
    answered: int
    agreement: Agreement | None


class ItemStats(BaseModel):
    """One question on one report: what the class said, what the key and the tool said."""

    report_sha256: str
    report_title: str
    criterion_id: str
    criterion_title: str = ""
    key: str = Field(description="the key's rating, '' without a key")
    tolerance: int | None
    tool: str = Field(description="the tool's suggestion: a level, 'n/a' or '' for none")
    distribution: dict[str, int]
    consensus: float | None = Field(description="share of answers that give the commonest rating")
    agreement: Agreement | None
    within_tolerance: int | None = None


class Dashboard(BaseModel):
    reports: list[ReportRef]
    submissions: int
    students: int
    criteria: list[CriterionStats]
    per_student: list[StudentStats]
    items: list[ItemStats]
    lowest: list[ItemStats] = Field(description="items to discuss first: lowest agreement")
    tool: Agreement | None = Field(
        default=None, description="the tool's suggestions against the key, item by item"
    )
    class_alpha: float | None = Field(
        default=None, description="Krippendorff's alpha (ordinal) among the students, key aside"
    )
    class_alpha_note: str = ""
    class_kappa: Agreement | None = Field(
        default=None,
        description="every student's level against the key's, all questions and reports pooled: "
        "the kappa a single report can still give, since its key varies across questions",
    )


def _tool_agreement(items: Sequence[ItemStats]) -> Agreement | None:
    """Track the detectors like a student, so the teacher sees where automation is weak."""
    pairs = []
    for item in items:
        if item.key and item.tool:
            tool = NA if item.tool == NA else int(item.tool)
            key = NA if item.key == NA else int(item.key)
            pairs.append((tool, key))
    return agreement(pairs) if pairs else None


def _tool_rating(submissions: Sequence[Submission], criterion_id: str) -> Rating | None:
    """The tool's suggestion as the submissions recorded it (the commonest, should they differ)."""
    seen: Counter[str] = Counter()
    for submission in submissions:
        for suggestion in submission.evaluation.suggestions:
            rating = rating_of_suggestion(suggestion)
            if suggestion.id == criterion_id and rating is not None:
                seen[str(rating)] += 1
    if not seen:
        return None
    top = seen.most_common(1)[0][0]
    return NA if top == NA else int(top)


def _consensus(ratings: Sequence[Rating | None]) -> float | None:
    given = [r for r in ratings if r is not None]
    if not given:
        return None
    return round(Counter(map(str, given)).most_common(1)[0][1] / len(given), 4)


def lowest_items(items: Sequence[ItemStats], limit: int = 5) -> list[ItemStats]:
    """Items to discuss: lowest exact agreement with the key first, then the least consensus."""
    keyed = [i for i in items if i.agreement is not None and i.agreement.compared]
    unkeyed = [i for i in items if i not in keyed and i.consensus is not None]
    keyed.sort(key=lambda i: (i.agreement.exact_rate, i.agreement.within_one_rate))
    unkeyed.sort(key=lambda i: i.consensus)
    return (keyed + unkeyed)[:limit]


def class_dashboard(
    submissions: Sequence[Submission],
    rubric: Rubric,
    keys: Mapping[str, Mapping[str, CriterionKey] | None],
    titles: Mapping[str, str] | None = None,
    lowest: int = 5,
) -> Dashboard:
    """Figures for the teacher. `keys` maps each report's SHA-256 to its answer key (or None)."""
    titles = titles or {}
    shas = list(dict.fromkeys([*keys, *(s.evaluation.document_sha256 for s in submissions)]))
    by_report = {
        sha: [s for s in submissions if s.evaluation.document_sha256 == sha] for sha in shas
    }
    reports = [
        ReportRef(sha256=sha, title=titles.get(sha) or sha[:12], has_key=bool(keys.get(sha)))
        for sha in shas
    ]

    items: list[ItemStats] = []
    criteria: list[CriterionStats] = []
    pooled: list[tuple[Rating, Rating]] = []
    for criterion in rubric.criteria:
        all_ratings: list[Rating | None] = []
        pairs: list[tuple[Rating, Rating]] = []
        any_key = False
        for sha in shas:
            group = by_report[sha]
            key_entry = (keys.get(sha) or {}).get(criterion.id)
            key = rating_of_key(key_entry)
            ratings = [rating_of_answer(s.evaluation, criterion.id) for s in group]
            all_ratings += ratings
            item_pairs = [(r, key) for r in ratings if r is not None and key is not None]
            if key is not None:
                any_key = True
                pairs += item_pairs
            within_tolerance = None
            if key_entry is not None:
                within_tolerance = sum(
                    key_entry.accepts(None if r == NA else r) for r, _ in item_pairs
                )
            items.append(
                ItemStats(
                    report_sha256=sha,
                    report_title=titles.get(sha) or sha[:12],
                    criterion_id=criterion.id,
                    criterion_title=criterion.title,
                    key=rating_text(key),
                    tolerance=key_entry.tolerance if key_entry else None,
                    tool=rating_text(_tool_rating(group, criterion.id)),
                    distribution=distribution(ratings),
                    consensus=_consensus(ratings),
                    # Kappa within one item is meaningless: the key gives a single level.
                    agreement=agreement(item_pairs, with_kappa=False) if key is not None else None,
                    within_tolerance=within_tolerance,
                )
            )
        criteria.append(
            CriterionStats(
                criterion_id=criterion.id,
                title=criterion.title,
                distribution=distribution(all_ratings),
                agreement=agreement(pairs) if any_key else None,
            )
        )
        pooled += pairs

    students: dict[str, list[Submission]] = {}
    for submission in submissions:
        students.setdefault(student_key(submission.student), []).append(submission)
    per_student = []
    for group in students.values():
        pairs = []
        answered = 0
        has_key = False
        for submission in group:
            key_map = keys.get(submission.evaluation.document_sha256) or {}
            has_key = has_key or bool(key_map)
            for criterion in rubric.criteria:
                mine = rating_of_answer(submission.evaluation, criterion.id)
                answered += mine is not None
                key = rating_of_key(key_map.get(criterion.id))
                if mine is not None and key is not None:
                    pairs.append((mine, key))
        per_student.append(
            StudentStats(
                student=group[0].student,
                submissions=len(group),
                answered=answered,
                agreement=agreement(pairs, who=("this student chose", "the key gives"))
                if has_key
                else None,
            )
        )
    per_student.sort(key=lambda s: student_key(s.student))

    units = []
    for sha in shas:
        for criterion in rubric.criteria:
            given = [rating_of_answer(s.evaluation, criterion.id) for s in by_report[sha]]
            units.append([r for r in given if isinstance(r, int)])
    alpha, alpha_note = krippendorff_alpha(units)
    return Dashboard(
        reports=reports,
        submissions=len(submissions),
        students=len(students),
        criteria=criteria,
        per_student=per_student,
        items=items,
        lowest=lowest_items(items, lowest),
        tool=_tool_agreement(items),
        class_alpha=alpha,
        class_alpha_note=alpha_note,
        class_kappa=agreement(pooled) if pooled else None,
    )


def _rating_text_to_rating(text: str) -> Rating:
    return NA if text == NA else int(text)


def spread_chart(board: Dashboard) -> dict:
    """The class's levels per question as stacked bars, in the rubric's order, with the key's
    level(s) outlined and named under each question."""
    counts = []
    key: list[list[Rating]] = []
    for stats in board.criteria:
        tally = dict(stats.distribution)
        tally["unrated"] = tally.pop("unanswered", 0)
        counts.append(tally)
        key.append(
            [
                _rating_text_to_rating(item.key)
                for item in board.items
                if item.criterion_id == stats.criterion_id and item.key
            ]
        )
    return charts.stacked_levels(
        [stats.title for stats in board.criteria], counts, key=key, what="answers"
    )


ONE_KEY_LEVEL = (
    "the key gives each of them a single level, so kappa cannot tell agreement from chance "
    "(it needs several exercises, where the key's level varies)"
)


def kappa_reasons(board: Dashboard) -> dict[str, list[str]]:
    """Why weighted kappa is missing, each reason with the questions it applies to (in order);
    "the key gives one level" is one reason, whichever level that is."""
    reasons: dict[str, list[str]] = {}
    for stats in board.criteria:
        if stats.agreement is not None and stats.agreement.kappa is None:
            note = stats.agreement.kappa_note
            if note.startswith("the key gives the same level"):
                note = ONE_KEY_LEVEL
            reasons.setdefault(note, []).append(stats.title)
    return reasons
