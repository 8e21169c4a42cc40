"""The Dependencies page's model: its charts and the map's basis table for one choice of controls."""
from __future__ import annotations

from lib.charts import dependencies as charts
from lib.data.labels import names
from lib.data.load import Dataset
from lib.data.schema import CONFIDENCE_DISPLAY
from lib.topics.dependencies import dependence_matrix, national_dependence, share_in_words, world_shares
from lib.views import page_model


@page_model(maxsize=64)
def dependency_charts(data: Dataset, mineral: str, stage: str, metric: str, basis: str) -> tuple:
    shares = data.table("dependency_shares")
    name = names(data.table("minerals"), "mineral_id").get(mineral, mineral)
    context = f"Latest reported year per series · {basis} basis · projections excluded"
    world = world_shares(shares, mineral, None, basis)
    at_stage = world[world["stage"] == stage]
    dependence = national_dependence(shares, metric, basis)
    return (charts.concentration_by_stage(world, name, basis, context),
            charts.production_map(at_stage, name, stage, context),
            map_basis(at_stage),
            charts.dependence_bars(dependence, metric, basis, context),
            charts.dependence_heatmap(dependence_matrix(dependence), metric, basis, context))


def map_basis(at_stage):
    """The map's figures as their sources state them ('≥90%' for a lower bound), with year, basis and label."""
    shares = [share_in_words(v, b, 1) for v, b in zip(at_stage["value"], at_stage["bound"])]
    table = at_stage.assign(share=shares, confidence=at_stage["confidence"].map(CONFIDENCE_DISPLAY))
    return table[["country", "share", "year", "basis_detail", "confidence"]]
