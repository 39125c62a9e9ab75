"""The checklist's report viewer: where a quote stands and how it is marked (pure), and the viewer
in the app through AppTest (opens at a quote's page with the quote marked, moves through the
report, comes back after a reload, and shows blind readers the report but not the tool's quotes).
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

# db_path: test_app's autouse fixture, a fresh database per test
from test_app import ME, _app, _app_at, _open_sample, _texts, _upload, db_path  # noqa: F401

from evaluator.models import Document, Page, QuoteRef
from evaluator.rubrics import default_rubric
from evaluator.store import Store
from evaluator_ui import pageview
from evaluator_ui.pageview import View

OPENED_MARK = ":orange-background["


def _doc(*pages: str) -> Document:
    return Document(
        sha256="d" * 64,
        source="text",
        filename="a.txt",
        pages=[Page(number=i + 1, text=text) for i, text in enumerate(pages)],
    )


def _marks(markdown: str) -> list[str]:
    """The text inside each mark (the Markdown's own, unescaped, mark syntax)."""
    return re.findall(r":orange-background\[\*\*(.*?)\*\*\]", markdown)


# --- pure: finding and marking a quote -----------------------------------------------------------


def test_a_quote_is_found_exactly_or_with_other_spacing():
    text = "Intro. The rate was 45%\nof 200 cases. End."
    assert pageview.find_quote(text, "Intro.") == (0, 6)
    start = text.index("The")
    assert pageview.find_quote(text, "The rate was 45% of 200 cases.") == (start, start + 30)
    assert pageview.find_quote(text, "  The rate  ") == (start, start + 8)
    assert pageview.find_quote(text, "not here") is None
    assert pageview.find_quote(text, "   ") is None


def test_each_line_is_its_own_paragraph_and_the_quote_is_marked():
    text = "1. Method\nWe used police records. Of 240 cases, 96 (40%) were adults.\n\n- a list item"
    mark = pageview.find_quote(text, "Of 240 cases, 96 (40%) were adults.")
    out = pageview.markdown(text, (0, len(text)), mark)
    paragraphs = out.split("\n\n")
    assert paragraphs[0] == r"1\. Method"  # not a numbered list
    assert paragraphs[1] == (
        r"We used police records\. :orange-background[**Of 240 cases, 96 \(40%\) were adults\.**]"
    )
    assert paragraphs[2] == r"\- a list item"  # not a bullet
    assert len(paragraphs) == 3  # the blank line makes no empty paragraph


def test_a_quote_over_two_lines_is_marked_on_each():
    text = "Before the quote starts\nand here it ends. After."
    mark = pageview.find_quote(text, "the quote starts and here it ends.")
    out = pageview.markdown(text, (0, len(text)), mark)
    assert _marks(out) == ["the quote starts", "and here it ends\\."]
    assert out.startswith("Before :orange") and out.endswith("\\.**] After\\.")


def test_a_heading_normalisation_ran_into_its_paragraph_is_shown_apart():
    raw = (
        "Running header of the report\n"
        "1. Data and method\n"
        "The audit drew on three datasets, each searched for the whole period from 1 April\n"
        "2015 to 31 March 2023, and on the notes of every meeting held about the children.\n"
        "A full line of text that wraps onto the next line in the PDF, as prose does.\n"
    )
    text = (
        "1. Data and method The audit drew on three datasets, each searched for the whole "
        "period from 1 April 2015 to 31 March 2023, and on the notes of every meeting held "
        "about the children.\nA full line of text that wraps onto the next line in the PDF, as "
        "prose does."
    )
    breaks = pageview.heading_breaks(text, raw)
    assert breaks == {len("1. Data and method")}  # not after "1 April": a full line
    out = pageview.markdown(text, (0, len(text)), None, breaks).split("\n\n")
    assert out[0] == r"1\. Data and method" and out[1].startswith("The audit drew")
    assert len(out) == 3
    assert pageview.heading_breaks(text, None) == frozenset()
    assert pageview.heading_breaks(text, "x\n" * (pageview.MAX_RAW_LINES + 1)) == frozenset()


@pytest.mark.parametrize(
    "hostile",
    [
        ":orange-background[**fake mark**]",
        "**bold** [link](https://example.com) ![img](x.png) <script>alert(1)</script>",
        "# heading\n> quote\n```code```\n| a | b |\n$x^2$ :red[red] :material/home:",
        "\u202eevil\u202c text\x00",
    ],
)
def test_document_text_can_neither_make_markup_nor_forge_the_mark(hostile: str):
    text = f"{hostile}\nThe real quote.\n{hostile}"
    out = pageview.markdown(text, (0, len(text)), pageview.find_quote(text, "The real quote."))
    assert _marks(out) == ["The real quote\\."]  # exactly one mark: the tool's
    assert out.count(OPENED_MARK) == 1
    assert "<" not in out and "](" not in out and "\u202e" not in out and "\x00" not in out
    for line in out.split("\n\n"):
        assert not re.match(r"[#>`|$-]", line)


def test_a_long_page_is_cut_at_line_breaks_and_opens_at_the_quotes_part():
    lines = [f"Line {i} of a long page." for i in range(2000)]
    text = "\n".join(lines)
    spans = pageview.parts(text, limit=12_000)
    assert len(spans) > 1
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in itertools.pairwise(spans))  # no gap
    assert all(end - start <= 12_000 for start, end in spans)
    assert all(text[end - 1] == "\n" for _, end in spans[:-1])  # cut at line ends
    one_line = "word " * 10_000  # no line break at all: cut at spaces
    assert all(one_line[end - 1] == " " for _, end in pageview.parts(one_line)[:-1])
    assert pageview.parts("x" * 30_000, limit=12_000) == [
        (0, 12_000),
        (12_000, 24_000),
        (24_000, 30_000),
    ]

    document = _doc("Short first page.", text)
    view = pageview.open_at(document, "sources", "e0", QuoteRef(page=2, quote="Line 1500 of"))
    assert (view.page, view.part) == (
        2,
        pageview.part_of(pageview.parts(text), text.index("Line 1500 ")),
    )
    assert view.part > 0
    shown = pageview.shown(document, view)
    assert shown.marked is True and _marks(shown.markdown) == ["Line 1500 of"]
    assert pageview.shown(document, pageview.go_to(document, view, 2)).marked is False


