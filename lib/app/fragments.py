"""Parts of a page that rerun on their own (st.fragment), and the page's list of charts.

The briefing and the downloads export the charts on screen, in page order. A fragment's rerun replaces
its own charts in that list, at their place, and brings the address bar and the export context in step.
"""
from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from lib.app.chart_panel import sources_and_downloads
from lib.app.links import sync_view
from lib.app.state import run_state


def page_fragment(body: Callable[[], None]) -> Callable[[], None]:
    """Make a part of a page a fragment: its own widgets rerun only it. Its charts' sources and downloads are
    drawn at its end, in one popover."""
    name = body.__qualname__

    @st.fragment
    @functools.wraps(body)
    def run() -> None:
        state = run_state()
        alone = not state.routed  # a rerun of this fragment only: the router did not run
        position = _forget_charts_of(name)
        state.fragment, state.stamp = name, None  # its widgets may have changed the view: a new stamp
        try:
            body()
            sources_and_downloads(state.pending[name])
        finally:
            state.fragment = None
        _place_charts_of(name, position)
        if alone:
            sync_view(state.data)
    return run


def _forget_charts_of(owner: str) -> int:
    """Drop the charts a fragment drew last time; return where they stood in the page's list."""
    state = run_state()
    positions = [i for i, (who, _) in enumerate(state.charts) if who == owner]
    state.charts[:] = [entry for entry in state.charts if entry[0] != owner]
    state.pending[owner] = []
    return positions[0] if positions else len(state.charts)


def _place_charts_of(owner: str, position: int) -> None:
    state = run_state()
    state.charts[position:position] = [(owner, chart) for chart in state.pending.pop(owner, [])]
