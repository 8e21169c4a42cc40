"""Plain-Python core of the critical-mineral exposure dashboard (no Streamlit here, except lib.app.ui)."""
