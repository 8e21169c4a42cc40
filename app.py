"""Router: page set-up, navigation, the controls every page shares, then the chosen page."""
import streamlit as st

from lib import ui

st.set_page_config(page_title="Critical-mineral exposure", page_icon=":material/public:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
]

page = st.navigation(PAGES)
data = ui.dataset()
ui.shared_controls(data)
page.run()
