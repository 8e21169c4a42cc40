"""Every chart the pages draw is a valid plotly figure (builders skip plotly's validators for speed),
carries its title, context and source line, and never carries raw markup from the data."""
from __future__ import annotations

import copy
import json

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from lib.topics.agreements import milestone_tracker
from lib.charts import agreements, dependencies, export_controls, scenario
from lib.charts.figure import SOURCE_LINE_NAME, STAMP_LINE_HEIGHT, stamped
from lib.topics.dependencies import dependence_matrix, national_dependence, world_shares
from lib.topics.export_controls import lifecycle_segments
from lib.topics.export_controls import live_by_mineral
from lib.scenario.inputs import Overrides
from lib.views.scenarios import chain_sources, drivers_for, scenario_for, timeline_markers, uncertainty_for
from lib.charts import trade
from lib.topics.trade import chain_flows, china_exports, linked_event_ids

AS_OF = dt.date(2025, 6, 1)


def all_charts(data):
    result = scenario_for(data, Overrides())
    chain = lambda frame: frame[frame["chain_id"] == "dytb_oxide"]
    src = chain_sources(data, "dytb_oxide")
    events = data.table("export_controls")
    shares = data.table("dependency_shares")
    dependence = national_dependence(shares, "import_share_from_china", "volume")
    world = world_shares(shares, "REE", None)
    return [
        scenario.dependency_paths(chain(result.paths), timeline_markers(data, "dytb_oxide"), "JPN", "Dy/Tb", "c", src),
        scenario.lever_contributions(chain(result.contributions), "JPN", "Dy/Tb", "c", src),
        scenario.project_supply(supply=chain(result.project_supply), paths=chain(result.paths), names={},
                                importer="USA+JPN", chain_name="Dy/Tb", unit="t", state="on", context="c", sources=src),
        scenario.dependency_paths(chain(result.paths), timeline_markers(data, "dytb_oxide"), "USA", "Dy/Tb", "c", src,
                                  headline="off"),
        scenario.world_concentration(chain(result.world), "Dy/Tb", "c", src),
        scenario.shock_shortfall(result.shock, uncertainty_for(data, Overrides()).shock, "Dy/Tb, a shock", "c", src,
                                 draws=1000),
        *fan_charts(data, src),
        scenario.drivers_tornado(drivers_for(data, Overrides(), "USA", "dytb_oxide", 2030), "USA", "Dy/Tb", 2030,
                                 "c", src),
        agreements.signing_timeline(data.table("agreements"), "c"),
        agreements.milestone_chart(milestone_tracker(data.table("agreement_milestones"), "us-jpn-cm-framework-2025",
                                                     AS_OF), "framework", AS_OF, "c"),
        export_controls.lifecycle_timeline(lifecycle_segments(events, data.manifest.horizon, dt.date(2027, 1, 1)),
                                           events, AS_OF, data.manifest.horizon, "c", dt.date(2023, 1, 1)),
        export_controls.live_measures_by_mineral(live_by_mineral(events, AS_OF, data.manifest.horizon), AS_OF, "c"),
        dependencies.concentration_by_stage(world, "Rare earths", "volume", "c"),
        dependencies.dependence_bars(dependence, "import_share_from_china", "volume", "c"),
        dependencies.dependence_heatmap(dependence_matrix(dependence), "import_share_from_china", "volume", "c"),
        dependencies.production_map(world[world["stage"] == "mining"], "Rare earths", "mining", "c"),
        trade_chart(data, "ndfeb_magnets"),
    ]


def fan_charts(data, src) -> list:
    """The dependency paths and China's world share with the Monte Carlo's range shaded."""
    mc = uncertainty_for(data, Overrides())
    result = scenario_for(data, Overrides())
    chain = lambda frame: frame[frame["chain_id"] == "dytb_oxide"]
    bands = chain(mc.bands)
    dependency = bands[(bands["metric"] == "dependency") & (bands["importer"] == "USA+JPN")]
    world = bands[bands["metric"] == "world_china_share"]
    return [scenario.dependency_paths(chain(result.paths), timeline_markers(data, "dytb_oxide"), "USA+JPN", "Dy/Tb",
                                      "c", src, bands=dependency, draws=mc.draws, seed=mc.seed),
            scenario.world_concentration(chain(result.world), "Dy/Tb", "c", src, headline="off", bands=world,
                                         draws=mc.draws, seed=mc.seed)]


