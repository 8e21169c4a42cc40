"""Sources and methods: schema, row counts, sources and confidence mix, validation status, methodology."""
from pathlib import Path

import pandas as pd
import streamlit as st

from lib import ui
from lib.schema import TABLES

data = ui.open_page("Sources and methods", "Where every number comes from, how sure we are of it, what the "
                    "tables contain and what this dashboard cannot tell you.")

manifest = data.manifest
st.markdown(f"**Data version** {ui.escape_markdown(manifest.version)} · **sources current to** "
            f"{manifest.horizon or 'unknown'} · **data directory** `{ui.escape_markdown(data.data_dir)}`")
if manifest.horizon_note:
    st.caption(ui.escape_markdown(manifest.horizon_note))

overview = []
for name, table in TABLES.items():
    frame = data.table(name)
    errors, warnings = data.errors(name), data.warnings(name)
    mix = frame["confidence"].value_counts().to_dict() if frame is not None else {}
    overview.append({"table": name, "rows": 0 if frame is None else len(frame),
                     "validation": "unusable" if frame is None else ("warnings" if warnings else "valid"),
                     "problems": len(errors) + len(warnings),
                     **{label: mix.get(label, 0) for label in ("verified", "partly_verified", "derived", "assumption")},
                     "sources": 0 if frame is None else frame["source_url"].nunique()})
st.subheader("Tables")
st.dataframe(pd.DataFrame(overview), hide_index=True)
ui.table_problems(data, *TABLES)
for problem in data.warnings("manifest"):
    st.warning(ui.escape_markdown(problem), icon=":material/warning:")

st.subheader("One table in full")
chosen = ui.select("src_table")
table = TABLES[chosen]
st.caption(ui.escape_markdown(table.description))
st.dataframe(pd.DataFrame([{"column": c.name, "type": c.kind, "unit": c.unit, "required": c.required,
                            "allowed": ", ".join(c.allowed), "meaning": c.meaning} for c in table.columns]),
             hide_index=True)
if data.table(chosen) is not None:
    frame = data.table(chosen)
    st.dataframe(frame, hide_index=True, column_config=ui.link_columns(frame))
    st.download_button(f"Download {chosen}.csv", data=lambda f=frame: f.to_csv(index=False).encode("utf-8"),
                       file_name=f"{chosen}_{manifest.version}.csv", mime="text/csv", on_click="ignore",
                       icon=":material/download:")

st.subheader("Methodology")
methodology = Path(__file__).resolve().parent.parent / "docs" / "methodology.md"
st.markdown(methodology.read_text(encoding="utf-8"))
