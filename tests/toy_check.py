"""A seventh check for a toy criterion, written the way a new check is: one module holding its
finding model and its `CHECK`. tests/test_check_contract.py registers it."""

from __future__ import annotations

import re

from evaluator.checks import Check, Context, KeyedList
from evaluator.checks.common import page_list, suggested
from evaluator.models import Findings, Model, PageNumber, Sentence, Suggestion

_TEAPOT = re.compile(r"\bteapots?\b", re.I)


class TeapotMention(Model):
    page: PageNumber
    sentence: Sentence
    spout: bool


def detect(context: Context) -> Findings:
    found = [
        TeapotMention(page=p.page, sentence=p.text, spout="spout" in p.text)
        for p in context.in_time("teapots", context.passages)
        if _TEAPOT.search(p.text)
    ]
    return Findings(teapot_mentions=found)


def suggest(findings: Findings, context: Context) -> Suggestion:
    mentions = findings.lists()["teapot_mentions"]
    spouts = [m for m in mentions if m.spout]
    # It reads another check's list, declared in `needs`.
    shares = len(findings.percentages)
    return suggested(
        "teapots",
        3 if spouts else 1,
        0.5,
        [f"{len(mentions)} teapots ({page_list(m.page for m in mentions)})"],
        [(m.page, m.sentence, "teapot with a spout") for m in spouts],
        counts={"teapots": len(mentions), "with_spout": len(spouts), "percentages": shares},
    )


def _check_key(item) -> None:
    if "teapot" not in item.sentence.lower():
        raise ValueError("a teapot mention names a teapot")


CHECK = Check(
    criterion="teapots",
    produces={"teapot_mentions": TeapotMention},
    needs=("percentages",),
    detect=detect,
    suggest=suggest,
    answer_key={
        "teapot_mentions": KeyedList(
            fields=("page", "sentence", "spout"), check=_check_key, scored={"spout": ("spout",)}
        )
    },
)
