"""The Scenarios page's Monte Carlo: the ranges shaded around the paths, the probability sentence beside the answer, and a
framework flip that reuses the cached draws."""
from __future__ import annotations

import re

from lib.data.load import load_dataset
from lib.scenario.inputs import Overrides
from lib.views.scenarios import uncertainty_for
from tests.app.test_pages import assert_clean, chart_specs, open_page, title_text


def chance_caption(app) -> str:
    """The chance, stated in the answer box right after the answer sentence."""
    answer = next(e.value for e in [*app.success, *app.info] if "Chance that" in e.value)
    return answer[answer.index("Chance that"):]


def test_probability_sentence_states_the_draws_figures_and_the_fans_are_drawn():
    app = open_page("pages/scenarios.py", {"importer": "USA", "chain": "ndfeb_magnets"})
    assert_clean(app)
    table = uncertainty_for(load_dataset(), Overrides()).probability_below
    row = table[(table["importer"] == "USA") & (table["chain_id"] == "ndfeb_magnets")
                & (table["by_year"] == 2030)].iloc[0]
    text = chance_caption(app)
    assert "by 2030" in text
    off, on = re.search(r": (\d+)% without the framework, (\d+)% with it", text).groups()
    assert (int(off), int(on)) == (round(100 * row["off"]), round(100 * row["on"]))
    specs = chart_specs(app)
    for key in ("dependency_paths", "world_concentration"):  # the range of the draws shaded around the paths
        assert "1,000 draws (seed 20251028)" in title_text(specs[key])
        assert sum(trace.get("fill") == "toself" for trace in specs[key]["data"]) == 2


def test_framework_flip_does_not_rerun_the_monte_carlo():
    app = open_page("pages/scenarios.py", {"importer": "JPN", "chain": "ndpr_oxide"})
    misses = uncertainty_for.cache_info().misses
    app.toggle(key="framework").set_value(False).run()
    assert_clean(app)
    assert uncertainty_for.cache_info().misses == misses
    assert "framework off (on shown for comparison)" in title_text(chart_specs(app)["dependency_paths"])


def test_overview_states_the_same_chance_as_scenarios_beside_its_answer():
    app = open_page("pages/overview.py", {"importer": "JPN", "chain": "ndpr_oxide"})
    assert_clean(app)
    table = uncertainty_for(load_dataset(), Overrides()).probability_below
    row = table[(table["importer"] == "JPN") & (table["chain_id"] == "ndpr_oxide") & (table["by_year"] == 2030)].iloc[0]
    off, on = re.search(r": (\d+)% without the framework, (\d+)% with it", chance_caption(app)).groups()
    assert (int(off), int(on)) == (round(100 * row["off"]), round(100 * row["on"]))
    scenarios = open_page("pages/scenarios.py", {"importer": "JPN", "chain": "ndpr_oxide"})
    assert chance_caption(scenarios) == chance_caption(app)


def test_drivers_tornado_is_drawn_on_request_with_rows_named():
    app = open_page("pages/scenarios.py", {"importer": "USA", "chain": "ndpr_oxide"})
    assert "drivers_tornado" not in chart_specs(app)  # off by default: it costs a model run per swing
    app.toggle(key="drivers").set_value(True).run()
    assert_clean(app)
    spec = chart_specs(app)["drivers_tornado"]
    assert "(NdPr oxide separation, 2030)" in title_text(spec)
    names = spec["data"][0]["y"]
    assert names and all(name.endswith("]") and "[" in name for name in names)  # each bar names its row
    app.slider(key="dr_year").set_value(2035).run()
    assert "(NdPr oxide separation, 2035)" in title_text(chart_specs(app)["drivers_tornado"])


def test_every_chart_stamp_carries_the_link_of_the_view_drawn():
    """The stamp is worked out once per run: after a flip every chart's stamp links the flipped view."""
    app = open_page("pages/scenarios.py", {"importer": "JPN"})
    stamps = lambda: [next(a["text"] for a in spec["layout"]["annotations"] if a.get("name") == "source_line")
                      for spec in chart_specs(app).values()]
    assert stamps() and not any("framework=false" in s.replace("<br>", "") for s in stamps())
    app.toggle(key="framework").set_value(False).run()
    assert all("framework=false" in s.replace("<br>", "") for s in stamps())
