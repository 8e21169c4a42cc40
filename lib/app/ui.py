"""Shared UI pieces: controls kept in the URL, the page header, charts with sources and downloads.

The one module in lib/ that imports Streamlit. Data-derived text is shown as escaped Markdown or in
native elements, never as HTML.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from urllib.parse import quote, urlencode, urlsplit

import pandas as pd
import streamlit as st

from lib.links import codec as url_state
from lib.charts.figure import IMPORTER_NAMES, Chart
from lib.links.controls import ALWAYS_IN_LINKS, build_specs
from lib.data.load import Dataset, load_dataset
from lib.exports import ViewContext, briefing_html, chart_csv, chart_metadata, file_stem
from lib.data.rules import is_http_url

LIST_ITEM_GAP = re.compile(r";(?=\S)")  # 'REE;NdFeB' shown as 'REE; NdFeB' so that a long list can wrap
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
PLOTLY_CONFIG = {"displaylogo": False, "topojsonURL": "app/static/topojson/",
                 "modeBarButtonsToRemove": ["sendDataToCloud"]}
_DECODED, _NOTICES, _LINK_VERSION = "_url_decoded", "_url_notices", "_link_version"
_PAGE, _CHARTS, _EXPORT, _ROUTED, _DATA = "_page", "_charts", "_export", "_routed", "_data"
_SECTION = "_section"
URL_SAFE = ":/?#@!$&'*+,;=%~"  # kept as they are in a link; everything else is percent-encoded


def escape_markdown(text: object) -> str:
    """Data text shown through Markdown-rendering elements without any of it acting as markup."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def dataset() -> Dataset:
    """The dataset of this run (app.py loads it once per run with load_dataset, which notices edited files)."""
    return _state(_DATA) or load_dataset()


def require_router() -> None:
    """Run app.py's router first, whatever URL the first visitor opens.

    With a folder named pages/, Streamlit starts in its legacy multipage mode and, until some session has
    run st.navigation, serves /<page> by running that page file alone — without the shared controls.
    The design keeps pages/ (it is in the binding layout), so a page that finds the router did not run
    switches the legacy flag off, as st.navigation itself does, and reruns through app.py."""
    if _state(_ROUTED):
        return
    from streamlit.runtime.pages_manager import PagesManager
    PagesManager.uses_pages_directory = False
    st.rerun()


def specs() -> dict:
    return build_specs(dataset())


# ---------------------------------------------------------------- URL state
# Streamlit's widget binding (bind="query-params") was the first choice, but it writes a selectbox's
# formatted label into the URL (?chain=Gallium+(primary+metal)) instead of its id, drops invalid values
# without a word (we must say which parameters were ignored) and cannot be written from code. So the
# canonical state lives in st.session_state: the link is decoded once per session (lib.links.codec) and
# the address bar is rewritten at the end of every run — the fallback Streamlit's docs describe.

def start_run(data: Dataset, page: str) -> None:
    """Called first on every full run: read the link once per session, then track this run's page."""
    all_specs = build_specs(data)
    if not _state(_DECODED):
        query = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
        decoded = url_state.decode(query, all_specs)
        for key, value in decoded.values.items():
            st.session_state[key] = list(value) if isinstance(value, tuple) else value
        st.session_state[_NOTICES] = decoded.notices
        st.session_state[_LINK_VERSION] = decoded.link_version
        st.session_state[_DECODED] = True
    st.session_state[_ROUTED] = True
    st.session_state[_DATA] = data
    st.session_state[_PAGE] = page
    # Mutated in place by section reruns, so downloads made later (they run outside the script) see the
    # charts, summary and settings on screen.
    st.session_state[_CHARTS] = []
    st.session_state[_EXPORT] = {}
    st.session_state[_SECTION] = None


def _state(key: str, default=None):
    """One session-state read (`in` and `.get` filter the whole state on every call)."""
    try:
        return st.session_state[key]
    except KeyError:
        return default


_MISSING = object()


def _prepare(key: str):
    spec = build_specs(st.session_state[_DATA])[key]
    if _state(key, _MISSING) is _MISSING:
        st.session_state[key] = list(spec.default) if spec.kind == "multi" else spec.default
    return spec


def select(key: str, labels: dict | None = None, container=st, **kwargs):
    spec = _prepare(key)
    names = labels or {}
    return container.selectbox(spec.label, spec.choices, key=key, persist_state="session",
                               format_func=lambda v: names.get(v, v), **kwargs)


