"""Every page opened through app.py with AppTest: no exception, the expected charts, controls that work."""
from __future__ import annotations

import base64
import datetime as dt
import json
import re

import numpy as np

import pytest
from streamlit.testing.v1 import AppTest

from lib.data.load import load_dataset
from lib.topics.freshness import age_in_words
from tests.conftest import REPO

PAGES = {  # page -> the charts it must draw
    "pages/overview.py": {"dependency_paths"},
    "pages/agreements.py": {"signing_timeline", "milestones"},
    "pages/export_controls.py": {"lifecycle_timeline", "live_by_mineral"},
    "pages/trade.py": {"trade_flows"},
    "pages/dependencies.py": {"concentration_by_stage", "production_map", "national_dependence", "dependence_heatmap"},
    "pages/scenarios.py": {"dependency_paths", "lever_contributions", "project_supply", "world_concentration",
                           "shock_shortfall", "framework_effect_split", "world_market_balance"},
    "pages/changes.py": set(),
    "pages/sources.py": set(),
}
NON_DEFAULT = {"importer": "JPN", "chain": "dytb_oxide", "framework": "false", "as_of": "2025-06-01"}


@pytest.fixture(autouse=True)
def navigation_keeps_entrypoint(monkeypatch):
    """AppTest resets the legacy pages-directory flag before every run, so with a folder named pages/ it
    would run a page alone; a real server clears the flag once st.navigation runs. Do the same here."""
    from streamlit.runtime import pages_manager

    from lib.app.state import use_router_navigation
    original = pages_manager.PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        use_router_navigation()

    monkeypatch.setattr(pages_manager.PagesManager, "__init__", init)


def open_page(page: str | None = None, query: dict | None = None) -> AppTest:
    """The app opened straight on `page` (None: the Overview) with the link's `query`, as a browser opens
    /scenarios?…: one run of the router and that page."""
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    if page and page != "pages/overview.py":
        app.switch_page(page)
    return app.run()


def chart_specs(app: AppTest) -> dict[str, dict]:
    """Plotly figures on the page, keyed by the chart key the page gave them (chart_<key>)."""
    specs = {}
    for element in app.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        specs[spec["layout"]["meta"]["chart_key"]] = spec
    return specs


def unescaped(text: str) -> str:
    """Message text as the reader sees it: the page escapes Markdown characters in data-derived text and puts an
    invisible word joiner after 'https://' so that a bare address does not become a link."""
    return text.replace("\\", "").replace("\u2060", "")


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


@pytest.mark.parametrize("page", list(PAGES))
def test_page_opens_with_defaults(page):
    app = open_page(page)
    assert_clean(app)
    assert PAGES[page] <= set(chart_specs(app)), set(chart_specs(app))
    horizon = load_dataset().manifest.horizon.isoformat()
    caption = f"Sources current to {horizon} · {age_in_words(load_dataset().manifest.horizon, dt.date.today())} · "
    assert any(c.value.startswith(caption) and " · data version " in c.value for c in app.caption)


@pytest.mark.parametrize("page", list(PAGES))
def test_page_opens_with_non_default_controls(page):
    app = open_page(page, NON_DEFAULT)
    assert_clean(app)
    assert app.session_state["importer"] == "JPN" and app.session_state["chain"] == "dytb_oxide"
    assert PAGES[page] <= set(chart_specs(app))


def decode(values) -> list:
    """Plotly writes numeric arrays as base64 ('bdata'); plain lists stay as they are."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def trace_values(spec: dict, name: str) -> list[float]:
    return decode(next(trace["y"] for trace in spec["data"] if trace.get("name") == name))


def title_text(spec: dict) -> str:
    """A figure's title and context lines as one line of plain text."""
    return re.sub(r"<[^>]+>", "", spec["layout"]["title"]["text"].replace("<br>", " "))


def trace(spec: dict, name: str) -> dict:
    return next(t for t in spec["data"] if t.get("name") == name)


def test_framework_toggle_changes_what_the_scenario_charts_headline():
    app = open_page("pages/scenarios.py", {"importer": "JPN", "chain": "ndpr_oxide"})
    on = chart_specs(app)["dependency_paths"]
    assert trace_values(on, "Framework on") != trace_values(on, "Framework off (for comparison)")
    app.toggle(key="framework").set_value(False).run()
    assert_clean(app)
    off = chart_specs(app)["dependency_paths"]
    # The model computes both worlds whatever the switch; off only changes which one is headlined.
    assert trace_values(off, "Framework off") == trace_values(on, "Framework off (for comparison)")
    assert trace_values(off, "Framework on (for comparison)") == trace_values(on, "Framework on")
    assert trace(off, "Framework off")["line"]["width"] > trace(off, "Framework on (for comparison)")["line"]["width"]
    assert "framework off (on shown for comparison)" in title_text(off)


