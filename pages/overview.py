"""Overview: what the dashboard answers and the state of its data."""
import streamlit as st

from lib import ui

data = ui.dataset()
st.title("Critical-mineral exposure")
ui.horizon_caption(data)
st.write("Dependency of the United States and Japan on China for critical minerals, China's export controls, "
         "and what the 2025 US–Japan framework could change.")
ui.table_problems(data, *data.problems.keys())