def multi(key: str, labels: dict | None = None, container=st, **kwargs) -> list:
    spec = _prepare(key)
    names = labels or {}
    return container.multiselect(spec.label, spec.choices, key=key, persist_state="session",
                                 format_func=lambda v: names.get(v, v), **kwargs)


def toggle(key: str, container=st, **kwargs) -> bool:
    spec = _prepare(key)
    return container.toggle(spec.label, key=key, persist_state="session", **kwargs)


def number(key: str, container=st, **kwargs):
    spec = _prepare(key)
    return container.number_input(spec.label, min_value=spec.minimum, max_value=spec.maximum, key=key,
                                  persist_state="session", **kwargs)


def slider(key: str, container=st, **kwargs):
    spec = _prepare(key)
    return container.slider(spec.label, min_value=spec.minimum, max_value=spec.maximum, key=key,
                            persist_state="session", **kwargs)


def text(key: str, container=st, **kwargs) -> str:
    spec = _prepare(key)
    return container.text_input(spec.label, key=key, persist_state="session", max_chars=200, **kwargs)


def date(key: str, container=st, **kwargs) -> dt.date:
    spec = _prepare(key)
    return container.date_input(spec.label, min_value=spec.minimum, max_value=spec.maximum, key=key,
                                persist_state="session", **kwargs)


def values() -> dict:
    """Every control of the shared frame and of the current page, rendered or not: the value the user set,
    else the default. (Hidden controls keep their values: widgets persist for the session.)"""
    state = st.session_state.to_dict()  # one read: each st.session_state.get filters the whole state
    page = state.get(_PAGE, "")
    return {key: state.get(key, spec.default) for key, spec in build_specs(state[_DATA]).items()
            if spec.page in ("", page)}


def current_query(data: Dataset, current_values: dict) -> dict[str, str]:
    current = {k: (tuple(v) if isinstance(v, list) else v) for k, v in current_values.items()}
    return url_state.encode(current, build_specs(data), data.manifest.version, always=ALWAYS_IN_LINKS)


def view_link(data: Dataset, current_values: dict) -> str:
    query = urlencode(current_query(data, current_values))
    base = _page_url()
    return f"{base}?{query}" if base else f"?{query}"


def _page_url() -> str:
    url = st.context.url or ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.scheme in ("http", "https") else ""


def write_url(data: Dataset, current_values: dict) -> None:
    """Keep the address bar equal to the view, so copying it from the browser works too."""
    wanted = current_query(data, current_values)
    for reserved in url_state.RESERVED_KEYS:
        if reserved in st.query_params:
            wanted[reserved] = st.query_params[reserved]
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


# ---------------------------------------------------------------- sidebar and page frame

def shared_controls(data: Dataset) -> None:
    """The controls every page shares; created once per run in app.py so they persist across pages."""
    chains = data.table("chains")
    chain_names = dict(zip(chains["chain_id"], chains["name"])) if chains is not None else {}
    with st.sidebar:
        select("importer", IMPORTER_NAMES, help="Whose dependency on China the pages show.")
        select("chain", chain_names, help="Supply chain for the overview and scenario charts.")
        date("as_of", help="Date for 'what is in force' and for milestone status.")
        toggle("numbers", help="Show the table of numbers under every chart.")


def open_page(title: str, question: str) -> Dataset:
    """Every page starts here: route through app.py if needed, then the title, question and data horizon."""
    require_router()
    data = dataset()
    page_header(data, title, question)
    return data


def page_header(data: Dataset, title: str, question: str) -> None:
    st.title(title)
    st.caption(escape_markdown(question))
    horizon_caption(data)
    _link_notices(data)


def horizon_caption(data: Dataset) -> None:
    manifest = data.manifest
    horizon = manifest.horizon.isoformat() if manifest.horizon else "unknown"
    st.caption(f"Sources current to {horizon} · data version {escape_markdown(manifest.version)}")


def _link_notices(data: Dataset) -> None:
    notices = _state(_NOTICES, ())
    if notices:
        lines = "\n".join(f"- {escape_markdown(n)}" for n in notices)
        st.warning(f"Some parts of the link could not be used; the view shows defaults for them:\n{lines}",
                   icon=":material/link_off:")
    linked = _state(_LINK_VERSION)
    if linked and linked != data.manifest.version:
        st.info(f"This link was made with data version {escape_markdown(linked)}; the tables are now version "
                f"{escape_markdown(data.manifest.version)}. The view opens with the current data, so figures may "
                "differ from what the sender saw.", icon=":material/update:")


