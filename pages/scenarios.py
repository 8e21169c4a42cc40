"""Scenarios: the framework's levers, dependency paths off vs on, supply by project, world concentration,
and an export-control shock — every assumption visible and adjustable."""
import streamlit as st

from lib import ui
from lib.scenario_inputs import shock_presets
from lib.scenario_view import SCENARIO_TABLES, overrides_from, result_sentence, scenario_charts, scenario_for
from lib.scenario_widgets import assumption_table, parameter_control

PAGE = "scenarios"
data = ui.open_page("Scenarios: what the US–Japan framework changes",
                    "If the framework delivers, how much less do the US and Japan depend on China, by when, and how much "
                    "would that help in the next export-control shock? All figures on this page are modelled.")

if ui.table_problems(data, *SCENARIO_TABLES, "export_controls"):
    assumptions = data.table("scenario_assumptions")
    projects = data.table("supply_projects")
    chains = data.table("chains").set_index("chain_id")
    values = ui.values()
    shared = values
    importer, chain_id = shared["importer"], shared["chain"]
    chain_name = chains.loc[chain_id, "name"]

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

    overrides = overrides_from(values, data, ui.specs())
    result = scenario_for(data, overrides)
    sentence = result_sentence(result, importer, chain_id, chain_name, data.manifest.end_year)
    ui.set_summary(sentence)
    st.success(sentence, icon=":material/insights:")

    levers_on = [lever for lever in ("finance", "stockpile", "pooling") if values.get(lever)] if shared["framework"] else []
    context = (f"Modelled · framework {'on: ' + ', '.join(levers_on) if levers_on else 'off'} · "
               f"{len(candidates)} candidate projects · data {data.manifest.version}")
    paths, levers_chart, supply, world, shock_chart = scenario_charts(data, overrides, importer, chain_id,
                                                                      int(values.get("sh_year") or 0), context)
    left, right = st.columns(2)
    with left:
        ui.show_chart(paths, PAGE)
    with right:
        ui.show_chart(levers_chart, PAGE)
    ui.show_chart(supply, PAGE)
    ui.show_chart(world, PAGE)

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
    ui.show_chart(shock_chart, PAGE)

    st.subheader("Assumptions")
    st.caption("Every number the model uses, with its label (verified, partly verified, derived, assumption), "
               "rationale and source. Edited values are marked in the 'current' column and travel in the link.")
    if ui.toggle("sc_edit"):
        base = assumptions[assumptions["lever"] == "base"]
        left, right = st.columns(2)
        with left:
            st.markdown(f"**Base-year inputs: {ui.escape_markdown(chain_name)}**")
            for row in base[base["chain_id"] == chain_id].itertuples(index=False):
                parameter_control(row)
        with right:
            st.markdown("**Projects and threshold**")
            for row in base[base["chain_id"] == "all"].itertuples(index=False):
                parameter_control(row)
    st.dataframe(assumption_table(data, overrides.params), hide_index=True, column_config=ui.link_columns(assumptions))
    st.page_link("pages/sources.py", label="How the model works (methodology) and what it cannot tell you",
                 icon=":material/menu_book:")
