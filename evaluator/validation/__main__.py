"""`python -m evaluator.validation` prints the classifier's and the rules' figures on the labelled
sentences as JSON (docs/classifier.md); `evaluator validate` reports everything else.

On the real documents' dev sentence labels (set EVALUATOR_REAL_TEXTS to the dev texts' folder):
`python -m evaluator.validation speech [--json]` prints speaker and stance as the checks read
them; `python -m evaluator.validation real-sentences [--json] [--no-rules] [--sets=a,b]` prints
the decisions a model learns from every labelled sentence (of every set, or the sets named) beside
the checks' rules, cross-validated by document (docs/accuracy.md). `python -m evaluator.validation
level-model table|report` runs the learned-level experiment (validation/level_model.py);
`level-shift` replays the measurement records with a check's 0 read as 1
(validation/level_shift.py)."""

from __future__ import annotations

import json
import sys

command = sys.argv[1:2]
if command == ["speech"]:
    from .speech import format_speech_markdown, measure_speech

    report = measure_speech()
    if "--json" in sys.argv[2:]:
        print(json.dumps(report.model_dump(), indent=2))
    else:
        print(format_speech_markdown(report), end="")
elif command == ["level-model"]:
    from .level_model import run_level_model

    sys.exit(run_level_model(sys.argv[2:]))
elif command == ["level-shift"]:
    from .level_shift import format_table, level_shift_table

    print(format_table(level_shift_table()), end="")
elif command == ["real-sentences"]:
    from .real_sentences import format_sentence_decisions, sentence_decisions, sets_option

    # --sets a,b: only these sets (e.g. to keep a part unseen while rules are mended)
    try:
        chosen = sets_option(sys.argv[2:])
    except ValueError as exc:
        sys.exit(f"real-sentences: {exc}")
    scores = sentence_decisions(sets=chosen, rules="--no-rules" not in sys.argv[2:])
    if "--json" in sys.argv[2:]:
        print(json.dumps([s.model_dump() for s in scores], indent=2))
    else:
        print(format_sentence_decisions(scores))
else:
    from .classifier_metrics import cross_topic_metrics, cross_validated_metrics, rule_checks

    for metrics in (cross_validated_metrics(), cross_topic_metrics()):
        print(json.dumps(metrics.model_dump(), indent=2))
    checks = rule_checks()
    print(json.dumps({name: rate.model_dump() for name, rate in checks.items()}, indent=2))
