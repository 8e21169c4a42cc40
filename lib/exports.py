"""Exports that carry their own context: chart CSVs with a metadata file, and a self-contained briefing
HTML (plotly.js inlined, world outline embedded) that opens offline in any browser."""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.io as pio
from plotly.offline import get_plotlyjs

from lib.charts.figure import SOURCE_WIDTH, Chart, stamp_lines, stamped, visible
from lib.topics.export_controls import STATE_LABELS

TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "static" / "topojson"


@dataclass(frozen=True)
class ViewContext:
    page: str
    link: str
    version: str
    horizon: str
    settings: tuple[tuple[str, str], ...]
    generated_at: str
    released: str = "undated"  # the day this data version was released
    assumptions: tuple[tuple[str, str], ...] = ()  # (label in words, value with unit) of the scenario model

    @staticmethod
    def now(page: str, link: str, version: str, horizon: dt.date | None, settings,
            released: dt.date | None = None, assumptions=()) -> "ViewContext":
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return ViewContext(page, link, version, horizon.isoformat() if horizon else "unknown", tuple(settings), stamp,
                           released.isoformat() if released else "undated", tuple(assumptions))

    @property
    def view_id(self) -> str:
        return view_id(self.link)


def view_id(link: str) -> str:
    """A short name for a view (its link's hash), printed on PNGs and in CSVs and About files to match them."""
    return hashlib.sha256(link.split("?", 1)[-1].encode("utf-8")).hexdigest()[:8]


MAX_LINK_IN_FIGURE = 2 * SOURCE_WIDTH


def chart_stamp_lines(as_of: str, horizon: dt.date | None, version: str, released: dt.date | None,
                      link: str) -> list[str]:
    """Under a figure's sources: the as-of date, the data horizon, the data version and its date, and the
    view's link (or, when too long to print, the view id the CSV and About files also carry, with the link)."""
    facts = (f"As of {as_of or 'today'} · sources current to {horizon.isoformat() if horizon else 'unknown'} · "
             f"data version {version} of {released.isoformat() if released else 'undated'}")
    shown = (f"View {view_id(link)}: {link}" if len(link) <= MAX_LINK_IN_FIGURE
             else f"View {view_id(link)} (its link is in the chart's CSV and About downloads)")
    return stamp_lines(facts, shown)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")[:60] or "view"


def file_stem(page: str, what: str, settings: dict[str, str]) -> str:
    """Downloads are named after what they contain: page, chart, importer, chain, framework state, date."""
    parts = [page, what] + [settings[k] for k in ("importer", "chain", "framework", "as_of") if settings.get(k)]
    return "_".join(slug(p) for p in parts)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula (OWASP)


