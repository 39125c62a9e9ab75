"""Command line: `python -m evaluator` or `evaluator`."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__, grids
from .escaping import terminal_text
from .ratings import MISSING, rating_of, rating_of_suggestion, short

if TYPE_CHECKING:
    from .models import Analysis, Document
    from .validation.real import RealReport

# Each command imports what it uses when it runs: `--help` then loads no pydantic, no analysis
# and no PDF code. The parser's choices are spelled out here for the same reason;
# tests/test_cli.py checks them against the modules they come from.
DEFAULT_RUBRIC_ID = "default"
BATCH_FORMATS = ("table", "csv", "json", "md", "html")
SCHEMA_NAMES = ("analysis", "error", "evaluation", "rubric")

EXIT_OK, EXIT_INPUT = 0, 2
EXIT_SOME_FAILED = 1


def _fail(code: str, message: str, fmt: str, out: TextIO, err: TextIO) -> int:
    from .models import ErrorBody, ErrorOutput

    message = terminal_text(message)  # it may quote a file name or a rubric's text
    if fmt == "json":
        body = ErrorOutput(error=ErrorBody(code=code, message=message))
        out.write(body.model_dump_json(indent=2) + "\n")
    err.write(f"error: {message}\n")
    return EXIT_INPUT


def _criteria_grid(analysis: Analysis) -> grids.Grid:
    """One row per criterion: the suggested level, confidence, evidence count, points, why."""
    from .calibration import band

    contributions = {c.id: c for c in analysis.score.contributions}
    rows = []
    for suggestion in analysis.criteria:
        contribution = contributions.get(suggestion.id)
        rated = contribution is not None and contribution.status == "rated"
        rows.append(
            [
                grids.Cell(suggestion.id),
                grids.Cell(short(rating_of_suggestion(suggestion))),
                grids.Cell(
                    MISSING
                    if suggestion.status == "no_suggestion"
                    else f"{suggestion.confidence:.2f} {band(suggestion.confidence)}"
                ),
                grids.Cell(str(len(suggestion.evidence))),
                grids.Cell(f"{contribution.points:.1f}" if rated else MISSING),
                grids.Cell(suggestion.rationale),
            ]
        )
    right = ("level", "conf.", "evid.", "points")
    columns = [grids.Column("criterion"), *(grids.Column(name, "right") for name in right)]
    return grids.Grid(columns=[*columns, grids.Column("rationale")], rows=rows)


# Disputed claims quoted in the text output: enough to see the document's stance, not a listing.
_DISPUTED_SHOWN = 3


def format_text(analysis: Analysis) -> str:
    """A plain table for people reading a terminal; text from the file or rubric is made inert."""
    from .analysis import excerpt, incomplete_warnings

    doc = analysis.document
    t = terminal_text
    lines = [
        f"Document: {t(doc.filename or doc.title or doc.sha256[:12])} "
        f"({doc.source}, {doc.pages} page{'s' if doc.pages != 1 else ''})",
        f"Rubric:   {t(analysis.rubric.id)} v{t(analysis.rubric.version)}",
    ]
    lines += [f"Warning:  {t(w)}" for w in doc.warnings]
    lines.append("")
    lines += grids.text(_criteria_grid(analysis))
    lines.append("")
    value = analysis.score.value
    shown = "no score" if value is None else f"{value:.1f} / 100"
    lines.append(f"Score: {shown} ({t(analysis.score.band)})")
    unrated = [c.id for c in analysis.score.contributions if c.status == "unrated"]
    if value is not None and unrated:
        counted = sum(c.status == "rated" for c in analysis.score.contributions)
        lines.append(
            f"Note:  incomplete: the score rests on {counted} of {counted + len(unrated)} "
            f"applicable questions; rate {', '.join(t(u) for u in unrated)} to complete it"
        )
    if incomplete_warnings(analysis):
        lines.append(
            "Note:  the analysis was cut short (see the warnings): the score is incomplete"
        )
    lines.append(f"Rule:  {t(analysis.score.rule)}")
    counts = ", ".join(
        f"{name.replace('_', ' ')} {len(items)}" for name, items in analysis.findings
    )
    lines.append(f"Findings: {counts}")
    relayed = analysis.relayed_claims
    if relayed:
        disputed = [c for c in relayed if c.stance == "disputes"]
        lines.append(
            f"Relayed: {len(relayed)} claim{'s' if len(relayed) != 1 else ''} from others, "
            f"{len(disputed)} of them disputed by the document"
        )
        lines += [
            f"  p. {c.page}, from {t(c.named_speaker() or 'no one named')}: "
            f"{t(excerpt(c.sentence, c.cue, 120))}"
            for c in disputed[:_DISPUTED_SHOWN]
        ]
    return "\n".join(lines) + "\n"


# A PDF this large is likely to be long enough to share between workers: start them all at
# once, rather than the second only when the first has counted the pages.
PRESTART_ALL_BYTES = 256 * 1024


def _prestart_reader(path: str | None) -> None:
    """Start the PDF workers before the analysis is imported, so the two overlap: both take
    a few tenths of a second from a cold start."""
    if path is None or not path.lower().endswith(".pdf"):
        return
    from .errors import InputError
    from .ingest import pool
    from .limits import limits_from_env

    try:
        limits = limits_from_env()
        large = os.stat(path).st_size >= PRESTART_ALL_BYTES
        pool.POOL.prestart(limits.memory_mb, limits.workers if large else 1, pool.KEEP_IDLE)
    except (InputError, OSError):  # a bad setting, no file or no process: reading will say so
        return


class _Reading(threading.Thread):
    """`load_path` on a thread of its own, begun before the analysis is imported: the workers
    then read the file while this process imports the checks and compiles their patterns."""

    def __init__(self, path: str, password: str | None) -> None:
        super().__init__(name="evaluator-reading", daemon=True)
        self._path, self._password = path, password
        self._outcome: Any = None
        self.start()

    def run(self) -> None:
        from .ingest import load_path

        try:
            self._outcome = load_path(self._path, password=self._password)
        except BaseException as exc:  # raised again on the main thread
            self._outcome = exc

    def document(self) -> Document:
        self.join()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        return self._outcome


def cmd_analyze(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    _prestart_reader(None if args.sample else args.path)
    from .rubrics import RubricError, resolve_rubric

    try:
        rubric = resolve_rubric(args.rubric)
    except RubricError as exc:
        return _fail("bad_rubric", str(exc), args.format, out, err)
    # Begun once the rubric is known good, so a refusal leaves no reading behind.
    reading = None if args.sample else _Reading(args.path, args.password)
    from .analysis import analyze

    # The checks' modules compile about 240 regular expressions on import: done here, it
    # overlaps with the workers reading the file instead of following it.
    from .checks import checks
    from .errors import InputError

    checks()
    try:
        if reading is not None:
            document = reading.document()
        else:
            from .ingest import load_path
            from .samples import sample_pdf_path  # only here: importing its answer keys is slow

            document = load_path(sample_pdf_path(args.sample), password=args.password)
    except InputError as exc:
        return _fail(exc.code, exc.message, args.format, out, err)
    analysis = analyze(document, rubric)
    if args.format == "json":
        out.write(analysis.model_dump_json(indent=2) + "\n")
    else:
        out.write(format_text(analysis))
    return EXIT_OK


def _key_lines(key) -> list[str]:
    lines = ["Answer key:"]
    for criterion_id, entry in key.criteria.items():
        level = short(rating_of(entry))
        spread = f" (±{entry.tolerance})" if entry.tolerance else ""
        lines.append(f"  {criterion_id}: {level}{spread}: {entry.justification}")
    return lines


def cmd_samples(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """List the bundled sample reports, or show one; its key and notes only with --with-key."""
    from .errors import InputError
    from .samples import list_samples, load_answer_key, load_teacher_notes, sample_pdf_path

    if args.id is None:
        infos = list_samples()
        if args.format == "json":
            payload = [
                {**info.model_dump(), "pdf": str(sample_pdf_path(info.id))} for info in infos
            ]
            out.write(json.dumps({"samples": payload}, indent=2) + "\n")
        else:
            for info in infos:
                out.write(f"{info.id}\t{info.pages} p.\t{info.topic}\t{info.title}\n")
        return EXIT_OK
    try:
        info = next((i for i in list_samples() if i.id == args.id), None)
        pdf = sample_pdf_path(args.id)
        key = load_answer_key(args.id) if args.with_key else None
        notes = load_teacher_notes(args.id) if args.with_key else None
    except InputError as exc:
        return _fail(exc.code, exc.message, args.format, out, err)
    if args.format == "json":
        payload = {**info.model_dump(), "pdf": str(pdf)}
        if key is not None:
            payload["answer_key"] = {
                cid: entry.model_dump(mode="json") for cid, entry in key.criteria.items()
            }
            payload["teacher_notes"] = notes
        out.write(json.dumps(payload, indent=2) + "\n")
        return EXIT_OK
    out.write(f"{info.title}\n{info.description}\nPDF: {pdf}\n")
    if key is None:
        out.write("(answer key and teacher notes: add --with-key)\n")
    else:
        out.write("\n" + "\n".join(_key_lines(key)) + f"\n\n{notes}\n")
    return EXIT_OK


def cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Batch scoring for editors; exit 1 when any file failed (the others are still scored)."""
    from .batch import render as render_batch
    from .batch import score_batch
    from .rubrics import RubricError, resolve_rubric

    try:
        rubric = resolve_rubric(args.rubric)
    except RubricError as exc:
        return _fail("bad_rubric", str(exc), args.format, out, err)
    report = score_batch(args.files, rubric, workers=args.workers)
    text = render_batch(report, args.format)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            return _fail(
                "unwritable", f"{args.output}: cannot write ({exc.strerror})", "", out, err
            )
        err.write(f"wrote {args.output}\n")
    else:
        out.write(text)
    for row in report.reports:
        if not row.ok:
            err.write(f"failed: {terminal_text(row.file)}: {terminal_text(row.error.message)}\n")
    if report.summary.failed:
        from .wording import plural

        failed, files = report.summary.failed, plural(report.summary.files, "file")
        err.write(f"{failed} of {files} failed\n")
        return EXIT_SOME_FAILED
    return EXIT_OK