def test_lever_slider_changes_the_result():
    app = open_page("pages/scenarios.py", {"chain": "ndpr_oxide"})
    before = trace_values(chart_specs(app)["dependency_paths"], "Framework on")
    app.slider(key="p.finance_probability_uplift").set_value(0.45).run()
    assert_clean(app)
    after = trace_values(chart_specs(app)["dependency_paths"], "Framework on")
    assert min(a - b for a, b in zip(after, before)) <= 0 and after != before


def test_shared_controls_survive_page_switch():
    app = open_page()
    app.sidebar.selectbox(key="importer").set_value("JPN").run()
    app.sidebar.selectbox(key="chain").set_value("gallium").run()
    app.switch_page("pages/scenarios.py").run()
    assert_clean(app)
    assert app.sidebar.selectbox(key="importer").value == "JPN"
    assert app.sidebar.selectbox(key="chain").value == "gallium"
    title = chart_specs(app)["dependency_paths"]["layout"]["title"]["text"]
    assert "Japan" in title and "Gallium" in title


def test_as_of_date_changes_what_is_in_force():
    before = open_page("pages/export_controls.py", {"as_of": "2023-01-01"})
    after = open_page("pages/export_controls.py", {"as_of": "2025-06-01"})
    count = lambda app: sum(sum(decode(t["x"])) for t in chart_specs(app)["live_by_mineral"]["data"])
    assert count(after) > count(before)


def test_empty_filter_explains_instead_of_breaking():
    app = open_page("pages/agreements.py", {"ag_q": "no agreement has this text"})
    assert_clean(app)
    assert any("No agreement matches" in i.value for i in app.info)


def test_broken_table_is_explained_and_other_pages_work(monkeypatch, data_copy):
    (data_copy / "export_controls.parquet").write_bytes(b"broken")
    monkeypatch.setenv("CM_DATA_DIR", str(data_copy))
    app = open_page("pages/export_controls.py")
    assert not app.exception
    assert any("export_controls.parquet" in unescaped(e.value) and "unreadable_file" in unescaped(e.value)
               for e in app.error)
    app.switch_page("pages/dependencies.py").run()
    assert_clean(app)
    assert "national_dependence" in chart_specs(app)


def test_malformed_link_falls_back_with_notice():
    app = open_page("pages/scenarios.py", {"importer": "<script>alert(1)</script>", "p.ramp_years": "9999",
                                           "nonsense": "1"})
    assert_clean(app)
    notice = unescaped(" ".join(w.value for w in app.warning))
    assert "'importer=<script>" in notice and "not one of the allowed values" in notice
    assert "'p.ramp_years=9999' was ignored: above the maximum 8.0" in notice
    assert "'nonsense=1' was ignored: this dashboard has no such parameter" in notice
    assert app.session_state["importer"] == "USA"


def test_link_from_another_data_version_shows_notice():
    app = open_page("pages/overview.py", {"v": "0000000000"})
    assert_clean(app)
    assert any("0000000000" in i.value for i in app.info)


def test_shock_settings_reach_the_shock_chart():
    # 12 months: long enough to exhaust the US baseline cover (Project Vault's 60 days) in a full stop
    small = open_page("pages/scenarios.py", {"sh_preset": "custom", "sh_fraction": "0.2", "sh_chain": "gallium",
                                             "sh_months": "12"})
    large = open_page("pages/scenarios.py", {"sh_preset": "custom", "sh_fraction": "1.0", "sh_chain": "gallium",
                                             "sh_months": "12"})
    for app in (small, large):
        assert_clean(app)
        assert "Gallium" in chart_specs(app)["shock_shortfall"]["layout"]["title"]["text"]
    shortfall = lambda app: trace_values(chart_specs(app)["shock_shortfall"], "Framework off (for comparison)")
    assert sum(shortfall(large)) > sum(shortfall(small))


def test_hidden_assumption_edits_still_count_and_travel_in_the_link():
    app = open_page("pages/scenarios.py", {"chain": "gallium", "p.demand_base.ndpr_oxide.USA": "20000"})
    assert_clean(app)
    app.sidebar.selectbox(key="chain").set_value("ndpr_oxide").run()
    assert_clean(app)
    assert app.query_params["p.demand_base.ndpr_oxide.USA"] in ("20000", ["20000"])