def cell(value: object) -> object:
    """A text cell a spreadsheet will show as text: a leading formula character gets a single quote in front,
    as OWASP's CSV-injection guidance recommends. Numbers, dates and missing values are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_csv(frame: pd.DataFrame) -> bytes:
    """Any frame as a CSV download with every text cell (and header) made inert; numeric columns stay numbers."""
    safe = frame.copy()
    for name in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[name]) or pd.api.types.is_datetime64_any_dtype(safe[name])):
            safe[name] = safe[name].map(cell, na_action="ignore")
    safe.columns = [cell(str(name)) for name in safe.columns]
    # CRLF rows (RFC 4180): the csv writer then quotes any cell holding a bare CR, which would otherwise split a row.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def text_value(value: object) -> str:
    """Data text placed in the About file or the briefing: one line, no invisible controls, no formula start."""
    return str(cell(visible(value)))


# Value columns of chart data: unit, and decimals as the charts show them (a share to 0.1 %, tonnes to 0.1 t).
VALUE_COLUMNS = {
    "dependency": ("fraction 0–1", 3), "value": ("fraction 0–1", 3), "china_share": ("fraction 0–1", 3),
    "shortfall_share_of_demand": ("fraction 0–1 of annual demand", 3),
    "contribution": ("fraction 0–1 (on minus off)", 3), "tonnes": ("tonnes", 1), "lost_t": ("tonnes", 1),
    "stockpile_t": ("tonnes", 1), "received_t": ("tonnes", 1), "shortfall_t": ("tonnes", 1),
    "hhi": ("HHI, 0–10,000", 0), "shortfall_days": ("days of consumption", 0), "measures": ("count", 0),
    "p10": ("fraction 0–1", 3), "p50": ("fraction 0–1", 3), "p90": ("fraction 0–1", 3),
}
HEADERS = {"lost_t": "lost (tonnes)", "stockpile_t": "from stockpiles (tonnes)", "received_t": "received (tonnes)",
           "shortfall_t": "shortfall (tonnes)", "shortfall_share_of_demand": "shortfall, share of annual demand",
           "shortfall_days": "shortfall, days of consumption", "hhi": "HHI", "china_share": "China's share",
           "mineral_id": "mineral", "event_id": "event", "agreement_id": "agreement", "milestone_id": "milestone",
           "project_id": "project", "row_id": "row", "date_signed": "signed", "due_date": "due",
           "source_url": "source link", "source_name": "source", "basis_detail": "basis",
           "p10": "10th percentile", "p50": "median", "p90": "90th percentile"}
FULL = " (full precision)"
MARKER_COLUMN = "kind"  # rows with a kind are event or milestone markers drawn over a series


def header_in_words(column: str) -> str:
    return HEADERS.get(column, column.replace("_", " "))


def has_markers(frame: pd.DataFrame) -> bool:
    """True when the chart data holds marker rows (events and milestones drawn over a series)."""
    return MARKER_COLUMN in frame.columns and bool(frame[MARKER_COLUMN].notna().any())


def split_markers(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(series rows, marker rows): markers drawn over a series are kept apart, each without the other's
    empty columns."""
    if not has_markers(frame):
        return frame, frame.iloc[0:0]
    is_marker = frame[MARKER_COLUMN].notna()
    series, markers = frame[~is_marker], frame[is_marker].dropna(axis=1, how="all")
    if "date" in markers.columns and "year" in markers.columns:  # the year is only the marker's plotted position
        markers = markers.drop(columns="year")
    return series.dropna(axis=1, how="all"), markers


def readable_frame(frame: pd.DataFrame, code_names: dict | None = None) -> pd.DataFrame:
    """Chart data as a reader needs it: whole-number years, dates as dates, values rounded as shown with the
    full precision beside them, a unit column, headers in words, and a name beside every code `code_names`
    knows (column -> {code: name})."""
    out = pd.DataFrame(index=frame.index)
    units = []
    for column in frame.columns:
        values = frame[column]
        named_already = {"name", "title"} & set(frame.columns)
        if code_names and column in code_names and not named_already:
            out[header_in_words(column) + " name"] = values.map(lambda code: code_names[column].get(code, code))
        if column == "year" and pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
            values = values.astype("Int64")
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime("%Y-%m-%d")
        if pd.api.types.is_bool_dtype(values):
            values = values.map({True: "yes", False: "no"})
        if column == "state":
            values = values.map(lambda v: STATE_LABELS.get(v, v))
        if column in VALUE_COLUMNS and pd.api.types.is_numeric_dtype(values):
            unit, decimals = VALUE_COLUMNS[column]
            units.append((header_in_words(column), unit))
            rounded = values.round(decimals)
            out[header_in_words(column)] = rounded
            if not rounded.equals(values):  # the full precision only where rounding changed something
                out[header_in_words(column) + FULL] = values
            continue
        out[header_in_words(column)] = values
    if units:
        distinct = list(dict.fromkeys(unit for _, unit in units))
        out["unit"] = distinct[0] if len(distinct) == 1 else "; ".join(f"{name}: {unit}" for name, unit in units)
    return out.reset_index(drop=True)


def csv_header(chart: Chart, view: ViewContext | None, what: str = "") -> str:
    """One comment line naming the chart, the data version and its date, the horizon and the view's link."""
    if view is None:
        return ""
    return text_value(f"# {chart.title}{what} · data version {view.version} of {view.released} · sources "
                      f"current to {view.horizon} · view {view.view_id}: {view.link}") + "\r\n"


