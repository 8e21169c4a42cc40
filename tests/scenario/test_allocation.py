"""Allocation rules, the new/redirected split, presets and the 'no effect before the framework' rule,
each on a hand-computed case."""
from __future__ import annotations

import pytest

from lib.scenario.inputs import build_model_inputs, Overrides
from lib.scenario.model import AllocationRules, Levers, Project, run_scenario
from lib.scenario.presets import PRESET_IDS, candidates_for_preset, preset
from tests.scenario.test_model import chain, inputs, path

def us_importer_chain():
    """US and Japan 100 t each, flat; US 50% from China (existing non-China 50 t), Japan all from China;
    world 1,000 t."""
    return chain(usa=(100.0, 0.5, 0.0), jpn=(100.0, 1.0, 0.0), world=(1000.0, 0.9, 0.0))


def test_domestic_first_serves_the_home_market_up_to_its_need():
    """A US state-backed plant, 40 t operating since 2020 (full output). US need = 100 - 50 = 50 t >= 40 t,
    so the US takes all 40 t: dependency (100 - 50 - 40) / 100 = 0.10. Rule off: pro rata 100/1,000 of 40 t
    = 4 t: (100 - 50 - 4) / 100 = 0.46."""
    plant = Project("mp", "test", "USA", 40.0, 2020, "operating", priority_importer="USA", priority_share=1.0,
                    priority_basis="domestic_first")
    on = run_scenario(inputs([us_importer_chain()], projects=[plant]))
    off = run_scenario(inputs([us_importer_chain()], projects=[plant], rules=AllocationRules(domestic_first=False)))
    assert path(on, "off") == pytest.approx([0.10] * 3)
    assert path(off, "off") == pytest.approx([0.46] * 3)


def test_offtake_right_is_served_only_up_to_the_holders_need():
    """Japan holds a right to 0.76 of a 100 t plant (76 t). Needing all 100 t (China share 1.0), it takes 76 t;
    the other 24 t go pro rata, 100/1,000 = 2.4 t to Japan: (100 - 78.4) / 100 = 0.216.
    With Japan's China share at 0.5 (need 50 t) it takes only 50 t under the right; the unused claim returns to
    the pool, so 50 t go pro rata and Japan gets 5 t more: 55 t, dependency (100 - 50 - 55) / 100 < 0, drawn as 0."""
    lynas = Project("lynas", "test", "MYS", 100.0, 2020, "operating", priority_importer="JPN", priority_share=0.76,
                    priority_basis="offtake_right")
    full = run_scenario(inputs([us_importer_chain()], projects=[lynas]))
    assert path(full, "off", "JPN") == pytest.approx([0.216] * 3)
    half = chain(usa=(100.0, 0.5, 0.0), jpn=(100.0, 0.5, 0.0), world=(1000.0, 0.9, 0.0))
    result = run_scenario(inputs([half], projects=[lynas]))
    assert path(result, "off", "JPN") == pytest.approx([0.0] * 3)
    supply = result.project_supply
    japan = supply[(supply["state"] == "off") & (supply["importer"] == "JPN")]["supply_t"].to_numpy()
    assert japan == pytest.approx([55.0] * 3)  # 50 t served under the right + 50 t x 0.1 pro rata


def test_firm_contract_comes_before_everything_else():
    """The DoD buys 100% of a 30 t plant: all 30 t reach the US whatever the other rules say:
    (100 - 50 - 30) / 100 = 0.20."""
    plant = Project("10x", "test", "USA", 30.0, 2020, "operating", offtake_usa=1.0)
    result = run_scenario(inputs([us_importer_chain()], projects=[plant]))
    assert path(result, "off") == pytest.approx([0.20] * 3)


