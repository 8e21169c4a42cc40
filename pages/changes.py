"""What changed: every kept data release's added, changed and removed rows, and what falls due soon."""
import streamlit as st

from lib.app import controls, frame, tables
from lib.data.feed import ATOM_FILE, JSON_FILE
from lib.data.load import data_dir_from_env
from lib.markdown import escape_markdown
from lib.views.changes import WATCH_DAYS, release_history, watch_view

data = frame.open_page("What changed", "What changed in the data from one release to the next, row by row with "
                       "sources, and which commitments and scheduled suspension ends fall due soon or have passed?")

st.subheader("Data releases")
st.caption(f"Also as a feed: [Atom](app/static/{ATOM_FILE}) · [JSON](app/static/{JSON_FILE}). A link carries its "
           "data version, and opens that release's figures as long as the release is kept.")
history = release_history(data_dir_from_env())
if not history:
    st.info("No releases are kept with this data directory (run `python -m lib.data.build` to keep one).")
for release, changes in history:
    shown = " (shown now)" if release.version == data.manifest.version else ""
    st.markdown(f"**Version {escape_markdown(release.version)}** · released {release.released} · sources current "
                f"to {release.horizon}{shown}")
    if release.previous is None:
        st.caption("The first release kept: the comparison starts here.")
        continue
    counts = release.counts
    st.caption(f"Against version {escape_markdown(release.previous)}: {counts.get('added', 0)} rows added, "
               f"{counts.get('changed', 0)} changed, {counts.get('removed', 0)} removed.")
    if not changes.empty:
        tables.small_table(changes, headers={"source_name": "source", "source_url": "link"})

as_of = controls.control_values()["as_of"]
st.subheader("Due soon or overdue")
st.caption(f"Milestones and scheduled suspension ends due within {WATCH_DAYS} days after the as-of date "
           f"({as_of}), and those whose date passed without evidence of being met or of what followed.")
watch = watch_view(data, as_of)
if watch.empty:
    st.info("Nothing falls due in that window and nothing is overdue on this as-of date.")
else:
    tables.small_table(watch, headers={"due": "due date", "source_name": "source", "source_url": "link"})
