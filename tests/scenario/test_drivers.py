"""The tornado of drivers: its ranking against a brute-force sweep through the whole model."""
from __future__ import annotations

import numpy as np
import pytest

from lib.scenario.inputs import Overrides
from lib.scenario.model import ModelInputError, run_scenario
from lib.views.scenarios import driver_swings, drivers_for, model_inputs

CASE = ("USA", "dytb_oxide", 2030)  # a chain where the framework moves US dependency in 2030 (about -8 points)


def effect_by_run_scenario(dataset, params, importer, chain_id, year) -> float:
    """The framework effect read off the full model's paths (not the tornado's own per-chain shortcut)."""
    paths = run_scenario(model_inputs(dataset, Overrides(params=params))).paths
    rows = paths[(paths["importer"] == importer) & (paths["chain_id"] == chain_id) & (paths["year"] == year)]
    by_state = dict(zip(rows["state"], rows["dependency"]))
    return by_state["on"] - by_state["off"]


def test_largest_bar_is_the_assumption_that_moves_the_effect_most_by_brute_force(dataset):
    """Sweep every assumption over five points of its range through run_scenario; the tornado's first row is
    the assumption whose sweep spans the widest range of effects, and its end-point effects match."""
    importer, chain_id, year = CASE
    table = drivers_for(dataset, Overrides(), importer, chain_id, year)
    spans, rejected = {}, set()
    for swing in driver_swings(dataset, chain_id):
        try:
            effects = [effect_by_run_scenario(dataset, ((swing.param_id, float(v)),), importer, chain_id, year)
                       for v in np.linspace(swing.low, swing.high, 5)]
        except ModelInputError:  # a range the model cannot take in full: the tornado reports it, unranked
            rejected.add(swing.param_id)
            continue
        spans[swing.param_id] = (max(effects) - min(effects), effects[0], effects[-1])
    assert set(table.loc[table["problem"] != "", "param_id"]) == rejected
    widest = max(spans, key=lambda p: spans[p][0])
    top = table.iloc[0]
    assert top["param_id"] == widest
    assert top["effect_low"] == pytest.approx(spans[widest][1], abs=1e-12)
    assert top["effect_high"] == pytest.approx(spans[widest][2], abs=1e-12)
    assert table["effect_base"].iloc[0] == pytest.approx(effect_by_run_scenario(dataset, (), *CASE), abs=1e-12)


def test_swings_are_ranked_largest_first_and_span_the_control_ranges(dataset):
    table = drivers_for(dataset, Overrides(), *CASE)
    swings = table["swing"].dropna().to_numpy()
    assert (np.diff(swings) <= 0).all()
    assert np.allclose(swings, (table["effect_high"] - table["effect_low"]).abs().dropna())
    assert not table["param_id"].isin(["start_slip_max_years", "demand_growth_spread"]).any()
    assert set(table["param_id"]) == {s.param_id for s in driver_swings(dataset, CASE[1])}
