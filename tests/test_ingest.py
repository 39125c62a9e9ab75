"""Ingestion of generated PDFs and text: one small file for each kind of refusal, plus the
worker pool (page shares, memory cap, time budget) and the content-hash cache."""

from __future__ import annotations

import io
import json
from pathlib import Path

import hostile_pdfs as H
import pytest
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

from evaluator import cli
from evaluator.errors import InputError
from evaluator.ingest import (
    cache_stats,
    clear_cache,
    documents,
    extract_pdf,
    load_bytes,
    load_path,
    pool,
)
from evaluator.ingest.extraction import tiny_pdf
from evaluator.limits import Limits, limits_from_env


def fpdf_pages(pages: list[list[str]], title: str | None = "Survey of Residents 2022") -> bytes:
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


REPORT = fpdf_pages(
    [
        ["The survey covered 1,240 adults in 2022.", "Of these, 512 (41.3%) said yes."],
        ["Dr. Smith wrote the method section.", "It is based on No. 3 of the series."],
    ]
)


def encrypt(data: bytes, user: str, owner: str = "owner-secret") -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_pdf(pages: int = 1, text_on: tuple[int, ...] = ()) -> bytes:
    png = io.BytesIO()
    Image.new("RGB", (60, 40), (200, 30, 30)).save(png, "PNG")
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for n in range(1, pages + 1):
        pdf.add_page()
        if n in text_on:
            pdf.multi_cell(0, 6, f"Page {n} has real text about 40% of residents.")
        else:
            pdf.image(io.BytesIO(png.getvalue()), x=20, y=20, w=120)
    return bytes(pdf.output())


def refusal(data: bytes, filename: str | None = "x.pdf", **kwargs) -> InputError:
    with pytest.raises(InputError) as info:
        load_bytes(data, filename, cache=False, **kwargs)
    error = info.value
    assert "\n" not in error.message and error.message
    return error


# --- success ------------------------------------------------------------------------------------


def test_pdf_pages_title_hash_and_raw_text() -> None:
    document = load_bytes(REPORT, "survey.pdf", cache=False)
    assert document.source == "pdf"
    assert document.title == "Survey of Residents 2022"
    assert document.filename == "survey.pdf"
    assert [p.number for p in document.pages] == [1, 2]
    assert "512 (41.3%) said yes." in document.pages[0].text
    assert "No. 3 of the series" in document.pages[1].text
    assert len(document.sha256) == 64
    assert document.warnings == []


def test_text_and_markdown_become_pages_at_form_feeds() -> None:
    data = "# Title\n\nFirst page with 41.3%.\fSecond page with ﬁve items.".encode()
    document = load_bytes(data, "notes.md", cache=False)
    assert document.source == "text"
    assert document.title == "Title"
    assert len(document.pages) == 2
    assert document.pages[1].text == "Second page with five items."
    assert document.pages[1].raw_text == "Second page with ﬁve items."


@pytest.mark.parametrize(
    "front",
    [
        '---\nlayout: post\ntitle: "Police stops in 2021"\nblurb: Black drivers 1.9 times\n---\n',
        '+++\narc-id = "6VIM"\ntitle = "Police stops in 2021"\nblurb = "1.9 times"\n+++\n',
    ],
)
def test_a_markdown_front_matter_is_set_aside_with_a_warning(front: str) -> None:
    """A static site's metadata block repeats the text's claims in blurbs and image credits; it
    is not what a reader reads (holdout-25: 18 of 31 repository files had one)."""
    document = load_bytes((front + "Searches rose 12% in 2021.").encode(), "post.md", cache=False)
    # The title stays as the page's heading, as the site shows it; the rest is set aside.
    assert " ".join(document.pages[0].text.split()) == (
        "# Police stops in 2021 Searches rose 12% in 2021."
    )
    assert "blurb" not in document.pages[0].text and "1.9 times" not in document.pages[0].text
    assert document.title == "Police stops in 2021"
    assert any("front matter" in w for w in document.warnings)


