"""Streamlit entry point: a thin router over the pages in `evaluator_ui`."""

from evaluator_ui import reconnect

reconnect.install()  # first: a restarted server must not drop the first clicks it gets

import streamlit as st  # noqa: E402

from evaluator_ui import pages, session  # noqa: E402

st.set_page_config(page_title="Report evaluator", page_icon="🔎", layout="wide")
session.remember_owner()
st.navigation(pages.all_pages(), position="top").run()
