"""Exports that carry their own context: chart CSVs with a metadata file, and a self-contained briefing
HTML (plotly.js inlined, world outline embedded) that opens offline in any browser."""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.io as pio
from plotly.offline import get_plotlyjs

from lib.charts.figure import Chart, visible

TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "static" / "topojson"


@dataclass(frozen=True)
class ViewContext:
    page: str
    link: str
    version: str
    horizon: str
    settings: tuple[tuple[str, str], ...]
    generated_at: str

    @staticmethod
    def now(page: str, link: str, version: str, horizon: dt.date | None, settings) -> "ViewContext":
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return ViewContext(page, link, version, horizon.isoformat() if horizon else "unknown", tuple(settings), stamp)


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


def chart_csv(chart: Chart) -> bytes:
    return table_csv(chart.data)


def text_value(value: object) -> str:
    """Data text placed in the About file or the briefing: one line, no invisible controls, no formula start."""
    return str(cell(visible(value)))


def chart_metadata(chart: Chart, view: ViewContext) -> str:
    t = text_value
    lines = [f"Chart: {t(chart.title)}", f"What it shows: {t(chart.alt)}",
             f"Kind: {'modelled (scenario model, see docs/methodology.md)' if chart.modelled else 'reported data'}",
             "", "Sources:"]
    lines += [f"- {t(name)}: {t(url)}" for name, url in chart.sources] or ["- (none)"]
    if "confidence" in chart.data.columns:
        mix = chart.data["confidence"].value_counts().to_dict()
        lines += ["", "Confidence of the rows plotted: " + ", ".join(f"{t(k)} {v}" for k, v in mix.items())]
    lines += ["", "Settings:"] + [f"- {t(label)}: {t(value)}" for label, value in view.settings]
    lines += ["", f"Data version: {t(view.version)}", f"Sources current to: {t(view.horizon)}",
              f"Generated: {t(view.generated_at)}", f"Link to this view: {t(view.link)}"]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=1)
def _plotly_js() -> str:
    return get_plotlyjs()


@lru_cache(maxsize=1)
def _geo_assets_script() -> str:
    topology = (TOPOJSON_DIR / "world_110m.json").read_text(encoding="utf-8")
    return f"<script>window.PlotlyGeoAssets={{topojson:{{world_110m:{topology}}}}};</script>"


def briefing_html(page_title: str, charts: list[Chart], view: ViewContext, summary: str = "") -> str:
    """One HTML file with every chart of the page, interactive, working with no network at all.

    Every data string is escaped, freed of invisible controls and of a leading formula character (the
    tables here are often pasted into spreadsheets); links come only from the validated source URLs."""
    esc = lambda value: html.escape(text_value(value))
    has_map = any(trace.type == "choropleth" for chart in charts for trace in chart.figure.data)
    blocks = []
    for index, chart in enumerate(charts):
        figure_json = pio.to_json(chart.figure, validate=False)
        sources = "".join(f'<li>{esc(name)}: <a href="{esc(url)}">{esc(url)}</a></li>' for name, url in chart.sources)
        blocks.append(
            f'<section><h2>{esc(chart.title)}</h2><p class="alt">{esc(chart.alt)}</p>'
            f'<div id="chart-{index}" class="chart"></div>'
            f'<script type="application/json" id="spec-{index}">{_safe_json(figure_json)}</script>'
            f"<details><summary>Sources</summary><ul>{sources or '<li>none</li>'}</ul></details></section>")
    settings = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in view.settings)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
<title>{esc(page_title)} · critical-mineral exposure briefing</title>
<style>body{{font-family:Arial,sans-serif;max-width:1200px;margin:2em auto;color:#222}}
th{{text-align:left;padding-right:1em}} .alt{{color:#555}} .chart{{min-height:420px}}</style>
{_geo_assets_script() if has_map else ""}<script>{_plotly_js()}</script>
</head><body>
<h1>{esc(page_title)}</h1>
<p>{esc(summary)}</p>
<table>{settings}
<tr><th>Data version</th><td>{esc(view.version)}</td></tr>
<tr><th>Sources current to</th><td>{esc(view.horizon)}</td></tr>
<tr><th>Generated</th><td>{esc(view.generated_at)}</td></tr>
<tr><th>Link to this view</th><td><a href="{esc(view.link)}">{esc(view.link)}</a></td></tr></table>
{''.join(blocks)}
<script>
document.querySelectorAll('script[id^="spec-"]').forEach(function (node) {{
  var spec = JSON.parse(node.textContent);
  var target = document.getElementById(node.id.replace('spec-', 'chart-'));
  Plotly.newPlot(target, spec.data, spec.layout, {{responsive: true, displaylogo: false}});
}});
</script>
</body></html>
"""


def _safe_json(text: str) -> str:
    """JSON placed inside a script element cannot close it."""
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")
