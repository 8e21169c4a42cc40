"""The shock panel: stocks that build up from the year they are funded, pooling that passes on spare supply
(and stock only when told to), a range from the draws, and the scheduled cliffs as presets."""
from __future__ import annotations

import pytest

from lib.data.load import load_dataset
from lib.links.controls import control_catalogue
from lib.scenario.inputs import Overrides
from lib.scenario.model import Levers, Shock, run_scenario, stock_on_hand_days
from lib.scenario.settings import ScenarioSettings
from lib.scenario.uncertainty import run_uncertainty
from lib.views.scenarios import model_inputs, presets_of, scenario_for
from tests.scenario.test_model import chain, inputs


@pytest.fixture(scope="module")
def data():
    return load_dataset()


def figures(result, state: str, importer: str = "USA") -> dict:
    return result.shock.set_index(["state", "importer"]).loc[(state, importer)].to_dict()


@pytest.mark.parametrize("year, days", [(2025, 0.0), (2026, 0.0), (2027, 20.0), (2028, 40.0), (2029, 60.0),
                                        (2035, 60.0)])
def test_a_stock_fills_from_its_first_year_up_to_its_target(year, days):
    """Target 60 days, first year 2026, 20 days a year: 20 x (year - 2026) at the start of the year, at most 60."""
    assert stock_on_hand_days(60.0, 2026, 20.0, year) == days


def test_the_framework_stock_is_empty_in_its_first_year_and_fills_after():
    """US demand 365 t (1 t/day), all from China, no base stock; framework stock 60 days from 2026 at 30 days a
    year; the shock stops everything for 6 months: lost 182.5 t. In 2026 the framework adds no stock (shortfall
    on = off = 182.5 t); in 2027 it holds 30 days = 30 t (152.5 t); from 2028 60 t (122.5 t)."""
    levers = Levers(stockpile_days_base={"USA": 0.0, "JPN": 0.0}, stockpile_extra_days={"USA": 60.0, "JPN": 0.0},
                    stockpile_fill_days_per_year=30.0, pooling=False, finance=False)
    for year, expected_on in ((2026, 182.5), (2027, 152.5), (2028, 122.5)):
        model = inputs([chain(usa=(365.0, 1.0, 0.0), jpn=(365.0, 0.0, 0.0))], levers=levers,
                       shock=Shock("test", year, 1.0, 6.0, importers=("USA",)), end_year=2030)
        result = run_scenario(model)
        assert figures(result, "off")["shortfall_t"] == pytest.approx(182.5)
        assert figures(result, "on")["shortfall_t"] == pytest.approx(expected_on)


def test_pooling_passes_on_spare_supply_and_stock_only_when_told_to():
    """Japan is not hit and holds 60 t of stock (60 days of 365 t) and no spare supply: with the stock share at
    0 the US receives nothing (shortfall 91.25 t); at 0.5 it receives 30 t (61.25 t)."""
    def shortfall_on(stock_share: float) -> float:
        levers = Levers(stockpile_days_base={"USA": 0.0, "JPN": 60.0}, stockpile_extra_days={"USA": 0.0, "JPN": 0.0},
                        pooling_share=1.0, pooling_stock_share=stock_share, finance=False, stockpile=False)
        model = inputs([chain(usa=(365.0, 0.5, 0.0), jpn=(365.0, 0.0, 0.0))], levers=levers,
                       shock=Shock("test", 2026, 1.0, 6.0, importers=("USA",)))
        return figures(run_scenario(model), "on")["shortfall_t"]
    assert shortfall_on(0.0) == pytest.approx(91.25)
    assert shortfall_on(0.5) == pytest.approx(61.25)


def test_shipped_defaults_leave_us_stocks_empty_in_2026(data):
    """Project Vault and the framework's stock both start filling in 2026: nothing on hand in a 2026 shock."""
    result = scenario_for(data, Overrides(shock_chain="gallium", shock_year=2026, shock_fraction=1.0,
                                          shock_months=11.0, shock_importers=("USA",)))
    assert figures(result, "off")["stockpile_days"] == 0.0 and figures(result, "on")["stockpile_days"] == 0.0
    # The 11-month US gallium ban is a shortfall with the framework on, not "none".
    assert figures(result, "on")["shortfall_share_of_demand"] > 0.4


def test_a_shock_larger_than_every_buffer_shows_a_shortfall_with_everything_on(data):
    """Every gallium flow from China stopped for 24 months in 2035, both partners hit, every lever on, stocks
    full: more is lost than any stock or partner can give."""
    key = Overrides(shock_chain="gallium", shock_year=2035, shock_fraction=1.0, shock_months=24.0)
    result = scenario_for(data, key)
    for importer in ("USA", "JPN"):
        on = figures(result, "on", importer)
        if on["china_flow_t"] > 0:
            assert on["lost_t"] > on["stockpile_t"] and on["shortfall_t"] > 0


def test_draws_give_the_shock_a_range_that_holds_the_expected_path(data):
    key = Overrides(shock_chain="gallium", shock_year=2030, shock_fraction=1.0, shock_months=11.0,
                    shock_importers=("USA",))
    ranges = run_uncertainty(model_inputs(data, key), chain_ids=("gallium",)).shock
    shares = ranges[(ranges["measure"] == "shortfall_share_of_demand") & (ranges["importer"] == "USA")]
    for row in shares.itertuples(index=False):
        assert row.p10 <= row.p50 <= row.p90
        assert row.p90 - row.p10 > 0.001  # delivery and demand draws move the shortfall


def settings_for(data, preset_id: str) -> ScenarioSettings:
    catalogue = control_catalogue(data)
    values = {key: spec.default for key, spec in catalogue.items()} | {"sh_preset": preset_id, "sh_year": 2026}
    return ScenarioSettings.from_controls(values, catalogue, presets_of(data), True)


def test_the_cliff_presets_show_both_outcomes_after_the_scheduled_end(data):
    """No. 72's suspension ends 2026-11-27: 'lapses' brings the US gallium ban back in 2027 (a shortfall),
    'extended' stops nothing (none); both fix the year at 2027 whatever the year slider says."""
    lapses, extended = (settings_for(data, f"suspension-ann72-2025.{v}") for v in ("lapses", "extended"))
    assert lapses.model_key.shock_year == extended.model_key.shock_year == 2027
    assert lapses.model_key.shock_chain == "gallium" and lapses.model_key.shock_importers == ("USA",)
    assert figures(scenario_for(data, lapses.model_key), "on")["shortfall_t"] > 0
    assert figures(scenario_for(data, extended.model_key), "on")["shortfall_t"] == 0
    assert figures(scenario_for(data, extended.model_key), "off")["shortfall_t"] == 0


def test_presets_keep_their_event_ids_and_the_cliffs_get_one_id_per_outcome(data):
    ids = [p.preset_id for p in presets_of(data)]
    assert {"medheavy-re-ann18-2025", "us-dualuse-ann46-2024", "ga-ge-2023"} <= set(ids)  # old links still open
    assert {"suspension-ann72-2025.lapses", "suspension-ann72-2025.extended", "suspension-ann70-2025.lapses",
            "suspension-ann70-2025.extended"} <= set(ids)
    assert len(ids) == len(set(ids))