def test_framework_effect_splits_into_new_and_redirected_supply():
    """An Australian candidate, 100 t, status 'planned' (p = 0.5), full output from 2020; finance from 2026
    adds 0.2 to p (0.7) and sends half its pro-rata output to the pair (split 50/50 by their demand).
    2026, US: off 0.5 x 100 = 50 t x 0.1 = 5 t; on 70 t x (0.5 x 0.1 + 0.5 x 0.5 = 0.3) = 21 t.
    new = 0.1 x (70 - 50) = 2 t; redirected = (0.3 - 0.1) x 70 = 14 t; 2 + 14 = 16 = 21 - 5.
    Dependency: off (100 - 50 - 5)/100 = 0.45, on (100 - 50 - 21)/100 = 0.29: -0.02 new, -0.14 redirected.
    Other buyers give up 14 t for the US and 14 t for Japan = 28 t."""
    project = Project("aus", "test", "AUS", 100.0, 2020, "planned")
    levers = Levers(finance_probability_uplift=0.2, finance_start_advance_years=0.0, finance_offtake_to_pair=0.5)
    result = run_scenario(inputs([us_importer_chain()], projects=[project], candidates=["aus"], levers=levers))
    effect = result.effect[(result.effect["importer"] == "USA") & (result.effect["year"] == 2026)].iloc[0]
    assert effect["new_t"] == pytest.approx(2.0)
    assert effect["redirected_t"] == pytest.approx(14.0)
    assert effect["new_points"] == pytest.approx(-0.02)
    assert effect["redirected_points"] == pytest.approx(-0.14)
    lost = result.redirected_from[result.redirected_from["year"] == 2026]["redirected_t"].iloc[0]
    assert lost == pytest.approx(28.0)


def test_no_framework_effect_before_its_first_year():
    """Framework first year 2028: every path is the same off and on up to 2027, whatever the levers."""
    project = Project("aus", "test", "AUS", 100.0, 2020, "planned")
    model = inputs([us_importer_chain()], projects=[project], candidates=["aus"], end_year=2030,
                   framework_first_year=2028)
    result = run_scenario(model)
    for importer in ("USA", "JPN", "USA+JPN"):
        off, on = path(result, "off", importer), path(result, "on", importer)
        assert on[:4] == pytest.approx(off[:4])  # 2024-2027
        assert (on[4:] < off[4:]).all()


def test_presets_choose_from_the_data(dataset):
    projects = dataset.table("supply_projects")
    assert candidates_for_preset("delivered", projects) == frozenset()  # no source names a framework project yet
    assert candidates_for_preset("additional", projects) == {
        "energy-fuels-white-mesa-phase2-ndpr", "energy-fuels-white-mesa-phase2-dytb", "solvay-la-rochelle-scaleup"}
    every = candidates_for_preset("every_allied", projects)
    assert {"mp-10x-northlake", "lynas-malaysia-ndpr-expansion", "iluka-eneabba-refinery"} <= every
    assert all(preset(pid).description for pid in PRESET_IDS)
    with pytest.raises(ValueError, match="unknown preset"):
        candidates_for_preset("everything", projects)


def test_delivered_preset_shows_no_supply_effect(dataset):
    model = build_model_inputs(dataset.table("chains"), dataset.table("supply_projects"),
                               dataset.table("scenario_assumptions"), dataset.table("dependency_shares"),
                               Overrides(preset="delivered"), dataset.manifest.base_year, dataset.manifest.end_year)
    result = run_scenario(model)
    wide = result.paths.pivot_table(index=["chain_id", "importer", "year"], columns="state", values="dependency")
    assert wide["on"].to_numpy() == pytest.approx(wide["off"].to_numpy())
    assert (result.effect[["new_t", "redirected_t"]].to_numpy() == 0).all()


def test_delivered_preset_lets_act_only_levers_with_a_met_milestone(dataset):
    from lib.scenario.presets import levers_for_preset

    milestones = dataset.table("agreement_milestones")
    assert levers_for_preset("delivered", milestones) == frozenset()  # every framework milestone is 'unknown'
    met = milestones.assign(status=milestones["status"].where(milestones["milestone_id"] != "usjpn-fw-stockpiling",
                                                              "met"))
    assert levers_for_preset("delivered", met) == {"stockpile"}
    assert levers_for_preset("additional", milestones) == {"finance", "stockpile", "pooling"}
