"""The checks' literal prefilter (evaluator/checks/prefilter.py) never changes a result."""

from __future__ import annotations

import copy
import csv
import json
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluator.checks import checks, prefilter

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    """Real sentences and the sample reports' sources, line by line and whole."""
    texts: list[str] = []
    with open(ROOT / "evaluator" / "data" / "labelled_sentences.csv", encoding="utf-8") as handle:
        texts += [row["text"] for row in csv.DictReader(handle)]
    for source in sorted((ROOT / "sample_reports").glob("*/source.md")):
        whole = source.read_text(encoding="utf-8")
        texts += [whole, *(line for line in whole.splitlines() if line.strip())]
    return texts


def _whole(wrapper):
    """The filtered whole pattern, inside a branched one too."""
    return wrapper._whole if isinstance(wrapper, prefilter.Branched) else wrapper


def _wrapped() -> list[tuple[re.Pattern[str], prefilter.Filtered]]:
    checks()
    return [
        (pattern, _whole(wrapper))
        for pattern, wrapper in prefilter._wrapped.values()
        if isinstance(_whole(wrapper), prefilter.Filtered)
    ]


def test_the_check_modules_patterns_are_filtered():
    from evaluator.checks import sources, speech

    wrapped = _wrapped()
    assert len(wrapped) > 150  # most of the checks' patterns have a usable needle
    assert isinstance(_whole(sources._LIMITATION), prefilter.Filtered)
    assert isinstance(_whole(speech._VERB), prefilter.Filtered)
    assert isinstance(_whole(sources._KINDS["police_records"]), prefilter.Filtered)  # in a dict


@pytest.fixture(params=["in-tests", "scanner"])
def way(request, monkeypatch):
    """Each text tested by `in` tests, or (as on a long document) scanned once for all needles."""
    checks()
    monkeypatch.setattr(prefilter, "_facts", {})
    if request.param == "scanner":
        monkeypatch.setattr(prefilter, "SCAN_AFTER", 0)
        monkeypatch.setattr(prefilter, "SCANNER_AFTER", 0)
        monkeypatch.setattr(prefilter, "_scanner", [])
    yield request.param
    for wrapper in prefilter._members():
        wrapper._scannable = False  # this test's scanner is gone: back to `in` tests


def test_filtered_patterns_find_exactly_what_the_patterns_find(way):
    texts = _texts()
    for pattern, wrapper in _wrapped():
        for text in texts:
            expected = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in wrapper.finditer(text)] == expected, pattern.pattern
            # Every match holds a needle: the derivation is sound on real text.
            for start, end in expected:
                folded = prefilter.fold(text[start:end])
                assert any(n in folded for n in wrapper._needles), (pattern.pattern, text)


def _branched() -> list[tuple[re.Pattern[str], prefilter.Branched]]:
    checks()
    return [
        (pattern, wrapper)
        for pattern, wrapper in prefilter._wrapped.values()
        if isinstance(wrapper, prefilter.Branched)
    ]


def test_long_alternations_of_the_checks_are_searched_branch_by_branch():
    from evaluator.checks import sources

    assert len(_branched()) > 50
    assert isinstance(sources._FIGURE, prefilter.Branched)  # the costliest pattern, whole


def test_branched_patterns_find_exactly_what_the_patterns_find(way):
    texts = _texts()
    if way == "scanner":  # whole reports are folded and scanned afresh on every call: slow
        texts = [t for t in texts if len(t) <= prefilter.MAX_KEPT]
    for pattern, wrapper in _branched():
        for text in texts:
            found, expected = wrapper.search(text), pattern.search(text)
            assert (found and found.span()) == (expected and expected.span()), pattern.pattern
            for pos in (1, 7):  # a search from further on, as the checks do
                found, expected = wrapper.search(text, pos), pattern.search(text, pos)
                assert (found and found.span()) == (expected and expected.span())
            found, expected = wrapper.match(text), pattern.match(text)
            assert (found and found.span()) == (expected and expected.span()), pattern.pattern
            assert bool(wrapper.fullmatch(text)) == bool(pattern.fullmatch(text))
            assert [m.span() for m in wrapper.finditer(text)] == [
                m.span() for m in pattern.finditer(text)
            ]