def chart_csv(chart: Chart, view: ViewContext | None = None, code_names: dict | None = None) -> bytes:
    series, _markers = split_markers(chart.data)
    return csv_header(chart, view).encode("utf-8") + table_csv(readable_frame(series, code_names))


def chart_markers_csv(chart: Chart, view: ViewContext | None = None, code_names: dict | None = None
                      ) -> bytes | None:
    """The event and milestone markers drawn over a chart's series, in their own file (None when it has none)."""
    _series, markers = split_markers(chart.data)
    if markers.empty:
        return None
    return csv_header(chart, view, " — markers").encode("utf-8") + table_csv(readable_frame(markers, code_names))


def chart_metadata(chart: Chart, view: ViewContext) -> str:
    t = text_value
    lines = [f"Chart: {t(chart.title)}", f"What it shows: {t(chart.alt)}",
             f"Kind: {'modelled (scenario model, see docs/methodology.md)' if chart.modelled else 'reported data'}",
             "", "Sources:"]
    lines += [f"- {t(name)}: {t(url)}" for name, url in chart.sources] or ["- (none)"]
    if "confidence" in chart.data.columns:
        mix = chart.data["confidence"].value_counts().to_dict()
        lines += ["", "Confidence of the rows plotted: " + ", ".join(f"{t(k)} {v}" for k, v in mix.items())]
    if {"draws", "seed"} <= set(chart.data.columns) and chart.data["draws"].notna().any():
        draws, seed = (int(chart.data[column].dropna().iloc[0]) for column in ("draws", "seed"))
        lines += ["", f"Range: {t(draws)} Monte Carlo draws with seed {t(seed)} (the same link gives the same "
                      "figures); the band runs from the 10th to the 90th percentile."]
    lines += ["", "Settings:"] + [f"- {t(label)}: {t(value)}" for label, value in view.settings]
    if chart.modelled and view.assumptions:
        lines += ["", "Scenario assumptions:"] + [f"- {t(label)}: {t(value)}" for label, value in view.assumptions]
    lines += ["", f"Data version: {t(view.version)}", f"Data released: {t(view.released)}",
              f"Sources current to: {t(view.horizon)}", f"Generated: {t(view.generated_at)}",
              f"Link to this view: {t(view.link)}", f"View id: {t(view.view_id)}"]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def _plotly_js() -> str:
    return get_plotlyjs()


@lru_cache(maxsize=1)
def _geo_assets_script() -> str:
    topology = (TOPOJSON_DIR / "world_110m.json").read_text(encoding="utf-8")
    return f"<script>window.PlotlyGeoAssets={{topojson:{{world_110m:{topology}}}}};</script>"


METHODOLOGY = Path(__file__).resolve().parent.parent / "docs" / "methodology.md"
CAVEATS_HEADING = "## What the model cannot tell you"


