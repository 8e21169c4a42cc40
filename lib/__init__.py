"""Plain-Python core of the critical-mineral exposure dashboard; Streamlit is imported only in lib/app/."""
