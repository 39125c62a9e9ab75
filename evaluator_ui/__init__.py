"""Streamlit pages. They call `evaluator` and render what it returns; no logic of their own."""
