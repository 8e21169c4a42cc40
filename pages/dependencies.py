"""Dependencies: world concentration by stage, national dependence on China, heatmap and map."""
import streamlit as st

from lib import ui
from lib.charts.dependencies import concentration_by_stage, dependence_bars, dependence_heatmap, production_map
from lib.dependency_queries import METRIC_LABELS, dependence_matrix, national_dependence, world_shares

PAGE = "dependencies"
data = ui.open_page("Dependencies", "Who produces each mineral at each stage, and how much do importers rely on China? "
                    "Volume and value figures are never mixed on one chart.")

if ui.table_problems(data, "dependency_shares", "minerals"):
    shares = data.table("dependency_shares")
    names = dict(zip(data.table("minerals")["mineral_id"], data.table("minerals")["name"]))
    with st.container(border=True):
        cols = st.columns(4)
        mineral = ui.select("dp_mineral", container=cols[0], labels=names)
        stage = ui.select("dp_stage", container=cols[1])
        metric = ui.select("dp_metric", container=cols[2], labels=METRIC_LABELS)
        basis = ui.select("dp_basis", container=cols[3], help="Volume (tonnes) or value (money) shares; "
                          "the two are never combined.")
    context = f"Latest reported year per series · {basis} basis · projections excluded"
    world = world_shares(shares, mineral, None, basis)
    ui.show_chart(concentration_by_stage(world, names.get(mineral, mineral), basis, context), PAGE)
    left, right = st.columns([3, 2])
    with left:
        at_stage = world[world["stage"] == stage]
        ui.show_chart(production_map(at_stage, names.get(mineral, mineral), stage, context), PAGE)
    with right:
        st.markdown("**Basis of each figure on the map**")
        st.dataframe(at_stage[["country", "value", "year", "basis_detail", "confidence"]], hide_index=True,
                     column_config={"value": st.column_config.NumberColumn("share", format="percent")})
    dependence = national_dependence(shares, metric, basis)
    ui.show_chart(dependence_bars(dependence, metric, basis, context), PAGE)
    ui.show_chart(dependence_heatmap(dependence_matrix(dependence), metric, basis, context), PAGE)
