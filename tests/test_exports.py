"""Exports: the CSV is exactly what is plotted, the metadata names every source, the briefing is
self-contained."""
from __future__ import annotations

import copy
import io
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from lib.charts.dependencies import production_map
from lib.charts.figure import Chart
from lib.charts.scenario import dependency_paths, world_concentration
from lib.topics.dependencies import world_shares
from lib.exports import ViewContext, briefing_html, chart_csv, chart_markers_csv, chart_metadata, file_stem
from lib.scenario.inputs import Overrides
from lib.views.scenarios import chain_sources, scenario_for, timeline_markers

VIEW = ViewContext("scenarios", "http://localhost:8501/scenarios?importer=JPN&v=abc", "abc", "2026-06-23",
                   (("Importer", "JPN"), ("US–Japan framework on", "True")), "2026-11-27 00:00 UTC")


@pytest.fixture(scope="module")
def scenario_charts(dataset):
    result = scenario_for(dataset, Overrides())
    in_chain = lambda frame: frame[frame["chain_id"] == "ndpr_oxide"]
    sources = chain_sources(dataset, "ndpr_oxide")
    return [
        dependency_paths(in_chain(result.paths), timeline_markers(dataset, "ndpr_oxide"), "JPN", "NdPr oxide",
                         "context", sources),
        world_concentration(in_chain(result.world), "NdPr oxide", "context", sources),
    ]


def read_csv(chart, view=None) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(chart_csv(chart, view)), skiprows=1 if view else 0)


def test_csv_holds_the_plotted_series_and_markers_apart(scenario_charts):
    paths = scenario_charts[0]
    is_marker = paths.data["kind"].notna()
    assert is_marker.any() and (~is_marker).any()
    csv = read_csv(paths)
    assert len(csv) == (~is_marker).sum() and "kind" not in csv.columns
    markers = pd.read_csv(io.BytesIO(chart_markers_csv(paths)))
    assert len(markers) == is_marker.sum() and "year" not in markers.columns  # the date, not a plot position
    assert chart_markers_csv(scenario_charts[1]) is None


def test_csv_values_are_rounded_as_shown_beside_the_values_drawn(scenario_charts):
    paths = read_csv(scenario_charts[0])
    for trace in scenario_charts[0].figure.data:
        if trace.name in ("Framework off", "Framework on"):
            state = "off" if trace.name.endswith("off") else "on"
            rows = paths[paths["state"] == state]
            assert list(rows["year"]) == list(trace.x)
            assert rows["dependency (full precision)"].to_numpy() == pytest.approx(list(trace.y), abs=1e-12)
            assert rows["dependency"].to_numpy() == pytest.approx([round(y, 3) for y in trace.y], abs=1e-12)


def test_csv_has_whole_years_a_unit_column_and_a_first_line_with_version_and_link(scenario_charts):
    raw = chart_csv(scenario_charts[0], VIEW).decode("utf-8")
    first, header = raw.splitlines()[:2]
    assert first.startswith("# ") and "data version abc" in first and VIEW.link in first
    assert "sources current to 2026-06-23" in first
    assert header.split(",")[:2] == ["state", "year"] and header.endswith(",unit")
    csv = read_csv(scenario_charts[0], VIEW)
    assert csv["year"].dtype.kind == "i" and set(csv["unit"]) == {"fraction 0–1"}
    world = read_csv(scenario_charts[1], VIEW)
    assert set(world["unit"]) == {"China's share: fraction 0–1; HHI: HHI, 0–10,000"}
    assert ".0," not in raw.splitlines()[2].split(",", 2)[1] + ","  # the year is written 2024, not 2024.0


def test_metadata_names_every_source_with_its_url(scenario_charts, dataset):
    expected = set(chain_sources(dataset, "ndpr_oxide"))
    assert len(expected) >= 5
    for chart in scenario_charts:
        text = chart_metadata(chart, VIEW)
        for name, url in expected:
            assert f"- {name}: {url}" in text
        for part in ("Data version: abc", "Sources current to: 2026-06-23", VIEW.link, "Importer: JPN", "modelled"):
            assert part in text


def test_metadata_reports_confidence_of_reported_rows(dataset):
    world = world_shares(dataset.table("dependency_shares"), "REE", "mining")
    chart = production_map(world, "Rare earths", "mining", "context")
    text = chart_metadata(chart, VIEW)
    assert "Confidence of the rows plotted:" in text and "reported data" in text


