"""Our own hostile PDFs: each is read (perhaps partly, with a warning) or refused with a
one-line InputError, within its budget, and never takes the test process down."""

from __future__ import annotations

from collections.abc import Callable

import hostile_pdfs as H
import pytest

from evaluator.errors import InputError
from evaluator.ingest import extract_pdf, load_bytes
from evaluator.limits import Limits

# name → (builder, expected: "ok", "partial" or an error code)
CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "flate_bomb_200mb": (lambda: H.flate_bomb(200), "partial"),
    "nested_flate_x3": (lambda: H.nested_flate_bomb(200, depth=3), "partial"),
    "forty_filters": (lambda: H.many_filters(40), "partial"),
    "length_1e12": (lambda: H.lying_length(10**12), "partial"),
    "length_too_short": (lambda: H.lying_length(3), "ok"),
    "length_negative": (lambda: H.lying_length(-5), "ok"),
    "length_dangling_ref": (lambda: H.lying_length("99 0 R"), "ok"),
    "page_tree_10_pow_8": (lambda: H.page_tree_bomb(10, 8), "too_large"),
    "page_tree_cycle": (H.page_tree_cycle, "damaged"),
    "array_50k_deep": (lambda: H.deep_nesting(50_000, "array"), "damaged"),
    "dict_50k_deep": (lambda: H.deep_nesting(50_000, "dict"), "ok"),
    "xobject_fan_out_10_pow_6": (lambda: H.xobject_fan_out(10, 6), "partial"),
    "token_flood": (lambda: H.token_flood(1_200_000), "partial"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_pdf_is_read_or_refused_in_one_line(name: str) -> None:
    build, expected = CASES[name]
    data = build()
    limits = Limits()
    try:
        document = load_bytes(data, f"{name}.pdf", limits=limits, cache=False)
    except InputError as error:
        assert error.code == expected, error.message
        assert "\n" not in error.message and name in error.message
        return
    first = document.pages[0].text
    assert first.split()[0] in {"Before", "Only", "Plain", "Honest", "Nested", "Top", "Normal"}
    partial = [w for w in document.warnings if w.startswith("partly extracted")]
    assert ("partial" if partial else "ok") == expected, document.warnings


@pytest.mark.parametrize("name", ["flate_bomb_200mb", "page_tree_10_pow_8", "token_flood"])
def test_hostile_pdf_stays_under_the_memory_cap_and_budget(name: str) -> None:
    limits = Limits()
    extraction = extract_pdf(CASES[name][0](), limits=limits)
    assert not extraction.timed_out and not extraction.crashed
    assert extraction.seconds < limits.budget_s(max(extraction.page_count, 1))
    cap_kb = limits.memory_mb * 1024
    assert extraction.peak_rss_kb  # every worker reports, refusals included
    assert all(0 < kb < cap_kb for kb in extraction.peak_rss_kb)


def test_the_limits_stop_what_a_naive_reader_would_inflate() -> None:
    # The 200 MB bomb is refused by pypdf's zlib limit, set through its configuration API;
    # lifting that limit alone moves the refusal to the worker's memory cap.
    data = H.flate_bomb(200)
    default = extract_pdf(data)
    assert default.failed == {1: "LimitReachedError"}
    lifted = Limits(
        memory_mb=256,
        pypdf={
            "zlib_maximum_output_length": 2**31,
            "stream_decoding_work_maximum_length": 2**31,
        },
    )
    assert extract_pdf(data, limits=lifted).failed == {1: "MemoryError"}
