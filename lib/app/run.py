"""The router's frame around every page: start a run (link, catalogue, page), finish it (address bar,
share link, briefing)."""
from __future__ import annotations

import streamlit as st

from lib import views
from lib.app.chart_panel import briefing_button
from lib.app.links import cite_dialog, cited_view, decode_link_once, share_dialog, sync_view
from lib.app.state import run_state
from lib.data.load import Dataset
from lib.links.controls import control_catalogue


def start_run(data: Dataset, page: str) -> None:
    """Called first on every full run: read the link once per session, then track this run's page."""
    views.forget_old_datasets(data)
    state = run_state()
    state.data, state.catalogue, state.page = data, control_catalogue(data), page
    decode_link_once()
    state.routed = True
    state.charts, state.pending, state.fragment, state.summary, state.figures = [], {}, None, "", []
    state.stamp = None


def finish_run(data: Dataset, page_title: str) -> None:
    """After the page: keep the URL in step, and offer the link and the briefing export in the sidebar."""
    state = run_state()
    state.routed = False
    sync_view(data)
    with st.sidebar:
        st.divider()
        if st.button("Share this view", icon=":material/link:", key="share", width="stretch",
                     help="The link that reopens exactly this view."):
            share_dialog(state.view.link)
        if st.button("Cite this view", icon=":material/format_quote:", key="cite", width="stretch",
                     help="APA, Chicago and BibTeX text naming this view, its data version and date, and the "
                          "sources to credit."):
            cite_dialog(cited_view(data, page_title, [chart for _, chart in state.charts]))
        briefing_button(page_title)
