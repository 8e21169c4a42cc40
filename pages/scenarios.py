"""Scenarios: the framework's levers, dependency paths off vs on, supply by project, world concentration,
and an export-control shock — every assumption visible and adjustable."""
import streamlit as st

from lib.app import chart_panel, controls, frame, tables
from lib.app.assumption_editor import parameter_control
from lib.app.fragments import page_fragment
from lib.data.labels import IMPORTER_NAMES, names
from lib.markdown import escape_markdown
from lib.scenario.answer import probability_sentence, result_sentence
from lib.scenario.model import ModelInputError
from lib.scenario.presets import PRESETS, candidates_for_preset, preset
from lib.scenario.settings import ScenarioSettings
from lib.views.scenarios import (SCENARIO_TABLES, allowed_levers, assumption_rows, assumption_table, chain_names,
                                 drivers_chart, headline_figures, page_chains, presets_of, scenario_charts,
                                 scenario_for, shock_origin, uncertainty_for)

LEVERS = {"finance": "Project finance: candidates start earlier, deliver more often and sell more to US/Japanese "
                     "buyers.",
          "stockpile": "Stockpiling cooperation: extra days of cover, drawn down in a shock.",
          "pooling": "Pooling / rapid response: each partner shares spare stock and supply."}
data = frame.open_page("Scenarios: what the US–Japan framework changes",
                       "If the framework delivers, how much less do the US and Japan depend on China, by when, and how "
                       "much would that help in the next export-control shock? All figures on this page are modelled.")


def settings_from(values: dict, framework: bool) -> ScenarioSettings:
    return ScenarioSettings.from_controls(values, controls.catalogue(), presets_of(data), framework,
                                          allowed_levers(data, values["preset"]))


def follow_preset() -> None:
    """A new project preset brings its own candidate list (a hand-edited list is replaced)."""
    st.session_state["cand"] = sorted(candidates_for_preset(st.session_state["preset"], data.table("supply_projects")))


@page_fragment
def results() -> None:
    """The framework and lever switches with everything they change; flipping one reruns only this part."""
    importer, chain_id = st.session_state["importer"], st.session_state["chain"]
    with st.container(border=True, horizontal=True, gap="large"):
        framework = controls.framework_switch()
        for lever, text in LEVERS.items():
            controls.toggle(lever, help=text)
    chosen = controls.select("preset", labels={p.preset_id: p.label for p in PRESETS}, on_change=follow_preset,
                             help="Which projects the framework is credited with adding to a baseline that already "
                                  "holds every other programme (DoD, JARE/JOGMEC, CHIPS, Project Vault).")
    st.caption(escape_markdown(preset(chosen).description))
    values = controls.control_values()
    settings = settings_from(values, framework)
    if not framework:
        st.caption("The framework is switched off: the charts headline the world without it and show the "
                   "framework on, with the levers as set, for comparison.")
    try:
        result = scenario_for(data, settings.model_key)
    except ModelInputError as err:
        st.error(escape_markdown(f"These settings cannot be modelled: {err}. Change the setting named here."),
                 icon=":material/error:")
        return
    sentence = result_sentence(result, importer, chain_id, chain_names(data)[chain_id], data.manifest.end_year,
                               framework_on=framework)
    chance = probability_sentence(uncertainty_for(data, settings.model_key, page_chains(settings, chain_id)),
                                  importer, chain_id, chain_names(data)[chain_id])
    chart_panel.set_summary(f"{sentence} {chance}".strip())
    chart_panel.set_figures(headline_figures(result.paths, importer, chain_id, chain_names(data)[chain_id],
                                             data.manifest.base_year, data.manifest.end_year))
    st.success(escape_markdown(f"{sentence} {chance}".strip()), icon=":material/insights:")  # the answer with its odds

    levers = ", ".join(settings.levers_on) or "no lever"
    context = (f"Modelled · framework {settings.state} (levers on: {levers}) · "
               f"{len(values['cand'])} candidate projects · data {data.manifest.version}")
    paths, levers_chart, supply, world, shock_chart, effect, balance = scenario_charts(
        data, settings, importer, chain_id, context, shock_origin(values, presets_of(data)))
    chart_panel.show_side_by_side(paths, levers_chart)
    chart_panel.show_chart(effect)
    chart_panel.show_chart(supply)
    chart_panel.show_side_by_side(world, balance)
    chart_panel.show_chart(shock_chart)


