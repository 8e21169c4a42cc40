"""Invariants the model enforces: importers' demand within world demand, allocations at most 1, shares in
0–1, HHI at most 10,000, and no lever ever making any importer worse off for inputs the UI allows."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.scenario.inputs import Overrides, build_model_inputs
from lib.scenario.model import (IMPORTERS, LEVER_NAMES, ModelInputError, _run_all_chains, check_inputs,
                                run_scenario)
from lib.scenario.presets import PRESET_IDS
from tests.scenario.test_model import chain, inputs


def test_importer_demand_above_world_demand_is_refused_with_the_values():
    """US 600 + Japan 500 = 1,100 t against a world of 1,000 t in the base year."""
    with pytest.raises(ModelInputError, match=r"US and Japan demand \(1,100 t\) exceeds world demand \(1,000 t\) in 2024"):
        run_scenario(inputs([chain(usa=(600.0, 0.5, 0.0), jpn=(500.0, 0.5, 0.0), world=(1000.0, 0.9, 0.0))]))


def test_importer_growth_that_overtakes_the_world_is_refused_in_the_year_it_happens():
    """US 400 growing 50%/yr, Japan 100 flat, world 1,000 flat: 2024 500, 2025 700, 2026 1,000, 2027 1,450 t."""
    model = inputs([chain(usa=(400.0, 0.5, 0.5), jpn=(100.0, 0.5, 0.0), world=(1000.0, 0.9, 0.0))], end_year=2028)
    with pytest.raises(ModelInputError, match="in 2027"):
        check_inputs(model)


def _ui_params(dataset):
    table = dataset.table("scenario_assumptions")
    rows = table[table["lever"] != "shock"]
    return [(r.param_id, float(r.ui_min), float(r.ui_max)) for r in rows.itertuples()]


@st.composite
def ui_inputs(draw, dataset):
    """Model inputs the UI can produce: any preset, up to eight assumption values anywhere in their UI range."""
    changed = draw(st.lists(st.sampled_from(_ui_params(dataset)), max_size=8, unique_by=lambda p: p[0]))
    values = tuple(sorted((pid, draw(st.floats(lo, hi, allow_nan=False))) for pid, lo, hi in changed))
    overrides = Overrides(params=values, preset=draw(st.sampled_from(PRESET_IDS)),
                          shock_chain=draw(st.sampled_from(list(dataset.table("chains")["chain_id"]))),
                          shock_fraction=draw(st.floats(0.0, 1.0)), shock_months=draw(st.floats(1.0, 24.0)))
    return build_model_inputs(dataset.table("chains"), dataset.table("supply_projects"),
                              dataset.table("scenario_assumptions"), dataset.table("dependency_shares"), overrides,
                              dataset.manifest.base_year, dataset.manifest.end_year)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_switching_any_lever_on_never_makes_any_importer_worse(dataset, data):
    model = data.draw(ui_inputs(dataset))
    try:
        check_inputs(model)
    except ModelInputError:
        return  # refused with a message (see the tests above); nothing is drawn
    by_chain = {c.chain_id: [p for p in model.projects if p.chain_id == c.chain_id] for c in model.chains}
    without = data.draw(st.frozensets(st.sampled_from(LEVER_NAMES)))
    lever = data.draw(st.sampled_from(sorted(set(LEVER_NAMES) - without) or ["finance"]))
    before = _run_all_chains(model, by_chain, model.levers.only(without - {lever}))
    after = _run_all_chains(model, by_chain, model.levers.only(without | {lever}))
    for chain_id in before:
        for importer in (*IMPORTERS, "USA+JPN"):
            assert (after[chain_id].dependency[importer] <= before[chain_id].dependency[importer] + 1e-12).all()
        assert (after[chain_id].world_china_share <= before[chain_id].world_china_share + 1e-12).all()
    shock = model.shock.chain_id
    for importer in IMPORTERS:
        assert after[shock].shock[importer]["shortfall_t"] <= before[shock].shock[importer]["shortfall_t"] + 1e-9


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_allocations_shares_and_hhi_stay_in_bounds(dataset, data):
    model = data.draw(ui_inputs(dataset))
    try:
        check_inputs(model)
    except ModelInputError:
        return
    by_chain = {c.chain_id: [p for p in model.projects if p.chain_id == c.chain_id] for c in model.chains}
    for result in _run_all_chains(model, by_chain, model.levers).values():
        total = sum(result.allocation[i] for i in IMPORTERS)
        assert total.size == 0 or total.max() <= 1.0 + 1e-9
        assert all(((v >= 0) & (v <= 1)).all() for v in result.dependency.values())
        assert ((result.world_china_share >= 0) & (result.world_china_share <= 1)).all()
        assert (result.hhi <= 10_000.0 + 1e-6).all()
