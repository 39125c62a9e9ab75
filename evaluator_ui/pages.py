"""The single list of pages the router shows."""

from __future__ import annotations

import importlib
import importlib.util

import streamlit as st

from . import navigation


def extra_pages() -> list[st.Page]:
    """Pages from `evaluator_ui.classroom` when that module is installed."""
    if importlib.util.find_spec(f"{__package__}.classroom") is None:
        return []
    return list(importlib.import_module(f"{__package__}.classroom").pages())


def all_pages() -> list[st.Page]:
    return [navigation.page(name) for name in navigation.PAGES] + extra_pages()