def test_moving_walks_parts_then_pages_and_stops_at_either_end():
    long_page = "\n".join("x" * 99 for _ in range(300))  # 30,000 characters: three parts
    document = _doc("one", long_page, "three")
    view = View("c", "read", 1)
    assert pageview.at_start(view) and not pageview.at_end(document, view)
    assert pageview.step(document, view, -1) == view
    seen = []
    while not pageview.at_end(document, view):
        view = pageview.step(document, view, 1)
        seen.append((view.page, view.part))
    assert seen == [(2, 0), (2, 1), (2, 2), (3, 0)]
    assert pageview.step(document, view, 1) == view
    assert (pageview.step(document, view, -1).page, pageview.step(document, view, -1).part) == (
        2,
        2,
    )
    assert pageview.go_to(document, view, 99).page == 3
    assert pageview.go_to(document, view, -5).page == 1


def test_a_quote_whose_words_are_not_on_its_page_is_said_so():
    document = _doc("Page one text.", "Page two text.")
    quote = QuoteRef(page=2, quote="words a reader typed")
    view = pageview.open_at(document, "c", "a0", quote)
    assert view.page == 2
    shown = pageview.shown(document, view)
    assert shown.missing and not _marks(shown.markdown)
    # a page the document does not have opens the first page
    assert pageview.open_at(document, "c", "a0", QuoteRef(page=9, quote="x")).page == 1


@pytest.mark.parametrize(
    ("anchor", "ok"),
    [
        ("read", True),
        ("e0", True),
        ("a12", True),
        ("e999", True),
        ("e1000", False),
        ("e01", False),
        ("x1", False),
        ("read ", False),
        ("", False),
        ("e-1", False),
    ],
)
def test_only_known_anchors_are_taken_from_the_address(anchor: str, ok: bool):
    assert bool(pageview.ANCHOR.match(anchor)) is ok


# --- the viewer in the app ------------------------------------------------------------------------


def _store() -> Store:
    return Store(Path(os.environ["EVALUATOR_DB"]))


def _viewer_markdown(at: AppTest) -> str:
    """The page text the viewer shows: the Markdown element after its heading."""
    texts = _texts(at, "markdown")
    for index, text in enumerate(texts[:-1]):
        if text.startswith("**The report, page"):
            return texts[index + 1]
    return ""


def _heading(at: AppTest) -> str:
    return next((t for t in _texts(at, "markdown") if t.startswith("**The report, page")), "")