def test_a_text_opening_with_a_rule_keeps_its_first_section() -> None:
    data = b"---\nIntroduction. Crime rose 12% in 2020.\n---\nMore."
    document = load_bytes(data, "notes.md", cache=False)
    assert "Crime rose 12% in 2020." in document.pages[0].text
    assert not document.warnings


# --- refusals -----------------------------------------------------------------------------------


def test_encrypted_pdf_asks_for_password_and_says_when_it_is_wrong() -> None:
    locked = encrypt(REPORT, user="s3cret")
    assert refusal(locked).code == "encrypted"
    assert refusal(locked, password="wrong").code == "wrong_password"
    document = load_bytes(locked, "x.pdf", password="s3cret", cache=False)
    assert "41.3%" in document.pages[0].text


def test_encrypted_with_empty_user_password_opens_without_one() -> None:
    document = load_bytes(encrypt(REPORT, user=""), "x.pdf", cache=False)
    assert "Dr. Smith" in document.pages[1].text


def test_password_errors_reach_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(encrypt(REPORT, user="s3cret"))
    for extra, code in (([], "encrypted"), (["--password", "nope"], "wrong_password")):
        out, err = io.StringIO(), io.StringIO()
        status = cli.main(["analyze", str(path), "--format", "json", *extra], out, err)
        assert status == 2
        assert json.loads(out.getvalue())["error"]["code"] == code
        assert err.getvalue().count("\n") == 1


def test_image_only_pdf_has_no_text_layer() -> None:
    error = refusal(image_pdf(pages=2))
    assert error.code == "no_text_layer"
    assert "OCR" in error.message and "pages 1–2" in error.message


def test_partly_scanned_pdf_warns_with_page_numbers() -> None:
    document = load_bytes(image_pdf(pages=3, text_on=(1, 3)), "x.pdf", cache=False)
    assert "40% of residents" in document.pages[2].text
    assert any("page 2" in w and "OCR" in w for w in document.warnings)


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"Just some words, not a PDF.", "report.pdf", "not_pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "chart.png", "unsupported"),
        (b"\xff\xfe\x00bad", "notes.txt", "not_text"),
        (b"", "empty.pdf", "empty"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 20, "noise.pdf", "damaged"),
        (REPORT[: len(REPORT) // 3], "cut.pdf", None),  # truncated: read or refused, no crash
    ],
)
def test_bad_inputs_are_refused_with_one_line(data: bytes, filename: str, code: str | None) -> None:
    try:
        document = load_bytes(data, filename, cache=False)
    except InputError as error:
        assert "\n" not in error.message
        if code:
            assert error.code == code
        return
    assert code is None and document.pages


def test_size_and_page_limits_are_configurable() -> None:
    assert refusal(REPORT, limits=Limits(max_file_mb=0.001)).code == "too_large"
    error = refusal(H.text_pdf([["p"]] * 5), limits=Limits(max_pages=3))
    assert error.code == "too_many_pages" and "5 pages" in error.message


def test_pypdf_limits_are_passed_through_its_configuration() -> None:
    data = H.text_pdf([["page"]] * 5)
    assert load_bytes(data, "x.pdf", cache=False).pages
    error = refusal(data, limits=Limits(pypdf={"page_tree_maximum_entries": 2}))
    assert error.code == "too_large" and "limit" in error.message
    with pytest.raises(ValueError, match=r"not a pypdf\.Configuration field"):
        Limits(pypdf={"zlib_max": 1})


def test_limits_from_environment() -> None:
    limits = limits_from_env({"EVALUATOR_MAX_PAGES": "5000", "EVALUATOR_WORKERS": "1"})
    assert (limits.max_pages, limits.workers) == (5000, 1)
    assert limits.budget_s(100) == limits.time_base_s + 100 * limits.time_per_page_s


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_path(tmp_path / "nope.pdf")
    assert info.value.code == "not_found"
    with pytest.raises(InputError) as info:
        load_path(tmp_path)
    assert info.value.code == "not_a_file"