def trade_chart(data, chain_id):
    rows = chain_flows(data.table("trade_flows"), chain_id)
    events, horizon = data.table("export_controls"), data.manifest.horizon
    linked = linked_event_ids(data.table("control_hs_links"), set(rows["hs_code"]))
    segments = lifecycle_segments(events, horizon, dt.date(2027, 1, 1))
    return trade.flows_with_lifecycle(china_exports(rows), rows.iloc[0:0], segments[segments["event_id"].isin(linked)],
                                      events[events["event_id"].isin(linked)], chain_id, AS_OF, horizon, "c")


@pytest.fixture(scope="module")
def charts(dataset):
    return all_charts(dataset)


def test_every_chart_passes_plotly_validation(charts):
    for chart in charts:
        go.Figure(chart.figure.to_dict())  # raises ValueError on any invalid property


def test_every_chart_has_title_context_source_and_key(charts):
    keys = [chart.key for chart in charts]
    assert len(set(keys)) == len(keys) - 3  # dependency_paths thrice (each state headlined, with ranges), world twice
    for chart in charts:
        layout = chart.figure.layout
        assert layout.meta["chart_key"] == chart.key
        assert "<sup>c</sup>" in layout.title.text
        assert any(a.text.startswith(("Source", "Modelled from")) for a in layout.annotations), chart.key
        assert chart.alt and chart.sources


def test_empty_selection_gives_a_message_not_a_broken_chart(dataset):
    empty = dataset.table("agreements").iloc[0:0]
    chart = agreements.signing_timeline(empty, "c")
    assert chart.figure.layout.annotations[0].text == "No agreement matches the filters."
    go.Figure(chart.figure.to_dict())


def test_markup_in_data_is_escaped_in_figures(dataset):
    hostile = dataset.table("agreements").head(3).assign(name="<img src=x onerror=alert(1)>")
    chart = agreements.signing_timeline(hostile, "c")
    text = str(chart.figure.to_dict())
    assert "<img" not in text and "&lt;img" in text


def test_framework_colours_are_fixed_whichever_state_is_headlined(charts):
    headline_on, headline_off = charts[0].figure, charts[3].figure
    colours = lambda figure: {trace.name: trace.line.color for trace in figure.data if trace.name.startswith(("Framework on", "Framework off"))}
    assert colours(headline_on) == {"Framework off (for comparison)": scenario.STATE_COLOURS["off"],
                                    "Framework on": scenario.STATE_COLOURS["on"]}
    assert colours(headline_off) == {"Framework off": scenario.STATE_COLOURS["off"],
                                     "Framework on (for comparison)": scenario.STATE_COLOURS["on"]}


def test_a_shortfall_of_zero_is_labelled_none_not_left_blank():
    shock = pd.DataFrame({"state": ["off", "off", "on", "on"], "importer": ["USA", "JPN", "USA", "JPN"],
                          "lost_t": [10.0, 5.0, 10.0, 5.0], "stockpile_t": [0.0, 5.0, 4.0, 5.0],
                          "stockpile_days": [0.0, 60.0, 30.0, 60.0],
                          "received_t": [0.0] * 4, "shortfall_t": [10.0, 0.0, 6.0, 0.0],
                          "shortfall_share_of_demand": [0.25, 0.0, 0.15, 0.0], "shortfall_days": [91.0, 0, 55, 0]})
    chart = scenario.shock_shortfall(shock, pd.DataFrame(), "Gallium, a shock", "c", (("s", "https://example.org"),))
    bars = chart.figure.to_dict()["data"]
    assert [list(bar["text"]) for bar in bars] == [["25.0%", "none"], ["15.0%", "none"]]