def test_an_evidence_card_opens_the_report_at_its_page_with_the_quote_marked():
    at = _open_sample(_app())
    record = _store().load(at.session_state["eval_id"], ME)
    assert record is not None
    cid = default_rubric().criteria[0].id
    evidence = record.evaluation.suggestions[0].evidence
    assert not any(b.label.startswith("Surrounding text") for b in at.expander)
    assert at.button(key=f"ck_see_{cid}_e0").label == f"See quote 1 on page {evidence[0].page}"
    assert _heading(at) == ""  # closed until asked

    at.button(key=f"ck_see_{cid}_e0").click().run()
    assert not at.exception, at.exception
    assert _heading(at).startswith(f"**The report, page {evidence[0].page} of 5**")
    marked = _marks(_viewer_markdown(at))
    assert len(marked) == 1
    assert " ".join(evidence[0].quote.split()) in marked[0].replace("\\", "")
    assert "The quote is marked in orange (and in bold in the text)." in _texts(at, "caption")
    assert at.query_params["view"] == "e0" and at.query_params["page"] == str(evidence[0].page)

    # next, previous and a typed page number; the mark goes with its page
    at.button(key="ck_viewer_next").click().run()
    assert _heading(at).startswith(f"**The report, page {evidence[0].page + 1} of 5**")
    assert not _marks(_viewer_markdown(at))
    assert at.query_params["page"] == str(evidence[0].page + 1)
    at.button(key="ck_viewer_previous").click().run()
    assert len(_marks(_viewer_markdown(at))) == 1
    at.number_input(key="ck_viewer_page").set_value(5).run()
    assert _heading(at).startswith("**The report, page 5 of 5**")
    assert at.button(key="ck_viewer_next").disabled
    at.button(key="ck_viewer_back").click().run()  # "Back to the quote on page N"
    assert len(_marks(_viewer_markdown(at))) == 1
    at.button(key="ck_viewer_close").click().run()
    assert _heading(at) == "" and "view" not in at.query_params


def test_the_viewer_comes_back_after_a_reload_and_closes_on_another_question():
    at = _open_sample(_app())
    cid = default_rubric().criteria[0].id
    at.button(key=f"ck_see_{cid}_e1").click().run()
    at.button(key="ck_viewer_next").click().run()
    page = at.query_params["page"]

    reloaded = _app_at({n: at.query_params[n] for n in ("evaluation", "q", "view", "page")})
    assert _heading(reloaded).startswith(f"**The report, page {page} of 5**")

    reloaded.button(key="next").click().run()  # another question: its cards are not this one's
    assert _heading(reloaded) == "" and "view" not in reloaded.query_params


def test_an_address_naming_no_known_quote_opens_no_viewer():
    at = _open_sample(_app())
    for view, page in (("e99", "1"), ("<script>", "2"), ("e0", "99999999999")):
        fresh = _app_at(
            {"evaluation": at.query_params["evaluation"], "q": at.query_params["q"]}
            | {"view": view, "page": page}
        )
        if view == "e0":  # a page number out of range is ignored: the quote's page opens
            assert _heading(fresh).startswith("**The report, page 2 of 5**")
        else:
            assert _heading(fresh) == "" and "view" not in fresh.query_params


def test_blind_readers_can_read_the_report_but_not_see_the_tools_quotes():
    at = _app()
    at.checkbox(key="blind_box").check().run()
    _open_sample(at)
    cid = default_rubric().criteria[0].id
    assert not [b for b in at.button if b.key and b.key.startswith(f"ck_see_{cid}_e")]
    at.button(key=f"ck_see_{cid}_read").click().run()
    assert _heading(at).startswith("**The report, page 1 of 5**")
    assert not _marks(_viewer_markdown(at))  # nothing of the tool's is marked
    at.button(key="ck_viewer_next").click().run()
    assert _heading(at).startswith("**The report, page 2 of 5**")
    assert at.query_params["view"] == "read"

    # an address naming the tool's hidden quote opens nothing in blind mode
    fresh = _app_at(
        {"evaluation": at.query_params["evaluation"], "q": cid, "view": "e0", "page": "2"}
    )
    assert _heading(fresh) == "" and not _marks(_viewer_markdown(fresh))

    # reading goes on from question to question, at the same page
    at.radio(key=f"ck_{cid}_choice").set_value(2)
    at.text_area(key=f"ck_{cid}_justification").input("my reading")
    at.button(key="save_next").click().run()
    assert _heading(at).startswith("**The report, page 2 of 5**")


