"""Short tables and fact lists as escaped Markdown (text wraps, no data grid to load); longer tables in
the data grid with links that only open http(s) addresses."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.exports import header_in_words
from lib.markdown import fact_list_markdown, markdown_cells, markdown_table

# Above this many rows a table goes to the data grid, which scrolls in place.
MAX_MARKDOWN_ROWS = 40


def fact_list(facts: dict) -> None:
    """Label–value pairs as one Markdown list: long text wraps instead of being cut in a grid cell."""
    st.markdown(fact_list_markdown(facts))


def small_table(frame: pd.DataFrame, percent_columns: tuple[str, ...] = (), headers: dict | None = None) -> None:
    """A short table as a Markdown table (a cold load then needs neither the data grid nor the Arrow
    decoder); a longer one in the data grid. `headers` renames columns for display."""
    if len(frame) > MAX_MARKDOWN_ROWS:
        _grid(frame, percent_columns, headers or {})
        return
    st.markdown(markdown_table(markdown_cells(frame, percent_columns).rename(columns=headers or {})))


def _grid(frame: pd.DataFrame, percent_columns: tuple[str, ...], headers: dict) -> None:
    config = {column: st.column_config.Column(headers.get(column, column)) for column in frame.columns}
    config.update({column: {**setting, "label": headers.get(column, column)}
                   for column, setting in link_columns(frame).items()})
    config.update({column: st.column_config.NumberColumn(headers.get(column, column), format="percent")
                   for column in percent_columns})
    st.dataframe(frame, hide_index=True, column_config=config)


def grid_columns(frame: pd.DataFrame) -> dict:
    """Column settings for a data grid a reader looks at: headers in words, dates shown as dates (no
    00:00:00), source URLs as links."""
    config = {column: st.column_config.Column(header_in_words(column)) for column in frame.columns}
    config.update({column: st.column_config.DateColumn(header_in_words(column), format="YYYY-MM-DD")
                   for column in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[column])})
    config.update({column: st.column_config.LinkColumn(header_in_words(column), display_text="open source",
                                                       validate=r"^https?://")
                   for column in frame.columns if column.endswith("source_url")})
    return config


def link_columns(frame: pd.DataFrame) -> dict:
    """Source-URL columns as links reading 'open source', for http(s) addresses only."""
    return {column: st.column_config.LinkColumn(column, display_text="open source", validate=r"^https?://")
            for column in frame.columns if column.endswith("source_url")}
