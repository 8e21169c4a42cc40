"""The scenario model: hand-computed cases, invariants (hypothesis), the shipped data, bad inputs."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.scenario.inputs import Overrides, build_model_inputs
from lib.scenario.model import (POOLED, AllocationRules, ChainInputs, Levers, ModelInputError, ModelInputs, Project, Shock,
                                run_scenario)

PROBABILITIES = {"operating": 1.0, "planned": 0.5, "construction": 0.8}


def chain(usa=(100.0, 0.8, 0.0), jpn=(100.0, 0.5, 0.0), world=(1000.0, 0.9, 0.0), shares=None) -> ChainInputs:
    """usa/jpn/world are (base demand t, China share, growth per year)."""
    codes = {"USA": usa, "JPN": jpn, "WLD": world}
    return ChainInputs("test", "Test chain", "t/yr oxide", demand={k: v[0] for k, v in codes.items()},
                       china_share={k: v[1] for k, v in codes.items()}, growth={k: v[2] for k, v in codes.items()},
                       producer_shares=shares or {})


def inputs(chains=None, projects=(), candidates=(), levers=None, shock=None, end_year=2026, **kw) -> ModelInputs:
    return ModelInputs(chains=tuple(chains or [chain()]), projects=tuple(projects), candidates=frozenset(candidates),
                       delivery_probability=PROBABILITIES, levers=levers or Levers(),
                       shock=shock or Shock("test", 2025, 1.0, 6.0), base_year=2024, end_year=end_year,
                       ramp_years=kw.pop("ramp_years", 2.0), threshold=kw.pop("threshold", 0.5),
                       framework_first_year=kw.pop("framework_first_year", 2026),
                       rules=kw.pop("rules", AllocationRules()))


def path(result, state, importer="USA", chain_id="test") -> np.ndarray:
    p = result.paths
    return p[(p["state"] == state) & (p["importer"] == importer) & (p["chain_id"] == chain_id)]["dependency"].to_numpy()


def shortfall(result, state, importer="USA") -> float:
    s = result.shock
    return float(s[(s["state"] == state) & (s["importer"] == importer)]["shortfall_t"].iloc[0])


# ---------------------------------------------------------------- hand-computed cases

def test_growth_without_projects_raises_dependency():
    """US demand 100 t growing 10%/yr, 60% from China, so non-China supply stays at 40 t.
    2024: 60/100 = 0.6; 2025: (110 - 40)/110 = 0.636364; 2026: (121 - 40)/121 = 0.669421."""
    result = run_scenario(inputs([chain(usa=(100.0, 0.6, 0.1))]))
    assert path(result, "off") == pytest.approx([0.6, 0.636364, 0.669421], abs=1e-6)
    assert path(result, "on") == pytest.approx(path(result, "off"))


def test_project_ramp_probability_and_finance_lever():
    """One US-bound project: 30 t/yr from 2025, status 'planned' (p = 0.5), two-year ramp, 100% US offtake.
    US demand 100 flat, 80% from China (existing non-China 20 t).
    Off: 2024 ramp 0 -> 0.80; 2025 ramp 1/2 -> 30*0.5*0.5 = 7.5 t -> (100-20-7.5)/100 = 0.725;
         2026 ramp 1 -> 15 t -> 0.65.
    On (finance uplift +0.2, advance 1 yr, framework effects from 2026): the start cannot move before 2026,
    so 2024-25 are unchanged; 2026 p = 0.7 -> 21 t -> (100-20-21)/100 = 0.59."""
    project = Project("p1", "test", "AUS", 30.0, 2025, "planned", offtake_usa=1.0)
    levers = Levers(finance_probability_uplift=0.2, finance_start_advance_years=1.0, finance_offtake_to_pair=0.0)
    result = run_scenario(inputs(projects=[project], candidates=["p1"], levers=levers))
    assert path(result, "off") == pytest.approx([0.8, 0.725, 0.65])
    assert path(result, "on") == pytest.approx([0.8, 0.725, 0.59])
    years = result.threshold_years.set_index(["state", "importer"])["first_year_below"]
    assert pd.isna(years[("off", "USA")]) and pd.isna(years[("on", "USA")])


def test_shock_stockpile_and_pooling_with_lever_contributions():
    """In 2026, the framework's first year (its stock exists from then; full at once, no fill rate given).
    US demand 365 t (1 t/day), 50% from China; shock stops all of China's flow to the US for 6 months:
    lost = 365 * 0.5 * 1.0 * 0.5 = 91.25 t. US stock 30 days = 30 t -> shortfall off = 61.25 t.
    Stockpile lever (+30 days) alone: 60 t stock -> 31.25 t. Japan (not hit, 60 days = 60 t of stock,
    no China dependence) shares its stock with pooling: pooling alone -> 61.25 - 60 = 1.25 t; both -> 0.
    Shapley: stockpile = ((31.25-61.25) + (0-1.25))/2 = -15.625; pooling = ((1.25-61.25) + (0-31.25))/2
    = -45.625; finance = 0; together -61.25 = on - off."""
    levers = Levers(stockpile_days_base={"USA": 30.0, "JPN": 60.0}, stockpile_extra_days={"USA": 30.0, "JPN": 0.0},
                    pooling_share=1.0)
    model = inputs([chain(usa=(365.0, 0.5, 0.0), jpn=(365.0, 0.0, 0.0))], levers=levers,
                   shock=Shock("test", 2026, 1.0, 6.0, importers=("USA",)))
    result = run_scenario(model)
    assert shortfall(result, "off") == pytest.approx(61.25)
    assert shortfall(result, "on") == pytest.approx(0.0)
    shares = result.contributions[result.contributions["metric"] == "shock_shortfall_t"]
    by_lever = shares[shares["importer"] == "USA"].set_index("lever")["contribution"]
    assert by_lever.to_dict() == pytest.approx({"finance": 0.0, "stockpile": -15.625, "pooling": -45.625})
    assert by_lever.sum() == pytest.approx(shortfall(result, "on") - shortfall(result, "off"))


def test_concentration_index():
    """World 1,000 t, China 80%, Australia 10% named, no projects: HHI = 10,000 * (0.8^2 + 0.1^2) = 6,500."""
    result = run_scenario(inputs([chain(world=(1000.0, 0.8, 0.0), shares={"CHN": 0.8, "AUS": 0.1})]))
    world = result.world[result.world["state"] == "off"]
    assert world["hhi"].to_numpy() == pytest.approx([6500.0] * 3)
    assert world["china_share"].to_numpy() == pytest.approx([0.8] * 3)


# ---------------------------------------------------------------- invariants

fraction = st.floats(0.0, 1.0)
projects_strategy = st.lists(
    st.builds(Project, project_id=st.sampled_from(["a", "b", "c", "d"]), chain_id=st.just("test"),
              country=st.sampled_from(["AUS", "USA", "JPN"]), capacity=st.floats(0.0, 500.0),
              start_year=st.integers(2020, 2030), status=st.sampled_from(sorted(PROBABILITIES)),
              offtake_usa=st.one_of(st.none(), st.floats(0.0, 0.5)), offtake_jpn=st.one_of(st.none(), st.floats(0.0, 0.5))),
    max_size=4, unique_by=lambda p: p.project_id)
@st.composite
def chain_strategy(draw):
    """A chain the model accepts: world demand at least the two importers' in every year (their growth is
    at most the world's, and their base demand at most half the world's each)."""
    world = draw(st.tuples(st.floats(1e4, 1e6), fraction, st.floats(-0.05, 0.15)))
    importer = st.tuples(st.floats(1.0, world[0] / 2), fraction, st.floats(-0.05, world[2]))
    return chain(usa=draw(importer), jpn=draw(importer), world=world)


chain_strategy = chain_strategy()
levers_strategy = st.builds(
    Levers, finance_start_advance_years=st.floats(0.0, 3.0), finance_probability_uplift=fraction,
    finance_offtake_to_pair=fraction, pooling_share=fraction,
    stockpile_days_base=st.fixed_dictionaries({"USA": st.floats(0, 200), "JPN": st.floats(0, 200)}),
    stockpile_extra_days=st.fixed_dictionaries({"USA": st.floats(0, 200), "JPN": st.floats(0, 200)}))
shock_strategy = st.builds(Shock, chain_id=st.just("test"), year=st.integers(2024, 2030), fraction=fraction,
                           months=st.floats(0.5, 24.0))


def model_from(ch, projects, levers, shock) -> ModelInputs:
    return inputs([ch], projects=projects, candidates=[p.project_id for p in projects], levers=levers,
                  shock=shock, end_year=2030)


@settings(max_examples=60, deadline=None)
@given(chain_strategy, projects_strategy, levers_strategy, shock_strategy)
def test_shares_stay_between_zero_and_one(ch, projects, levers, shock):
    result = run_scenario(model_from(ch, projects, levers, shock))
    assert result.paths["dependency"].between(0.0, 1.0).all()
    assert result.world["china_share"].between(0.0, 1.0).all()
    assert (result.shock["shortfall_t"] >= -1e-9).all()


@settings(max_examples=60, deadline=None)
@given(chain_strategy, projects_strategy, shock_strategy)
def test_levers_with_no_effect_leave_on_equal_to_off(ch, projects, shock):
    inert = Levers(finance_start_advance_years=0.0, finance_probability_uplift=0.0, finance_offtake_to_pair=0.0,
                   stockpile_extra_days={"USA": 0.0, "JPN": 0.0}, pooling_share=0.0)
    result = run_scenario(model_from(ch, projects, inert, shock))
    for frame, column in ((result.paths, "dependency"), (result.shock, "shortfall_t"), (result.world, "hhi")):
        off = frame[frame["state"] == "off"][column].to_numpy()
        on = frame[frame["state"] == "on"][column].to_numpy()
        assert on == pytest.approx(off)


@settings(max_examples=60, deadline=None)
@given(chain_strategy, projects_strategy, levers_strategy, shock_strategy, st.floats(0.0, 1000.0))
def test_adding_capacity_never_raises_dependency(ch, projects, levers, shock, extra):
    base = run_scenario(model_from(ch, projects, levers, shock))
    more = [replace(p, capacity=p.capacity + extra) for p in projects] or [
        Project("new", "test", "AUS", extra, 2025, "operating")]
    bigger = run_scenario(model_from(ch, more, levers, shock))
    assert (bigger.paths["dependency"].to_numpy() <= base.paths["dependency"].to_numpy() + 1e-12).all()


@settings(max_examples=60, deadline=None)
@given(chain_strategy, projects_strategy, levers_strategy, shock_strategy)
def test_full_stockpile_cover_means_no_shortfall(ch, projects, levers, shock):
    full_year = {"USA": 365.0 * 2, "JPN": 365.0 * 2}  # two years of consumption covers any shock up to 24 months
    levers = replace(levers, stockpile_days_base=full_year)
    result = run_scenario(model_from(ch, projects, levers, shock))
    assert result.shock["shortfall_t"].to_numpy() == pytest.approx(0.0)


@settings(max_examples=60, deadline=None)
@given(chain_strategy, projects_strategy, levers_strategy, shock_strategy)
def test_pooled_results_lie_between_the_two_importers(ch, projects, levers, shock):
    result = run_scenario(model_from(ch, projects, levers, shock))
    wide = result.paths.pivot_table(index=["state", "year"], columns="importer", values="dependency")
    low = wide[["USA", "JPN"]].min(axis=1) - 1e-9
    high = wide[["USA", "JPN"]].max(axis=1) + 1e-9
    assert ((wide[POOLED] >= low) & (wide[POOLED] <= high)).all()
    shock_share = result.shock.set_index(["state", "importer"])["shortfall_share_of_demand"]
    for state in ("off", "on"):
        pair = sorted([shock_share[(state, "USA")], shock_share[(state, "JPN")]])
        assert pair[0] - 1e-9 <= shock_share[(state, POOLED)] <= pair[1] + 1e-9


@settings(max_examples=40, deadline=None)
@given(chain_strategy, projects_strategy, levers_strategy, shock_strategy)
def test_lever_contributions_add_up_to_the_total(ch, projects, levers, shock):
    result = run_scenario(model_from(ch, projects, levers, shock))
    dep = result.contributions[result.contributions["metric"] == "dependency"]
    total = dep.groupby(["importer", "year"])["contribution"].sum()
    wide = result.paths.pivot_table(index=["importer", "year"], columns="state", values="dependency")
    assert total.to_numpy() == pytest.approx((wide["on"] - wide["off"]).loc[total.index].to_numpy(), abs=1e-9)


# ---------------------------------------------------------------- the shipped data

@pytest.fixture(scope="module")
def shipped(dataset):
    def run(**overrides):
        model = build_model_inputs(dataset.table("chains"), dataset.table("supply_projects"),
                                   dataset.table("scenario_assumptions"), dataset.table("dependency_shares"),
                                   Overrides(**overrides), dataset.manifest.base_year, dataset.manifest.end_year)
        return run_scenario(model)
    return run


@pytest.mark.parametrize("chain_id", ["ndpr_oxide", "ndfeb_magnets", "dytb_oxide"])
@pytest.mark.parametrize("importer", ["USA", "JPN"])
def test_upper_bound_preset_changes_rare_earth_paths(shipped, chain_id, importer):
    result = shipped(preset="every_allied")
    assert (path(result, "on", importer, chain_id) < path(result, "off", importer, chain_id) - 1e-6).any()


def test_default_preset_credits_no_magnet_effect(shipped):
    """No magnet project is pre-FID without other government finance, so 'additional' adds nothing there."""
    result = shipped()
    for importer in ("USA", "JPN"):
        assert path(result, "on", importer, "ndfeb_magnets") == pytest.approx(path(result, "off", importer, "ndfeb_magnets"))


def test_each_lever_contribution_is_reported_and_adds_up(shipped):
    result = shipped(shock_chain="dytb_oxide", shock_year=2028)
    contributions = result.contributions
    assert set(contributions["lever"]) == {"finance", "stockpile", "pooling"}
    dep = contributions[(contributions["metric"] == "dependency") & (contributions["chain_id"] == "ndpr_oxide")]
    total = dep.groupby(["importer", "year"])["contribution"].sum()
    wide = result.paths[result.paths["chain_id"] == "ndpr_oxide"].pivot_table(
        index=["importer", "year"], columns="state", values="dependency")
    assert total.to_numpy() == pytest.approx((wide["on"] - wide["off"]).loc[total.index].to_numpy(), abs=1e-12)
    shock = contributions[contributions["metric"] == "shock_shortfall_t"].groupby("importer")["contribution"].sum()
    by_state = result.shock.set_index(["state", "importer"])["shortfall_t"]
    for importer in ("USA", "JPN"):
        assert shock[importer] == pytest.approx(by_state[("on", importer)] - by_state[("off", importer)])


def test_switching_levers_off_one_by_one(shipped):
    all_on = shipped()
    no_finance = shipped(finance=False)
    assert (path(no_finance, "on", "USA", "ndpr_oxide") == path(no_finance, "off", "USA", "ndpr_oxide")).all()
    assert not (path(all_on, "on", "USA", "ndpr_oxide") == path(all_on, "off", "USA", "ndpr_oxide")).all()


def test_candidate_choice_is_the_users(shipped):
    none_chosen = shipped(candidates=frozenset())
    assert (path(none_chosen, "on", "JPN", "ndpr_oxide") == pytest.approx(path(none_chosen, "off", "JPN", "ndpr_oxide")))


# ---------------------------------------------------------------- bad inputs

@pytest.mark.parametrize("change, words", [
    (lambda m: replace(m, projects=(Project("neg", "test", "AUS", -5.0, 2025, "planned"),)), "capacity"),
    (lambda m: replace(m, delivery_probability={**PROBABILITIES, "planned": 1.2}), "between 0 and 1, got 1.2"),
    (lambda m: replace(m, projects=(Project("x", "nowhere", "AUS", 5.0, 2025, "planned"),)), "unknown chain 'nowhere'"),
    (lambda m: replace(m, projects=(Project("late", "test", "AUS", 5.0, 2040, "planned"),)), "start year 2040"),
    (lambda m: replace(m, shock=Shock("nowhere", 2025, 0.5, 6.0)), "unknown chain 'nowhere'"),
    (lambda m: replace(m, shock=Shock("test", 2050, 0.5, 6.0)), "shock year 2050"),
    (lambda m: replace(m, levers=Levers(pooling_share=-0.1)), "pooling share"),
])
def test_invalid_inputs_raise_one_clear_error(change, words):
    with pytest.raises(ModelInputError, match=words.replace("(", r"\(")):
        run_scenario(change(inputs()))


@pytest.mark.parametrize("values, expected", [
    ([0.9, 0.6, 0.4, 0.3], 2026),  # falls below 0.5 in 2026 and stays there
    ([0.3, 0.4, 0.6, 0.4], 2027),  # dips below, climbs back in 2026, below again from 2027
    ([0.3, 0.4, 0.45, 0.6], None),  # ends above: not durably below
    ([0.1, 0.2, 0.3, 0.4], 2024),  # below throughout
])
def test_threshold_year_means_below_and_staying_below(values, expected):
    from lib.scenario.model import first_year_below
    assert first_year_below(np.arange(2024, 2028), np.array(values), 0.5) == expected