def shock_controls() -> None:
    """Under the charts: the shock's settings (a change reruns the page) and the chosen shock in one line."""
    presets = {p.preset_id: p for p in presets_of(data)}
    with st.popover("Shock settings", icon=":material/tune:"):
        preset_id = controls.select("sh_preset", labels={**{k: f"{p.label} ({p.event_id})" for k, p in presets.items()},
                                                         "custom": "Custom shock"})
        chosen = presets.get(preset_id)
        if chosen is not None and chosen.year is not None:
            st.caption(f"This preset is about a dated event: its shock year is {chosen.year}.")
        else:
            controls.slider("sh_year", step=1)
        if preset_id == "custom":
            controls.select("sh_chain", labels=chain_names(data))
            controls.slider("sh_fraction", step=0.05)
            controls.slider("sh_months", step=1.0)
            controls.multi("sh_who", labels=IMPORTER_NAMES)
    shock = settings_from(controls.control_values(), True).model_key
    origin = ("a custom shock" if preset_id == "custom" else
              f"preset from {presets[preset_id].label} ({presets[preset_id].event_id}); its figures, sources and "
              "labels are in the assumptions table")
    st.caption(f"Export-control shock — {escape_markdown(chain_names(data)[shock.shock_chain])}: "
               f"{shock.shock_fraction:.0%} of China's flow stopped for {shock.shock_months:g} months from "
               f"{shock.shock_year}, hitting {', '.join(IMPORTER_NAMES[i] for i in shock.shock_importers)} — "
               f"{escape_markdown(origin)}. Change it under 'Shock settings'. Stocks hold, at the start of the shock "
               "year, what they have filled since their first year (assumptions under 'Stockpile lever'); no "
               "source in the data gives pipeline or processor inventories, so none are counted.")


@page_fragment
def drivers() -> None:
    """On request, the tornado: which assumptions move the framework's effect most in a chosen year."""
    if not controls.toggle("drivers", help="Swing each assumption across its control's range, one at a time, "
                                           "and rank them by how far the framework's effect moves (about 0.1 s)."):
        return
    importer, chain_id = st.session_state["importer"], st.session_state["chain"]
    year = controls.slider("dr_year", step=1)
    settings = settings_from(controls.control_values(), True)
    context = f"Modelled · one assumption at a time, every other as set · data {data.manifest.version}"
    try:
        chart = drivers_chart(data, settings.model_key, importer, chain_id, year, context)
    except ModelInputError as err:
        st.error(escape_markdown(f"These settings cannot be modelled: {err}."), icon=":material/error:")
        return
    chart_panel.show_chart(chart)
    rejected = chart.data[chart.data["problem"] != ""]
    st.caption("Each bar is named with its assumption row ([param_id]), listed with its label, rationale and "
               "source in the Assumptions table below; its range is the row's low–high (the control's ends)."
               + (f" Left out, as the model rejects an end of their range: "
                  f"{escape_markdown(', '.join(rejected['param_id']))}." if not rejected.empty else ""))


def assumption_controls() -> None:
    """Every number the model uses, in a table with its label and source, adjustable from the popovers above
    it; a change here reruns the whole page."""
    assumptions, projects = data.table("scenario_assumptions"), data.table("supply_projects")
    chain_id = st.session_state["chain"]
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
            with st.popover(f"{escape_markdown(label)} ({len(rows)})", icon=":material/tune:"):
                st.caption(escape_markdown(text))
                for row in rows:
                    parameter_control(row)
        with st.popover("Candidate projects", icon=":material/factory:"):
            project_names, links = names(projects, "project_id"), names(projects, "project_id", "framework_link")
            controls.multi("cand", labels={p: f"{project_names[p]} ({links[p]} link)" for p in project_names},
                           help="Projects the finance lever applies to. Defaults: projects whose link to the "
                                "framework is stated by a source or is an analyst assumption (labelled).")
    params = settings_from(controls.control_values(), True).model_key.params
    st.dataframe(assumption_table(data, params), hide_index=True, column_config=tables.link_columns(assumptions))
    st.page_link("pages/sources.py", label="How the model works (methodology) and what it cannot tell you",
                 icon=":material/menu_book:")


if frame.table_problems(data, *SCENARIO_TABLES, "export_controls"):
    results()
    shock_controls()
    drivers()
    assumption_controls()
