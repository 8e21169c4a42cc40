"""Shared UI pieces: the sidebar controls, the data-horizon line, problem notices, source notes.

The one module in lib/ that imports Streamlit. Everything here renders data-derived text as plain
text or escaped Markdown, never as HTML.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import streamlit as st

from lib.data_loading import Dataset, load_dataset
from lib.scenario_model import IMPORTERS, POOLED

IMPORTER_LABELS = {"USA": "United States", "JPN": "Japan", POOLED: "US and Japan together"}
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$])")


@dataclass(frozen=True)
class SharedControls:
    importer: str
    chain_id: str
    framework_on: bool
    as_of: dt.date


def escape_markdown(text: object) -> str:
    """Data text shown through Markdown-rendering elements without any of it acting as markup."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def dataset() -> Dataset:
    return load_dataset()


def shared_controls(data: Dataset) -> SharedControls:
    """Create the sidebar controls every page shares (called once per run, from app.py)."""
    chains = data.table("chains")
    chain_ids = list(chains["chain_id"]) if chains is not None else ["ndpr_oxide"]
    chain_names = dict(zip(chains["chain_id"], chains["name"])) if chains is not None else {}
    with st.sidebar:
        st.selectbox("Importer", (*IMPORTERS, POOLED), format_func=IMPORTER_LABELS.get, key="importer",
                     bind="query-params", help="Whose dependency on China the pages show.")
        st.selectbox("Supply chain", chain_ids, format_func=lambda c: chain_names.get(c, c), key="chain",
                     bind="query-params", help="Mineral chain for the scenario and overview charts.")
        st.toggle("US–Japan framework on", value=True, key="framework", bind="query-params",
                  help="Switch the 2025 US–Japan framework's levers on or off in the scenario model.")
        st.date_input("As of", value=default_as_of(), key="as_of", bind="query-params",
                      min_value=dt.date(2010, 1, 1), max_value=dt.date(2035, 12, 31),
                      help="Date for 'what is in force' and milestone status.")
    return current_controls()


def default_as_of() -> dt.date:
    return dt.date.today()


def current_controls() -> SharedControls:
    state = st.session_state
    return SharedControls(importer=state.get("importer", "USA"), chain_id=state.get("chain", "ndpr_oxide"),
                          framework_on=bool(state.get("framework", True)),
                          as_of=state.get("as_of") or default_as_of())


def horizon_caption(data: Dataset) -> None:
    manifest = data.manifest
    horizon = manifest.horizon.isoformat() if manifest.horizon else "unknown"
    st.caption(f"Sources current to {horizon} · data version {escape_markdown(manifest.version)}")


def table_problems(data: Dataset, *names: str) -> bool:
    """Show what is wrong with the tables a page needs; True when every one of them is usable."""
    missing = data.missing(*names)
    for problem in data.errors(*names):
        st.error(escape_markdown(problem), icon=":material/error:")
    for problem in data.warnings(*names):
        st.warning(escape_markdown(problem), icon=":material/warning:")
    if missing:
        st.info("This section needs the table(s) " + ", ".join(missing) + ", which could not be used. "
                "Fix the file(s) named above and reload; run `python -m lib.validate` to check.")
    return not missing
