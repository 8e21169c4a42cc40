"""A chart on the page with its sources and downloads (CSV of what is plotted, About file), and the
page's briefing export."""
from __future__ import annotations

import streamlit as st

from lib.app.state import run_state
from lib.app.tables import grid_columns
from lib.app.links import chart_stamp
from lib.charts.figure import Chart, stamped
from lib.links.readable import code_names
from lib.exports import briefing_html, chart_csv, chart_markers_csv, chart_metadata, file_stem, has_markers
from lib.markdown import escape_markdown, sources_markdown

# topojsonURL: the world map outline is served from static/, never from a CDN.
PLOTLY_CONFIG = {"displaylogo": False, "topojsonURL": "app/static/topojson/",
                 "modeBarButtonsToRemove": ["sendDataToCloud"]}


def show_chart(chart: Chart) -> None:
    """The chart and, when asked for, the numbers behind it. Inside a fragment its sources and downloads join
    the fragment's one popover; elsewhere they sit right under it."""
    in_fragment = register_chart(chart)
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {"filename": _stem(chart.key), "scale": 2}}
    state = run_state()
    if state.stamp is None:  # the same view for every chart of this run
        state.stamp = chart_stamp(state.data)
    figure = stamped(chart.spec, state.stamp)
    st.plotly_chart(figure, config=config, key=f"chart_{chart.key}", alt=chart.alt)
    if not in_fragment:
        sources_and_downloads([chart])
    if st.session_state.get("numbers"):
        st.dataframe(chart.data, hide_index=True, column_config=grid_columns(chart.data))


def show_side_by_side(*charts: Chart) -> None:
    """Charts in equal columns, left to right."""
    for column, chart in zip(st.columns(len(charts)), charts):
        with column:
            show_chart(chart)


def register_chart(chart: Chart) -> bool:
    """Remember the chart for the briefing, in page order; True when a fragment is drawing it."""
    state = run_state()
    if state.fragment is None:
        state.charts.append((None, chart))
        return False
    state.pending[state.fragment].append(chart)
    return True


def sources_and_downloads(charts: list[Chart]) -> None:
    """Each chart's linked sources and its CSV and About downloads, in one popover under the charts (the
    browser redraws these elements on every rerun, so they are kept to one popover per fragment)."""
    if not charts:
        return
    several = len(charts) > 1
    label = "Sources and downloads" + (f" for the {len(charts)} charts above" if several else "")
    with st.popover(label, icon=":material/info:"):
        st.caption("\n\n".join((f"**{escape_markdown(chart.title)}** — " if several else "")
                               + sources_markdown(chart.sources, chart.modelled) for chart in charts))
        buttons = st.container(horizontal=True)
        for chart in charts:
            _downloads(buttons, chart, f"{chart.key.replace('_', ' ').capitalize()} · " if several else "")


def _downloads(buttons, chart: Chart, prefix: str) -> None:
    state, stem = run_state(), _stem(chart.key)
    names = code_names(state.data)
    buttons.download_button(f"{prefix}CSV", data=lambda: chart_csv(chart, state.view, names), file_name=f"{stem}.csv",
                            mime="text/csv", key=f"csv_{chart.key}", on_click="ignore", icon=":material/download:",
                            help="Exactly the data plotted in this chart: a unit column, values rounded as shown "
                                 "beside their full precision, and a first line naming the data version and link.")
    if has_markers(chart.data):
        buttons.download_button(f"{prefix}Markers CSV", data=lambda: chart_markers_csv(chart, state.view, names),
                                file_name=f"{stem}.markers.csv", mime="text/csv", key=f"markers_{chart.key}",
                                on_click="ignore", icon=":material/download:",
                                help="The export-control events and milestones marked on this chart.")
    buttons.download_button(f"{prefix}About", data=lambda: chart_metadata(chart, state.view),
                            file_name=f"{stem}.metadata.txt", mime="text/plain", key=f"meta_{chart.key}",
                            on_click="ignore", icon=":material/description:",
                            help="Sources with links, confidence, settings, data version and horizon, time, link.")


def _stem(what: str, with_framework: bool = True) -> str:
    """Download names state what they hold: page, chart, importer, chain, framework state, as-of date."""
    state = st.session_state
    settings = {"importer": str(state.get("importer", "")), "chain": str(state.get("chain", "")),
                "as_of": str(state.get("as_of", ""))}
    if with_framework:
        settings["framework"] = "framework-on" if state.get("framework", True) else "framework-off"
    return file_stem(run_state().page, what, settings)


def source_note(sources, modelled: bool) -> None:
    st.caption(sources_markdown(sources, modelled))


def set_figures(figures: list[tuple[str, str]]) -> None:
    """The page's headline figures (label, value in words), placed under the answer in its briefing export."""
    run_state().figures = list(figures)


def set_summary(text: str) -> None:
    """The page's answer in one sentence, placed at the top of its briefing export."""
    run_state().summary = text


def briefing_button(page_title: str) -> None:
    """The sidebar's briefing download. Drawn by the full run, so its file name leaves out the framework
    state, which a fragment can change afterwards (the file itself states it)."""
    state = run_state()
    charts = state.charts  # updated in place by fragment reruns
    if not charts:
        return
    st.download_button("Briefing (HTML, works offline)", width="stretch",
                       data=lambda: briefing_html(page_title, [c for _, c in charts], state.view, state.summary,
                                                  state.figures, state.data.manifest.horizon_note),
                       file_name=f"{_stem('briefing', with_framework=False)}.html", mime="text/html",
                       key="briefing", on_click="ignore", icon=":material/article:",
                       help="Every chart on this page with its sources, settings and link, in one file that "
                            "opens without a network.")
