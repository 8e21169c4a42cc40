"""Overview: headline exposure for the selected importer and the framework's effect in one chart."""
import streamlit as st

from lib.app import ui
from lib.charts.scenario import dependency_paths
from lib.topics.headlines import (HEADLINE_YEAR, agreements_signed_involving, dependency_headlines,
                                  last_known_date, measure_counts, parties_in_words)
from lib.views.scenarios import SCENARIO_TABLES, chain_sources, overrides_from, result_sentence, scenario_for, timeline_markers

PAGE = "overview"
data = ui.open_page("Critical-mineral exposure to China",
                    "How much do the United States and Japan depend on China for critical minerals, what controls "
                    "does China apply, and what could the 2025 US–Japan framework change?")


@ui.section
def exposure() -> None:
    """Headline dependency with the framework switch; flipping it reruns only this part."""
    controls = ui.values()
    importer, chain_id = controls["importer"], controls["chain"]
    result = scenario_for(data, overrides_from(controls, data, ui.specs()))
    chains = data.table("chains").set_index("chain_id")
    st.subheader(f"Dependency on China: {ui.IMPORTER_NAMES[importer]}")
    state = "on" if ui.framework_toggle() else "off"
    other = "off" if state == "on" else "on"
    st.caption(f"Share of demand supplied by China in **{HEADLINE_YEAR}, modelled** with the framework {state}; "
               f"the change is against the framework {other}. Base-year figures are sourced inputs (hover the help "
               "icons).")
    headlines = dependency_headlines(result, importer, list(chains.index), state == "on", data.manifest.base_year)
    for column, headline in zip(st.columns(len(headlines)), headlines):
        column.metric(ui.escape_markdown(chains.loc[headline.chain_id, "name"]), f"{headline.share:.0%}",
                      f"{headline.change_pts:+.1f} pts" if headline.changed else "no change",
                      delta_color="inverse" if headline.changed else "off",
                      delta_arrow="auto" if headline.changed else "off",
                      help=f"{HEADLINE_YEAR}, modelled, framework {state}; {headline.base_share:.0%} in "
                           f"{data.manifest.base_year} (base-year input). The change is against the framework "
                           f"{other}.")
    chain_name = chains.loc[chain_id, "name"]
    context = (f"Modelled · framework {state}, levers at their sourced defaults (adjust them on the Scenarios page)"
               f" · base year {data.manifest.base_year}")
    ui.show_chart(dependency_paths(result.paths[result.paths["chain_id"] == chain_id], timeline_markers(data, chain_id),
                                   importer, chain_name, context, chain_sources(data, chain_id)), PAGE)
    sentence = result_sentence(result, importer, chain_id, chain_name, data.manifest.end_year)
    ui.set_summary(sentence)
    st.info(ui.escape_markdown(sentence), icon=":material/insights:")


if ui.table_problems(data, *SCENARIO_TABLES):
    exposure()

controls = ui.values()
importer, as_of = controls["importer"], controls["as_of"]
left, right = st.columns(2)
with left:
    st.subheader("China's export controls")
    if ui.table_problems(data, "export_controls"):
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
with right:
    st.subheader(f"Agreements signed by {as_of}")
    if ui.table_problems(data, "agreements"):
        signed, involving = agreements_signed_involving(data.table("agreements"), as_of, importer)
        st.metric("Agreements in the table", signed)
        st.caption(f"{involving} involve {parties_in_words(importer)}.")
        st.page_link("pages/agreements.py", label="Browse agreements and the framework's milestones",
                     icon=":material/arrow_forward:")

st.page_link("pages/dependencies.py", label="Who produces what, and who depends on China", icon=":material/hub:")
st.page_link("pages/scenarios.py", label="Adjust the framework's levers and test a shock", icon=":material/tune:")
st.page_link("pages/sources.py", label="Sources, schema, validation and methods", icon=":material/menu_book:")
