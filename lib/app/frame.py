"""The frame of every page: title, question, data horizon, notices about the link, and table problems."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from lib.app.links import unpin_release
from lib.app.state import require_router, run_state
from lib.data import releases
from lib.data.load import Dataset, data_dir_from_env
from lib.markdown import escape_markdown
from lib.topics.freshness import horizon_line


def open_page(title: str, question: str) -> Dataset:
    """Every page starts here: route through app.py if needed, then the title, question and data horizon."""
    require_router()
    data = run_state().data
    st.title(title)
    st.caption(escape_markdown(question))
    horizon_caption(data)
    link_notices(data)
    return data


def horizon_caption(data: Dataset) -> None:
    """How old the data is relative to today, and its version: 'Sources current to 2026-07-24 · 128 days
    before today · data version …'."""
    manifest = data.manifest
    st.caption(f"{horizon_line(manifest.horizon, dt.date.today())} · data version {escape_markdown(manifest.version)}")


MAX_NOTICES = 10  # a hostile link with hundreds of bad parameters must not bury the page


def link_notices(data: Dataset) -> None:
    state = run_state()
    if state.link_notices:
        shown = [f"- {escape_markdown(n)}" for n in state.link_notices[:MAX_NOTICES]]
        more = len(state.link_notices) - MAX_NOTICES
        lines = "\n".join(shown + ([f"- and {more} more"] if more > 0 else []))
        st.warning(f"Some parts of the link could not be used; the view shows defaults for them:\n{lines}",
                   icon=":material/link_off:")
    if state.release is not None:
        pinned_banner(data)
    elif state.link_version and state.link_version != data.manifest.version:
        st.info(f"This link was made with data version {escape_markdown(state.link_version)}; the tables are now "
                f"version {escape_markdown(data.manifest.version)}. The view opens with the current data, so "
                "figures may differ from what the sender saw.", icon=":material/update:")


def pinned_banner(data: Dataset) -> None:
    """A link pinned an earlier release: say which, how much has changed since, and offer the current data."""
    index = releases.read_index(data_dir_from_env())
    since = releases.changed_since(index, data.manifest.version)
    released = data.manifest.released.isoformat() if data.manifest.released else "an earlier date"
    changed = f"{since} row{'s' if since != 1 else ''} changed since" if since is not None else "changes unknown"
    with st.container(horizontal=True, vertical_alignment="center", key="pinned_banner"):
        st.info(f"You are seeing the data of {released} (version {escape_markdown(data.manifest.version)}) · "
                f"{changed} · the What changed page lists them", icon=":material/history:")
        st.button("See current data", key="see_current", icon=":material/update:", on_click=unpin_release,
                  help="Open this view with the current data (the link then carries the current version).")


def table_problems(data: Dataset, *names: str, all_warnings: bool = False) -> bool:
    """Show what is wrong with the tables a section needs; True when every one of them is usable.

    Errors are shown in full. Warnings (the table is still used) are shown in full only where asked, on the
    Sources page; elsewhere one line counts them, so a page's answer is not buried under them."""
    missing = data.missing(*names)
    for problem in data.errors(*names):
        st.error(escape_markdown(problem), icon=":material/error:")
    warnings = data.warnings(*names)
    if all_warnings:
        for problem in warnings:
            st.warning(escape_markdown(problem), icon=":material/warning:")
    elif warnings:
        tables = sorted({problem.file for problem in warnings})
        st.caption(f":material/warning: {len(warnings)} data warning(s) in {escape_markdown(', '.join(tables))}: "
                   "the tables are used as they are; the Sources and methods page lists each one.")
    if missing:
        st.info("This section needs the table(s) " + ", ".join(missing) + ", which could not be used. Fix the "
                "file(s) named above and reload; `python -m lib.data.validate` runs the same checks.")
    return not missing
