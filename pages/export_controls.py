"""Export controls: the lifecycle of every measure, and what was in force on the as-of date."""
import streamlit as st

from lib.app import chart_panel, controls, frame, tables
from lib.app.fragments import page_fragment
from lib.data.labels import names
from lib.markdown import escape_markdown
from lib.topics.export_controls import STATE_LABELS
from lib.views.export_controls import event_states, live_view, timeline_chart

data = frame.open_page("China's export controls", "What has China announced, put in force, suspended or let expire "
                       "on critical minerals since 2010, and what was in force on a given date?")

if frame.table_problems(data, "export_controls", "minerals"):
    events = data.table("export_controls")
    minerals = data.table("minerals")
    as_of, horizon = controls.control_values()["as_of"], data.manifest.horizon
    mineral_names = names(minerals, "mineral_id")

    @page_fragment
    def measures_in_view() -> None:
        """Filters, timeline and what was live; a filter change reruns only this part."""
        with st.container(border=True):
            cols = st.columns([3, 3, 3, 2])
            chosen_minerals = controls.multi("ec_mineral", container=cols[0], labels=mineral_names)
            measures = controls.multi("ec_measure", container=cols[1],
                                labels={m: m.replace("_", " ") for m in controls.catalogue()["ec_measure"].choices})
            targets = controls.multi("ec_target", container=cols[2],
                               labels={t: t.replace("_", " ") for t in controls.catalogue()["ec_target"].choices})
            period = controls.select("ec_period", container=cols[3],
                               labels={"since_2023": "Since 2023", "all": "All, since 2010"})
            st.caption("A mineral filter also finds measures on the groups that contain it (REE, HREE) and on all "
                       "dual-use items. The as-of date is in the sidebar.")
        if horizon and as_of > horizon:
            st.warning(f"{as_of} is after the data horizon ({horizon}). Measures live at the horizon are shown as "
                       "'unknown', not as in force: the sources read say nothing about what happened later.",
                       icon=":material/schedule:")
        filters = (tuple(chosen_minerals), tuple(measures), tuple(targets))
        chart_panel.show_chart(timeline_chart(data, *filters, as_of, period))

        st.subheader(f"What was live on {as_of}?")
        live_chart, listing = live_view(data, *filters, as_of)
        chart_panel.show_chart(live_chart)
        if not listing.empty:
            tables.small_table(listing[["title", "state", "suspended_by", "mineral_ids", "target_type", "target_countries",
                                    "date_effective", "source_url"]],
                           headers={"state": "state on the date", "suspended_by": "suspended by",
                                    "mineral_ids": "minerals", "target_type": "target", "target_countries": "countries",
                                    "date_effective": "in force from", "source_url": "source"})

    @page_fragment
    def event_detail() -> None:
        st.subheader("Event detail")
        chosen = controls.select("ec_sel", labels=names(events, "event_id", "title"))
        row = events[events["event_id"] == chosen].iloc[0]
        state = event_states(data, as_of).loc[chosen]
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(row['title'])}** — {STATE_LABELS[state['state']]} on {as_of}")
            st.markdown(escape_markdown(row["summary"]))
            facts = {"Issued by": row["issuing_body"], "Instrument": row["instrument"],
                     "Announced": row["date_announced"], "In force from": row["date_effective"],
                     "Ended / suspended until": row["date_ended"], "How it ended": row["end_note"],
                     "Items": row["items_detail"], "Minerals": row["mineral_ids"], "Stages": row["stages"],
                     "Measure": row["measure_type"], "Target": f"{row['target_type']} {row['target_countries'] or ''}",
                     "Suspends": row["suspends"], "Suspended by (on the date)": state["suspended_by"],
                     "Supersedes": row["supersedes"],
                     "Confidence": f"{row['confidence']} — {row['confidence_note'] or ''}",
                     "Conflicting sources": row["conflict_note"]}
            tables.fact_list(facts)
            chart_panel.source_note([(row["source_name"], row["source_url"])], modelled=False)

    measures_in_view()
    event_detail()
