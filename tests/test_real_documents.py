"""The real-document measurement (evaluator/validation/real.py) and the committed labelled set."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from evaluator.errors import InputError
from evaluator.validation.real import (
    REAL_DIR,
    CriterionLabel,
    RealDocument,
    assign_split,
    judge,
    load_documents,
    load_labels,
    measure_real,
    spearman,
    text_of,
)

CRITERIA = ("sources", "denominators", "attribute_provenance", "scope", "extrapolation")


def _doc(doc_id: str, topic: str = "cse") -> RealDocument:
    return RealDocument(
        id=doc_id,
        title="t",
        publisher="p",
        date="unknown",
        url="https://example.org/" + doc_id,
        kind="news",
        side="neutral",
        topic=topic,
        licence="OGL-3.0",
        licence_basis="invented for a test",
        chars=0,
    )


def test_judge_counts_no_suggestion_as_wrong_and_na_only_near_na():
    label = CriterionLabel(level=2, acceptable=[1, 2])
    assert judge(label, 2) == (True, True, True)
    assert judge(label, 1) == (True, True, False)
    assert judge(label, 3) == (False, True, False)
    assert judge(label, 0) == (False, False, False)
    assert judge(label, "na") == (False, False, False)
    assert judge(label, None) == (False, False, False)
    na = CriterionLabel(level="na", acceptable=["na", 0])
    assert judge(na, "na") == (True, True, True)
    assert judge(na, 0) == (True, True, False)
    assert judge(na, 1) == (False, False, False)


def test_spearman_handles_ties_and_no_spread():
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == 1.0
    assert spearman([1, 2, 3, 4], [40, 30, 20, 10]) == -1.0
    assert spearman([1, 1, 2, 3], [5, 5, 6, 7]) == 1.0
    assert spearman([1, 1, 1], [1, 2, 3]) is None
    assert spearman([1, 2], [1, 2]) is None


def test_split_is_by_document_stratified_and_stable_when_documents_are_added():
    docs = [_doc(f"a{i}") for i in range(10)] + [_doc(f"b{i}", "pay_gap") for i in range(5)]
    split = assign_split(docs)
    assert sum(v == "test" for k, v in split.items() if k.startswith("a")) == 4
    assert sum(v == "test" for k, v in split.items() if k.startswith("b")) == 2
    grown = assign_split([*docs, _doc("zz-new", "health")])
    assert all(grown[k] == v for k, v in split.items())


def _write_set(root: Path, level: int | str, acceptable: list) -> None:
    (root / "labels").mkdir(parents=True)
    (root / "texts").mkdir()
    rows = []
    for i in range(6):
        doc_id = f"doc-{i}"
        rows.append(
            f'[[document]]\nid = "{doc_id}"\ntitle = "t"\npublisher = "p"\ndate = "2020"\n'
            f'url = "https://example.org/{doc_id}"\nkind = "news"\nside = "n"\ntopic = "cse"\n'
            f'licence = "OGL-3.0"\nlicence_basis = "test"\nchars = 51\n'
        )
        (root / "texts" / f"{doc_id}.txt").write_text(
            "Police recorded 120 offences in Northdale in 2021.\n", encoding="utf-8"
        )
        lab = [f'id = "{doc_id}"', 'labeller = "test"']
        for criterion in (*CRITERIA, "recommendations"):
            acc = ", ".join(f'"{a}"' if a == "na" else str(a) for a in acceptable)
            lvl = f'"{level}"' if level == "na" else str(level)
            lab.append(f"[criteria.{criterion}]\nlevel = {lvl}\nacceptable = [{acc}]")
        (root / "labels" / f"{doc_id}.toml").write_text("\n".join(lab) + "\n", encoding="utf-8")
    (root / "documents.toml").write_text("\n".join(rows), encoding="utf-8")


def test_measure_real_holds_the_tool_against_the_labels(tmp_path):
    _write_set(tmp_path, "na", ["na", 0, 1, 2, 3])
    report = measure_real(("dev", "test"), root=tmp_path)
    assert sorted(report.measured) == [f"doc-{i}" for i in range(6)]
    overall = next(r for r in report.agreement if r.split == "all" and r.criterion == "all")
    suggested = sum(r.suggested is not None for r in report.results)
    assert overall.acceptable.total == 36 and overall.acceptable.right == suggested
    # Each result keeps what its check counted, for a later calibration to tell kinds apart.
    sources = next(r for r in report.results if r.criterion == "sources")
    assert sources.counts["figures"] >= 1 and "named_sources" in sources.counts


def test_missing_text_is_listed_not_dropped(tmp_path):
    _write_set(tmp_path, 1, [1])
    (tmp_path / "texts" / "doc-0.txt").unlink()
    report = measure_real(("dev", "test"), root=tmp_path)
    assert report.unavailable == ["doc-0"]
    assert "doc-0" not in report.measured


def test_a_text_that_is_not_the_labelled_one_is_refused_not_measured(tmp_path):
    _write_set(tmp_path, 1, [1])
    label = tmp_path / "labels" / "doc-1.toml"
    label.write_text(
        label.read_text().replace(
            "acceptable = [1]", 'acceptable = [1]\ndeciding_quotes = ["120 offences"]', 1
        )
    )
    (tmp_path / "texts" / "doc-0.txt").write_text("Police recorded offences.\n")
    (tmp_path / "texts" / "doc-1.txt").write_text(
        "Police recorded 12O offences in Northdale in 2021.\n"  # letter O: a bad restoration
    )
    report = measure_real(("dev", "test"), root=tmp_path)
    assert sorted(report.measured) == [f"doc-{i}" for i in range(2, 6)]
    assert any(
        e.startswith("doc-0: not the labelled text (text is 26 characters") for e in report.errors
    )
    assert any(
        "doc-1" in e and "1 of 1 label quotes are not in the text" in e for e in report.errors
    )


def test_a_bad_label_file_names_itself(tmp_path):
    _write_set(tmp_path, 1, [1])
    path = tmp_path / "labels" / "doc-1.toml"
    path.write_text(path.read_text().replace("level = 1", "level = 7", 1))
    with pytest.raises(InputError, match=r"doc-1\.toml"):
        load_labels(tmp_path / "labels")


# --- the committed set ---------------------------------------------------------------------------

needs_set = pytest.mark.skipif(
    not (REAL_DIR / "documents.toml").is_file(), reason="real_reports/ is not in this checkout"
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# The main set and every later set kept in a folder inside it (a fresh blind test set).
SETS = [REAL_DIR, *sorted(p.parent for p in REAL_DIR.glob("*/documents.toml"))]


@needs_set
@pytest.mark.parametrize("root", SETS, ids=lambda p: p.name)
def test_every_label_is_valid_and_names_a_listed_document(root: Path):
    ids = {d.id for d in load_documents(root)}
    # A blind set smaller than this says too little alone; whole documents carry six ratings
    # each over far more text than an opening, and the index of whole texts is thin (holdout-36
    # has 16), so they need fewer.
    whole = all(d.file is not None or d.chars >= 3_000 for d in load_documents(root))
    assert len(ids) >= (12 if whole else 25)
    if root != REAL_DIR:  # a later set repeats no document of any other set, and is all test
        urls = {d.url.rstrip("/").lower() for d in load_documents(root)}
        for other in SETS:
            if other != root:
                docs = load_documents(other)
                assert not ids & {d.id for d in docs}, other.name
                assert not urls & {d.url.rstrip("/").lower() for d in docs}, other.name
        assert {d.part for d in load_documents(root)} == {"test"}
    for folder in (root / "labels", root / "labels" / "second"):
        if folder.is_dir():
            labels = load_labels(folder)
            assert set(labels) <= ids
            for label in labels.values():
                assert set(label.criteria) >= {*CRITERIA, "recommendations"}
                for c in label.criteria.values():
                    assert c.level in c.acceptable


@needs_set
@pytest.mark.parametrize("root", SETS, ids=lambda p: p.name)
def test_committed_texts_are_openly_licensed_and_quotes_are_exact(root: Path):
    open_licences = {
        "OGL-3.0",
        "Open-Parliament-Licence",
        "CC-BY-4.0",
        "CC-BY-SA-4.0",
        "US-public-domain",
    }
    docs = {d.id: d for d in load_documents(root)}
    for path in (root / "texts").glob("*.txt"):
        assert docs[path.stem].licence in open_licences, path.name
    for doc_id, label in load_labels(root / "labels").items():
        text = text_of(doc_id, root, private=None)
        if text is None:
            continue
        flat = _norm(text)
        for criterion in label.criteria.values():
            for quote in criterion.deciding_quotes:
                assert _norm(quote) in flat, (doc_id, quote[:60])
        for sentence in label.sentences:
            assert _norm(sentence.quote) in flat, (doc_id, sentence.quote[:60])


@needs_set
def test_the_cli_measures_the_dev_part_and_names_what_it_could_not_read(monkeypatch):
    import io

    from evaluator.cli import main

    monkeypatch.delenv("EVALUATOR_REAL_TEXTS", raising=False)
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", "--real", "dev", "--format", "json"], out, err) == 0
    report = json.loads(out.getvalue())
    assert report["measured"] and not report["errors"]
    assert {r["split"] for r in report["results"]} == {"dev"}
    assert ("text unavailable" in err.getvalue()) == bool(report["unavailable"])


def test_critique_order_counts_each_critique_against_each_repeater():
    from evaluator.validation.real import DisputedFigure, critique_order

    figure = DisputedFigure(
        id="f", figure="a share", disputed_by=["c1", "c2"], repeated_by=["r1", "gone"]
    )
    pairs = critique_order([figure], {"c1": 50.0, "c2": 10.0, "r1": 20.0})
    assert [(p.critique, p.repeater, p.above) for p in pairs] == [
        ("c1", "r1", True),
        ("c2", "r1", False),
    ]
    # A critique with no score is never above; a repeater with none is below any score.
    assert not critique_order([figure], {"c1": None, "r1": 5.0})[0].above
    assert critique_order([figure], {"c1": 0.0, "r1": None})[0].above


def test_each_pair_also_says_whether_the_readers_levels_put_the_critique_above():
    from evaluator.validation.real import (
        DisputedFigure,
        RealReport,
        critique_order,
        format_real_markdown,
    )

    figure = DisputedFigure(id="f", figure="a share", disputed_by=["c"], repeated_by=["r", "s"])
    tool = {"c": 30.0, "r": 40.0, "s": 10.0}
    pairs = critique_order([figure], tool, {"c": 50.0, "r": 20.0})
    assert [(p.repeater, p.above, p.labels_above) for p in pairs] == [
        ("r", False, True),  # the readers rank the critique higher; the tool does not
        ("s", True, None),  # "s" has no labels: the readers' order is unknown
    ]
    report = RealReport(
        documents=3,
        measured=["c", "r", "s"],
        unavailable=[],
        errors=[],
        results=[],
        agreement=[],
        rank_correlation={},
        critiques=pairs,
    )
    shown = format_real_markdown(report)
    assert "1 of 2 pairs. The readers' own levels put the critique above in 1 of them; " in shown
    assert "the tool does too in 0 of those." in shown
    assert "f: c 30.0 vs r 40.0 (the readers' levels put the critique above)" in shown
    # A document whose labels give no score (every question "not applicable") has no order.
    assert critique_order([figure], tool, {"c": 50.0, "r": None})[0].labels_above is None


def test_a_fixed_part_overrides_the_hash_split_and_moves_no_other_document():
    docs = [_doc(f"doc-{i}") for i in range(10)]
    before = assign_split(docs)
    fixed = [d.model_copy(update={"part": "test"}) if d.id == "doc-3" else d for d in docs]
    fixed.append(_doc("fresh-1").model_copy(update={"part": "test"}))
    after = assign_split(fixed)
    assert after["doc-3"] == after["fresh-1"] == "test"
    assert {k: v for k, v in after.items() if k not in {"doc-3", "fresh-1"}} == {
        k: v for k, v in assign_split([d for d in docs if d.id != "doc-3"]).items()
    }
    assert set(before) == {d.id for d in docs}


def test_a_named_set_is_a_folder_inside_real_reports_and_nothing_else(tmp_path):
    from evaluator.validation.real import real_set

    (tmp_path / "fresh").mkdir()
    (tmp_path / "fresh" / "documents.toml").write_text("", encoding="utf-8")
    assert real_set(None, tmp_path) == real_set("main", tmp_path) == tmp_path
    assert real_set("fresh", tmp_path) == tmp_path / "fresh"
    for bad in ("../fresh", "/etc", "Fresh", "missing", "fresh/.."):
        with pytest.raises(InputError, match="no set of real documents"):
            real_set(bad, tmp_path)


def test_the_cli_refuses_an_unknown_set_in_one_line():
    import io

    from evaluator.cli import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", "--real", "test", "--real-set", "../etc"], out, err) == 2
    assert "no set of real documents named '../etc'" in err.getvalue()


def test_measure_real_orders_each_pair_by_the_readers_labels_too(tmp_path):
    # Every text is the same, so the tool scores the two alike (the critique is not above);
    # the readers rate the critique higher, and the report says so.
    _write_set(tmp_path, 1, [1])
    label = tmp_path / "labels" / "doc-0.toml"
    label.write_text(
        label.read_text().replace("level = 1\nacceptable = [1]", "level = 2\nacceptable = [2]")
    )
    (tmp_path / "disputes.toml").write_text(
        '[[figure]]\nid = "f"\nfigure = "a count"\ndisputed_by = ["doc-0"]\n'
        'repeated_by = ["doc-1"]\n',
        encoding="utf-8",
    )
    report = measure_real(("dev", "test"), root=tmp_path)
    [pair] = report.critiques
    assert (pair.critique, pair.repeater, pair.above, pair.labels_above) == (
        "doc-0",
        "doc-1",
        False,
        True,
    )


def test_a_set_is_held_against_a_constant_fitted_without_its_own_record():
    from evaluator.cli import _against_constant
    from evaluator.validation.real import RealReport

    report = RealReport(
        documents=0,
        measured=[],
        unavailable=[],
        errors=[],
        results=[],
        agreement=[],
        rank_correlation={},
    )
    shown = _against_constant(report, "holdout-9")
    fitted_on = shown.split("records of other sets (", 1)[1].split(")", 1)[0].split(", ")
    assert "holdout-8" in fitted_on and "holdout-9" not in fitted_on
    assert "| holdout-9 |" in shown


def _pdf_set(root: Path, shared: Path, data: bytes, digest: str) -> None:
    """A set of one whole report rated as a PDF of a (fake) shared corpus."""
    (shared / "corpus" / "long").mkdir(parents=True)
    (shared / "corpus" / "long" / "report.pdf").write_bytes(data)
    (root / "labels").mkdir(parents=True)
    (root / "documents.toml").write_text(
        '[[document]]\nid = "whole"\ntitle = "t"\npublisher = "p"\ndate = "2020"\n'
        'url = "https://example.org/whole"\nkind = "report"\nside = "n"\ntopic = "t"\n'
        'licence = "unknown"\nlicence_basis = "test"\nchars = 1\npart = "test"\n'
        f'file = "corpus/long/report.pdf"\nsha256 = "{digest}"\n',
        encoding="utf-8",
    )
    lab = ['id = "whole"', 'labeller = "test"']
    for criterion in (*CRITERIA, "recommendations"):
        lab.append(f'[criteria.{criterion}]\nlevel = "na"\nacceptable = ["na", 0, 1, 2, 3]')
    (root / "labels" / "whole.toml").write_text("\n".join(lab) + "\n", encoding="utf-8")


SAMPLE_PDF = Path(__file__).resolve().parents[1] / "sample_reports" / "fair-count-rebuttal"


def test_a_whole_report_is_read_as_its_pdf_from_the_shared_corpus(tmp_path):
    import hashlib

    data = (SAMPLE_PDF / "report.pdf").read_bytes()
    _pdf_set(tmp_path / "set", tmp_path / "shared", data, hashlib.sha256(data).hexdigest())
    report = measure_real(("test",), root=tmp_path / "set", shared=[tmp_path / "shared"])
    assert report.measured == ["whole"] and not report.errors and not report.warnings
    assert len(report.results) == 6
    # Without the shared folder the report is listed as unavailable, not dropped.
    missing = measure_real(("test",), root=tmp_path / "set", shared=[tmp_path / "nowhere"])
    assert missing.unavailable == ["whole"] and not missing.results


def test_a_pdf_whose_bytes_changed_is_not_measured(tmp_path):
    data = (SAMPLE_PDF / "report.pdf").read_bytes()
    _pdf_set(tmp_path / "set", tmp_path / "shared", data, "0" * 64)
    report = measure_real(("test",), root=tmp_path / "set", shared=[tmp_path / "shared"])
    assert not report.measured and not report.unavailable
    assert report.errors == [
        "whole: corpus/long/report.pdf is not the file the readers rated (sha256)"
    ]


def test_a_file_needs_its_hash_and_stays_inside_the_shared_corpus():
    base = _doc("whole").model_dump()
    with pytest.raises(ValueError, match="go together"):
        RealDocument.model_validate({**base, "file": "corpus/long/report.pdf"})
    for bad in ("../secret.pdf", "corpus/long/../../x.pdf", "/etc/passwd", "corpus/long/a b.pdf"):
        with pytest.raises(ValueError):
            RealDocument.model_validate({**base, "file": bad, "sha256": "0" * 64})


@needs_set
def test_quotes_of_whole_reports_are_in_their_pdfs_text():
    """The readers quoted a bare pypdf extraction of each PDF; checked on the short ones (a few
    seconds), since the long ones take half a minute to extract."""
    from pypdf import PdfReader

    from evaluator.validation.real import pdf_of

    checked = 0
    for root in SETS:
        for doc in load_documents(root):
            if doc.file is None or not (data := pdf_of(doc)):
                continue
            reader = PdfReader(io.BytesIO(data))
            if len(reader.pages) > 50:
                continue
            flat = _norm(" ".join(page.extract_text() or "" for page in reader.pages))
            for folder in (root / "labels", root / "labels" / "second"):
                label = load_labels(folder).get(doc.id) if folder.is_dir() else None
                for criterion in label.criteria.values() if label else ():
                    for quote in criterion.deciding_quotes:
                        assert _norm(quote) in flat, (doc.id, quote[:60])
                        checked += 1
    if not checked:
        pytest.skip("no whole report rated as a short PDF is at hand")


def test_a_reading_warning_is_carried_into_the_report(tmp_path, monkeypatch):
    """A page not read in time leaves a partial document: measured, but said to be partial."""
    from evaluator.validation import real

    _write_set(tmp_path, 1, [1])
    original = real.load_bytes

    def partial(data, name, **kwargs):
        document = original(data, name, **kwargs)
        return document.model_copy(update={"warnings": ["page 2 was not read in time"]})

    monkeypatch.setattr(real, "load_bytes", partial)
    report = measure_real(("dev", "test"), root=tmp_path)
    assert len(report.warnings) == 6
    assert report.warnings[0].endswith(": page 2 was not read in time")
    assert "reading warnings (results are for the text read)" in real.format_real_markdown(report)
