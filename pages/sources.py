"""Sources and methods: schema, row counts, sources and confidence mix, validation status, methodology."""
from pathlib import Path

import streamlit as st

from lib.app import controls, frame, tables
from lib.data.catalogue import column_catalogue, table_overview
from lib.data.schema import TABLES
from lib.exports import table_csv
from lib.markdown import escape_markdown

MAX_GRID_ROWS = 1_000  # a table of your own can be large; the grid shows its start, the download all of it

data = frame.open_page("Sources and methods", "Where every number comes from, how sure we are of it, what the "
                       "tables contain and what this dashboard cannot tell you.")

manifest = data.manifest
st.markdown(f"**Data version** {escape_markdown(manifest.version)} · **sources current to** "
            f"{manifest.horizon or 'unknown'} · **data directory** {escape_markdown(data.shown_dir)}")
if manifest.horizon_note:
    st.caption(escape_markdown(manifest.horizon_note))

st.subheader("Tables")
tables.small_table(table_overview(data))
frame.table_problems(data, *TABLES, all_warnings=True)
for problem in data.warnings("manifest"):
    st.warning(escape_markdown(problem), icon=":material/warning:")

st.subheader("One table in full")
chosen = controls.select("src_table")
table = TABLES[chosen]
st.caption(escape_markdown(table.description))
tables.small_table(column_catalogue(table))
rows = data.table(chosen)
if rows is not None:
    shown = rows.head(MAX_GRID_ROWS)
    st.dataframe(shown, hide_index=True, column_config=tables.grid_columns(shown))
    if len(rows) > MAX_GRID_ROWS:
        st.caption(f"The first {MAX_GRID_ROWS:,} of {len(rows):,} rows; the download holds every row.")
    st.download_button(f"Download {chosen}.csv", data=lambda table=rows: table_csv(table),
                       file_name=f"{chosen}_{manifest.version}.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:", help="Every row; cells that would start a spreadsheet formula "
                                                        "begin with a quote.")

st.subheader("Methodology")
methodology = Path(__file__).resolve().parent.parent / "docs" / "methodology.md"
st.markdown(methodology.read_text(encoding="utf-8"))
