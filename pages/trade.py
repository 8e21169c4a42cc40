"""Trade: China's monthly exports of the chosen chain's goods by destination, on the export-control timeline."""
import streamlit as st

from lib.app import chart_panel, controls, frame, tables
from lib.app.fragments import page_fragment
from lib.data.labels import parties_in_words
from lib.markdown import escape_markdown
from lib.views.trade import TRADE_TABLES, bite_line, trade_view

data = frame.open_page("Trade: did the controls bite?", "What happened to China's reported monthly exports of the "
                       "chain's goods, by destination, when export controls on them were announced, took effect or "
                       "were suspended?")

if frame.table_problems(data, *TRADE_TABLES):

    @page_fragment
    def flows() -> None:
        """The chain's flows and the linked controls; the world-total switch reruns only this part."""
        chain_id, importer = st.session_state["chain"], st.session_state["importer"]
        as_of, horizon = st.session_state["as_of"], data.manifest.horizon
        chain_name = data.table("chains").set_index("chain_id").loc[chain_id, "name"]
        world = controls.toggle("tr_world", help="China's total to all destinations is much larger than any one "
                                "partner; switch it off to read the partner lines.")
        view = trade_view(data, chain_id, importer, as_of, world)
        if not view.has_flows:
            st.info(f"No monthly trade figures for {escape_markdown(chain_name)} in the data: no source read gives "
                    "China's monthly customs figures for these goods. Choose another supply chain in the sidebar.",
                    icon=":material/info:")
        chart_panel.show_chart(view.chart)
        if view.has_flows and view.gaps.last_month is not None:
            _gaps_note(view.gaps)
            if view.destinations_left_out:
                st.caption(f"{view.destinations_left_out} smaller destination(s) are not drawn; their figures are in "
                           "the list below.")
            if not view.has_importer_series:
                st.caption(f"No import series from the customs of {parties_in_words(importer)} for these goods in "
                           "the data; the lines are China's reported exports.")
            sentence, _ = bite_line(data, importer, chain_id, as_of)
            st.info(escape_markdown(sentence), icon=":material/insights:")
        st.subheader("Controls linked to these goods")
        if view.events.empty:
            st.caption("No export-control event is linked to these customs lines in the crosswalk.")
        else:
            tables.small_table(view.events, headers={"event_id": "event", "hs_code": "HS line",
                                                     "basis": "link rests on", "source_url": "source"})
        if view.has_flows:
            with st.expander(f"Every monthly figure for {chain_name} ({len(view.listing)})"):
                tables.small_table(view.listing, headers={"confidence_note": "how derived / note",
                                                          "source_url": "source"})

    def _gaps_note(gaps) -> None:
        last = f"{gaps.last_month:%Y-%m}"
        parts = [f"Latest month in the data up to the as-of date: {last}."]
        if gaps.not_in_data:
            parts.append(f"{len(gaps.not_in_data)} later month(s) up to {gaps.not_in_data[-1]:%Y-%m} were released "
                         "by the data horizon but no source read gives them: missing, not zero.")
        if gaps.not_yet_reported:
            parts.append(f"Not yet reported: {gaps.not_yet_reported[0]:%Y-%m} to {gaps.not_yet_reported[-1]:%Y-%m} "
                         "(China's customs publishes a month's country detail about 20 days after it ends, and the "
                         "sources read stop at the data horizon).")
        st.caption(" ".join(parts))

    flows()