@lru_cache(maxsize=1)
def model_caveats() -> tuple[str, ...]:
    """The methodology's list of what the model cannot tell you, one plain-text item per bullet."""
    try:
        text = METHODOLOGY.read_text(encoding="utf-8")
    except OSError:
        return ()
    section = text.split(CAVEATS_HEADING, 1)[-1].split("\n## ", 1)[0] if CAVEATS_HEADING in text else ""
    items: list[str] = []
    for line in section.strip().splitlines():
        if line.startswith("- "):
            items.append(line[2:].strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return tuple(item.replace("`", "").replace("**", "") for item in items)


def _escaped(value: object) -> str:
    """Data text for the briefing: one line, no invisible controls or formula start, then HTML-escaped."""
    return html.escape(text_value(value))


def _rows(pairs) -> str:
    return "".join(f"<tr><th>{_escaped(k)}</th><td>{_escaped(v)}</td></tr>" for k, v in pairs)


def briefing_html(page_title: str, charts: list[Chart], view: ViewContext, summary: str = "",
                  figures=(), horizon_note: str = "") -> str:
    """One HTML file with every chart of the page, interactive, working with no network at all. It reads like a
    briefing: the answer, the headline figures, the charts, what the figures cannot tell you, then an appendix
    with the settings and assumptions in words. Every data string is escaped, freed of invisible controls and of
    a leading formula character; links come only from the validated source URLs."""
    esc = _escaped
    has_map = any(trace.get("type") == "choropleth" for chart in charts for trace in chart.spec["data"])
    stamp = chart_stamp_lines(_setting(view, "As of"), _date_or_none(view.horizon), view.version,
                              _date_or_none(view.released), view.link)
    blocks = []
    for index, chart in enumerate(charts):
        figure_json = pio.to_json(stamped(chart.spec, stamp).to_dict(), validate=False)
        sources = "".join(f'<li>{esc(name)}: <a href="{esc(url)}">{esc(url)}</a></li>' for name, url in chart.sources)
        blocks.append(
            f'<section><h2>{esc(chart.title)}</h2><p class="alt">{esc(chart.alt)}</p>'
            f'<div id="chart-{index}" class="chart"></div>'
            f'<script type="application/json" id="spec-{index}">{_safe_json(figure_json)}</script>'
            f"<details><summary>Sources</summary><ul>{sources or '<li>none</li>'}</ul></details></section>")
    caveats = [f"Nothing after {view.horizon} is covered as fact: the sources are current to that date."]
    caveats += [horizon_note] if horizon_note else []
    caveats += list(model_caveats()) if any(chart.modelled for chart in charts) else []
    figures_block = (f'<h2>Headline figures</h2><table class="figures">{_rows(figures)}</table>' if figures else "")
    assumptions = (f"<h3>Scenario assumptions</h3><table>{_rows(view.assumptions)}</table>"
                   if view.assumptions and any(chart.modelled for chart in charts) else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
<title>{esc(page_title)} · critical-mineral exposure briefing</title>
<style>body{{font-family:Arial,sans-serif;max-width:1200px;margin:2em auto;color:#222}}
th{{text-align:left;padding-right:1em;font-weight:normal;color:#444}} .alt{{color:#555}} .chart{{min-height:420px}}
.summary{{font-size:1.25em}} .figures td{{font-weight:bold}} .facts{{color:#555}}</style>
{_geo_assets_script() if has_map else ""}<script>{_plotly_js()}</script>
</head><body>
<h1>{esc(page_title)}</h1>
<p class="summary">{esc(summary)}</p>
{figures_block}
<p class="facts">Data version {esc(view.version)} of {esc(view.released)} · sources current to {esc(view.horizon)} ·
generated {esc(view.generated_at)} · <a href="{esc(view.link)}">link to this view</a> (view {esc(view.view_id)})</p>
{''.join(blocks)}
<section><h2>What these figures cannot tell you</h2><ul>{''.join(f"<li>{esc(c)}</li>" for c in caveats)}</ul></section>
<section class="appendix"><h2>Appendix: settings of this view</h2>
<table>{_rows(view.settings)}
<tr><th>Data version</th><td>{esc(view.version)} of {esc(view.released)}</td></tr>
<tr><th>Sources current to</th><td>{esc(view.horizon)}</td></tr>
<tr><th>Generated</th><td>{esc(view.generated_at)}</td></tr>
<tr><th>Link to this view</th><td><a href="{esc(view.link)}">{esc(view.link)}</a></td></tr></table>
{assumptions}</section>
<script>
document.querySelectorAll('script[id^="spec-"]').forEach(function (node) {{
  var spec = JSON.parse(node.textContent);
  var target = document.getElementById(node.id.replace('spec-', 'chart-'));
  Plotly.newPlot(target, spec.data, spec.layout, {{responsive: true, displaylogo: false}});
}});
</script>
</body></html>
"""


def _setting(view: ViewContext, label: str) -> str:
    return next((value for name, value in view.settings if name == label), "")


def _date_or_none(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _safe_json(text: str) -> str:
    """JSON placed inside a script element cannot close it."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")
