"""The app's pages by name, so a page can send the reader to another one."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

import streamlit as st

# name -> (module holding `page()`, title, url path); the order is the order of the top bar.
PAGES: dict[str, tuple[str, str, str]] = {
    "start": ("start", "Start", "start"),
    "checklist": ("checklist", "Checklist", "checklist"),
    "summary": ("summary", "Summary", "summary"),
    "export": ("export", "Export", "export"),
    "history": ("history", "History", "history"),
}


def _function(name: str) -> Callable[[], None]:
    module = import_module(f"{__package__}.{PAGES[name][0]}")
    return module.page


def page(name: str) -> st.Page:
    _, title, url_path = PAGES[name]
    return st.Page(_function(name), title=title, url_path=url_path, default=name == "start")


def go(name: str) -> None:
    st.switch_page(page(name))