def test_shock_chart_states_the_shock_and_draws_the_range_of_the_draws():
    """Whiskers from the 10th to the 90th percentile of the draws, on the bar of their state and importer."""
    shock = pd.DataFrame({"state": ["off", "on"], "importer": ["USA", "USA"], "lost_t": [10.0, 10.0],
                          "stockpile_t": [0.0, 4.0], "stockpile_days": [0.0, 30.0], "received_t": [0.0, 0.0],
                          "shortfall_t": [10.0, 6.0], "shortfall_share_of_demand": [0.5, 0.3],
                          "shortfall_days": [182.0, 110.0]})
    ranges = pd.DataFrame({"state": ["off", "on"], "importer": ["USA", "USA"],
                           "measure": ["shortfall_share_of_demand"] * 2, "p10": [0.4, 0.2], "p50": [0.5, 0.3],
                           "p90": [0.6, 0.35]})
    chart = scenario.shock_shortfall(shock, ranges, "Gallium, 100% stopped for 12 months in 2027", "c",
                                     (("s", "https://example.org"),), draws=1000)
    assert "Gallium, 100% stopped for 12 months in 2027" in chart.title
    assert [t.showlegend for t in chart.figure.data if t.name == "10–90% of 1,000 draws"] == [True, False]  # one legend entry
    whiskers = [t for t in chart.figure.data if t.type == "scatter"]
    assert len(whiskers) == 2
    for trace, (low, high) in zip(whiskers, ((0.4, 0.6), (0.2, 0.35))):
        middle = trace.y[0]
        assert (middle - trace.error_y.arrayminus[0], middle + trace.error_y.array[0]) == pytest.approx((low, high))


def test_milestone_labels_say_when_they_are_cut_and_hover_gives_the_whole_commitment():
    commitment = "Both governments take steps to provide financial support to selected projects & their offtake"
    tracker = pd.DataFrame({"milestone_id": ["m1"], "commitment": [commitment],
                            "due_date": [pd.Timestamp("2026-04-28")], "status": ["unknown"], "timing": ["due date passed"], "evidence": ["none found"],
                            "source_name": ["s"], "source_url": ["https://example.org"]})
    trace = agreements.milestone_chart(tracker, "framework", AS_OF, "c").figure.to_dict()["data"][0]
    label, = trace["y"]
    assert len(label) == 60 and label.endswith("…")  # 59 characters of the commitment, then the ellipsis
    assert trace["customdata"][0][0].replace("<br>", " ") == commitment.replace("&", "&amp;")


def test_a_change_to_a_built_figure_reaches_its_plotly_dict(charts):
    """No serialised form is kept beside the figure, so nothing can silently leave out a later change, also
    in the stamped figure the page draws."""
    figure = copy.deepcopy(charts[0].figure)
    figure.update_layout(title_text="changed")
    assert figure.to_dict()["layout"]["title"]["text"] == "changed"
    assert stamped(figure, ["as of 2026-11-29"]).to_dict()["layout"]["title"]["text"] == "changed"


def test_stamped_figure_is_the_figure_plus_the_stamp_and_leaves_it_unchanged(charts):
    def encoded(figure_dict: dict) -> dict:  # plotly's own encoding (arrays as base64), for comparing
        return go.Figure(figure_dict, _validate=False).to_dict()
    for chart in charts:
        before = chart.figure.to_dict()
        drawn = encoded(stamped(chart.figure, ["line one", "line two"]).to_dict())
        assert chart.figure.to_dict() == before
        if not any(a.get("name") == SOURCE_LINE_NAME for a in before["layout"].get("annotations", [])):
            assert drawn == before  # nothing to stamp under: drawn as it is
            continue
        source = next(a for a in drawn["layout"]["annotations"] if a.get("name") == SOURCE_LINE_NAME)
        assert source["text"].endswith("<br>line one<br>line two")
        assert drawn["data"] == before["data"]
        assert drawn["layout"]["height"] == before["layout"]["height"] + 2 * STAMP_LINE_HEIGHT
        json.loads(pio.to_json(stamped(chart.figure, ["x"]), validate=False))  # what Streamlit sends parses


def test_ranges_are_shaded_around_the_paths_and_their_percentiles_go_to_the_csv(charts):
    with_ranges = [c for c in charts if "draws (seed" in c.title]
    assert {c.key for c in with_ranges} == {"dependency_paths", "world_concentration"}
    for chart in with_ranges:
        shaded = [t for t in chart.figure.data if t.fill == "toself"]
        assert len(shaded) == 2 and all("10–90% of draws" in t.name for t in shaded)  # off and on
        series = chart.data[chart.data["p50"].notna()]
        assert (series["p10"] <= series["p50"]).all() and (series["p50"] <= series["p90"]).all()
        assert set(series[["draws", "seed"]].drop_duplicates().itertuples(index=False, name=None)) == {(1000, 20251028)}