def table_problems(data: Dataset, *names: str) -> bool:
    """Show what is wrong with the tables a section needs; True when every one of them is usable."""
    missing = data.missing(*names)
    for problem in data.errors(*names):
        st.error(escape_markdown(problem), icon=":material/error:")
    for problem in data.warnings(*names):
        st.warning(escape_markdown(problem), icon=":material/warning:")
    if missing:
        st.info("This section needs the table(s) " + ", ".join(missing) + ", which could not be used. Fix the "
                "file(s) named above and reload; `python -m lib.data.validate` runs the same checks.")
    return not missing


def settings_for_export(data: Dataset, current_values: dict) -> list[tuple[str, str]]:
    all_specs = build_specs(data)
    rows = []
    for key, value in current_values.items():
        spec = all_specs.get(key)
        if spec is None or value is None:
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        rows.append((spec.label or key, shown or "(all)"))
    return rows


def view_context(data: Dataset, page: str, current_values: dict) -> ViewContext:
    return ViewContext.now(page, view_link(data, current_values), data.manifest.version, data.manifest.horizon,
                           settings_for_export(data, current_values))


def _stem_settings() -> dict[str, str]:
    return {"importer": str(_state("importer", "")), "chain": str(_state("chain", "")),
            "framework": "framework-on" if _state("framework", True) else "framework-off",
            "as_of": str(_state("as_of", ""))}


# ---------------------------------------------------------------- sections that rerun on their own

def section(body: Callable[[], None] | None = None, *, sources_after: bool = False):
    """Make a part of a page a fragment: its own widgets rerun only it, not the router and the rest of the page.

    After each rerun of the part alone, the address bar and what the downloads export are brought in step.
    The charts' sources and downloads sit at the end of the part, or, with sources_after=True, are left to
    `section_sources` after it: the browser then does not redraw them each time the part reruns. Use that
    only where the part's own widgets cannot change any chart's sources."""
    if body is None:
        return functools.partial(section, sources_after=sources_after)
    name = body.__qualname__

    @st.fragment
    @functools.wraps(body)
    def run() -> None:
        alone = not _state(_ROUTED)  # the router clears the flag when its full run ends
        st.session_state[_SECTION] = name
        position = _forget_charts_of(name)
        try:
            body()
            if not sources_after:
                sources_and_downloads(st.session_state[_EXPORT]["pending"][name])
        finally:
            st.session_state[_SECTION] = None
        _place_charts_of(name, position)
        if alone:
            _sync_after_section()
    run.owner = name
    return run


def section_sources(part: Callable[[], None], container=st) -> None:
    """The sources and downloads of a section declared with sources_after=True, drawn by the full run after it.
    The downloads look the charts up when clicked, so they export what a later rerun of the part drew."""
    sources_and_downloads([chart for owner, chart in st.session_state[_CHARTS] if owner == part.owner], container,
                          _router_stem_settings())


def _forget_charts_of(owner: str) -> int:
    """Drop the charts a section drew last time; return where they stood in the page's list."""
    charts = st.session_state[_CHARTS]
    positions = [i for i, (who, _) in enumerate(charts) if who == owner]
    charts[:] = [entry for entry in charts if entry[0] != owner]
    st.session_state[_EXPORT].setdefault("pending", {})[owner] = []
    return positions[0] if positions else len(charts)


def _place_charts_of(owner: str, position: int) -> None:
    pending = st.session_state[_EXPORT]["pending"].pop(owner, [])
    st.session_state[_CHARTS][position:position] = [(owner, chart) for chart in pending]


def _sync_after_section() -> None:
    data, current = dataset(), values()
    st.session_state[_EXPORT]["view"] = view_context(data, st.session_state[_PAGE], current)
    write_url(data, current)


def _router_stem_settings() -> dict[str, str]:
    """File-name settings for buttons the full run draws outside a section: their names are fixed when drawn,
    so they leave out the framework state, which a section can change afterwards (the files state it)."""
    return {k: v for k, v in _stem_settings().items() if k != "framework"}


# ---------------------------------------------------------------- charts, sources and downloads

def show_chart(chart: Chart, page: str) -> None:
    """The chart and, when asked for, the numbers behind it. Its sources and downloads are in the one
    'Sources and downloads' popover of its section, or right under it outside a section."""
    _register(chart)
    stem = file_stem(page, chart.key, _stem_settings())
    config = {**PLOTLY_CONFIG, "toImageButtonOptions": {"filename": stem, "scale": 2}}
    st.plotly_chart(chart.figure, config=config, key=f"chart_{chart.key}", alt=chart.alt)
    if _state(_SECTION) is None:
        sources_and_downloads([chart])
    if _state("numbers"):
        st.dataframe(chart.data, hide_index=True, column_config=link_columns(chart.data))


