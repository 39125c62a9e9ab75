"""The report viewer in a real browser: an evidence card opens the page with its quote marked,
the reader moves through the report, and a reload comes back to the same page."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT_MS, _pdf, _upload_and_analyse, _wait_idle

QUOTE_PAGE = 1  # the sources question's evidence in _pdf's report stands on its first page


def test_an_evidence_card_opens_the_page_with_its_quote_marked(
    page: Page, start_server, tmp_path: Path
):
    server = start_server()
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(server.url)
    _upload_and_analyse(page, _pdf(tmp_path / "report.pdf"))
    _wait_idle(page)
    card = (
        page.get_by_test_id("stVerticalBlock")
        .filter(has=page.get_by_role("button", name=f"See quote 1 on page {QUOTE_PAGE}"))
        .last
    )
    quote = card.get_by_test_id("stMarkdownContainer").first.inner_text()
    quote = re.sub(r"^(Quote \d+ · )?p\. \d+ · “|”$", "", quote.strip())
    page.get_by_role("button", name=f"See quote 1 on page {QUOTE_PAGE}").click()

    viewer = page.locator(".st-key-report_viewer")
    expect(viewer.get_by_text(f"The report, page {QUOTE_PAGE} of 2")).to_be_visible(
        timeout=TIMEOUT_MS
    )
    mark = viewer.locator(".stMarkdownColoredBackground")
    expect(mark).to_have_count(1)
    expect(mark).to_be_in_viewport()
    assert " ".join(mark.inner_text().split()) == " ".join(quote.split())
    assert mark.locator("strong").count() == 1  # bold too, for a screen without colour
    # The address follows a moment after the page is drawn (CI once read it just before).
    expect(page).to_have_url(
        re.compile(rf"^(?=.*[?&]view=e0(?:&|$))(?=.*[?&]page={QUOTE_PAGE}(?:&|$))"),
        timeout=TIMEOUT_MS,
    )

    # the same page as printed, drawn in the worker process, then back to the text
    _wait_idle(page)
    choice = viewer.get_by_role("radiogroup", name="Show the page as")
    choice.get_by_text("Image", exact=True).click()
    expect(viewer.get_by_role("img")).to_be_visible(timeout=TIMEOUT_MS)
    expect(viewer.get_by_text("The quote's place is marked in orange.")).to_be_visible()
    _wait_idle(page)
    choice.get_by_text("Text", exact=True).click()
    expect(mark).to_have_count(1, timeout=TIMEOUT_MS)

    _wait_idle(page)
    viewer.get_by_role("button", name="Next page").click()
    expect(viewer.get_by_text("The report, page 2 of 2")).to_be_visible(timeout=TIMEOUT_MS)
    expect(viewer.get_by_text("We recommend that the ministry publish")).to_be_visible()
    expect(mark).to_have_count(0)
    expect(viewer.get_by_role("button", name="Next page")).to_be_disabled()

    # a reload comes back to the same page of the report
    _wait_idle(page)
    page.reload()
    expect(
        page.locator(".st-key-report_viewer").get_by_text("The report, page 2 of 2")
    ).to_be_visible(timeout=TIMEOUT_MS)
    _wait_idle(page)
    viewer.get_by_role("button", name=f"Back to the quote on page {QUOTE_PAGE}").click()
    expect(viewer.locator(".stMarkdownColoredBackground")).to_have_count(1, timeout=TIMEOUT_MS)
    _wait_idle(page)
    viewer.get_by_role("button", name="Close the report").click()
    expect(page.locator(".st-key-report_viewer")).to_have_count(0, timeout=TIMEOUT_MS)


def test_a_blind_reader_on_a_phone_reads_the_report_without_the_tools_quotes(
    page: Page, start_server, tmp_path: Path
):
    server = start_server()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server.url)
    page.get_by_role("checkbox", name=re.compile("^Blind mode")).check(force=True)
    _wait_idle(page)
    _upload_and_analyse(page, _pdf(tmp_path / "report.pdf"))
    _wait_idle(page)
    expect(page.get_by_role("button", name=re.compile("^See quote"))).to_have_count(0)
    page.get_by_role("button", name="Read the report").click()
    viewer = page.locator(".st-key-report_viewer")
    expect(viewer.get_by_text("The report, page 1 of 2")).to_be_visible(timeout=TIMEOUT_MS)
    expect(viewer.get_by_text("We counted case files from police records")).to_be_visible()
    expect(viewer.locator(".stMarkdownColoredBackground")).to_have_count(0)
    box = viewer.bounding_box()
    assert (
        box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    )  # no sideways scroll
    _wait_idle(page)
    viewer.get_by_role("button", name="Next page").click()
    expect(viewer.get_by_text("The report, page 2 of 2")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("Evidence from the report")).to_have_count(0)