# --- workers, budget, cache ---------------------------------------------------------------------


def test_page_shares_in_parallel_match_one_worker() -> None:
    pages = [[f"Page {n} says {n * 3}% of {n * 100} people agreed."] for n in range(1, 31)]
    data = H.text_pdf(pages)
    parallel = extract_pdf(data, limits=Limits(workers=2, parallel_min_pages=2))
    serial = extract_pdf(data, limits=Limits(workers=1))
    assert parallel.workers_used == 2 and serial.workers_used == 1
    assert parallel.page_count == serial.page_count == 30
    assert parallel.texts == serial.texts
    assert "Page 17 says 51%" in parallel.texts[16]


def test_memory_cap_stops_a_bomb_in_the_worker() -> None:
    # With pypdf's own limits lifted, only the worker's address-space cap stands in the way.
    lifted = {
        "zlib_maximum_output_length": 4_000_000_000,
        "stream_decoding_work_maximum_length": 4_000_000_000,
        "maximum_declared_stream_length": 4_000_000_000,
    }
    limits = Limits(memory_mb=256, pypdf=lifted)
    data = H.flate_bomb(400)
    extraction = extract_pdf(data, limits=limits)
    assert extraction.failed == {1: "MemoryError"}
    assert all(kb * 1024 < 256 * 1024 * 1024 for kb in extraction.peak_rss_kb)
    document = load_bytes(data, "bomb.pdf", limits=limits, cache=False)
    assert document.pages[0].text.startswith("Before the bomb.")
    assert any("page 2" in w and "memory cap" in w for w in document.warnings)


# A stand-in worker that reads one job, says it started, reports `PAGES` pages, sends the first
# `SENT` of them and then hangs, as a worker stuck on a slow page does (or, when it sent every
# page, reports a finished job). Its timing does not
# depend on the machine: what reaches the parent before the budget runs out is fixed.
_STUCK_WORKER = """
import json, sys, time
from multiprocessing.connection import Connection
inp, out = Connection(0, writable=False), Connection(1, readable=False)
inp.recv_bytes(); inp.recv_bytes()
send = lambda m: out.send_bytes(json.dumps(m).encode())
send({"kind": "started"})
send({"kind": "opened", "pages": PAGES, "title": None})
for i in range(SENT):
    send({"kind": "page", "index": i, "text": "A quick first page." + " More." * i, "error": None,
          "truncated": False})
if SENT == PAGES:  # a complete read: say so, as the real worker does
    send({"kind": "idle", "peak_rss_kb": 0, "retire": True})
time.sleep(600)
"""


def _stuck(monkeypatch: pytest.MonkeyPatch, pages: int, sent: int) -> None:
    import sys

    from evaluator import ingest

    script = _STUCK_WORKER.replace("PAGES", str(pages)).replace("SENT", str(sent))
    ingest.shutdown_workers()
    monkeypatch.setattr(pool, "worker_command", lambda _mb: [sys.executable, "-c", script])


def test_time_budget_keeps_what_was_read_and_names_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from evaluator import ingest

    limits = Limits(workers=1, time_base_s=1.0, time_per_page_s=0.0)
    try:
        _stuck(monkeypatch, pages=4, sent=1)
        document = load_bytes(REPORT, "slow.pdf", limits=limits, cache=False)
        _stuck(monkeypatch, pages=3, sent=0)
        error = refusal(REPORT, limits=limits)
    finally:
        ingest.shutdown_workers()
    assert document.pages[0].text.startswith("A quick first page.")
    assert any("time limit" in w and "2–4" in w for w in document.warnings)
    assert error.code == "timeout"


