"""Streamlit entry point: a thin router over the pages in `evaluator_ui`."""

import streamlit as st

from evaluator_ui import pages, session

st.set_page_config(page_title="Report evaluator", page_icon="🔎", layout="wide")
session.remember_owner()
st.navigation(pages.all_pages(), position="top").run()
