"""The pages the router shows, grouped so the top bar stays short."""

from __future__ import annotations

import streamlit as st

from . import classroom, live_class, navigation


def all_pages() -> dict[str, list[st.Page]]:
    return {
        "Evaluate a report": [navigation.page(name) for name in navigation.PAGES],
        "Classroom and comparison": [*live_class.pages(), *classroom.pages()],
    }
