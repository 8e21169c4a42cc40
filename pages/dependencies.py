"""Dependencies: world concentration by stage, national dependence on China, heatmap and map."""
import streamlit as st

from lib.app import chart_panel, controls, frame, tables
from lib.app.fragments import page_fragment
from lib.data.labels import names
from lib.topics.dependencies import METRIC_LABELS
from lib.views.dependencies import dependency_charts

data = frame.open_page("Dependencies", "Who produces each mineral at each stage, and how much do importers rely on China? "
                       "Volume and value figures are never mixed on one chart.")

if frame.table_problems(data, "dependency_shares", "minerals"):
    mineral_names = names(data.table("minerals"), "mineral_id")

    @page_fragment
    def by_mineral() -> None:
        """The selectors and every chart they drive; a change reruns only this part."""
        with st.container(border=True):
            cols = st.columns(4)
            mineral = controls.select("dp_mineral", container=cols[0], labels=mineral_names)
            stage = controls.select("dp_stage", container=cols[1])
            metric = controls.select("dp_metric", container=cols[2], labels=METRIC_LABELS)
            basis = controls.select("dp_basis", container=cols[3], help="Volume (tonnes) or value (money) shares; "
                              "the two are never combined.")
        concentration, world_map, map_basis, bars, heatmap = dependency_charts(data, mineral, stage, metric, basis)
        chart_panel.show_chart(concentration)
        left, right = st.columns([3, 2])
        with left:
            chart_panel.show_chart(world_map)
        with right:
            st.markdown("**Basis of each figure on the map**")
            tables.small_table(map_basis)
        chart_panel.show_chart(bars)
        chart_panel.show_chart(heatmap)

    by_mineral()
