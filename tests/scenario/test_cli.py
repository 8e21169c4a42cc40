"""`python -m lib.scenario --view …`: one JSON object with the page's sentence and the figures its charts draw."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lib.links.controls import control_catalogue
from lib.scenario.__main__ import query_of, view_json
from lib.scenario.answer import result_sentence
from lib.scenario.settings import ScenarioSettings
from lib.views.scenarios import allowed_levers, chain_names, presets_of, scenario_for

REPO = Path(__file__).resolve().parents[2]
CHAINS = ("ndpr_oxide", "ndfeb_magnets", "dytb_oxide", "gallium", "graphite_anode")


def test_query_of_accepts_a_whole_link_or_a_bare_query():
    assert query_of("https://example.org/scenarios?importer=JPN&chain=gallium") == {"importer": ["JPN"],
                                                                                   "chain": ["gallium"]}
    assert query_of("?importer=JPN") == query_of("importer=JPN") == {"importer": ["JPN"]}


@pytest.mark.parametrize("framework", ["true", "false"])
@pytest.mark.parametrize("chain_id", CHAINS)
@pytest.mark.parametrize("importer", ["USA", "JPN", "USA+JPN"])
def test_view_gives_the_pages_figures(dataset, importer, chain_id, framework):
    """Same settings as the page (ScenarioSettings from the decoded link), so the same result and sentence."""
    query = f"importer={importer.replace('+', '%2B')}&chain={chain_id}&framework={framework}"
    out = view_json(query, dataset)
    catalogue = control_catalogue(dataset)
    values = {k: s.default for k, s in catalogue.items()} | {"importer": importer, "chain": chain_id}
    settings = ScenarioSettings.from_controls(values, catalogue, presets_of(dataset), framework == "true",
                                              allowed_levers(dataset, values["preset"]))
    result = scenario_for(dataset, settings.model_key)
    assert out["sentence"] == result_sentence(result, importer, chain_id, chain_names(dataset)[chain_id],
                                              dataset.manifest.end_year, framework_on=framework == "true")
    assert out["threshold"] == result.threshold and out["data_version"] == dataset.manifest.version
    paths = result.paths[result.paths["chain_id"] == chain_id]
    for row in out["paths"]:
        drawn = paths[(paths["importer"] == row["importer"]) & (paths["year"] == row["year"])]
        assert row["off"] == pytest.approx(float(drawn[drawn["state"] == "off"]["dependency"].iloc[0]))
        assert row["on"] == pytest.approx(float(drawn[drawn["state"] == "on"]["dependency"].iloc[0]))
    assert {r["importer"] for r in out["paths"]} == {"USA", "JPN", "USA+JPN"}
    assert len(out["world_china_share"]) == dataset.manifest.end_year - dataset.manifest.base_year + 1
    split = out["effect"]["new_vs_redirected"]
    for row in split:
        assert row["new_points"] + row["redirected_points"] == pytest.approx(row["total_points"], abs=1e-12)
    assert out["framework"] is (framework == "true")  # the switch picks the headline, never the figures


def test_view_agrees_with_the_chart_the_page_draws():
    """The Scenarios page itself (AppTest) for one link: its dependency chart's two lines are the CLI's paths."""
    from tests.app.test_pages import chart_specs, open_page, trace_values

    app = open_page("pages/scenarios.py", {"importer": "JPN", "chain": "dytb_oxide"})
    spec = chart_specs(app)["dependency_paths"]
    out = view_json("importer=JPN&chain=dytb_oxide")
    japan = [r for r in out["paths"] if r["importer"] == "JPN"]
    assert trace_values(spec, "Framework off (for comparison)") == pytest.approx([r["off"] for r in japan])
    assert trace_values(spec, "Framework on") == pytest.approx([r["on"] for r in japan])


def test_preset_in_the_link_changes_the_effect(dataset):
    upper = view_json("importer=USA&chain=ndfeb_magnets&preset=every_allied", dataset)
    default = view_json("importer=USA&chain=ndfeb_magnets", dataset)
    assert upper["preset"] == "every_allied" and default["preset"] == "additional"
    assert min(r["total_points"] for r in upper["effect"]["new_vs_redirected"]) < -0.01
    assert all(r["total_points"] == 0 for r in default["effect"]["new_vs_redirected"])


def test_command_line_prints_one_json_object():
    run = subprocess.run([sys.executable, "-m", "lib.scenario", "--view", "importer=USA&chain=gallium"],
                         cwd=REPO, capture_output=True, text=True, timeout=120, check=True)
    out = json.loads(run.stdout)
    assert {"data_version", "sentence", "threshold", "paths", "world_china_share", "effect", "bands",
            "probability_below", "draws", "seed"} <= out.keys()
    assert {"importer", "year", "off", "on"} == out["paths"][0].keys()


def test_delivered_preset_in_the_link_shows_no_framework_effect(dataset):
    out = view_json("importer=USA&chain=gallium&preset=delivered&sh_chain=gallium&sh_months=12", dataset)
    assert all(r["off"] == r["on"] for r in out["paths"])
    assert all(r["tonnes"] == 0 for r in out["effect"]["shock_shortfall_by_lever_t"])
    assert out["sentence"].startswith("With or without the framework") and out["preset"] == "delivered"


def test_view_gives_bands_probabilities_draws_and_seed(dataset):
    out = view_json("importer=USA&chain=ndfeb_magnets", dataset)
    assert out["draws"] == 1000 and out["seed"] == 20251028
    assert {"importer", "year", "state", "p10", "p50", "p90"} == out["bands"][0].keys()
    assert {r["importer"] for r in out["bands"]} == {"USA", "JPN", "USA+JPN"}
    assert {r["state"] for r in out["bands"]} == {"off", "on"}
    assert all(r["p10"] <= r["p50"] <= r["p90"] for r in out["bands"] + out["world_china_share_bands"])
    assert {r["by_year"] for r in out["probability_below"]} == {2030, 2035}
    usa_2030 = next(r for r in out["probability_below"] if r["importer"] == "USA" and r["by_year"] == 2030)
    assert f"{usa_2030['off']:.0%} without the framework, {usa_2030['on']:.0%} with it" in out["probability_sentence"]
    assert view_json("importer=USA&chain=ndfeb_magnets", dataset)["bands"] == out["bands"]  # same link, same figures


def test_bands_in_a_link_without_uncertainty_are_the_point_path(dataset):
    """Every delivery probability 1, no slippage, no growth spread, set through the link: the bands are the
    point path."""
    statuses = ("operating", "commissioning", "construction", "financed", "planned", "feasibility", "suspended",
                "cancelled")
    certain = "&".join(f"p.delivery_probability_{s}=1" for s in statuses)
    out = view_json(f"importer=JPN&chain=dytb_oxide&{certain}&p.start_slip_max_years=0&p.demand_growth_spread=0",
                    dataset)
    assert not out["notices"]  # every parameter in the link was taken
    point = {(r["importer"], r["year"], state): r[state] for r in out["paths"] for state in ("off", "on")}
    for row in out["bands"]:
        expected = point[row["importer"], row["year"], row["state"]]
        assert row["p10"] == row["p50"] == row["p90"] == pytest.approx(expected, abs=1e-12)


def test_view_gives_the_shock_per_importer_hit_off_and_on_with_its_definition(dataset):
    out = view_json("?chain=gallium&sh_preset=suspension-ann72-2025.lapses", dataset)
    shock = out["shock"]
    assert shock["year"] == 2027 and shock["chain_id"] == "gallium"
    assert shock["definition"].startswith("Gallium (primary metal), 100% of China's flow stopped for 12 months in 2027")
    assert "No. 72 suspension lapses" in shock["definition"]
    [usa] = shock["importers"]  # the preset hits the United States only
    assert usa["importer"] == "USA"
    for state in ("off", "on"):
        figures = usa[state]
        assert figures["shortfall_t"] > 0 and 0 < figures["share_of_demand"] <= 1
        low, high = figures["draws_share_of_demand"]["p10"], figures["draws_share_of_demand"]["p90"]
        assert low <= figures["draws_share_of_demand"]["p50"] <= high
    # Stocks filled since 2026 at 20 days a year: 20 days in 2027; the framework's stock adds 20 more.
    assert (usa["off"]["stock_on_hand_days"], usa["on"]["stock_on_hand_days"]) == (20.0, 40.0)