def test_overview_counts_agreements_of_both_countries_for_the_combined_importer():
    alone = [c.value for c in open_page(None, {"importer": "USA"}).caption if "involve" in c.value]
    both = [c.value for c in open_page(None, {"importer": "USA+JPN"}).caption if "involve" in c.value]
    assert alone[0].endswith("involve the United States.")
    assert both[0].endswith("involve the United States or Japan.")
    assert int(both[0].split()[0]) > int(alone[0].split()[0])


def test_milestone_tracker_lists_every_framework_milestone_with_its_source():
    from lib.data.labels import FRAMEWORK_ID
    from lib.data.load import load_dataset
    milestones = load_dataset().table("agreement_milestones")
    expected = int((milestones["agreement_id"] == FRAMEWORK_ID).sum())
    app = open_page("pages/agreements.py")
    table = next(m.value for m in app.markdown if m.value.startswith("| commitment |"))
    rows = table.split("\n")[2:]
    assert expected > 0 and len(rows) == expected
    assert all(row.count("](https://") == 1 for row in rows), "one http(s) source link per milestone"


def live_listing(app: AppTest) -> str | None:
    return next((m.value for m in app.markdown if m.value.startswith("| title | state on the date |")), None)


def test_live_measures_listed_as_a_table_with_one_row_per_measure():
    app = open_page("pages/export_controls.py", {"as_of": "2025-12-01"})
    assert_clean(app)
    live = sum(sum(decode(t["x"])) for t in chart_specs(app)["live_by_mineral"]["data"])
    rows = live_listing(app).split("\n")[2:]
    # The chart counts (measure, mineral) pairs, so it counts at least as many as there are measures.
    assert 0 < len(rows) <= live and not app.dataframe


def test_a_long_listing_goes_to_the_data_grid(monkeypatch, data_copy):
    from tests.conftest import read_table, write_table
    import pandas as pd
    events = read_table(data_copy, "export_controls")
    copies = [events.assign(event_id=events["event_id"] + f"-copy{k}") for k in range(1, 4)]
    write_table(data_copy, "export_controls", pd.concat([events, *copies], ignore_index=True))
    monkeypatch.setenv("CM_DATA_DIR", str(data_copy))
    app = open_page("pages/export_controls.py", {"as_of": "2025-12-01"})
    assert_clean(app)
    assert live_listing(app) is None
    assert len(app.dataframe) == 1 and len(app.dataframe[0].value) > 40


def test_framework_switch_keeps_its_value_on_the_second_page():
    app = open_page("pages/scenarios.py")  # the Overview runs first and draws the switch too
    assert_clean(app)
    assert app.session_state["framework"] is True and "framework" not in app.query_params
    assert "framework on" in chart_specs(app)["dependency_paths"]["layout"]["title"]["text"]


def test_chart_image_file_names_state_the_framework_as_drawn():
    image_names = lambda app: {json.loads(e.proto.config)["toImageButtonOptions"]["filename"]
                               for e in app.get("plotly_chart")}
    app = open_page("pages/scenarios.py")
    assert len(image_names(app)) == 7 and all("_framework-on_" in name for name in image_names(app))
    app.toggle(key="framework").set_value(False).run()
    assert all("_framework-off_" in name for name in image_names(app))


def test_overview_shows_no_arrow_where_the_framework_changes_nothing():
    app = open_page(None)
    unchanged = [m for m in app.metric if m.delta == "no change vs off"]
    changed = [m for m in app.metric if m.delta and m.delta.endswith(" pts vs off")]
    assert unchanged and changed, "the shipped data has chains of both kinds"
    assert all(m.proto.direction == m.proto.MetricDirection.NONE for m in unchanged)
    assert all(m.proto.direction == m.proto.MetricDirection.DOWN for m in changed if m.delta.startswith("-"))


def headline_metrics(app: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in app.metric if m.delta and "vs" in m.delta}


