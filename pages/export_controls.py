"""Export controls: the lifecycle of every measure, and what was in force on the as-of date."""
import datetime as dt

import pandas as pd
import streamlit as st

from lib.app import chart_panel, controls, frame, tables
from lib.app.fragments import page_fragment
from lib.data.labels import names
from lib.data.schema import CONFIDENCE_DISPLAY
from lib.markdown import escape_markdown
from lib.topics.export_controls import cliff_sentence, live_summary
from lib.views.export_controls import cliffs, event_states, live_view, timeline_chart

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
            passed_suspension_ends()
        filters = (tuple(chosen_minerals), tuple(measures), tuple(targets))
        chart_panel.show_chart(timeline_chart(data, *filters, as_of, period, dt.date.today()))

        st.subheader(f"What was live on {as_of}?")
        live_chart, listing = live_view(data, *filters, as_of)
        chart_panel.set_summary(live_summary(listing, as_of, horizon))
        chart_panel.show_chart(live_chart)
        if not listing.empty:
            listing = listing.assign(confidence=listing["confidence"].map(CONFIDENCE_DISPLAY))
            tables.small_table(listing[["title", "label", "suspended_by", "mineral_ids", "target_type",
                                        "target_countries", "date_effective", "confidence", "source_url"]],
                               headers={"label": "state on the date", "suspended_by": "suspended by",
                                        "mineral_ids": "minerals", "target_type": "target",
                                        "target_countries": "countries", "date_effective": "in force from",
                                        "source_url": "source"})

    def passed_suspension_ends() -> None:
        """The cliffs said plainly: every suspension whose scheduled end lies between the horizon and the date."""
        passed = cliffs(data, as_of)
        if passed.empty:
            return
        st.warning(escape_markdown(cliff_sentence(passed)), icon=":material/event_busy:")
        rows = passed.assign(scheduled_end=passed["scheduled_end"].dt.date,
                             measure_titles=passed["measure_titles"].map("; ".join),
                             suspensions=passed["suspensions"].map("; ".join))
        tables.small_table(rows[["scheduled_end", "measures", "measure_titles", "suspensions"]],
                           headers={"scheduled_end": "suspension scheduled to end", "measures": "measures",
                                    "measure_titles": "measures it suspended", "suspensions": "suspended by"})

    @page_fragment
    def event_detail() -> None:
        st.subheader("Event detail")
        chosen = controls.select("ec_sel", labels=names(events, "event_id", "title"))
        row = events[events["event_id"] == chosen].iloc[0]
        state = event_states(data, as_of).loc[chosen]
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(row['title'])}** — {escape_markdown(state['label'])} on {as_of}")
            st.markdown(escape_markdown(row["summary"]))
            facts = {"Issued by": row["issuing_body"], "Instrument": row["instrument"],
                     "Announced": row["date_announced"], "In force from": row["date_effective"],
                     "Ended / suspended until": row["date_ended"], "How it ended": row["end_note"],
                     "Items": row["items_detail"], "Minerals": row["mineral_ids"], "Stages": row["stages"],
                     "Measure": row["measure_type"], "Target": f"{row['target_type']} {row['target_countries'] or ''}",
                     "Suspends": row["suspends"], "Suspended by (on the date)": state["suspended_by"],
                     "Suspension scheduled to end": scheduled_end_in_words(state["scheduled_end"], as_of),
                     "Supersedes": row["supersedes"],
                     "Confidence": f"{CONFIDENCE_DISPLAY[row['confidence']]} — {row['confidence_note'] or ''}",
                     "Conflicting sources": row["conflict_note"]}
            tables.fact_list(facts)
            chart_panel.source_note([(row["source_name"], row["source_url"])], modelled=False)

    def scheduled_end_in_words(end, day: dt.date) -> str | None:
        if pd.isna(end):
            return None
        end = pd.Timestamp(end).date()
        return f"{end} — passed; what followed is not in the data" if end <= day else f"{end} (not yet reached)"

    measures_in_view()
    event_detail()