def sources_and_downloads(charts: list[Chart], container=st, settings: dict[str, str] | None = None) -> None:
    """Each chart's linked sources and its CSV and About downloads, in one popover under the charts.

    The browser redraws these elements on every rerun of the section, even while the popover is closed, so
    they are kept to one list per section (the figures name their sources themselves)."""
    if not charts:
        return
    page, settings, several = st.session_state[_PAGE], settings or _stem_settings(), len(charts) > 1
    label = "Sources and downloads" + (f" for the {len(charts)} charts above" if several else "")
    with container.popover(label, icon=":material/info:"):
        st.caption("\n\n".join((f"**{escape_markdown(chart.title)}** — " if several else "")
                                 + source_line(chart.sources, chart.modelled) for chart in charts))
        buttons = st.container(horizontal=True)
        for chart in charts:
            _chart_downloads(buttons, chart, file_stem(page, chart.key, settings),
                             _chart_name(chart) + " · " if several else "")


def _chart_name(chart: Chart) -> str:
    return chart.key.replace("_", " ").capitalize()


def _chart_downloads(buttons, chart: Chart, stem: str, prefix: str = "") -> None:
    live = _live_chart(chart)
    buttons.download_button(f"{prefix}CSV", data=lambda: chart_csv(live()), file_name=f"{stem}.csv", mime="text/csv",
                            key=f"csv_{chart.key}", on_click="ignore", icon=":material/download:",
                            help="Exactly the data plotted in this chart.")
    export = st.session_state[_EXPORT]
    buttons.download_button(f"{prefix}About", data=lambda: chart_metadata(live(), export["view"]),
                            file_name=f"{stem}.metadata.txt", mime="text/plain", key=f"meta_{chart.key}",
                            on_click="ignore", icon=":material/description:",
                            help="Sources with links, confidence, settings, data version and horizon, time, link.")


def _live_chart(chart: Chart) -> Callable[[], Chart]:
    """The chart with this key on screen when a download is clicked (a section may have redrawn it since)."""
    charts = st.session_state[_CHARTS]  # the page's list, updated in place by section reruns

    def current() -> Chart:
        return next((c for _, c in charts if c.key == chart.key), chart)
    return current


def _register(chart: Chart) -> None:
    """Remember the chart for the briefing, in page order, under the section that drew it."""
    owner = _state(_SECTION)
    if owner is None:
        st.session_state[_CHARTS].append((None, chart))
    else:
        st.session_state[_EXPORT]["pending"][owner].append(chart)


def source_note(sources, modelled: bool) -> None:
    st.caption(source_line(sources, modelled))


def source_line(sources, modelled: bool) -> str:
    """'Modelled' or 'Reported data', then the sources as Markdown links (http(s) only, names escaped)."""
    kind = "Modelled (scenario model)" if modelled else "Reported data"
    links = [markdown_link(name, url) for name, url in sources if is_http_url(url)]
    shown = "; ".join(links[:6]) + (f"; and {len(links) - 6} more (see the metadata download)" if len(links) > 6 else "")
    return f"**{kind}.** Sources: {shown or 'see the Sources page'}"


def markdown_link(text: object, url: str) -> str:
    """A Markdown link to an http(s) URL; brackets, parentheses and spaces in the URL are percent-encoded so
    that they cannot end the link early."""
    return f"[{escape_markdown(text)}]({quote(url.strip(), safe=URL_SAFE)})"


def fact_list(facts: dict) -> None:
    """Label–value pairs as one Markdown list: long text wraps instead of being cut in a grid cell, and it is
    one light element instead of a data grid. Values are data, so they are escaped."""
    st.markdown("\n".join(f"- **{escape_markdown(label)}:** {escape_markdown(_shown(value))}"
                          for label, value in facts.items()))


def _shown(value: object) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return "not stated" if text in ("", "NaT", "nan", "None", "<NA>") else text


MAX_MARKDOWN_ROWS = 40


