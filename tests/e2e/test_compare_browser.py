"""Issue 14, item 6 in a real browser: a saved evaluation chosen on Compare shows the reader's
level under its question's name, and its row's title opens it in the checklist (a link AppTest
cannot follow: it is HTML the browser sanitises and navigates)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from test_app_browser import TIMEOUT_MS, _answer, _pdf, _upload_and_analyse, _wait_idle

from evaluator.rubrics import default_rubric


def test_a_saved_evaluation_compared_opens_from_its_row(page: Page, start_server, tmp_path: Path):
    server = start_server()
    first = default_rubric().criteria[0]
    page.goto(server.url)
    _upload_and_analyse(page, _pdf(tmp_path / "compared.pdf"))
    _answer(page, 0, first.title, "1 · weak", "Only one source is named.")
    _wait_idle(page)

    page.goto(f"{server.url}/compare")  # a new page load: the cookie keeps the reader
    expect(page.get_by_role("heading", name="Compare reports")).to_be_visible(timeout=TIMEOUT_MS)
    _wait_idle(page)
    page.get_by_label("Saved evaluations (from History)").click()
    page.get_by_role("option", name=re.compile("^compared.pdf")).click()
    page.keyboard.press("Escape")
    grid = page.locator("table.grid")
    expect(grid.get_by_role("columnheader", name=first.title)).to_be_visible(timeout=TIMEOUT_MS)
    expect(grid.get_by_role("cell", name="1 · weak", exact=True)).to_be_visible()
    expect(grid.get_by_text(re.compile("1 of 6 confirmed"))).to_be_visible()

    grid.get_by_role("link", name="compared.pdf").click()
    expect(page).to_have_url(re.compile(r"/checklist\?evaluation=\d+"), timeout=TIMEOUT_MS)
    expect(page.get_by_role("heading", name="Checklist")).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.get_by_text("1 of 6 questions answered")).to_be_visible()