def test_cache_returns_the_same_document_and_remembers_refusals() -> None:
    clear_cache()
    first = load_bytes(REPORT, "a.pdf")
    second = load_bytes(REPORT, "b.pdf")
    assert second.pages == first.pages and second.filename == "b.pdf"
    assert cache_stats() == (1, 1)
    for _ in range(2):
        with pytest.raises(InputError):
            load_bytes(b"%PDF-1.7\n" + b"\x00" * 900, "junk.pdf")
    assert cache_stats() == (2, 2)
    locked = encrypt(REPORT, user="pw")
    with pytest.raises(InputError):
        load_bytes(locked, "l.pdf")
    assert load_bytes(locked, "l.pdf", password="pw").pages  # a password refusal is not cached


def test_a_worker_that_dies_is_a_refusal_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from evaluator import ingest

    suicide = "import os, signal; os.read(0, 1); os.kill(os.getpid(), signal.SIGSEGV)"
    ingest.shutdown_workers()
    monkeypatch.setattr(pool, "worker_command", lambda _mb: [sys.executable, "-c", suicide])
    try:
        error = refusal(REPORT)
    finally:
        ingest.shutdown_workers()
    assert error.code == "damaged" and "stopped unexpectedly" in error.message


def test_lone_surrogates_from_broken_fonts_become_replacement_characters() -> None:
    from evaluator.ingest.worker import clean_text

    assert clean_text("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert clean_text("plain é") == "plain é"


def test_warm_up_leaves_ready_workers_that_read_a_tiny_pdf() -> None:
    from evaluator import ingest

    ingest.shutdown_workers()
    ingest.warm_up(Limits())
    extraction = extract_pdf(tiny_pdf())
    assert extraction.texts == {0: "ready"}
    assert pool.POOL.idle_count(Limits().memory_mb) == 2


def test_a_reader_that_cannot_start_is_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    from evaluator import ingest

    ingest.shutdown_workers()
    monkeypatch.setattr(pool, "worker_command", lambda _mb: ["/nonexistent/python"])
    try:
        error = refusal(REPORT)
    finally:
        ingest.shutdown_workers()
    assert error.code == "unavailable" and "could not start" in error.message


def test_a_markdown_note_that_mentions_the_pdf_header_stays_text() -> None:
    document = load_bytes(b"# Notes\n\nEvery PDF starts with %PDF-1.7 in its header.", "n.md")
    assert document.source == "text"
    assert "%PDF-1.7" in document.pages[0].text


def test_calls_with_one_worker_reuse_the_pool_without_restarting_it() -> None:
    from evaluator import ingest

    ingest.warm_up(Limits())
    spawned = pool.POOL.spawned
    for _ in range(3):
        assert extract_pdf(REPORT, limits=Limits(workers=1)).texts
    assert pool.POOL.spawned == spawned
    assert pool.POOL.idle_count(Limits().memory_mb) == 2


def test_a_worker_that_speaks_nonsense_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from evaluator import ingest

    # A fake worker: reads the job, then sends a frame that is JSON but not a message.
    liar = (
        "import os\n"
        "from multiprocessing.connection import Connection\n"
        "i, o = Connection(0, writable=False), Connection(1, readable=False)\n"
        "i.recv_bytes(); i.recv_bytes()\n"
        "o.send_bytes(b'[1, 2, 3]')\n"
        "i.recv_bytes()\n"
    )
    ingest.shutdown_workers()
    monkeypatch.setattr(pool, "worker_command", lambda _mb: [sys.executable, "-c", liar])
    try:
        error = refusal(REPORT)
    finally:
        ingest.shutdown_workers()
    assert error.code == "damaged"


# --- issue 10: transient refusals, names in cached refusals, odd paths, control characters ------


def test_a_timeout_is_not_cached_and_a_cached_refusal_names_its_own_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    clear_cache()
    calls = []

    def slow_then_fine(data, filename, password, limits):
        calls.append(filename)
        if len(calls) == 1:
            raise InputError("timeout", f"{filename}: reading stopped at the time limit")
        return real(data, filename, password, limits)

    real = documents.pdf_document
    monkeypatch.setattr(documents, "pdf_document", slow_then_fine)
    with pytest.raises(InputError) as first:
        load_bytes(REPORT, "busy.pdf")
    assert first.value.code == "timeout"
    # The machine was busy, not the file bad: the next load reads it again and succeeds.
    assert load_bytes(REPORT, "busy.pdf").pages
    assert calls == ["busy.pdf", "busy.pdf"]

    junk = b"%PDF-1.7\n" + b"\x00" * 900
    with pytest.raises(InputError) as a:
        load_bytes(junk, "a.pdf")
    with pytest.raises(InputError) as b:
        load_bytes(junk, "b.pdf")
    with pytest.raises(InputError) as a_again:
        load_bytes(junk, "a.pdf")
    assert "a.pdf" in a.value.message and "b.pdf" not in a.value.message
    assert "b.pdf" in b.value.message and "a.pdf" not in b.value.message
    assert a_again.value.message == a.value.message
    clear_cache()


def _odd_paths(tmp_path: Path) -> dict[str, Path]:
    import os

    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.pdf"
    loop.symlink_to(tmp_path / "loop2.pdf")
    (tmp_path / "loop2.pdf").symlink_to(loop)
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    return {
        "fifo": fifo,
        "device": Path("/dev/zero"),
        "folder": folder,
        "loop": loop,
        "missing": tmp_path / "missing.pdf",
    }


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("fifo", "not_a_file"),
        ("device", "not_a_file"),
        ("folder", "not_a_file"),
        ("loop", "unreadable"),
        ("missing", "not_found"),
    ],
)
def test_load_path_refuses_what_is_not_a_regular_file_without_reading_it(
    tmp_path: Path, kind: str, code: str
) -> None:
    path = _odd_paths(tmp_path)[kind]
    with pytest.raises(InputError) as info:
        load_path(path, cache=False)  # a FIFO would block and /dev/zero never end if read
    assert info.value.code == code
    assert "\n" not in info.value.message and str(path) in info.value.message


