"""Scenarios: the framework's levers, dependency paths off vs on, supply by project, world concentration,
and an export-control shock — every assumption visible and adjustable."""
import streamlit as st

from lib.app import ui
from lib.views.scenarios import (SCENARIO_TABLES, assumption_rows, chain_names, overrides_from, presets_of,
                                result_sentence, scenario_charts, scenario_for)
from lib.app.assumption_editor import assumption_table, parameter_control

PAGE = "scenarios"
LEVERS = {"finance": "Project finance: candidates start earlier, deliver more often and sell more to US/Japanese "
                     "buyers.",
          "stockpile": "Stockpiling cooperation: extra days of cover, drawn down in a shock.",
          "pooling": "Pooling / rapid response: each partner shares spare stock and supply."}
data = ui.open_page("Scenarios: what the US–Japan framework changes",
                    "If the framework delivers, how much less do the US and Japan depend on China, by when, and how much "
                    "would that help in the next export-control shock? All figures on this page are modelled.")


@ui.section(sources_after=True)
def results() -> None:
    """The framework and lever switches with everything they change; flipping one reruns only this part.

    Only what the switches change is in here (the browser redraws all of it on each flip); the switches
    cannot change a chart's sources (tests/test_pages.py checks), so those are drawn after the part."""
    values = ui.values()
    importer, chain_id, framework = values["importer"], values["chain"], values["framework"]
    chain_name = chain_names(data)[chain_id]
    with st.container(border=True, horizontal=True, gap="large"):
        ui.framework_toggle()
        for lever, text in LEVERS.items():
            ui.toggle(lever, disabled=not framework, help=text)
    if not framework:
        st.caption("The framework is switched off, so 'on' equals 'off' below.")

    overrides = overrides_from(values, data, ui.specs())
    result = scenario_for(data, overrides)
    sentence = result_sentence(result, importer, chain_id, chain_name, data.manifest.end_year)
    ui.set_summary(sentence)
    st.success(ui.escape_markdown(sentence), icon=":material/insights:")

    levers_on = [lever for lever in LEVERS if values.get(lever)] if framework else []
    context = (f"Modelled · framework {'on: ' + ', '.join(levers_on) if levers_on else 'off'} · "
               f"{len(values['cand'])} candidate projects · data {data.manifest.version}")
    paths, levers_chart, supply, world, shock_chart = scenario_charts(data, overrides, importer, chain_id,
                                                                      int(values.get("sh_year") or 0), context)
    left, right = st.columns(2)
    with left:
        ui.show_chart(paths, PAGE)
    with right:
        ui.show_chart(levers_chart, PAGE)
    ui.show_chart(supply, PAGE)
    ui.show_chart(world, PAGE)
    ui.show_chart(shock_chart, PAGE)


def shock_controls() -> None:
    """Under the charts: the shock's settings (a change reruns the page) beside the charts' sources and
    downloads, and the chosen shock in one line."""
    presets = {p.event_id: p for p in presets_of(data)}
    row = st.container(horizontal=True)
    with row.popover("Shock settings", icon=":material/tune:"):
        preset_id = ui.select("sh_preset", labels={**{k: f"{p.label} ({p.event_id})" for k, p in presets.items()},
                                                   "custom": "Custom shock"})
        ui.slider("sh_year", step=1)
        if preset_id == "custom":
            ui.select("sh_chain", labels=chain_names(data))
            ui.slider("sh_fraction", step=0.05)
            ui.slider("sh_months", step=1.0)
            ui.multi("sh_who", labels=ui.IMPORTER_NAMES)
    ui.section_sources(results, row)
    shock = overrides_from(ui.values(), data, ui.specs())
    origin = ("a custom shock" if preset_id == "custom" else
              f"preset from {presets[preset_id].label} ({preset_id}); its figures and sources are in the "
              "assumptions table")
    st.caption(f"Export-control shock — {ui.escape_markdown(chain_names(data)[shock.shock_chain])}: "
               f"{shock.shock_fraction:.0%} of China's "
               f"flow stopped for {shock.shock_months:g} months from {shock.shock_year}, hitting "
               f"{', '.join(ui.IMPORTER_NAMES[i] for i in shock.shock_importers)} — {ui.escape_markdown(origin)}. "
               "Change it under 'Shock settings'.")


def assumption_controls() -> None:
    """Every number the model uses, in a table with its label and source, and adjustable from the popovers
    above it; a change here reruns the whole page."""
    assumptions, projects = data.table("scenario_assumptions"), data.table("supply_projects")
    values = ui.values()  # widgets drawn below already hold their values in the session state
    chain_id = values["chain"]
    st.subheader("Assumptions")
    st.caption("Every number the model uses, with its label (verified, partly verified, derived, assumption), "
               "rationale and source. Adjust them with the buttons; edited values are marked in the 'current' "
               "column and travel in the link.")
    groups = {f"{lever.capitalize()} lever": (text, assumption_rows(data, lever)) for lever, text in LEVERS.items()}
    groups[f"Base year: {chain_names(data)[chain_id]}"] = (
        "Base-year demand, supply and shares of the chain chosen in the sidebar.", assumption_rows(data, "base", chain_id))
    groups["Projects and threshold"] = ("Project delivery and the dependency threshold.",
                                        assumption_rows(data, "base", "all"))
    with st.container(horizontal=True):
        for label, (text, rows) in groups.items():
            with st.popover(f"{ui.escape_markdown(label)} ({len(rows)})", icon=":material/tune:"):
                st.caption(ui.escape_markdown(text))
                for row in rows:
                    parameter_control(row)
        with st.popover("Candidate projects", icon=":material/factory:"):
            names = dict(zip(projects["project_id"], projects["name"]))
            links = dict(zip(projects["project_id"], projects["framework_link"]))
            ui.multi("cand", labels={p: f"{names[p]} ({links[p]} link)" for p in names},
                     help="Projects the finance lever applies to. Defaults: projects whose link to the framework "
                          "is stated by a source or is an analyst assumption (labelled).")
    overrides = overrides_from(values, data, ui.specs())
    st.dataframe(assumption_table(data, overrides.params), hide_index=True, column_config=ui.link_columns(assumptions))
    st.page_link("pages/sources.py", label="How the model works (methodology) and what it cannot tell you",
                 icon=":material/menu_book:")


if ui.table_problems(data, *SCENARIO_TABLES, "export_controls"):
    results()
    shock_controls()
    assumption_controls()
