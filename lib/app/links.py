"""The link: the view's controls in the address bar, the share dialog, and the view context of exports.

The canonical state is st.session_state; the link is decoded once per session and the address bar is
rewritten after every run (docs/decisions.md, "Why the URL is written by hand").
"""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit

import streamlit as st

from lib.app.controls import catalogue, control_values
from lib.app.state import run_state
from lib.data import releases
from lib.data.load import Dataset, data_dir_from_env, load_dataset
from lib.exports import ViewContext, chart_stamp_lines
from lib.links import citation, codec
from lib.links.readable import readable_settings
from lib.links.controls import ALWAYS_IN_LINKS


def dataset_for_link() -> Dataset:
    """The data the reader's session shows: the release a link's `v=` names, pinned on the session's first run, or the
    current data. A version that is not kept opens the current data (the page then says so)."""
    state, current = run_state(), load_dataset()
    if not state.link_decoded:
        wanted = st.query_params.get(codec.VERSION_KEY)
        kept = releases.release_dir(data_dir_from_env(), wanted) if wanted else None
        state.release = wanted if kept is not None and wanted != current.manifest.version else None
    if state.release is None:
        return current
    return load_dataset(releases.release_dir(data_dir_from_env(), state.release))


def unpin_release() -> None:
    run_state().release = None


def decode_link_once() -> None:
    """On a session's first run, put the link's values into the session state and keep its notices."""
    state = run_state()
    if state.link_decoded:
        return
    query = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    decoded = codec.decode(query, state.catalogue)
    for key, value in decoded.values.items():
        st.session_state[key] = list(value) if isinstance(value, tuple) else value
    notices = decoded.notices + _dropped_link_notice(query)
    state.link_notices, state.link_version, state.link_decoded = notices, decoded.link_version, True


def _dropped_link_notice(query: dict) -> tuple[str, ...]:
    """Streamlit drops a whole query string of more than 1,000 parameters (or 512 KiB) without a word; say so."""
    address_query = urlsplit(st.context.url or "").query
    if address_query and not query:
        return ("The link was too long to read (more than 1,000 parameters); the view shows the defaults.",)
    return ()


def current_query(data: Dataset, values: dict) -> dict[str, str]:
    current = {k: (tuple(v) if isinstance(v, list) else v) for k, v in values.items()}
    return codec.encode(current, catalogue(), data.manifest.version, always=ALWAYS_IN_LINKS)


def view_link(data: Dataset, values: dict) -> str:
    query = urlencode(current_query(data, values))
    base = _page_url()
    return f"{base}?{query}" if base else f"?{query}"


def _page_url() -> str:
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.scheme in ("http", "https") else ""


def write_url(data: Dataset, values: dict) -> None:
    """Keep the address bar equal to the view, so copying it from the browser works too."""
    wanted = current_query(data, values)
    for reserved in codec.RESERVED_KEYS:
        if reserved in st.query_params:
            wanted[reserved] = st.query_params[reserved]
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def view_context(data: Dataset, page: str, values: dict) -> ViewContext:
    settings, assumptions = readable_settings(values, catalogue(), data)
    return ViewContext.now(page, view_link(data, values), data.manifest.version, data.manifest.horizon,
                           settings, released=data.manifest.released, assumptions=assumptions)


def chart_stamp(data: Dataset) -> list[str]:
    """The lines every chart carries under its sources, so a saved PNG says when, on what data and which view."""
    values = control_values()
    link = view_link(data, values)
    return chart_stamp_lines(str(values.get("as_of", "")), data.manifest.horizon, data.manifest.version,
                             data.manifest.released, link)


def sync_view(data: Dataset) -> None:
    """After a run or a fragment's rerun: the address bar and what the downloads export follow the view."""
    state, values = run_state(), control_values()
    state.view = view_context(data, state.page, values)
    write_url(data, values)


def cited_view(data: Dataset, page_title: str, charts) -> citation.CitedView:
    """What a citation of this view names: title, link, data version and date, horizon, today, producers."""
    sources = [source for chart in charts for source in chart.sources]
    return citation.CitedView(page_title, run_state().view.link, data.manifest.version, data.manifest.released,
                              data.manifest.horizon, dt.date.today(), citation.producers_of(sources))


@st.dialog("Cite this view", width="large")
def cite_dialog(view: citation.CitedView) -> None:
    st.caption("The link reopens this view with the same data version; the sources named are the producers of "
               "the data on this page. Copy a format with the button at its right.")
    for name, format_citation in citation.FORMATS.items():
        st.markdown(f"**{name}**")
        st.code(format_citation(view), language="latex" if name == "BibTeX" else None, wrap_lines=True)


@st.dialog("Share this view")
def share_dialog(link: str) -> None:
    st.code(link, language=None, wrap_lines=True)
    st.caption("Copy the link (button at its right) to reopen exactly this view. The address bar holds the "
               "same link.")
