"""Sources and methods: schema, row counts, sources and confidence mix, validation status, methodology."""
from pathlib import Path

import streamlit as st

from lib.app import ui
from lib.data.schema import TABLES
from lib.data.catalogue import column_catalogue, table_overview

data = ui.open_page("Sources and methods", "Where every number comes from, how sure we are of it, what the "
                    "tables contain and what this dashboard cannot tell you.")

manifest = data.manifest
st.markdown(f"**Data version** {ui.escape_markdown(manifest.version)} · **sources current to** "
            f"{manifest.horizon or 'unknown'} · **data directory** {ui.escape_markdown(data.data_dir)}")
if manifest.horizon_note:
    st.caption(ui.escape_markdown(manifest.horizon_note))

st.subheader("Tables")
ui.small_table(table_overview(data))
ui.table_problems(data, *TABLES)
for problem in data.warnings("manifest"):
    st.warning(ui.escape_markdown(problem), icon=":material/warning:")

st.subheader("One table in full")
chosen = ui.select("src_table")
table = TABLES[chosen]
st.caption(ui.escape_markdown(table.description))
ui.small_table(column_catalogue(table))
if data.table(chosen) is not None:
    frame = data.table(chosen)
    st.dataframe(frame, hide_index=True, column_config=ui.link_columns(frame))
    st.download_button(f"Download {chosen}.csv", data=lambda f=frame: f.to_csv(index=False).encode("utf-8"),
                       file_name=f"{chosen}_{manifest.version}.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:")

st.subheader("Methodology")
methodology = Path(__file__).resolve().parent.parent / "docs" / "methodology.md"
st.markdown(methodology.read_text(encoding="utf-8"))
