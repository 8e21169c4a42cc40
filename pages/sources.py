"""Sources and methods: schema, row counts, sources and confidence mix, validation status, methodology."""
from pathlib import Path

import streamlit as st

from lib.app import controls, frame, tables
from lib.data.catalogue import column_catalogue, table_overview
from lib.data.schema import TABLES
from lib.markdown import escape_markdown

data = frame.open_page("Sources and methods", "Where every number comes from, how sure we are of it, what the "
                       "tables contain and what this dashboard cannot tell you.")

manifest = data.manifest
st.markdown(f"**Data version** {escape_markdown(manifest.version)} · **sources current to** "
            f"{manifest.horizon or 'unknown'} · **data directory** {escape_markdown(Path(data.data_dir).name)}")
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
if data.table(chosen) is not None:
    frame = data.table(chosen)
    st.dataframe(frame, hide_index=True, column_config=tables.grid_columns(frame))
    st.download_button(f"Download {chosen}.csv", data=lambda f=frame: f.to_csv(index=False).encode("utf-8"),
                       file_name=f"{chosen}_{manifest.version}.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:")

st.subheader("Methodology")
methodology = Path(__file__).resolve().parent.parent / "docs" / "methodology.md"
st.markdown(methodology.read_text(encoding="utf-8"))
