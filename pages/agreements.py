"""Agreements: searchable table, timeline of signings, detail view, and the framework's milestone tracker."""
import streamlit as st

from lib.app import chart_panel, controls, frame, tables
from lib.app.fragments import page_fragment
from lib.data.labels import FRAMEWORK_ID, names
from lib.data.schema import CONFIDENCE_DISPLAY
from lib.markdown import escape_markdown
from lib.topics.agreements import MONEY_KIND_SHORT, AgreementFilters, money_in_words
from lib.views.agreements import agreements_view, milestones_view

data = frame.open_page("Agreements", "Which agreements on critical-mineral supply exist, between whom, covering what, "
                       "and has the US–Japan framework delivered on its dated commitments?")

if frame.table_problems(data, "agreements", "minerals"):
    table = data.table("agreements")
    minerals = names(data.table("minerals"), "mineral_id")

    @page_fragment
    def matching() -> None:
        """Filters, the table and the timeline; a filter change reruns only this part."""
        with st.container(border=True):
            top = st.columns([2, 1, 1, 1])
            query = controls.text("ag_q", container=top[0], placeholder="name, summary, party, instrument …")
            parties = controls.multi("ag_party", container=top[1])
            types = controls.multi("ag_type", container=top[2],
                             labels={t: t.replace("_", " ") for t in controls.catalogue()["ag_type"].choices})
            statuses = controls.multi("ag_status", container=top[3])
            low = st.columns([2, 1, 1])
            mineral_filter = controls.multi("ag_mineral", container=low[0], labels=minerals)
            year_from = controls.number("ag_from", container=low[1], step=1)
            year_to = controls.number("ag_to", container=low[2], step=1)
        filters = AgreementFilters(query, tuple(parties), tuple(types), tuple(mineral_filter), tuple(statuses),
                                   int(year_from), int(year_to))
        shown, timeline = agreements_view(data, filters)
        st.caption(f"{len(shown)} of {len(table)} agreements match.")
        if shown.empty:
            st.info("No agreement matches these filters. Clear a filter or widen the years to see more.")
        else:
            columns = ["date_signed", "name", "parties", "agreement_type", "status", "mineral_ids", "instruments",
                       "money_amount", "money_currency", "money_kind", "confidence", "source_url"]
            # Only committed money is called committed: the kind of every figure sits next to it, in words.
            shown = shown.assign(money_kind=shown["money_kind"].map(MONEY_KIND_SHORT),
                                 confidence=shown["confidence"].map(CONFIDENCE_DISPLAY))
            st.dataframe(shown[columns], hide_index=True, column_config={
                "date_signed": st.column_config.DateColumn("Signed"),
                "money_amount": st.column_config.NumberColumn("Money", format="%,.0f"),
                "money_kind": st.column_config.TextColumn("Kind of money"),
                "source_url": st.column_config.LinkColumn("Source", display_text="open source",
                                                          validate=r"^https?://")})
        chart_panel.show_chart(timeline)

    @page_fragment
    def detail() -> None:
        st.subheader("Detail")
        chosen = controls.select("ag_sel", labels={k: v[:90] for k, v in names(table, "agreement_id").items()})
        row = table[table["agreement_id"] == chosen].iloc[0]
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(row['name'])}**")
            st.markdown(escape_markdown(row["summary"]))
            facts = {"Parties": row["parties"], "Signed": row["date_signed"].date(), "Type": row["agreement_type"],
                     "Binding": row["binding"], "Minerals": row["mineral_ids"], "Stages": row["stages"],
                     "Instruments": row["instruments"],
                     "Money": money_in_words(row["money_amount"], row["money_currency"], row["money_kind"]),
                     "What the money covers": row["money_refers_to"],
                     "Status": f"{row['status']} (as of {row['status_date'].date()})",
                     "Status note": row["status_note"],
                     "Confidence": f"{CONFIDENCE_DISPLAY[row['confidence']]} — {row['confidence_note'] or ''}",
                     "Conflicting sources": row["conflict_note"]}
            tables.fact_list(facts)
            chart_panel.source_note([(row["source_name"], row["source_url"])], modelled=False)

    matching()
    detail()

if frame.table_problems(data, "agreement_milestones", "agreements"):
    as_of = controls.control_values()["as_of"]
    st.subheader("US–Japan framework: milestone tracker")
    tracker, chart = milestones_view(data, FRAMEWORK_ID, "US–Japan critical-minerals framework (2025)", as_of)
    chart_panel.show_chart(chart)
    tables.small_table(tracker[["commitment", "due", "due_date_basis", "timing", "status", "evidence", "source_url"]],
                       headers={"due_date_basis": "due date basis", "source_url": "source"})
    st.caption("'unknown' means no public evidence either way was found in the sources read — not that the "
               "commitment was missed.")
