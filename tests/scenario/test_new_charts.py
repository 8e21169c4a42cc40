"""The two chart builders added for the v2 model draw the model's own numbers."""
from __future__ import annotations

import pytest

from lib.charts import scenario as charts
from lib.scenario.inputs import Overrides
from lib.views.scenarios import scenario_for

SOURCES = (("IEA", "https://www.iea.org/"),)


@pytest.fixture(scope="module")
def upper_bound(dataset):
    return scenario_for(dataset, Overrides(preset="every_allied"))


def test_effect_split_bars_add_up_to_the_total_change(upper_bound):
    effect = upper_bound.effect[upper_bound.effect["chain_id"] == "dytb_oxide"]
    lost = upper_bound.redirected_from[upper_bound.redirected_from["chain_id"] == "dytb_oxide"]
    chart = charts.framework_effect_split(effect, lost, "USA", "Dy/Tb", "Every allied project", "ctx", SOURCES)
    data = chart.data
    assert (data["new_points"] + data["redirected_points"]).to_numpy() == pytest.approx(data["total_points"].to_numpy())
    assert (data["redirected_from_other_buyers_t"] >= data["redirected_t"] - 1e-9).all()
    assert "redirected from other buyers" in chart.title


def test_effect_split_says_so_when_there_is_no_effect(dataset):
    result = scenario_for(dataset, Overrides(preset="delivered"))
    chart = charts.framework_effect_split(result.effect[result.effect["chain_id"] == "ndpr_oxide"],
                                          result.redirected_from[result.redirected_from["chain_id"] == "ndpr_oxide"],
                                          "JPN", "NdPr", "As delivered so far", "ctx", SOURCES)
    assert "No framework effect" in chart.alt


def test_market_balance_stacks_to_world_demand(upper_bound):
    world = upper_bound.world[upper_bound.world["chain_id"] == "ndpr_oxide"]
    chart = charts.world_market_balance(world, "NdPr", "t/yr oxide", "off", "ctx", SOURCES)
    data = chart.data
    stacked = data["listed_non_china_t"] + data["unlisted_non_china_t"] + data["china_t"]
    assert stacked.to_numpy() == pytest.approx((data["world_demand_t"] + data["surplus_t"]).to_numpy())
