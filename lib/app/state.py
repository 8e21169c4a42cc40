"""What one session's runs share, kept as one object under one session-state key.

The link is decoded once per session; the rest is reset at the start of every full run. Downloads run
after the script, when a button is clicked, so they read the charts and the view from this object,
which fragment reruns update in place.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from lib.data.load import Dataset
from lib.exports import ViewContext
from lib.links.controls import ControlSpec

RUN_KEY = "_run"


@dataclass
class RunState:
    link_decoded: bool = False
    link_notices: tuple = ()
    link_version: str | None = None
    release: str | None = None  # the earlier data version a link pinned for the reader's session (None: current data)
    data: Dataset | None = None
    catalogue: dict[str, ControlSpec] = field(default_factory=dict)
    page: str = ""
    routed: bool = False  # True while the router's full run is under way
    charts: list = field(default_factory=list)  # (fragment name or None, Chart) in page order
    pending: dict = field(default_factory=dict)  # fragment name -> charts it is drawing now
    fragment: str | None = None  # the fragment drawing now, if any
    view: ViewContext | None = None
    summary: str = ""
    figures: list = field(default_factory=list)  # (label, value) headline figures for the briefing
    stamp: list | None = None  # the lines under every chart's sources in this run (a link encode per chart: ~0.6 ms)


def run_state() -> RunState:
    state = st.session_state.get(RUN_KEY)
    if state is None:
        state = st.session_state[RUN_KEY] = RunState()
    return state


def use_router_navigation() -> None:
    """With a folder named pages/, Streamlit starts in its legacy multipage mode and serves /<page> by running
    that file alone until st.navigation has run once. This clears the flag as st.navigation does."""
    from streamlit.runtime.pages_manager import PagesManager
    PagesManager.uses_pages_directory = False


def require_router() -> None:
    """Run app.py's router first, whatever URL the first visitor opens."""
    if run_state().routed:
        return
    use_router_navigation()
    st.rerun()