def test_a_file_that_grows_past_the_limit_is_refused(tmp_path: Path) -> None:
    from evaluator.ingest import read_regular_file

    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    assert read_regular_file(path, 5000, 0.005) == b"a" * 5000
    with pytest.raises(InputError) as info:
        read_regular_file(path, 4999, 0.005)
    assert info.value.code == "too_large"


def test_control_and_bidi_characters_do_not_survive_a_pdf_or_a_text_file() -> None:
    payload = "Of 30 cases, 12 (40.0%) were \x1b[31mred\x1b[0m,\x07 \u202eevil\u202c and \x9bx."
    latin = payload.replace("\u202e", "").replace("\u202c", "")  # what a PDF string can hold
    pdf = H.pages_pdf([H.stream(H.text_ops([latin]))])
    for document in (
        load_bytes(pdf, "c.pdf", cache=False),
        load_bytes(("# Title \x1b]0;x\x07\n\n" + payload).encode(), "c.md", cache=False),
    ):
        text = "".join(page.text for page in document.pages) + (document.title or "")
        bad = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0]
        assert not bad and "\u202e" not in text, repr(text)
        assert "40.0%" in text and "red" in text


def test_a_document_cut_by_the_time_limit_is_not_cached(monkeypatch: pytest.MonkeyPatch) -> None:
    from evaluator import ingest

    limits = Limits(workers=1, time_base_s=1.0, time_per_page_s=0.0)
    clear_cache()
    try:
        _stuck(monkeypatch, pages=4, sent=1)
        cut = load_bytes(REPORT, "slow.pdf", limits=limits)
        _stuck(monkeypatch, pages=4, sent=4)  # the machine is free again
        whole = load_bytes(REPORT, "slow.pdf", limits=limits)
        again = load_bytes(REPORT, "slow.pdf", limits=limits)
    finally:
        ingest.shutdown_workers()
        clear_cache()
    assert any("2–4 not read" in w and "time limit" in w for w in cut.warnings)
    assert [p.text for p in whole.pages] == [f"A quick first page.{' More.' * i}" for i in range(4)]
    assert not any(w.startswith("partly extracted") for w in whole.warnings)
    assert again == whole  # a complete read is cached


