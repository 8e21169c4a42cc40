"""The only package that imports Streamlit: run frame, controls, link, page frame, fragments, charts, tables."""