def test_file_names_say_what_they_contain():
    stem = file_stem("scenarios", "dependency_paths", {"importer": "JPN", "chain": "ndpr_oxide",
                                                      "framework": "framework-on", "as_of": "2026-11-27"})
    assert stem == "scenarios_dependency-paths_jpn_ndpr-oxide_framework-on_2026-11-27"


def test_briefing_is_self_contained_and_has_every_chart(scenario_charts, dataset):
    world = world_shares(dataset.table("dependency_shares"), "REE", "mining")
    charts = [*scenario_charts, production_map(world, "Rare earths", "mining", "context")]
    html = briefing_html("Scenarios", charts, VIEW, summary="With the framework on <b>…</b>")
    assert html.count('type="application/json" id="spec-') == len(charts)
    assert not re.search(r"<script[^>]+src=", html), "no external scripts"
    assert not re.search(r"<link[^>]+href=", html), "no external stylesheets"
    assert "window.PlotlyGeoAssets" in html, "the map outline travels inside the file"
    assert "&lt;b&gt;" in html and "<b>…</b>" not in html, "text is escaped"
    assert VIEW.link.replace("&", "&amp;") in html


def test_briefing_cannot_be_broken_out_of_by_data(scenario_charts):
    hostile = copy.deepcopy(scenario_charts[0])
    hostile.spec["layout"]["title"]["text"] = "</script><script>alert(1)</script>"  # what the page draws
    html = briefing_html("x", [hostile], VIEW)
    assert "alert(1)" in html, "the hostile title reaches the file (as inert text)"
    assert "</script><script>alert(1)" not in html


def test_csv_names_codes_beside_them():
    frame = pd.DataFrame({"mineral_id": ["Ga", "Xx"], "measures": [1, 2]})
    chart = Chart("live", "Live", go.Figure({"data": [], "layout": {}}), frame, (), "alt")
    csv = pd.read_csv(io.BytesIO(chart_csv(chart, None, {"mineral_id": {"Ga": "Gallium"}})))
    assert list(csv.columns) == ["mineral name", "mineral", "measures", "unit"]
    assert csv["mineral name"].tolist() == ["Gallium", "Xx"]  # an unknown code stays as it is
    titled = Chart("t", "T", go.Figure({"data": [], "layout": {}}), frame.assign(title=["a", "b"]), (), "alt")
    assert "mineral name" not in chart_csv(titled, None, {"mineral_id": {"Ga": "Gallium"}}).decode()


def test_about_file_of_a_fan_chart_states_the_draws_and_the_seed():
    frame = pd.DataFrame({"year": [2030], "p10": [0.4], "p50": [0.5], "p90": [0.6], "draws": [1000], "seed": [7]})
    chart = Chart("fan", "Fan", go.Figure({"data": [], "layout": {}}), frame, (), "alt", modelled=True)
    assert "1000 Monte Carlo draws with seed 7" in chart_metadata(chart, VIEW)


def ranges_chart(dataset):
    """The Scenarios page's dependency paths with the Monte Carlo's range, computed from scratch."""
    from lib.scenario.uncertainty import run_uncertainty
    from lib.views.scenarios import dependency_bands, model_inputs
    result = scenario_for(dataset, Overrides())
    mc = run_uncertainty(model_inputs(dataset, Overrides()), chain_ids=("gallium",))
    paths = result.paths[result.paths["chain_id"] == "gallium"]
    return dependency_paths(paths, timeline_markers(dataset, "gallium"), "USA", "Gallium", "c",
                            chain_sources(dataset, "gallium"), bands=dependency_bands(mc, "USA", "gallium"),
                            draws=mc.draws, seed=mc.seed)


def test_csv_of_a_chart_with_ranges_has_the_percentiles_with_units_and_the_about_file_draws_and_seed(dataset):
    chart = ranges_chart(dataset)
    csv = read_csv(chart, VIEW)
    assert {"10th percentile", "median", "90th percentile"} <= set(csv.columns)
    assert set(csv["unit"]) == {"fraction 0–1"}
    assert ((csv["10th percentile"] <= csv["median"]) & (csv["median"] <= csv["90th percentile"])).all()
    assert "1000 Monte Carlo draws with seed 20251028" in chart_metadata(chart, VIEW)


def test_the_same_seed_gives_byte_identical_csvs(dataset):
    """Two Monte Carlo runs from scratch (no cache): the same link gives the same file, byte for byte."""
    assert chart_csv(ranges_chart(dataset), VIEW) == chart_csv(ranges_chart(dataset), VIEW)