def small_table(frame: pd.DataFrame, percent_columns: tuple[str, ...] = (), headers: dict | None = None) -> None:
    """A short table as a Markdown table: long text wraps instead of being cut, and the browser loads neither
    the data grid nor the Arrow decoder (≈ 2 MB of script on a cold load; st.table needs the decoder too).
    A longer one (your own, larger tables) goes to the data grid, which scrolls in place.
    `headers` renames columns for display."""
    if len(frame) > MAX_MARKDOWN_ROWS:
        _grid(frame, percent_columns, headers or {})
        return
    st.markdown(markdown_table(markdown_cells(frame, percent_columns).rename(columns=headers or {})))


def _grid(frame: pd.DataFrame, percent_columns: tuple[str, ...], headers: dict) -> None:
    """small_table's long form, with the same column names, links and percentages."""
    config = {column: st.column_config.Column(headers.get(column, column)) for column in frame.columns}
    config.update({column: {**setting, "label": headers.get(column, column)}
                   for column, setting in link_columns(frame).items()})
    config.update({column: st.column_config.NumberColumn(headers.get(column, column), format="percent")
                   for column in percent_columns})
    st.dataframe(frame, hide_index=True, column_config=config)


def markdown_table(cells: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table of cells that are already Markdown (see markdown_cells). Line breaks
    would end a row early, so every run of white space becomes one space."""
    def row(values) -> str:
        return "| " + " | ".join(" ".join(str(value).split()) for value in values) + " |"
    header = row(escape_markdown(column) for column in cells.columns)
    rule = row("---" for _ in cells.columns)
    return "\n".join([header, rule, *(row(values) for values in cells.itertuples(index=False))])


def markdown_cells(frame: pd.DataFrame, percent_columns: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every cell as Markdown text for a Markdown table: data is escaped, source URLs become links only when
    they are http(s), shares in percent_columns are shown as percentages, ';'-lists get a space to wrap at."""
    def cell(column: str, value: object) -> str:
        if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
            return ""
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        if column in percent_columns:
            return f"{float(value):.0%}"
        if column.endswith("source_url"):
            return markdown_link("open source", value) if is_http_url(str(value)) else escape_markdown(value)
        return escape_markdown(LIST_ITEM_GAP.sub("; ", str(value)))
    return pd.DataFrame({column: [cell(column, v) for v in frame[column].tolist()] for column in frame.columns})


def link_columns(frame: pd.DataFrame) -> dict:
    config = {}
    for column in frame.columns:
        if column.endswith("source_url"):
            config[column] = st.column_config.LinkColumn(column, display_text="open source",
                                                          validate=r"^https?://")
    return config


def set_summary(text: str) -> None:
    """The page's answer in one sentence, placed at the top of its briefing export."""
    st.session_state[_EXPORT]["summary"] = text


def framework_toggle(container=st) -> bool:
    """The US–Japan framework switch: a page control, so that flipping it reruns only its section.

    It is drawn on two pages, and Streamlit gives a widget a different identity on each page: without the
    hand-over below, the second page would draw the switch at its default (off) and switch the framework
    off. Assigning the value to its key before the widget is drawn is Streamlit's way of carrying it over."""
    if _state("framework", _MISSING) is not _MISSING:
        st.session_state["framework"] = st.session_state["framework"]
    return toggle("framework", container=container,
                  help="Switch the 2025 US–Japan framework's levers on or off in the scenario model. The setting "
                       "holds on every page and travels in the link.")


def finish_run(data: Dataset, page: str, page_title: str) -> None:
    """After the page: keep the URL in step, and offer the link and the briefing export in the sidebar."""
    st.session_state[_ROUTED] = False
    current = values()
    write_url(data, current)
    export = st.session_state[_EXPORT]
    export["view"] = view_context(data, page, current)
    charts = st.session_state[_CHARTS]  # the same list a section rerun updates in place
    with st.sidebar:
        st.divider()
        if st.button("Share this view", icon=":material/link:", key="share", width="stretch",
                     help="The link that reopens exactly this view."):
            share_dialog(export["view"].link)
        if charts:
            st.download_button("Briefing (HTML, works offline)", width="stretch",
                               data=lambda: briefing_html(page_title, [c for _, c in charts], export["view"],
                                                          export.get("summary", "")),
                               file_name=f"{file_stem(page, 'briefing', _router_stem_settings())}.html",
                               mime="text/html", key="briefing", on_click="ignore", icon=":material/article:",
                               help="Every chart on this page with its sources, settings and link, in one file "
                                    "that opens without a network.")


@st.dialog("Share this view")
def share_dialog(link: str) -> None:
    st.code(link, language=None, wrap_lines=True)
    st.caption("Copy the link (button at its right) to reopen exactly this view. The address bar holds the "
               "same link.")
