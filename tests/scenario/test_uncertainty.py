"""The Monte Carlo: bands collapse onto the point path when nothing is uncertain, widen with uncertainty,
repeat exactly for a seed, and its probabilities match hand-computed cases."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from lib.data.load import load_dataset
from lib.scenario.inputs import Overrides, build_model_inputs
from lib.scenario.model import IMPORTERS, POOLED, Levers, Project, run_scenario
from lib.scenario.uncertainty import durably_below, run_uncertainty
from tests.scenario.test_model import chain, inputs


@pytest.fixture(scope="module")
def shipped():
    data = load_dataset()
    return build_model_inputs(data.table("chains"), data.table("supply_projects"), data.table("scenario_assumptions"),
                              data.table("dependency_shares"), Overrides(), data.manifest.base_year,
                              data.manifest.end_year)


def band(result, state, importer="USA", chain_id="test", metric="dependency") -> pd.DataFrame:
    b = result.bands
    return b[(b["metric"] == metric) & (b["state"] == state) & (b["importer"] == importer)
             & (b["chain_id"] == chain_id)].sort_values("year")


def test_certain_inputs_collapse_bands_onto_the_point_path(shipped):
    """Every probability 1, no slippage, no growth spread: every draw is the point path, so p10 = p50 = p90 = it,
    for every chain, importer and state, for dependency and China's world share."""
    certain = replace(shipped, delivery_probability={k: 1.0 for k in shipped.delivery_probability},
                      start_slip_max_years=0.0, demand_growth_spread=0.0)
    point, mc = run_scenario(certain), run_uncertainty(certain, draws=50)
    for c in certain.chains:
        for state in ("off", "on"):
            for importer in (*IMPORTERS, POOLED):
                p = point.paths
                expected = p[(p["state"] == state) & (p["importer"] == importer)
                             & (p["chain_id"] == c.chain_id)]["dependency"].to_numpy()
                got = band(mc, state, importer, c.chain_id)
                for column in ("p10", "p50", "p90"):
                    np.testing.assert_allclose(got[column], expected, atol=1e-12)
            w = point.world
            expected = w[(w["state"] == state) & (w["chain_id"] == c.chain_id)]["china_share"].to_numpy()
            got = band(mc, state, "WLD", c.chain_id, "world_china_share")
            for column in ("p10", "p50", "p90"):
                np.testing.assert_allclose(got[column], expected, atol=1e-12)


def five_projects(probability: float, draws: int = 1000):
    """Five 5 t/yr US-bound projects of one status: US demand 100 t flat, 80% from China, so each delivered
    project takes dependency down 0.05 (never below 0.55: no clipping)."""
    projects = [Project(f"p{k}", "test", "AUS", 5.0, 2025, "planned", offtake_usa=1.0) for k in range(5)]
    model = replace(inputs(projects=projects, end_year=2030, ramp_years=1.0),
                    delivery_probability={"operating": 1.0, "planned": probability})
    return run_uncertainty(model, draws=draws)


def test_bands_widen_as_a_probability_moves_toward_one_half():
    """Delivered count ~ Binomial(5, p): its 10-90% spread is 0 at p = 1, about one project at p = 0.9 and about
    three at p = 0.5 (each project 0.05 of dependency)."""
    widths = []
    for probability in (1.0, 0.9, 0.5):
        row = band(five_projects(probability), "off").set_index("year").loc[2030]
        widths.append(row["p90"] - row["p10"])
    assert widths[0] == pytest.approx(0.0, abs=1e-12)
    assert widths[0] < widths[1] < widths[2]
    assert widths[2] == pytest.approx(0.15, abs=0.051)