def test_only_cuts_that_depend_on_the_file_alone_are_cacheable() -> None:
    from evaluator.ingest.documents import _transient
    from evaluator.ingest.extraction import Extraction

    read = {0: "Some text here."}
    assert not _transient(Extraction(page_count=2, texts=read, failed={1: "KeyError"}))
    assert not _transient(Extraction(page_count=2, texts=read, truncated={0}))
    assert _transient(Extraction(page_count=2, texts=read, failed={1: "MemoryError"}))
    assert _transient(Extraction(page_count=2, texts=read, timed_out=True))
    assert _transient(Extraction(page_count=2, texts=read, crashed=[-9]))


# --- issue 10: characters read per page and per document, and the memory they cost ------------


def test_a_text_page_is_cut_at_max_chars_per_page_with_a_warning() -> None:
    document = load_bytes(("word " * 200_000).encode(), "long.txt", cache=False)
    assert len(document.pages[0].text) <= Limits().max_chars_per_page  # was 1,000,000
    assert any("page 1 was cut short" in w and "400,000" in w for w in document.warnings)


def test_text_past_the_characters_read_per_document_is_left_out_and_the_score_is_incomplete() -> (
    None
):
    from evaluator.analysis import analyze
    from evaluator.rubrics import default_rubric

    page = "The survey covered 1,240 adults. Of these, 512 (41.3%) said yes.\n" * 20
    limits = Limits(max_analysis_chars=3000)
    document = load_bytes("\f".join([page] * 6).encode(), "many.txt", limits=limits, cache=False)
    assert len(document.pages) == 6
    assert sum(len(p.text) for p in document.pages) <= 3000
    cut = [w for w in document.warnings if w.startswith("analysis incomplete")]
    assert len(cut) == 1 and "pages 3–6" in cut[0], document.warnings
    analysis = analyze(document, default_rubric(), limits=limits)
    assert analysis.score.complete is False


def _peak_bytes(data: bytes, limits: Limits | None = None) -> int:
    import tracemalloc

    tracemalloc.start()
    try:
        load_bytes(data, "x.txt", limits=limits, cache=False)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _ligature_pages(megabytes: float) -> bytes:
    page = "\ufb03" * 99_999 + "\f"  # 300 KB a page, every character a length-changing repair
    return (page * round(megabytes * 1e6 / len(page.encode()))).encode()


def test_memory_of_reading_and_normalising_is_linear_with_a_small_constant() -> None:
    small, large = _ligature_pages(1), _ligature_pages(2)
    small_peak, large_peak = _peak_bytes(small), _peak_bytes(large)
    # Measured about 7 bytes per input byte; before the edit bound, about 110 (9 MB → 979 MB).
    assert large_peak <= 25 * len(large)
    assert large_peak <= 2.6 * small_peak


def test_memory_past_the_characters_read_per_document_does_not_grow_with_the_text() -> None:
    limits = Limits(max_analysis_chars=100_000)
    peak = _peak_bytes(_ligature_pages(4), limits)
    # Only the decoded text is held whole (2 bytes a character here); before, every character
    # was normalised, with one edit each (about 100 bytes per input byte).
    assert peak <= 3 * 4_000_000


# A stand-in worker that sends 40 pages of 2,000 characters each, last page first, then ends.
_BACKWARDS_WORKER = """
import json
from multiprocessing.connection import Connection
inp, out = Connection(0, writable=False), Connection(1, readable=False)
inp.recv_bytes(); inp.recv_bytes()
send = lambda m: out.send_bytes(json.dumps(m).encode())
send({"kind": "started"})
send({"kind": "opened", "pages": 40, "title": None})
for i in reversed(range(40)):
    text = ("Line " + chr(65 + i % 26) + " of page " + str(i) + ". ").ljust(25) * 80
    send({"kind": "page", "index": i, "text": text, "error": None, "truncated": False})
send({"kind": "idle", "peak_rss_kb": 0, "retire": True})
"""


