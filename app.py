"""Router: page set-up, navigation, the controls every page shares, then the chosen page."""
from pathlib import Path

import streamlit as st

from lib.app.controls import shared_controls
from lib.app.links import dataset_for_link
from lib.app.run import finish_run, start_run

# A local icon: Material icon names would make the browser fetch the glyph from a font CDN.
ICON = Path(__file__).parent / "static" / "favicon.png"
st.set_page_config(page_title="Critical-mineral exposure", page_icon=str(ICON), layout="wide",
                   initial_sidebar_state="collapsed" if st.context.is_embedded else "auto")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page("pages/agreements.py", title="Agreements", icon=":material/handshake:", url_path="agreements"),
    st.Page("pages/export_controls.py", title="Export controls", icon=":material/block:", url_path="export_controls"),
    st.Page("pages/trade.py", title="Trade", icon=":material/local_shipping:", url_path="trade"),
    st.Page("pages/dependencies.py", title="Dependencies", icon=":material/hub:", url_path="dependencies"),
    st.Page("pages/scenarios.py", title="Scenarios", icon=":material/tune:", url_path="scenarios"),
    st.Page("pages/changes.py", title="What changed", icon=":material/history:", url_path="changes"),
    st.Page("pages/sources.py", title="Sources and methods", icon=":material/menu_book:", url_path="sources"),
]

page = st.navigation(PAGES)
data = dataset_for_link()  # the current data, or the release a link pins; cached per directory and file stamps
start_run(data, page.url_path or "overview")
shared_controls(data)
page.run()
finish_run(data, page.title)
