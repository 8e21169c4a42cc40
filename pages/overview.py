"""Overview: headline exposure for the selected importer and the framework's effect in one chart."""
import streamlit as st

from lib.app import chart_panel, controls, frame, tables
from lib.app.fragments import page_fragment
from lib.data.labels import IMPORTER_NAMES, parties_in_words
from lib.markdown import escape_markdown
from lib.scenario.settings import ScenarioSettings
from lib.topics.headlines import HEADLINE_YEAR, agreements_signed_involving, dependency_headlines, last_known_date
from lib.scenario.answer import probability_sentence, result_sentence
from lib.scenario.model import ModelInputError
from lib.topics.scorecard import scorecard_sentence
from lib.views.overview import SCORECARD_TABLES, cliff_line, measure_counts, scorecard, scorecard_table
from lib.views.scenarios import (SCENARIO_TABLES, chain_sources, dependency_bands, presets_of, scenario_for,
                                 timeline_markers, uncertainty_for)
from lib.views.trade import TRADE_TABLES, bite_line
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
    try:
        result = scenario_for(data, settings.model_key)
    except ModelInputError as err:
        st.error(escape_markdown(f"The scenario cannot be modelled with these tables: {err}"), icon=":material/error:")
        return
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
    chart_panel.set_figures([(f"{IMPORTER_NAMES[importer]}: dependency on China, {chains.loc[h.chain_id, 'name']}, "
                              f"{HEADLINE_YEAR}, framework {state}",
                              f"{h.share:.0%} ({f'{h.change_pts:+.1f} points' if h.changed else 'no change'} against "
                              f"the framework {other})") for h in headlines])
    chain_name = chains.loc[chain_id, "name"]
    context = (f"Modelled · framework {state}, levers and assumptions at their sourced defaults · "
               f"base year {data.manifest.base_year}")
    ranges = uncertainty_for(data, settings.model_key, (chain_id,))
    chart_panel.show_chart(dependency_paths(result.paths[result.paths["chain_id"] == chain_id],
                                            timeline_markers(data, chain_id), importer, chain_name, context,
                                            chain_sources(data, chain_id), headline=state,
                                            bands=dependency_bands(ranges, importer, chain_id), draws=ranges.draws,
                                            seed=ranges.seed))
    sentence = result_sentence(result, importer, chain_id, chain_name, data.manifest.end_year, framework_on=framework)
    chance = probability_sentence(ranges, importer, chain_id, chain_name)
    chart_panel.set_summary(f"{sentence} {chance}".strip())
    st.info(escape_markdown(f"{sentence} {chance}".strip()), icon=":material/insights:")  # the answer with its odds


def _scenario_settings_notice() -> None:
    """The Overview always shows the default levers and assumptions; say so when the reader changed them."""
    changed = controls.changed_elsewhere("scenarios")
    if changed:
        st.caption(f"You changed {len(changed)} setting(s) on the Scenarios page; the Overview uses the defaults.")
        st.page_link("pages/scenarios.py", label="See the scenario with your settings", icon=":material/tune:")


if frame.table_problems(data, *SCENARIO_TABLES):
    exposure()


def one_year_on() -> None:
    """The framework's scorecard on the as-of date: commitments due and their evidence, projects financed
    under it, money committed, and when each was last checked."""
    card = scorecard(data, st.session_state["as_of"])
    st.subheader("US–Japan framework one year on: what has it delivered?")
    with st.container(border=True):
        st.markdown(escape_markdown(scorecard_sentence(card)))
        cells = st.columns(5)
        cells[0].metric(f"Due by {card.as_of}", f"{card.due_total} of {len(card.commitments)}",
                        help="The framework's commitments whose deadline (the end of the stated period) has passed, "
                             "of all its commitments.")
        cells[1].metric("Met", card.due["met"])
        cells[2].metric("Missed", card.due["missed"])
        cells[3].metric("Unknown", card.due["unknown"], help="No public evidence either way in the sources read.")
        cells[4].metric("Projects financed", len(card.financed_projects),
                        help="Projects a source says are financed under the framework (analyst candidates do not "
                             "count).")
        tables.small_table(scorecard_table(card), headers={"timing": f"on {card.as_of}", "status": "evidence",
                                                           "last_checked": "last checked", "source_url": "source"})
        money = ("No money is stated as committed under the framework (its text names no amount)."
                 if card.committed.empty else f"Committed under the framework: {scorecard_sentence(card)}")
        projects = ("No project has evidence of financing under the framework"
                    if card.financed_projects.empty else f"{len(card.financed_projects)} project(s) are financed "
                    "under the framework")
        st.caption(f"{money} {projects}; {card.candidate_projects} projects are analyst candidates only (an "
                   "assumption, not evidence). 'Last checked' for commitments is the latest dated source on the "
                   "framework's status; projects are as of the data horizon. Evidence is what the sources read show "
                   "up to the horizon; the as-of date decides only what has fallen due.")


# agreements and supply_projects report their problems in their own sections of this page; only the
# milestones are reported here, so no warning shows twice.
if frame.table_problems(data, "agreement_milestones"):
    if data.missing(*SCORECARD_TABLES):
        st.info("The framework scorecard needs the table(s) " + ", ".join(data.missing(*SCORECARD_TABLES)) +
                ", which could not be used (see the messages on this page).")
    else:
        one_year_on()

def passed_suspension_ends(day) -> None:
    """After the horizon: how many measures are past a suspension's scheduled end, and the cliffs by name."""
    later = measure_counts(data, day)
    st.caption(f"On {day}: {later['unknown'] + later['scheduled_end_passed']} measures of unknown state, "
               f"{later['scheduled_end_passed']} of them past a suspension's scheduled end.")
    line = cliff_line(data, day)
    if line:
        st.warning(escape_markdown(line), icon=":material/event_busy:")


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
            passed_suspension_ends(as_of)
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
