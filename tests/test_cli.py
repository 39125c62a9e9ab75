"""The command line: help for every command, the analysis contract, exit codes."""

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from evaluator.cli import build_parser, main
from evaluator.schemas import shipped_path

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT.parent / "shared" / "analysis-contract.md"
DEFAULT_IDS = [
    "sources",
    "denominators",
    "attribute_provenance",
    "scope",
    "extrapolation",
    "recommendations",
]


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for body in (
        "Of the 1,240 suspects recorded between 2018 and 2023, 512 (41.3%) were adults.",
        "We recommend that every force records ethnicity for all suspects.",
    ):
        pdf.add_page()
        pdf.multi_cell(0, 6, body)
    pdf.set_title("A small test report")
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    pdf.output(str(path))
    return path


def test_every_command_has_help_text():
    names = subcommands()
    assert {"analyze", "rubrics", "schema"} <= set(names)
    for name in [*names, None]:
        args = [sys.executable, "-m", "evaluator", *([name] if name else []), "--help"]
        result = subprocess.run(args, capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("usage: evaluator")
        # A description beyond the usage line, not just the argument list.
        assert len(result.stdout.split("\n\n")[1].strip()) > 20, name


def test_the_installed_evaluator_command_runs():
    script = Path(sys.executable).parent / "evaluator"
    assert script.exists(), "the `evaluator` entry point is not installed"
    result = subprocess.run([str(script), "rubrics"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("default\t")


def test_analyze_pdf_json_follows_the_contract(report_pdf):
    code, out, err = run_cli("analyze", str(report_pdf), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    schema = json.loads(shipped_path("analysis").read_text())
    jsonschema.validate(data, schema)
    assert data["schema_version"] == "1"
    assert data["document"]["pages"] == 2
    assert data["document"]["source"] == "pdf"
    assert data["document"]["title"] == "A small test report"
    assert re.fullmatch(r"[0-9a-f]{64}", data["document"]["sha256"])
    assert [c["id"] for c in data["criteria"]] == DEFAULT_IDS
    for criterion in data["criteria"]:
        assert {"id", "suggested_level", "confidence", "rationale", "evidence"} <= set(criterion)
    assert set(data["score"]) >= {"value", "band"}
    assert set(data["findings"]) >= {
        "percentages",
        "attribute_claims",
        "time_periods",
        "places",
        "scope_overlaps",
        "scale_claims",
        "recommendations",
        "sources",
    }
    for finding in data["findings"]["percentages"]:
        assert finding["page"] in (1, 2)


def _contract_example() -> dict:
    text = CONTRACT.read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    return json.loads(block)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in node:
        node = next((n for n in node["anyOf"] if n.get("type") != "null"), node)
        return _resolve(schema, node)
    return node


def _missing_keys(schema: dict, node: dict, example, path: str) -> list[str]:
    node = _resolve(schema, node)
    if isinstance(example, dict):
        props = node.get("properties", {})
        required = set(node.get("required", []))
        missing = [f"{path}.{k}" for k in example if k not in props or k not in required]
        for key, value in example.items():
            if key in props:
                missing += _missing_keys(schema, props[key], value, f"{path}.{key}")
        return missing
    if isinstance(example, list) and example and isinstance(example[0], dict):
        return _missing_keys(schema, node.get("items", {}), example[0], f"{path}[]")
    return []


@pytest.mark.skipif(not CONTRACT.exists(), reason="../shared/analysis-contract.md not present")
def test_schema_requires_every_key_of_the_contract():
    schema = json.loads(shipped_path("analysis").read_text())
    assert _missing_keys(schema, schema, _contract_example(), "$") == []


def test_analyze_text_format_is_a_table(report_pdf):
    code, out, _ = run_cli("analyze", str(report_pdf))
    assert code == 0
    assert "report.pdf (pdf, 2 pages)" in out
    header = next(line for line in out.splitlines() if line.startswith("criterion"))
    assert header.split()[:4] == ["criterion", "level", "conf.", "evid."]
    lines = out.splitlines()
    rows = [line.split()[0] for line in lines[lines.index(header) + 1 :][:6]]
    assert rows == DEFAULT_IDS
    assert "Score:" in out


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notes.pdf", b"just some words, not a PDF", "not_pdf"),
        ("image.png", b"\x89PNG\r\n\x1a\n....", "unsupported"),
        ("binary.txt", b"\xff\xfe\x00\x81 bad utf-8", "not_text"),
    ],
)
def test_input_that_cannot_be_analysed_exits_2_with_one_line(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "evaluator", "analyze", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
    error = json.loads(result.stdout)["error"]
    assert error["code"] == code
    assert name in error["message"] or code == "not_text"
    jsonschema.validate(json.loads(result.stdout), json.loads(shipped_path("error").read_text()))


def test_missing_file_and_bad_rubric_exit_2(tmp_path):
    code, out, err = run_cli("analyze", str(tmp_path / "absent.pdf"))
    assert (code, out) == (2, "")
    assert "no such file" in err
    text = tmp_path / "r.txt"
    text.write_text("Some text.")
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "x"\n')
    code, out, err = run_cli("analyze", str(text), "--rubric", str(bad), "--format", "json")
    assert code == 2
    assert json.loads(out)["error"]["code"] == "bad_rubric"
    assert err.strip().startswith(f"error: {bad}: ")


def test_analyze_accepts_a_rubric_by_path(tmp_path):
    text = tmp_path / "r.md"
    text.write_text("# A report\n\nNothing much.")
    rubric = tmp_path / "two.toml"
    levels = '[criteria.levels]\n0 = "a"\n1 = "b"\n2 = "c"\n3 = "d"\n'
    block = (
        '[[criteria]]\nid = "{}"\ntitle = "T"\nquestion = "Q?"\nguidance = "G"\n'
        'why_it_matters = "W"\n' + levels
    )
    rubric.write_text(
        'id = "two"\nversion = "3"\ntitle = "Two"\n'
        + block.format("first")
        + block.format("second")
    )
    code, out, _ = run_cli("analyze", str(text), "--rubric", str(rubric), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["rubric"]["id"] == "two" and data["rubric"]["version"] == "3"
    assert [c["id"] for c in data["criteria"]] == ["first", "second"]
    assert data["document"]["source"] == "text"


def test_rubrics_lists_the_default(tmp_path):
    code, out, _ = run_cli("rubrics", "--format", "json")
    assert code == 0
    rows = json.loads(out)["rubrics"]
    assert any(r["id"] == "default" and r["version"] for r in rows)


def test_schema_prints_each_schema():
    code, out, _ = run_cli("schema")
    assert code == 0
    schemas = json.loads(out)
    assert {"analysis", "rubric", "error"} <= set(schemas)
    code, out, _ = run_cli("schema", "rubric")
    assert json.loads(out)["title"] == "Rubric"


def test_samples_are_listed_and_opened():
    code, out, _ = run_cli("samples", "--format", "json")
    assert code == 0
    samples = json.loads(out)["samples"]
    assert len(samples) >= 8
    first = samples[0]
    assert Path(first["pdf"]).is_file()
    code, out, _ = run_cli("samples", first["id"])
    assert code == 0 and first["title"] in out and first["pdf"] in out
    code, out, _ = run_cli("analyze", "--sample", first["id"], "--format", "json")
    assert code == 0
    assert json.loads(out)["document"]["pages"] == first["pages"]


def test_samples_show_the_key_and_notes_only_with_with_key():
    """Issue 10, item 8: `samples ID` printed the teacher notes to anyone."""
    from evaluator.samples import load_answer_key, load_teacher_notes, sample_ids

    sample_id = sample_ids()[0]
    notes = load_teacher_notes(sample_id)
    justification = next(iter(load_answer_key(sample_id).criteria.values())).justification
    secret_line = next(line for line in notes.splitlines() if len(line) > 40)
    code, out, _ = run_cli("samples", sample_id)
    assert code == 0 and secret_line not in out and justification not in out
    assert "--with-key" in out
    code, out, _ = run_cli("samples", sample_id, "--format", "json")
    assert code == 0 and {"teacher_notes", "answer_key"}.isdisjoint(json.loads(out))
    code, out, _ = run_cli("samples", sample_id, "--with-key")
    assert code == 0 and secret_line in out and justification in out
    code, out, _ = run_cli("samples", sample_id, "--with-key", "--format", "json")
    payload = json.loads(out)
    assert payload["teacher_notes"] == notes
    assert any(e["justification"] == justification for e in payload["answer_key"].values())


def test_score_and_rubrics_print_no_terminal_escapes(tmp_path, monkeypatch):
    from evaluator.rubrics import RUBRIC_DIR

    default = (RUBRIC_DIR / "default.toml").read_text(encoding="utf-8")
    evil = default.replace('id = "default"', 'id = "evil"', 1).replace(
        "title = ", 'title = "\\u001b[2J\\u202e" # ', 1
    )
    (tmp_path / "evil.toml").write_text(evil, encoding="utf-8")
    monkeypatch.setenv("EVALUATOR_RUBRIC_DIRS", str(tmp_path))
    missing = str(tmp_path / "\x1b[2Jgone\u202e.pdf")
    for args in (("rubrics",), ("score", missing, "--workers", "1", "--format", "md")):
        _, out, err = run_cli(*args)
        assert "\x1b" not in out + err and "\u202e" not in out + err, args
        assert "u001b" in out + err, args


def test_analyze_prints_no_terminal_escapes_from_a_file_name(tmp_path):
    # The text table and the one-line error both quote the file name the user passed.
    named = tmp_path / "\x1b[2Jreport\u202e.txt"
    named.write_text("In 2020, 12 of 40 cases (30%) were recorded by the police.\n")
    for args in (("analyze", str(named)), ("analyze", str(tmp_path / "\x1b[31mgone.txt"))):
        _, out, err = run_cli(*args)
        assert "\x1b" not in out + err and "\u202e" not in out + err, args
        assert "u001b" in out + err, args


def test_unknown_sample_and_missing_path_are_refused():
    code, _, err = run_cli("samples", "no-such-report")
    assert code == 2 and "no sample report 'no-such-report'" in err
    code, out, _ = run_cli("analyze", "--sample", "no-such-report", "--format", "json")
    assert code == 2 and json.loads(out)["error"]["code"] == "unknown_sample"
    with pytest.raises(SystemExit) as caught:
        run_cli("analyze")
    assert caught.value.code == 2


def _sample_ids() -> list[str]:
    from evaluator.samples import sample_ids

    return sample_ids()


@pytest.mark.parametrize("sample_id", _sample_ids())
def test_every_sample_report_analysis_follows_the_contract(sample_id):
    code, out, err = run_cli("analyze", "--sample", sample_id, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    jsonschema.validate(data, json.loads(shipped_path("analysis").read_text()))
    assert [c["id"] for c in data["criteria"]] == DEFAULT_IDS
    pages = {p for p in range(1, data["document"]["pages"] + 1)}
    for criterion in data["criteria"]:
        assert criterion["status"] != "no_suggestion", criterion["id"]
        for evidence in criterion["evidence"]:
            assert evidence["page"] in pages and evidence["quote"].strip()


def test_a_bad_budget_setting_is_one_line_not_a_traceback(monkeypatch):
    monkeypatch.setenv("EVALUATOR_MAX_ANALYSIS_CHARS", "400")
    code, out, err = run_cli("analyze", "--sample", "kirkford-audit", "--format", "json")
    assert code == 2 and json.loads(out)["error"]["code"] == "bad_setting"
    assert err.count("\n") == 1 and "EVALUATOR_MAX_ANALYSIS_CHARS" in err


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("EVALUATOR_MAX_FILE_MB", "1e308"),  # overflowed int() in Limits.max_bytes
        ("EVALUATOR_ANALYSIS_TIME_S", "inf"),  # turned the time budget off
        ("EVALUATOR_ANALYSIS_TIME_S", "1e999"),
        ("EVALUATOR_TIME_BASE_S", "nan"),
        ("EVALUATOR_MAX_PAGES", "99999999999999999999"),
        ("EVALUATOR_MAX_ANALYSIS_CHARS", "1000000000000"),
    ],
)
def test_a_huge_or_infinite_setting_is_one_line_not_a_traceback(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    code, out, err = run_cli("analyze", "--sample", "kirkford-audit", "--format", "json")
    assert code == 2 and json.loads(out)["error"]["code"] == "bad_setting"
    assert err.count("\n") == 1 and name in err


def test_a_score_resting_on_some_questions_is_printed_as_incomplete(tmp_path):
    # Issue 12, pattern 14: a teacher's criterion that no check covers gets no suggestion, so
    # the score rests on the other questions only and must not read as a full one.
    from evaluator.rubrics import RUBRIC_DIR

    rubric = tmp_path / "class.toml"
    rubric.write_text(
        (RUBRIC_DIR / "default.toml").read_text(encoding="utf-8")
        + '\n[[criteria]]\nid = "tone"\ntitle = "Tone"\nquestion = "Is the tone measured?"\n'
        'guidance = "Look for loaded words."\nwhy_it_matters = "Tone steers readers."\n'
        '[criteria.levels]\n0 = "Loaded."\n1 = "Often loaded."\n2 = "Mostly measured."\n'
        '3 = "Measured throughout."\n',
        encoding="utf-8",
    )
    path = tmp_path / "note.txt"
    path.write_text("Police recorded 120 burglaries in Northdale in 2021.\n")
    out, err = io.StringIO(), io.StringIO()
    assert main(["analyze", str(path), "--rubric", str(rubric)], out, err) == 0, err.getvalue()
    analysis = json.loads(_json_of(path, "--rubric", str(rubric)))
    unrated = [c["id"] for c in analysis["score"]["contributions"] if c["status"] == "unrated"]
    assert unrated == ["tone"] and analysis["score"]["value"] is not None
    text = out.getvalue()
    assert "Note:  incomplete: the score rests on" in text
    assert "tone" in text.split("Note:  incomplete")[1]
    tone = [line for line in text.splitlines() if line.startswith("tone")]
    assert tone and " 0.00 " not in tone[0]  # no suggestion shows no confidence


def _json_of(path: Path, *options: str) -> str:
    out = io.StringIO()
    main(["analyze", str(path), "--format", "json", *options], out, io.StringIO())
    return out.getvalue()


# --- imports only when needed (issue 13 item 2) ---------------------------------------------------

_HEAVY = {"sklearn", "scipy", "pandas", "numpy", "pypdf", "streamlit"}
_SAMPLE_TEXT = ROOT / "sample_reports" / "kirkford-audit" / "source.md"
# What each command must leave unimported in the process that runs it. A PDF is read by the
# extraction workers, so even `analyze` of a PDF keeps pypdf out of the main process.
FORBIDDEN = {
    ("--help",): _HEAVY | {"pydantic", "evaluator.analysis", "evaluator.ingest"},
    ("analyze", "--help"): _HEAVY | {"pydantic", "evaluator.analysis"},
    ("rubrics",): _HEAVY | {"evaluator.analysis", "evaluator.ingest"},
    ("schema",): _HEAVY | {"evaluator.analysis", "evaluator.ingest"},
    ("analyze", str(_SAMPLE_TEXT)): _HEAVY,
    ("analyze", "--sample", "kirkford-audit"): _HEAVY,
}

_IMPORT_PROBE = """
import contextlib, io, json, sys
from evaluator.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
    main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("argv", list(FORBIDDEN), ids=" ".join)
def test_a_command_imports_only_what_it_needs(argv):
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.strip().splitlines()[-1]))
    assert "evaluator.cli" in loaded
    if argv[0] == "analyze" and "--help" not in argv:  # the probe really analysed
        assert "evaluator.classifier" in loaded
    assert sorted(FORBIDDEN[argv] & loaded) == []


def test_the_parsers_spelled_out_choices_match_their_modules():
    from evaluator import cli
    from evaluator.batch import FORMATS
    from evaluator.rubrics import DEFAULT_RUBRIC_ID
    from evaluator.schemas import SCHEMAS

    assert cli.DEFAULT_RUBRIC_ID == DEFAULT_RUBRIC_ID
    assert cli.BATCH_FORMATS == FORMATS
    assert tuple(SCHEMAS) == cli.SCHEMA_NAMES