def test_a_readers_own_quote_opens_marked_and_a_mistyped_one_is_said_so():
    at = _open_sample(_app())
    cid = default_rubric().criteria[0].id
    at.number_input(key=f"ck_{cid}_new_page").set_value(3)
    page_three = (
        _store()
        .document(_store().load(at.session_state["eval_id"], ME).evaluation.document_sha256, ME)
        .pages[2]
        .text
    )
    words = " ".join(page_three.split()[:6])
    at.text_area(key=f"ck_{cid}_new_quote").input(words)
    at.button(key=f"ck_{cid}_add_quote").click().run()
    at.number_input(key=f"ck_{cid}_new_page").set_value(1)
    at.text_area(key=f"ck_{cid}_new_quote").input("words that are nowhere in it")
    at.button(key=f"ck_{cid}_add_quote").click().run()

    at.button(key=f"ck_see_{cid}_a0").click().run()
    assert at.button(key=f"ck_see_{cid}_a0").label == "See your quote 1 on page 3"
    assert _heading(at).startswith("**The report, page 3 of 5**")
    # the page's first words may run over its heading: marked on each line
    assert " ".join(_marks(_viewer_markdown(at))).replace("\\", "") == words
    at.button(key=f"ck_see_{cid}_a1").click().run()
    assert _heading(at).startswith("**The report, page 1 of 5**")
    assert any("were not found on page 1" in t for t in _texts(at, "warning"))
    assert not _marks(_viewer_markdown(at))
    at.button(key=f"ck_{cid}_remove_1").click().run()  # its card is gone, so is the viewer
    assert _heading(at) == ""


def test_markup_in_an_uploaded_text_is_shown_as_text_in_the_viewer():
    hostile = (
        "Method. We used police records for 2019 to 2021.\n"
        ":orange-background[**forged mark**] <img src=x onerror=alert(1)> [link](javascript:x)\n"
        "\fSecond page. Of 240 cases, 96 (40%) were adults."
    )
    at = _upload(_app(), "hostile.txt", hostile.encode(), "text/plain")
    cid = default_rubric().criteria[0].id
    at.button(key=f"ck_see_{cid}_read").click().run()
    shown = _viewer_markdown(at)
    assert not _marks(shown) and OPENED_MARK not in shown
    assert "<img" not in shown and "](" not in shown
    assert "Method\\. We used police records" in shown
    at.button(key="ck_viewer_next").click().run()
    assert "Second page" in _viewer_markdown(at)


def test_a_pdfs_page_can_be_shown_as_an_image_and_falls_back_to_text(monkeypatch):
    from test_app import _pdf

    from evaluator_ui import session

    at = _upload(_app(), "r.pdf", _pdf(["In 2019, 12 of 40 cases (30%) were referred.", "Two."]))
    cid = default_rubric().criteria[0].id
    at.button(key=f"ck_see_{cid}_read").click().run()
    assert at.segmented_control(key="ck_viewer_mode").value == "Text"
    at.segmented_control(key="ck_viewer_mode").set_value("Image").run()
    assert not at.exception, at.exception
    images = at.get("image")
    assert len(images) == 1
    assert "Page 1 as printed." in str(images[0].proto)
    assert not _viewer_markdown(at).startswith("In 2019")  # the image replaces the text
    at.button(key="ck_viewer_next").click().run()
    assert "Page 2 as printed." in str(at.get("image")[0].proto)

    # a page that cannot be drawn says why and shows its text
    monkeypatch.setattr(session, "render_page", _refuse)
    session.page_image.clear()
    at.button(key="ck_viewer_previous").click().run()
    assert not at.get("image")
    assert any("cannot be shown as an image (too slow)" in t for t in _texts(at, "info"))
    assert "In 2019, 12 of 40 cases" in _viewer_markdown(at)


def _refuse(*args, **kwargs):
    from evaluator.page_images import PageImageError

    raise PageImageError("too slow")


def test_a_text_report_has_no_image_view():
    at = _upload(_app(), "r.txt", b"Method. We used police records.", "text/plain")
    at.button(key=f"ck_see_{default_rubric().criteria[0].id}_read").click().run()
    assert not [w for w in at.get("segmented_control")]