def cmd_rubrics(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .rubrics import available_rubrics

    good, bad = available_rubrics()
    if args.format == "json":
        rows = [
            {"id": r.id, "version": r.version, "title": r.title, "path": str(p)} for p, r in good
        ]
        problems = [str(e) for e in bad]
        out.write(json.dumps({"rubrics": rows, "errors": problems}, indent=2) + "\n")
    else:
        for path, rubric in good:
            fields = (rubric.id, f"v{rubric.version}", rubric.title, str(path))
            out.write("\t".join(map(terminal_text, fields)) + "\n")
    for error in bad:
        err.write(f"skipped: {terminal_text(error)}\n")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .schemas import SCHEMAS, render, write_all

    if args.write:
        for path in write_all():
            err.write(f"wrote {path}\n")
        return EXIT_OK
    if args.name == "all":
        payload = {name: json.loads(render(name)) for name in SCHEMAS}
        out.write(json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    else:
        out.write(render(args.name))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    # Imported here: validation pulls in the sample reports and, with --classifier, scikit-learn.
    from .samples import sample_ids
    from .validation import format_markdown, run_validation

    if args.calibration:
        return _validate_calibration(args, out, err)
    if args.fit_calibration:
        return _fail(
            "bad_option",
            "--fit-calibration refits from the blind-set measurement records: use it with "
            "--calibration",
            args.format,
            out,
            err,
        )
    if args.real:
        return _validate_real(args, out, err)
    known = sample_ids()
    unknown = [s for s in args.sample or [] if s not in known]
    if unknown:
        return _fail(
            "unknown_sample",
            f"no sample report {unknown[0]!r}; known: {', '.join(known) or 'none installed'}",
            args.format,
            out,
            err,
        )
    report = run_validation(args.sample or None, with_classifier=not args.no_classifier)
    if args.format == "json":
        out.write(report.model_dump_json(indent=2) + "\n")
    else:
        out.write(format_markdown(report))
    for problem in report.errors:
        err.write(f"not scored: {problem}\n")
    return EXIT_OK


def _validate_calibration(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The calibration held against the recorded blind-set measurements, one set left out at a
    time; with --fit-calibration, refitted from all of them into the package."""
    from .calibration import CALIBRATION_PATH
    from .errors import InputError
    from .validation.baseline import format_comparisons, held_out_comparisons
    from .validation.calibration import (
        fit_records,
        format_calibration,
        format_per_set,
        load_records,
        record_paths,
        records_report,
    )

    try:
        records = load_records(record_paths())
    except InputError as exc:
        return _fail(exc.code, exc.message, args.format, out, err)
    if len(records) < 2:
        return _fail(
            "bad_option", "at least two measurement records are needed", args.format, out, err
        )
    raw, report = records_report(records)
    if args.format == "json":
        out.write(report.model_dump_json(indent=2) + "\n")
    else:
        out.write(
            f"Measurement records: {', '.join(r.set for r in records)}; each set calibrated by "
            "the others only.\n\n"
            + format_calibration(
                raw, report, note="Each set calibrated by steps fitted without it."
            )
            + "\n"
            + format_per_set(records)
            + "\n"
            + format_comparisons(
                held_out_comparisons(records),
                "The suggestions against one constant answer per question, the level most "
                "often acceptable, fitted without the set:",
            )
        )
    if args.fit_calibration:
        # Only from the records: a fit on the documents the rules were written against would
        # learn their in-sample accuracy (98% against about 80% on fresh sets).
        fitted = fit_records(records)
        CALIBRATION_PATH.write_text(fitted.model_dump_json(indent=1) + "\n", encoding="utf-8")
        err.write(f"wrote {CALIBRATION_PATH}\n")
    return EXIT_OK


def _against_constant(report: RealReport, name: str) -> str:
    """The set's suggestions beside the constant answer fitted on the other sets' records."""
    from .validation.baseline import compare, constant_answer, describe, format_comparisons
    from .validation.calibration import load_records, record_paths

    records = [r for r in load_records(record_paths()) if r.set not in (name, f"{name}-test")]
    if not records:
        return ""
    constant = constant_answer([x for r in records for x in r.results])
    note = (
        f"Against a constant answer ({describe(constant)}), the level most often acceptable in "
        f"the measurement records of other sets ({', '.join(r.set for r in records)}):"
    )
    return format_comparisons([compare(name, report.results, constant)], note)


def _validate_real(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .calibration import load_calibration
    from .errors import InputError
    from .validation import format_real_markdown, measure_real
    from .validation.calibration import format_calibration, shipped_report
    from .validation.real import real_set
    from .wording import plural

    parts = ("dev", "test") if args.real == "all" else (args.real,)
    private = Path(args.real_texts) if args.real_texts else None
    try:
        root = real_set(args.real_set)
    except InputError as exc:
        return _fail(exc.code, exc.message, args.format, out, err)
    report = measure_real(parts, root=root, private=private)
    if args.format == "json":
        out.write(report.model_dump_json(indent=2) + "\n")
    else:
        raw, shown = shipped_report(report)
        shipped = load_calibration()
        note = (
            f"The calibration shipped in the package ({shipped.fitted_on if shipped else 'none'}),"
            " as the tool shows it. On a set among its records this is in sample."
        )
        out.write(format_real_markdown(report) + "\n" + format_calibration(raw, shown, note))
        out.write("\n" + _against_constant(report, args.real_set or "main"))
    for problem in report.errors:
        err.write(f"not scored: {problem}\n")
    if report.unavailable:
        err.write(
            f"text unavailable for {plural(len(report.unavailable), 'document')} (not openly "
            "licensed; "
            "name their folder with --real-texts or EVALUATOR_REAL_TEXTS)\n"
        )
    return EXIT_OK


def _add_rubric_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--rubric",
        default=DEFAULT_RUBRIC_ID,
        metavar="ID|PATH",
        help=f"rubric id or path to a rubric .toml file (default: {DEFAULT_RUBRIC_ID})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evaluator",
        description="Check how a report presents statistics about groups of people: "
        "sources, denominators, attribute provenance, scope, extrapolation, recommendations.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "analyze",
        help="analyse one report and print suggestions, findings and a score",
        description="Read one report (PDF, UTF-8 text or Markdown) and print the analysis. "
        "Exit 0 on success, 2 when the input cannot be analysed.",
    )
    p.add_argument("path", metavar="PATH", nargs="?", help="the report: a .pdf, .txt or .md file")
    p.add_argument(
        "--sample", metavar="ID", help="analyse a bundled sample report instead of a file"
    )
    _add_rubric_option(p)
    p.add_argument(
        "--format",
        choices=["json", "text"],
        default="text",
        help="json follows the analysis contract; text is a table for people (default: text)",
    )
    p.add_argument("--password", default=None, help="password for an encrypted PDF")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser(
        "samples",
        help="list the bundled sample reports, or show one",
        description="Without ID, list the fictional sample reports bundled for trying the tool "
        "and for teaching. With ID, print its description and PDF path (and, with --with-key, "
        "its answer key and teacher notes); analyse it with `evaluator analyze --sample ID`.",
    )
    p.add_argument("id", metavar="ID", nargs="?", help="a sample report id")
    p.add_argument(
        "--with-key",
        action="store_true",
        help="also print the sample's answer key and teacher notes (for teachers: students "
        "who see them have nothing left to work out)",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_samples)

    p = sub.add_parser(
        "score",
        help="score many reports at once and print a summary and a grid across them",
        description="Analyse each report (PDF, text or Markdown; a folder stands for the reports "
        "directly inside it) on two worker processes and print a summary table and a grid of "
        "suggested levels per criterion. A file that cannot be analysed is listed by name and "
        "the others are still scored. Exit 0 when every file was scored, 1 when any failed, "
        "2 when the rubric cannot be used.",
    )
    p.add_argument("files", nargs="+", metavar="FILES", help="report files or folders")
    _add_rubric_option(p)
    p.add_argument(
        "--format",
        choices=BATCH_FORMATS,
        default="table",
        help="table for a terminal, csv/json for programs, md or html (a colour-blind-safe grid "
        "with text labels) for people (default: table)",
    )
    p.add_argument(
        "--output", metavar="PATH", default=None, help="write to this file instead of stdout"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="worker processes; 1 runs everything in this process (default: 2)",
    )
    p.set_defaults(func=cmd_score)

    p = sub.add_parser(
        "rubrics",
        help="list the rubrics that can be selected",
        description="List the built-in rubrics (shipped inside the package) and the rubric "
        "files in the folders named by EVALUATOR_RUBRIC_DIRS. Files with mistakes are reported "
        "on stderr.",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_rubrics)

    p = sub.add_parser(
        "schema",
        help="print the JSON Schemas of the analysis output and of rubric files",
        description="Print a JSON Schema generated from the models. The same schemas ship in "
        "evaluator/schemas/.",
    )
    p.add_argument("name", nargs="?", choices=[*SCHEMA_NAMES, "all"], default="all")
    p.add_argument(
        "--write",
        action="store_true",
        help="rewrite the shipped schema files (e.g. analysis.schema.json)",
    )
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser(
        "validate",
        help="measure the detectors and suggestions against the sample reports' answer keys",
        description="Analyse every sample report and compare it with its answer key: precision "
        "and recall per detector, and how often each criterion's suggestion is acceptable "
        "under the key (and within one level), split into reports used to tune the rules and "
        "reports held out. Also scores the rule detectors per role on the labelled sentences, "
        "denominator linking, and the sentence classifier's cross-validated figures.",
    )
    p.add_argument(
        "--sample",
        action="append",
        metavar="ID",
        help="only this sample report (repeat for more; default: all)",
    )
    p.add_argument(
        "--no-classifier",
        action="store_true",
        help="skip the classifier's cross-validation, which refits the model several times",
    )
    p.add_argument(
        "--real",
        choices=["dev", "test", "all"],
        help="instead, measure the suggestions against the blind labels of the real documents in "
        "real_reports/ (the test part is for the final, reported measurement only)",
    )
    p.add_argument(
        "--calibration",
        action="store_true",
        help="instead, hold the confidence calibration against the recorded one-off "
        "measurements of blind sets (real_reports/measurements/), one set left out at a time",
    )
    p.add_argument(
        "--fit-calibration",
        action="store_true",
        help="with --calibration: refit the confidence calibration from those records and "
        "write it into the package (evaluator/data/calibration.json)",
    )
    p.add_argument(
        "--real-set",
        metavar="NAME",
        help="with --real: which set of real documents, 'main' (real_reports/, the default) or a "
        "later set in a folder of that name inside it (e.g. holdout-2)",
    )
    p.add_argument(
        "--real-texts",
        metavar="DIR",
        help="folder holding the real documents' texts that are not openly licensed "
        "(default: EVALUATOR_REAL_TEXTS)",
    )
    p.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text prints Markdown tables; json prints every figure (default: text)",
    )
    p.set_defaults(func=cmd_validate)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None):
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    from .errors import InputError

    if args.command == "analyze" and (args.path is None) == (args.sample is None):
        parser.error("analyze needs exactly one of PATH or --sample ID")
    try:
        return args.func(args, out, err)
    except InputError as exc:  # a setting from the environment, say, that no command caught
        return _fail(exc.code, exc.message, getattr(args, "format", "table"), out, err)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
