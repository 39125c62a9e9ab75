"""Batch scoring: `evaluator score FILES...`, one broken file never breaks the batch."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from evaluator import batch
from evaluator.analysis import analyze
from evaluator.batch import GridCell, score_paths
from evaluator.cli import main
from evaluator.ingest import load_bytes
from evaluator.limits import Limits
from evaluator.rubrics import default_rubric

REPORT = (
    "Method. We used police records for 2019 to 2021 in Kirkford. Of 1,240 recorded cases, "
    "512 (41.3%) involved adult victims. Ethnicity was taken from the police record.\n"
)


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def write_reports(folder: Path, count: int) -> list[Path]:
    paths = []
    for n in range(count):
        path = folder / f"report-{n:02d}.txt"
        path.write_text(f"Report {n}. {REPORT}", encoding="utf-8")
        paths.append(path)
    return paths


def test_broken_file_is_listed_and_the_others_are_scored(tmp_path):
    good = write_reports(tmp_path, 3)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 this is not really a PDF")
    missing = tmp_path / "missing.txt"
    code, out, err = run_cli(
        "score", *map(str, good[:2]), str(broken), str(missing), str(good[2]), "--format", "json"
    )
    assert code == 1
    assert f"failed: {broken}" in err
    assert f"failed: {missing}" in err
    assert "2 of 5 files failed" in err
    report = json.loads(out)
    assert [Path(r["file"]).name for r in report["reports"]] == [
        "report-00.txt",
        "report-01.txt",
        "broken.pdf",
        "missing.txt",
        "report-02.txt",
    ]
    by_name = {Path(r["file"]).name: r for r in report["reports"]}
    assert by_name["broken.pdf"]["ok"] is False
    assert by_name["broken.pdf"]["error"]["code"] == "damaged"
    assert by_name["missing.txt"]["error"]["code"] == "not_found"
    for name in ("report-00.txt", "report-01.txt", "report-02.txt"):
        assert by_name[name]["ok"] is True
        assert by_name[name]["document"]["pages"] == 1
        assert [c["id"] for c in by_name[name]["cells"]] == report["criteria"]
    assert report["summary"]["failed_files"] == [str(broken), str(missing)]
    assert report["summary"]["scored"] == 3


def test_fifty_reports_in_one_command(tmp_path):
    write_reports(tmp_path, 50)
    code, out, err = run_cli("score", str(tmp_path), "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["summary"]["files"] == 50
    assert report["summary"]["scored"] == 50
    assert report["summary"]["failed_files"] == []
    scores = [r["score"] for r in report["reports"]]
    # The 50 reports differ only in their first word, so they must score alike.
    assert len(set(scores)) == 1
    if scores[0] is not None:
        assert report["summary"]["mean"] == scores[0]
    assert sum(report["summary"]["bands"].values()) == 50


def test_table_output_has_summary_and_grid(tmp_path):
    paths = write_reports(tmp_path, 2)
    code, out, _ = run_cli("score", *map(str, paths))
    assert code == 0
    assert "Files: 2   scored: 2   failed: 0" in out
    grid_header = next(line for line in out.splitlines() if "attribute_provenance" in line)
    assert grid_header.split()[0] == "file"
    assert sum(line.startswith("report-0") for line in out.splitlines()) == 4  # summary + grid
    assert "not the same as absent" in out


def test_csv_and_markdown_outputs(tmp_path, monkeypatch):
    paths = write_reports(tmp_path, 2)
    (tmp_path / "=evil.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("score", "=evil.txt", *map(str, paths), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3
    assert {r["status"] for r in rows} == {"ok"}
    assert rows[0]["denominators"] in {"", "n/a", "0", "1", "2", "3"}
    assert rows[0]["file"] == "'=evil.txt"  # a spreadsheet must not run it as a formula
    code, out, _ = run_cli("score", *map(str, paths), "--format", "md")
    assert out.startswith("# Batch scores")
    assert out.count(r"| report\-0") == 2


def test_html_grid_escapes_names_and_labels_every_cell(tmp_path):
    odd = tmp_path / "<b>odd&.txt"
    odd.write_text(REPORT, encoding="utf-8")
    target = tmp_path / "grid.html"
    code, out, err = run_cli(
        "score", str(odd), str(tmp_path / "nope.md"), "--format", "html", "--output", str(target)
    )
    assert code == 1
    assert out == ""
    assert f"wrote {target}" in err
    page = target.read_text(encoding="utf-8")
    assert "<b>odd" not in page
    assert "&lt;b&gt;odd&amp;.txt" in page
    assert "Failed files" in page
    # Every coloured cell carries words, never colour alone.
    cells = page.split("<td ")[1:]
    assert sum('class="cell"' in cell.split(">", 1)[0] for cell in cells) == 6 * 2
    for cell in cells:
        text = cell.split(">", 1)[1].split("</td>", 1)[0]
        assert text.strip()


def test_bad_rubric_exits_2(tmp_path):
    paths = write_reports(tmp_path, 1)
    code, _, err = run_cli("score", str(paths[0]), "--rubric", "no-such-rubric")
    assert code == 2
    assert err.startswith("error: ")
    code, out, _ = run_cli("score", str(paths[0]), "--rubric", "nope", "--format", "json")
    assert code == 2
    assert json.loads(out)["error"]["code"] == "bad_rubric"


def test_score_help_documents_exit_codes(capsys):
    with pytest.raises(SystemExit):
        main(["score", "--help"])
    text = capsys.readouterr().out
    assert "--format" in text
    assert "1 when any failed" in text


def test_a_bug_on_one_file_becomes_a_failed_row():
    row = batch.guarded_row("x.txt", lambda: 1 / 0)
    assert row.ok is False
    assert row.error.code == "internal_error"
    assert "ZeroDivisionError" in row.error.message


def test_uploaded_bytes_are_scored_in_process():
    rubric = default_rubric()
    good = batch.guarded_row("a.txt", lambda: analyze(load_bytes(REPORT.encode(), "a.txt"), rubric))
    bad = batch.guarded_row("b.docx", lambda: analyze(load_bytes(b"PK\x03\x04", "b.docx"), rubric))
    assert good.ok and len(good.cells) == len(rubric.criteria)
    assert not bad.ok and bad.error.code == "unsupported"


def test_cell_labels_never_rely_on_colour():
    assert GridCell(id="s", level=2, status="suggested", confidence=0.9).label == "2 · adequate"
    assert GridCell(id="s", level=2, status="suggested", confidence=0.2).label == "2 · adequate?"
    assert GridCell(id="s", level=None, status="not_applicable", confidence=0.9).label == "n/a"
    assert GridCell(id="s", level=None, status="no_suggestion", confidence=0).label == (
        "no suggestion"
    )


def _crash_on_named_file(path, password=None):
    """Stands in for ingest in a forked worker: kills the process on one file."""
    if Path(path).name == "crash.txt":
        os._exit(3)
    return _real_load_path(path, password)


_real_load_path = batch.load_path


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to inherit a patch"
)
def test_a_worker_that_dies_costs_only_its_own_file(tmp_path, monkeypatch):
    paths = write_reports(tmp_path, 4)
    crash = tmp_path / "crash.txt"
    crash.write_text(REPORT, encoding="utf-8")
    monkeypatch.setattr(batch, "load_path", _crash_on_named_file)
    # Forked workers see the patch; real batches spawn theirs.
    fork = multiprocessing.get_context("fork")
    files = [str(p) for p in [paths[0], crash, *paths[1:]]]
    rows = score_paths(files, default_rubric(), context=fork)
    assert [r.ok for r in rows] == [True, False, True, True, True]
    assert rows[1].error.code == "worker_crashed"


def _child_pool_state(parent_pool_id: int) -> tuple[bool, int]:
    from evaluator.ingest import pool
    from evaluator.limits import Limits

    return id(pool.POOL) != parent_pool_id, pool.POOL.idle_count(Limits().memory_mb)


def test_a_forked_worker_gets_its_own_pdf_workers():
    # Sharing the parent's idle extraction workers would mix up their replies.
    from evaluator import ingest
    from evaluator.ingest import pool as workers

    ingest.warm_up()
    assert workers.POOL.idle_count(Limits().memory_mb) > 0
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=fork) as pool:
        fresh, idle = pool.submit(_child_pool_state, id(workers.POOL)).result()
    assert fresh and idle == 0
    assert workers.POOL.idle_count(Limits().memory_mb) > 0  # the parent's are untouched


HOSTILE = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "hostile"
HOSTILE_PICKS = [
    "pdfminer__samples_simple1.pdf",  # damaged
    "pdfminer__samples_encryption_aes-256.pdf",  # encrypted
    "pdfminer__samples_contrib_issue-1113-evil-xobjects.pdf",  # damaged
    "pypdf__resources_box.pdf",  # no text layer
    "pypdf__resources_toy.pdf",  # readable
    "pdfminer__samples_jo.pdf",  # readable
]


@pytest.mark.skipif(not HOSTILE.is_dir(), reason="the shared test corpus is not here")
def test_hostile_pdfs_fail_by_name_and_never_as_a_bug(tmp_path):
    paths = [str(HOSTILE / name) for name in HOSTILE_PICKS if (HOSTILE / name).is_file()]
    good = write_reports(tmp_path, 2)
    code, out, err = run_cli("score", *paths, *map(str, good), "--format", "json")
    report = json.loads(out)
    rows = report["reports"]
    assert [r["file"] for r in rows] == [*paths, *map(str, good)]
    failed = [r for r in rows if not r["ok"]]
    assert failed, "these files include ones that cannot be read"
    assert code == 1
    for row in failed:
        assert row["error"]["code"] != "internal_error", row
        assert f"failed: {row['file']}" in err
    assert all(r["ok"] for r in rows[-2:])


# --- issue 10: names and messages are text in every format ---------------------------------------

PAYLOAD = "<img src=x onerror=alert(1)>[x](javascript:y)\x1b[2J\u202eevil"


def _hostile_report() -> batch.BatchReport:
    rows = [batch.failed_row(f"/tmp/{PAYLOAD}.pdf", "not_pdf", f"{PAYLOAD}: not a PDF")]
    return batch.build_report(default_rubric(), rows)


def test_markdown_output_escapes_file_names_and_messages():
    text = batch.render_markdown(_hostile_report())
    assert "<" not in text and "](" not in text and "\x1b" not in text and "\u202e" not in text
    assert "&lt;img src\\=x onerror\\=alert\\(1\\)&gt;" in text
    assert "\\\\u202e" in text


def test_table_csv_and_html_outputs_show_control_and_bidi_characters_visibly():
    report = _hostile_report()
    for fmt in ("table", "csv", "html"):
        text = batch.render(report, fmt)
        assert "\x1b" not in text and "\u202e" not in text, fmt
        assert "\\u001b" in text and "\\u202e" in text, fmt
    assert "<img" not in batch.render(report, "html")


class _RecordingPool:
    """Runs each job at once in this process and remembers the order files were handed out."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def __enter__(self) -> _RecordingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def submit(self, fn, path, rubric):
        from concurrent.futures import Future

        self.order.append(Path(path).name)
        future: Future = Future()
        future.set_result(fn(path, rubric))
        return future


def test_the_largest_files_are_handed_out_first_and_rows_keep_input_order(tmp_path, monkeypatch):
    # A long report handed out last runs alone on one core while the other worker idles.
    sizes = {"small.txt": 1, "large.txt": 6, "medium.txt": 3}
    for name, repeat in sizes.items():
        (tmp_path / name).write_text(f"{name}. " + REPORT * repeat, encoding="utf-8")
    pool = _RecordingPool()
    monkeypatch.setattr(batch, "_pool", lambda workers, context: pool)
    files = [str(tmp_path / n) for n in sizes] + [str(tmp_path / "missing.txt")]
    rows = score_paths(files, default_rubric(), context=multiprocessing.get_context("spawn"))
    assert pool.order == ["large.txt", "medium.txt", "small.txt", "missing.txt"]
    assert [Path(r.file).name for r in rows] == [*sizes, "missing.txt"]
    assert [r.ok for r in rows] == [True, True, True, False]