def test_the_earlier_branch_wins_a_tie_and_the_leftmost_match_wins():
    pattern = re.compile(r"\bclaims\b|\bclaims\s+that\b|\bfigures\b", re.I)
    wrapper = prefilter.Branched(
        pattern,
        pattern,
        [
            prefilter.Filtered(re.compile(b, re.I), (n,))
            for b, n in (
                (r"\bclaims\b", "claims"),
                (r"\bclaims\s+that\b", "claims"),
                (r"\bfigures\b", "figures"),
            )
        ],
    )
    for text in ("He claims that figures lie", "figures show; he claims that", "none", ""):
        found, expected = wrapper.search(text), pattern.search(text)
        assert (found and found.span()) == (expected and expected.span()), text
        found, expected = wrapper.match(text), pattern.match(text)
        assert (found and found.span()) == (expected and expected.span()), text
    assert wrapper.search("He claims that figures lie").group(0) == "claims"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a|b", ["a", "b"]),
        ("(?:a|b)|c", ["(?:a|b)", "c"]),
        (r"[|]|x", ["[|]", "x"]),
        (r"\||y", [r"\|", "y"]),
        ("[]|]|z", ["[]|]", "z"]),
        ("[^]|]|z", ["[^]|]", "z"]),
        (r"[\]|]|z", [r"[\]|]", "z"]),
        ("abc", ["abc"]),
    ],
)
def test_branches_split_only_at_top_level_bars(source, expected):
    assert prefilter.branches(source) == expected
    # each part compiles, and the parts joined again are the pattern
    assert "|".join(expected) == source
    for part in expected:
        re.compile(part)


def test_patterns_with_groups_are_left_whole():
    assert prefilter.alternatives(re.compile(r"(a)|b")) is None
    assert prefilter.alternatives(re.compile(r"(?P<x>a)|b")) is None
    assert prefilter.alternatives(re.compile(r"a|b # c|d", re.X)) is None
    assert prefilter.alternatives(re.compile(r"(?:a)|b")) == ["(?:a)", "b"]


def test_the_scanner_finds_every_needle_in_a_text():
    needles = {"claim", "claims", "claimed", "police", "pol", "19", "%", "said that", "ai"}
    scanner = prefilter._Scanner(needles)
    for text in [*_texts()[:400], "", "claimsclaimed 1919% pol police", "saids said that"]:
        folded = prefilter.fold(text)
        assert scanner.needles_in(folded) == {n for n in needles if n in folded}, text


def test_every_method_answers_as_the_pattern_does_when_nothing_can_match():
    pattern = re.compile(r"\b(?:claimed|claims)\b", re.I)
    wrapper = prefilter.filtered(pattern)
    assert isinstance(wrapper, prefilter.Filtered)
    for text in ("nothing here", "She CLAIMED it; he claims so", ""):
        assert bool(wrapper.search(text)) == bool(pattern.search(text))
        assert bool(wrapper.match(text)) == bool(pattern.match(text))
        assert bool(wrapper.fullmatch(text)) == bool(pattern.fullmatch(text))
        assert wrapper.findall(text) == pattern.findall(text)
        assert [m.span() for m in wrapper.finditer(text)] == [
            m.span() for m in pattern.finditer(text)
        ]
        assert wrapper.sub("X", text) == pattern.sub("X", text)
        assert wrapper.subn("X", text) == pattern.subn("X", text)
        assert wrapper.split(text) == pattern.split(text)
    assert wrapper.pattern == pattern.pattern and wrapper.flags == pattern.flags
    for copied in (copy.deepcopy(wrapper), pickle.loads(pickle.dumps(wrapper))):
        assert copied.search("he claims so").span() == (3, 9)


