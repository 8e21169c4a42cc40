"""Overview: headline exposure for the selected importer and the framework's effect in one chart."""
import streamlit as st

from lib.app import chart_panel, controls, frame
from lib.app.fragments import page_fragment
from lib.data.labels import IMPORTER_NAMES, parties_in_words
from lib.markdown import escape_markdown
from lib.scenario.settings import ScenarioSettings
from lib.topics.headlines import HEADLINE_YEAR, agreements_signed_involving, dependency_headlines, last_known_date
from lib.views.overview import measure_counts
from lib.views.trade import TRADE_TABLES, bite_line
from lib.views.scenarios import (SCENARIO_TABLES, chain_sources, presets_of, result_sentence, scenario_for,
                                 timeline_markers)
from lib.charts.scenario import dependency_paths

data = frame.open_page("Critical-mineral exposure to China",
                       "How much do the United States and Japan depend on China for critical minerals, what controls "
                       "does China apply, and what could the 2025 US–Japan framework change?")


@page_fragment
def exposure() -> None:
    """Headline dependency with the framework switch; flipping it reruns only this part."""
    importer, chain_id = st.session_state["importer"], st.session_state["chain"]
    chains = data.table("chains").set_index("chain_id")
    st.subheader(f"Dependency on China: {IMPORTER_NAMES[importer]}")
    framework = controls.framework_switch()
    settings = ScenarioSettings.from_controls({}, controls.catalogue(), presets_of(data), framework)
    result = scenario_for(data, settings.model_key)
    state, other = settings.state, settings.other_state
    st.caption(f"Share of demand supplied by China in **{HEADLINE_YEAR}, modelled** with the framework {state}; "
               f"the change is against the framework {other}. Levers and assumptions at their defaults. "
               "Base-year figures are sourced inputs (hover the help icons).")
    _scenario_settings_notice()
    headlines = dependency_headlines(result, importer, list(chains.index), framework, data.manifest.base_year)
    for column, headline in zip(st.columns(len(headlines)), headlines):
        column.metric(escape_markdown(chains.loc[headline.chain_id, "name"]), f"{headline.share:.0%}",
                      f"{headline.change_pts:+.1f} pts vs {other}" if headline.changed else f"no change vs {other}",
                      delta_color="inverse" if headline.changed else "off",
                      delta_arrow="auto" if headline.changed else "off",
                      help=f"{HEADLINE_YEAR}, modelled, framework {state}; {headline.base_share:.0%} in "
                           f"{data.manifest.base_year} (base-year input). The change is against the framework "
                           f"{other}.")
    chain_name = chains.loc[chain_id, "name"]
    context = (f"Modelled · framework {state}, levers and assumptions at their sourced defaults · "
               f"base year {data.manifest.base_year}")
    chart_panel.show_chart(dependency_paths(result.paths[result.paths["chain_id"] == chain_id],
                                            timeline_markers(data, chain_id), importer, chain_name, context,
                                            chain_sources(data, chain_id), headline=state))
    sentence = result_sentence(result, importer, chain_id, chain_name, data.manifest.end_year)
    chart_panel.set_summary(sentence)
    st.info(escape_markdown(sentence), icon=":material/insights:")


def _scenario_settings_notice() -> None:
    """The Overview always shows the default levers and assumptions; say so when the reader changed them."""
    changed = controls.changed_elsewhere("scenarios")
    if changed:
        st.caption(f"You changed {len(changed)} setting(s) on the Scenarios page; the Overview uses the defaults.")
        st.page_link("pages/scenarios.py", label="See the scenario with your settings", icon=":material/tune:")


if frame.table_problems(data, *SCENARIO_TABLES):
    exposure()

importer, as_of = st.session_state["importer"], st.session_state["as_of"]
left, right = st.columns(2)
with left:
    st.subheader("China's export controls")
    if frame.table_problems(data, "export_controls"):
        horizon = data.manifest.horizon
        known_date = last_known_date(as_of, horizon)
        counts = measure_counts(data, known_date)
        st.metric(f"Measures in force on {known_date}", counts["in_force"])
        st.caption(f"Suspended: {counts['suspended']} · state not reported: {counts['unknown']}")
        if horizon and as_of > horizon:
            st.caption(f"{as_of} is after the data horizon, so these are the last known states ({horizon}); "
                       "what happened since is unknown.")
        st.page_link("pages/export_controls.py", label="See the timeline and what was in force on any date",
                     icon=":material/arrow_forward:")
    if not data.missing(*TRADE_TABLES):  # "did it bite?": China's reported exports to the importer after the latest measure
        bite, bite_sources = bite_line(data, importer, st.session_state["chain"], as_of)
        st.markdown(escape_markdown(bite))
        chart_panel.source_note(bite_sources, modelled=False)
        st.page_link("pages/trade.py", label="See the monthly flows against the controls", icon=":material/arrow_forward:")
with right:
    st.subheader(f"Agreements signed by {as_of}")
    if frame.table_problems(data, "agreements"):
        signed, involving = agreements_signed_involving(data.table("agreements"), as_of, importer)
        st.metric("Agreements in the table", signed)
        st.caption(f"{involving} involve {parties_in_words(importer)}.")
        st.page_link("pages/agreements.py", label="Browse agreements and the framework's milestones",
                     icon=":material/arrow_forward:")

st.page_link("pages/dependencies.py", label="Who produces what, and who depends on China", icon=":material/hub:")
st.page_link("pages/scenarios.py", label="Adjust the framework's levers and test a shock", icon=":material/tune:")
st.page_link("pages/sources.py", label="Sources, schema, validation and methods", icon=":material/menu_book:")
