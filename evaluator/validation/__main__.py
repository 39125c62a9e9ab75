"""`python -m evaluator.validation` prints the classifier's and the rules' figures on the labelled
sentences as JSON (docs/classifier.md); `evaluator validate` reports everything else."""

from __future__ import annotations

import json

from .classifier_metrics import cross_topic_metrics, cross_validated_metrics, rule_checks

for metrics in (cross_validated_metrics(), cross_topic_metrics()):
    print(json.dumps(metrics.model_dump(), indent=2))
checks = rule_checks()
print(json.dumps({name: rate.model_dump() for name, rate in checks.items()}, indent=2))