@pytest.mark.parametrize(
    ("source", "flags", "expected"),
    [
        (r"\b(?:claimed|claims)\b", re.I, ("claimed", "claims")),
        (r"\bpolice[- ]records\b", 0, ("police records", "police-records")),
        (r"(?:data)?\s+figures", re.I, ("figures",)),  # an optional part requires nothing
        (r"\d+%", 0, None),  # character classes only
        (r"a|bcd", 0, None),  # one branch is too short to test
        (r"(?i:Survey)|(?-i:ONS)", 0, ("ons", "survey")),  # needles are lower-cased
        (r"caf\u00e9s?", re.I, ("caf",)),  # a non-ASCII letter ends the literal
        (r"\bclaims?\b|\bclaimed\b", re.I, ("claim",)),  # one needle inside another: the shorter
    ],
)
def test_needles(source, flags, expected):
    assert prefilter.needles(re.compile(source, flags)) == expected


def test_the_cache_of_folded_texts_is_bounded(monkeypatch):
    monkeypatch.setattr(prefilter, "_facts", {})
    wrapper = prefilter.filtered(re.compile(r"\bclaims?\b", re.I))
    long = "He claims so. " * 1000
    assert wrapper.search(long) and not wrapper.search(long.replace("claim", "say"))
    assert long not in prefilter._facts  # folded on each use, not kept
    for n in range(9000):
        wrapper.search(f"text {n}")
    assert len(prefilter._facts) <= 8192


def test_the_fold_table_is_what_re_matches_ignoring_case():
    import _sre
    from re import _casefix  # type: ignore[attr-defined]

    table = {cp: chr(_sre.unicode_tolower(cp)) for cp in range(128, 0x110000)
             if _sre.unicode_tolower(cp) < 128}  # fmt: skip
    for ascii_code, others in _casefix._EXTRA_CASES.items():
        if ascii_code < 128:
            table.update({cp: chr(ascii_code) for cp in others if cp >= 128})
    assert table == prefilter.FOLD


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAiIİıſsSKkKmnos \u2019'-.,0123456789", max_size=40))
def test_folding_keeps_every_case_insensitive_match(text):
    for source in (r"\bmiss(?:ing)?\b", r"ask\s+kim", r"\bno\s+source", r"kiss"):
        pattern = re.compile(source, re.I)
        wrapper = prefilter.filtered(pattern)
        assert bool(wrapper.search(text)) == bool(pattern.search(text)), (source, text)


def test_the_stored_needles_are_current():
    """Stale needles would only be slower (a changed pattern is read at run time), but keep the
    file current: `.venv/bin/python scripts/pattern_needles.py` rewrites it."""
    stored = json.loads(prefilter.TABLE_PATH.read_text(encoding="utf-8"))
    checks()
    current = prefilter.table()
    assert current == stored, (
        "run `.venv/bin/python scripts/pattern_needles.py` to rewrite the file"
    )


def test_a_pattern_that_needs_a_digit_is_skipped_only_on_a_text_without_one(monkeypatch):
    monkeypatch.setattr(prefilter, "_facts", {})
    pattern = re.compile(r"\d+ (?:people|cases)", re.I)
    sample = prefilter.Sample(["12 people", "no figure here", "some cases", "the people said"])
    assert prefilter.needles(pattern, sample) == (prefilter.DIGIT,)  # rarer than the words
    assert prefilter.needles(pattern) == (" cases", " people")  # no sample: no digit mark
    wrapper = prefilter.Filtered(pattern, (prefilter.DIGIT,))
    # `\d` matches any Unicode digit: Arabic-Indic and full-width ones are not skipped.
    for text in ("12 people", "\u0663 people", "\uff17 cases", "twelve people", "", "x\x00\\d"):
        assert bool(wrapper.search(text)) == bool(pattern.search(text)), text
    assert prefilter.DIGIT in prefilter.fold("\u0663") and prefilter.DIGIT not in prefilter.fold(
        "x"
    )
