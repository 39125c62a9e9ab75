"""Measured accuracy: the checks and their suggestions against the sample reports' answer keys,
the rules and the sentence classifier against the labelled sentence sets.

Nothing on the analysis path imports this package (tests/test_architecture.py holds it to that);
`evaluator validate` imports it when it runs.

- matching: one report's findings and suggestions against its key (precision, recall, fields
  agreeing; acceptable and within-one levels).
- run: every sample report, split by the key's `split` (`tuning` reports may have shaped the
  rules, `held_out` reports never did), plus the figures below.
- labelled: the rule detectors on the labelled sentences (per-role precision and recall, traps).
- classifier_metrics: the classifier cross-validated and across topics, and the rules by topic.
- denominator_links: denominator linking on its own labelled set.
- real: the suggestions against blind labels of real published documents (real_reports/).
- real_sentences: open-ended sentence decisions learned from the real sentences, beside the rules.
- baseline: a constant answer per question, to read the real-document figures against.
- level_model: an experiment, a learned choice of level over what the checks found (not used by
  the analysis).
- level_shift: the measurement records replayed with a check's 0 read as 1 (the readers'
  leniency against the guide's anchors; not used by the analysis).
- calibration: fitting the confidence calibration on the recorded blind-set measurements, and
  its reliability table.
- speech: speaker and stance (checks/speech.py) against the dev part's sentence labels.
- symmetry: swapping the groups a report names must move no level.
- markdown: the tables in docs/accuracy.md. results: the models all of these return.
"""

from __future__ import annotations

from .baseline import (
    Comparison,
    compare,
    constant_answer,
    describe,
    format_comparisons,
    held_out_comparisons,
    most_acceptable,
)
from .calibration import (
    CalibrationReport,
    MeasurementRecord,
    ReliabilityRow,
    fit_kinds,
    fit_records,
    format_calibration,
    format_per_set,
    left_out_sets,
    load_records,
    record_paths,
    records_report,
    reliability,
    shipped_report,
)
from .classifier_metrics import (
    ClassifierMetrics,
    Rate,
    RoleScores,
    cross_topic_metrics,
    cross_validated_metrics,
    rule_checks,
)
from .denominator_links import LINKS_PATH, denominator_link_accuracy
from .labelled import FAMILIES, FAULT_ROLES, family_of, predicted_roles, score_labelled
from .level_model import (
    CriterionModel,
    HeldChoice,
    TableLabel,
    TableRow,
    build_table,
    choose,
    feature_values,
    format_choices,
    held_out_choices,
    kind_of,
    merge_rows,
    read_table,
    record_choices,
    record_features,
    run_level_model,
    sample_choices,
    write_table,
)
from .level_shift import ShiftFigures, format_table, level_shift_table, replay, zero_as_one
from .markdown import format_markdown
from .matching import same_sentence, score_criteria, score_items
from .real import (
    REAL_DIR,
    SET_NAME,
    TEXTS_ENV,
    CriterionLabel,
    CritiqueOrder,
    DisputedFigure,
    DocumentLabels,
    RealAgreement,
    RealDocument,
    RealReport,
    RealResult,
    SentenceLabel,
    all_sets,
    assign_split,
    critique_order,
    format_real_markdown,
    judge,
    judge_levels,
    levels_score,
    load_disputes,
    load_documents,
    load_labels,
    measure_real,
    pdf_of,
    real_set,
    spearman,
    text_of,
    text_problems,
)
from .real_sentences import (
    DecisionScores,
    MethodScores,
    Row,
    format_sentence_decisions,
    labelled_rows,
    new_model,
    rule_readings,
    score_decision,
    sentence_decisions,
    sentence_sets,
    sets_option,
    with_rules,
)
from .results import (
    SPLITS,
    CriterionAgreement,
    CriterionResult,
    DetectorScore,
    LabelledScores,
    Ratio,
    RoleScore,
    ValidationReport,
)
from .run import run_validation, validate_samples
from .speech import SpeechReport, SpeechRow, format_speech_markdown, measure_speech
from .symmetry import Asymmetry, asymmetries, swap_groups

__all__ = [
    "FAMILIES",
    "FAULT_ROLES",
    "LINKS_PATH",
    "REAL_DIR",
    "SET_NAME",
    "SPLITS",
    "TEXTS_ENV",
    "Asymmetry",
    "CalibrationReport",
    "ClassifierMetrics",
    "Comparison",
    "CriterionAgreement",
    "CriterionLabel",
    "CriterionModel",
    "CriterionResult",
    "CritiqueOrder",
    "DecisionScores",
    "DetectorScore",
    "DisputedFigure",
    "DocumentLabels",
    "HeldChoice",
    "LabelledScores",
    "MeasurementRecord",
    "MethodScores",
    "Rate",
    "Ratio",
    "RealAgreement",
    "RealDocument",
    "RealReport",
    "RealResult",
    "ReliabilityRow",
    "RoleScore",
    "RoleScores",
    "Row",
    "SentenceLabel",
    "ShiftFigures",
    "SpeechReport",
    "SpeechRow",
    "TableLabel",
    "TableRow",
    "ValidationReport",
    "all_sets",
    "assign_split",
    "asymmetries",
    "build_table",
    "choose",
    "compare",
    "constant_answer",
    "critique_order",
    "cross_topic_metrics",
    "cross_validated_metrics",
    "denominator_link_accuracy",
    "describe",
    "family_of",
    "feature_values",
    "fit_kinds",
    "fit_records",
    "format_calibration",
    "format_choices",
    "format_comparisons",
    "format_markdown",
    "format_per_set",
    "format_real_markdown",
    "format_sentence_decisions",
    "format_speech_markdown",
    "format_table",
    "held_out_choices",
    "held_out_comparisons",
    "judge",
    "judge_levels",
    "kind_of",
    "labelled_rows",
    "left_out_sets",
    "level_shift_table",
    "levels_score",
    "load_disputes",
    "load_documents",
    "load_labels",
    "load_records",
    "measure_real",
    "measure_speech",
    "merge_rows",
    "most_acceptable",
    "new_model",
    "pdf_of",
    "predicted_roles",
    "read_table",
    "real_set",
    "record_choices",
    "record_features",
    "record_paths",
    "records_report",
    "reliability",
    "replay",
    "rule_checks",
    "rule_readings",
    "run_level_model",
    "run_validation",
    "same_sentence",
    "sample_choices",
    "score_criteria",
    "score_decision",
    "score_items",
    "score_labelled",
    "sentence_decisions",
    "sentence_sets",
    "sets_option",
    "shipped_report",
    "spearman",
    "swap_groups",
    "text_of",
    "text_problems",
    "validate_samples",
    "with_rules",
    "write_table",
    "zero_as_one",
]