def test_same_seed_gives_identical_figures_and_another_seed_does_not():
    projects = [Project("a", "test", "AUS", 30.0, 2025, "planned", offtake_usa=1.0)]
    model = replace(inputs(projects=projects, end_year=2030), start_slip_max_years=2.0, demand_growth_spread=0.02)
    first, second = run_uncertainty(model, seed=7), run_uncertainty(model, seed=7)
    pd.testing.assert_frame_equal(first.bands, second.bands, check_exact=True)
    pd.testing.assert_frame_equal(first.probability_below, second.probability_below, check_exact=True)
    assert first.bands.to_csv(index=False) == second.bands.to_csv(index=False)
    assert not first.bands.equals(run_uncertainty(model, seed=8).bands)


def test_probability_below_matches_the_delivery_probability_with_and_without_the_uplift():
    """One 40 t/yr US-bound project (ramp 1 year, from 2025), US demand 100 t flat, 80% from China:
    delivered -> (100 - 20 - 40)/100 = 0.40 < 0.5, not delivered -> 0.80. So the chance of being durably below
    50% by 2030 is the delivery probability: 0.5 off, 0.5 + 0.15 finance uplift = 0.65 on (a candidate).
    With 1,000 draws the standard error is at most 0.016; the tolerance is three of them."""
    project = Project("a", "test", "AUS", 40.0, 2025, "planned", offtake_usa=1.0)
    model = inputs(projects=[project], candidates={"a"}, end_year=2030, ramp_years=1.0,
                   levers=Levers(finance_probability_uplift=0.15))
    probabilities = run_uncertainty(model).probability_below
    row = probabilities[(probabilities["importer"] == "USA") & (probabilities["by_year"] == 2030)].iloc[0]
    assert row["off"] == pytest.approx(0.5, abs=0.05)
    assert row["on"] == pytest.approx(0.65, abs=0.05)
    assert row["on"] >= row["off"]  # the same uniform number serves both worlds


def test_probabilities_are_shares_of_draws_between_0_and_1(shipped):
    result = run_uncertainty(shipped, draws=200)
    values = result.probability_below[["off", "on"]].to_numpy()
    assert ((values >= 0) & (values <= 1)).all()
    assert np.allclose(values * 200, np.round(values * 200))  # a count of draws over 200
    assert set(result.probability_below["by_year"]) == {2030, 2035}
    bands = result.bands
    assert (bands["p10"] <= bands["p50"] + 1e-12).all() and (bands["p50"] <= bands["p90"] + 1e-12).all()


def test_durably_below_needs_every_year_from_the_target_on():
    """Draw 1 dips below 0.5 in 2030 but is back above in 2031; draw 2 stays below from 2030."""
    years = np.array([2029, 2030, 2031])
    values = np.array([[0.6, 0.4, 0.55], [0.6, 0.45, 0.3]])
    assert durably_below(years, values, 0.5, 2030).tolist() == [False, True]


def test_slippage_never_moves_an_operating_project():
    """An operating project delivers with probability 1 and does not slip: no spread at all."""
    projects = [Project("a", "test", "AUS", 30.0, 2025, "operating", offtake_usa=1.0)]
    model = replace(inputs(projects=projects, end_year=2030), start_slip_max_years=3.0)
    row = band(run_uncertainty(model, draws=100), "off")
    assert (row["p90"] - row["p10"]).abs().max() == pytest.approx(0.0, abs=1e-12)


def test_probability_sentence_quotes_the_share_of_draws_without_and_with_the_framework():
    from lib.scenario.answer import probability_sentence

    project = Project("a", "test", "AUS", 40.0, 2025, "planned", offtake_usa=1.0)
    model = inputs(projects=[project], candidates={"a"}, end_year=2030, ramp_years=1.0)
    result = run_uncertainty(model)
    row = result.probability_below.query("importer == 'USA' and by_year == 2030").iloc[0]
    text = probability_sentence(result, "USA", "test", "Test chain")
    assert text.startswith("Chance that the United States' Test chain dependency on China is durably below 50% "
                           "by 2030")
    assert f": {row['off']:.0%} without the framework, {row['on']:.0%} with it (1,000 draws" in text
    assert probability_sentence(result, "USA", "test", "Test chain", by_year=2040) == ""
