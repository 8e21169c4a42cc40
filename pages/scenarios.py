"""Scenarios: the framework's levers, dependency paths off vs on, supply by project, world concentration,
and an export-control shock — every assumption visible and adjustable."""
import streamlit as st

from lib import ui
from lib.charts.scenario import dependency_paths, lever_contributions, project_supply, shock_shortfall, world_concentration
from lib.scenario_inputs import shock_presets
from lib.scenario_view import (SCENARIO_TABLES, chain_sources, overrides_from, result_sentence, scenario_for,
                               timeline_markers)
from lib.scenario_widgets import assumption_table, parameter_control

PAGE = "scenarios"
data = ui.open_page("Scenarios: what the US–Japan framework changes",
                    "If the framework delivers, how much less do the US and Japan depend on China, by when, and how much "
                    "would that help in the next export-control shock? All figures on this page are modelled.")

if ui.table_problems(data, *SCENARIO_TABLES, "export_controls"):
    assumptions = data.table("scenario_assumptions")
    projects = data.table("supply_projects")
    chains = data.table("chains").set_index("chain_id")
    shared = ui.values()
    importer, chain_id = shared["importer"], shared["chain"]
    chain_name, unit = chains.loc[chain_id, "name"], chains.loc[chain_id, "unit"]

    with st.container(border=True):
        st.markdown("**The framework's levers** (the sidebar toggle switches all of them)")
        cols = st.columns(3)
        for column, lever, text in zip(cols, ("finance", "stockpile", "pooling"),
                                       ("Project finance: candidates start earlier, deliver more often and sell "
                                        "more to US/Japanese buyers.",
                                        "Stockpiling cooperation: extra days of cover, drawn down in a shock.",
                                        "Pooling / rapid response: each partner shares spare stock and supply.")):
            with column:
                ui.toggle(lever, disabled=not shared["framework"])
                st.caption(text)
                for row in assumptions[assumptions["lever"] == lever].itertuples(index=False):
                    parameter_control(row)
        if not shared["framework"]:
            st.caption("The framework is switched off in the sidebar, so 'on' equals 'off' below.")

    names = dict(zip(projects["project_id"], projects["name"]))
    links = dict(zip(projects["project_id"], projects["framework_link"]))
    candidates = ui.multi("cand", labels={p: f"{names[p]} ({links[p]} link)" for p in names},
                          help="Projects the finance lever applies to. Defaults: projects whose link to the framework "
                               "is stated by a source or is an analyst assumption (labelled).")

    values = ui.values()
    result = scenario_for(data, overrides_from(values, data, ui.specs()))
    sentence = result_sentence(result, importer, chain_id, chain_name, data.manifest.end_year)
    st.session_state["_summary"] = sentence
    st.success(sentence, icon=":material/insights:")

    state = "on" if shared["framework"] else "off"
    levers_on = [lever for lever in ("finance", "stockpile", "pooling") if values.get(lever)] if shared["framework"] else []
    context = (f"Modelled · framework {'on: ' + ', '.join(levers_on) if levers_on else 'off'} · "
               f"{len(candidates)} candidate projects · data {data.manifest.version}")
    sources = chain_sources(data, chain_id)
    in_chain = lambda frame: frame[frame["chain_id"] == chain_id]
    left, right = st.columns(2)
    with left:
        ui.show_chart(dependency_paths(in_chain(result.paths), timeline_markers(data, chain_id), importer, chain_name,
                                       context, sources), PAGE)
    with right:
        ui.show_chart(lever_contributions(in_chain(result.contributions), importer, chain_name, context, sources), PAGE)
    ui.show_chart(project_supply(in_chain(result.project_supply), in_chain(result.paths), names, importer, chain_name,
                                 unit, state, context, sources), PAGE)
    ui.show_chart(world_concentration(in_chain(result.world), chain_name, context, sources), PAGE)

    st.subheader("Export-control shock")
    presets = {p.event_id: p for p in shock_presets(assumptions)}
    preset_id = ui.select("sh_preset", labels={**{k: f"{p.label} ({p.event_id})" for k, p in presets.items()},
                                               "custom": "Custom shock"})
    cols = st.columns(5)
    year = ui.slider("sh_year", container=cols[0], step=1)
    if preset_id == "custom":
        ui.select("sh_chain", container=cols[1], labels=dict(chains["name"]))
        ui.slider("sh_fraction", container=cols[2], step=0.05)
        ui.slider("sh_months", container=cols[3], step=1.0)
        ui.multi("sh_who", container=cols[4], labels=ui.IMPORTER_NAMES)
    else:
        preset = presets[preset_id]
        cols[1].metric("Chain", chains.loc[preset.chain_id, "name"])
        cols[2].metric("Share of China's flow stopped", f"{preset.fraction:.0%}")
        cols[3].metric("Months", f"{preset.months:g}")
        cols[4].metric("Importers hit", ", ".join(preset.importers))
        st.caption("Preset drawn from the event named; its figures and their sources are in the assumptions table "
                   "below. Choose 'Custom shock' to set your own.")
    shock_chain = result.shock["chain_id"].iloc[0]
    ui.show_chart(shock_shortfall(result.shock, chains.loc[shock_chain, "name"], f"{context} · shock in {year}",
                                  chain_sources(data, shock_chain)), PAGE)
    st.dataframe(result.shock, hide_index=True)

    st.subheader("Assumptions")
    with st.expander(f"Base-year inputs for {chain_name}", expanded=False):
        for row in assumptions[(assumptions["chain_id"] == chain_id) & (assumptions["lever"] == "base")].itertuples(index=False):
            parameter_control(row)
    with st.expander("Projects and threshold", expanded=False):
        for row in assumptions[(assumptions["chain_id"] == "all") & (assumptions["lever"] == "base")].itertuples(index=False):
            parameter_control(row)
    st.dataframe(assumption_table(assumptions, ui.values()), hide_index=True, column_config=ui.link_columns(assumptions))
    st.page_link("pages/sources.py", label="How the model works (methodology) and what it cannot tell you",
                 icon=":material/menu_book:")
