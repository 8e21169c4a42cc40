"""Dependencies: world concentration by stage, national dependence on China, heatmap and map."""
import streamlit as st

from lib.app import ui
from lib.topics.dependencies import METRIC_LABELS, dependency_charts

PAGE = "dependencies"
data = ui.open_page("Dependencies", "Who produces each mineral at each stage, and how much do importers rely on China? "
                    "Volume and value figures are never mixed on one chart.")

if ui.table_problems(data, "dependency_shares", "minerals"):
    names = dict(zip(data.table("minerals")["mineral_id"], data.table("minerals")["name"]))

    @ui.section
    def by_mineral() -> None:
        """The selectors and every chart they drive; a change reruns only this part."""
        with st.container(border=True):
            cols = st.columns(4)
            mineral = ui.select("dp_mineral", container=cols[0], labels=names)
            stage = ui.select("dp_stage", container=cols[1])
            metric = ui.select("dp_metric", container=cols[2], labels=METRIC_LABELS)
            basis = ui.select("dp_basis", container=cols[3], help="Volume (tonnes) or value (money) shares; "
                              "the two are never combined.")
        concentration, world_map, map_basis, bars, heatmap = dependency_charts(data, mineral, stage, metric, basis)
        ui.show_chart(concentration, PAGE)
        left, right = st.columns([3, 2])
        with left:
            ui.show_chart(world_map, PAGE)
        with right:
            st.markdown("**Basis of each figure on the map**")
            ui.small_table(map_basis, percent_columns=("value",), headers={"value": "share"})
        ui.show_chart(bars, PAGE)
        ui.show_chart(heatmap, PAGE)

    by_mineral()