def test_overview_with_the_framework_off_headlines_off_and_compares_with_on():
    on, off = open_page(None), open_page(None, {"framework": "false"})
    assert_clean(off)
    on_metrics, off_metrics = headline_metrics(on), headline_metrics(off)
    assert on_metrics.keys() == off_metrics.keys() and len(on_metrics) == 5
    for chain, (on_value, on_delta) in on_metrics.items():
        off_value, off_delta = off_metrics[chain]
        if on_delta == "no change vs off":
            assert off_delta == "no change vs on" and off_value == on_value
        else:
            # on = off + change, so off's change against on is the same number with the other sign.
            assert on_delta.startswith("-") and off_delta.startswith("+"), (chain, on_delta, off_delta)
            assert on_delta[1:].split()[0] == off_delta[1:].split()[0]
            assert off_value != on_value
    caption = " ".join(c.value for c in off.caption)
    assert "with the framework off; the change is against the framework on" in caption
    paths = chart_specs(off)["dependency_paths"]
    assert "framework off (on shown for comparison)" in title_text(paths)
    assert "Modelled · framework off, levers and assumptions at their sourced defaults" in title_text(paths)
    assert trace(paths, "Framework off")["line"]["width"] > trace(paths, "Framework on (for comparison)")["line"]["width"]


def test_scenarios_with_the_framework_off_says_so_in_every_chart():
    app = open_page("pages/scenarios.py", {"framework": "false"})
    assert_clean(app)
    specs = chart_specs(app)
    for key in ("dependency_paths", "world_concentration", "shock_shortfall"):
        assert "framework off (on shown for comparison)" in title_text(specs[key]), key
    assert "framework off" in title_text(specs["project_supply"])
    assert "switched off: what it would change" in title_text(specs["lever_contributions"])
    assert all("Modelled · framework off (levers on: finance, stockpile, pooling)" in title_text(spec)
               for spec in specs.values())


def test_overview_says_when_it_ignores_the_readers_scenario_settings():
    app = open_page("pages/scenarios.py", {"p.finance_probability_uplift": "0.3"})
    app.switch_page("pages/overview.py").run()
    assert_clean(app)
    assert any("the Overview uses the defaults" in c.value for c in app.caption)


@pytest.mark.parametrize("page", [page for page, charts in PAGES.items() if charts])
def test_every_chart_image_names_as_of_horizon_version_and_uncut_sources(page):
    """What the toolbar's PNG shows: the figure's own source line, stamped with the view's facts."""
    import datetime as dt
    manifest = load_dataset().manifest
    app = open_page(page)
    for key, spec in chart_specs(app).items():
        [source] = [a["text"] for a in spec["layout"]["annotations"] if a.get("name") == "source_line"]
        flat = source.replace("<br>", " ")  # the lines are wrapped at spaces
        assert "…" not in source and "more" not in flat.split("As of")[0], (key, source)
        assert f"As of {dt.date.today().isoformat()}" in flat, (key, source)
        assert f"sources current to {manifest.horizon.isoformat()}" in flat, (key, source)
        assert f"data version {manifest.version}" in flat and "View " in flat, (key, source)
        assert spec["layout"]["margin"]["b"] >= 14 * (source.count("<br>") + 1), key  # room for every line
    if page == "pages/scenarios.py":
        title = chart_specs(app)["shock_shortfall"]["layout"]["title"]["text"].replace("<br>", " ")
        assert "of China's flow stopped for" in title and "preset: " in title  # the shock's definition


def visible_text(html_text: str) -> str:
    """What a reader of the briefing sees: the page without scripts, styles, tags and the chart specs."""
    import html as html_module
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html_text, flags=re.S)
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("page", [page for page, charts in PAGES.items() if charts])
def test_briefing_leads_with_the_answer_and_shows_no_internal_ids(page):
    from lib.exports import briefing_html
    app = open_page(page)
    state = app.session_state["_run"]
    charts = [chart for _, chart in state.charts]
    text = visible_text(briefing_html(page, charts, state.view, state.summary, state.figures,
                                      state.data.manifest.horizon_note))
    order = [text.find(charts[0].title), text.find("What these figures cannot tell you"),
             text.find("Appendix: settings of this view")]
    assert -1 not in order and order == sorted(order), order
    if page in ("pages/overview.py", "pages/scenarios.py", "pages/export_controls.py"):
        assert state.summary, "these pages answer their question in a sentence"
    if state.summary:
        assert text.find(state.summary) < order[0]
    if page in ("pages/overview.py", "pages/scenarios.py"):
        assert state.figures and text.find("Headline figures") < order[0]
    if page == "pages/scenarios.py":
        assert "It is an accounting model, not a market model" in text
    data = load_dataset()
    ids = {*data.table("chains")["chain_id"], *data.table("scenario_assumptions")["param_id"],
           *data.table("export_controls")["event_id"], *data.table("agreements")["agreement_id"]}
    ids = {i for i in ids if re.search(r"[_.-]", i)} | {"True", "False"}  # 'gallium' is also a word
    words = set(re.findall(r"[\w.+-]+", text))
    assert not ids & words, sorted(ids & words)[:10]
