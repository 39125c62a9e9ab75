"""`python -m evaluator.validation` prints the classifier's and the rules' figures on the labelled
sentences as JSON (docs/classifier.md); `python -m evaluator.validation real-sentences` prints the
decisions learned from the real documents' dev sentences (docs/accuracy.md). `evaluator validate`
reports everything else."""

from __future__ import annotations

import json
import sys

if sys.argv[1:] == ["real-sentences"]:
    from .real_sentences import format_sentence_decisions, sentence_decisions

    print(format_sentence_decisions(sentence_decisions()))
else:
    from .classifier_metrics import cross_topic_metrics, cross_validated_metrics, rule_checks

    for metrics in (cross_validated_metrics(), cross_topic_metrics()):
        print(json.dumps(metrics.model_dump(), indent=2))
    checks = rule_checks()
    print(json.dumps({name: rate.model_dump() for name, rate in checks.items()}, indent=2))