def test_pdf_text_past_the_characters_read_per_document_is_not_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from evaluator import ingest

    ingest.shutdown_workers()
    command = [sys.executable, "-c", _BACKWARDS_WORKER]
    monkeypatch.setattr(pool, "worker_command", lambda _mb: command)
    limits = Limits(workers=1, max_analysis_chars=10_000)
    try:
        extraction = extract_pdf(REPORT, limits=limits)
        document = load_bytes(REPORT, "long.pdf", limits=limits, cache=False)
    finally:
        ingest.shutdown_workers()
    # Pages 0-4 hold the first 10,000 characters; the rest is dropped as it arrives, though it
    # came first (before, all 80,000 characters were held).
    assert sorted(extraction.texts) == [0, 1, 2, 3, 4]
    assert extraction.left_out == set(range(5, 40))
    assert sum(len(p.text) for p in document.pages) <= 10_000 and len(document.pages) == 40
    assert not any("not read" in w for w in document.warnings)
    cut = [w for w in document.warnings if w.startswith("analysis incomplete")]
    assert len(cut) == 1 and "pages 6–40" in cut[0], document.warnings


# --- issue 11: ingest is a package; its worker stays light ------------------------------------


def test_the_worker_process_imports_neither_pydantic_nor_the_rest_of_the_core() -> None:
    import subprocess
    import sys

    # What `python -m evaluator.ingest.worker` imports before it caps its memory.
    probe = (
        "import sys, evaluator.ingest.worker\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'evaluator'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.replace("'", '"'))
    assert loaded == [
        "evaluator",
        "evaluator.ingest",
        "evaluator.ingest.protocol",
        "evaluator.ingest.worker",
        "evaluator.lazy",
    ]


def test_the_ingest_package_names_resolve_to_their_modules() -> None:
    import evaluator.ingest as ingest

    for name in ingest.__all__:
        assert getattr(ingest, name) is not None
    assert ingest.load_bytes.__module__ == "evaluator.ingest.loading"
    with pytest.raises(AttributeError):
        ingest.no_such_name  # noqa: B018


def test_the_worker_runs_this_package_whatever_folder_the_command_runs_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `python -m` puts the current folder first on sys.path: an `evaluator` folder there
    # (another checkout, or a user's files) must not become the code that reads the PDF.
    decoy = tmp_path / "evaluator" / "ingest"
    decoy.mkdir(parents=True)
    (tmp_path / "evaluator" / "__init__.py").write_text("")
    (decoy / "__init__.py").write_text("")
    (decoy / "worker.py").write_text("raise SystemExit(3)\n")
    monkeypatch.chdir(tmp_path)
    pool.shutdown_workers()  # idle workers were started elsewhere: start new ones here
    limits = limits_from_env().model_copy(update={"workers": 1})
    result = extract_pdf(fpdf_pages([["Read by the real worker."]]), limits=limits)
    assert result.fatal is None and result.crashed == []
    assert "Read by the real worker." in result.texts[0]


def test_the_command_line_starts_every_worker_early_only_for_a_large_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVALUATOR_WORKERS", "2")
    small = tmp_path / "small.pdf"
    small.write_bytes(tiny_pdf())
    large = tmp_path / "large.pdf"
    large.write_bytes(tiny_pdf() + b"%" + b"x" * cli.PRESTART_ALL_BYTES)
    memory = limits_from_env().memory_mb
    started = []
    for path, idle in ((small, 1), (large, 2), (tmp_path / "missing.pdf", 0)):
        pool.shutdown_workers()
        cli._prestart_reader(str(path))
        started.append(pool.POOL.idle_count(memory))
        assert started[-1] == idle, started
    pool.shutdown_workers()
